import { ratioFromDeltas, type ArrearsSummary } from '../../../chaincode/src/domain/arrears';
import { sumFunnel } from '../../../chaincode/src/domain/funnel';
import { ProjectDeltas, sumProjectDeltas } from '../../../chaincode/src/domain/project-deltas';

const summary = (contractId: string, projectId: string, balances: ArrearsSummary['balances'] = []): ArrearsSummary => ({
  contractId,
  projectId,
  companyId: `C-${projectId}`,
  status: 'ACTIVE',
  feeTerms: { dueDayOfMonth: 15 },
  balances,
});

describe('one delta per transaction and project, for the funnel and the ratio', () => {
  it('puts a registration batch into one entry per project: its contracts counted in the funnel and the ratio', () => {
    const d = new ProjectDeltas();
    for (const id of ['A', 'B']) {
      d.addFunnel('C-P1', 'P1', { contracts: 1 });
      d.noteSummary(undefined, summary(id, 'P1'));
    }
    d.addFunnel('C-P2', 'P2', { contracts: 1 });
    d.noteSummary(undefined, summary('C', 'P2'));
    expect(d.entries()).toEqual([
      { companyId: 'C-P1', projectId: 'P1', delta: { funnel: { contracts: 2 }, ratio: { active: 2 } } },
      { companyId: 'C-P2', projectId: 'P2', delta: { funnel: { contracts: 1 }, ratio: { active: 1 } } },
    ]);
  });

  it('leaves out the part a transaction did not change, and a project it changed nothing in', () => {
    const d = new ProjectDeltas();
    d.addFunnel('C-P1', 'P1', { lettersSent: 1 });
    const s = summary('A', 'P2');
    d.noteSummary(s, { ...s });
    expect(d.entries()).toEqual([{ companyId: 'C-P1', projectId: 'P1', delta: { funnel: { lettersSent: 1 } } }]);
  });

  it('compacts into one delta that gives the same funnel and the same ratio at any time', () => {
    const reg = new ProjectDeltas();
    reg.addFunnel('C-P1', 'P1', { contracts: 2 });
    reg.noteSummary(undefined, summary('A', 'P1'));
    reg.noteSummary(undefined, summary('B', 'P1'));
    const bill = new ProjectDeltas();
    bill.noteSummary(summary('A', 'P1'), summary('A', 'P1', [{ period: '2026-01', balanceFen: 100 }]));
    const letter = new ProjectDeltas();
    letter.addFunnel('C-P1', 'P1', { disputes: 1 });
    const all = [reg, bill, letter].flatMap((t) => t.entries().map((e) => e.delta));
    const one = sumProjectDeltas(all);
    expect(sumFunnel([one.funnel ?? {}])).toEqual(sumFunnel(all.map((d) => d.funnel ?? {})));
    expect(one.funnel).toEqual({ contracts: 2, disputes: 1 });
    for (const at of ['2026-01-10T00:00:00Z', '2026-02-01T00:00:00Z']) {
      expect(ratioFromDeltas([one.ratio ?? {}], at)).toEqual(
        ratioFromDeltas(
          all.map((d) => d.ratio ?? {}),
          at,
        ),
      );
    }
    expect(ratioFromDeltas([one.ratio ?? {}], '2026-02-01T00:00:00Z')).toMatchObject({ numerator: 1, denominator: 2 });
  });
});
