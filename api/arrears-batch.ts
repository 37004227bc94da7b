// Arrears events in bulk: the whole batch is validated first, then the events
// are written chunk by chunk (batches.ts),
// then each project they touched has its risk evaluated once, the one
// transaction that reads a whole project (chaincode/README.md), a few projects
// at a time. After a partial failure the projects of the chunks that did commit
// are still evaluated, and the error carries those evaluations. A caller
// sending one file in many calls (npm run import) defers the evaluations and
// makes one per project after its last call, instead of one per project and
// call: the transactions name each chunk's projects. With an Idempotency-Key, chunk i claims
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

/** Evaluations of one batch in flight at once: distinct projects never conflict, and a block takes them together. */
export const EVALUATIONS_IN_FLIGHT = 8;

/** Whether a batch evaluates its projects' risk itself (`after-batch`) or leaves it to the caller (`deferred`). */
export const RISK_EVALUATION_MODES = ['after-batch', 'deferred'] as const;
export type RiskEvaluationMode = (typeof RISK_EVALUATION_MODES)[number];

/** One EvaluateRisk per project of the committed chunks, EVALUATIONS_IN_FLIGHT at a time, answered in project order. */
async function evaluateProjects(notary: NotaryClient, committed: CommittedChunk<ArrearsBatchWritten>[]): Promise<EvaluationAnswer[]> {
  const projects = [...new Set(committed.flatMap((c) => c.result.projectIds))].sort();
  const evaluations: EvaluationAnswer[] = [];
  for (let from = 0; from < projects.length; from += EVALUATIONS_IN_FLIGHT) {
    const slice = projects.slice(from, from + EVALUATIONS_IN_FLIGHT);
    const outs = await Promise.all(slice.map((projectId) => notary.part(`risk:${committed.length}:${projectId}`).evaluateRisk(projectId)));
    evaluations.push(...outs.map((out) => ({ ...out.result, txId: out.txId, blockNumber: out.blockNumber })));
  }
  return evaluations;
}

export async function recordArrearsInChunks(
  notary: NotaryClient,
  companyId: string | undefined,
  items: readonly Static<typeof ArrearsEvent>[],
  riskEvaluation: RiskEvaluationMode = 'after-batch',
): Promise<ArrearsBatchOutcome> {
  const evaluate = (done: CommittedChunk<ArrearsBatchWritten>[]) => (riskEvaluation === 'deferred' ? Promise.resolve([]) : evaluateProjects(notary, done));
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
      evaluations: await evaluate(done).catch((err: unknown) => [{ error: (err as Error).message }]),
      ...(await notary.depositNotes(done, deposits).then(
        () => ({}),
        (err: unknown) => ({ notesNotDeposited: pendingNotes(deposits), notesError: (err as Error).message }),
      )),
    }),
  );
  await notary.depositNotes(committed, deposits);
  const evaluations = await evaluate(committed);
  const last = committed[committed.length - 1]!;
  return {
    txId: last.txId,
    blockNumber: last.blockNumber,
    count: items.length,
    transactions: committed.map(({ txId, blockNumber, count, result }) => ({ txId, blockNumber, count, projectIds: result.projectIds })),
    evaluations,
  };
}
