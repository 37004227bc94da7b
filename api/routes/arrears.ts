// Arrears events, risk thresholds and evaluations, project ratios and warnings.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type, type Static } from 'typebox';
import { IdempotencyHeaders, Id, read, Record_, written } from '../schemas/common';
import { ArrearsBatch, ArrearsEvent, RiskThreshold } from '../schemas/records';
import { submitInChunks, type CommittedChunk } from '../batches';

const ProjectParams = Type.Object({ projectId: Type.Union([Id, Type.Literal('*')]) });
type EvaluationResult = Static<typeof Evaluation>;
const Evaluation = Type.Object({
  projectId: Type.String(), at: Type.String(), ratio: Record_, thresholdBp: Type.Union([Type.Integer(), Type.Null()]), atRisk: Type.Boolean(), warning: Type.Union([Record_, Type.Null()]),
  txId: Type.Optional(Type.String()), blockNumber: Type.Optional(Type.String()),
});

export default async function arrearsRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.post('/arrears-events', {
    schema: { tags: ['arrears'], summary: 'Record one billed / paid / waived event', headers: IdempotencyHeaders, body: ArrearsEvent, response: written(Type.Object({ event: Record_ })) },
  }, async (req, reply) => {
    const out = await app.ledger.submit<{ event: Record<string, unknown> }>(req, 'Arrears', 'Record', [req.body]);
    return reply.code(201).send({ txId: out.txId, blockNumber: out.blockNumber, event: out.result.event });
  });

  app.post('/arrears-events/batch', {
    schema: {
      tags: ['arrears'], summary: 'Record up to 2,500 events (one transaction per 500, each all or nothing), then evaluate each project\'s risk',
      headers: IdempotencyHeaders, body: ArrearsBatch,
      response: written(Type.Object({ count: Type.Integer(), transactions: Type.Array(Record_), evaluations: Type.Array(Evaluation) })),
    },
  }, async (req, reply) => {
    // The one transaction that reads a whole project, once per project after the writes
    // (chaincode/README.md); also after a partial failure, for what did commit.
    const evaluate = async (committed: CommittedChunk<{ projectIds: string[] }>[]) => {
      const evaluations: EvaluationResult[] = [];
      for (const projectId of [...new Set(committed.flatMap((c) => c.result.projectIds))].sort()) {
        const out = await app.ledger.submit<EvaluationResult>(req, 'Arrears', 'EvaluateRisk', [projectId]);
        evaluations.push({ ...out.result, txId: out.txId, blockNumber: out.blockNumber });
      }
      return evaluations;
    };
    const committed = await submitInChunks<unknown, { projectIds: string[] }>(app.ledger, req, 'Arrears', 'RecordBatch', req.body.items,
      async (done) => ({ evaluations: await evaluate(done).catch((err: unknown) => [{ error: (err as Error).message }]) }));
    const evaluations = await evaluate(committed);
    const last = committed[committed.length - 1]!;
    const transactions = committed.map(({ txId, blockNumber, count, result }) => ({ txId, blockNumber, count, projectIds: result.projectIds }));
    return reply.code(201).send({ txId: last.txId, blockNumber: last.blockNumber, count: req.body.items.length, transactions, evaluations });
  });

  app.get('/contracts/:contractId/arrears', {
    schema: { tags: ['arrears'], summary: "A contract's arrears events and period balances", params: Type.Object({ contractId: Id }), response: read(Type.Object({ contractId: Type.String(), events: Type.Array(Record_), balances: Type.Array(Record_) }, { additionalProperties: true })) },
  }, async (req) => app.ledger.evaluate(req, 'Arrears', 'ListByContract', [req.params.contractId]));

  app.put('/projects/:projectId/risk-threshold', {
    schema: { tags: ['arrears'], summary: "Set a project's risk threshold (regulator); projectId * sets the default", params: ProjectParams, headers: IdempotencyHeaders, body: RiskThreshold, response: written(Type.Object({ threshold: Record_ })) },
  }, async (req, reply) => {
    const out = await app.ledger.submit<{ threshold: Record<string, unknown> }>(req, 'Arrears', 'SetThreshold', [{ projectId: req.params.projectId, ...req.body }]);
    return reply.code(201).send({ txId: out.txId, blockNumber: out.blockNumber, threshold: out.result.threshold });
  });

  app.post('/projects/:projectId/risk-evaluations', {
    schema: { tags: ['arrears'], summary: "Recompute a project's ratio now; records a warning when it crosses the threshold", params: Type.Object({ projectId: Id }), headers: IdempotencyHeaders, response: written(Evaluation) },
  }, async (req, reply) => {
    const out = await app.ledger.submit<EvaluationResult>(req, 'Arrears', 'EvaluateRisk', [req.params.projectId]);
    return reply.code(201).send({ ...out.result, txId: out.txId, blockNumber: out.blockNumber });
  });

  app.get('/projects/:projectId/arrears-ratio', {
    schema: { tags: ['arrears'], summary: "A project's arrears ratio (share of active contracts with an overdue balance)", params: Type.Object({ projectId: Id }), response: read(Record_) },
  }, async (req) => app.ledger.evaluate(req, 'Arrears', 'Ratio', [req.params.projectId]));

  app.get('/projects/:projectId/risk-warnings', {
    schema: { tags: ['arrears'], summary: "A project's risk warnings, each with the hash of its inputs", params: Type.Object({ projectId: Id }), response: read(Type.Object({ projectId: Type.String(), warnings: Type.Array(Record_) }, { additionalProperties: true })) },
  }, async (req) => app.ledger.evaluate(req, 'Arrears', 'Warnings', [req.params.projectId]));
}
