// The checkpointed chaincode event listener on the real network: every event
// once with its txId, a restart resumes exactly where the last listener
// stopped, a failing handler never lets the checkpoint pass its event, and a
// broken connection is resumed without duplicates. Other tests may write to
// the channel meanwhile, so assertions are about our own transactions plus
// "no txId twice" over everything received.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { EVENTS } from '../../chaincode/src/events';
import { startChaincodeEventListener, type ChaincodeEventListener, type NotaryEvent } from '../../gateway/events';
import { Ledger } from '../../gateway/ledger';
import { readNetworkDescription } from '../../network/description';
import { NETWORK_JSON } from '../../network/native/paths';
import { contractInput, ownedId } from './support/fixtures';

jest.setTimeout(60_000);

const BUREAU = 'HousingBureauMSP';
const FAST = { initialMs: 100, maxMs: 1_000 };

let ledger: Ledger;
let dir: string;
const listeners: ChaincodeEventListener[] = [];

beforeAll(() => {
  ledger = Ledger.open(NETWORK_JSON);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gateway-events-'));
});

afterEach(async () => {
  await Promise.all(listeners.splice(0).map((l) => l.stop()));
});

afterAll(() => {
  ledger.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

interface Registered {
  txId: string;
  blockNumber: string;
  contractId: string;
}

/** `n` contract registrations by company1, concurrently (distinct contracts, so no MVCC conflict). */
async function register(projectId: string, n: number): Promise<Registered[]> {
  return Promise.all(
    Array.from({ length: n }, async () => {
      const input = contractInput(projectId);
      const out = await ledger.submit(BUREAU, 'company1', { contract: 'Contracts', fn: 'Register', args: [JSON.stringify(input)] });
      return { txId: out.txId, blockNumber: out.blockNumber, contractId: input.contractId };
    }),
  );
}

/** Everything a listener was handed, in order. */
function recorder() {
  const events: NotaryEvent[] = [];
  return {
    events,
    onEvent: (e: NotaryEvent) => {
      events.push(e);
    },
  };
}

const txIds = (events: NotaryEvent[]) => events.map((e) => e.txId);
const ours = (events: NotaryEvent[], regs: Registered[]) => {
  const mine = new Set(regs.map((r) => r.txId));
  return events.filter((e) => mine.has(e.txId));
};

async function until(what: string, ok: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function listen(
  options: Omit<Parameters<typeof startChaincodeEventListener>[0], 'ledger' | 'mspId' | 'identity'> & { ledger?: Ledger; mspId?: string; identity?: string },
) {
  const l = await startChaincodeEventListener({ ledger, mspId: BUREAU, identity: 'regulator1', backoff: FAST, ...options });
  listeners.push(l);
  return l;
}

const stopped = async (l: ChaincodeEventListener) => {
  await l.stop();
  listeners.splice(listeners.indexOf(l), 1);
};

/** Each of `regs` delivered exactly once, as ContractsRegistered naming its contract, in its block. */
function expectDeliveredOnce(events: NotaryEvent[], regs: Registered[]) {
  const got = ours(events, regs);
  expect(got.map((e) => e.txId).sort()).toEqual(regs.map((r) => r.txId).sort());
  for (const r of regs) {
    const e = got.find((x) => x.txId === r.txId)!;
    expect(e).toMatchObject({ eventName: EVENTS.contractsRegistered, blockNumber: r.blockNumber, payload: { contractIds: [r.contractId] } });
  }
}

const noDuplicates = (ids: string[]) => expect(new Set(ids).size).toBe(ids.length);

it('delivers every ContractsRegistered event once, with its txId and block', async () => {
  const rec = recorder();
  await listen({ checkpointFile: path.join(dir, 'once.json'), only: [EVENTS.contractsRegistered], ...rec });
  const regs = await register(ownedId('P'), 5);

  await until('5 events', () => ours(rec.events, regs).length >= regs.length);
  expectDeliveredOnce(rec.events, regs);
  noDuplicates(txIds(rec.events));
  expect(rec.events.every((e) => e.eventName === EVENTS.contractsRegistered)).toBe(true);
});

it('resumes from the checkpoint file after a stop: exactly the missed events, none twice', async () => {
  const file = path.join(dir, 'resume.json');
  const project = ownedId('P');

  const first = recorder();
  const a = await listen({ checkpointFile: file, mspId: 'CourtMSP', identity: 'judge1', ...first });
  const before = await register(project, 3);
  await until('the first 3 events', () => ours(first.events, before).length >= before.length);
  await stopped(a);
  const checkpoint = JSON.parse(fs.readFileSync(file, 'utf8')) as { blockNumber: string; transactionId?: string };
  const last = first.events.at(-1)!;
  expect(checkpoint).toEqual({ blockNumber: last.blockNumber, transactionId: last.txId });

  const missed = await register(project, 4); // nobody listening

  const second = recorder();
  await listen({ checkpointFile: file, mspId: 'CourtMSP', identity: 'judge1', ...second });
  await until('the 4 missed events', () => ours(second.events, missed).length >= missed.length);

  expectDeliveredOnce(first.events, before);
  expectDeliveredOnce(second.events, missed);
  expect(ours(second.events, before)).toEqual([]);
  // Nothing the first listener handled came again, whoever wrote it; and the ledger order held across the restart.
  const firstIds = new Set(txIds(first.events));
  expect(second.events.filter((e) => firstIds.has(e.txId))).toEqual([]);
  noDuplicates([...txIds(first.events), ...txIds(second.events)]);
  const blocks = [...first.events, ...second.events].map((e) => BigInt(e.blockNumber));
  expect(blocks).toEqual([...blocks].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0)));
});

it('never checkpoints past an event whose handler failed; a restarted listener gets that event first', async () => {
  const file = path.join(dir, 'failure.json');
  const project = ownedId('P');
  const regs = await register(project, 1); // the position is pinned below this block...
  const startBlock = BigInt(regs[0]!.blockNumber);
  const more = await register(project, 4); // ...and these commit before any listener runs
  const all = [...regs, ...more];
  const poison = more[1]!.txId;

  const handled: NotaryEvent[] = [];
  const errors: Error[] = [];
  const a = await listen({
    checkpointFile: file,
    startBlock,
    onEvent: async (e) => {
      if (e.txId === poison) throw new Error('store unavailable');
      handled.push(e);
    },
    onError: (e) => errors.push(e),
  });
  await expect(a.done).rejects.toThrow(/store unavailable/);
  await stopped(a);
  expect(errors).toHaveLength(1);
  expect(txIds(handled)).not.toContain(poison);

  // The checkpoint names the last event handled, the one just before the failed one in ledger order.
  const checkpoint = JSON.parse(fs.readFileSync(file, 'utf8')) as { blockNumber: string; transactionId?: string };
  const last = handled.at(-1)!;
  expect(checkpoint).toEqual({ blockNumber: last.blockNumber, transactionId: last.txId });

  const retry = recorder();
  await listen({ checkpointFile: file, startBlock: 0, ...retry }); // startBlock is ignored: the file has a position
  await until('the remaining events', () => ours([...handled, ...retry.events], all).length >= all.length);
  expect(retry.events[0]!.txId).toBe(poison);
  const together = [...handled, ...retry.events];
  expectDeliveredOnce(together, all);
  noDuplicates(txIds(together));
});

it('reconnects with backoff after the connection breaks and resumes without duplicates', async () => {
  // A TCP proxy in front of the bureau's peer stands in for a peer restart without touching the shared network.
  const desc = readNetworkDescription(NETWORK_JSON);
  const org = desc.orgs.find((o) => o.mspId === BUREAU)!;
  const profile = JSON.parse(fs.readFileSync(org.connectionProfile, 'utf8')) as { peers: Record<string, { url: string }> };
  const [peerName, peer] = Object.entries(profile.peers)[0]!;
  const target = new URL(peer.url.replace(/^grpcs/, 'https'));
  const proxy = await tcpProxy(target.hostname, Number(target.port));
  const proxied = path.join(dir, 'proxied-profile.json');
  fs.writeFileSync(proxied, JSON.stringify({ ...profile, peers: { [peerName]: { ...peer, url: `grpcs://127.0.0.1:${proxy.port}` } } }));
  const viaProxy = new Ledger({ ...desc, orgs: desc.orgs.map((o) => (o === org ? { ...o, connectionProfile: proxied } : o)) });

  try {
    const rec = recorder();
    const errors: { error: Error; fatal: boolean }[] = [];
    await listen({ ledger: viaProxy, checkpointFile: path.join(dir, 'reconnect.json'), ...rec, onError: (error, { fatal }) => errors.push({ error, fatal }) });
    const project = ownedId('P');
    const before = await register(project, 2);
    await until('events before the break', () => ours(rec.events, before).length >= before.length);

    proxy.cut(true); // drop the stream and refuse reconnections while more is committed
    const during = await register(project, 3);
    await until('a reconnection attempt', () => errors.length >= 2);
    proxy.cut(false);
    const after = await register(project, 2);

    await until('every event', () => ours(rec.events, [...before, ...during, ...after]).length >= 7);
    expectDeliveredOnce(rec.events, [...before, ...during, ...after]);
    noDuplicates(txIds(rec.events));
    expect(errors.every((e) => !e.fatal)).toBe(true);
  } finally {
    await Promise.all(listeners.splice(0).map((l) => l.stop()));
    viaProxy.close();
    await proxy.close();
  }
});

/** A TCP relay that can drop every connection and refuse new ones. */
async function tcpProxy(host: string, port: number) {
  const sockets = new Set<net.Socket>();
  let refusing = false;
  const server = net.createServer((client) => {
    if (refusing) return void client.destroy();
    const upstream = net.connect(port, host);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('error', () => undefined);
      s.on('close', () => {
        sockets.delete(s);
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    cut(refuse: boolean) {
      refusing = refuse;
      if (refuse) for (const s of sockets) s.destroy();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
