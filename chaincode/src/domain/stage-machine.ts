// Moves a dispute along TRANSITION_TABLE. Pure: the caller passes the stored
// dispute, the actor from the certificate, and the transaction time, and
// writes back what comes out. Checks run in an order that tells a caller no
// more than it may know: role, then ownership, then stage, then guards.
import { authorize } from './access';
import { actorRef, type Actor, type ActorRef, type MspId } from './actors';
import { DomainError, forbidden, invalidArgument, stageConflict } from './errors';
import { assertLetterSender, assertOwnsCompanyRecord, assertRetainedFirm, type SentLetter } from './ownership';
import { REFERRAL_WAITING_MS, rulesFor, type DisputeAction, type DisputeStage, type TransitionRule } from './stage-table';
import { formatInstant, normalizeInstant, parseInstant } from './time';
import { lawFirm, validateCaseNumber, validateDocumentHashes, type DisputeOpening } from './validation';
import { matchesPattern } from './access';

export * from './stage-table';
export { renderStageDiagram } from './stage-diagram';

/** The stored dispute. Absent facts are null, never undefined, so the record is canonical JSON. */
export interface Dispute {
  readonly disputeId: string;
  readonly contractId: string;
  readonly companyId: string;
  readonly projectId: string;
  readonly claimedAmountFen: number;
  readonly periods: readonly string[];
  readonly stage: DisputeStage;
  readonly openedAt: string;
  readonly updatedAt: string;
  /** Number of transition records so far, opening included; the next record's seq. */
  readonly version: number;
  readonly letterSentAt: string | null;
  /** The law firm retained for the dispute, named at opening and changed only by reassignLawFirm (null only on records from before retention). */
  readonly lawFirmMspId: MspId | null;
  readonly caseNumber: string | null;
  /** The opening's description as a code and a salted commitment; its text is off the shared ledger (free-text.ts). */
  readonly descriptionCode?: string;
  readonly descriptionCommitment?: string;
}

export interface TransitionRecord {
  readonly disputeId: string;
  /** 1 for the opening, then +1 per transition: orders the history keys. */
  readonly seq: number;
  readonly from: DisputeStage | null;
  readonly to: DisputeStage;
  readonly action: DisputeAction | 'openDispute';
  readonly by: ActorRef;
  readonly at: string;
  /** Sorted, unique SHA-256 hex of the supporting documents. */
  readonly documentHashes: readonly string[];
  readonly caseNumber: string | null;
  /** The mover's note as a code and a salted commitment; its text is off the shared ledger (free-text.ts). */
  readonly noteCode?: string;
  readonly noteCommitment?: string;
  /** The firm retained by this record: set by the opening and by reassignLawFirm, null on every other move. */
  readonly lawFirmMspId: MspId | null;
}

export interface TransitionResult {
  readonly dispute: Dispute;
  readonly record: TransitionRecord;
}

export interface TransitionOptions {
  /** Required where the action has several targets from this stage (recordMediation, triage). */
  readonly to?: DisputeStage;
  readonly caseNumber?: string;
  /** reassignLawFirm: the firm retained from now on. */
  readonly lawFirmMspId?: MspId;
  /** recordDelivery / recordViewed: the letter the receipt is for, as stored. */
  readonly letter?: SentLetter;
}

/** The contract a dispute is opened on, as the chaincode read it. */
export interface DisputedContract {
  readonly contractId: string;
  readonly companyId: string;
  readonly projectId: string;
  readonly status: string;
}

/** Creates a dispute in OPENED, with its first transition record (from: null). */
export function openDispute(
  input: DisputeOpening,
  contract: DisputedContract,
  actor: Actor,
  at: string,
  documentHashes: readonly string[] = [],
): TransitionResult {
  authorize(actor, 'openDispute');
  assertOwnsCompanyRecord(actor, contract);
  if (input.contractId !== contract.contractId) {
    throw invalidArgument('contractId', 'does not match the contract read', { contractId: input.contractId });
  }
  if (contract.status !== 'ACTIVE') {
    throw stageConflict(`contract ${contract.contractId} is ${contract.status}, not ACTIVE`, {
      contractId: contract.contractId,
      status: contract.status,
    });
  }
  const when = normalizeInstant(at, 'at');
  const docs = validateDocumentHashes(documentHashes);
  const dispute: Dispute = {
    disputeId: input.disputeId,
    contractId: contract.contractId,
    companyId: contract.companyId,
    projectId: contract.projectId,
    claimedAmountFen: input.claimedAmountFen,
    periods: input.periods ?? [],
    stage: 'OPENED',
    openedAt: when,
    updatedAt: when,
    version: 1,
    letterSentAt: null,
    lawFirmMspId: lawFirm(input.lawFirmMspId),
    caseNumber: null,
    ...(input.descriptionCode === undefined ? {} : { descriptionCode: input.descriptionCode }),
    ...(input.descriptionCommitment === undefined ? {} : { descriptionCommitment: input.descriptionCommitment }),
  };
  const record: TransitionRecord = {
    disputeId: dispute.disputeId,
    seq: 1,
    from: null,
    to: 'OPENED',
    action: 'openDispute',
    by: actorRef(actor),
    at: when,
    documentHashes: docs,
    caseNumber: null,
    lawFirmMspId: dispute.lawFirmMspId,
  };
  return { dispute, record };
}

/**
 * Applies `action` to `dispute` for `actor` at transaction time `at`.
 * Throws FORBIDDEN (role, ownership, retained firm, letter sender), STAGE_CONFLICT
 * (no such move from this stage, or the waiting time has not passed) or
 * INVALID_ARGUMENT (missing target, document, case number or new law firm).
 * A lawyer of a firm not retained is refused before the stage is looked at,
 * so the refusal tells it nothing about the dispute.
 */
