// The API's folding of project count deltas: once N of a project's deltas
// written through it wait, one CompactDeltas naming their transactions, in the
// background, one at a time, as the last writer; the sum it writes is named in
// the next fold; failures back off and are retried when writes pause. Pure,
// with a fake submitter, and once through the app with the fake ledger.
import { DeltaCompaction, type Folded, type FoldLog } from '../../../api/delta-compaction';
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

/** A submitter whose calls the test ends one by one; a fold that passes writes its sum under `sum-<n>`. */
function gatedSubmitter() {
  const calls: { as: Acting; projectId: string; txIds: string[]; end: (ok: boolean | Error) => void }[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const fold = (as: Acting, projectId: string, txIds: readonly string[]) =>
    new Promise<{ txId: string; result: Folded }>((resolve, reject) => {
      maxInFlight = Math.max(maxInFlight, ++inFlight);
      const n = calls.length;
      calls.push({
        as,
        projectId,
        txIds: [...txIds],
        end: (ok) => {
          inFlight--;
          if (ok === true) resolve({ txId: `sum-${n}`, result: { projectId, folded: txIds.length, skipped: 0, deltaTxId: `sum-${n}` } });
          else reject(ok === false ? new Error('MVCC_READ_CONFLICT') : ok);
        },
      });
    });
  return { calls, fold, maxInFlight: () => maxInFlight };
}

const settle = () => new Promise((r) => setImmediate(r));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const write = (c: DeltaCompaction, name: string, projects = ['A'], as = company1) => c.noteWrite(as, tx(name), projects, log);

describe('DeltaCompaction', () => {
  it('folds the transactions of a project once N wait, as the writer that tipped the count, and names the sum next time', async () => {
    const s = gatedSubmitter();
    const c = new DeltaCompaction(s.fold, { every: 3 });
    write(c, '1');
    write(c, '2', ['A', 'B']);
    expect(s.calls).toHaveLength(0);
    write(c, '3', ['A'], lawyer);
    expect(s.calls.map((k) => [k.projectId, k.as.identity, k.txIds])).toEqual([['A', 'lawyer1', [tx('1'), tx('2'), tx('3')]]]);
    s.calls[0]!.end(true);
    await c.idle();
    // B has one: nothing. A has its sum waiting: two more writes make 3.
    write(c, '4');
    expect(s.calls).toHaveLength(1);
    write(c, '5');
    expect(s.calls.map((k) => k.txIds)[1]).toEqual(['sum-0', tx('4'), tx('5')]);
    s.calls[1]!.end(true);
    await c.idle();
  });

  it('the same transaction noted twice (a replayed answer) is named once', async () => {
    const s = gatedSubmitter();
    const c = new DeltaCompaction(s.fold, { every: 2 });
    write(c, '1');
    write(c, '1');
    expect(s.calls).toHaveLength(0);
    write(c, '2');
    expect(s.calls[0]!.txIds).toEqual([tx('1'), tx('2')]);
    s.calls[0]!.end(true);
    await c.close();
  });

  it('runs one fold at a time; writes during one wait for the next, not the one running', async () => {
    const s = gatedSubmitter();
    const c = new DeltaCompaction(s.fold, { every: 2 });
    write(c, '1', ['A', 'B']);
    write(c, '2', ['A', 'B']);
    expect(s.calls.map((k) => k.projectId)).toEqual(['A']);
    write(c, '3');
    s.calls[0]!.end(true);
    await settle();
    expect(s.calls.map((k) => k.projectId)).toEqual(['A', 'B']);
    s.calls[1]!.end(true);
    await settle();
    // A: its sum and the write made while its fold ran.
    expect(s.calls.map((k) => [k.projectId, k.txIds])[2]).toEqual(['A', [tx('3'), 'sum-0']]);
    s.calls[2]!.end(true);
    await c.idle();
    expect(s.maxInFlight()).toBe(1);
  });

  it('after a failure, waits twice as many writes for each failure in a row, keeping every transaction', async () => {
    const s = gatedSubmitter();
    const c = new DeltaCompaction(s.fold, { every: 2, retryMs: 60_000 });
    write(c, '1');
    write(c, '2');
    logged.length = 0;
    s.calls[0]!.end(false);
    await c.idle();
    expect(logged).toEqual([
      ['warn', 'project deltas not folded; tried again later', expect.objectContaining({ projectId: 'A', waiting: 2, failures: 1, dueAt: 6 })],
    ]);
    for (let i = 3; i <= 5; i++) write(c, String(i));
    expect(s.calls).toHaveLength(1);
    write(c, '6');
    expect(s.calls[1]!.txIds).toEqual(['1', '2', '3', '4', '5', '6'].map(tx));
    s.calls[1]!.end(false);
    await c.idle();
    // 6 waiting, due at 6 + 2 × 2² = 14.
    for (let i = 7; i <= 13; i++) write(c, String(i));
    expect(s.calls).toHaveLength(2);
    write(c, '14');
    expect(s.calls).toHaveLength(3);
    s.calls[2]!.end(true);
    await c.idle();
    // Passed: due again once 2 wait (its sum and one more).
    write(c, '15');
    expect(s.calls[3]!.txIds).toEqual(['sum-2', tx('15')]);
    s.calls[3]!.end(true);
    await c.close();
  });

  it("after a failure, tries again once the project's writes pause, without a new write", async () => {
    const s = gatedSubmitter();
    const c = new DeltaCompaction(s.fold, { every: 2, retryMs: 500 });
    write(c, '1');
    write(c, '2');
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
    const s = gatedSubmitter();
    const c = new DeltaCompaction(s.fold, { every: 2, retryMs: 20 });
    write(c, '1', ['A'], lawyer);
    write(c, '2', ['A'], lawyer);
    logged.length = 0;
    s.calls[0]!.end(rejected('FORBIDDEN', "project A is not within the caller's reach"));
    await c.idle();
    expect(logged).toEqual([
      ['warn', 'project deltas not folded: refused by the chaincode, not tried again', expect.objectContaining({ projectId: 'A', forgotten: 2 })],
    ]);
    await sleep(60);
    write(c, '3');
    expect(s.calls).toHaveLength(1);
    write(c, '4');
    expect(s.calls.map((k) => [k.as.identity, k.txIds])[1]).toEqual(['company1', [tx('3'), tx('4')]]);
    s.calls[1]!.end(true);
    await c.close();
  });

  it('close drops timed retries: nothing is submitted after it', async () => {
    const s = gatedSubmitter();
    const c = new DeltaCompaction(s.fold, { every: 2, retryMs: 20 });
    write(c, '1');
    write(c, '2');
    s.calls[0]!.end(false);
    await c.close();
    await sleep(60);
    write(c, '3');
    expect(s.calls).toHaveLength(1);
  });

  it('remembers at most maxProjects: the longest-known project with one transaction waiting is forgotten first', async () => {
    const s = gatedSubmitter();
    const c = new DeltaCompaction(s.fold, { every: 2, maxProjects: 2 });
    write(c, '1', ['A']);
    write(c, '2', ['A']);
    s.calls[0]!.end(true);
    await c.idle();
    // A holds only its sum, B one waiting write: C takes A's place.
    write(c, '3', ['B']);
    write(c, '4', ['C']);
    // A is new again (B, then the longest known with one waiting, makes room): its next fold names only what it writes
    // from now on, not its old sum.
    write(c, '5', ['A']);
    write(c, '6', ['A']);
    await settle();
    expect(s.calls.map((k) => [k.projectId, k.txIds])).toEqual([
      ['A', [tx('1'), tx('2')]],
      ['A', [tx('5'), tx('6')]],
    ]);
    s.calls[1]!.end(true);
    await c.close();
  });

  it('every 0 never folds', async () => {
    const s = gatedSubmitter();
    const c = new DeltaCompaction(s.fold, { every: 0 });
    for (let i = 0; i < 100; i++) write(c, String(i));
    await c.idle();
    expect(s.calls).toHaveLength(0);
  });
});

describe('folding through the app', () => {
  it("once DELTA_COMPACTION_EVERY registrations' deltas wait, CompactDeltas names their transactions, as the caller", async () => {
    const t = await testApp({ DELTA_COMPACTION_EVERY: '3' });
    try {
      const project = '91110105MA01XQ7T3B:P-1';
      t.ledger.on('Contracts', 'Register', () => ({ contract: {}, deltaProjects: [project] }));
      t.ledger.on('Arrears', 'CompactDeltas', () => ({ projectId: project, folded: 3, skipped: 0, deltaTxId: 'f'.repeat(64) }));
      const txIds: string[] = [];
      for (let i = 0; i < 2; i++) txIds.push((await t.as('company1').post('/v1/contracts', contract(i))).body.txId);
      await t.app.ledger.compaction.idle();
      expect(t.ledger.calls.filter((k) => k.fn === 'CompactDeltas')).toHaveLength(0);
      txIds.push((await t.as('company1').post('/v1/contracts', contract(2))).body.txId);
      await t.app.ledger.compaction.idle();
      const folds = t.ledger.calls.filter((k) => k.fn === 'CompactDeltas');
      expect(folds.map((k) => [k.kind, k.mspId, k.identity])).toEqual([['submit', 'HousingBureauMSP', 'company1']]);
      expect(JSON.parse(folds[0]!.args[0]!)).toEqual({ projectId: project, txIds });
      const metrics = String((await t.request('GET', '/metrics')).body);
      expect(metrics).toContain('notary_fabric_call_duration_seconds_count{kind="submit",contract="Arrears",fn="CompactDeltas",outcome="ok"} 1');
    } finally {
      await t.close();
    }
  });
});
