// Batches of a checked file, each with its own idempotency key, and the
// receipt: every row with its ID and the transaction that wrote it.
import { planBatches, receiptCsv, receiptLines } from '../../../ui/src/upload-plan';

describe('planBatches', () => {
  it('2,068 items: four calls of 500 and one of 68, row numbers and keys in order', () => {
    const items = Array.from({ length: 2068 }, (_, i) => i);
    const batches = planBatches(items, 'up-1');
    expect(batches.map((b) => [b.firstRow, b.items.length, b.idempotencyKey])).toEqual([
      [1, 500, 'up-1-1'],
      [501, 500, 'up-1-2'],
      [1001, 500, 'up-1-3'],
      [1501, 500, 'up-1-4'],
      [2001, 68, 'up-1-5'],
    ]);
    expect(batches.flatMap((b) => b.items)).toEqual(items);
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
  });

  it('refuses an answer that does not cover the batch', () => {
    expect(() => receiptLines(1, ['a', 'b'], [{ txId: 't', blockNumber: '1', count: 1 }])).toThrow('covers 1 items, the batch had 2');
  });
});
