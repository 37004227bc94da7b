import type { Gateway } from '@hyperledger/fabric-gateway';
import type { PeerEndpoint } from '../../../gateway/connect';
import { LedgerError } from '../../../gateway/errors';
import { Failover, PLAN_WAITS_MS } from '../../../gateway/failover';

const peer = (name: string): PeerEndpoint => ({ name, url: `grpcs://${name}`, address: name, tlsRootCert: Buffer.alloc(0), serverNameOverride: name });
const gateways = (n: number) => Array.from({ length: n }, (_, i) => ({ peer: peer(`peer${i}`), gateway: { id: i } as unknown as Gateway }));
const noPlan = () => new LedgerError('UNAVAILABLE', 'FAILED_PRECONDITION', 'no combination of peers can be derived which satisfy the endorsement policy');

describe('Failover', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('goes round the org again while no endorsement plan can be derived, and succeeds once one can', async () => {
    const events: string[] = [];
    const f = new Failover(gateways(2), (e) => events.push(e.reason));
    let calls = 0;
    const done = f.run(async (gw) => {
      calls++;
      if (calls <= 4) throw noPlan(); // two whole rounds over both peers
      return (gw as unknown as { id: number }).id;
    });
    await jest.runAllTimersAsync();
    await expect(done).resolves.toBe(0);
    expect(calls).toBe(5);
    expect(events.filter((r) => r === 'endorsement-plan')).toHaveLength(2);
  });

  it('gives up with the error after its waits', async () => {
    const f = new Failover(gateways(1));
    let calls = 0;
    const done = f.run(async () => {
      calls++;
      throw noPlan();
    });
    const settled = expect(done).rejects.toMatchObject({ code: 'FAILED_PRECONDITION' });
    await jest.runAllTimersAsync();
    await settled;
    expect(calls).toBe(PLAN_WAITS_MS.length + 1);
  });

  it('does not wait on other unavailability, nor retry a refusal', async () => {
    const down = new Failover(gateways(2));
    let calls = 0;
    await expect(
      down.run(async () => {
        calls++;
        throw new LedgerError('UNAVAILABLE', 'UNAVAILABLE', 'connection refused');
      }),
    ).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    expect(calls).toBe(2);
    calls = 0;
    await expect(
      down.run(async () => {
        calls++;
        throw new LedgerError('REJECTED', 'FORBIDDEN', 'no');
      }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(calls).toBe(1);
  });
});
