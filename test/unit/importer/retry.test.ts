// Which failures of a call are sent again, after how long.
import { backoffMs, MAX_PAUSE_MS, RETRIES, retryAfterMs, retryDelayMs, type Failure } from '../../../importer/retry';

const http = (status: number, code?: string, retryAfter?: string): Failure => ({ kind: 'http', status, code, retryAfter });
const now = Date.UTC(2026, 0, 1, 12, 0, 0);

describe('retryAfterMs', () => {
  it('reads whole seconds and HTTP dates; nothing for absent or unreadable values', () => {
    expect(retryAfterMs('7', now)).toBe(7000);
    expect(retryAfterMs(new Date(now + 12_000).toUTCString(), now)).toBe(12_000);
    expect(retryAfterMs(new Date(now - 5_000).toUTCString(), now)).toBe(0);
    expect(retryAfterMs(null, now)).toBeUndefined();
    expect(retryAfterMs('soon', now)).toBeUndefined();
  });
});

describe('retryDelayMs', () => {
  it('503 OVERLOADED and 429 wait what Retry-After says (at most a minute)', () => {
    expect(retryDelayMs(http(503, 'OVERLOADED', '3'), 1, now)).toBe(3000);
    expect(retryDelayMs(http(429, 'RATE_LIMITED', '20'), 5, now)).toBe(20_000);
    expect(retryDelayMs(http(503, 'OVERLOADED', '600'), 1, now)).toBe(MAX_PAUSE_MS);
  });

  it('without Retry-After, and for network failures and 5xx, a growing pause', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map(backoffMs)).toEqual([1000, 2000, 4000, 8000, 16_000, 30_000, 30_000]);
    expect(retryDelayMs(http(503, 'OUTCOME_UNKNOWN'), 2, now)).toBe(2000);
    expect(retryDelayMs({ kind: 'network', message: 'ECONNREFUSED' }, 3, now)).toBe(4000);
    expect(retryDelayMs(http(502, 'ENDORSEMENT_FAILED', '9'), 1, now)).toBe(1000);
  });

  it('409 IDEMPOTENCY_CONFLICT (the first send still running) is waited for; other 409s are final', () => {
    expect(retryDelayMs(http(409, 'IDEMPOTENCY_CONFLICT'), 1, now)).toBe(1000);
    expect(retryDelayMs(http(409, 'ALREADY_EXISTS'), 1, now)).toBeUndefined();
  });

  it('refusals are final: 400, 401, 403, 413', () => {
    for (const status of [400, 401, 403, 404, 413]) expect(retryDelayMs(http(status, 'X'), 1, now)).toBeUndefined();
  });

  it('gives up after the class limit', () => {
    expect(retryDelayMs(http(503, 'OVERLOADED', '1'), RETRIES.busy, now)).toBe(1000);
    expect(retryDelayMs(http(503, 'OVERLOADED', '1'), RETRIES.busy + 1, now)).toBeUndefined();
    expect(retryDelayMs({ kind: 'network', message: 'x' }, RETRIES.network + 1, now)).toBeUndefined();
  });
});
