// World-state access in canonical JSON, by the domain's composite-key parts.
import type { Context } from 'fabric-contract-api';
import {
  canonicalJson,
  compositeKeyArgs,
  DomainError,
  instantFromTxTimestamp,
  limitExceeded,
  parseJsonObject,
  RANGE_QUERY_LIMIT,
  RANGE_READ_PAGE,
  type KeyParts,
} from '../domain';

export const keyOf = (ctx: Context, parts: KeyParts): string => ctx.stub.createCompositeKey(...compositeKeyArgs(parts));

const decode = <T>(bytes: Uint8Array): T => parseJsonObject(Buffer.from(bytes).toString('utf8')) as unknown as T;

export async function getJson<T>(ctx: Context, parts: KeyParts): Promise<T | undefined> {
  const bytes = await ctx.stub.getState(keyOf(ctx, parts));
  return bytes && bytes.length > 0 ? decode<T>(bytes) : undefined;
}

export async function mustGet<T>(ctx: Context, parts: KeyParts, what: string): Promise<T> {
  const value = await getJson<T>(ctx, parts);
  if (value === undefined) throw new DomainError('NOT_FOUND', `${what} not found`, { key: parts.slice(1).join('/') });
  return value;
}

export async function exists(ctx: Context, parts: KeyParts): Promise<boolean> {
  const bytes = await ctx.stub.getState(keyOf(ctx, parts));
  return !!bytes && bytes.length > 0;
}

export async function putJson(ctx: Context, parts: KeyParts, value: unknown): Promise<void> {
  await ctx.stub.putState(keyOf(ctx, parts), Buffer.from(canonicalJson(value)));
}

/** Index entries carry no data: the key is the fact. */
export async function putIndex(ctx: Context, parts: KeyParts): Promise<void> {
  await ctx.stub.putState(keyOf(ctx, parts), Buffer.from('\u0000'));
}

export async function deleteKey(ctx: Context, parts: KeyParts): Promise<void> {
  await ctx.stub.deleteState(keyOf(ctx, parts));
}

type StateEntry = { key: string; value: Uint8Array };

const lastAttribute = (ctx: Context, key: string): string => {
  const { attributes } = ctx.stub.splitCompositeKey(key);
  return attributes[attributes.length - 1]!;
};

/**
 * Every entry under a partial composite key, in one unpaged range query: the only kind a writing transaction may
 * make. A peer ends such a range after RANGE_QUERY_LIMIT results as if it were complete, so a scan that reaches the
 * limit is refused rather than answered short.
 */
async function scanUnder<T>(ctx: Context, prefix: KeyParts, pick: (kv: StateEntry) => T): Promise<T[]> {
  const out: T[] = [];
  for await (const kv of ctx.stub.getStateByPartialCompositeKey(...compositeKeyArgs(prefix))) out.push(pick(kv));
  if (out.length >= RANGE_QUERY_LIMIT) {
    const under = prefix.slice(1).join('/');
    throw limitExceeded(`${prefix[0]} under ${under}: ${RANGE_QUERY_LIMIT} or more keys, more than one scan returns; refused, not read in part`, {
      objectType: prefix[0],
      under,
      limit: RANGE_QUERY_LIMIT,
    });
  }
  return out;
}

/** Values under a partial composite key, in key order. */
export async function listJson<T>(ctx: Context, prefix: KeyParts): Promise<T[]> {
  return scanUnder(ctx, prefix, (kv) => decode<T>(kv.value));
}

/** Values under a partial composite key with their key's last attribute, in key order. */
export async function listEntries<T>(ctx: Context, prefix: KeyParts): Promise<{ id: string; value: T }[]> {
  return scanUnder(ctx, prefix, (kv) => ({ id: lastAttribute(ctx, kv.key), value: decode<T>(kv.value) }));
}

/** The last attribute of every key under a partial composite key (index look-ups). */
export async function listIds(ctx: Context, prefix: KeyParts): Promise<string[]> {
  return scanUnder(ctx, prefix, (kv) => lastAttribute(ctx, kv.key));
}

/** Every entry under a partial composite key page by page, with no limit on their number (read-only transactions only). */
async function walkUnder<T>(ctx: Context, prefix: KeyParts, pick: (kv: StateEntry) => T): Promise<T[]> {
  const out: T[] = [];
  let bookmark = '';
  do {
    const page = await pageUnder(ctx, prefix, RANGE_READ_PAGE, bookmark, pick);
    out.push(...page.items);
    bookmark = page.bookmark;
  } while (bookmark);
  return out;
}

/** listJson for read-only transactions: every value, however many. */
export async function readAllJson<T>(ctx: Context, prefix: KeyParts): Promise<T[]> {
  return walkUnder(ctx, prefix, (kv) => decode<T>(kv.value));
}

/** listEntries for read-only transactions: every entry, however many. */
export async function readAllEntries<T>(ctx: Context, prefix: KeyParts): Promise<{ id: string; value: T }[]> {
  return walkUnder(ctx, prefix, (kv) => ({ id: lastAttribute(ctx, kv.key), value: decode<T>(kv.value) }));
}

export interface HistoryEntry<T> {
  txId: string;
  time: string;
  isDelete: boolean;
  value: T | null;
}

/** Every committed value of one key, oldest first, with the transaction that wrote it. */
export async function historyOf<T>(ctx: Context, parts: KeyParts): Promise<HistoryEntry<T>[]> {
  const out: HistoryEntry<T>[] = [];
  for await (const m of ctx.stub.getHistoryForKey(keyOf(ctx, parts))) {
    out.push({
      txId: m.txId,
      time: instantFromTxTimestamp(Number(m.timestamp.seconds.toString()), m.timestamp.nanos),
      isDelete: m.isDelete,
      value: m.isDelete || m.value.length === 0 ? null : decode<T>(m.value),
    });
  }
  // The peer returns newest first; evidence reads oldest first.
  return out.reverse();
}

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;

/** One page under a partial composite key (read-only transactions only), each entry mapped, and the bookmark of the next. */
async function pageUnder<T>(
  ctx: Context,
  prefix: KeyParts,
  pageSize: number,
  bookmark: string,
  pick: (kv: StateEntry) => T,
): Promise<{ items: T[]; bookmark: string }> {
  const [objectType, attributes] = compositeKeyArgs(prefix);
  const { iterator, metadata } = await ctx.stub.getStateByPartialCompositeKeyWithPagination(objectType, attributes, pageSize, bookmark);
  const items: T[] = [];
  try {
    for (let r = await iterator.next(); !r.done; r = await iterator.next()) items.push(pick(r.value));
  } finally {
    await iterator.close();
  }
  // Fewer than a full page means the range is exhausted: no next page.
  return { items, bookmark: items.length < pageSize ? '' : metadata.bookmark };
}

/** One page of IDs (each key's last attribute) under a partial composite key, and the bookmark of the next. */
export async function listIdsPage(ctx: Context, prefix: KeyParts, pageSize: number, bookmark: string): Promise<{ ids: string[]; bookmark: string }> {
  const page = await pageUnder(ctx, prefix, pageSize, bookmark, (kv) => lastAttribute(ctx, kv.key));
  return { ids: page.items, bookmark: page.bookmark };
}

/** One page of the values under a partial composite key, and the bookmark of the next. */
export async function listJsonPage<T>(ctx: Context, prefix: KeyParts, pageSize: number, bookmark: string): Promise<{ values: T[]; bookmark: string }> {
  const page = await pageUnder(ctx, prefix, pageSize, bookmark, (kv) => decode<T>(kv.value));
  return { values: page.items, bookmark: page.bookmark };
}
