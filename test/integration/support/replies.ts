// Assertions on API replies shared by the HTTP tests of scoped reach: a success
// with its status, a committed write, the one error shape, and "the same refusal"
// for two requests (what a caller outside a record's reach may learn).
import type { Reply } from './api';

export const TX_ID = /^[0-9a-f]{64}$/;
const show = (r: Reply) => `${r.status} ${r.text.slice(0, 600)}`;

export function ok(r: Reply, status = 200): Reply {
  if (r.status !== status) throw new Error(`expected ${status}, got ${show(r)}`);
  return r;
}

/** 201 with the transaction that wrote it and its block. */
export function written(r: Reply): Reply {
  ok(r, 201);
  expect(r.body.txId).toMatch(TX_ID);
  expect(r.body.blockNumber).toMatch(/^\d+$/);
  return r;
}

/** The one error shape, with the expected status and code. */
export function failed(r: Reply, status: number, code: string): Reply {
  if (r.status !== status) throw new Error(`expected ${status} ${code}, got ${show(r)}`);
  expect(Object.keys(r.body)).toEqual(['error']);
  expect(r.body.error).toMatchObject({ code, message: expect.any(String) });
  return r;
}

/** Every item of a paged list route (`field` of each page), following `bookmark`; each page must answer 200. */
export async function allPages<T>(who: { get(url: string): Promise<Reply> }, path: string, field: string): Promise<T[]> {
  const out: T[] = [];
  const sep = path.includes('?') ? '&' : '?';
  let bookmark = '';
  do {
    const page = ok(await who.get(`${path}${sep}pageSize=1000${bookmark ? `&bookmark=${encodeURIComponent(bookmark)}` : ''}`)).body;
    out.push(...(page[field] as T[]));
    bookmark = page.bookmark;
  } while (bookmark);
  return out;
}

/**
 * 403 FORBIDDEN for both, with the same message once each request's own ID is blanked out: a refused caller
 * cannot tell a record that exists (someone else's) from one that does not.
 */
export function sameRefusal(existing: Reply, existingId: string, missing: Reply, missingId: string): void {
  failed(existing, 403, 'FORBIDDEN');
  failed(missing, 403, 'FORBIDDEN');
  const blank = (r: Reply, id: string) => {
    const { code, message, details } = r.body.error as { code: string; message: string; details?: unknown };
    return JSON.stringify({ code, message, details: details ?? null })
      .split(id)
      .join('<id>');
  };
  expect(blank(existing, existingId)).toBe(blank(missing, missingId));
}
