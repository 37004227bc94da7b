// Request bodies, mirroring the chaincode's validators (chaincode/src/domain/validation.ts).
import { Type, type Static } from 'typebox';
import { CalendarDate, Fen, FreeText, Id, Instant, Period, Sha256 } from './common';

export const FeeTerms = Type.Object({
  monthlyFeeFen: Fen,
  billingCycle: Type.Union([Type.Literal('MONTHLY'), Type.Literal('QUARTERLY'), Type.Literal('SEMI_ANNUAL'), Type.Literal('ANNUAL')]),
  dueDayOfMonth: Type.Integer({ minimum: 1, maximum: 28 }),
}, { additionalProperties: false });

export const ContractRegistration = Type.Object({
  contractId: Id,
  projectId: Id,
  unitId: Id,
  ownerCommitment: Type.String({ pattern: '^[0-9a-f]{64}$', description: 'SHA-256 of the canonical JSON {idNumber, name, phone, salt} of the owner (see PUT /v1/contracts/{id}/owner)' }),
  documentSha256: Sha256,
  feeTerms: FeeTerms,
  termStart: CalendarDate,
  termEnd: CalendarDate,
}, { additionalProperties: false, $id: 'ContractRegistration' });
export type ContractRegistration = Static<typeof ContractRegistration>;

export const MAX_BATCH = 2500;
export const ContractBatch = Type.Object({
  items: Type.Array(Type.Ref('ContractRegistration'), { minItems: 1, maxItems: MAX_BATCH }),
}, { additionalProperties: false });

export const ContractAmendment = Type.Object({
  previousVersion: Type.Integer({ minimum: 1 }),
  documentSha256: Sha256,
  feeTerms: Type.Optional(FeeTerms),
  termStart: Type.Optional(CalendarDate),
  termEnd: Type.Optional(CalendarDate),
  ownerCommitment: Type.Optional(Sha256),
}, { additionalProperties: false });

export const ContractTermination = Type.Object({
  effectiveDate: CalendarDate,
  documentSha256: Type.Optional(Sha256),
  reason: Type.Optional(FreeText),
}, { additionalProperties: false });

export const OwnerData = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 64 }),
  phone: Type.String({ pattern: '^1[3-9]\\d{9}$' }),
  idNumber: Type.String({ pattern: '^\\d{17}[\\dX]$' }),
  salt: Sha256,
}, { additionalProperties: false, description: 'sent to the court/bureau private collection as transient data; never written to a block' });

export const ArrearsEvent = Type.Object({
  eventId: Id,
  contractId: Id,
  type: Type.Union([Type.Literal('billed'), Type.Literal('paid'), Type.Literal('waived')]),
  period: Period,
  amountFen: Fen,
  note: Type.Optional(FreeText),
}, { additionalProperties: false, $id: 'ArrearsEvent' });

export const ArrearsBatch = Type.Object({
  items: Type.Array(Type.Ref('ArrearsEvent'), { minItems: 1, maxItems: MAX_BATCH }),
}, { additionalProperties: false });

export const RiskThreshold = Type.Object({
  thresholdBp: Type.Integer({ minimum: 1, maximum: 10_000, description: 'basis points of active contracts overdue (10000 = 100 %)' }),
}, { additionalProperties: false });

export const DisputeOpening = Type.Object({
  disputeId: Id,
  contractId: Id,
  claimedAmountFen: Fen,
  periods: Type.Optional(Type.Array(Period, { minItems: 1, maxItems: 120 })),
  description: Type.Optional(FreeText),
  documentHashes: Type.Optional(Type.Array(Sha256, { maxItems: 16 })),
}, { additionalProperties: false });

export const DisputeTransition = Type.Object({
  action: Type.Union(['referToMediation', 'recordMediation', 'triage', 'resolveTriage', 'recommendLitigation', 'fileCase', 'settleDispute'].map((a) => Type.Literal(a))),
  to: Type.Optional(Type.String({ description: 'target stage where an action has several (recordMediation, triage)' })),
  documentHashes: Type.Array(Sha256, { maxItems: 16 }),
  caseNumber: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  note: Type.Optional(FreeText),
}, { additionalProperties: false });

export const Letter = Type.Object({
  letterId: Id,
  contentSha256: Sha256,
  channel: Type.Union([Type.Literal('SMS'), Type.Literal('EMAIL'), Type.Literal('APP')]),
  recipientCommitment: Sha256,
  eventTime: Instant,
}, { additionalProperties: false });

export const Receipt = Type.Object({
  receiptId: Id,
  kind: Type.Union([Type.Literal('DELIVERED'), Type.Literal('VIEWED')]),
  evidenceSha256: Sha256,
  eventTime: Instant,
}, { additionalProperties: false });
