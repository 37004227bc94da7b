// Property service contracts: register (single, batch), amend, terminate,
// deposit the owner's clear data, read with history.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { MAX_BATCH_SIZE } from '../../chaincode/src/domain';
import { submitInChunks } from '../batches';
import { IdempotencyHeaders, Id, oneFilter, PageQuery, read, Record_, written } from '../schemas/common';
import { ContractAmendment, ContractBatch, ContractRegistration, ContractTermination, OwnerData } from '../schemas/records';

const ContractParams = Type.Object({ contractId: Id });
const Chunk = Type.Object({ txId: Type.String(), blockNumber: Type.String(), count: Type.Integer() });

export default async function contractRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.post('/contracts', {
    schema: { tags: ['contracts'], summary: 'Register a property service contract for the calling company', headers: IdempotencyHeaders, body: ContractRegistration, response: written(Type.Object({ contract: Record_ })) },
  }, async (req, reply) => {
    const out = await app.ledger.submit<{ contract: Record<string, unknown> }>(req, 'Contracts', 'Register', [req.body]);
    return reply.code(201).send({ txId: out.txId, blockNumber: out.blockNumber, contract: out.result.contract });
  });

  app.post('/contracts/batch', {
    schema: {
      tags: ['contracts'],
      summary: `Register up to 2,500 contracts: one transaction per ${MAX_BATCH_SIZE}, each all or nothing, in order`,
      description: 'On a failure, the error lists the chunks already committed (details.committed) so the rest can be resent.',
      headers: IdempotencyHeaders, body: ContractBatch,
      response: written(Type.Object({ count: Type.Integer(), transactions: Type.Array(Chunk) })),
    },
  }, async (req, reply) => {
    const committed = await submitInChunks(app.ledger, req, 'Contracts', 'RegisterBatch', req.body.items);
    const last = committed[committed.length - 1]!;
    const transactions = committed.map(({ txId, blockNumber, count }) => ({ txId, blockNumber, count }));
    return reply.code(201).send({ txId: last.txId, blockNumber: last.blockNumber, count: req.body.items.length, transactions });
  });

  app.post('/contracts/:contractId/amendments', {
    schema: { tags: ['contracts'], summary: 'Amend: a new version pointing to the previous one', params: ContractParams, headers: IdempotencyHeaders, body: ContractAmendment, response: written(Type.Object({ contract: Record_ })) },
  }, async (req, reply) => {
    const out = await app.ledger.submit<{ contract: Record<string, unknown> }>(req, 'Contracts', 'Amend', [{ contractId: req.params.contractId, ...req.body }]);
    return reply.code(201).send({ txId: out.txId, blockNumber: out.blockNumber, contract: out.result.contract });
  });

  app.post('/contracts/:contractId/termination', {
    schema: { tags: ['contracts'], summary: 'Terminate: a final version with status TERMINATED', params: ContractParams, headers: IdempotencyHeaders, body: ContractTermination, response: written(Type.Object({ contract: Record_ })) },
  }, async (req, reply) => {
    const out = await app.ledger.submit<{ contract: Record<string, unknown> }>(req, 'Contracts', 'Terminate', [{ contractId: req.params.contractId, ...req.body }]);
    return reply.code(201).send({ txId: out.txId, blockNumber: out.blockNumber, contract: out.result.contract });
  });

  app.put('/contracts/:contractId/owner', {
    schema: {
      tags: ['contracts'], summary: "Deposit the owner's clear identity into the court/bureau private collection",
      description: 'Checked against the contract\'s ownerCommitment. Sent as transient data: it never appears in a block.',
      params: ContractParams, headers: IdempotencyHeaders, body: OwnerData, response: written(Type.Object({ contractId: Type.String(), collection: Type.String() })),
    },
  }, async (req, reply) => {
    const out = await app.ledger.submit<{ contractId: string; collection: string }>(req, 'Contracts', 'DepositOwner', [req.params.contractId], { owner: JSON.stringify(req.body) });
    return reply.code(201).send({ txId: out.txId, blockNumber: out.blockNumber, contractId: out.result.contractId, collection: out.result.collection });
  });

  app.get('/contracts/:contractId/owner', {
    schema: { tags: ['contracts'], summary: "The owner's clear identity (court, bureau and the contract's company only)", params: ContractParams, response: read(Type.Object({ contractId: Type.String(), owner: OwnerData, ownerCommitment: Type.String() })) },
  }, async (req) => app.ledger.evaluate(req, 'Contracts', 'GetOwner', [req.params.contractId]));

  app.get('/contracts/:contractId', {
    schema: { tags: ['contracts'], summary: 'A contract (current version)', params: ContractParams, response: read(Type.Object({ contract: Record_ })) },
  }, async (req) => app.ledger.evaluate(req, 'Contracts', 'Get', [req.params.contractId]));

  app.get('/contracts/:contractId/history', {
    schema: { tags: ['contracts'], summary: 'Every version and every write of the contract, with transaction IDs', params: ContractParams, response: read(Type.Object({ contract: Record_, versions: Type.Array(Record_), writes: Type.Array(Record_) })) },
  }, async (req) => app.ledger.evaluate(req, 'Contracts', 'History', [req.params.contractId]));

  app.get('/contracts', {
    schema: {
      tags: ['contracts'], summary: 'One page of the contracts of a project or of a company (exactly one filter); follow `bookmark`',
      querystring: Type.Object({ projectId: Type.Optional(Id), companyId: Type.Optional(Id), ...PageQuery }, { additionalProperties: false }),
      response: read(Type.Object({ contracts: Type.Array(Record_), bookmark: Type.String() }, { additionalProperties: true })),
    },
  }, async (req) => {
    const q = req.query;
    const filter = oneFilter(q, ['projectId', 'companyId'] as const);
    const fn = filter === 'projectId' ? 'ListByProject' : 'ListByCompany';
    return app.ledger.evaluate(req, 'Contracts', fn, [q[filter]!, q.pageSize ?? '', q.bookmark ?? '']);
  });
}
