// Attribute-based access control as data: for each action, the (MSP, role)
// pairs allowed to attempt it. The stage machine narrows dispute actions
// further per stage; ownership.ts narrows them per record.
import { isLawFirmMspId, type Actor, type MspId, type Role } from './actors';
import { DomainError } from './errors';

export const WRITE_ACTIONS = [
  'registerContract',
  'amendContract',
  'terminateContract',
  'depositOwnerData',
  'depositCaseNote',
  'recordArrears',
  'setRiskThreshold',
  'evaluateRisk',
  'compactProjectDeltas',
  'openDispute',
  'sendLetter',
  'recordDelivery',
  'recordViewed',
  'referToMediation',
  'recordMediation',
  'triage',
  'resolveTriage',
  'recommendLitigation',
  'fileCase',
  'settleDispute',
  'reassignLawFirm',
] as const;

export const READ_ACTIONS = [
  'readContract',
  'readOwnerData',
  'readCaseNote',
  'readArrears',
  'readDispute',
  'readLetter',
  'readProjectRatio',
  'readRiskWarnings',
  'readFunnel',
  'lookupDocument',
  'exportEvidence',
] as const;

export type WriteAction = (typeof WRITE_ACTIONS)[number];
export type ReadAction = (typeof READ_ACTIONS)[number];
export type Action = WriteAction | ReadAction;
export const ACTIONS: readonly Action[] = [...WRITE_ACTIONS, ...READ_ACTIONS];

/** '*' matches any member organisation; ANY_LAW_FIRM any law firm of the channel, founding or joined since. */
export const ANY_LAW_FIRM = 'LawFirm*MSP';
export interface ActorPattern {
  readonly mspId: MspId | '*' | typeof ANY_LAW_FIRM;
  readonly role: Role;
}

export const COMPANY: readonly ActorPattern[] = [{ mspId: 'HousingBureauMSP', role: 'property-company' }];
export const LAWYERS: readonly ActorPattern[] = [{ mspId: ANY_LAW_FIRM, role: 'lawyer' }];
export const MEDIATOR: readonly ActorPattern[] = [{ mspId: 'CourtMSP', role: 'mediator' }];
export const JUDGE: readonly ActorPattern[] = [{ mspId: 'CourtMSP', role: 'judge' }];
export const COURT: readonly ActorPattern[] = [...MEDIATOR, ...JUDGE];
export const REGULATOR: readonly ActorPattern[] = [{ mspId: 'HousingBureauMSP', role: 'regulator' }];
/**
 * Every role may attempt these reads; ownership.ts narrows them per record: a property company to its own
 * records, a lawyer to the disputes its firm is retained for (and their contracts).
 */
export const ADMIN: readonly ActorPattern[] = [{ mspId: '*', role: 'admin' }];
export const EVERYONE: readonly ActorPattern[] = [...COMPANY, ...LAWYERS, ...COURT, ...REGULATOR, ...ADMIN];

/**
 * Admins operate the network and may read, but write nothing: every record
 * must be attributable to the party that vouches for it.
 */
export const ACCESS_TABLE: Readonly<Record<Action, readonly ActorPattern[]>> = {
  registerContract: COMPANY,
  amendContract: COMPANY,
  terminateContract: COMPANY,
  // Clear owner data (private collection): deposited by the contract's company,
  // read by that company, the bureau and the court; never by law firms or admins.
  depositOwnerData: COMPANY,
  // Everyone who writes a note, notes are kept by the court and the bureau (a company reads back only its own).
  depositCaseNote: [...COMPANY, ...REGULATOR, ...COURT],
  recordArrears: COMPANY,
  setRiskThreshold: REGULATOR,
  // Recomputes a project's ratio from the ledger and records a warning on crossing:
  // the uploading company, the bureau and the court may trigger it.
  evaluateRisk: [...COMPANY, ...REGULATOR, ...COURT],
  // Folds a project's many count deltas into one, changing no count: whoever writes deltas may (a lawyer's
  // receipts and a mediator's transitions add funnel deltas too); the project must be within the caller's reach.
  compactProjectDeltas: [...COMPANY, ...LAWYERS, ...REGULATOR, ...COURT],
  openDispute: COMPANY,
  sendLetter: LAWYERS,
  recordDelivery: LAWYERS,
  recordViewed: LAWYERS,
  // A company may refer only after the waiting time (stage-table.ts).
  referToMediation: [...COURT, ...COMPANY],
  recordMediation: COURT,
  triage: COURT,
  // Per triage route, stage-table.ts says which of these may close it.
  resolveTriage: [...COURT, ...REGULATOR],
  recommendLitigation: COURT,
  fileCase: JUDGE,
  settleDispute: COMPANY,
  // The company that owns the dispute, or the court's mediator, names another retained firm.
  reassignLawFirm: [...COMPANY, ...MEDIATOR],
  readContract: EVERYONE,
  readOwnerData: [...COMPANY, ...REGULATOR, ...COURT],
  readCaseNote: [...COMPANY, ...REGULATOR, ...COURT],
  readArrears: EVERYONE,
  readDispute: EVERYONE,
  readLetter: EVERYONE,
  // Project figures: the owning company, the bureau and the court. A lawyer reads a project's warnings only
  // when its firm is retained for a dispute of that project (they belong in that dispute's evidence package).
  readProjectRatio: [...COMPANY, ...REGULATOR, ...COURT, ...ADMIN],
  readRiskWarnings: EVERYONE,
  readFunnel: [...COMPANY, ...REGULATOR, ...COURT, ...ADMIN],
  lookupDocument: EVERYONE,
  exportEvidence: EVERYONE,
};

export function isAction(value: unknown): value is Action {
  return typeof value === 'string' && (ACTIONS as readonly string[]).includes(value);
}

export function matchesPattern(actor: Pick<Actor, 'mspId' | 'role'>, pattern: ActorPattern): boolean {
  const org = pattern.mspId === '*' || pattern.mspId === actor.mspId || (pattern.mspId === ANY_LAW_FIRM && isLawFirmMspId(actor.mspId));
  return pattern.role === actor.role && org;
}

export function isAllowed(actor: Pick<Actor, 'mspId' | 'role'>, action: Action): boolean {
  return ACCESS_TABLE[action].some((pattern) => matchesPattern(actor, pattern));
}

/** Throws FORBIDDEN unless the actor's (MSP, role) may attempt the action. */
export function authorize(actor: Pick<Actor, 'mspId' | 'role'>, action: Action): void {
  if (!isAllowed(actor, action)) {
    throw new DomainError('FORBIDDEN', `${actor.role}@${actor.mspId} may not ${action}`, {
      action,
      mspId: actor.mspId,
      role: actor.role,
    });
  }
}
