// Disputes: open, move along the stage machine, read, list, funnel.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { DisputeFilter } from '../client/notary-client';
import { DISPUTE_STAGES } from '../../chaincode/src/domain';
import { assertChannelLawFirm } from '../law-firms';
import { created } from '../reply';
import { IdempotencyHeaders, Id, OwnedId, oneFilter, OneOf, PageQuery, read, Record_, written } from '../schemas/common';
import { DisputeOpening, DisputeTransition, LawFirm } from '../schemas/records';

const DisputeParams = Type.Object({ disputeId: OwnedId });
const Moved = Type.Object({ dispute: Record_, transition: Record_ });

export default async function disputeRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.post(
    '/disputes',
    {
      schema: {
        tags: ['disputes'],
        summary: "Open a dispute on one of the calling company's contracts, naming the law firm retained for it",
        headers: IdempotencyHeaders,
        body: DisputeOpening,
        response: written(Moved),
      },
    },
    async (req, reply) => {
      assertChannelLawFirm(req.server.ledger.ledger.description, req.body.lawFirmMspId);
      const out = await req.notary.openDispute(req.body);
      return created(reply, out, out.result);
    },
  );

  app.post(
    '/disputes/:disputeId/transitions',
    {
      schema: {
        tags: ['disputes'],
        summary: 'Move a dispute: mediation, triage, litigation, case filing, settlement, re-assignment of the retained law firm',
        description:
          'Letters and receipts move it through /letters. `reassignLawFirm` (the owning company or the mediator, before mediation) names the new ' +
          '`lawFirmMspId` and keeps the stage. Illegal moves answer 409 STAGE_CONFLICT, wrong roles 403 FORBIDDEN.',
        params: DisputeParams,
        headers: IdempotencyHeaders,
        body: DisputeTransition,
        response: written(Moved),
      },
    },
    async (req, reply) => {
      assertChannelLawFirm(req.server.ledger.ledger.description, req.body.lawFirmMspId);
      const out = await req.notary.transition(req.params.disputeId, req.body);
      return created(reply, out, out.result);
    },
  );

  app.get(
    '/disputes/:disputeId',
    {
      schema: {
        tags: ['disputes'],
        summary: 'A dispute',
        params: DisputeParams,
        response: read(Type.Object({ dispute: Record_ }, { additionalProperties: true })),
      },
    },
    async (req) => req.notary.getDispute(req.params.disputeId),
  );

  app.get(
    '/disputes/:disputeId/history',
    {
      schema: {
        tags: ['disputes'],
        summary: 'Every transition (who, when, documents) and every write of the dispute, with transaction IDs',
        params: DisputeParams,
        response: read(Type.Object({ dispute: Record_, transitions: Type.Array(Record_), writes: Type.Array(Record_) }, { additionalProperties: true })),
      },
    },
    async (req) => req.notary.disputeHistory(req.params.disputeId),
  );

  app.get(
    '/disputes',
    {
      schema: {
        tags: ['disputes'],
        summary:
          'One page of the disputes by stage, project, company or retained law firm (exactly one filter; a lawyer lists its own firm); follow `bookmark`',
        querystring: Type.Object(
          {
            stage: Type.Optional(OneOf(DISPUTE_STAGES)),
            projectId: Type.Optional(OwnedId),
            companyId: Type.Optional(Id),
            lawFirmMspId: Type.Optional(LawFirm('the disputes this law firm is retained for')),
            ...PageQuery,
          },
          { additionalProperties: false },
        ),
        response: read(Type.Object({ disputes: Type.Array(Record_), bookmark: Type.String() }, { additionalProperties: true })),
      },
    },
    async (req) => {
      const q = req.query;
      const filter = oneFilter(q, ['stage', 'projectId', 'companyId', 'lawFirmMspId'] as const);
      return req.notary.listDisputes({ [filter]: q[filter]! } as DisputeFilter, q);
    },
  );

  app.get(
    '/funnel',
    {
      schema: {
        tags: ['disputes'],
        summary: 'Dispute funnel counts for a project, or overall',
        querystring: Type.Object({ projectId: Type.Optional(OwnedId) }, { additionalProperties: false }),
        response: read(Type.Object({ projectId: Type.String(), funnel: Record_ }, { additionalProperties: true })),
      },
    },
    async (req) => req.notary.funnel(req.query.projectId),
  );
}
