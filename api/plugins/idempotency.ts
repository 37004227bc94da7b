// Idempotency-Key for writes of the scope that registers it: a resend with the
// same key and body gets the first answer (`idempotent-replayed: true`) and
// writes nothing; the same key with another body answers 409
// IDEMPOTENCY_CONFLICT. Keys are per client. The ledger holds the truth
// (api/idempotency.ts): the request's claim is handed to its NotaryClient,
// which writes it with every transaction and answers replays from the ledger;
// this process's bounded cache answers first when it can.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { ApiError } from '../errors';
import { IdempotencyStore, RequestClaim, requestSha256 } from '../idempotency';

declare module 'fastify' {
  interface FastifyRequest {
    /** The caller-scoped cache key (`clientId:key`) of a write being answered for the first time here, else null. */
    idempotencyKey: string | null;
    /** The request's key and hash for the ledger, else null. */
    idempotencyClaim: RequestClaim | null;
  }
}

export interface IdempotencyOptions {
  store: IdempotencyStore;
  /** Test only: exit the process right after a commit, before answering (see crashAfterCommitFromEnv). */
  crashAfterCommit?: boolean;
}

export const IDEMPOTENCY_HEADER = 'idempotency-key';
export const REPLAYED_HEADER = 'idempotent-replayed';
/** Set to 1, with NODE_ENV=test, to make the API exit right after each idempotent commit (the crash window the ledger covers). */
export const CRASH_AFTER_COMMIT_ENV = 'NOTARY_TEST_CRASH_AFTER_COMMIT';
/** The exit code of that crash, so a test can tell it from another failure. */
export const CRASH_EXIT_CODE = 86;

/** The crash hook is honoured only under NODE_ENV=test: a production setting of the variable does nothing. */
export const crashAfterCommitFromEnv = (env: NodeJS.ProcessEnv): boolean => env.NODE_ENV === 'test' && env[CRASH_AFTER_COMMIT_ENV] === '1';

/** The line the crash writes to stderr, naming the transaction that committed unanswered. */
export const CRASH_LINE = /exiting after committing transaction ([0-9a-f]{64}), before the answer/;

function crash(txId: string): never {
  process.stderr.write(`${CRASH_AFTER_COMMIT_ENV}: exiting after committing transaction ${txId}, before the answer\n`);
  process.exit(CRASH_EXIT_CODE);
}

async function idempotency(app: FastifyInstance, { store, crashAfterCommit = crashAfterCommitFromEnv(process.env) }: IdempotencyOptions): Promise<void> {
  app.decorateRequest('idempotencyKey', null);
  app.decorateRequest('idempotencyClaim', null);

  app.addHook('preHandler', async (req: FastifyRequest, reply: FastifyReply) => {
    const key = req.headers[IDEMPOTENCY_HEADER];
    if (typeof key !== 'string' || req.method === 'GET' || !req.caller) return undefined;
    const scoped = `${req.caller.clientId}:${key}`;
    const hash = requestSha256(key, req.method, req.url, req.body);
    const outcome = store.begin(scoped, hash);
    if (outcome.kind === 'conflict') throw new ApiError(409, 'IDEMPOTENCY_CONFLICT', outcome.reason);
    if (outcome.kind === 'replay') {
      reply.header(REPLAYED_HEADER, 'true');
      return reply.code(outcome.response.statusCode).send(outcome.response.body);
    }
    req.idempotencyKey = scoped;
    req.idempotencyClaim = new RequestClaim(key, hash, crashAfterCommit ? crash : undefined);
    return undefined;
  });

  // Every answer to a first request is final (5xx excepted, which the cache lets be retried).
  app.addHook('onSend', async (req, reply, payload) => {
    const replayed = req.idempotencyClaim?.replayedHeader;
    if (replayed) reply.header(REPLAYED_HEADER, replayed);
    if (!req.idempotencyKey) return payload;
    const body: unknown = typeof payload === 'string' ? JSON.parse(payload) : payload;
    // The ledger's conflict says the key is another request's: that answer is not this key's to remember.
    if ((body as { error?: { code?: string } } | null)?.error?.code === 'IDEMPOTENCY_CONFLICT') store.forget(req.idempotencyKey);
    else store.finish(req.idempotencyKey, reply.statusCode, body);
    return payload;
  });
}

export default fp(idempotency, { name: 'notary-idempotency', fastify: '5.x', dependencies: ['notary-auth'] });
