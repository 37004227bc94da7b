// Request bodies, mirroring the chaincode's validators (chaincode/src/domain/validation.ts):
// enums and limits come from the domain's constants, so the published schema
// and the chaincode cannot drift apart. The API checks shape; the chaincode
// enforces existence, ownership and stage rules.
import { Type, type Static } from 'typebox';
import {
  ARREARS_EVENT_TYPES,
  ARREARS_NOTE_CODES,
  BASIS_POINTS,
  BILLING_CYCLES,
  CASE_NUMBER,
  DISPUTE_ACTIONS,
  DISPUTE_DESCRIPTION_CODES,
  HEX_SHA256,
  LETTER_CHANNELS,
  MAX_BATCH_SIZE,
  MAX_CASE_NUMBER_LENGTH,
  MAX_DOCUMENTS_PER_TRANSITION,
  MAX_PERIODS_PER_DISPUTE,
  RECEIPT_KINDS,
  TERMINATION_REASON_CODES,
  TRANSITION_NOTE_CODES,
  LAW_FIRM_MSP_PATTERN,
  type DisputeAction,
} from '../../chaincode/src/domain';
import { CalendarDate, Fen, Id, OwnedId, Instant, OffLedgerText, OneOf, Period, Sha256 } from './common';

/** The last due day every month has (the domain's feeTerms check: 1-28). */
const LAST_DUE_DAY = 28;
/** Transactions one batch request may take; each holds at most MAX_BATCH_SIZE items. */
export const MAX_TRANSACTIONS_PER_BATCH = 5;

export const FeeTerms = Type.Object(
  {
    monthlyFeeFen: Fen,
    billingCycle: OneOf(BILLING_CYCLES),
    dueDayOfMonth: Type.Integer({ minimum: 1, maximum: LAST_DUE_DAY }),
  },
  { additionalProperties: false },
);

export const ContractRegistration = Type.Object(
  {
    contractId: OwnedId,
    projectId: OwnedId,
    unitId: Id,
    ownerCommitment: Type.String({
      pattern: HEX_SHA256.source,
      description: 'SHA-256 of the canonical JSON {idNumber, name, phone, salt} of the owner (see PUT /v1/contracts/{id}/owner)',
    }),
    documentSha256: Sha256,
    feeTerms: FeeTerms,
    termStart: CalendarDate,
    termEnd: CalendarDate,
  },
  { additionalProperties: false, $id: 'ContractRegistration' },
);
export type ContractRegistration = Static<typeof ContractRegistration>;

/** Items per batch request: 2,500, sent as transactions of MAX_BATCH_SIZE. */
export const MAX_BATCH = MAX_BATCH_SIZE * MAX_TRANSACTIONS_PER_BATCH;
export const ContractBatch = Type.Object(
  {
    items: Type.Array(Type.Ref('ContractRegistration'), { minItems: 1, maxItems: MAX_BATCH }),
  },
  { additionalProperties: false },
);

export const ContractAmendment = Type.Object(
  {
    previousVersion: Type.Integer({ minimum: 1 }),
    documentSha256: Sha256,
    feeTerms: Type.Optional(FeeTerms),
    termStart: Type.Optional(CalendarDate),
    termEnd: Type.Optional(CalendarDate),
    ownerCommitment: Type.Optional(Sha256),
  },
  { additionalProperties: false },
);

export const ContractTermination = Type.Object(
  {
    effectiveDate: CalendarDate,
    documentSha256: Type.Optional(Sha256),
    reasonCode: Type.Optional(OneOf(TERMINATION_REASON_CODES)),
    reason: Type.Optional(OffLedgerText('reasonCode')),
  },
  { additionalProperties: false },
);

export const OwnerData = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 64 }),
    phone: Type.String({ pattern: '^1[3-9]\\d{9}$' }),
    idNumber: Type.String({ pattern: '^\\d{17}[\\dX]$' }),
    salt: Sha256,
  },
  { additionalProperties: false, description: 'sent to the court/bureau private collection as transient data; never written to a block' },
);

