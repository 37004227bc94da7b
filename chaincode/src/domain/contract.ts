// Property service contract records and their version chain: every amendment
// is a new version pointing at the one it replaces, so the history of terms
// can be shown to a judge version by version.
import { authorize, type Action } from './access';
import { actorRef, type Actor, type ActorRef } from './actors';
import { invalidArgument, stageConflict } from './errors';
import { assertOwnsCompanyRecord } from './ownership';
import { normalizeInstant } from './time';
import { checkContractTerm, type ContractAmendment, type ContractRegistration, type ContractTermination } from './validation';

export const CONTRACT_STATUSES = ['ACTIVE', 'TERMINATED'] as const;
export type ContractStatus = (typeof CONTRACT_STATUSES)[number];

/** What was registered, plus the version chain, the company from the certificate and the status. */
export interface ContractRecord extends ContractRegistration {
  readonly version: number;
  /** Version this one amends (null for the original) and that version's document. */
  readonly previousVersion: number | null;
  readonly previousDocumentSha256: string | null;
  readonly companyId: string;
  readonly status: ContractStatus;
  readonly terminatedOn: string | null;
  /** On a terminated version whose reason was given: its code and salted commitment (free-text.ts). */
  readonly terminationReasonCode?: string;
  readonly terminationReasonCommitment?: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly updatedBy: ActorRef;
}

/** The company comes from the certificate, never from the request body. */
export function createContract(input: ContractRegistration, actor: Actor, at: string): ContractRecord {
  authorize(actor, 'registerContract');
  if (actor.companyId === undefined) throw invalidArgument('companyId', 'caller has no company');
  const when = normalizeInstant(at, 'at');
  return {
    ...input,
    version: 1,
    previousVersion: null,
    previousDocumentSha256: null,
    companyId: actor.companyId,
    status: 'ACTIVE',
    terminatedOn: null,
    createdAt: when,
    updatedAt: when,
    updatedBy: actorRef(actor),
  };
}

function checkChangeable(current: ContractRecord, actor: Actor, action: Action): void {
  authorize(actor, action);
  assertOwnsCompanyRecord(actor, current);
  if (current.status !== 'ACTIVE') {
    throw stageConflict(`contract ${current.contractId} is ${current.status}`, { contractId: current.contractId, status: current.status });
  }
}

/** Optimistic concurrency: previousVersion must be the current version. */
export function amendContract(current: ContractRecord, amendment: ContractAmendment, actor: Actor, at: string): ContractRecord {
  checkChangeable(current, actor, 'amendContract');
  if (amendment.contractId !== current.contractId) throw invalidArgument('contractId', 'does not match the contract');
  if (amendment.previousVersion !== current.version) {
    throw stageConflict(`contract ${current.contractId} is at version ${current.version}`, {
      contractId: current.contractId,
      currentVersion: current.version,
      previousVersion: amendment.previousVersion,
    });
  }
  const termStart = amendment.termStart ?? current.termStart;
  const termEnd = amendment.termEnd ?? current.termEnd;
  checkContractTerm(termStart, termEnd);
  return {
    ...current,
    version: current.version + 1,
    previousVersion: current.version,
    previousDocumentSha256: current.documentSha256,
    documentSha256: amendment.documentSha256,
    feeTerms: amendment.feeTerms ?? current.feeTerms,
    ownerCommitment: amendment.ownerCommitment ?? current.ownerCommitment,
    termStart,
    termEnd,
    updatedAt: normalizeInstant(at, 'at'),
    updatedBy: actorRef(actor),
  };
}

/** Termination is a new version too, so the chain shows who ended it and when. */
export function terminateContract(current: ContractRecord, termination: ContractTermination, actor: Actor, at: string): ContractRecord {
  checkChangeable(current, actor, 'terminateContract');
  if (termination.contractId !== current.contractId) throw invalidArgument('contractId', 'does not match the contract');
  if (termination.effectiveDate < current.termStart) {
    throw invalidArgument('effectiveDate', 'is before the term starts', { termStart: current.termStart });
  }
  return {
    ...current,
    version: current.version + 1,
    previousVersion: current.version,
    previousDocumentSha256: current.documentSha256,
    documentSha256: termination.documentSha256 ?? current.documentSha256,
    status: 'TERMINATED',
    terminatedOn: termination.effectiveDate,
    ...(termination.reasonCode === undefined ? {} : { terminationReasonCode: termination.reasonCode }),
    ...(termination.reasonCommitment === undefined ? {} : { terminationReasonCommitment: termination.reasonCommitment }),
    updatedAt: normalizeInstant(at, 'at'),
    updatedBy: actorRef(actor),
  };
}
