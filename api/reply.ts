// The one answer of every write: 201 with the transaction that wrote it and
// its block, next to what the chaincode returned (see `written` in
// schemas/common.ts for its schema). A 201 means the transaction committed.
import type { FastifyReply } from 'fastify';

export interface Written {
  txId: string;
  blockNumber: string;
}

/** Sends `201 { ...body, txId, blockNumber }`; the committing transaction's IDs win over any field of `body`. */
export function created<B extends object>(reply: FastifyReply, out: Written, body: B) {
  return reply.code(201).send({ ...body, txId: out.txId, blockNumber: out.blockNumber });
}
