import {
  applyToBalances,
  arrearsRatio,
  arrearsStatusFromBalances,
  assertEventKeepsBalance,
  contractArrearsStatus,
  contractBalanceFen,
  crossesThreshold,
  meetsThreshold,
  overdueFrom,
  periodBalances,
  recordArrearsEvent,
  riskWarningInput,
  riskWarningInputDocument,
  riskWarningInputs,
  type ArrearsEvent,
  type ArrearsRatio,
  type ContractArrearsStatus,
} from '../../../chaincode/src/domain/arrears';
import { COMPANY_A, company, expectCode, otherCompany, regulator } from './fixtures';

let n = 0;
const ev = (type: ArrearsEvent['type'], period: string, amountFen: number, contractId = 'HT-1'): ArrearsEvent => ({
  eventId: `E-${++n}`,
  contractId,
  type,
  period,
  amountFen,
});

describe('balances', () => {
  it('adds bills and subtracts payments and waivers per period', () => {
    const events = [ev('billed', '2024-04', 300), ev('billed', '2024-03', 300), ev('paid', '2024-03', 100), ev('waived', '2024-03', 50)];
    expect(periodBalances('HT-1', events)).toEqual([
      { period: '2024-03', balanceFen: 150 },
      { period: '2024-04', balanceFen: 300 },
    ]);
    expect(contractBalanceFen('HT-1', events)).toBe(450);
    expect(contractBalanceFen('HT-1', [])).toBe(0);
  });

  it('does not depend on event order', () => {
    const events = [ev('paid', '2024-03', 300), ev('billed', '2024-03', 300), ev('billed', '2024-04', 1)];
    expect(periodBalances('HT-1', events)).toEqual(periodBalances('HT-1', [...events].reverse()));
    expect(periodBalances('HT-1', events)[0]).toEqual({ period: '2024-03', balanceFen: 0 });
  });

  it('rejects a period going below zero', () => {
    const error = expectCode(() => periodBalances('HT-1', [ev('billed', '2024-03', 100), ev('paid', '2024-03', 101)]), 'INVALID_ARGUMENT', 'amountFen');
    expect(error.details).toMatchObject({ period: '2024-03', balanceFen: -1 });
    // A payment cannot cover another period.
    expectCode(() => periodBalances('HT-1', [ev('billed', '2024-03', 100), ev('waived', '2024-04', 1)]), 'INVALID_ARGUMENT');
    expectCode(() => assertEventKeepsBalance([ev('billed', '2024-03', 100)], ev('paid', '2024-03', 101)), 'INVALID_ARGUMENT');
    expect(() => assertEventKeepsBalance([ev('billed', '2024-03', 100)], ev('paid', '2024-03', 100))).not.toThrow();
  });

  it('rejects events of another contract and sums beyond safe integers', () => {
    expectCode(() => periodBalances('HT-1', [ev('billed', '2024-03', 1, 'HT-2')]), 'INVALID_ARGUMENT', 'contractId');
    expectCode(() => periodBalances('HT-1', [ev('billed', '2024-03', Number.MAX_SAFE_INTEGER), ev('billed', '2024-03', 1)]), 'LIMIT_EXCEEDED');
  });
});

describe('overdue', () => {
  const contract = { contractId: 'HT-1', status: 'ACTIVE', feeTerms: { dueDayOfMonth: 10 } };
  const events = [ev('billed', '2024-03', 300), ev('billed', '2024-04', 200)];

  it('starts at 00:00 China time the day after the due day', () => {
    expect(overdueFrom('2024-03', 10)).toBe('2024-03-10T16:00:00.000Z');
    expect(overdueFrom('2024-02', 28)).toBe('2024-02-28T16:00:00.000Z');
  });

  it('counts only periods whose due date has passed', () => {
    const status = (asOf: string): ContractArrearsStatus => contractArrearsStatus(contract, events, asOf);
    expect(status('2024-03-10T15:59:59.999Z')).toEqual({ contractId: 'HT-1', active: true, balanceFen: 500, overdueFen: 0, overdue: false });
    expect(status('2024-03-10T16:00:00.000Z')).toMatchObject({ overdueFen: 300, overdue: true });
    expect(status('2024-04-11T00:00:00+08:00')).toMatchObject({ overdueFen: 500, overdue: true });
  });

  it('is not overdue once paid, and terminated contracts are inactive', () => {
    const paid = [...events, ev('paid', '2024-03', 300)];
    expect(contractArrearsStatus(contract, paid, '2024-04-01T00:00:00Z')).toMatchObject({ balanceFen: 200, overdue: false });
    expect(contractArrearsStatus({ ...contract, status: 'TERMINATED' }, events, '2024-05-01T00:00:00Z').active).toBe(false);
  });
});

