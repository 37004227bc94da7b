// Arrears events, risk thresholds and evaluations, project ratios and warnings.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type, type Static } from 'typebox';
import { recordArrearsInChunks, RISK_EVALUATION_MODES } from '../arrears-batch';
import { callerCompanyId } from '../caller-company';
import { created } from '../reply';
import { IdempotencyHeaders, OwnedId, PageQuery, read, Record_, written } from '../schemas/common';
import { ArrearsBatch, ArrearsEvent, MAX_BATCH, RiskThreshold } from '../schemas/records';
import { MAX_BATCH_SIZE } from '../../chaincode/src/domain';

const ProjectParams = Type.Object({ projectId: Type.Union([OwnedId, Type.Literal('*')]) });
const Evaluation = Type.Object({
  projectId: Type.String(),
  at: Type.String(),
  ratio: Record_,
  thresholdBp: Type.Union([Type.Integer(), Type.Null()]),
  atRisk: Type.Boolean(),
  warning: Type.Union([Record_, Type.Null()]),
  txId: Type.Optional(Type.String()),
  blockNumber: Type.Optional(Type.String()),
});

export default async function arrearsRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.post(
    '/arrears-events',
    {
      schema: {
        tags: ['arrears'],
        summary: 'Record one billed / paid / waived event',
        headers: IdempotencyHeaders,
        body: ArrearsEvent,
        response: written(Type.Object({ event: Record_ })),
      },
    },
    async (req, reply) => {
      const out = await req.notary.recordArrears(req.body);
      return created(reply, out, { event: out.result.event });
    },
  );

  app.post(
    '/arrears-events/batch',
    {
      schema: {
        tags: ['arrears'],
        summary:
          `Record up to ${MAX_BATCH.toLocaleString('en-US')} events (one transaction per ${MAX_BATCH_SIZE}, each all or nothing), then ` +
          `evaluate each project's risk`,
        description:
          "Every item is checked with the chaincode's own validators before the first transaction: a bad item or a repeated eventId " +
          'refuses the whole batch (400, details.items lists every bad index) and nothing is written. ' +
          'Each project the events touched is then evaluated once (`evaluations`). With `riskEvaluation=deferred` (a file sent in ' +
          'many calls, as `npm run import` does) none is, and `evaluations` is empty: evaluate each project of ' +
          '`transactions[].projectIds` once after the last call (`POST /v1/projects/{projectId}/risk-evaluations`).',
        headers: IdempotencyHeaders,
        querystring: Type.Object(
          {
            riskEvaluation: Type.Optional(
              Type.Union(
                RISK_EVALUATION_MODES.map((m) => Type.Literal(m)),
                { default: 'after-batch', description: 'after-batch: evaluate the projects now; deferred: the caller will' },
              ),
            ),
          },
          { additionalProperties: false },
        ),
        body: ArrearsBatch,
        response: written(Type.Object({ count: Type.Integer(), transactions: Type.Array(Record_), evaluations: Type.Array(Evaluation) })),
      },
    },
    async (req, reply) => {
      const items = req.body.items as Static<typeof ArrearsEvent>[];
      const { txId, blockNumber, ...outcome } = await recordArrearsInChunks(req.notary, callerCompanyId(req), items, req.query.riskEvaluation);
      return created(reply, { txId, blockNumber }, outcome);
    },
  );

  app.get(
    '/contracts/:contractId/arrears',
    {
      schema: {
        tags: ['arrears'],
        summary: "A contract's arrears events and period balances",
        params: Type.Object({ contractId: OwnedId }),
        response: read(Type.Object({ contractId: Type.String(), events: Type.Array(Record_), balances: Type.Array(Record_) }, { additionalProperties: true })),
      },
    },
    async (req) => req.notary.arrearsOfContract(req.params.contractId),
  );

  app.put(
    '/projects/:projectId/risk-threshold',
    {
      schema: {
        tags: ['arrears'],
        summary: "Set a project's risk threshold (regulator); projectId * sets the default",
        params: ProjectParams,
        headers: IdempotencyHeaders,
        body: RiskThreshold,
        response: written(Type.Object({ threshold: Record_ })),
      },
    },
    async (req, reply) => {
      const out = await req.notary.setThreshold(req.params.projectId, req.body);
      return created(reply, out, { threshold: out.result.threshold });
    },
  );

  app.post(
    '/projects/:projectId/risk-evaluations',
    {
      schema: {
        tags: ['arrears'],
        summary: "Recompute a project's ratio now; records a warning when it crosses the threshold",
        description:
          "A warning records every contract's standing, read in one transaction. A project of 100,000 contracts or more " +
          'is answered 413 `LIMIT_EXCEEDED` when its evaluation would raise a warning, and nothing is written: a peer ' +
          'returns at most that many keys from one scan, and a warning over part of a project is refused.',
        params: Type.Object({ projectId: OwnedId }),
        headers: IdempotencyHeaders,
        response: written(Evaluation),
      },
    },
    async (req, reply) => {
      const out = await req.notary.evaluateRisk(req.params.projectId);
      return created(reply, out, out.result);
    },
  );

  app.get(
    '/projects',
    {
      schema: {
        tags: ['arrears'],
        summary: "One page of the channel's projects with their company (a property company: its own); follow `bookmark`",
        querystring: Type.Object({ ...PageQuery }, { additionalProperties: false }),
        response: read(Type.Object({ projects: Type.Array(Record_), bookmark: Type.String() }, { additionalProperties: true })),
      },
    },
    async (req) => req.notary.listProjects(req.query),
  );

  app.get(
    '/projects/:projectId/arrears-ratio',
    {
      schema: {
        tags: ['arrears'],
        summary: "A project's arrears ratio (share of active contracts with an overdue balance)",
        params: Type.Object({ projectId: OwnedId }),
        response: read(Record_),
      },
    },
    async (req) => req.notary.ratio(req.params.projectId),
  );

  app.get(
    '/projects/:projectId/risk-warnings',
    {
      schema: {
        tags: ['arrears'],
        summary: "A project's risk warnings, each with the hash of its inputs",
        params: Type.Object({ projectId: OwnedId }),
        response: read(Type.Object({ projectId: Type.String(), warnings: Type.Array(Record_) }, { additionalProperties: true })),
      },
    },
    async (req) => req.notary.warnings(req.params.projectId),
  );
}
