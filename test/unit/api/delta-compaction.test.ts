// The API's compaction of project count deltas: after every N writes naming a
// project, one CompactDeltas for it, in the background, one at a time, as the
// last writer; failures are retried after the next write. Pure, with a fake
// submitter, and once through the app with the fake ledger.
import type { FastifyBaseLogger } from 'fastify';
import { DeltaCompaction, type Compacted } from '../../../api/delta-compaction';
import type { Acting } from '../../../api/ports/ledger-port';
import { contract, testApp } from './support';

/** What was logged, as [level, message, fields]. */
const logged: [string, string, Record<string, unknown>][] = [];
const log = {
  info: (fields: Record<string, unknown>, msg: string) => logged.push(['info', msg, fields]),
  warn: (fields: Record<string, unknown>, msg: string) => logged.push(['warn', msg, fields]),
} as unknown as FastifyBaseLogger;
const company1: Acting = { mspId: 'HousingBureauMSP', identity: 'company1' };
const lawyer: Acting = { mspId: 'LawFirmAMSP', identity: 'lawyer1' };

/** A submitter whose calls the test ends one by one. */
function gatedSubmitter() {
  const calls: { as: Acting; projectId: string; end: (ok: boolean) => void }[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const compact = (as: Acting, projectId: string) =>
    new Promise<{ txId: string; result: Compacted }>((resolve, reject) => {
      maxInFlight = Math.max(maxInFlight, ++inFlight);
      calls.push({
        as,
        projectId,
        end: (ok) => {
          inFlight--;
          if (ok) resolve({ txId: `tx${calls.length}`, result: { projectId, deltasBefore: 33, deltasAfter: 1 } });
          else reject(new Error('PHANTOM_READ_CONFLICT'));
        },
      });
    });
  return { calls, compact, maxInFlight: () => maxInFlight };
}

const settle = () => new Promise((r) => setImmediate(r));

describe('DeltaCompaction', () => {
  it('compacts a project after every N writes naming it, as the writer that tipped the count', async () => {
    const s = gatedSubmitter();
    const c = new DeltaCompaction(s.compact, 3);
    c.noteWrite(company1, ['A'], log);
    c.noteWrite(company1, ['A', 'B'], log);
    expect(s.calls).toHaveLength(0);
    c.noteWrite(lawyer, ['A'], log);
    expect(s.calls.map((k) => [k.projectId, k.as.identity])).toEqual([['A', 'lawyer1']]);
    s.calls[0]!.end(true);
    await c.idle();
    // B has 1 write: nothing more.
    expect(s.calls).toHaveLength(1);
    c.noteWrite(company1, ['B'], log);
    c.noteWrite(company1, ['B'], log);
    expect(s.calls.map((k) => k.projectId)).toEqual(['A', 'B']);
    s.calls[1]!.end(true);
    await c.idle();
  });

  it('runs one compaction at a time; writes during one count toward the next, not the one running', async () => {
    const s = gatedSubmitter();
    const c = new DeltaCompaction(s.compact, 2);
    c.noteWrite(company1, ['A', 'B'], log);
    c.noteWrite(company1, ['A', 'B'], log);
    expect(s.calls.map((k) => k.projectId)).toEqual(['A']);
    c.noteWrite(company1, ['A'], log);
    c.noteWrite(company1, ['A'], log);
    s.calls[0]!.end(true);
    await settle();
    expect(s.calls.map((k) => k.projectId)).toEqual(['A', 'B']);
    s.calls[1]!.end(true);
    await settle();
    // A's two writes made while its first compaction ran are due now.
    expect(s.calls.map((k) => k.projectId)).toEqual(['A', 'B', 'A']);
    s.calls[2]!.end(true);
    await c.idle();
    expect(s.maxInFlight()).toBe(1);
    c.noteWrite(company1, ['A'], log);
    expect(s.calls).toHaveLength(3);
  });

  it('a failed compaction is tried again after the next write, which it still counts', async () => {
    const s = gatedSubmitter();
    const c = new DeltaCompaction(s.compact, 2);
    c.noteWrite(company1, ['A'], log);
    c.noteWrite(company1, ['A'], log);
    logged.length = 0;
    s.calls[0]!.end(false);
    await c.idle();
    expect(s.calls).toHaveLength(1);
    expect(logged).toEqual([
      ['warn', 'project deltas not compacted; tried again after its next write', expect.objectContaining({ projectId: 'A', writes: 2 })],
    ]);
    c.noteWrite(company1, ['A'], log);
    expect(s.calls).toHaveLength(2);
    s.calls[1]!.end(true);
    await c.idle();
    c.noteWrite(company1, ['A'], log);
    expect(s.calls).toHaveLength(2);
  });

  it('every 0 never compacts', async () => {
    const s = gatedSubmitter();
    const c = new DeltaCompaction(s.compact, 0);
    for (let i = 0; i < 100; i++) c.noteWrite(company1, ['A'], log);
    await c.idle();
    expect(s.calls).toHaveLength(0);
  });
});

describe('compaction through the app', () => {
  it("after DELTA_COMPACTION_EVERY registrations naming a project, CompactDeltas for it as the caller's identity", async () => {
    const t = await testApp({ DELTA_COMPACTION_EVERY: '3' });
    try {
      t.ledger.on('Contracts', 'Register', () => ({ contract: {}, deltaProjects: ['91110105MA01XQ7T3B:P-1'] }));
      t.ledger.on('Arrears', 'CompactDeltas', () => ({ projectId: '91110105MA01XQ7T3B:P-1', deltasBefore: 33, deltasAfter: 1 }));
      for (let i = 0; i < 2; i++) expect((await t.as('company1').post('/v1/contracts', contract(i))).status).toBe(201);
      await t.app.ledger.compaction.idle();
      expect(t.ledger.calls.filter((k) => k.fn === 'CompactDeltas')).toHaveLength(0);
      expect((await t.as('company1').post('/v1/contracts', contract(2))).status).toBe(201);
      await t.app.ledger.compaction.idle();
      const compactions = t.ledger.calls.filter((k) => k.fn === 'CompactDeltas');
      expect(compactions.map((k) => [k.kind, k.mspId, k.identity, k.args])).toEqual([['submit', 'HousingBureauMSP', 'company1', ['91110105MA01XQ7T3B:P-1']]]);
      const metrics = String((await t.request('GET', '/metrics')).body);
      expect(metrics).toContain('notary_fabric_call_duration_seconds_count{kind="submit",contract="Arrears",fn="CompactDeltas",outcome="ok"} 1');
    } finally {
      await t.close();
    }
  });
});
