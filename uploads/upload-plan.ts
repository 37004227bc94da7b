// How a checked file goes to the ledger: batches of the batch route, each with
// its own Idempotency-Key (so resending a batch after a lost answer writes
// nothing twice), and the receipt mapping each row to its ID and transaction.
import { csvCell } from './rows';

/** Items per call: one ledger transaction's worth, so the progress bar moves with every commit. */
export const ITEMS_PER_CALL = 500;

export interface Batch<T> {
  /** Row number (1-based) of the batch's first item. */
  firstRow: number;
  items: T[];
  idempotencyKey: string;
}

/** The calls of an upload, in row order, each with the key `keyOf` derives from its index (from 0; upload-keys.ts). */
export function planBatches<T>(items: readonly T[], keyOf: (index: number) => string, size = ITEMS_PER_CALL): Batch<T>[] {
  if (!Number.isInteger(size) || size < 1) throw new Error(`a batch holds at least one item, not ${size}`);
  const out: Batch<T>[] = [];
  for (let i = 0; i < items.length; i += size) {
    out.push({ firstRow: i + 1, items: items.slice(i, i + size), idempotencyKey: keyOf(out.length) });
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

export const RECEIPT_HEADER = 'row,id,txId,blockNumber';

/** One receipt line as CSV (no line break). */
export const receiptRow = (l: ReceiptLine): string => `${l.row},${csvCell(l.id)},${l.txId},${l.blockNumber}`;

export const receiptCsv = (lines: readonly ReceiptLine[]): string => `${RECEIPT_HEADER}\n${lines.map(receiptRow).join('\n')}\n`;

const ID_LISTS = ['ids', 'contractIds', 'eventIds'] as const;
const ITEM_ID_FIELDS = ['contractId', 'eventId', 'id'] as const;

const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string');

/** A list of IDs in one of the shapes an answer may give them: `ids`/`contractIds`/`eventIds`, or `items[].contractId`…. */
function idList(o: Record<string, unknown>): string[] | undefined {
  for (const name of ID_LISTS) if (isStrings(o[name])) return o[name];
  const items = o.items;
  if (!Array.isArray(items)) return undefined;
  const ids = items.map((i: unknown) => ITEM_ID_FIELDS.map((f) => (i as Record<string, unknown> | null)?.[f]).find((v) => typeof v === 'string'));
  return ids.every((id) => id !== undefined) ? (ids as string[]) : undefined;
}

/**
 * The IDs the ledger recorded the batch's items under, when the answer names
 * them (a company's contract ID may come back qualified, `<company>:<id>`),
 * on the answer itself or on each transaction; else the rows' own IDs.
 */
export function answeredIds(answer: unknown, rowIds: readonly string[]): string[] {
  if (typeof answer !== 'object' || answer === null) return [...rowIds];
  const top = idList(answer as Record<string, unknown>);
  const txs = (answer as { transactions?: unknown }).transactions;
  const perTx = Array.isArray(txs) ? txs.map((t: unknown) => (typeof t === 'object' && t !== null ? idList(t as Record<string, unknown>) : undefined)) : [];
  const found = top ?? (perTx.length > 0 && perTx.every((l) => l !== undefined) ? perTx.flat() : undefined);
  if (!found) return [...rowIds];
  if (found.length !== rowIds.length) throw new Error(`the answer names ${found.length} IDs, the batch had ${rowIds.length} items`);
  return found;
}

/**
 * The projects a billing batch's transactions name (its risk evaluation deferred to the uploader, who evaluates each
 * once after the last batch), sorted, each once; none for contracts.
 */
export function answeredProjects(answer: unknown): string[] {
  const txs = (answer as { transactions?: unknown } | null | undefined)?.transactions;
  if (!Array.isArray(txs)) return [];
  const named = txs.flatMap((t: { projectIds?: unknown } | null) => (Array.isArray(t?.projectIds) ? t.projectIds.map(String) : []));
  return [...new Set(named)].sort();
}
