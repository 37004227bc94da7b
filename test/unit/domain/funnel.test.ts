import fc from 'fast-check';
import { computeFunnel, milestoneDelta, sumFunnel, type FunnelDelta, type FunnelTransition } from '../../../chaincode/src/domain/funnel';
import { DISPUTE_STAGES, type DisputeStage } from '../../../chaincode/src/domain/stage-table';

const path = (disputeId: string, ...stages: DisputeStage[]): FunnelTransition[] => stages.map((to) => ({ disputeId, to }));

describe('computeFunnel', () => {
  it('is all zeros with no disputes', () => {
    expect(computeFunnel(5, [])).toEqual({
      contracts: 5,
      disputes: 0,
      lettersSent: 0,
      delivered: 0,
      viewed: 0,
      settled: 0,
      referredToMediation: 0,
      mediated: 0,
      litigation: 0,
    });
  });

  it('counts each dispute once at every milestone it reached', () => {
    const transitions = [
      ...path('D1', 'OPENED', 'LETTER_SENT', 'DELIVERED', 'VIEWED', 'SETTLED'),
      ...path('D2', 'OPENED', 'SETTLED'),
      ...path('D3', 'OPENED', 'LETTER_SENT', 'REFERRED_TO_MEDIATION', 'MEDIATED_SETTLED'),
      ...path('D4', 'OPENED', 'LETTER_SENT', 'DELIVERED', 'REFERRED_TO_MEDIATION', 'TRIAGED_RECTIFICATION', 'RESOLVED'),
      ...path('D5', 'OPENED', 'LETTER_SENT', 'DELIVERED', 'VIEWED', 'REFERRED_TO_MEDIATION', 'MEDIATION_FAILED', 'LITIGATION_RECOMMENDED', 'CASE_FILED'),
      ...path('D6', 'OPENED', 'LETTER_SENT', 'DELIVERED', 'VIEWED', 'REFERRED_TO_MEDIATION', 'TRIAGED_STREET_OFFICE'),
      ...path('D1', 'OPENED', 'LETTER_SENT'), // duplicates are harmless
    ];
    const expected = {
      contracts: 40,
      disputes: 6,
      lettersSent: 5,
      delivered: 4,
      viewed: 3,
      settled: 2,
      referredToMediation: 4,
      mediated: 2,
      litigation: 1,
    };
    expect(computeFunnel(40, transitions)).toEqual(expected);
    expect(computeFunnel(40, [...transitions].reverse())).toEqual(expected);
  });

  it('counts a re-assignment of the law firm (a record whose stage does not change) as no new milestone', () => {
    const reassigned = [...path('D1', 'OPENED', 'OPENED', 'LETTER_SENT', 'LETTER_SENT', 'DELIVERED')];
    expect(computeFunnel(1, reassigned)).toMatchObject({ disputes: 1, lettersSent: 1, delivered: 1, viewed: 0 });
  });
});

/** What the chaincode writes: one delta per transaction that reaches a milestone first, given the dispute's earlier stages. */
function deltasOf(histories: readonly (readonly DisputeStage[])[]): FunnelDelta[] {
  return histories.flatMap((stages) => stages.map((to, i) => milestoneDelta(stages.slice(0, i), to)).filter((d): d is FunnelDelta => d !== undefined));
}

describe('funnel deltas (one per transaction, summed on read)', () => {
  it('sum to what computeFunnel counts from the whole histories, for any histories (stage repeats included)', () => {
    const stage = fc.constantFrom(...DISPUTE_STAGES);
    fc.assert(
      fc.property(fc.array(fc.array(stage, { minLength: 1, maxLength: 12 }), { maxLength: 20 }), fc.nat(5000), (histories, contracts) => {
        const transitions = histories.flatMap((stages, d) => path(`D${d}`, ...stages));
        expect(sumFunnel([{ contracts }, ...deltasOf(histories)])).toEqual(computeFunnel(contracts, transitions));
      }),
    );
  });

  it('adds nothing for a stage whose milestone the dispute already reached, or that marks none', () => {
    expect(milestoneDelta(['OPENED', 'LETTER_SENT'], 'LETTER_SENT')).toBeUndefined();
    expect(milestoneDelta(['OPENED', 'REFERRED_TO_MEDIATION', 'MEDIATED_SETTLED'], 'RESOLVED')).toBeUndefined();
    expect(milestoneDelta(['OPENED'], 'MEDIATION_FAILED')).toBeUndefined();
    expect(milestoneDelta([], 'OPENED')).toEqual({ disputes: 1 });
  });

  it('sums contract counts of several batches and projects', () => {
    expect(sumFunnel([{ contracts: 500 }, { contracts: 68 }, { lettersSent: 1 }])).toMatchObject({ contracts: 568, lettersSent: 1, disputes: 0 });
  });
});
