// Validators for every request body the chaincode accepts. Each takes the
// parsed JSON (unknown), returns a typed value holding only known fields, and
// throws INVALID_ARGUMENT naming the first bad field (LIMIT_EXCEEDED for batch
// and list sizes). The parties' company ID and MSP never come from here: they
// come from the certificate (actors.ts).
import { isLawFirmMspId, type LawFirmMspId, type MspId } from './actors';
import { DomainError, invalidArgument, limitExceeded } from './errors';
import { isCaseNumber } from './case-number';
import { assertNoPii, calendarDate, identifier, instant, integerInRange, oneOf, period, positiveFen, requireFields, sha256Hex } from './fields';
import { ownedIdentifier } from './owned-ids';
import {
  ARREARS_NOTE_CODES,
  DISPUTE_DESCRIPTION_CODES,
  TERMINATION_REASON_CODES,
  TRANSITION_NOTE_CODES,
  textReference,
  validateNoteText,
  type ArrearsNoteCode,
  type DisputeDescriptionCode,
  type TerminationReasonCode,
  type TransitionNoteCode,
} from './free-text';
import { isDisputeAction, isDisputeStage, type DisputeAction, type DisputeStage } from './stage-table';
import { parseInstant } from './time';

/** Items per bulk request; keeps one transaction's read/write set and payload bounded. */
export const MAX_BATCH_SIZE = 500;
/** How far a client-supplied event time may sit from the transaction time, either way. */
export const EVENT_TIME_TOLERANCE_MS = 5 * 60_000;
/** Document hashes attached to one dispute transition. */
export const MAX_DOCUMENTS_PER_TRANSITION = 16;
/** Billing periods one dispute may claim. */
export const MAX_PERIODS_PER_DISPUTE = 120;

export const BILLING_CYCLES = ['MONTHLY', 'QUARTERLY', 'SEMI_ANNUAL', 'ANNUAL'] as const;
export type BillingCycle = (typeof BILLING_CYCLES)[number];
export const ARREARS_EVENT_TYPES = ['billed', 'paid', 'waived'] as const;
export type ArrearsEventType = (typeof ARREARS_EVENT_TYPES)[number];
export const LETTER_CHANNELS = ['SMS', 'EMAIL', 'APP'] as const;
export type LetterChannel = (typeof LETTER_CHANNELS)[number];
export const RECEIPT_KINDS = ['DELIVERED', 'VIEWED'] as const;
export type ReceiptKind = (typeof RECEIPT_KINDS)[number];

export interface FeeTerms {
  readonly monthlyFeeFen: number;
  readonly billingCycle: BillingCycle;
  /** Day of the period's month the fee falls due (1-28, so every month has it). */
  readonly dueDayOfMonth: number;
}

export interface ContractRegistration {
  readonly contractId: string;
  readonly projectId: string;
  readonly unitId: string;
  /** Salted commitment to the owner's identity; the clear data stays off-chain. */
  readonly ownerCommitment: string;
  readonly documentSha256: string;
  readonly feeTerms: FeeTerms;
  readonly termStart: string;
  readonly termEnd: string;
}

export interface ContractAmendment {
  readonly contractId: string;
  /** The version being amended: a stale value means someone amended first. */
  readonly previousVersion: number;
  readonly documentSha256: string;
  readonly feeTerms?: FeeTerms;
  readonly termStart?: string;
  readonly termEnd?: string;
  readonly ownerCommitment?: string;
}

export interface ContractTermination {
  readonly contractId: string;
  readonly effectiveDate: string;
  readonly documentSha256?: string;
  /** Why, as a code; the clear reason stays off the shared ledger (free-text.ts). */
  readonly reasonCode?: TerminationReasonCode;
  readonly reasonCommitment?: string;
}

export interface ArrearsEventInput {
  readonly eventId: string;
  readonly contractId: string;
  readonly type: ArrearsEventType;
  readonly period: string;
  readonly amountFen: number;
  readonly noteCode?: ArrearsNoteCode;
  readonly noteCommitment?: string;
}

