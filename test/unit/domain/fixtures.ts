// Shared test data: one actor per (MSP, role) the CAs can issue, and valid inputs.
import { makeActor, MSP_IDS, ROLE_ISSUERS, ROLES, type Actor, type MspId, type Role } from '../../../chaincode/src/domain/actors';
import { DomainError, type ErrorCode } from '../../../chaincode/src/domain/errors';

export const COMPANY_A = '91110105MA01XQ7T3B';
export const COMPANY_B = '91110105MA00K5Y2R0';

export const hex = (c: string): string => c.repeat(64).slice(0, 64);
export const H1 = hex('a');
export const H2 = hex('b');
export const H3 = hex('c');

export function actor(mspId: MspId, role: Role, companyId?: string): Actor {
  return makeActor({
    mspId,
    role,
    companyId: role === 'property-company' ? (companyId ?? COMPANY_A) : undefined,
    subject: `x509::CN=${role}@${mspId}`,
  });
}

/** Every (MSP, role) pair that can exist, i.e. every valid certificate shape. */
export const ALL_ACTORS: readonly Actor[] = ROLES.flatMap((role) => MSP_IDS.filter((m) => ROLE_ISSUERS[role].includes(m)).map((m) => actor(m, role)));

export const company = actor('HousingBureauMSP', 'property-company', COMPANY_A);
export const otherCompany = actor('HousingBureauMSP', 'property-company', COMPANY_B);
export const regulator = actor('HousingBureauMSP', 'regulator');
export const lawyerA = actor('LawFirmAMSP', 'lawyer');
export const lawyerB = actor('LawFirmBMSP', 'lawyer');
export const mediator = actor('CourtMSP', 'mediator');
export const judge = actor('CourtMSP', 'judge');

/** Runs fn and returns the DomainError it throws (fails the test otherwise). */
export function catchDomain(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError, nothing was thrown');
}

export function expectCode(fn: () => unknown, code: ErrorCode, field?: string): DomainError {
  const error = catchDomain(fn);
  expect(error.code).toBe(code);
  if (field !== undefined) expect(error.details.field).toBe(field);
  return error;
}

export const actorName = (a: Actor): string => `${a.role}@${a.mspId}`;
