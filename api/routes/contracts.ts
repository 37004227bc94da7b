// Property service contracts: register (single, batch), amend, terminate,
// deposit the owner's clear data, read with history.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type, type Static } from 'typebox';
import { MAX_BATCH_SIZE } from '../../chaincode/src/domain';
import { contractItems, submitInChunks } from '../batches';
import { callerCompanyId } from '../caller-company';
import { created } from '../reply';
import { IdempotencyHeaders, Id, OwnedId, oneFilter, PageQuery, read, Record_, written } from '../schemas/common';
import { ContractAmendment, ContractBatch, ContractRegistration, ContractTermination, MAX_BATCH, OwnerData } from '../schemas/records';

/** Batch items are checked against ContractRegistration through its $ref. */
type ContractRegistrationBody = Static<typeof ContractRegistration>;

const ContractParams = Type.Object({ contractId: OwnedId });
const Chunk = Type.Object({
  txId: Type.String(),
  blockNumber: Type.String(),
  count: Type.Integer(),
  contractIds: Type.Array(Type.String(), { description: "the transaction's contracts, in the order sent, as the ledger names them (`<USCC>:<id>`)" }),
});

export default async function contractRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.post(
    '/contracts',
    {
      schema: {
        tags: ['contracts'],
        summary: 'Register a property service contract for the calling company',
        headers: IdempotencyHeaders,
        body: ContractRegistration,
        response: written(Type.Object({ contract: Record_ })),
      },
    },
    async (req, reply) => {
      const out = await req.notary.registerContract(req.body);
      return created(reply, out, { contract: out.result.contract });
    },
  );

  app.post(
    '/contracts/batch',
    {
      schema: {
        tags: ['contracts'],
        summary: `Register up to ${MAX_BATCH.toLocaleString('en-US')} contracts: one transaction per ${MAX_BATCH_SIZE}, each all or nothing, in order`,
        description:
          "Every item is checked with the chaincode's own validators before the first transaction: a bad item or a repeated contractId " +
          'refuses the whole batch (400, details.items lists every bad index) and nothing is written. ' +
          'On a failure of the ledger after that, the error lists the chunks already committed (details.committed) so the rest can be resent.',
        headers: IdempotencyHeaders,
        body: ContractBatch,
        response: written(Type.Object({ count: Type.Integer(), transactions: Type.Array(Chunk) })),
      },
    },
    async (req, reply) => {
      const notary = req.notary;
      const committed = await submitInChunks(req.body.items, contractItems(callerCompanyId(req)), (chunk, i) =>
        notary.part(String(i)).registerContracts(chunk as ContractRegistrationBody[]),
      );
      const transactions = committed.map(({ txId, blockNumber, count, result }) => ({ txId, blockNumber, count, contractIds: result.contractIds }));
      return created(reply, committed[committed.length - 1]!, { count: req.body.items.length, transactions });
    },
  );

  app.post(
    '/contracts/:contractId/amendments',
    {
      schema: {
        tags: ['contracts'],
        summary: 'Amend: a new version pointing to the previous one',
        params: ContractParams,
        headers: IdempotencyHeaders,
        body: ContractAmendment,
        response: written(Type.Object({ contract: Record_ })),
      },
    },
    async (req, reply) => {
      const out = await req.notary.amendContract(req.params.contractId, req.body);
      return created(reply, out, { contract: out.result.contract });
    },
  );

  app.post(
    '/contracts/:contractId/termination',
    {
      schema: {
        tags: ['contracts'],
        summary: 'Terminate: a final version with status TERMINATED',
        params: ContractParams,
        headers: IdempotencyHeaders,
        body: ContractTermination,
        response: written(Type.Object({ contract: Record_ })),
      },
    },
    async (req, reply) => {
      const out = await req.notary.terminateContract(req.params.contractId, req.body);
      return created(reply, out, { contract: out.result.contract });
    },
  );

  app.put(
    '/contracts/:contractId/owner',
    {
      schema: {
        tags: ['contracts'],
        summary: "Deposit the owner's clear identity into the court/bureau private collection",
        description: "Checked against the contract's ownerCommitment. Sent as transient data: it never appears in a block.",
        params: ContractParams,
        headers: IdempotencyHeaders,
        body: OwnerData,
        response: written(Type.Object({ contractId: Type.String(), collection: Type.String() })),
      },
    },
    async (req, reply) => {
      const out = await req.notary.depositOwner(req.params.contractId, req.body);
      return created(reply, out, { contractId: out.result.contractId, collection: out.result.collection });
    },
  );

  app.get(
    '/contracts/:contractId/owner',
    {
      schema: {
        tags: ['contracts'],
        summary: "The owner's clear identity (court, bureau and the contract's company only)",
        params: ContractParams,
        response: read(Type.Object({ contractId: Type.String(), owner: OwnerData, ownerCommitment: Type.String() })),
      },
    },
    async (req) => req.notary.getOwner(req.params.contractId),
  );

  app.get(
    '/contracts/:contractId',
    {
      schema: { tags: ['contracts'], summary: 'A contract (current version)', params: ContractParams, response: read(Type.Object({ contract: Record_ })) },
    },
    async (req) => req.notary.getContract(req.params.contractId),
  );

  app.get(
    '/contracts/:contractId/history',
    {
      schema: {
        tags: ['contracts'],
        summary: 'Every version and every write of the contract, with transaction IDs',
        params: ContractParams,
        response: read(Type.Object({ contract: Record_, versions: Type.Array(Record_), writes: Type.Array(Record_) })),
      },
    },
    async (req) => req.notary.contractHistory(req.params.contractId),
  );

  app.get(
    '/contracts',
    {
      schema: {
        tags: ['contracts'],
        summary: 'One page of the contracts of a project or of a company (exactly one filter); follow `bookmark`',
        querystring: Type.Object({ projectId: Type.Optional(OwnedId), companyId: Type.Optional(Id), ...PageQuery }, { additionalProperties: false }),
        response: read(Type.Object({ contracts: Type.Array(Record_), bookmark: Type.String() }, { additionalProperties: true })),
      },
    },
    async (req) => {
      const q = req.query;
      const filter = oneFilter(q, ['projectId', 'companyId'] as const);
      return req.notary.listContracts(filter === 'projectId' ? { projectId: q.projectId! } : { companyId: q.companyId! }, q);
    },
  );
}