export interface DisputeOpening {
  readonly disputeId: string;
  readonly contractId: string;
  /** The law firm retained for the dispute: only its lawyers send letters and read the dispute. */
  readonly lawFirmMspId: MspId;
  readonly claimedAmountFen: number;
  readonly periods?: readonly string[];
  readonly descriptionCode?: DisputeDescriptionCode;
  readonly descriptionCommitment?: string;
}

export interface LetterInput {
  readonly letterId: string;
  readonly disputeId: string;
  readonly contentSha256: string;
  readonly channel: LetterChannel;
  readonly recipientCommitment: string;
  /** When the firm's system sent it; checked against the tx time with checkEventTime. */
  readonly eventTime: string;
}

export interface ReceiptInput {
  readonly receiptId: string;
  readonly letterId: string;
  readonly disputeId: string;
  readonly kind: ReceiptKind;
  readonly evidenceSha256: string;
  readonly eventTime: string;
}

/** Any request that moves a dispute along the stage machine. */
export interface DisputeTransitionInput {
  readonly disputeId: string;
  readonly action: DisputeAction;
  /** Needed where one action has several targets (recordMediation, triage). */
  readonly to?: DisputeStage;
  readonly documentHashes: readonly string[];
  readonly caseNumber?: string;
  readonly noteCode?: TransitionNoteCode;
  readonly noteCommitment?: string;
  /** reassignLawFirm: the firm retained from now on. */
  readonly lawFirmMspId?: MspId;
}

export interface RiskThresholdInput {
  /** A project ID, or '*' for the default applying to projects without their own. */
  readonly projectId: string;
  /** 1-10000 basis points of active contracts overdue (10000 = 100%). */
  readonly thresholdBp: number;
}

function feeTerms(value: unknown, field: string): FeeTerms {
  const f = requireFields(value, ['monthlyFeeFen', 'billingCycle', 'dueDayOfMonth'], field);
  return {
    monthlyFeeFen: positiveFen(f.monthlyFeeFen, `${field}.monthlyFeeFen`),
    billingCycle: oneOf(f.billingCycle, `${field}.billingCycle`, BILLING_CYCLES),
    dueDayOfMonth: integerInRange(f.dueDayOfMonth, `${field}.dueDayOfMonth`, 1, 28),
  };
}

function checkTerm(termStart: string, termEnd: string): void {
  // Valid YYYY-MM-DD strings order lexicographically as dates.
  if (termEnd <= termStart) throw invalidArgument('termEnd', 'must be after termStart', { termStart, termEnd });
}

export function validateContractRegistration(input: unknown): ContractRegistration {
  const f = requireFields(input, ['contractId', 'projectId', 'unitId', 'ownerCommitment', 'documentSha256', 'feeTerms', 'termStart', 'termEnd']);
  const out: ContractRegistration = {
    contractId: ownedIdentifier(f.contractId, 'contractId'),
    projectId: ownedIdentifier(f.projectId, 'projectId'),
    unitId: identifier(f.unitId, 'unitId'),
    ownerCommitment: sha256Hex(f.ownerCommitment, 'ownerCommitment'),
    documentSha256: sha256Hex(f.documentSha256, 'documentSha256'),
    feeTerms: feeTerms(f.feeTerms, 'feeTerms'),
    termStart: calendarDate(f.termStart, 'termStart'),
    termEnd: calendarDate(f.termEnd, 'termEnd'),
  };
  checkTerm(out.termStart, out.termEnd);
  return out;
}

/**
 * An amendment carries the new signed document and whichever terms changed.
 * When only one end of the term changes, the chaincode must re-check the term
 * against the stored other end (checkContractTerm).
 */
