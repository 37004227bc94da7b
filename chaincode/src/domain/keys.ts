// Composite-key parts for every record: [objectType, ...attributes], for
// ctx.stub.createCompositeKey(objectType, attributes) and, with trailing
// attributes dropped, getStateByPartialCompositeKey.
//
// MVCC: no key here is written by unrelated transactions. Each arrears event
// has its own key and nothing aggregates them on write; counts (the funnel, a
// project's arrears ratio) are per-transaction delta keys summed on read.
// Index keys hold no data (store the value '\u0000'), so writing
// one never conflicts with another writer of the same index range.
import { invalidArgument } from './errors';
import { anchorSubject } from './record-ids';
import type { DisputeStage } from './stage-table';

export type KeyParts = readonly [objectType: string, ...attributes: string[]];

export const OBJECT_TYPES = {
  contract: 'contract',
  contractVersion: 'contractVersion',
  arrearsEvent: 'arrearsEvent',
  dispute: 'dispute',
  disputeTransition: 'disputeTransition',
  letter: 'letter',
  receipt: 'receipt',
  documentAnchor: 'documentAnchor',
  riskThreshold: 'riskThreshold',
  riskWarning: 'riskWarning',
  riskState: 'riskState',
  arrearsSummary: 'project~arrearsSummary',
  /** A project's contract index, written by registrations before the arrears summaries took its place; read on older ledgers only by attestations. */
  projectContract: 'project~contract',
  companyContract: 'company~contract',
  companyDispute: 'company~dispute',
  contractDispute: 'contract~dispute',
  projectDispute: 'project~dispute',
  stageDispute: 'stage~dispute',
  lawFirmDispute: 'lawFirm~dispute',
  projectOwner: 'projectOwner',
  projectDelta: 'projectDelta',
} as const;

/** Fabric rejects U+0000 and U+10FFFF in attributes; empty ones would make partial-key queries ambiguous. */
function parts(objectType: string, ...attributes: string[]): KeyParts {
  attributes.forEach((a, i) => {
    if (typeof a !== 'string' || a.length === 0 || a.includes('\u0000') || a.includes('\u{10FFFF}')) {
      throw invalidArgument(`key.${objectType}[${i}]`, 'composite-key attribute must be a non-empty string without U+0000/U+10FFFF');
    }
  });
  return [objectType, ...attributes];
}

/** Fixed width so lexical key order is numeric order (range scans return history in sequence). */
export const SEQ_WIDTH = 10;
export function padSeq(n: number): string {
  if (!Number.isSafeInteger(n) || n < 0 || String(n).length > SEQ_WIDTH) {
    throw invalidArgument('seq', `must be an integer from 0 to ${'9'.repeat(SEQ_WIDTH)}`);
  }
  return String(n).padStart(SEQ_WIDTH, '0');
}

export const contractKey = (contractId: string): KeyParts => parts(OBJECT_TYPES.contract, contractId);
/** Every contract on the channel (the overall funnel's contract count). */
export const contractsPrefixAll = (): KeyParts => parts(OBJECT_TYPES.contract);
export const contractVersionKey = (contractId: string, version: number): KeyParts => parts(OBJECT_TYPES.contractVersion, contractId, padSeq(version));
export const contractVersionsPrefix = (contractId: string): KeyParts => parts(OBJECT_TYPES.contractVersion, contractId);

/** One key per event: bulk arrears uploads never rewrite a shared key. */
export const arrearsEventKey = (contractId: string, period: string, eventId: string): KeyParts => parts(OBJECT_TYPES.arrearsEvent, contractId, period, eventId);
export const arrearsEventsOfContractPrefix = (contractId: string): KeyParts => parts(OBJECT_TYPES.arrearsEvent, contractId);
export const arrearsEventsOfPeriodPrefix = (contractId: string, period: string): KeyParts => parts(OBJECT_TYPES.arrearsEvent, contractId, period);

