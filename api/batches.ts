// Batches larger than one transaction: submitted as consecutive transactions
// of at most MAX_BATCH_SIZE items, each all or nothing. On a failure, the error
// names the chunks already committed, so the client resends only the rest.
import type { FastifyRequest } from 'fastify';
import { MAX_BATCH_SIZE, type JsonObject } from '../chaincode/src/domain';
import { LedgerError } from '../gateway/errors';
import type { LedgerAccess } from './ledger-access';

export interface CommittedChunk<R> { txId: string; blockNumber: string; count: number; result: R }

export const chunks = <T>(items: T[], size = MAX_BATCH_SIZE): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

/**
 * Submits `items` chunk by chunk as `{ items }` to contract:fn. `onPartialFailure`
 * runs before the error is raised, for work owed on what did commit.
 */
export async function submitInChunks<T, R>(
  ledger: LedgerAccess, req: FastifyRequest, contract: string, fn: string, items: T[],
  onPartialFailure?: (committed: CommittedChunk<R>[]) => Promise<Record<string, unknown>>,
): Promise<CommittedChunk<R>[]> {
  const committed: CommittedChunk<R>[] = [];
  for (const chunk of chunks(items)) {
    try {
      const out = await ledger.submit<R>(req, contract, fn, [{ items: chunk }]);
      committed.push({ txId: out.txId, blockNumber: out.blockNumber, count: chunk.length, result: out.result });
    } catch (e) {
      if (!(e instanceof LedgerError) || committed.length === 0) throw e;
      const offset = committed.reduce((n, c) => n + c.count, 0);
      const extra = onPartialFailure ? await onPartialFailure(committed) : {};
      throw new LedgerError(e.kind, e.code, `${e.message} (items from index ${offset} were not written)`, {
        details: e.details, txId: e.txId, cause: e,
        domainDetails: <JsonObject>{
          ...(e.domainDetails ?? {}),
          committed: committed.map(({ txId, blockNumber, count }) => ({ txId, blockNumber, count })),
          firstUncommittedIndex: offset,
          ...extra,
        },
      });
    }
  }
  return committed;
}