const s = (contractId: string, active: boolean, overdue: boolean): ContractArrearsStatus => ({
  contractId,
  active,
  overdue,
  balanceFen: overdue ? 100 : 0,
  overdueFen: overdue ? 100 : 0,
});
const ratio = (numerator: number, denominator: number): ArrearsRatio =>
  arrearsRatio([
    ...Array.from({ length: numerator }, (_, i) => s(`O-${i}`, true, true)),
    ...Array.from({ length: denominator - numerator }, (_, i) => s(`K-${i}`, true, false)),
  ]);

describe('project ratio and threshold', () => {
  it('is 0/0 and never at risk with no contracts', () => {
    expect(arrearsRatio([])).toEqual({ numerator: 0, denominator: 0, basisPoints: 0 });
    expect(meetsThreshold(arrearsRatio([]), 1)).toBe(false);
    // Inactive contracts do not count, even when overdue.
    expect(arrearsRatio([s('T', false, true)])).toEqual({ numerator: 0, denominator: 0, basisPoints: 0 });
  });

  it('is 10000 bp when all active contracts are overdue', () => {
    expect(ratio(7, 7)).toEqual({ numerator: 7, denominator: 7, basisPoints: 10_000 });
    expect(meetsThreshold(ratio(7, 7), 10_000)).toBe(true);
  });

  it('compares exactly: equal is at the threshold, one short is below', () => {
    expect(meetsThreshold(ratio(3, 10), 3000)).toBe(true);
    expect(meetsThreshold(ratio(3, 10), 3001)).toBe(false);
    // 1/3 = 3333.33… bp: floor for display, exact for comparison.
    expect(ratio(1, 3).basisPoints).toBe(3333);
    expect(meetsThreshold(ratio(1, 3), 3333)).toBe(true);
    expect(meetsThreshold(ratio(1, 3), 3334)).toBe(false);
    expect(meetsThreshold(ratio(2, 3), 6667)).toBe(false);
    expect(ratio(2, 3).basisPoints).toBe(6666);
  });

  it('rejects thresholds outside 1..10000', () => {
    for (const bp of [0, 10_001, 1.5, NaN]) expectCode(() => meetsThreshold(ratio(1, 2), bp), 'INVALID_ARGUMENT', 'thresholdBp');
  });

  it('crosses only from below to at/above', () => {
    expect(crossesThreshold(ratio(2, 10), ratio(3, 10), 3000)).toBe(true);
    expect(crossesThreshold(ratio(3, 10), ratio(4, 10), 3000)).toBe(false); // already above
    expect(crossesThreshold(ratio(3, 10), ratio(2, 10), 3000)).toBe(false); // going down
    expect(crossesThreshold(ratio(2, 10), ratio(2, 10), 3000)).toBe(false);
    expect(crossesThreshold(arrearsRatio([]), ratio(1, 1), 10_000)).toBe(true); // first contract overdue
    expect(crossesThreshold(ratio(3, 10), ratio(3, 11), 3000)).toBe(false); // new contract dilutes
  });
});

describe('risk warning inputs', () => {
  const statuses = [s('HT-3', true, true), s('HT-1', true, false), s('HT-2', false, true)];

  it('sorts by contractId so anyone can recompute the same bytes', () => {
    expect(riskWarningInputs(statuses).map((e) => e.contractId)).toEqual(['HT-1', 'HT-2', 'HT-3']);
    const a = riskWarningInputDocument(riskWarningInput('P-1', '2024-05-01T08:00:00+08:00', 3000, statuses));
    const b = riskWarningInputDocument(riskWarningInput('P-1', '2024-05-01T00:00:00Z', 3000, [...statuses].reverse()));
    expect(a).toBe(b);
    expect(a).toBe(
      '{"asOf":"2024-05-01T00:00:00.000Z","contracts":[' +
        '{"active":true,"balanceFen":0,"contractId":"HT-1","overdue":false,"overdueFen":0},' +
        '{"active":false,"balanceFen":100,"contractId":"HT-2","overdue":true,"overdueFen":100},' +
        '{"active":true,"balanceFen":100,"contractId":"HT-3","overdue":true,"overdueFen":100}],' +
        '"projectId":"P-1","ratio":{"basisPoints":5000,"denominator":2,"numerator":1},"thresholdBp":3000}',
    );
  });

  it('rejects duplicate contracts', () => {
    expectCode(() => riskWarningInputs([s('HT-1', true, true), s('HT-1', true, false)]), 'INVALID_ARGUMENT', 'contractId');
  });
});

