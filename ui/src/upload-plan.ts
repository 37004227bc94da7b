// How a checked file goes to the ledger: batches of the batch route, each with
// its own Idempotency-Key (so resending a batch after a lost answer writes
// nothing twice), and the receipt mapping each row to its ID and transaction.

/** Items per call: one ledger transaction's worth, so the progress bar moves with every commit. */
export const ITEMS_PER_CALL = 500;

export interface Batch<T> {
  /** Row number (1-based) of the batch's first item. */
  firstRow: number;
  items: T[];
  idempotencyKey: string;
}

export function planBatches<T>(items: readonly T[], uploadId: string, size = ITEMS_PER_CALL): Batch<T>[] {
  const out: Batch<T>[] = [];
  for (let i = 0; i < items.length; i += size) {
    out.push({ firstRow: i + 1, items: items.slice(i, i + size), idempotencyKey: `${uploadId}-${out.length + 1}` });
  }
  return out;
}

export interface Chunk {
  txId: string;
  blockNumber: string;
  count: number;
}

export interface ReceiptLine {
  row: number;
  id: string;
  txId: string;
  blockNumber: string;
}

/** The batch answer's transactions (each `count` items, in order) laid over the batch's rows. */
export function receiptLines(firstRow: number, ids: readonly string[], transactions: readonly Chunk[]): ReceiptLine[] {
  const total = transactions.reduce((n, t) => n + t.count, 0);
  if (total !== ids.length) throw new Error(`the answer covers ${total} items, the batch had ${ids.length}`);
  const out: ReceiptLine[] = [];
  let i = 0;
  for (const t of transactions) {
    for (let k = 0; k < t.count; k++, i++) out.push({ row: firstRow + i, id: ids[i]!, txId: t.txId, blockNumber: t.blockNumber });
  }
  return out;
}

export const receiptCsv = (lines: readonly ReceiptLine[]): string =>
  `row,id,txId,blockNumber\n${lines.map((l) => `${l.row},${l.id},${l.txId},${l.blockNumber}`).join('\n')}\n`;
