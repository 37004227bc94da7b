import fc from 'fast-check';
import {
  arrearsRatio,
  arrearsStatusFromBalances,
  RatioChanges,
  ratioFromDeltas,
  sumRatioDeltas,
  type ArrearsRatioDelta,
  type ArrearsSummary,
  type PeriodBalance,
} from '../../../chaincode/src/domain/arrears';

const summary = (contractId: string, status: string, balances: PeriodBalance[], dueDayOfMonth = 15, projectId = 'P1'): ArrearsSummary => ({
  contractId,
  projectId,
  companyId: 'C',
  status,
  feeTerms: { dueDayOfMonth },
  balances,
});

/** One transaction's deltas for `projectId`, as the chaincode writes them. */
const deltaOf = (changes: RatioChanges, projectId = 'P1'): ArrearsRatioDelta[] =>
  changes
    .deltas()
    .filter(([p]) => p === projectId)
    .map(([, d]) => d);

describe('arrears ratio kept as per-transaction deltas', () => {
  it('counts a new active contract in the denominator, and overdue from the day after its oldest unpaid due day (China time)', () => {
    const t = new RatioChanges();
    t.note(undefined, summary('A', 'ACTIVE', []));
    t.note(undefined, summary('B', 'ACTIVE', [{ period: '2026-03', balanceFen: 100 }]));
    t.note(undefined, summary('C', 'TERMINATED', [{ period: '2026-03', balanceFen: 100 }]));
    const deltas = deltaOf(t);
    expect(deltas).toEqual([{ active: 2, overdueFrom: { '2026-03-15T16:00:00.000Z': 1 } }]);
    // 2026-03-15 is due; overdue from 2026-03-16 00:00 CST = 2026-03-15T16:00Z.
    expect(ratioFromDeltas(deltas, '2026-03-15T15:59:59.999Z')).toEqual({ numerator: 0, denominator: 2, basisPoints: 0 });
    expect(ratioFromDeltas(deltas, '2026-03-15T16:00:00Z')).toEqual({ numerator: 1, denominator: 2, basisPoints: 5000 });
  });

  it('moves a contract between instants when its oldest unpaid period is paid, and out when terminated', () => {
    const billed = summary('A', 'ACTIVE', [
      { period: '2026-01', balanceFen: 100 },
      { period: '2026-02', balanceFen: 100 },
    ]);
    const paidJanuary = summary('A', 'ACTIVE', [
      { period: '2026-01', balanceFen: 0 },
      { period: '2026-02', balanceFen: 100 },
    ]);
    const t1 = new RatioChanges();
    t1.note(undefined, billed);
    const t2 = new RatioChanges();
    t2.note(billed, paidJanuary);
    expect(deltaOf(t2)).toEqual([{ overdueFrom: { '2026-01-15T16:00:00.000Z': -1, '2026-02-15T16:00:00.000Z': 1 } }]);
    const all = [...deltaOf(t1), ...deltaOf(t2)];
    expect(ratioFromDeltas(all, '2026-02-01T00:00:00Z').numerator).toBe(0);
    expect(ratioFromDeltas(all, '2026-03-01T00:00:00Z').numerator).toBe(1);
    const t3 = new RatioChanges();
    t3.note(paidJanuary, { ...paidJanuary, status: 'TERMINATED' });
    expect(ratioFromDeltas([...all, ...deltaOf(t3)], '2026-03-01T00:00:00Z')).toEqual({ numerator: 0, denominator: 0, basisPoints: 0 });
  });

  it('writes nothing for a change that moves no count (an amendment that keeps status and standing)', () => {
    const s = summary('A', 'ACTIVE', [{ period: '2026-01', balanceFen: 5 }]);
    const t = new RatioChanges();
    t.note(s, { ...s });
    expect(t.deltas()).toEqual([]);
  });

  it('keeps each project apart, in project order', () => {
    const t = new RatioChanges();
    t.note(undefined, summary('B', 'ACTIVE', [], 15, 'P2'));
    t.note(undefined, summary('A', 'ACTIVE', [], 15, 'P1'));
    expect(t.deltas()).toEqual([
      ['P1', { active: 1 }],
      ['P2', { active: 1 }],
    ]);
  });

  it('equals the ratio over every contract status, at any time, after any sequence of changes; compacted too', () => {
    const period = fc.constantFrom('2025-11', '2025-12', '2026-01', '2026-02');
    const balances = fc.uniqueArray(fc.record({ period, balanceFen: fc.nat(300) }), { selector: (b) => b.period, maxLength: 4 });
    const state = fc.record({ status: fc.constantFrom('ACTIVE', 'TERMINATED'), balances, dueDay: fc.integer({ min: 1, max: 28 }) });
    // Transactions, each changing some contracts (index into 6 contracts) to a new state.
    const txs = fc.array(fc.array(fc.tuple(fc.nat(5), state), { minLength: 1, maxLength: 4 }), { maxLength: 12 });
    const at = fc.integer({ min: Date.parse('2025-10-01T00:00:00Z'), max: Date.parse('2026-04-01T00:00:00Z') }).map((ms) => new Date(ms).toISOString());
    fc.assert(
      fc.property(txs, at, (transactions, when) => {
        const current = new Map<string, ArrearsSummary>();
        const written: ArrearsRatioDelta[] = [];
        for (const tx of transactions) {
          const changes = new RatioChanges();
          for (const [i, s] of tx) {
            const id = `K${i}`;
            const next = summary(id, s.status, s.balances, s.dueDay);
            changes.note(current.get(id), next);
            current.set(id, next);
          }
          written.push(...deltaOf(changes));
        }
        const expected = arrearsRatio([...current.values()].map((s) => arrearsStatusFromBalances(s, s.balances, when)));
        expect(ratioFromDeltas(written, when)).toEqual(expected);
        expect(ratioFromDeltas([sumRatioDeltas(written)], when)).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });
});
