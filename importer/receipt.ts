// The receipt of a finished import: every row of the file, in order, with the
// ID the ledger recorded it under and the transaction (and block) that wrote
// it, built from the journal's answers.
import { receiptLines, type ReceiptLine } from '../uploads/upload-plan';
import type { ChunkDone, JournalHeader } from './journal';

/** Every row's line; refuses when a call of the import has no answer yet. */
export function receiptFromJournal(header: JournalHeader, done: ReadonlyMap<number, ChunkDone>, rowIds: readonly string[]): ReceiptLine[] {
  if (rowIds.length !== header.rows) throw new Error(`the journal is of ${header.rows} rows, the file has ${rowIds.length}`);
  const lines: ReceiptLine[] = [];
  for (let chunk = 0; chunk < header.chunks; chunk++) {
    const entry = done.get(chunk);
    if (!entry) throw new Error(`call ${chunk + 1} of ${header.chunks} has no answer yet`);
    const ids = entry.ids ?? rowIds.slice(entry.firstRow - 1, entry.firstRow - 1 + entry.count);
    lines.push(...receiptLines(entry.firstRow, ids, entry.transactions));
  }
  return lines;
}
