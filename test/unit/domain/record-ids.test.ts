import {
  anchorSubject,
  contractVersionRecordId,
  disputeTransitionRecordId,
  documentAnchorRecordId,
  letterRecordId,
  parseContractVersionRecordId,
  parseDisputeTransitionRecordId,
  parseDocumentAnchorRecordId,
  parseLetterRecordId,
  parseReceiptRecordId,
  parseRiskWarningRecordId,
  receiptRecordId,
  riskWarningRecordId,
} from '../../../chaincode/src/domain';

const SHA = 'ab'.repeat(32);

describe('record IDs', () => {
  it('are built in their one written-down form', () => {
    expect(contractVersionRecordId('HT-1', 2)).toBe('HT-1@2');
    expect(disputeTransitionRecordId('D-1', 0)).toBe('D-1#0');
    expect(letterRecordId('D-1', 'L-1')).toBe('D-1/L-1');
    expect(receiptRecordId('D-1', 'L-1', 'R-1')).toBe('D-1/L-1/R-1');
    expect(riskWarningRecordId('P-1', 'f0'.repeat(32))).toBe(`P-1/${'f0'.repeat(32)}`);
    expect(documentAnchorRecordId(SHA, 'letter', 'D-1/L-1')).toBe(`${SHA}:letter:D-1/L-1`);
  });

  it('parse back what they build', () => {
    expect(parseContractVersionRecordId(contractVersionRecordId('HT-1', 12))).toEqual({ contractId: 'HT-1', version: 12 });
    expect(parseDisputeTransitionRecordId(disputeTransitionRecordId('D-1', 3))).toEqual({ disputeId: 'D-1', seq: 3 });
    expect(parseLetterRecordId(letterRecordId('D-1', 'L-1'))).toEqual({ disputeId: 'D-1', letterId: 'L-1' });
    expect(parseReceiptRecordId(receiptRecordId('D-1', 'L-1', 'R-1'))).toEqual({ disputeId: 'D-1', letterId: 'L-1', receiptId: 'R-1' });
    expect(parseRiskWarningRecordId(riskWarningRecordId('P-1', 'tx'))).toEqual({ projectId: 'P-1', txId: 'tx' });
    expect(parseDocumentAnchorRecordId(documentAnchorRecordId(SHA, 'contract', 'HT-1@1'))).toEqual({ sha256: SHA, recordType: 'contract', recordId: 'HT-1@1' });
  });

  it('split a version or sequence at the last separator', () => {
    expect(parseContractVersionRecordId('a@b@1')).toEqual({ contractId: 'a@b', version: 1 });
    expect(parseDisputeTransitionRecordId('a#b#0')).toEqual({ disputeId: 'a#b', seq: 0 });
    // The ID before the separator is not judged here: the key builders refuse what is not an identifier.
    expect(parseContractVersionRecordId('@1')).toEqual({ contractId: '', version: 1 });
  });

  it.each(['HT-1', 'HT-1@', 'HT-1@01', 'HT-1@-1', 'HT-1@1.0', 'HT-1@ 1', 'HT-1@1x', 'HT-1@1\n'])('refuse the contract version ID %j', (id) => {
    expect(parseContractVersionRecordId(id)).toBeUndefined();
  });

  it.each(['D-1', 'D-1#', 'D-1#00', 'D-1#+1', 'D-1@1'])('refuse the dispute transition ID %j', (id) => {
    expect(parseDisputeTransitionRecordId(id)).toBeUndefined();
  });

  it('count slashes exactly for letters, receipts and risk warnings', () => {
    expect(parseLetterRecordId('D-1')).toBeUndefined();
    expect(parseLetterRecordId('D-1/L-1/R-1')).toBeUndefined();
    expect(parseLetterRecordId('/')).toEqual({ disputeId: '', letterId: '' });
    expect(parseReceiptRecordId('D-1/L-1')).toBeUndefined();
    expect(parseReceiptRecordId('D-1/L-1/R-1/x')).toBeUndefined();
    expect(parseRiskWarningRecordId('P-1')).toBeUndefined();
    expect(parseRiskWarningRecordId('P-1/a/b')).toBeUndefined();
  });

  it.each([
    `${SHA}:letter`,
    `${SHA.toUpperCase()}:letter:D-1/L-1`,
    `${SHA.slice(2)}:letter:D-1/L-1`,
    `${SHA}::D-1/L-1`,
    `${SHA}:letter:`,
    `x${SHA}:letter:D-1/L-1`,
  ])('refuse the document anchor ID %j', (id) => {
    expect(parseDocumentAnchorRecordId(id)).toBeUndefined();
  });

  it('keep colons and newlines inside the anchored record ID', () => {
    expect(parseDocumentAnchorRecordId(`${SHA}:letter:a:b\nc`)).toEqual({ sha256: SHA, recordType: 'letter', recordId: 'a:b\nc' });
  });
});

describe('anchorSubject', () => {
  it('names the contract or dispute a document anchor belongs to', () => {
    expect(anchorSubject('contract', contractVersionRecordId('HT-1', 3))).toEqual({ kind: 'contract', id: 'HT-1' });
    expect(anchorSubject('disputeTransition', disputeTransitionRecordId('D-1', 4))).toEqual({ kind: 'dispute', id: 'D-1' });
    expect(anchorSubject('letter', letterRecordId('D-1', 'L-1'))).toEqual({ kind: 'dispute', id: 'D-1' });
  });

  it('answers undefined for a form the chaincode never writes', () => {
    expect(anchorSubject('contract', 'HT-1')).toBeUndefined();
    expect(anchorSubject('letter', 'D-1/L-1/R-1')).toBeUndefined();
    expect(anchorSubject('receipt', receiptRecordId('D-1', 'L-1', 'R-1'))).toBeUndefined();
  });
});
