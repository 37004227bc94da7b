// Endorsed time: the pure comparison of a proposal's time with an endorser's clock.
import {
  assertTimeWindow,
  checkTimeWindow,
  DEFAULT_TIME_TOLERANCE_SECONDS,
  needsEndorsedTime,
  parseTimeTolerance,
  TIME_OUT_OF_WINDOW,
  txTimestampMs,
} from '../../../chaincode/src/domain/time-window';
import { expectCode } from './fixtures';

const CLOCK = Date.UTC(2026, 4, 1, 8, 0, 0);
const FIVE_MIN = 5 * 60_000;

describe('checkTimeWindow', () => {
  it.each([
    ['the same instant', 0],
    ['a second behind', -1000],
    ['a second ahead', 1000],
    ['exactly the tolerance behind (edge included)', -FIVE_MIN],
    ['exactly the tolerance ahead (edge included)', FIVE_MIN],
  ])('accepts %s', (_name, skew) => {
    expect(checkTimeWindow(CLOCK + skew, CLOCK, FIVE_MIN)).toEqual({ ok: true, skewMs: skew });
    expect(() => assertTimeWindow(CLOCK + skew, CLOCK, FIVE_MIN)).not.toThrow();
  });

  it.each([
    ['one ms beyond the tolerance behind (backdated)', -FIVE_MIN - 1, 'behind'],
    ['one ms beyond the tolerance ahead (post-dated)', FIVE_MIN + 1, 'ahead of'],
    ['an hour behind', -3_600_000, 'behind'],
    ['a day ahead', 86_400_000, 'ahead of'],
  ])('refuses %s with a coded error naming the time window', (_name, skew, direction) => {
    const result = checkTimeWindow(CLOCK + skew, CLOCK, FIVE_MIN);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.skewMs).toBe(skew);
    expect(result.error.code).toBe('INVALID_ARGUMENT');
    expect(result.error.message).toContain('time window');
    expect(result.error.message).toContain(direction);
    expect(result.error.details).toEqual({
      field: 'txTimestamp',
      reason: TIME_OUT_OF_WINDOW,
      toleranceMs: FIVE_MIN,
      skewMs: skew,
      txTime: new Date(CLOCK + skew).toISOString(),
      endorserTime: new Date(CLOCK).toISOString(),
    });
    expectCode(() => assertTimeWindow(CLOCK + skew, CLOCK, FIVE_MIN), 'INVALID_ARGUMENT', 'txTimestamp');
  });

  it('uses the tolerance it is given', () => {
    expect(checkTimeWindow(CLOCK - 10_000, CLOCK, 10_000).ok).toBe(true);
    expect(checkTimeWindow(CLOCK - 10_001, CLOCK, 10_000).ok).toBe(false);
  });

  it.each([
    [NaN, CLOCK, FIVE_MIN],
    [CLOCK, -1, FIVE_MIN],
    [CLOCK, CLOCK, 1.5],
    [CLOCK + 0.5, CLOCK, FIVE_MIN],
  ])('rejects non-integer or negative inputs %p', (tx, clock, tolerance) => {
    expectCode(() => checkTimeWindow(tx, clock, tolerance), 'INVALID_ARGUMENT');
  });
});

describe('txTimestampMs', () => {
  it('is seconds and nanos to ms, truncating below the ms', () => {
    expect(txTimestampMs(1_777_622_400, 999_999_999)).toBe(1_777_622_400_999);
    expect(txTimestampMs(0, 0)).toBe(0);
  });
  it.each([
    [-1, 0],
    [1, -1],
    [1, 1_000_000_000],
    [1.5, 0],
  ])('rejects %p', (s, n) => {
    expectCode(() => txTimestampMs(s, n), 'INVALID_ARGUMENT', 'txTimestamp');
  });
});

describe('parseTimeTolerance (NOTARY_TIME_TOLERANCE_SECONDS)', () => {
  it('defaults to 5 minutes when unset or empty', () => {
    expect(DEFAULT_TIME_TOLERANCE_SECONDS).toBe(300);
    expect(parseTimeTolerance(undefined)).toBe(FIVE_MIN);
    expect(parseTimeTolerance('')).toBe(FIVE_MIN);
    expect(parseTimeTolerance('  ')).toBe(FIVE_MIN);
  });
  it('reads whole seconds from 1 to a day', () => {
    expect(parseTimeTolerance('1')).toBe(1000);
    expect(parseTimeTolerance(' 60 ')).toBe(60_000);
    expect(parseTimeTolerance('86400')).toBe(86_400_000);
  });
  it.each(['0', '86401', '-5', '1.5', '5m', 'abc', '1e3', '0x10'])('refuses %p', (raw) => {
    expectCode(() => parseTimeTolerance(raw), 'INVALID_ARGUMENT', 'NOTARY_TIME_TOLERANCE_SECONDS');
  });
});

describe('needsEndorsedTime', () => {
  it('checks every write and, of the reads, only the attestation', () => {
    expect(needsEndorsedTime('Contracts:Register', ['SUBMIT', 'submitTx'])).toBe(true);
    expect(needsEndorsedTime('Contracts:Get', ['EVALUATE'])).toBe(false);
    expect(needsEndorsedTime('Evidence:Attest', ['EVALUATE'])).toBe(true);
  });
  it('checks when it cannot tell', () => {
    expect(needsEndorsedTime('Contracts:Unknown', undefined)).toBe(true);
    expect(needsEndorsedTime('Contracts:Untagged', [])).toBe(true);
  });
});
