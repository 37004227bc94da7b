import type { Context } from 'fabric-contract-api';
import { DomainError, projectDeltasPrefix, RANGE_QUERY_LIMIT, RANGE_READ_PAGE } from '../../../chaincode/src/domain';
import { listEntries, listIds, listJson, readAllEntries, readAllJson } from '../../../chaincode/src/ledger/state';

// A stub over `count` keys under one prefix that answers ranges as a peer does: an unpaged range ends after
// `peerLimit` results as if it were complete; a paged one answers up to its page size and a bookmark.
function stubOver(count: number, peerLimit = RANGE_QUERY_LIMIT) {
  const sep = '\u0000';
  const key = (i: number) => `${sep}projectDelta${sep}C1${sep}C1:P1${sep}tx${String(i).padStart(7, '0')}${sep}`;
  const value = (i: number) => Buffer.from(JSON.stringify({ funnel: { contracts: i } }));
  const calls = { unpaged: 0, pages: [] as { pageSize: number; bookmark: string }[] };
  const stub = {
    createCompositeKey: (type: string, attrs: string[]) => `${sep}${[type, ...attrs].join(sep)}${sep}`,
    splitCompositeKey: (k: string) => {
      const [objectType, ...attributes] = k.split(sep).slice(1, -1);
      return { objectType, attributes };
    },
    getStateByPartialCompositeKey: () => {
      calls.unpaged++;
      return (async function* () {
        for (let i = 0; i < Math.min(count, peerLimit); i++) yield { key: key(i), value: value(i) };
      })();
    },
    getStateByPartialCompositeKeyWithPagination: async (_type: string, _attrs: string[], pageSize: number, bookmark: string) => {
      calls.pages.push({ pageSize, bookmark });
      const from = bookmark ? Number(bookmark) : 0;
      const to = Math.min(count, from + Math.min(pageSize, peerLimit));
      let i = from;
      return {
        iterator: {
          next: async () => (i < to ? { done: false, value: { key: key(i), value: value(i++) } } : { done: true, value: undefined }),
          close: async () => undefined,
        },
        metadata: { fetchedRecordsCount: to - from, bookmark: String(to) },
      };
    },
  };
  return { ctx: { stub } as unknown as Context, calls };
}

const prefix = projectDeltasPrefix('C1', 'C1:P1');

describe('unpaged scans (what a writing transaction may read)', () => {
  it('answer every key of a range under the limit, in order', async () => {
    const { ctx } = stubOver(RANGE_QUERY_LIMIT - 1);
    const values = await listJson<{ funnel: { contracts: number } }>(ctx, prefix);
    expect(values).toHaveLength(RANGE_QUERY_LIMIT - 1);
    expect(values[RANGE_QUERY_LIMIT - 2]!.funnel.contracts).toBe(RANGE_QUERY_LIMIT - 2);
    expect(await listIds(ctx, prefix)).toHaveLength(RANGE_QUERY_LIMIT - 1);
  });

  it.each([
    ['listJson', listJson],
    ['listEntries', listEntries],
    ['listIds', listIds],
  ] as const)('%s refuses a range the peer may have cut short, rather than answer part of it', async (_name, list) => {
    const { ctx } = stubOver(RANGE_QUERY_LIMIT + 5_000);
    const refusal = await list(ctx, prefix).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(refusal).toBeInstanceOf(DomainError);
    expect(refusal).toMatchObject({ code: 'LIMIT_EXCEEDED', details: { objectType: 'projectDelta', under: 'C1/C1:P1', limit: RANGE_QUERY_LIMIT } });
  });
});

describe('paged reads (read-only transactions)', () => {
  it('walk every page past the peer limit, each key once and in order', async () => {
    const count = RANGE_QUERY_LIMIT + 2 * RANGE_READ_PAGE + 1;
    const { ctx, calls } = stubOver(count);
    const values = await readAllJson<{ funnel: { contracts: number } }>(ctx, prefix);
    expect(values.map((v) => v.funnel.contracts)).toEqual(Array.from({ length: count }, (_, i) => i));
    expect(calls.unpaged).toBe(0);
    expect(calls.pages).toHaveLength(Math.ceil(count / RANGE_READ_PAGE));
    expect(calls.pages.every((p) => p.pageSize === RANGE_READ_PAGE)).toBe(true);
  });

  it('end on an exactly full last page, and name each entry by its key', async () => {
    const { ctx, calls } = stubOver(2 * RANGE_READ_PAGE);
    const entries = await readAllEntries<{ funnel: { contracts: number } }>(ctx, prefix);
    expect(entries).toHaveLength(2 * RANGE_READ_PAGE);
    expect(entries[0]).toEqual({ id: 'tx0000000', value: { funnel: { contracts: 0 } } });
    // Two full pages, then one empty page that ends the walk.
    expect(calls.pages.map((p) => p.bookmark)).toEqual(['', String(RANGE_READ_PAGE), String(2 * RANGE_READ_PAGE)]);
  });
});
