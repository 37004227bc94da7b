// Field-level checks shared by the record validators. Each one names the
// field it rejects (INVALID_ARGUMENT, details.field) so the API can point the
// caller at it, and every identifier passes the PII scan. There is no free-text
// field: what people write stays off the shared ledger (free-text.ts).
import { invalidArgument } from './errors';
import { detectPii, detectPiiInIdentifier, type PiiKind } from './pii';
import { normalizeInstant, parseCalendarDate, parsePeriod } from './time';

export type Fields = Readonly<Record<string, unknown>>;

/** Client-chosen IDs double as composite-key attributes: short, ASCII, no separators Fabric reserves. */
export const IDENTIFIER = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
export const HEX_SHA256 = /^[0-9a-f]{64}$/;

/** A plain object with no keys beyond `allowed`: unknown fields could smuggle PII onto the ledger. */
export function requireFields(input: unknown, allowed: readonly string[], field = 'body'): Fields {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw invalidArgument(field, 'must be an object');
  }
  const prefix = field === 'body' ? '' : `${field}.`;
  for (const key of Object.keys(input)) {
    if (!allowed.includes(key)) throw invalidArgument(`${prefix}${key}`, 'unknown field');
  }
  return input as Fields;
}

export function assertNoPii(field: string, text: string, detect: (text: string) => PiiKind | undefined = detectPii): void {
  const kind = detect(text);
  if (kind !== undefined) {
    throw invalidArgument(field, `looks like personal data (${kind}); send a salted commitment instead`, { pii: kind });
  }
}

export function identifier(value: unknown, field: string): string {
  if (typeof value !== 'string' || !IDENTIFIER.test(value)) {
    throw invalidArgument(field, 'must be 1-64 characters of A-Z a-z 0-9 . _ - starting with a letter or digit');
  }
  assertNoPii(field, value, detectPiiInIdentifier);
  return value;
}

/** SHA-256 digests and salted commitments: exactly 64 lowercase hex characters, one spelling per value. */
export function sha256Hex(value: unknown, field: string): string {
  if (typeof value !== 'string' || !HEX_SHA256.test(value)) {
    throw invalidArgument(field, 'must be 64 lowercase hex characters');
  }
  return value;
}

/** Money is integer fen (分), strictly positive and exactly representable. */
export function positiveFen(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) {
    throw invalidArgument(field, 'must be a positive safe integer amount in fen');
  }
  return value;
}

export function integerInRange(value: unknown, field: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw invalidArgument(field, `must be an integer from ${min} to ${max}`);
  }
  return value;
}

export function oneOf<T extends string>(value: unknown, field: string, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw invalidArgument(field, `must be one of ${allowed.join(', ')}`);
  }
  return value as T;
}

export const instant = (value: unknown, field: string): string => normalizeInstant(value, field);
export const calendarDate = (value: unknown, field: string): string => parseCalendarDate(value, field);
export const period = (value: unknown, field: string): string => parsePeriod(value, field);
