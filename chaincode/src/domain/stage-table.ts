// The dispute stage machine as data (chaincode/README.md "Dispute stages").
// transition() interprets it, renderStageDiagram() draws it, and the tests
// walk every stage × action pair against it.
import { COMPANY, COURT, JUDGE, LAWYERS, MEDIATOR, REGULATOR, type ActorPattern, type WriteAction } from './access';
import { DAY_MS } from './time';

export const DISPUTE_STAGES = [
  'OPENED',
  'LETTER_SENT',
  'DELIVERED',
  'VIEWED',
  'SETTLED',
  'REFERRED_TO_MEDIATION',
  'MEDIATED_SETTLED',
  'TRIAGED_RECTIFICATION',
  'TRIAGED_HOUSING_BUREAU',
  'TRIAGED_STREET_OFFICE',
  'RESOLVED',
  'MEDIATION_FAILED',
  'LITIGATION_RECOMMENDED',
  'CASE_FILED',
] as const;
export type DisputeStage = (typeof DISPUTE_STAGES)[number];

export const TERMINAL_STAGES: readonly DisputeStage[] = ['SETTLED', 'MEDIATED_SETTLED', 'RESOLVED', 'CASE_FILED'];

/** Actions that move a dispute (openDispute creates one; see openDispute()). */
export const DISPUTE_ACTIONS = [
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
] as const satisfies readonly WriteAction[];
export type DisputeAction = (typeof DISPUTE_ACTIONS)[number];

/**
 * How long a property company must wait after the letter was sent before it
 * may refer the dispute to mediation itself (the court may refer at any time):
 * the owner gets 15 days to answer the letter.
 */
export const REFERRAL_WAITING_DAYS = 15;
export const REFERRAL_WAITING_MS = REFERRAL_WAITING_DAYS * DAY_MS;

/**
 * Extra conditions on a row, checked after stage and role:
 * - LETTER_WAIT_ELAPSED: at ≥ letterSentAt + REFERRAL_WAITING_MS
 * - RETAINED_FIRM: the actor is a lawyer of the firm the dispute names as retained
 * - LETTER_SENDER: the actor's firm sent the letter the receipt is for
 * - NEW_LAW_FIRM: names a law firm of the channel other than the one retained now
 * - DOCUMENT_REQUIRED: at least one document hash (letter, receipt evidence, agreement, order)
 * - CASE_NUMBER_REQUIRED: the court's case number (案号)
 */
export type TransitionGuard = 'LETTER_WAIT_ELAPSED' | 'RETAINED_FIRM' | 'LETTER_SENDER' | 'NEW_LAW_FIRM' | 'DOCUMENT_REQUIRED' | 'CASE_NUMBER_REQUIRED';

export interface TransitionRule {
  readonly from: DisputeStage;
  readonly to: DisputeStage;
  readonly action: DisputeAction;
  readonly allowed: readonly ActorPattern[];
  readonly guards: readonly TransitionGuard[];
}

const rule = (
  from: DisputeStage,
  action: DisputeAction,
  to: DisputeStage,
  allowed: readonly ActorPattern[],
  guards: readonly TransitionGuard[] = [],
): TransitionRule => ({ from, to, action, allowed, guards });

const LETTER_STAGES: readonly DisputeStage[] = ['LETTER_SENT', 'DELIVERED', 'VIEWED'];
/** Before mediation the dispute is the retained firm's work; from referral on the court leads it. */
export const REASSIGNABLE_STAGES: readonly DisputeStage[] = ['OPENED', ...LETTER_STAGES];

export const TRANSITION_TABLE: readonly TransitionRule[] = [
  rule('OPENED', 'sendLetter', 'LETTER_SENT', LAWYERS, ['RETAINED_FIRM', 'DOCUMENT_REQUIRED']),
  rule('LETTER_SENT', 'recordDelivery', 'DELIVERED', LAWYERS, ['RETAINED_FIRM', 'LETTER_SENDER', 'DOCUMENT_REQUIRED']),
  rule('DELIVERED', 'recordViewed', 'VIEWED', LAWYERS, ['RETAINED_FIRM', 'LETTER_SENDER', 'DOCUMENT_REQUIRED']),
  // Another firm is retained: the stage stays, the transition record names the new firm.
  ...REASSIGNABLE_STAGES.map((from) => rule(from, 'reassignLawFirm', from, [...COMPANY, ...MEDIATOR], ['NEW_LAW_FIRM'])),
  // The owner pays before mediation: the company records the settlement.
  ...(['OPENED', ...LETTER_STAGES] as const).map((from) => rule(from, 'settleDispute', 'SETTLED', COMPANY)),
  ...LETTER_STAGES.map((from) => rule(from, 'referToMediation', 'REFERRED_TO_MEDIATION', COURT)),
  ...LETTER_STAGES.map((from) => rule(from, 'referToMediation', 'REFERRED_TO_MEDIATION', COMPANY, ['LETTER_WAIT_ELAPSED'])),
  rule('REFERRED_TO_MEDIATION', 'recordMediation', 'MEDIATED_SETTLED', COURT, ['DOCUMENT_REQUIRED']),
  rule('REFERRED_TO_MEDIATION', 'recordMediation', 'MEDIATION_FAILED', COURT),
  rule('REFERRED_TO_MEDIATION', 'triage', 'TRIAGED_RECTIFICATION', COURT),
  rule('REFERRED_TO_MEDIATION', 'triage', 'TRIAGED_HOUSING_BUREAU', COURT),
  rule('REFERRED_TO_MEDIATION', 'triage', 'TRIAGED_STREET_OFFICE', COURT),
  // The bureau checks rectification and handles its own referrals; the street office is not a member, so the court closes those.
  rule('TRIAGED_RECTIFICATION', 'resolveTriage', 'RESOLVED', [...REGULATOR, ...COURT]),
  rule('TRIAGED_HOUSING_BUREAU', 'resolveTriage', 'RESOLVED', REGULATOR),
  rule('TRIAGED_STREET_OFFICE', 'resolveTriage', 'RESOLVED', COURT),
  rule('MEDIATION_FAILED', 'recommendLitigation', 'LITIGATION_RECOMMENDED', COURT),
  rule('LITIGATION_RECOMMENDED', 'fileCase', 'CASE_FILED', JUDGE, ['CASE_NUMBER_REQUIRED']),
];

export function isDisputeStage(value: unknown): value is DisputeStage {
  return typeof value === 'string' && (DISPUTE_STAGES as readonly string[]).includes(value);
}

export function isDisputeAction(value: unknown): value is DisputeAction {
  return typeof value === 'string' && (DISPUTE_ACTIONS as readonly string[]).includes(value);
}

/** Rules leaving `from` by `action`, in table order. */
export function rulesFor(from: DisputeStage, action: DisputeAction): readonly TransitionRule[] {
  return TRANSITION_TABLE.filter((r) => r.from === from && r.action === action);
}
