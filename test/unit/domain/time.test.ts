import {
  chinaDateOf,
  chinaDayStartMs,
  formatInstant,
  instantFromTxTimestamp,
  normalizeInstant,
  parseCalendarDate,
  parseInstant,
  parsePeriod,
} from '../../../chaincode/src/domain/time';
import { expectCode } from './fixtures';

describe('instants', () => {
  it('parses Z and offset forms to the same epoch ms', () => {
    expect(parseInstant('2024-05-01T00:00:00Z')).toBe(Date.UTC(2024, 4, 1));
    expect(parseInstant('2024-05-01T08:00:00+08:00')).toBe(Date.UTC(2024, 4, 1));
    expect(parseInstant('2024-04-30T23:30:00-00:30')).toBe(Date.UTC(2024, 4, 1));
  });

  it('truncates fractions beyond milliseconds', () => {
    expect(parseInstant('2024-05-01T00:00:00.1Z')).toBe(Date.UTC(2024, 4, 1, 0, 0, 0, 100));
    expect(parseInstant('2024-05-01T00:00:00.123999999Z')).toBe(Date.UTC(2024, 4, 1, 0, 0, 0, 123));
  });

  it.each([
    '2024-02-30T00:00:00Z',
    '2023-02-29T00:00:00Z',
    '2024-13-01T00:00:00Z',
    '2024-05-01T24:00:00Z',
    '2024-05-01T00:60:00Z',
    '2024-05-01T00:00:60Z',
    '2024-05-01T00:00:00',
    '2024-05-01 00:00:00Z',
    '2024-05-01',
    '1969-12-31T23:59:59Z',
    '2024-05-01T00:00:00+24:00',
    '2024-05-01T00:00:00.Z',
    '',
    1714521600000,
  ])('rejects %p', (value) => {
    expectCode(() => parseInstant(value, 'at'), 'INVALID_ARGUMENT', 'at');
  });

  it('accepts a leap day', () => {
    expect(normalizeInstant('2024-02-29T12:00:00+08:00')).toBe('2024-02-29T04:00:00.000Z');
  });

  it('formats and converts Fabric tx timestamps', () => {
    expect(formatInstant(0)).toBe('1970-01-01T00:00:00.000Z');
    expect(instantFromTxTimestamp(1714521600, 987_654_321)).toBe('2024-05-01T00:00:00.987Z');
    expectCode(() => instantFromTxTimestamp(1, 1_000_000_000), 'INVALID_ARGUMENT');
    expectCode(() => instantFromTxTimestamp(1.5, 0), 'INVALID_ARGUMENT');
    expectCode(() => formatInstant(-1), 'INVALID_ARGUMENT');
  });
});

describe('dates and periods', () => {
  it('accepts real dates and periods only', () => {
    expect(parseCalendarDate('2024-02-29')).toBe('2024-02-29');
    expectCode(() => parseCalendarDate('2023-02-29', 'termStart'), 'INVALID_ARGUMENT', 'termStart');
    expectCode(() => parseCalendarDate('2024-1-01'), 'INVALID_ARGUMENT');
    expect(parsePeriod('2024-12')).toBe('2024-12');
    expectCode(() => parsePeriod('2024-13'), 'INVALID_ARGUMENT', 'period');
    expectCode(() => parsePeriod('2024-00'), 'INVALID_ARGUMENT');
    expectCode(() => parsePeriod('2024-1'), 'INVALID_ARGUMENT');
  });

  it('uses China Standard Time for calendar days', () => {
    expect(chinaDayStartMs('2024-05-01')).toBe(Date.UTC(2024, 3, 30, 16));
    expect(chinaDateOf(Date.UTC(2024, 3, 30, 15, 59, 59, 999))).toBe('2024-04-30');
    expect(chinaDateOf(Date.UTC(2024, 3, 30, 16))).toBe('2024-05-01');
  });
});
