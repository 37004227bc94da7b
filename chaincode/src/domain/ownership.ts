// Record-level rules the access table cannot express because they compare
// the caller with the record: a property company touches only its own
// contracts and disputes; only the law firm that sent a letter adds its receipts.
import type { Actor, MspId } from './actors';
import { DomainError } from './errors';

/** Anything a property company owns: contracts, arrears events, disputes. */
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
