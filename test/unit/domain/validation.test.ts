import {
  checkBatchSize,
  checkContractTerm,
  checkEventTime,
  EVENT_TIME_TOLERANCE_MS,
  MAX_BATCH_SIZE,
  validateArrearsEvent,
  validateBatch,
  validateContractAmendment,
  validateContractRegistration,
  validateContractTermination,
  validateDisputeOpening,
  validateDisputeTransition,
  validateLetter,
  validateReceipt,
  validateRiskThreshold,
  validateDeltaFold,
  MAX_DELTAS_PER_FOLD,
} from '../../../chaincode/src/domain/validation';
import { H1, H2, expectCode } from './fixtures';

const registration = {
  contractId: 'HT-2024-0001',
  projectId: 'P-001',
  unitId: '3-2-501',
  ownerCommitment: H1,
  documentSha256: H2,
  feeTerms: { monthlyFeeFen: 25_000, billingCycle: 'MONTHLY', dueDayOfMonth: 10 },
  termStart: '2024-01-01',
  termEnd: '2026-12-31',
};
const arrears = { eventId: 'E-1', contractId: 'HT-2024-0001', type: 'billed', period: '2024-05', amountFen: 25_000 };

describe('contract registration', () => {
  it('returns exactly the known fields', () => {
    expect(validateContractRegistration(registration)).toEqual(registration);
  });

  it.each([
    ['contractId', { contractId: '' }],
    ['contractId', { contractId: '-lead' }],
    ['contractId', { contractId: 'a'.repeat(65) }],
    ['contractId', { contractId: 'has space' }],
    ['projectId', { projectId: '小区' }],
    ['projectId', { projectId: undefined }],
    ['unitId', { unitId: '13812345678' }],
    ['ownerCommitment', { ownerCommitment: H1.toUpperCase() }],
    ['ownerCommitment', { ownerCommitment: H1.slice(1) }],
    ['ownerCommitment', { ownerCommitment: '13812345678' }],
    ['documentSha256', { documentSha256: `${H2}0` }],
    ['feeTerms', { feeTerms: null }],
    ['feeTerms.monthlyFeeFen', { feeTerms: { ...registration.feeTerms, monthlyFeeFen: 0 } }],
    ['feeTerms.monthlyFeeFen', { feeTerms: { ...registration.feeTerms, monthlyFeeFen: 250.5 } }],
    ['feeTerms.monthlyFeeFen', { feeTerms: { ...registration.feeTerms, monthlyFeeFen: '25000' } }],
    ['feeTerms.billingCycle', { feeTerms: { ...registration.feeTerms, billingCycle: 'weekly' } }],
    ['feeTerms.dueDayOfMonth', { feeTerms: { ...registration.feeTerms, dueDayOfMonth: 29 } }],
    ['feeTerms.dueDayOfMonth', { feeTerms: { ...registration.feeTerms, dueDayOfMonth: 0 } }],
    ['feeTerms.extra', { feeTerms: { ...registration.feeTerms, extra: 1 } }],
    ['termStart', { termStart: '2024-02-30' }],
    ['termEnd', { termEnd: '2024-01-01' }],
    ['termEnd', { termEnd: '2023-12-31' }],
    ['ownerName', { ownerName: '张三' }],
  ])('rejects bad %s', (field, patch) => {
    expectCode(() => validateContractRegistration({ ...registration, ...patch }), 'INVALID_ARGUMENT', field);
  });

  it('rejects a non-object body', () => {
    for (const body of [null, [], 'x', 1]) expectCode(() => validateContractRegistration(body), 'INVALID_ARGUMENT', 'body');
  });

  it('accepts a one-day term', () => {
    expect(() => validateContractRegistration({ ...registration, termEnd: '2024-01-02' })).not.toThrow();
  });
});

