// Requests per minute per client (its API key's clientId, the IP before
// authentication), for the scope that registers it; over the limit answers 429.
// Runs after authentication (preHandler), so one client cannot spend another's.
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

export interface RateLimitOptions {
  perMinute: number;
}

async function rateLimits(app: FastifyInstance, opts: RateLimitOptions): Promise<void> {
  await app.register(rateLimit, {
    max: opts.perMinute,
    timeWindow: '1 minute',
    keyGenerator: (req) => req.caller?.clientId ?? req.ip,
    hook: 'preHandler',
  });
}

export default fp(rateLimits, { name: 'notary-rate-limit', fastify: '5.x', dependencies: ['notary-auth'] });