describe('applyToBalances', () => {
  const ev = (type: 'billed' | 'paid' | 'waived', period: string, amountFen: number) => ({
    eventId: `E-${type}-${period}`,
    contractId: 'HT-1',
    type,
    period,
    amountFen,
  });

  it('adds one event to stored balances, keeping them sorted', () => {
    const start = [{ period: '2024-05', balanceFen: 100 }];
    expect(applyToBalances('HT-1', start, ev('billed', '2024-04', 50))).toEqual([
      { period: '2024-04', balanceFen: 50 },
      { period: '2024-05', balanceFen: 100 },
    ]);
    expect(applyToBalances('HT-1', start, ev('paid', '2024-05', 100))).toEqual([{ period: '2024-05', balanceFen: 0 }]);
  });

  it('refuses to go below zero, another contract, or past the safe integer range', () => {
    expectCode(() => applyToBalances('HT-1', [], ev('paid', '2024-05', 1)), 'INVALID_ARGUMENT', 'amountFen');
    expectCode(() => applyToBalances('HT-2', [], ev('billed', '2024-05', 1)), 'INVALID_ARGUMENT', 'contractId');
    expectCode(() => applyToBalances('HT-1', [{ period: '2024-05', balanceFen: Number.MAX_SAFE_INTEGER }], ev('billed', '2024-05', 1)), 'LIMIT_EXCEEDED');
  });

  it('gives the same status as folding the full history', () => {
    const contract = { contractId: 'HT-1', status: 'ACTIVE', feeTerms: { dueDayOfMonth: 10 } };
    const events = [ev('billed', '2024-03', 300), ev('billed', '2024-04', 300), ev('paid', '2024-03', 300)];
    const folded = events.reduce((b, e) => applyToBalances('HT-1', b, e), [] as { period: string; balanceFen: number }[]);
    for (const asOf of ['2024-04-10T00:00:00Z', '2024-04-11T00:00:00Z', '2024-06-01T00:00:00Z']) {
      expect(arrearsStatusFromBalances(contract, folded, asOf)).toEqual(contractArrearsStatus(contract, events, asOf));
    }
  });
});

describe('recordArrearsEvent', () => {
  const contract = { contractId: 'HT-1', companyId: COMPANY_A, projectId: 'P-1', status: 'ACTIVE' };
  const input = { eventId: 'E-100', contractId: 'HT-1', type: 'billed' as const, period: '2024-05', amountFen: 100 };

  it('builds the record with who and when', () => {
    expect(recordArrearsEvent(contract, input, [], company, '2024-05-01T00:00:00Z').record).toEqual({
      ...input,
      companyId: COMPANY_A,
      projectId: 'P-1',
      noteCode: null,
      noteCommitment: null,
      recordedAt: '2024-05-01T00:00:00.000Z',
      recordedBy: { mspId: 'HousingBureauMSP', role: 'property-company', companyId: COMPANY_A, subject: company.subject },
    });
  });

  it('enforces role, ownership, contract and balance', () => {
    const at = '2024-05-01T00:00:00Z';
    expectCode(() => recordArrearsEvent(contract, input, [], regulator, at), 'FORBIDDEN');
    expectCode(() => recordArrearsEvent(contract, input, [], otherCompany, at), 'FORBIDDEN');
    expectCode(() => recordArrearsEvent(contract, { ...input, contractId: 'HT-2' }, [], company, at), 'INVALID_ARGUMENT', 'contractId');
    expectCode(() => recordArrearsEvent({ ...contract, status: 'TERMINATED' }, input, [], company, at), 'STAGE_CONFLICT');
    const billed = [{ period: '2024-05', balanceFen: 100 }];
    const pay = { ...input, type: 'paid' as const };
    const paid = recordArrearsEvent({ ...contract, status: 'TERMINATED' }, pay, billed, company, at);
    expect(paid.record.type).toBe('paid');
    expect(paid.balances).toEqual([{ period: '2024-05', balanceFen: 0 }]);
    expectCode(() => recordArrearsEvent(contract, { ...pay, amountFen: 101 }, billed, company, at), 'INVALID_ARGUMENT', 'amountFen');
  });
});
