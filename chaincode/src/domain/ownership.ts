// Record-level rules the access table cannot express because they compare
// the caller with the record: a property company touches only its own
// contracts, projects and disputes; a law firm only the disputes it is
// retained for; only the firm that sent a letter adds its receipts.
import type { Actor, MspId } from './actors';
import { DomainError, forbidden } from './errors';
import type { JsonObject } from './json-types';

/** Anything a property company owns: contracts, arrears events, disputes, projects. */
export interface CompanyOwned {
  readonly companyId: string;
}

export function ownsCompanyRecord(actor: Actor, record: CompanyOwned): boolean {
  return actor.role !== 'property-company' || actor.companyId === record.companyId;
}

/**
 * Throws FORBIDDEN when a property company acts on another company's record.
 * Other roles pass: their reach is set by the access table and stage table.
 */
export function assertOwnsCompanyRecord(actor: Actor, record: CompanyOwned): void {
  if (!ownsCompanyRecord(actor, record)) {
    throw new DomainError('FORBIDDEN', 'record belongs to another company', { companyId: actor.companyId ?? null });
  }
}

/** A dispute as far as who may see it: its company and the firm retained (null only on records older than retention). */
export interface RetainedRecord extends CompanyOwned {
  readonly lawFirmMspId: MspId | null;
}

export function isRetainedFirm(actor: Actor, dispute: Pick<RetainedRecord, 'lawFirmMspId'>): boolean {
  return actor.role === 'lawyer' && dispute.lawFirmMspId !== null && actor.mspId === dispute.lawFirmMspId;
}

/**
 * Who reaches a dispute (and its letters, history, package): the court, the bureau and admins all;
 * a property company its own; a lawyer only the disputes its firm is retained for.
 */
export function mayReachDispute(actor: Actor, dispute: RetainedRecord): boolean {
  if (actor.role === 'property-company') return actor.companyId === dispute.companyId;
  if (actor.role === 'lawyer') return isRetainedFirm(actor, dispute);
  return true;
}

export function assertRetainedFirm(actor: Actor, dispute: RetainedRecord): void {
  if (actor.role === 'lawyer' && !isRetainedFirm(actor, dispute)) {
    throw forbidden('only the law firm retained for the dispute may act on it', { mspId: actor.mspId });
  }
}

/** Callers whose reach is limited to some records: for them a refusal must not tell a missing record from another's. */
export function hasScopedReach(actor: Pick<Actor, 'role'>): boolean {
  return actor.role === 'property-company' || actor.role === 'lawyer';
}

/**
 * The record if the caller may reach it. A scoped caller (a company, a lawyer) gets one and the same
 * FORBIDDEN for a record that does not exist and for one that is not theirs, so a refusal tells nothing
 * about another party's IDs. The court, the bureau and admins, who see everything, get NOT_FOUND. `details`
 * may name only what the caller asked for (the requested ID), never anything read from the record.
 */
export function requireReachable<T>(actor: Actor, record: T | undefined, reachable: (record: T) => boolean, what: string, details: JsonObject = {}): T {
  if (record !== undefined && reachable(record)) return record;
  if (record === undefined && !hasScopedReach(actor)) throw new DomainError('NOT_FOUND', `${what} not found`, details);
  throw forbidden(`${what} is not within the caller's reach`, details);
}

export interface SentLetter {
  readonly lawFirmMspId: MspId;
}

export function isLetterSender(actor: Actor, letter: SentLetter): boolean {
  return actor.role === 'lawyer' && actor.mspId === letter.lawFirmMspId;
}

/** Throws FORBIDDEN unless the actor is a lawyer of the firm that sent the letter. */
export function assertLetterSender(actor: Actor, letter: SentLetter): void {
  if (!isLetterSender(actor, letter)) {
    throw new DomainError('FORBIDDEN', 'only the law firm that sent the letter may add its receipts', {
      lawFirmMspId: letter.lawFirmMspId,
      mspId: actor.mspId,
    });
  }
}