export function validateContractAmendment(input: unknown): ContractAmendment {
  const f = requireFields(input, ['contractId', 'previousVersion', 'documentSha256', 'feeTerms', 'termStart', 'termEnd', 'ownerCommitment']);
  const out: ContractAmendment = {
    contractId: ownedIdentifier(f.contractId, 'contractId'),
    previousVersion: integerInRange(f.previousVersion, 'previousVersion', 1, Number.MAX_SAFE_INTEGER),
    documentSha256: sha256Hex(f.documentSha256, 'documentSha256'),
    ...(f.feeTerms === undefined ? {} : { feeTerms: feeTerms(f.feeTerms, 'feeTerms') }),
    ...(f.termStart === undefined ? {} : { termStart: calendarDate(f.termStart, 'termStart') }),
    ...(f.termEnd === undefined ? {} : { termEnd: calendarDate(f.termEnd, 'termEnd') }),
    ...(f.ownerCommitment === undefined ? {} : { ownerCommitment: sha256Hex(f.ownerCommitment, 'ownerCommitment') }),
  };
  if (out.termStart !== undefined && out.termEnd !== undefined) checkTerm(out.termStart, out.termEnd);
  return out;
}

/** Term check for the merged result of an amendment. */
export function checkContractTerm(termStart: string, termEnd: string): void {
  checkTerm(calendarDate(termStart, 'termStart'), calendarDate(termEnd, 'termEnd'));
}

export function validateContractTermination(input: unknown): ContractTermination {
  const f = requireFields(input, ['contractId', 'effectiveDate', 'documentSha256', 'reasonCode', 'reasonCommitment']);
  return {
    contractId: ownedIdentifier(f.contractId, 'contractId'),
    effectiveDate: calendarDate(f.effectiveDate, 'effectiveDate'),
    ...(f.documentSha256 === undefined ? {} : { documentSha256: sha256Hex(f.documentSha256, 'documentSha256') }),
    ...textReference(f, 'reasonCode', 'reasonCommitment', TERMINATION_REASON_CODES),
  };
}

export function validateArrearsEvent(input: unknown): ArrearsEventInput {
  const f = requireFields(input, ['eventId', 'contractId', 'type', 'period', 'amountFen', 'noteCode', 'noteCommitment']);
  return {
    eventId: identifier(f.eventId, 'eventId'),
    contractId: ownedIdentifier(f.contractId, 'contractId'),
    type: oneOf(f.type, 'type', ARREARS_EVENT_TYPES),
    period: period(f.period, 'period'),
    amountFen: positiveFen(f.amountFen, 'amountFen'),
    ...textReference(f, 'noteCode', 'noteCommitment', ARREARS_NOTE_CODES),
  };
}

/**
 * An arrears event as a client sends it to the API, before the API seals its note (free-text.ts): the note's clear
 * text checked as the API will take it, the rest as the chaincode will. The API's batch check and the company's
 * upload page both use it, so a row refused by one is refused by the other.
 */
export function validateArrearsEventRequest(input: unknown): ArrearsEventInput {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return validateArrearsEvent(input);
  const { note, ...rest } = input as Record<string, unknown>;
  if (note !== undefined) validateNoteText(note, 'note');
  return validateArrearsEvent(rest);
}

/**
 * A law firm's MSP ID (LawFirm<name>MSP, actors.ts): the founding firms and any that joined since. Whether it is an org
 * of the channel now the chaincode cannot see; the API checks that against the network it serves.
 */
export function lawFirm(value: unknown, field = 'lawFirmMspId'): LawFirmMspId {
  if (!isLawFirmMspId(value)) throw invalidArgument(field, 'must be the MSP ID of a law firm of the channel (LawFirm<name>MSP)');
  return value;
}

export function validateDisputeOpening(input: unknown): DisputeOpening {
  const f = requireFields(input, ['disputeId', 'contractId', 'lawFirmMspId', 'claimedAmountFen', 'periods', 'descriptionCode', 'descriptionCommitment']);
  return {
    disputeId: ownedIdentifier(f.disputeId, 'disputeId'),
    contractId: ownedIdentifier(f.contractId, 'contractId'),
    lawFirmMspId: lawFirm(f.lawFirmMspId),
    claimedAmountFen: positiveFen(f.claimedAmountFen, 'claimedAmountFen'),
    ...(f.periods === undefined ? {} : { periods: periods(f.periods) }),
    ...textReference(f, 'descriptionCode', 'descriptionCommitment', DISPUTE_DESCRIPTION_CODES),
  };
}

