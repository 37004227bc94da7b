import { Admission, Overloaded, retryAfterSeconds } from '../../../api/admission';
import { contract, testApp, type TestApp } from './support';

describe('Admission', () => {
  it('admits up to maxInFlight, queues up to maxQueue, refuses beyond, and hands turns on in order', async () => {
    const gate = new Admission({ maxInFlight: 1, maxQueue: 1, maxWaitMs: 10_000 });
    const first = await gate.acquire();
    const order: string[] = [];
    const second = gate.acquire().then((release) => {
      order.push('second');
      return release;
    });
    await expect(gate.acquire()).rejects.toBeInstanceOf(Overloaded);
    expect(gate.state).toEqual({ inFlight: 1, queued: 1 });
    first();
    first(); // a second release of the same turn changes nothing
    (await second)();
    expect(order).toEqual(['second']);
    expect(gate.state).toEqual({ inFlight: 0, queued: 0 });
  });

  it('refuses a waiter whose turn does not come within maxWaitMs, and forgets it', async () => {
    const gate = new Admission({ maxInFlight: 1, maxQueue: 4, maxWaitMs: 50 });
    const held = await gate.acquire();
    const refused = await gate.acquire().catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(Overloaded);
    expect((refused as Overloaded).message).toMatch(/no turn to write within 50 ms/);
    expect(gate.state).toEqual({ inFlight: 1, queued: 0 });
    held();
  });

  it('estimates Retry-After from the queue and the recent pace, within 1 to 60 s', () => {
    expect(retryAfterSeconds(0, 4, 100)).toBe(1);
    expect(retryAfterSeconds(7, 4, 3000)).toBe(6);
    expect(retryAfterSeconds(1000, 1, 30_000)).toBe(60);
  });
});

describe('write admission through the API', () => {
  let t: TestApp;
  afterEach(() => t.close());

  it('answers 503 OVERLOADED with Retry-After when the queue is full, before writing anything; reads are not held', async () => {
    t = await testApp({ WRITE_MAX_IN_FLIGHT: '1', WRITE_MAX_QUEUE: '0' });
    let open!: () => void;
    const held = new Promise<void>((resolve) => (open = resolve));
    t.ledger.on('Contracts', 'Register', async () => {
      await held;
      return { contract: {} };
    });
    t.ledger.on('Disputes', 'Funnel', () => ({ projectId: '*', funnel: {} }));
    const first = t.as('company1').post('/v1/contracts', contract(1));
    await new Promise((r) => setTimeout(r, 50));
    const refused = await t.as('company1').post('/v1/contracts', contract(2));
    expect(refused.status).toBe(503);
    expect(refused.body.error).toMatchObject({ code: 'OVERLOADED', details: { inFlight: 1, queued: 0 } });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(t.ledger.callsOf('Contracts', 'Register')).toHaveLength(1);
    expect((await t.as('company1').get('/v1/funnel')).status).toBe(200);
    open();
    expect((await first).status).toBe(201);
    // The turn is back: the next write goes through.
    expect((await t.as('company1').post('/v1/contracts', contract(3))).status).toBe(201);
    expect(t.ledger.callsOf('Contracts', 'Register')).toHaveLength(2);
  });
});
