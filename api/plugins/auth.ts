// Authentication for the scope that registers it (/v1): `Authorization: Bearer
// <API key>` maps to one Fabric identity of the network, decorated on the
// request as `request.caller`; anything else answers 401 before any handler.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { ApiKeys, Caller } from '../auth';
import { ApiError } from '../errors';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who called, set by the auth plugin on every request of its scope (/v1); null elsewhere. */
    caller: Caller | null;
  }
}

export interface AuthOptions {
  keys: ApiKeys;
}

const BEARER = 'Bearer ';

/** The caller of a key presented as `Authorization: Bearer <key>`, or undefined. */
export function callerOf(authorization: string | undefined, keys: ApiKeys): Caller | undefined {
  const key = authorization?.startsWith(BEARER) ? authorization.slice(BEARER.length) : undefined;
  return key ? keys.verify(key) : undefined;
}

/** The authenticated caller of a request in an authenticated scope. */
export function authenticated(req: FastifyRequest): Caller {
  if (!req.caller) throw new ApiError(401, 'UNAUTHENTICATED', 'a valid API key is required: Authorization: Bearer <key>');
  return req.caller;
}

async function auth(app: FastifyInstance, opts: AuthOptions): Promise<void> {
  app.decorateRequest('caller', null);
  app.addHook('onRequest', async (req) => {
    req.caller = callerOf(req.headers.authorization, opts.keys) ?? null;
    authenticated(req);
  });
}

export default fp(auth, { name: 'notary-auth', fastify: '5.x' });