/** Sorted and unique, so the stored list does not depend on the caller's order. */
function periods(value: unknown): string[] {
  if (!Array.isArray(value) || value.length === 0) throw invalidArgument('periods', 'must be a non-empty array');
  if (value.length > MAX_PERIODS_PER_DISPUTE) {
    throw limitExceeded(`periods: at most ${MAX_PERIODS_PER_DISPUTE}`, { field: 'periods', max: MAX_PERIODS_PER_DISPUTE });
  }
  return sortedUnique(
    value.map((p, i) => period(p, `periods[${i}]`)),
    'periods',
  );
}

export function validateLetter(input: unknown): LetterInput {
  const f = requireFields(input, ['letterId', 'disputeId', 'contentSha256', 'channel', 'recipientCommitment', 'eventTime']);
  return {
    letterId: identifier(f.letterId, 'letterId'),
    disputeId: ownedIdentifier(f.disputeId, 'disputeId'),
    contentSha256: sha256Hex(f.contentSha256, 'contentSha256'),
    channel: oneOf(f.channel, 'channel', LETTER_CHANNELS),
    recipientCommitment: sha256Hex(f.recipientCommitment, 'recipientCommitment'),
    eventTime: instant(f.eventTime, 'eventTime'),
  };
}

export function validateReceipt(input: unknown): ReceiptInput {
  const f = requireFields(input, ['receiptId', 'letterId', 'disputeId', 'kind', 'evidenceSha256', 'eventTime']);
  return {
    receiptId: identifier(f.receiptId, 'receiptId'),
    letterId: identifier(f.letterId, 'letterId'),
    disputeId: ownedIdentifier(f.disputeId, 'disputeId'),
    kind: oneOf(f.kind, 'kind', RECEIPT_KINDS),
    evidenceSha256: sha256Hex(f.evidenceSha256, 'evidenceSha256'),
    eventTime: instant(f.eventTime, 'eventTime'),
  };
}

/**
 * No backdating and no post-dating: a client-supplied event time must lie
 * within `toleranceMs` of the transaction time, edges included. Returns the
 * event time in stored form.
 */
export function checkEventTime(eventTime: string, txTime: string, toleranceMs = EVENT_TIME_TOLERANCE_MS): string {
  const event = parseInstant(eventTime, 'eventTime');
  const tx = parseInstant(txTime, 'txTime');
  if (Math.abs(event - tx) > toleranceMs) {
    throw invalidArgument('eventTime', `must be within ${toleranceMs} ms of the transaction time`, {
      eventTime,
      txTime,
      toleranceMs,
      differenceMs: event - tx,
    });
  }
  return new Date(event).toISOString();
}

/** 案号 such as （2024）京0105民初12345号: a code of a fixed structure (case-number.ts), never free text. */
export function validateCaseNumber(value: unknown, field = 'caseNumber'): string {
  if (typeof value !== 'string' || !isCaseNumber(value)) {
    throw invalidArgument(field, 'must be a case number such as （2024）京0105民初12345号: （year）, court code, case type code, number, 号');
  }
  assertNoPii(field, value);
  return value;
}

export function validateDocumentHashes(value: unknown, field = 'documentHashes'): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw invalidArgument(field, 'must be an array');
  if (value.length > MAX_DOCUMENTS_PER_TRANSITION) {
    throw limitExceeded(`${field}: at most ${MAX_DOCUMENTS_PER_TRANSITION}`, { field, max: MAX_DOCUMENTS_PER_TRANSITION });
  }
  return sortedUnique(
    value.map((h, i) => sha256Hex(h, `${field}[${i}]`)),
    field,
  );
}

function sortedUnique(values: string[], field: string): string[] {
  const sorted = [...values].sort();
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i] === sorted[i - 1]) throw invalidArgument(field, `duplicate entry ${String(sorted[i])}`);
  }
  return sorted;
}

