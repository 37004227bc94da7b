// Time without a clock: every instant comes from the caller (the transaction
// timestamp, or a client-supplied event time) as a string and is parsed by
// hand, because Date.parse silently rolls 2024-02-30 over into March.
import { invalidArgument } from './errors';

export const DAY_MS = 86_400_000;

/** Calendar dates and months are China Standard Time: UTC+08:00, no DST. */
export const CHINA_UTC_OFFSET_MS = 8 * 3_600_000;

const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|([+-])(\d{2}):(\d{2}))$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const PERIOD = /^(\d{4})-(\d{2})$/;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function validDate(year: number, month: number, day: number): boolean {
  return year >= 1970 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/**
 * RFC 3339 instant (`2024-05-01T08:00:00.123Z`, or with a ±hh:mm offset) to
 * epoch milliseconds. Fractions beyond milliseconds are truncated.
 */
// eslint-disable-next-line complexity -- RFC 3339 instant parser: one range check per field (calendar date, hour, minute, second, offset)
export function parseInstant(value: unknown, field = 'time'): number {
  const m = typeof value === 'string' ? INSTANT.exec(value) : null;
  if (m === null) throw invalidArgument(field, 'must be an RFC 3339 instant like 2024-05-01T08:00:00Z');
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i]));
  const fraction = (m[7] ?? '').padEnd(3, '0').slice(0, 3);
  if (
    year === undefined ||
    month === undefined ||
    day === undefined ||
    hour === undefined ||
    minute === undefined ||
    second === undefined ||
    !validDate(year, month, day) ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  ) {
    throw invalidArgument(field, 'is not a real calendar instant');
  }
  let offsetMs = 0;
  if (m[8] !== 'Z') {
    const offsetHours = Number(m[10]);
    const offsetMinutes = Number(m[11]);
    if (offsetHours > 23 || offsetMinutes > 59) throw invalidArgument(field, 'has an invalid UTC offset');
    offsetMs = (m[9] === '-' ? -1 : 1) * (offsetHours * 60 + offsetMinutes) * 60_000;
  }
  return Date.UTC(year, month - 1, day, hour, minute, second, Number(fraction)) - offsetMs;
}

/** Epoch ms to the one stored form: `YYYY-MM-DDTHH:mm:ss.sssZ`. */
export function formatInstant(epochMs: number): string {
  if (!Number.isSafeInteger(epochMs) || epochMs < 0) throw invalidArgument('time', 'must be a non-negative integer of ms');
  return new Date(epochMs).toISOString();
}

/** Normalises any accepted instant to the stored form. */
export function normalizeInstant(value: unknown, field = 'time'): string {
  return formatInstant(parseInstant(value, field));
}

/**
 * Fabric transaction timestamp (protobuf seconds + nanos; the chaincode gets
 * it from ctx.stub.getTxTimestamp()) to the stored instant form.
 */
export function instantFromTxTimestamp(seconds: number, nanos: number): string {
  if (!Number.isSafeInteger(seconds) || !Number.isInteger(nanos) || nanos < 0 || nanos > 999_999_999) {
    throw invalidArgument('txTimestamp', 'seconds must be a safe integer and nanos 0..999999999');
  }
  return formatInstant(seconds * 1000 + Math.floor(nanos / 1_000_000));
}

/** `YYYY-MM-DD` calendar date; returns it unchanged once checked. */
export function parseCalendarDate(value: unknown, field = 'date'): string {
  const m = typeof value === 'string' ? DATE.exec(value) : null;
  if (m === null || !validDate(Number(m[1]), Number(m[2]), Number(m[3]))) {
    throw invalidArgument(field, 'must be a real calendar date YYYY-MM-DD');
  }
  return value as string;
}

/** `YYYY-MM` billing period; returns it unchanged once checked. */
export function parsePeriod(value: unknown, field = 'period'): string {
  const m = typeof value === 'string' ? PERIOD.exec(value) : null;
  if (m === null || !validDate(Number(m[1]), Number(m[2]), 1)) {
    throw invalidArgument(field, 'must be a billing period YYYY-MM');
  }
  return value as string;
}

/** Start of a China calendar day (00:00 CST), as epoch ms. */
export function chinaDayStartMs(date: string): number {
  const [y, mo, d] = parseCalendarDate(date).split('-').map(Number);
  return Date.UTC(y ?? 0, (mo ?? 1) - 1, d ?? 1) - CHINA_UTC_OFFSET_MS;
}

/** The China calendar date (YYYY-MM-DD) an instant falls on. */
export function chinaDateOf(epochMs: number): string {
  return new Date(epochMs + CHINA_UTC_OFFSET_MS).toISOString().slice(0, 10);
}
