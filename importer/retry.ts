// When a call of the import is worth sending again, and after how long. Every
// call carries its Idempotency-Key, so sending it again never writes twice:
// the API answers a call that did commit with its first transaction.
//
// - 429 (rate limit) and 503 (OVERLOADED, UNAVAILABLE, OUTCOME_UNKNOWN): after
//   the answer's Retry-After, else a growing pause;
// - 409 IDEMPOTENCY_CONFLICT: the API still works on this key's first send (a
//   run interrupted while a call was in flight); a genuine conflict cannot come
//   from this program's keys, which are derived from the call's own content;
// - 500, 502, 504 and the connection failing (the API restarting, the network):
//   a growing pause, a few times;
// - anything else (400, 401, 403, 409 ALREADY_EXISTS, 413, …) is final.

import { CallFailed, type Failure } from './http';

export type { Failure } from './http';

/** The longest pause between two sends of a call. */
export const MAX_PAUSE_MS = 60_000;

/** 1 s, 2 s, 4 s, … up to 30 s, for the n-th send again (from 1). */
export const backoffMs = (attempt: number): number => Math.min(1000 * 2 ** Math.max(0, attempt - 1), 30_000);

/** Retry-After as milliseconds: whole seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(value: string | null | undefined, now: number): number | undefined {
  if (!value) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** How many times a failure of each class is sent again before the run stops (to be resumed later). */
export const RETRIES = { busy: 40, inFlight: 12, server: 6, network: 10 } as const;

function retryClass(f: Failure): keyof typeof RETRIES | undefined {
  if (f.kind === 'network') return 'network';
  if (f.status === 429 || f.status === 503) return 'busy';
  if (f.status === 409 && f.code === 'IDEMPOTENCY_CONFLICT') return 'inFlight';
  if (f.status === 500 || f.status === 502 || f.status === 504) return 'server';
  return undefined;
}

/** The pause before sending again for the `attempt`-th time (from 1), or undefined: give up. */
export function retryDelayMs(f: Failure, attempt: number, now = Date.now()): number | undefined {
  const cls = retryClass(f);
  if (cls === undefined || attempt > RETRIES[cls]) return undefined;
  const told = f.kind === 'http' && cls === 'busy' ? retryAfterMs(f.retryAfter, now) : undefined;
  return Math.min(told ?? backoffMs(attempt), MAX_PAUSE_MS);
}

/**
 * `send` until it answers. A CallFailed worth sending again is told to `note` with the pause, then sent again after
 * it; any other failure, or one past its retries, is thrown.
 */
export async function untilAnswered<T>(
  send: () => Promise<T>,
  note: (failed: CallFailed, waitMs: number) => void,
  sleep: (ms: number) => Promise<void>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await send();
    } catch (e) {
      if (!(e instanceof CallFailed)) throw e;
      const wait = retryDelayMs(e.failure, attempt);
      if (wait === undefined) throw e;
      note(e, wait);
      await sleep(wait);
    }
  }
}