describe('contract amendment and termination', () => {
  it('keeps only what changed', () => {
    expect(validateContractAmendment({ contractId: 'HT-1', previousVersion: 1, documentSha256: H1 })).toEqual({
      contractId: 'HT-1',
      previousVersion: 1,
      documentSha256: H1,
    });
    const full = {
      contractId: 'HT-1',
      previousVersion: 2,
      documentSha256: H1,
      feeTerms: registration.feeTerms,
      termStart: '2024-01-01',
      termEnd: '2025-01-01',
      ownerCommitment: H2,
    };
    expect(validateContractAmendment(full)).toEqual(full);
  });

  it('rejects bad amendments', () => {
    const base = { contractId: 'HT-1', previousVersion: 1, documentSha256: H1 };
    expectCode(() => validateContractAmendment({ ...base, previousVersion: 0 }), 'INVALID_ARGUMENT', 'previousVersion');
    expectCode(() => validateContractAmendment({ ...base, documentSha256: undefined }), 'INVALID_ARGUMENT', 'documentSha256');
    expectCode(() => validateContractAmendment({ ...base, termStart: '2025-01-01', termEnd: '2024-01-01' }), 'INVALID_ARGUMENT', 'termEnd');
    expectCode(() => checkContractTerm('2025-01-01', '2025-01-01'), 'INVALID_ARGUMENT', 'termEnd');
    expectCode(() => validateContractAmendment({ ...base, status: 'TERMINATED' }), 'INVALID_ARGUMENT', 'status');
  });

  it('validates terminations: a reason code and a commitment, never the reason itself', () => {
    expect(validateContractTermination({ contractId: 'HT-1', effectiveDate: '2024-06-30', reasonCode: 'PROPERTY_TRANSFERRED', reasonCommitment: H1 })).toEqual({
      contractId: 'HT-1',
      effectiveDate: '2024-06-30',
      reasonCode: 'PROPERTY_TRANSFERRED',
      reasonCommitment: H1,
    });
    expect(validateContractTermination({ contractId: 'HT-1', effectiveDate: '2024-06-30', reasonCode: 'OTHER' })).toEqual({
      contractId: 'HT-1',
      effectiveDate: '2024-06-30',
      reasonCode: 'OTHER',
    });
    expectCode(() => validateContractTermination({ contractId: 'HT-1', effectiveDate: '2024-06-31' }), 'INVALID_ARGUMENT', 'effectiveDate');
    expectCode(() => validateContractTermination({ contractId: 'HT-1', effectiveDate: '2024-06-30', reason: '业主出售房屋' }), 'INVALID_ARGUMENT', 'reason');
    expectCode(() => validateContractTermination({ contractId: 'HT-1', effectiveDate: '2024-06-30', reasonCode: 'SOLD' }), 'INVALID_ARGUMENT', 'reasonCode');
    expectCode(() => validateContractTermination({ contractId: 'HT-1', effectiveDate: '2024-06-30', reasonCommitment: H1 }), 'INVALID_ARGUMENT', 'reasonCode');
    expectCode(
      () => validateContractTermination({ contractId: 'HT-1', effectiveDate: '2024-06-30', reasonCode: 'OTHER', reasonCommitment: '王小明' }),
      'INVALID_ARGUMENT',
      'reasonCommitment',
    );
  });
});

describe('arrears event', () => {
  it('accepts each type', () => {
    for (const type of ['billed', 'paid', 'waived']) expect(validateArrearsEvent({ ...arrears, type }).type).toBe(type);
  });

  it.each([
    [0, false],
    [1, true],
    [-1, false],
    [Number.MAX_SAFE_INTEGER, true],
    [Number.MAX_SAFE_INTEGER + 1, false],
    [1.5, false],
    [NaN, false],
    [Infinity, false],
    ['100', false],
    [null, false],
  ])('amountFen %p accepted: %p', (amountFen, ok) => {
    const run = () => validateArrearsEvent({ ...arrears, amountFen });
    if (ok) expect(run().amountFen).toBe(amountFen);
    else expectCode(run, 'INVALID_ARGUMENT', 'amountFen');
  });

  it.each([
    ['type', { type: 'refund' }],
    ['period', { period: '2024-5' }],
    ['period', { period: '2024-05-01' }],
    ['period', { period: '2024-13' }],
    ['eventId', { eventId: 'e/1' }],
    ['note', { note: '欠费' }],
    ['noteCode', { noteCode: 'LATE' }],
    ['noteCode', { noteCommitment: H1 }],
    ['noteCommitment', { noteCode: 'OTHER', noteCommitment: 'x'.repeat(64) }],
  ])('rejects bad %s', (field, patch) => {
    expectCode(() => validateArrearsEvent({ ...arrears, ...patch }), 'INVALID_ARGUMENT', field);
  });

  it('keeps a note as its code and commitment', () => {
    expect(validateArrearsEvent({ ...arrears, noteCode: 'PAYMENT_PLAN', noteCommitment: H2 })).toMatchObject({ noteCode: 'PAYMENT_PLAN', noteCommitment: H2 });
  });
});

