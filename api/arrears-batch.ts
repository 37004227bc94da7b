// Arrears events in bulk: the whole batch is validated first, then the events
// are written chunk by chunk (batches.ts),
// then each project they touched has its risk evaluated once, the one
// transaction that reads a whole project (chaincode/README.md). After a partial
// failure the projects of the chunks that did commit are still evaluated, and
// the error carries those evaluations. With an Idempotency-Key, chunk i claims
// `<key>:<i>` and a project's evaluation `<key>:risk:<chunks committed>:<project>`,
// so a resend answers what was done and an evaluation after more chunks
// committed is a new one.
import type { Static } from 'typebox';
import { arrearsItems, submitInChunks, type CommittedChunk } from './batches';
import type { NotaryClient } from './client/notary-client';
import type { ArrearsBatchWritten, RiskEvaluation } from './client/records';
import type { ArrearsEvent } from './schemas/records';
import type { NoteDeposit } from '../chaincode/src/domain';
import { pendingNotes } from './free-text';

export type EvaluationAnswer = RiskEvaluation & { txId?: string; blockNumber?: string };

export interface ArrearsBatchOutcome {
  txId: string;
  blockNumber: string;
  count: number;
  transactions: { txId: string; blockNumber: string; count: number; projectIds: string[] }[];
  evaluations: EvaluationAnswer[];
}

/** One EvaluateRisk per project of the committed chunks, in project order. */
async function evaluateProjects(notary: NotaryClient, committed: CommittedChunk<ArrearsBatchWritten>[]): Promise<EvaluationAnswer[]> {
  const evaluations: EvaluationAnswer[] = [];
  for (const projectId of [...new Set(committed.flatMap((c) => c.result.projectIds))].sort()) {
    const out = await notary.part(`risk:${committed.length}:${projectId}`).evaluateRisk(projectId);
    evaluations.push({ ...out.result, txId: out.txId, blockNumber: out.blockNumber });
  }
  return evaluations;
}

export async function recordArrearsInChunks(
  notary: NotaryClient,
  companyId: string | undefined,
  items: readonly Static<typeof ArrearsEvent>[],
): Promise<ArrearsBatchOutcome> {
  // Notes of committed transactions, deposited once the records are in (also after a partial failure).
  const deposits: NoteDeposit[] = [];
  const committed = await submitInChunks(
    items,
    arrearsItems(companyId),
    async (chunk, i) => {
      const out = await notary.part(String(i)).recordArrearsBatch(chunk);
      deposits.push(...out.deposits);
      return out;
    },
    async (done) => ({
      evaluations: await evaluateProjects(notary, done).catch((err: unknown) => [{ error: (err as Error).message }]),
      ...(await notary.depositNotes(done, deposits).then(
        () => ({}),
        (err: unknown) => ({ notesNotDeposited: pendingNotes(deposits), notesError: (err as Error).message }),
      )),
    }),
  );
  await notary.depositNotes(committed, deposits);
  const evaluations = await evaluateProjects(notary, committed);
  const last = committed[committed.length - 1]!;
  return {
    txId: last.txId,
    blockNumber: last.blockNumber,
    count: items.length,
    transactions: committed.map(({ txId, blockNumber, count, result }) => ({ txId, blockNumber, count, projectIds: result.projectIds })),
    evaluations,
  };
}