export const disputeKey = (disputeId: string): KeyParts => parts(OBJECT_TYPES.dispute, disputeId);
export const disputeTransitionKey = (disputeId: string, seq: number): KeyParts => parts(OBJECT_TYPES.disputeTransition, disputeId, padSeq(seq));
export const disputeTransitionsPrefix = (disputeId?: string): KeyParts =>
  disputeId === undefined ? parts(OBJECT_TYPES.disputeTransition) : parts(OBJECT_TYPES.disputeTransition, disputeId);

export const letterKey = (disputeId: string, letterId: string): KeyParts => parts(OBJECT_TYPES.letter, disputeId, letterId);
export const lettersOfDisputePrefix = (disputeId: string): KeyParts => parts(OBJECT_TYPES.letter, disputeId);
export const receiptKey = (disputeId: string, letterId: string, receiptId: string): KeyParts => parts(OBJECT_TYPES.receipt, disputeId, letterId, receiptId);
export const receiptsOfLetterPrefix = (disputeId: string, letterId: string): KeyParts => parts(OBJECT_TYPES.receipt, disputeId, letterId);

/** One key per anchoring: the same file anchored by two records gives two entries, not a conflict. */
export const documentAnchorKey = (sha256: string, recordType: string, recordId: string): KeyParts =>
  parts(OBJECT_TYPES.documentAnchor, sha256, recordType, recordId);
export const documentAnchorsPrefix = (sha256: string): KeyParts => parts(OBJECT_TYPES.documentAnchor, sha256);

/** projectId '*' holds the default threshold. */
export const riskThresholdKey = (projectId: string): KeyParts => parts(OBJECT_TYPES.riskThreshold, projectId);
/** Keyed by transaction ID: warnings are appended, never updated. */
export const riskWarningKey = (projectId: string, txId: string): KeyParts => parts(OBJECT_TYPES.riskWarning, projectId, txId);
export const riskWarningsPrefix = (projectId?: string): KeyParts =>
  projectId === undefined ? parts(OBJECT_TYPES.riskWarning) : parts(OBJECT_TYPES.riskWarning, projectId);

/** A project's current warning state: whether the last evaluation found it at or above its threshold. */
export const riskStateKey = (projectId: string): KeyParts => parts(OBJECT_TYPES.riskState, projectId);

/**
 * Per-contract period balances, under the project so one range read gives a
 * project's ratio. Only writes to the same contract touch the same key.
 */
export const arrearsSummaryKey = (projectId: string, contractId: string): KeyParts => parts(OBJECT_TYPES.arrearsSummary, projectId, contractId);
export const arrearsSummariesPrefix = (projectId: string): KeyParts => parts(OBJECT_TYPES.arrearsSummary, projectId);

export const companyContractIndexKey = (companyId: string, contractId: string): KeyParts => parts(OBJECT_TYPES.companyContract, companyId, contractId);
export const companyContractsPrefix = (companyId: string): KeyParts => parts(OBJECT_TYPES.companyContract, companyId);
export const companyDisputeIndexKey = (companyId: string, disputeId: string): KeyParts => parts(OBJECT_TYPES.companyDispute, companyId, disputeId);
export const companyDisputesPrefix = (companyId: string): KeyParts => parts(OBJECT_TYPES.companyDispute, companyId);
export const contractDisputeIndexKey = (contractId: string, disputeId: string): KeyParts => parts(OBJECT_TYPES.contractDispute, contractId, disputeId);
export const contractDisputesPrefix = (contractId: string): KeyParts => parts(OBJECT_TYPES.contractDispute, contractId);
/** A project's entry in the list of projects, with its company (also the prefix of its ID). Written once. */
export const projectOwnerKey = (projectId: string): KeyParts => parts(OBJECT_TYPES.projectOwner, projectId);
/** Every project of the channel: one owner key each, written with its first contract. */
export const projectOwnersPrefix = (): KeyParts => parts(OBJECT_TYPES.projectOwner);
export const projectDisputeIndexKey = (projectId: string, disputeId: string): KeyParts => parts(OBJECT_TYPES.projectDispute, projectId, disputeId);
export const projectDisputesPrefix = (projectId: string): KeyParts => parts(OBJECT_TYPES.projectDispute, projectId);
/** Moved on every transition: delete the old stage's entry, put the new one. */
export const stageDisputeIndexKey = (stage: DisputeStage, disputeId: string): KeyParts => parts(OBJECT_TYPES.stageDispute, stage, disputeId);
export const stageDisputesPrefix = (stage: DisputeStage): KeyParts => parts(OBJECT_TYPES.stageDispute, stage);