describe('dispute opening, letter, receipt', () => {
  it('validates dispute openings and sorts periods', () => {
    expect(
      validateDisputeOpening({ disputeId: 'D-1', contractId: 'HT-1', lawFirmMspId: 'LawFirmAMSP', claimedAmountFen: 1, periods: ['2024-05', '2024-03'] }),
    ).toEqual({
      disputeId: 'D-1',
      contractId: 'HT-1',
      lawFirmMspId: 'LawFirmAMSP',
      claimedAmountFen: 1,
      periods: ['2024-03', '2024-05'],
    });
    // The retained firm is one of the channel's law firms, and named at opening.
    expectCode(() => validateDisputeOpening({ disputeId: 'D-1', contractId: 'HT-1', claimedAmountFen: 1 }), 'INVALID_ARGUMENT', 'lawFirmMspId');
    for (const lawFirmMspId of ['CourtMSP', 'HousingBureauMSP', 'LawfirmCMSP', 'LawFirmMSP', 'LawFirmcMSP', 7]) {
      expectCode(() => validateDisputeOpening({ disputeId: 'D-1', contractId: 'HT-1', lawFirmMspId, claimedAmountFen: 1 }), 'INVALID_ARGUMENT', 'lawFirmMspId');
    }
    // A firm that joined at run time is a law firm too (whether it is on the channel now, the API checks).
    expect(validateDisputeOpening({ disputeId: 'D-1', contractId: 'HT-1', lawFirmMspId: 'LawFirmCMSP', claimedAmountFen: 1 }).lawFirmMspId).toBe('LawFirmCMSP');
    expectCode(
      () => validateDisputeOpening({ disputeId: 'D-1', contractId: 'HT-1', lawFirmMspId: 'LawFirmAMSP', claimedAmountFen: 0 }),
      'INVALID_ARGUMENT',
      'claimedAmountFen',
    );
    expectCode(
      () => validateDisputeOpening({ disputeId: 'D-1', contractId: 'HT-1', lawFirmMspId: 'LawFirmAMSP', claimedAmountFen: Number.MAX_SAFE_INTEGER + 1 }),
      'INVALID_ARGUMENT',
      'claimedAmountFen',
    );
    expectCode(
      () => validateDisputeOpening({ disputeId: 'D-1', contractId: 'HT-1', lawFirmMspId: 'LawFirmAMSP', claimedAmountFen: 1, periods: ['2024-03', '2024-03'] }),
      'INVALID_ARGUMENT',
      'periods',
    );
    expectCode(
      () => validateDisputeOpening({ disputeId: 'D-1', contractId: 'HT-1', lawFirmMspId: 'LawFirmAMSP', claimedAmountFen: 1, periods: [] }),
      'INVALID_ARGUMENT',
      'periods',
    );
    expectCode(
      () => validateDisputeOpening({ disputeId: 'D-1', contractId: 'HT-1', lawFirmMspId: 'LawFirmAMSP', claimedAmountFen: 1, periods: ['2024-3'] }),
      'INVALID_ARGUMENT',
      'periods[0]',
    );
    const many = Array.from({ length: 121 }, (_, i) => `${2000 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`);
    expectCode(
      () => validateDisputeOpening({ disputeId: 'D-1', contractId: 'HT-1', lawFirmMspId: 'LawFirmAMSP', claimedAmountFen: 1, periods: many }),
      'LIMIT_EXCEEDED',
      'periods',
    );
    expectCode(
      () => validateDisputeOpening({ disputeId: 'D-1', contractId: 'HT-1', lawFirmMspId: 'LawFirmAMSP', claimedAmountFen: 1, description: '拖欠物业费' }),
      'INVALID_ARGUMENT',
      'description',
    );
    expect(
      validateDisputeOpening({
        disputeId: 'D-1',
        contractId: 'HT-1',
        lawFirmMspId: 'LawFirmAMSP',
        claimedAmountFen: 1,
        descriptionCode: 'UNPAID_FEES',
        descriptionCommitment: H1,
      }),
    ).toMatchObject({ descriptionCode: 'UNPAID_FEES', descriptionCommitment: H1 });
  });

  const letter = { letterId: 'L-1', disputeId: 'D-1', contentSha256: H1, channel: 'SMS', recipientCommitment: H2, eventTime: '2024-05-02T08:00:00+08:00' };
  it('validates letters and normalises the event time', () => {
    expect(validateLetter(letter)).toEqual({ ...letter, eventTime: '2024-05-02T00:00:00.000Z' });
    for (const channel of ['EMAIL', 'APP']) expect(validateLetter({ ...letter, channel }).channel).toBe(channel);
    expectCode(() => validateLetter({ ...letter, channel: 'FAX' }), 'INVALID_ARGUMENT', 'channel');
    expectCode(() => validateLetter({ ...letter, recipientCommitment: '13812345678' }), 'INVALID_ARGUMENT', 'recipientCommitment');
    expectCode(() => validateLetter({ ...letter, recipientPhone: '13812345678' }), 'INVALID_ARGUMENT', 'recipientPhone');
    expectCode(() => validateLetter({ ...letter, eventTime: '2024-05-02' }), 'INVALID_ARGUMENT', 'eventTime');
  });

  const receipt = { receiptId: 'R-1', letterId: 'L-1', disputeId: 'D-1', kind: 'DELIVERED', evidenceSha256: H1, eventTime: '2024-05-02T00:00:00Z' };
  it('validates receipts', () => {
    expect(validateReceipt(receipt)).toEqual({ ...receipt, eventTime: '2024-05-02T00:00:00.000Z' });
    expectCode(() => validateReceipt({ ...receipt, kind: 'SENT' }), 'INVALID_ARGUMENT', 'kind');
    expectCode(() => validateReceipt({ ...receipt, evidenceSha256: 'abc' }), 'INVALID_ARGUMENT', 'evidenceSha256');
  });
});

