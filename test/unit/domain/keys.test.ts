import * as keys from '../../../chaincode/src/domain/keys';
import { H1 } from './fixtures';
import { expectCode } from './fixtures';

describe('composite keys', () => {
  it('builds [objectType, ...attributes]', () => {
    expect(keys.contractKey('HT-1')).toEqual(['contract', 'HT-1']);
    expect(keys.contractVersionKey('HT-1', 2)).toEqual(['contractVersion', 'HT-1', '0000000002']);
    expect(keys.arrearsEventKey('HT-1', '2024-05', 'E-1')).toEqual(['arrearsEvent', 'HT-1', '2024-05', 'E-1']);
    expect(keys.arrearsEventsOfContractPrefix('HT-1')).toEqual(['arrearsEvent', 'HT-1']);
    expect(keys.arrearsEventsOfPeriodPrefix('HT-1', '2024-05')).toEqual(['arrearsEvent', 'HT-1', '2024-05']);
    expect(keys.disputeKey('D-1')).toEqual(['dispute', 'D-1']);
    expect(keys.disputeTransitionKey('D-1', 12)).toEqual(['disputeTransition', 'D-1', '0000000012']);
    expect(keys.disputeTransitionsPrefix()).toEqual(['disputeTransition']);
    expect(keys.letterKey('D-1', 'L-1')).toEqual(['letter', 'D-1', 'L-1']);
    expect(keys.receiptKey('D-1', 'L-1', 'R-1')).toEqual(['receipt', 'D-1', 'L-1', 'R-1']);
    expect(keys.documentAnchorKey(H1, 'contract', 'HT-1')).toEqual(['documentAnchor', H1, 'contract', 'HT-1']);
    expect(keys.documentAnchorsPrefix(H1)).toEqual(['documentAnchor', H1]);
    expect(keys.riskThresholdKey('*')).toEqual(['riskThreshold', '*']);
    expect(keys.riskWarningKey('P-1', 'tx1')).toEqual(['riskWarning', 'P-1', 'tx1']);
    expect(keys.companyContractIndexKey('C', 'HT-1')).toEqual(['company~contract', 'C', 'HT-1']);
    expect(keys.companyDisputeIndexKey('C', 'D-1')).toEqual(['company~dispute', 'C', 'D-1']);
    expect(keys.contractDisputeIndexKey('HT-1', 'D-1')).toEqual(['contract~dispute', 'HT-1', 'D-1']);
    expect(keys.projectDisputeIndexKey('P-1', 'D-1')).toEqual(['project~dispute', 'P-1', 'D-1']);
    expect(keys.stageDisputeIndexKey('VIEWED', 'D-1')).toEqual(['stage~dispute', 'VIEWED', 'D-1']);
    expect(keys.compositeKeyArgs(keys.letterKey('D-1', 'L-1'))).toEqual(['letter', ['D-1', 'L-1']]);
  });

  it('gives every arrears event its own key', () => {
    const a = keys.arrearsEventKey('HT-1', '2024-05', 'E-1').join('\u0000');
    const b = keys.arrearsEventKey('HT-1', '2024-05', 'E-2').join('\u0000');
    const c = keys.arrearsEventKey('HT-2', '2024-05', 'E-1').join('\u0000');
    expect(new Set([a, b, c]).size).toBe(3);
  });

  it('pads sequence numbers so key order is numeric order', () => {
    const ordered = [1, 2, 10, 100, 9_999_999_999].map((i) => keys.padSeq(i));
    expect([...ordered].sort()).toEqual(ordered);
    expectCode(() => keys.padSeq(10_000_000_000), 'INVALID_ARGUMENT', 'seq');
    expectCode(() => keys.padSeq(-1), 'INVALID_ARGUMENT', 'seq');
    expectCode(() => keys.padSeq(1.5), 'INVALID_ARGUMENT', 'seq');
  });

  it('rejects attributes Fabric would refuse', () => {
    expectCode(() => keys.contractKey(''), 'INVALID_ARGUMENT');
    expectCode(() => keys.contractKey('a\u0000b'), 'INVALID_ARGUMENT');
    expectCode(() => keys.contractKey('a\u{10FFFF}'), 'INVALID_ARGUMENT');
  });
});

describe('keySubject', () => {
  it('names the contract, dispute, project or company a key belongs to', () => {
    expect(keys.keySubject(keys.contractKey('HT-1'))).toEqual({ kind: 'contract', id: 'HT-1' });
    expect(keys.keySubject(keys.contractVersionsPrefix('HT-1'))).toEqual({ kind: 'contract', id: 'HT-1' });
    expect(keys.keySubject(keys.arrearsEventsOfContractPrefix('HT-1'))).toEqual({ kind: 'contract', id: 'HT-1' });
    expect(keys.keySubject(keys.arrearsSummaryKey('P-1', 'HT-1'))).toEqual({ kind: 'contract', id: 'HT-1' });
    expect(keys.keySubject(keys.arrearsSummariesPrefix('P-1'))).toEqual({ kind: 'project', id: 'P-1' });
    expect(keys.keySubject(keys.disputeKey('D-1'))).toEqual({ kind: 'dispute', id: 'D-1' });
    expect(keys.keySubject(keys.receiptKey('D-1', 'L-1', 'R-1'))).toEqual({ kind: 'dispute', id: 'D-1' });
    expect(keys.keySubject(keys.riskWarningsPrefix('P-1'))).toEqual({ kind: 'project', id: 'P-1' });
    expect(keys.keySubject(keys.companyDisputesPrefix('91110105MA01XQ7T3B'))).toEqual({ kind: 'company', id: '91110105MA01XQ7T3B' });
    expect(keys.keySubject(keys.documentAnchorKey(H1, 'letter', 'D-1/L-1'))).toEqual({ kind: 'dispute', id: 'D-1' });
    expect(keys.keySubject(keys.documentAnchorKey(H1, 'contract', 'HT-1@2'))).toEqual({ kind: 'contract', id: 'HT-1' });
  });

  it('names none for channel-wide keys', () => {
    expect(keys.keySubject([keys.OBJECT_TYPES.contract])).toBeUndefined();
    expect(keys.keySubject(keys.stageDisputesPrefix('OPENED'))).toBeUndefined();
    expect(keys.keySubject(keys.documentAnchorsPrefix(H1))).toBeUndefined();
    expect(keys.keySubject(keys.disputeTransitionsPrefix())).toBeUndefined();
  });
});