export const ArrearsEvent = Type.Object(
  {
    eventId: Id,
    contractId: OwnedId,
    type: OneOf(ARREARS_EVENT_TYPES),
    period: Period,
    amountFen: Fen,
    noteCode: Type.Optional(OneOf(ARREARS_NOTE_CODES)),
    note: Type.Optional(OffLedgerText('noteCode')),
  },
  { additionalProperties: false, $id: 'ArrearsEvent' },
);

export const ArrearsBatch = Type.Object(
  {
    items: Type.Array(Type.Ref('ArrearsEvent'), { minItems: 1, maxItems: MAX_BATCH }),
  },
  { additionalProperties: false },
);

export const RiskThreshold = Type.Object(
  {
    thresholdBp: Type.Integer({ minimum: 1, maximum: BASIS_POINTS, description: `basis points of active contracts overdue (${BASIS_POINTS} = 100 %)` }),
  },
  { additionalProperties: false },
);

/** The channel's law firms: the organisations that may issue the 'lawyer' role. */
/** A law firm's MSP ID; the routes check it names a law firm of the channel (law-firms.ts). */
export const LawFirm = (description: string) => Type.String({ pattern: LAW_FIRM_MSP_PATTERN.source, description, examples: ['LawFirmAMSP'] });

export const DisputeOpening = Type.Object(
  {
    disputeId: OwnedId,
    contractId: OwnedId,
    lawFirmMspId: LawFirm('the law firm retained for the dispute: only its lawyers send letters and receipts and read the dispute'),
    claimedAmountFen: Fen,
    periods: Type.Optional(Type.Array(Period, { minItems: 1, maxItems: MAX_PERIODS_PER_DISPUTE })),
    descriptionCode: Type.Optional(OneOf(DISPUTE_DESCRIPTION_CODES)),
    description: Type.Optional(OffLedgerText('descriptionCode')),
    documentHashes: Type.Optional(Type.Array(Sha256, { maxItems: MAX_DOCUMENTS_PER_TRANSITION })),
  },
  { additionalProperties: false },
);

/** Actions that letters and receipts make (POST /letters, /receipts), not a transition request. */
const LETTER_ACTIONS: readonly DisputeAction[] = ['sendLetter', 'recordDelivery', 'recordViewed'];
/** The actions POST /disputes/{id}/transitions takes: every dispute action but the letters'. */
export const TRANSITION_ACTIONS = DISPUTE_ACTIONS.filter((a) => !LETTER_ACTIONS.includes(a));

export const DisputeTransition = Type.Object(
  {
    action: OneOf(TRANSITION_ACTIONS),
    to: Type.Optional(Type.String({ description: 'target stage where an action has several (recordMediation, triage)' })),
    documentHashes: Type.Array(Sha256, { maxItems: MAX_DOCUMENTS_PER_TRANSITION }),
    caseNumber: Type.Optional(
      Type.String({ pattern: CASE_NUMBER.source, maxLength: MAX_CASE_NUMBER_LENGTH, description: '案号, e.g. （2024）京0105民初12345号' }),
    ),
    lawFirmMspId: Type.Optional(LawFirm('reassignLawFirm: the law firm retained from now on')),
    noteCode: Type.Optional(OneOf(TRANSITION_NOTE_CODES)),
    note: Type.Optional(OffLedgerText('noteCode')),
  },
  { additionalProperties: false },
);

export const Letter = Type.Object(
  {
    letterId: Id,
    contentSha256: Sha256,
    channel: OneOf(LETTER_CHANNELS),
    recipientCommitment: Sha256,
    eventTime: Instant,
  },
  { additionalProperties: false },
);

export const Receipt = Type.Object(
  {
    receiptId: Id,
    kind: OneOf(RECEIPT_KINDS),
    evidenceSha256: Sha256,
    eventTime: Instant,
  },
  { additionalProperties: false },
);
