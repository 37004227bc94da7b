import { computeFunnel, type FunnelTransition } from '../../../chaincode/src/domain/funnel';
import type { DisputeStage } from '../../../chaincode/src/domain/stage-table';

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
