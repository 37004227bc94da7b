// Idempotency-Key for writes of the scope that registers it: a resend with the
// same key and body gets the first answer (`idempotent-replayed: true`) and
// writes nothing; the same key with another body, or while the first request
// is still running, answers 409 IDEMPOTENCY_CONFLICT. Keys are per client.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { ApiError } from '../errors';
import { IdempotencyStore } from '../idempotency';

declare module 'fastify' {
  interface FastifyRequest {
    /** The caller-scoped key (`clientId:key`) of a write being answered for the first time, else null. */
    idempotencyKey: string | null;
  }
}

export interface IdempotencyOptions {
  store: IdempotencyStore;
}

export const IDEMPOTENCY_HEADER = 'idempotency-key';
export const REPLAYED_HEADER = 'idempotent-replayed';

async function idempotency(app: FastifyInstance, { store }: IdempotencyOptions): Promise<void> {
  app.decorateRequest('idempotencyKey', null);

  app.addHook('preHandler', async (req: FastifyRequest, reply: FastifyReply) => {
    const key = req.headers[IDEMPOTENCY_HEADER];
    if (typeof key !== 'string' || req.method === 'GET' || !req.caller) return undefined;
    const scoped = `${req.caller.clientId}:${key}`;
    const outcome = store.begin(scoped, IdempotencyStore.requestHash(req.method, req.url, req.body));
    if (outcome.kind === 'conflict') throw new ApiError(409, 'IDEMPOTENCY_CONFLICT', outcome.reason);
    if (outcome.kind === 'replay') {
      reply.header(REPLAYED_HEADER, 'true');
      return reply.code(outcome.response.statusCode).send(outcome.response.body);
    }
    req.idempotencyKey = scoped;
    return undefined;
  });

  // Every answer to a first request is final (5xx excepted, which the store lets be retried).
  app.addHook('onSend', async (req, reply, payload) => {
    if (req.idempotencyKey) store.finish(req.idempotencyKey, reply.statusCode, typeof payload === 'string' ? JSON.parse(payload) : payload);
    return payload;
  });
}

export default fp(idempotency, { name: 'notary-idempotency', fastify: '5.x', dependencies: ['notary-auth'] });