describe('checkEventTime', () => {
  const tx = '2024-05-02T00:00:00.000Z';
  const txMs = Date.parse(tx);
  const at = (offset: number): string => new Date(txMs + offset).toISOString();

  it('uses a 5-minute tolerance by default', () => {
    expect(EVENT_TIME_TOLERANCE_MS).toBe(300_000);
  });

  it.each([
    [0, true],
    [EVENT_TIME_TOLERANCE_MS, true],
    [-EVENT_TIME_TOLERANCE_MS, true],
    [EVENT_TIME_TOLERANCE_MS + 1, false],
    [-EVENT_TIME_TOLERANCE_MS - 1, false],
    [-86_400_000, false],
  ])('offset %p ms accepted: %p', (offset, ok) => {
    if (ok) expect(checkEventTime(at(offset), tx)).toBe(at(offset));
    else expect(expectCode(() => checkEventTime(at(offset), tx), 'INVALID_ARGUMENT', 'eventTime').details.differenceMs).toBe(offset);
  });

  it('honours a custom tolerance and offsets', () => {
    expect(checkEventTime('2024-05-02T08:00:01+08:00', tx, 1000)).toBe('2024-05-02T00:00:01.000Z');
    expectCode(() => checkEventTime('2024-05-02T08:00:01.001+08:00', tx, 1000), 'INVALID_ARGUMENT', 'eventTime');
    expectCode(() => checkEventTime(tx, 'not a time'), 'INVALID_ARGUMENT', 'txTime');
  });
});

describe('dispute transitions and thresholds', () => {
  it('validates a transition request', () => {
    expect(validateDisputeTransition({ disputeId: 'D-1', action: 'triage', to: 'TRIAGED_STREET_OFFICE', documentHashes: [H2, H1] })).toEqual({
      disputeId: 'D-1',
      action: 'triage',
      to: 'TRIAGED_STREET_OFFICE',
      documentHashes: [H1, H2],
    });
    expect(validateDisputeTransition({ disputeId: 'D-1', action: 'settleDispute' }).documentHashes).toEqual([]);
    expectCode(() => validateDisputeTransition({ disputeId: 'D-1', action: 'registerContract' }), 'INVALID_ARGUMENT', 'action');
    expectCode(() => validateDisputeTransition({ disputeId: 'D-1', action: 'triage', to: 'NOWHERE' }), 'INVALID_ARGUMENT', 'to');
    expectCode(() => validateDisputeTransition({ disputeId: 'D-1', action: 'fileCase', caseNumber: '' }), 'INVALID_ARGUMENT', 'caseNumber');
    expectCode(() => validateDisputeTransition({ disputeId: 'D-1', action: 'fileCase', documentHashes: H1 }), 'INVALID_ARGUMENT', 'documentHashes');
  });

  it.each([
    [0, false],
    [1, true],
    [10_000, true],
    [10_001, false],
    [2.5, false],
  ])('thresholdBp %p accepted: %p', (thresholdBp, ok) => {
    const run = () => validateRiskThreshold({ projectId: 'P-1', thresholdBp });
    if (ok) expect(run().thresholdBp).toBe(thresholdBp);
    else expectCode(run, 'INVALID_ARGUMENT', 'thresholdBp');
  });

  it('accepts the default threshold key *', () => {
    expect(validateRiskThreshold({ projectId: '*', thresholdBp: 3000 }).projectId).toBe('*');
  });
});