export function validateDisputeTransition(input: unknown): DisputeTransitionInput {
  const f = requireFields(input, ['disputeId', 'action', 'to', 'documentHashes', 'caseNumber', 'lawFirmMspId', 'noteCode', 'noteCommitment']);
  if (!isDisputeAction(f.action)) throw invalidArgument('action', 'is not a dispute action');
  if (f.to !== undefined && !isDisputeStage(f.to)) throw invalidArgument('to', 'is not a dispute stage');
  return {
    disputeId: ownedIdentifier(f.disputeId, 'disputeId'),
    action: f.action,
    ...(f.to === undefined ? {} : { to: f.to }),
    documentHashes: validateDocumentHashes(f.documentHashes),
    ...(f.caseNumber === undefined ? {} : { caseNumber: validateCaseNumber(f.caseNumber) }),
    ...(f.lawFirmMspId === undefined ? {} : { lawFirmMspId: lawFirm(f.lawFirmMspId) }),
    ...textReference(f, 'noteCode', 'noteCommitment', TRANSITION_NOTE_CODES),
  };
}

export function validateRiskThreshold(input: unknown): RiskThresholdInput {
  const f = requireFields(input, ['projectId', 'thresholdBp']);
  return {
    projectId: f.projectId === '*' ? '*' : ownedIdentifier(f.projectId, 'projectId'),
    thresholdBp: integerInRange(f.thresholdBp, 'thresholdBp', 1, 10_000),
  };
}

/** Deltas one CompactDeltas folds at most. */
export const MAX_DELTAS_PER_FOLD = MAX_BATCH_SIZE;

export interface DeltaFoldInput {
  readonly projectId: string;
  /** The transactions whose deltas of the project to fold (transaction IDs), sorted. */
  readonly txIds: readonly string[];
}

/** CompactDeltas' request: a project and at least two, at most MAX_DELTAS_PER_FOLD, distinct transaction IDs. */
export function validateDeltaFold(input: unknown): DeltaFoldInput {
  const f = requireFields(input, ['projectId', 'txIds']);
  if (!Array.isArray(f.txIds) || f.txIds.length < 2) throw invalidArgument('txIds', 'must be an array of at least two transaction IDs');
  if (f.txIds.length > MAX_DELTAS_PER_FOLD) {
    throw limitExceeded(`txIds: at most ${MAX_DELTAS_PER_FOLD}`, { field: 'txIds', max: MAX_DELTAS_PER_FOLD, size: f.txIds.length });
  }
  return {
    projectId: ownedIdentifier(f.projectId, 'projectId'),
    txIds: sortedUnique(
      f.txIds.map((t, i) => sha256Hex(t, `txIds[${i}]`)),
      'txIds',
    ),
  };
}

/** A bulk request's items: a non-empty array of at most `max` (LIMIT_EXCEEDED beyond). */
export function checkBatchSize(items: unknown, max = MAX_BATCH_SIZE): readonly unknown[] {
  if (!Array.isArray(items) || items.length === 0) throw invalidArgument('items', 'must be a non-empty array');
  if (items.length > max) {
    throw limitExceeded(`items: at most ${max} per batch, got ${items.length}`, { field: 'items', max, size: items.length });
  }
  return items;
}

/**
 * Validates a whole batch or nothing: the first bad item fails the request,
 * with its index in the field path (`items[3].amountFen`). `idOf` rejects
 * duplicate IDs inside the batch, which would otherwise overwrite each other
 * within one transaction.
 */
export function validateBatch<T>(items: unknown, validateItem: (item: unknown) => T, idOf?: (item: T) => string, max = MAX_BATCH_SIZE): T[] {
  const raw = checkBatchSize(items, max);
  const seen = new Set<string>();
  return raw.map((item, index) => {
    let valid: T;
    try {
      valid = validateItem(item);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const field = typeof error.details.field === 'string' ? error.details.field : 'body';
      const path = field === 'body' ? `items[${index}]` : `items[${index}].${field}`;
      const reason = error.message.startsWith(`${field}: `) ? error.message.slice(field.length + 2) : error.message;
      throw new DomainError(error.code, `${path}: ${reason}`, { ...error.details, field: path, index });
    }
    if (idOf !== undefined) {
      const id = idOf(valid);
      if (seen.has(id)) throw invalidArgument(`items[${index}]`, `duplicate id ${id} in batch`, { index });
      seen.add(id);
    }
    return valid;
  });
}
