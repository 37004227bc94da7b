// The import's journal: one JSON line naming the import (file hash, kind,
// rows per call, caller), then one line per call the API answered 201, with
// its transactions. It sits next to the receipt; running the same command again
// reads it and sends only the calls it does not hold. A line is appended (and
// flushed) only after its 201, so a crash can at worst tear the last line,
// which is dropped and overwritten: that call is sent again with its key and the
// API answers it from the ledger without writing.
import type { Chunk } from '../uploads/upload-plan';

export const JOURNAL_FORMAT = 'notary-import/1';

export interface JournalHeader {
  journal: typeof JOURNAL_FORMAT;
  kind: string;
  fileSha256: string;
  chunkSize: number;
  rows: number;
  chunks: number;
  /** Who sent it (GET /v1/me): the keys are the caller's, another caller cannot resume it. */
  clientId: string;
  mspId: string;
}

export interface ChunkDone {
  chunk: number;
  firstRow: number;
  count: number;
  transactions: Chunk[];
  /** The IDs the ledger recorded the rows under, when the API named them (else the rows' own IDs). */
  ids?: string[];
  /** Billing events: the projects the call's events touched, evaluated once every call is answered. */
  projectIds?: string[];
}

export interface Journal {
  header: JournalHeader;
  done: Map<number, ChunkDone>;
  /** Bytes of the file that hold whole, readable lines: append after truncating to this. */
  keepBytes: number;
  /** A torn or unreadable last line was dropped. */
  dropped: boolean;
}

export const journalLine = (entry: JournalHeader | ChunkDone): string => `${JSON.stringify(entry)}\n`;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0;

function asHeader(v: unknown): JournalHeader | undefined {
  if (!isObject(v) || v.journal !== JOURNAL_FORMAT) return undefined;
  const strings = ['kind', 'fileSha256', 'clientId', 'mspId'].every((k) => typeof v[k] === 'string');
  const counts = ['chunkSize', 'rows', 'chunks'].every((k) => isCount(v[k]));
  return strings && counts ? (v as unknown as JournalHeader) : undefined;
}

const isTransaction = (t: unknown): t is Chunk =>
  isObject(t) && typeof t.txId === 'string' && typeof t.blockNumber === 'string' && isCount(t.count) && (t.count as number) > 0;

const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string');
const isIds = (v: unknown, count: number): boolean => v === undefined || (isStrings(v) && v.length === count);

/** The entry's ledger IDs (one per row) and projects, where given. */
const optionalLists = (v: Record<string, unknown>, count: number): boolean => isIds(v.ids, count) && (v.projectIds === undefined || isStrings(v.projectIds));

/** An entry that fits the header: a call of the plan, its transactions covering exactly its rows. */
function asEntry(v: unknown, h: JournalHeader): ChunkDone | undefined {
  if (!isObject(v) || !isCount(v.chunk) || v.chunk >= h.chunks || !Array.isArray(v.transactions) || !v.transactions.every(isTransaction)) return undefined;
  const count = Math.min(h.chunkSize, h.rows - v.chunk * h.chunkSize);
  const covered = v.transactions.reduce((n: number, t: Chunk) => n + t.count, 0);
  const fits = v.firstRow === v.chunk * h.chunkSize + 1 && v.count === count && covered === count;
  return fits && optionalLists(v, count) ? (v as unknown as ChunkDone) : undefined;
}

const parse = (line: string): unknown => {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
};

/**
 * Reads a journal. The last line may be torn (a crash while appending) or
 * unreadable: it is dropped. Any earlier line that is not what it should be
 * means the file is not this program's journal, or was damaged: refused.
 * Undefined when not even the header line is whole.
 */
export function parseJournal(text: string): Journal | undefined {
  const lines = text.split('\n');
  // The element after the last '\n' is '' for a whole file, a torn line otherwise.
  const torn = lines.pop() !== '';
  const header = asHeader(parse(lines[0] ?? ''));
  if (!header) {
    if (lines.length <= 1) return undefined;
    throw new Error('the journal does not start with a notary-import/1 header line');
  }
  const journal: Journal = { header, done: new Map(), keepBytes: Buffer.byteLength(lines[0]!) + 1, dropped: torn };
  for (let n = 1; n < lines.length; n++) {
    const entry = asEntry(parse(lines[n]!), header);
    if (!entry) {
      if (n !== lines.length - 1 || torn) throw new Error(`journal line ${n + 1} is not a call of this import`);
      journal.dropped = true;
      break;
    }
    addEntry(journal, entry, n + 1);
    journal.keepBytes += Buffer.byteLength(lines[n]!) + 1;
  }
  return journal;
}

/** A call answered twice (a resend whose line was written again) must name the same transactions. */
function addEntry(journal: Journal, entry: ChunkDone, lineNumber: number): void {
  const seen = journal.done.get(entry.chunk);
  if (seen && JSON.stringify(seen.transactions) !== JSON.stringify(entry.transactions)) {
    throw new Error(`journal line ${lineNumber} answers call ${entry.chunk} with other transactions than an earlier line`);
  }
  journal.done.set(entry.chunk, entry);
}

/** What differs between a journal's header and the import about to run (empty when it can be resumed). */
export function headerDifferences(found: JournalHeader, wanted: JournalHeader): string[] {
  const fields: (keyof JournalHeader)[] = ['kind', 'fileSha256', 'chunkSize', 'rows', 'chunks', 'clientId', 'mspId'];
  return fields.filter((f) => found[f] !== wanted[f]).map((f) => `${f}: the journal has ${String(found[f])}, this run ${String(wanted[f])}`);
}