describe('a fold of project deltas (CompactDeltas)', () => {
  const tx = (i: number) => i.toString(16).padStart(64, '0');

  it('sorts the transaction IDs and keeps the project as sent', () => {
    expect(validateDeltaFold({ projectId: 'P-1', txIds: [tx(3), tx(1), tx(2)] })).toEqual({ projectId: 'P-1', txIds: [tx(1), tx(2), tx(3)] });
  });

  it.each([
    ['txIds', { projectId: 'P-1', txIds: [tx(1)] }],
    ['txIds', { projectId: 'P-1', txIds: 'x' }],
    ['txIds', { projectId: 'P-1', txIds: [tx(1), tx(1)] }],
    ['txIds[1]', { projectId: 'P-1', txIds: [tx(1), 'ABC'] }],
    ['txIds[0]', { projectId: 'P-1', txIds: [tx(255).toUpperCase(), tx(2)] }],
    ['projectId', { projectId: '', txIds: [tx(1), tx(2)] }],
  ])('refuses a bad %s', (field, input) => {
    expectCode(() => validateDeltaFold(input), 'INVALID_ARGUMENT', field);
  });

  it(`folds at most ${MAX_DELTAS_PER_FOLD} at once`, () => {
    expect(validateDeltaFold({ projectId: 'P-1', txIds: Array.from({ length: MAX_DELTAS_PER_FOLD }, (_, i) => tx(i)) }).txIds).toHaveLength(
      MAX_DELTAS_PER_FOLD,
    );
    expectCode(() => validateDeltaFold({ projectId: 'P-1', txIds: Array.from({ length: MAX_DELTAS_PER_FOLD + 1 }, (_, i) => tx(i)) }), 'LIMIT_EXCEEDED');
  });
});

describe('batches', () => {
  const items = (n: number) => Array.from({ length: n }, (_, i) => ({ ...arrears, eventId: `E-${i}` }));

  it('allows up to the limit and no more', () => {
    expect(MAX_BATCH_SIZE).toBe(500);
    expect(checkBatchSize(items(500))).toHaveLength(500);
    const error = expectCode(() => checkBatchSize(items(501)), 'LIMIT_EXCEEDED', 'items');
    expect(error.details).toMatchObject({ max: 500, size: 501 });
    expectCode(() => checkBatchSize([]), 'INVALID_ARGUMENT', 'items');
    expectCode(() => checkBatchSize({ length: 1 }), 'INVALID_ARGUMENT', 'items');
    expectCode(() => checkBatchSize(items(3), 2), 'LIMIT_EXCEEDED');
  });

  it('validates every item and points at the bad one', () => {
    expect(validateBatch(items(3), validateArrearsEvent, (e) => e.eventId)).toHaveLength(3);
    const bad = items(3);
    bad[2] = { ...arrears, eventId: 'E-2', amountFen: 0 };
    const error = expectCode(() => validateBatch(bad, validateArrearsEvent), 'INVALID_ARGUMENT', 'items[2].amountFen');
    expect(error.message).toMatch(/^items\[2\]\.amountFen: /);
    expect(error.details.index).toBe(2);
    expectCode(() => validateBatch([null], validateArrearsEvent), 'INVALID_ARGUMENT', 'items[0]');
  });

  it('rejects duplicate IDs in one batch', () => {
    const dup = [...items(2), { ...arrears, eventId: 'E-0' }];
    expectCode(() => validateBatch(dup, validateArrearsEvent, (e) => e.eventId), 'INVALID_ARGUMENT', 'items[2]');
  });

  it('passes through non-domain errors untouched', () => {
    const boom = new TypeError('boom');
    expect(() =>
      validateBatch([1], () => {
        throw boom;
      }),
    ).toThrow(boom);
  });
});
