// Who is calling, as established by the certificate (MSP ID + CA-issued
// attributes), never by the request body. makeActor is the only way to get an
// Actor, so every Actor in the domain satisfies the org/role rules below.
import { DomainError } from './errors';
import { isValidUscc } from './uscc';

/** The founding organisations. */
export const MSP_IDS = ['CourtMSP', 'HousingBureauMSP', 'LawFirmAMSP', 'LawFirmBMSP'] as const;

/**
 * Law firms join the channel at run time (npm run org:add): a configuration update signed by a majority of the
 * member orgs' admins admits the firm, and only then can any identity of its MSP reach the chaincode (Fabric checks
 * every creator against the channel's MSPs). Its MSP ID says what it is: LawFirm<name>MSP.
 */
export type LawFirmMspId = `LawFirm${string}MSP`;
export const LAW_FIRM_MSP_PATTERN = /^LawFirm[A-Z0-9]{1,16}MSP$/;
export const isLawFirmMspId = (value: unknown): value is LawFirmMspId => typeof value === 'string' && LAW_FIRM_MSP_PATTERN.test(value);

export type MspId = (typeof MSP_IDS)[number] | LawFirmMspId;

export const ROLES = ['property-company', 'lawyer', 'mediator', 'judge', 'regulator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/**
 * Which founding organisations' CAs may issue each role (property companies are the housing bureau's clients); a
 * law firm that joins later issues 'lawyer' and 'admin' too (issuesRole).
 */
export const ROLE_ISSUERS: Readonly<Record<Role, readonly MspId[]>> = {
  'property-company': ['HousingBureauMSP'],
  lawyer: ['LawFirmAMSP', 'LawFirmBMSP'],
  mediator: ['CourtMSP'],
  judge: ['CourtMSP'],
  regulator: ['HousingBureauMSP'],
  admin: MSP_IDS,
};

export interface Actor {
  readonly mspId: MspId;
  readonly role: Role;
  /** USCC of the property company; present exactly when role is 'property-company'. */
  readonly companyId?: string;
  /** Stable identity of the certificate holder (Fabric client identity ID). */
  readonly subject: string;
}

/** What the chaincode reads from ctx.clientIdentity before validation. */
export interface ActorClaims {
  readonly mspId: string;
  readonly role: string | undefined | null;
  readonly companyId?: string | undefined | null;
  readonly subject: string;
}

export const isMspId = (value: unknown): value is MspId =>
  (typeof value === 'string' && (MSP_IDS as readonly string[]).includes(value)) || isLawFirmMspId(value);

/** Whether the org's CA may issue the role: the founding table, and for any law firm its lawyers and its admin. */
export const issuesRole = (mspId: MspId, role: Role): boolean =>
  ROLE_ISSUERS[role].includes(mspId) || (isLawFirmMspId(mspId) && (role === 'lawyer' || role === 'admin'));
export const isRole = (value: unknown): value is Role => typeof value === 'string' && (ROLES as readonly string[]).includes(value);

/**
 * Validates certificate claims into an Actor. Any inconsistency is FORBIDDEN:
 * the caller cannot fix it by changing the request, only by getting a
 * correctly issued certificate.
 */
// eslint-disable-next-line complexity -- certificate claims checked in order, one refusal each (organisation, role, issuer, subject, companyId)
export function makeActor(claims: ActorClaims): Actor {
  const { mspId, role, subject } = claims;
  const companyId = claims.companyId ?? undefined;
  if (!isMspId(mspId)) throw new DomainError('FORBIDDEN', `unknown organisation ${mspId}`, { mspId });
  if (!isRole(role)) throw new DomainError('FORBIDDEN', 'certificate has no valid role attribute', { mspId });
  if (!issuesRole(mspId, role)) {
    throw new DomainError('FORBIDDEN', `role ${role} cannot be issued by ${mspId}`, { mspId, role });
  }
  if (typeof subject !== 'string' || subject.length === 0) {
    throw new DomainError('FORBIDDEN', 'certificate subject is empty', { mspId, role });
  }
  if (role === 'property-company') {
    if (!isValidUscc(companyId)) {
      throw new DomainError('FORBIDDEN', 'property-company certificate needs a valid companyId (USCC)', { mspId, role });
    }
    return { mspId, role, companyId, subject };
  }
  if (companyId !== undefined && companyId !== '') {
    throw new DomainError('FORBIDDEN', `role ${role} must not carry a companyId`, { mspId, role });
  }
  return { mspId, role, subject };
}

/** The part of an actor written into records (who did it). */
export interface ActorRef {
  readonly mspId: MspId;
  readonly role: Role;
  readonly subject: string;
  readonly companyId?: string;
}

export function actorRef(actor: Actor): ActorRef {
  return actor.companyId === undefined
    ? { mspId: actor.mspId, role: actor.role, subject: actor.subject }
    : { mspId: actor.mspId, role: actor.role, subject: actor.subject, companyId: actor.companyId };
}
