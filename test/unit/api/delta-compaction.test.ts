// The API's folding of project count deltas: once N of a project's deltas
// wait, its deltas on the ledger are listed and one CompactDeltas names them
// with its own writes', in the background, one at a time, as the last writer;
// a project is listed on its first write, so deltas it never saw written are
// folded too; the sum is named in the next fold; failures back off and are
// retried when writes pause. Pure, with fake ports, and once through the app
// with the fake ledger.
import { DeltaCompaction, type Folded, type FoldLog, type FoldPorts } from '../../../api/delta-compaction';
import type { Acting } from '../../../api/ports/ledger-port';
import { rejected } from './fake-ledger';
import { contract, testApp } from './support';

/** What was logged, as [level, message, fields]. */
const logged: [string, string, Record<string, unknown>][] = [];
const log: FoldLog = {
  info: (fields, msg) => logged.push(['info', msg, fields as Record<string, unknown>]),
  warn: (fields, msg) => logged.push(['warn', msg, fields as Record<string, unknown>]),
};
const company1: Acting = { mspId: 'HousingBureauMSP', identity: 'company1' };
const lawyer: Acting = { mspId: 'LawFirmAMSP', identity: 'lawyer1' };
const tx = (name: string) => `tx-${name}`;
const LIST_MAX = 500;

/**
 * Fake ports. Listing answers at once from `onLedger` (deltas there before, or written by others), at most 500 and
 * `more`, or fails with the next error in `listErrors`. Folds wait until the test ends them; a fold that passes takes
 * the named keys off `onLedger` and writes its sum there as `sum-<n>`. `auto` ends every fold at once, passing.
 */
