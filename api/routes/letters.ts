// Lawyer letters and their delivered / viewed receipts.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { EVENT_TIME_TOLERANCE_MS } from '../../chaincode/src/domain';
import { created } from '../reply';
import { IdempotencyHeaders, Id, OwnedId, read, Record_, written } from '../schemas/common';
import { Letter, Receipt } from '../schemas/records';

export default async function letterRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.post(
    '/disputes/:disputeId/letters',
    {
      schema: {
        tags: ['letters'],
        summary: `Anchor a lawyer letter (content hash, channel, recipient commitment); eventTime within ${EVENT_TIME_TOLERANCE_MS / 60_000} minutes of now`,
        params: Type.Object({ disputeId: OwnedId }),
        headers: IdempotencyHeaders,
        body: Letter,
        response: written(Type.Object({ letter: Record_, dispute: Record_, transition: Record_ })),
      },
    },
    async (req, reply) => {
      const out = await req.notary.sendLetter(req.params.disputeId, req.body);
      return created(reply, out, out.result);
    },
  );

  app.post(
    '/disputes/:disputeId/letters/:letterId/receipts',
    {
      schema: {
        tags: ['letters'],
        summary: 'Anchor a DELIVERED or VIEWED receipt (sending firm only, in order)',
        params: Type.Object({ disputeId: OwnedId, letterId: Id }),
        headers: IdempotencyHeaders,
        body: Receipt,
        response: written(Type.Object({ receipt: Record_, dispute: Record_, transition: Record_ })),
      },
    },
    async (req, reply) => {
      const out = await req.notary.recordReceipt(req.params.disputeId, req.params.letterId, req.body);
      return created(reply, out, out.result);
    },
  );

  app.get(
    '/disputes/:disputeId/letters/:letterId',
    {
      schema: {
        tags: ['letters'],
        summary: 'A letter and its receipts',
        params: Type.Object({ disputeId: OwnedId, letterId: Id }),
        response: read(Type.Object({ letter: Record_, receipts: Type.Array(Record_) }, { additionalProperties: true })),
      },
    },
    async (req) => req.notary.getLetter(req.params.disputeId, req.params.letterId),
  );

  app.get(
    '/disputes/:disputeId/letters',
    {
      schema: {
        tags: ['letters'],
        summary: "A dispute's letters with their receipts",
        params: Type.Object({ disputeId: OwnedId }),
        response: read(Type.Object({ letters: Type.Array(Record_) }, { additionalProperties: true })),
      },
    },
    async (req) => req.notary.lettersOfDispute(req.params.disputeId),
  );
}
