// Batches of a checked file, each with its own idempotency key, and the
// receipt: every row with its ID and the transaction that wrote it.
import { answeredIds, answeredProjects, planBatches, receiptCsv, receiptLines } from '../../../uploads/upload-plan';

describe('planBatches', () => {
  it('2,068 items: four calls of 500 and one of 68, row numbers and keys in order', () => {
    const items = Array.from({ length: 2068 }, (_, i) => i);
    const batches = planBatches(items, (i) => `up-1-${i + 1}`);
    expect(batches.map((b) => [b.firstRow, b.items.length, b.idempotencyKey])).toEqual([
      [1, 500, 'up-1-1'],
      [501, 500, 'up-1-2'],
      [1001, 500, 'up-1-3'],
      [1501, 500, 'up-1-4'],
      [2001, 68, 'up-1-5'],
    ]);
    expect(batches.flatMap((b) => b.items)).toEqual(items);
  });

  it('keys derived from each call index (from 0), and any call size', () => {
    const batches = planBatches([1, 2, 3, 4, 5], (i) => `k${i}`, 2);
    expect(batches.map((b) => [b.firstRow, b.items, b.idempotencyKey])).toEqual([
      [1, [1, 2], 'k0'],
      [3, [3, 4], 'k1'],
      [5, [5], 'k2'],
    ]);
    expect(() => planBatches([1], String, 0)).toThrow('at least one item');
  });
});

describe('answeredIds: the IDs the ledger recorded, when the answer names them', () => {
  const rows = ['HT-1', 'HT-2', 'HT-3'];
  const tx = (count: number, extra: object = {}) => ({ txId: 't', blockNumber: '1', count, ...extra });

  it("today's answer names none: the rows' own IDs", () => {
    expect(answeredIds({ count: 3, transactions: [tx(3)], txId: 't', blockNumber: '1' }, rows)).toEqual(rows);
    expect(answeredIds(undefined, rows)).toEqual(rows);
  });

  it('qualified IDs from the answer, on the answer or per transaction', () => {
    const q = rows.map((id) => `91110105MA01XQ7T3B:${id}`);
    expect(answeredIds({ contractIds: q, transactions: [tx(3)] }, rows)).toEqual(q);
    expect(answeredIds({ transactions: [tx(2, { contractIds: q.slice(0, 2) }), tx(1, { contractIds: q.slice(2) })] }, rows)).toEqual(q);
    expect(answeredIds({ items: q.map((contractId) => ({ contractId })), transactions: [tx(3)] }, rows)).toEqual(q);
  });

  it('refuses an answer naming another number of IDs than the batch had', () => {
    expect(() => answeredIds({ contractIds: ['a'], transactions: [tx(3)] }, rows)).toThrow('names 1 IDs, the batch had 3');
  });
});

describe('answeredProjects: the projects a billing batch leaves to its uploader to evaluate', () => {
  it("every transaction's projects, sorted, each once; none when the answer names none", () => {
    const answer = { transactions: [{ projectIds: ['P-2', 'P-1'] }, { projectIds: ['P-1'] }, { count: 3 }] };
    expect(answeredProjects(answer)).toEqual(['P-1', 'P-2']);
    expect(answeredProjects({ transactions: [{ txId: 't', count: 500 }] })).toEqual([]);
    expect(answeredProjects({})).toEqual([]);
    expect(answeredProjects(undefined)).toEqual([]);
  });
});

describe('receipt', () => {
  it('lays each transaction over its count of rows', () => {
    const lines = receiptLines(
      501,
      ['a', 'b', 'c'],
      [
        { txId: 't1', blockNumber: '7', count: 2 },
        { txId: 't2', blockNumber: '8', count: 1 },
      ],
    );
    expect(lines).toEqual([
      { row: 501, id: 'a', txId: 't1', blockNumber: '7' },
      { row: 502, id: 'b', txId: 't1', blockNumber: '7' },
      { row: 503, id: 'c', txId: 't2', blockNumber: '8' },
    ]);
    expect(receiptCsv(lines)).toBe('row,id,txId,blockNumber\n501,a,t1,7\n502,b,t1,7\n503,c,t2,8\n');
    expect(receiptCsv([{ row: 1, id: 'a,b', txId: 't', blockNumber: '1' }])).toBe('row,id,txId,blockNumber\n1,"a,b",t,1\n');
  });

  it('refuses an answer that does not cover the batch', () => {
    expect(() => receiptLines(1, ['a', 'b'], [{ txId: 't', blockNumber: '1', count: 1 }])).toThrow('covers 1 items, the batch had 2');
  });
});
