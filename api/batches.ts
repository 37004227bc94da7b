// Batches larger than one transaction: submitted as consecutive transactions
// of at most MAX_BATCH_SIZE items, each all or nothing. On a failure, the error
// names the chunks already committed, so the client resends only the rest.
import { MAX_BATCH_SIZE, type JsonObject } from '../chaincode/src/domain';
import { LedgerError, type Submitted } from './ports/ledger-port';

export interface CommittedChunk<R> { txId: string; blockNumber: string; count: number; result: R }

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
      throw await partialFailure(e, committed, onPartialFailure);
    }
  }
  return committed;
}

/** The chunk's error, saying which items were not written and listing the transactions that were. */
async function partialFailure<R>(
  e: LedgerError, committed: CommittedChunk<R>[], onPartialFailure?: (committed: CommittedChunk<R>[]) => Promise<Record<string, unknown>>,
): Promise<LedgerError> {
  const offset = committed.reduce((n, c) => n + c.count, 0);
  const extra = onPartialFailure ? await onPartialFailure(committed) : {};
  return new LedgerError(e.kind, e.code, `${e.message} (items from index ${offset} were not written)`, {
    details: e.details, txId: e.txId, cause: e,
    domainDetails: <JsonObject>{
      ...(e.domainDetails ?? {}),
      committed: committed.map(({ txId, blockNumber, count }) => ({ txId, blockNumber, count })),
      firstUncommittedIndex: offset,
      ...extra,
    },
  });
}