function fakePorts(auto = false) {
  const onLedger = new Map<string, string[]>();
  const lists: { as: Acting; projectId: string }[] = [];
  const listErrors: Error[] = [];
  const calls: { as: Acting; projectId: string; txIds: string[]; end: (ok: boolean | Error) => void }[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const ports: FoldPorts = {
    list: async (as, projectId) => {
      lists.push({ as, projectId });
      const err = listErrors.shift();
      if (err) throw err;
      const all = onLedger.get(projectId) ?? [];
      return { projectId, txIds: all.slice(0, LIST_MAX), more: all.length > LIST_MAX };
    },
    fold: (as, projectId, txIds) =>
      new Promise<{ txId: string; result: Folded }>((resolve, reject) => {
        maxInFlight = Math.max(maxInFlight, ++inFlight);
        const n = calls.length;
        const end = (ok: boolean | Error) => {
          inFlight--;
          if (ok !== true) return reject(ok === false ? new Error('MVCC_READ_CONFLICT') : ok);
          const before = onLedger.get(projectId) ?? [];
          const left = before.filter((t) => !txIds.includes(t));
          onLedger.set(projectId, [...left, `sum-${n}`]);
          resolve({ txId: `sum-${n}`, result: { projectId, folded: txIds.length, skipped: 0, deltaTxId: `sum-${n}` } });
        };
        calls.push({ as, projectId, txIds: [...txIds], end });
        if (auto) end(true);
      }),
  };
  return { ports, onLedger, lists, listErrors, calls, maxInFlight: () => maxInFlight };
}

const settle = () => new Promise((r) => setImmediate(r));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const write = (c: DeltaCompaction, name: string, projects = ['A'], as = company1) => c.noteWrite(as, tx(name), projects, log);

describe('DeltaCompaction', () => {
  it('folds the transactions of a project once N wait, as the writer that tipped the count, and names the sum next time', async () => {
    const s = fakePorts();
    const c = new DeltaCompaction(s.ports, { every: 3 });
    write(c, '1');
    write(c, '2', ['A', 'B']);
    await settle();
    expect(s.calls).toHaveLength(0);
    write(c, '3', ['A'], lawyer);
    await settle();
    expect(s.calls.map((k) => [k.projectId, k.as.identity, k.txIds])).toEqual([['A', 'lawyer1', [tx('1'), tx('2'), tx('3')]]]);
    s.calls[0]!.end(true);
    await c.idle();
    // Each project was listed on its first write, A once more before its fold. B has one: nothing.
    expect(s.lists.map((l) => l.projectId)).toEqual(['A', 'B', 'A']);
    // A has its sum waiting: two more writes make 3.
    write(c, '4');
    await settle();
    expect(s.calls).toHaveLength(1);
    write(c, '5');
    await settle();
    expect(s.calls.map((k) => k.txIds)[1]).toEqual(['sum-0', tx('4'), tx('5')]);
    s.calls[1]!.end(true);
    await c.idle();
  });

  it('the same transaction noted twice (a replayed answer) is named once', async () => {
    const s = fakePorts();
    const c = new DeltaCompaction(s.ports, { every: 2 });
    write(c, '1');
    write(c, '1');
    await settle();
    expect(s.calls).toHaveLength(0);
    write(c, '2');
    await settle();
    expect(s.calls[0]!.txIds).toEqual([tx('1'), tx('2')]);
    s.calls[0]!.end(true);
    await c.close();
  });

  it('on its first write since the API started, a project is listed: deltas it never saw written are folded with its own', async () => {
    const s = fakePorts();
    const c = new DeltaCompaction(s.ports, { every: 3 });
    // A: five deltas from before a restart (or another writer); B: one.
    s.onLedger.set('A', ['old-1', 'old-2', 'old-3', 'old-4', 'old-5']);
    s.onLedger.set('B', ['old-b']);
    write(c, '1', ['A']);
    await settle();
    expect(s.calls.map((k) => [k.projectId, k.txIds])).toEqual([['A', [tx('1'), 'old-1', 'old-2', 'old-3', 'old-4', 'old-5']]]);
    s.calls[0]!.end(true);
    await c.idle();
    // B: its one delta and one write are 2 of 3; the next write makes it due.
    write(c, 'b1', ['B']);
    await c.idle();
    expect(s.calls).toHaveLength(1);
    write(c, 'b2', ['B']);
    await settle();
    expect(s.calls.map((k) => [k.projectId, k.txIds])[1]).toEqual(['B', [tx('b1'), 'old-b', tx('b2')]]);
    s.calls[1]!.end(true);
    await c.idle();
    expect(s.lists.map((l) => l.projectId)).toEqual(['A', 'B', 'B']);
    expect(s.onLedger.get('A')).toEqual(['sum-0']);
    expect(s.onLedger.get('B')).toEqual(['sum-1']);
  });

  it('names its own writes the peer has not listed yet, and folds a project with more deltas than one fold names until one is left', async () => {
    const s = fakePorts(true);
    const c = new DeltaCompaction(s.ports, { every: 32 });
    // 1,200 deltas written straight through the gateway.
    s.onLedger.set(
      'A',
      Array.from({ length: 1200 }, (_, i) => `gw-${String(i).padStart(4, '0')}`),
    );
    write(c, 'fresh');
    await c.idle();
    const named = s.calls.map((k) => k.txIds);
    expect(named.every((n) => n.length <= LIST_MAX)).toBe(true);
    expect(named[0]![0]).toBe(tx('fresh'));
    expect(s.calls.length).toBeGreaterThanOrEqual(3);
    // Every delta folded exactly once, and the project is left with one: the last sum.
    const folded = named.flat().filter((t) => t.startsWith('gw-'));
    expect(new Set(folded).size).toBe(1200);
    expect(folded).toHaveLength(1200);
    expect(s.onLedger.get('A')).toEqual([`sum-${s.calls.length - 1}`]);
    // B's write is among the first 500 listed: the first fold names exactly those, and folding still goes on.
    s.onLedger.set('B', [tx('b'), ...Array.from({ length: 999 }, (_, i) => `gw-b-${String(i).padStart(4, '0')}`)]);
    write(c, 'b', ['B']);
    await c.idle();
    expect(s.calls.filter((k) => k.projectId === 'B').map((k) => k.txIds.length)).toEqual([500, 500, 2]);
    expect(s.onLedger.get('B')).toHaveLength(1);
    await c.close();
  });

  it('runs one fold at a time; writes during one wait for the next, not the one running', async () => {
    const s = fakePorts();
    const c = new DeltaCompaction(s.ports, { every: 2 });
    write(c, '1', ['A', 'B']);
    write(c, '2', ['A', 'B']);
    await settle();
    expect(s.calls.map((k) => k.projectId)).toEqual(['A']);
    write(c, '3');
    s.calls[0]!.end(true);
    await settle();
    expect(s.calls.map((k) => k.projectId)).toEqual(['A', 'B']);
    s.calls[1]!.end(true);
    await settle();
    // A: the write made while its fold ran, and its sum.
    expect(s.calls.map((k) => [k.projectId, k.txIds])[2]).toEqual(['A', [tx('3'), 'sum-0']]);
    s.calls[2]!.end(true);
    await c.idle();
    expect(s.maxInFlight()).toBe(1);
  });

  it('after a failure, waits twice as many writes for each failure in a row, keeping every transaction', async () => {
    const s = fakePorts();
    const c = new DeltaCompaction(s.ports, { every: 2, retryMs: 60_000 });
    write(c, '1');
    write(c, '2');
    await settle();
    logged.length = 0;
    s.calls[0]!.end(false);
    await c.idle();
    expect(logged).toEqual([
      ['warn', 'project deltas not folded; tried again later', expect.objectContaining({ projectId: 'A', waiting: 2, failures: 1, dueAt: 6 })],
    ]);
    for (let i = 3; i <= 5; i++) write(c, String(i));
    await settle();
    expect(s.calls).toHaveLength(1);
    write(c, '6');
    await settle();
    expect(s.calls[1]!.txIds).toEqual(['1', '2', '3', '4', '5', '6'].map(tx));
    s.calls[1]!.end(false);
    await c.idle();
    // 6 waiting, due at 6 + 2 × 2² = 14.
    for (let i = 7; i <= 13; i++) write(c, String(i));
    await settle();
    expect(s.calls).toHaveLength(2);
    write(c, '14');
    await settle();
    expect(s.calls).toHaveLength(3);
    s.calls[2]!.end(true);
    await c.idle();
    // Passed: due again once 2 wait (its sum and one more).
    write(c, '15');
    await settle();
    expect(s.calls[3]!.txIds).toEqual(['sum-2', tx('15')]);
    s.calls[3]!.end(true);
    await c.close();
  });

  it('a listing that fails backs off as a failed fold does; one the chaincode refuses forgets the project', async () => {
    const s = fakePorts();
    const c = new DeltaCompaction(s.ports, { every: 2, retryMs: 60_000 });
    s.listErrors.push(new Error('UNAVAILABLE'));
    logged.length = 0;
    write(c, '1');
    await c.idle();
    expect(logged).toEqual([
      ['warn', 'project deltas not folded; tried again later', expect.objectContaining({ projectId: 'A', waiting: 1, failures: 1, dueAt: 5 })],
    ]);
    for (let i = 2; i <= 4; i++) write(c, String(i));
    await c.idle();
    expect(s.lists).toHaveLength(1);
    expect(s.calls).toHaveLength(0);
    write(c, '5');
    await settle();
    expect(s.calls.map((k) => k.txIds)).toEqual([['1', '2', '3', '4', '5'].map(tx)]);
    s.calls[0]!.end(true);
    await c.idle();

    s.listErrors.push(rejected('FORBIDDEN', "project B is not within the caller's reach"));
    logged.length = 0;
    write(c, 'b1', ['B'], lawyer);
    await c.idle();
    expect(logged).toEqual([
      ['warn', 'project deltas not folded: refused by the chaincode, not tried again', expect.objectContaining({ projectId: 'B', forgotten: 1 })],
    ]);
    await c.close();
  });

  it("after a failure, tries again once the project's writes pause, without a new write", async () => {
    const s = fakePorts();
    const c = new DeltaCompaction(s.ports, { every: 2, retryMs: 500 });
    write(c, '1');
    write(c, '2');
    await settle();
    s.calls[0]!.end(false);
    await c.idle();
    // A write 250 ms in pushes the retry back: it comes 500 ms after the last write.
    await sleep(250);
    write(c, '3');
    await sleep(250);
    expect(s.calls).toHaveLength(1);
    await sleep(400);
    expect(s.calls.map((k) => k.txIds)).toEqual([
      [tx('1'), tx('2')],
      [tx('1'), tx('2'), tx('3')],
    ]);
    s.calls[1]!.end(true);
    await c.close();
  });

  it('a fold the chaincode refuses is not tried again; the project starts afresh with its next writes', async () => {
    const s = fakePorts();
    const c = new DeltaCompaction(s.ports, { every: 2, retryMs: 20 });
    write(c, '1', ['A'], lawyer);
    write(c, '2', ['A'], lawyer);
    await settle();
    logged.length = 0;
    s.calls[0]!.end(rejected('FORBIDDEN', "project A is not within the caller's reach"));
    await c.idle();
    expect(logged).toEqual([
      ['warn', 'project deltas not folded: refused by the chaincode, not tried again', expect.objectContaining({ projectId: 'A', forgotten: 2 })],
    ]);
    await sleep(60);
    write(c, '3');
    await settle();
    expect(s.calls).toHaveLength(1);
    write(c, '4');
    await settle();
    expect(s.calls.map((k) => [k.as.identity, k.txIds])[1]).toEqual(['company1', [tx('3'), tx('4')]]);
    s.calls[1]!.end(true);
    await c.close();
  });

  it('close drops timed retries: nothing is submitted after it', async () => {
    const s = fakePorts();
    const c = new DeltaCompaction(s.ports, { every: 2, retryMs: 20 });
    write(c, '1');
    write(c, '2');
    await settle();
    s.calls[0]!.end(false);
    await c.close();
    await sleep(60);
    write(c, '3');
    await settle();
    expect(s.calls).toHaveLength(1);
    expect(s.lists).toHaveLength(1);
  });

  it('remembers at most maxProjects: the longest-known project with one transaction waiting is forgotten, and listed again when written', async () => {
    const s = fakePorts();
    const c = new DeltaCompaction(s.ports, { every: 2, maxProjects: 2 });
    write(c, '1', ['A']);
    write(c, '2', ['A']);
    await settle();
    s.calls[0]!.end(true);
    await c.idle();
    // A holds only its sum, B one waiting write: C takes A's place.
    write(c, '3', ['B']);
    await c.idle();
    write(c, '4', ['C']);
    await c.idle();
    // A is new again (B, then the longest known with one waiting, makes room): listing finds its old sum, which
    // with the new write makes it due at once.
    write(c, '5', ['A']);
    await settle();
    expect(s.calls.map((k) => [k.projectId, k.txIds])).toEqual([
      ['A', [tx('1'), tx('2')]],
      ['A', [tx('5'), 'sum-0']],
    ]);
    s.calls[1]!.end(true);
    await c.close();
  });

  it('every 0 never lists or folds', async () => {
    const s = fakePorts();
    const c = new DeltaCompaction(s.ports, { every: 0 });
    for (let i = 0; i < 100; i++) write(c, String(i));
    await c.idle();
    expect(s.calls).toHaveLength(0);
    expect(s.lists).toHaveLength(0);
  });
});

describe('folding through the app', () => {
  it("once DELTA_COMPACTION_EVERY deltas wait, DeltaTxIds lists the project and CompactDeltas names them with the API's writes, as the caller", async () => {
    const t = await testApp({ DELTA_COMPACTION_EVERY: '3' });
    try {
      const project = '91110105MA01XQ7T3B:P-1';
      const before = 'e'.repeat(64);
      t.ledger.on('Contracts', 'Register', () => ({ contract: {}, deltaProjects: [project] }));
      t.ledger.on('Arrears', 'DeltaTxIds', () => ({ projectId: project, txIds: [before], more: false }));
      t.ledger.on('Arrears', 'CompactDeltas', () => ({ projectId: project, folded: 3, skipped: 0, deltaTxId: 'f'.repeat(64) }));
      const txIds: string[] = [];
      txIds.push((await t.as('company1').post('/v1/contracts', contract(0))).body.txId);
      await t.app.ledger.compaction.idle();
      // Listed on its first write: the one delta there before and this write make 2 of 3.
      expect(t.ledger.calls.filter((k) => k.fn === 'DeltaTxIds').map((k) => [k.kind, k.identity, k.args])).toEqual([['evaluate', 'company1', [project]]]);
      expect(t.ledger.calls.filter((k) => k.fn === 'CompactDeltas')).toHaveLength(0);
      txIds.push((await t.as('company1').post('/v1/contracts', contract(1))).body.txId);
      await t.app.ledger.compaction.idle();
      const folds = t.ledger.calls.filter((k) => k.fn === 'CompactDeltas');
      expect(folds.map((k) => [k.kind, k.mspId, k.identity])).toEqual([['submit', 'HousingBureauMSP', 'company1']]);
      expect(JSON.parse(folds[0]!.args[0]!)).toEqual({ projectId: project, txIds: [txIds[0], before, txIds[1]] });
      const metrics = String((await t.request('GET', '/metrics')).body);
      expect(metrics).toContain('notary_fabric_call_duration_seconds_count{kind="submit",contract="Arrears",fn="CompactDeltas",outcome="ok"} 1');
      expect(metrics).toContain('notary_fabric_call_duration_seconds_count{kind="evaluate",contract="Arrears",fn="DeltaTxIds",outcome="ok"} 2');
    } finally {
      await t.close();
    }
  });
});