// eslint-disable-next-line complexity -- the stage machine: the transition table's checks (allowed move, actor, document, case number) in one place
export function transition(
  dispute: Dispute,
  action: DisputeAction,
  actor: Actor,
  at: string,
  documentHashes: readonly string[] = [],
  options: TransitionOptions = {},
): TransitionResult {
  authorize(actor, action);
  assertOwnsCompanyRecord(actor, dispute);
  assertRetainedFirm(actor, dispute);
  const when = normalizeInstant(at, 'at');
  const docs = validateDocumentHashes(documentHashes);

  const rule = selectRule(dispute.stage, action, actor, options.to);
  let caseNumber = dispute.caseNumber;
  let retained = dispute.lawFirmMspId;
  for (const guard of rule.guards) {
    switch (guard) {
      case 'RETAINED_FIRM':
        assertRetainedFirm(actor, dispute);
        break;
      case 'LETTER_SENDER':
        if (options.letter === undefined) throw invalidArgument('letterId', `${action} needs the letter it is for`);
        assertLetterSender(actor, options.letter);
        break;
      case 'NEW_LAW_FIRM':
        retained = newLawFirm(dispute, options.lawFirmMspId);
        break;
      case 'LETTER_WAIT_ELAPSED':
        checkWaitingTime(requireLetter(dispute).letterSentAt, when);
        break;
      case 'DOCUMENT_REQUIRED':
        if (docs.length === 0) throw invalidArgument('documentHashes', `${action} needs at least one document hash`);
        break;
      case 'CASE_NUMBER_REQUIRED':
        caseNumber = validateCaseNumber(options.caseNumber);
        break;
    }
  }

  const sendsLetter = action === 'sendLetter';
  const next: Dispute = {
    ...dispute,
    stage: rule.to,
    updatedAt: when,
    version: dispute.version + 1,
    letterSentAt: sendsLetter ? when : dispute.letterSentAt,
    lawFirmMspId: retained,
    caseNumber,
  };
  const record: TransitionRecord = {
    disputeId: dispute.disputeId,
    seq: next.version,
    from: dispute.stage,
    to: rule.to,
    action,
    by: actorRef(actor),
    at: when,
    documentHashes: docs,
    caseNumber: rule.to === 'CASE_FILED' ? caseNumber : null,
    lawFirmMspId: action === 'reassignLawFirm' ? retained : null,
  };
  return { dispute: next, record };
}

/** The firm a reassignment names: a law firm of the channel, and not the one already retained. */
function newLawFirm(dispute: Dispute, lawFirmMspId: MspId | undefined): MspId {
  if (lawFirmMspId === undefined) throw invalidArgument('lawFirmMspId', 'reassignLawFirm names the firm retained from now on');
  const firm = lawFirm(lawFirmMspId);
  if (firm === dispute.lawFirmMspId) {
    throw invalidArgument('lawFirmMspId', `${firm} is already retained for dispute ${dispute.disputeId}`);
  }
  return firm;
}

/** The rows for (stage, action[, to]) narrowed to the actor's (MSP, role). */
function selectRule(stage: DisputeStage, action: DisputeAction, actor: Actor, to: DisputeStage | undefined): TransitionRule {
  const byStage = rulesFor(stage, action);
  if (byStage.length === 0) {
    throw stageConflict(`cannot ${action} a dispute in stage ${stage}`, { stage, action });
  }
  const targets = [...new Set(byStage.map((r) => r.to))];
  if (to === undefined && targets.length > 1) {
    throw invalidArgument('to', `${action} from ${stage} needs a target: ${targets.join(', ')}`, { targets });
  }
  const byTarget = to === undefined ? byStage : byStage.filter((r) => r.to === to);
  if (byTarget.length === 0) {
    throw stageConflict(`cannot ${action} from ${stage} to ${String(to)}`, { stage, action, to: String(to) });
  }
  const rule = byTarget.find((r) => r.allowed.some((p) => matchesPattern(actor, p)));
  if (rule === undefined) {
    throw forbidden(`${actor.role}@${actor.mspId} may not ${action} from ${stage}`, { stage, action });
  }
  return rule;
}

function requireLetter(dispute: Dispute): { letterSentAt: string } {
  if (dispute.letterSentAt === null) {
    // The table only puts this guard on stages reached by sendLetter; a
    // record without the letter facts is corrupt, not a caller error.
    throw new DomainError('STAGE_CONFLICT', `dispute ${dispute.disputeId} has no letter on record`);
  }
  return { letterSentAt: dispute.letterSentAt };
}

/** The first instant at which the property company may refer the dispute itself. */
export function referralAllowedFrom(letterSentAt: string): string {
  return formatInstant(parseInstant(letterSentAt, 'letterSentAt') + REFERRAL_WAITING_MS);
}

/** Waiting time elapsed at `at` (both instants; exactly REFERRAL_WAITING_MS counts as elapsed). */
export function waitingTimeElapsed(letterSentAt: string, at: string): boolean {
  return parseInstant(at, 'at') - parseInstant(letterSentAt, 'letterSentAt') >= REFERRAL_WAITING_MS;
}

function checkWaitingTime(letterSentAt: string, at: string): void {
  if (!waitingTimeElapsed(letterSentAt, at)) {
    throw stageConflict('the waiting time after the letter has not passed', {
      letterSentAt,
      at,
      allowedFrom: referralAllowedFrom(letterSentAt),
    });
  }
}
