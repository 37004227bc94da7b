// Look-ups across records: a document's anchors, a transaction's status and block.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ApiError } from '../errors';
import { read, Record_, Sha256, TxId } from '../schemas/common';

export default async function queryRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/documents/:sha256',
    {
      schema: {
        tags: ['queries'],
        summary: 'Which records anchored this SHA-256, in which transaction, when and by whom',
        params: Type.Object({ sha256: Sha256 }),
        response: read(Type.Object({ sha256: Type.String(), anchors: Type.Array(Record_) }, { additionalProperties: true })),
      },
    },
    async (req) => req.notary.lookupDocument(req.params.sha256),
  );

  app.get(
    '/transactions/:txId',
    {
      schema: {
        tags: ['queries'],
        summary: "A transaction's validation code and block number",
        description: 'Use it after an OUTCOME_UNKNOWN answer before resending.',
        params: Type.Object({ txId: TxId }),
        response: read(Type.Object({ txId: Type.String(), validationCode: Type.String(), valid: Type.Boolean(), blockNumber: Type.String() })),
      },
    },
    async (req) => {
      const status = await req.notary.transactionStatus(req.params.txId);
      if (!status) throw new ApiError(404, 'NOT_FOUND', `transaction ${req.params.txId} is not on the ledger`);
      return status;
    },
  );
}
