// Attestations: a read-only answer about world-state keys (every write in each
// key's history and the hash of its current value, and the keys found under
// partial keys), endorsed separately by each organisation's peer. The answer
// is canonical JSON built only from ledger data, so it is byte-identical on
// every peer at the same height; the endorsement binds it to the proposal
// header, whose timestamp (checked against each endorser's clock, see
// time-window.ts) is the attestation's time.
import { canonicalJson } from './canonical-json';
import { invalidArgument, limitExceeded } from './errors';
import type { JsonObject } from './json-types';
import { OBJECT_TYPES, type KeyParts } from './keys';

export const ATTESTATION_FORMAT = 'notary-attestation/1';
/** Keys in one attestation: the explicit ones and those found under prefixes together. */
export const MAX_ATTESTED_KEYS = 2000;
export const MAX_ATTESTED_PREFIXES = 64;

export interface AttestationRequest {
  /** Full keys, each [objectType, ...attributes] with at least one attribute. */
  keys: KeyParts[];
  /** Partial keys, each [objectType, ...attributes]. */
  prefixes: KeyParts[];
}

export interface AttestedWrite {
  txId: string;
  isDelete: boolean;
}

export interface AttestedKey {
  /** The composite key exactly as stored (U+0000 separated). */
  key: string;
  /** Every write in the key's history, oldest first. */
  writes: AttestedWrite[];
  /** Hex SHA-256 of the current value's bytes; null when the key has no value. */
  valueSha256: string | null;
}

export interface AttestedPrefix {
  /** The partial composite key (U+0000 separated, ending with U+0000). */
  prefix: string;
  /** Full keys under it, in ledger (byte) order. */
  keys: string[];
}

const KNOWN_TYPES: readonly string[] = Object.values(OBJECT_TYPES);
const REQUEST_FIELDS = ['keys', 'prefixes'];

function keyPartsOf(value: unknown, field: string, minAttributes: number): KeyParts {
  if (!Array.isArray(value)) throw invalidArgument(field, 'must be an array [objectType, ...attributes] of strings');
  if (value.length < 1 + minAttributes) {
    throw invalidArgument(field, minAttributes > 0 ? 'a key needs its objectType and at least one attribute' : 'needs at least the objectType');
  }
  value.forEach((part, i) => {
    if (typeof part !== 'string' || part.length === 0) throw invalidArgument(`${field}[${i}]`, 'must be a non-empty string');
    if (part.includes('\u0000') || part.includes('\u{10FFFF}')) throw invalidArgument(`${field}[${i}]`, 'must not contain U+0000 or U+10FFFF');
  });
  const [objectType, ...attributes] = value as string[];
  if (!KNOWN_TYPES.includes(objectType!)) {
    throw invalidArgument(`${field}[0]`, `unknown objectType ${JSON.stringify(objectType)}`, { allowed: [...KNOWN_TYPES] });
  }
  return [objectType!, ...attributes];
}

function listOf(value: unknown, field: string, max: number, minAttributes: number): KeyParts[] {
  if (!Array.isArray(value)) throw invalidArgument(field, 'must be an array of keys');
  if (value.length > max) throw invalidArgument(field, `at most ${max} entries`, { max, count: value.length });
  return value.map((v, i) => keyPartsOf(v, `${field}[${i}]`, minAttributes));
}

/**
 * `{"keys": [[objectType, ...attrs], ...], "prefixes": [[objectType, ...attrs], ...]}`:
 * both arrays present, nothing else, at most 2,000 keys and 64 prefixes, every
 * part a non-empty string, every objectType one the chaincode writes, and at
 * least one key or prefix. INVALID_ARGUMENT naming the field otherwise.
 */
export function validateAttestationRequest(body: JsonObject): AttestationRequest {
  for (const k of Object.keys(body)) {
    if (!REQUEST_FIELDS.includes(k)) throw invalidArgument(k, 'unknown field', { allowed: REQUEST_FIELDS });
  }
  const keys = listOf(body['keys'], 'keys', MAX_ATTESTED_KEYS, 1);
  const prefixes = listOf(body['prefixes'], 'prefixes', MAX_ATTESTED_PREFIXES, 0);
  if (keys.length === 0 && prefixes.length === 0) throw invalidArgument('keys', 'nothing to attest: give at least one key or prefix');
  return { keys, prefixes };
}

/** Throws LIMIT_EXCEEDED once the keys to attest (explicit and found under prefixes, distinct) exceed the maximum. */
export function checkAttestedKeyCount(count: number): void {
  if (count > MAX_ATTESTED_KEYS) {
    throw limitExceeded(`an attestation covers at most ${MAX_ATTESTED_KEYS} keys (explicit and under prefixes); narrow the prefixes`, {
      max: MAX_ATTESTED_KEYS,
    });
  }
}

const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The answer: keys sorted (UTF-16 code units, as canonical JSON sorts) and each
 * once, prefixes sorted and each once with their keys in the order the ledger
 * gave them, as canonical JSON.
 */
export function attestationJson(keys: readonly AttestedKey[], prefixes: readonly AttestedPrefix[]): string {
  const uniqueKeys = new Map<string, AttestedKey>();
  for (const k of keys) uniqueKeys.set(k.key, k);
  const uniquePrefixes = new Map<string, AttestedPrefix>();
  for (const p of prefixes) uniquePrefixes.set(p.prefix, p);
  return canonicalJson({
    format: ATTESTATION_FORMAT,
    keys: [...uniqueKeys.keys()].sort(byCodeUnits).map((key) => {
      const k = uniqueKeys.get(key)!;
      return { key: k.key, writes: k.writes.map((w) => ({ txId: w.txId, isDelete: w.isDelete })), valueSha256: k.valueSha256 };
    }),
    prefixes: [...uniquePrefixes.keys()].sort(byCodeUnits).map((prefix) => ({ prefix, keys: [...uniquePrefixes.get(prefix)!.keys] })),
  });
}
