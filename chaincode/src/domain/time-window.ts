// Endorsed time. A transaction's time is the submitter's claim: Fabric puts the
// client's channel-header timestamp into the block and its endorsers check no
// window on it. So each organisation's chaincode compares the proposal's time
// with its own server's clock and refuses to endorse when they are further
// apart than a tolerance; backdating or post-dating a write by more than the
// tolerance then needs a majority of organisations to collude.
//
// The clock is passed in (the domain has none). The check only ever refuses:
// it never changes what an honest proposal writes, so the read-write set stays
// identical on every endorsing peer.
import { DomainError, invalidArgument } from './errors';
import { formatInstant } from './time';

/** Default tolerance either way between the proposal's time and the endorser's clock. */
export const DEFAULT_TIME_TOLERANCE_SECONDS = 300;
/** A tolerance above one day would no longer mean anything. */
export const MAX_TIME_TOLERANCE_SECONDS = 86_400;
/** The environment variable each chaincode server reads (see chaincode/src/ledger/endorsed-time.ts). */
export const TIME_TOLERANCE_ENV = 'NOTARY_TIME_TOLERANCE_SECONDS';
/** `details.reason` of the refusal (the code is INVALID_ARGUMENT, field `txTimestamp`: HTTP 400). */
export const TIME_OUT_OF_WINDOW = 'TIME_OUT_OF_WINDOW';

/**
 * Read-only transactions whose proposal time is nevertheless checked: their
 * signed answer states something as of that time (an attestation).
 */
export const TIME_CHECKED_READS: readonly string[] = ['Evidence:Attest'];

export type TimeWindowResult = { ok: true; skewMs: number } | { ok: false; skewMs: number; error: DomainError };

/**
 * Whether a proposal with time `txTimeMs` may be endorsed by a server whose
 * clock reads `clockMs`: |txTime − clock| ≤ tolerance, edges included. The
 * refusal is INVALID_ARGUMENT on `txTimestamp` with `details.reason`
 * TIME_OUT_OF_WINDOW and both times, so the caller sees which way it is off.
 */
export function checkTimeWindow(txTimeMs: number, clockMs: number, toleranceMs: number): TimeWindowResult {
  for (const [name, v] of [
    ['txTimeMs', txTimeMs],
    ['clockMs', clockMs],
    ['toleranceMs', toleranceMs],
  ] as const) {
    if (!Number.isSafeInteger(v) || v < 0) throw invalidArgument(name, 'must be a non-negative integer of ms');
  }
  const skewMs = txTimeMs - clockMs;
  if (Math.abs(skewMs) <= toleranceMs) return { ok: true, skewMs };
  const direction = skewMs < 0 ? 'behind' : 'ahead of';
  const error = invalidArgument(
    'txTimestamp',
    `proposal time ${formatInstant(txTimeMs)} is ${Math.abs(skewMs)} ms ${direction} this endorser's clock ` +
      `(${formatInstant(clockMs)}), outside the time window of ±${toleranceMs / 1000} s; ` +
      'build a new proposal with the current time',
    { reason: TIME_OUT_OF_WINDOW, txTime: formatInstant(txTimeMs), endorserTime: formatInstant(clockMs), toleranceMs, skewMs },
  );
  return { ok: false, skewMs, error };
}

/** Throws the coded refusal of checkTimeWindow. */
export function assertTimeWindow(txTimeMs: number, clockMs: number, toleranceMs: number): void {
  const result = checkTimeWindow(txTimeMs, clockMs, toleranceMs);
  if (!result.ok) throw result.error;
}

/** Protobuf Timestamp (seconds + nanos) to epoch ms, truncating below the millisecond. */
export function txTimestampMs(seconds: number, nanos: number): number {
  if (!Number.isSafeInteger(seconds) || seconds < 0 || !Number.isInteger(nanos) || nanos < 0 || nanos > 999_999_999) {
    throw invalidArgument('txTimestamp', 'seconds must be a non-negative safe integer and nanos 0..999999999');
  }
  return seconds * 1000 + Math.floor(nanos / 1_000_000);
}

/**
 * The tolerance from its environment variable's text: unset or empty gives
 * the default; otherwise whole seconds from 1 to one day. Anything else is a
 * configuration error (thrown, so the chaincode server refuses to start).
 */
export function parseTimeTolerance(raw: string | undefined): number {
  if (raw === undefined || raw.trim() === '') return DEFAULT_TIME_TOLERANCE_SECONDS * 1000;
  const text = raw.trim();
  const seconds = /^\d{1,6}$/.test(text) ? Number(text) : NaN;
  if (!(seconds >= 1 && seconds <= MAX_TIME_TOLERANCE_SECONDS)) {
    throw invalidArgument(TIME_TOLERANCE_ENV, `must be whole seconds from 1 to ${MAX_TIME_TOLERANCE_SECONDS}, got ${JSON.stringify(raw)}`);
  }
  return seconds * 1000;
}

/**
 * Which transactions have their proposal time checked: every one that is not
 * declared read-only (`@Transaction(false)`, tag EVALUATE), plus the reads of
 * TIME_CHECKED_READS. `tags` undefined (metadata not found) counts as a write:
 * when unsure, check.
 */
export function needsEndorsedTime(qualifiedName: string, tags: readonly string[] | undefined): boolean {
  if (TIME_CHECKED_READS.includes(qualifiedName)) return true;
  return !(tags ?? []).includes('EVALUATE');
}
