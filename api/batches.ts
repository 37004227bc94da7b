// Batches larger than one transaction: submitted as consecutive transactions
// of at most MAX_BATCH_SIZE items, each all or nothing. On a failure, the error
// names the chunks already committed, so the client resends only the rest.
import { MAX_BATCH_SIZE, type JsonObject } from '../chaincode/src/domain';
import { LedgerError, type Submitted } from './ports/ledger-port';

export interface CommittedChunk<R> {
  txId: string;
  blockNumber: string;
  count: number;
  result: R;
}

export const chunks = <T>(items: readonly T[], size = MAX_BATCH_SIZE): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

/**
 * Submits `items` chunk by chunk through `submitChunk` (one transaction each).
 * `onPartialFailure` runs before the error is raised, for work owed on what did
 * commit; what it returns joins the error's details.
 */
export async function submitInChunks<T, R>(
  items: readonly T[],
  submitChunk: (chunk: T[]) => Promise<Submitted<R>>,
  onPartialFailure?: (committed: CommittedChunk<R>[]) => Promise<Record<string, unknown>>,
): Promise<CommittedChunk<R>[]> {
  const committed: CommittedChunk<R>[] = [];
  for (const chunk of chunks(items)) {
    try {
      const out = await submitChunk(chunk);
      committed.push({ txId: out.txId, blockNumber: out.blockNumber, count: chunk.length, result: out.result });
    } catch (e) {
      if (!(e instanceof LedgerError) || committed.length === 0) throw e;
      throw await partialFailure(e, committed, chunk.length, onPartialFailure);
    }
  }
  return committed;
}

/**
 * The chunk's error, listing the transactions that committed. Items from
 * `firstUncommittedIndex` were not written, except after an unknown outcome:
 * that chunk's transaction was submitted and may still commit (it is named,
 * to be looked up before resending), and only the items after it were not sent.
 */
async function partialFailure<R>(
  e: LedgerError,
  committed: CommittedChunk<R>[],
  chunkSize: number,
  onPartialFailure?: (committed: CommittedChunk<R>[]) => Promise<Record<string, unknown>>,
): Promise<LedgerError> {
  const offset = committed.reduce((n, c) => n + c.count, 0);
  const extra = onPartialFailure ? await onPartialFailure(committed) : {};
  const unknown = e.kind === 'OUTCOME_UNKNOWN';
  const what = unknown
    ? `items ${offset} to ${offset + chunkSize - 1} are in transaction ${e.txId}, whose outcome is unknown; ` +
      `items from index ${offset + chunkSize} were not sent`
    : `items from index ${offset} were not written`;
  return new LedgerError(e.kind, e.code, `${e.message} (${what})`, {
    details: e.details,
    txId: e.txId,
    cause: e,
    domainDetails: <JsonObject>{
      ...(e.domainDetails ?? {}),
      committed: committed.map(({ txId, blockNumber, count }) => ({ txId, blockNumber, count })),
      firstUncommittedIndex: offset,
      ...(unknown && e.txId ? { outcomeUnknown: { txId: e.txId, firstIndex: offset, count: chunkSize } } : {}),
      ...extra,
    },
  });
}