/** The disputes a law firm is retained for: put at opening, moved by reassignLawFirm. */
export const lawFirmDisputeIndexKey = (lawFirmMspId: string, disputeId: string): KeyParts => parts(OBJECT_TYPES.lawFirmDispute, lawFirmMspId, disputeId);
export const lawFirmDisputesPrefix = (lawFirmMspId: string): KeyParts => parts(OBJECT_TYPES.lawFirmDispute, lawFirmMspId);

/**
 * What one transaction changed in one project's funnel and arrears ratio (project-deltas.ts), under its company so a
 * company's funnel is one range; keyed by transaction, so writers never share a key.
 */
export const projectDeltaKey = (companyId: string, projectId: string, txId: string): KeyParts => parts(OBJECT_TYPES.projectDelta, companyId, projectId, txId);
export const projectDeltasPrefix = (companyId?: string, projectId?: string): KeyParts =>
  companyId === undefined
    ? parts(OBJECT_TYPES.projectDelta)
    : projectId === undefined
      ? parts(OBJECT_TYPES.projectDelta, companyId)
      : parts(OBJECT_TYPES.projectDelta, companyId, projectId);

/** Splits KeyParts into createCompositeKey's two arguments. */
export function compositeKeyArgs(key: KeyParts): [string, string[]] {
  const [objectType, ...attributes] = key;
  return [objectType, attributes];
}

/** The record a key (or partial key) belongs to, for deciding who may see it; undefined for channel-wide keys. */
export type KeySubject = { readonly kind: 'contract' | 'dispute' | 'project' | 'company'; readonly id: string };

const SUBJECT_OF_TYPE: Readonly<Record<string, KeySubject['kind']>> = {
  [OBJECT_TYPES.contract]: 'contract',
  [OBJECT_TYPES.contractVersion]: 'contract',
  [OBJECT_TYPES.arrearsEvent]: 'contract',
  [OBJECT_TYPES.contractDispute]: 'contract',
  [OBJECT_TYPES.dispute]: 'dispute',
  [OBJECT_TYPES.disputeTransition]: 'dispute',
  [OBJECT_TYPES.letter]: 'dispute',
  [OBJECT_TYPES.receipt]: 'dispute',
  [OBJECT_TYPES.riskThreshold]: 'project',
  [OBJECT_TYPES.riskWarning]: 'project',
  [OBJECT_TYPES.riskState]: 'project',
  [OBJECT_TYPES.projectOwner]: 'project',
  [OBJECT_TYPES.projectContract]: 'project',
  [OBJECT_TYPES.projectDispute]: 'project',
  [OBJECT_TYPES.companyContract]: 'company',
  [OBJECT_TYPES.companyDispute]: 'company',
  [OBJECT_TYPES.projectDelta]: 'company',
};

/**
 * Whose record a key is: its contract, dispute, project or company, from the key's first attribute (a contract's
 * arrears summary: its contract; a document anchor: the record it anchors). Undefined where the key names none
 * (a bare objectType, the stage index, a document's anchors across records).
 */
export function keySubject(parts: KeyParts): KeySubject | undefined {
  const [objectType, first, second, third] = parts;
  if (first === undefined) return undefined;
  if (objectType === OBJECT_TYPES.arrearsSummary) return second === undefined ? { kind: 'project', id: first } : { kind: 'contract', id: second };
  if (objectType === OBJECT_TYPES.documentAnchor) return second === undefined || third === undefined ? undefined : anchorSubject(second, third);
  const kind = SUBJECT_OF_TYPE[objectType];
  return kind === undefined ? undefined : { kind, id: first };
}
