// Bounded write load (api/admission.ts) for the routes of the scope that
// registers it: every POST and PUT takes a turn before its handler runs and
// gives it back when its answer is ready. A body with `items` (a batch) weighs
// the items of one chunk; any other write weighs 1. A refusal is 503 OVERLOADED with
// Retry-After, before anything is written. Idempotent replays, answered
// earlier in the chain, need no turn.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { MAX_BATCH_SIZE } from '../../chaincode/src/domain';
import { Admission, Overloaded, type AdmissionLimits } from '../admission';
import { ApiError } from '../errors';

declare module 'fastify' {
  interface FastifyRequest {
    /** Gives back the request's turn to write; null when it holds none. */
    admissionRelease: (() => void) | null;
  }
}

const WRITES = new Set(['POST', 'PUT']);

/** The items of the transaction a request has in flight at a time: a batch's chunk, or one. */
function itemsOf(body: unknown): number {
  const items = (body as { items?: unknown } | null | undefined)?.items;
  return Array.isArray(items) ? Math.min(Math.max(items.length, 1), MAX_BATCH_SIZE) : 1;
}

async function admission(app: FastifyInstance, limits: AdmissionLimits): Promise<void> {
  const gate = new Admission(limits);
  app.decorateRequest('admissionRelease', null);
  app.addHook('preHandler', async (req: FastifyRequest, reply) => {
    if (!WRITES.has(req.method)) return;
    try {
      req.admissionRelease = await gate.acquire(itemsOf(req.body));
    } catch (e) {
      if (!(e instanceof Overloaded)) throw e;
      reply.header('retry-after', String(e.retryAfterSeconds));
      throw new ApiError(503, 'OVERLOADED', e.message, { ...e.state, retryAfterSeconds: e.retryAfterSeconds });
    }
  });
  // The work is done once the answer exists (onSend, errors included); onResponse covers an answer never sent.
  // A client that hangs up does not end the turn: its handler still writes until it answers.
  app.addHook('onSend', async (req, _reply, payload) => {
    req.admissionRelease?.();
    return payload;
  });
  app.addHook('onResponse', async (req) => req.admissionRelease?.());
}

export default fp(admission, { name: 'notary-admission', fastify: '5.x' });
