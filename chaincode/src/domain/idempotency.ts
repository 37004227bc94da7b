// Exactly-once writes. A client's Idempotency-Key travels with a write as
// transient data (never in a block) as a claim { key, requestSha256 }; the
// transaction that does the work also records, under a key derived from the
// creator's identity and the client's key, which transaction did it. A resend
// of the same request is then refused at endorsement with that transaction's
// ID, whichever API instance sends it and whether or not the first one lived
// to answer. The hashing itself is chaincode/src/ledger/idempotency.ts (the
// domain has no crypto); this file holds the rules and shapes.
import { canonicalJson, parseJsonObject } from './canonical-json';
import { DomainError, invalidArgument } from './errors';
import { sha256Hex } from './fields';

/** The transient-data entry a write's claim travels in. */
export const IDEMPOTENCY_TRANSIENT = 'idempotency';
/** `details.reason` of the refusal of a resent write (code ALREADY_EXISTS: the work is already done). */
export const ALREADY_DONE = 'ALREADY_DONE';
/** Object type of the records, ['idempotency', sha256]. */
export const IDEMPOTENCY_OBJECT_TYPE = 'idempotency';
/** A client's key with a part suffix (`<key>:<chunk>`) stays well under this. */
export const MAX_IDEMPOTENCY_KEY_LENGTH = 300;

export interface IdempotencyClaim {
  /** The client's Idempotency-Key, with a part suffix when one request makes several transactions. */
  key: string;
  /** SHA-256 of the request as the API received it (salted with the key, see api/idempotency.ts). */
  requestSha256: string;
}

/** What the ledger keeps per (creator, key): which transaction did the work, for which request and function. */
export interface IdempotencyRecord {
  fn: string;
  requestSha256: string;
  txId: string;
}

/** A client key: printable, no control characters, 1 to MAX_IDEMPOTENCY_KEY_LENGTH characters. */
export function idempotencyKeyText(value: unknown, field = 'idempotency.key'): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_IDEMPOTENCY_KEY_LENGTH || /\p{Cc}/u.test(value)) {
    throw invalidArgument(field, `must be 1 to ${MAX_IDEMPOTENCY_KEY_LENGTH} characters without control characters`);
  }
  return value;
}

/** The claim from its transient bytes' text; anything but { key, requestSha256 } is INVALID_ARGUMENT. */
export function parseIdempotencyClaim(text: string): IdempotencyClaim {
  const raw = parseJsonObject(text);
  const extra = Object.keys(raw).filter((k) => k !== 'key' && k !== 'requestSha256');
  if (extra.length > 0) throw invalidArgument(`idempotency.${extra[0]}`, 'is not a field of an idempotency claim');
  return { key: idempotencyKeyText(raw.key), requestSha256: sha256Hex(raw.requestSha256, 'idempotency.requestSha256') };
}

/**
 * The text the ledger key is the SHA-256 of: creator MSP ID, creator identity
 * (subject and issuer) and the client's key, as a canonical JSON array, so no
 * two different triples share it and no client can name another's record.
 */
export function idempotencyKeyPreimage(mspId: string, subject: string, clientKey: string): string {
  return canonicalJson([mspId, subject, idempotencyKeyText(clientKey)]);
}

/** The refusal to endorse a resent write: the first transaction's ID and request hash travel in the details. */
export function alreadyDone(record: IdempotencyRecord): DomainError {
  return new DomainError('ALREADY_EXISTS', `this idempotency key was used by transaction ${record.txId} (${record.fn}); nothing was written again`, {
    reason: ALREADY_DONE,
    txId: record.txId,
    requestSha256: record.requestSha256,
    fn: record.fn,
  });
}

/** The record of a refusal's details, when they are an ALREADY_DONE refusal's. */
export function alreadyDoneRecord(details: Record<string, unknown> | undefined): IdempotencyRecord | undefined {
  if (!details || details.reason !== ALREADY_DONE) return undefined;
  const { txId, requestSha256, fn } = details;
  return typeof txId === 'string' && typeof requestSha256 === 'string' && typeof fn === 'string' ? { txId, requestSha256, fn } : undefined;
}
