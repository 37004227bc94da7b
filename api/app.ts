// The HTTP API, built separately from listen() so tests use app.inject on a
// real instance. Everything under /v1 needs an API key; /healthz, /readyz,
// /metrics and /docs do not.
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { Ledger } from '../gateway/ledger';
import { LedgerError } from '../gateway/errors';
import type { ApiKeys, Caller } from './auth';
import type { Config } from './config';
import { ApiError, ledgerErrorResponse, type ErrorBody } from './errors';
import { IdempotencyStore } from './idempotency';
import { Metrics } from './metrics';
import { ErrorBody as ErrorBodySchema } from './schemas/common';
import { ArrearsEvent, ContractRegistration } from './schemas/records';
import { LedgerAccess } from './ledger-access';
import { EvidenceExporter } from '../evidence/export';
import { EvidencePackageSchema } from '../evidence/schema';
import healthRoutes from './routes/health';
import contractRoutes from './routes/contracts';
import arrearsRoutes from './routes/arrears';
import disputeRoutes from './routes/disputes';
import letterRoutes from './routes/letters';
import queryRoutes from './routes/queries';
import evidenceRoutes from './routes/evidence';
import signingRoutes from './routes/signing';
import judgeRoutes from './routes/judge';
import { courtReader } from './judge/reader';
import { trustBundleHash, type TrustBundle } from '../evidence/trust/bundle';

declare module 'fastify' {
  interface FastifyRequest {
    caller?: Caller;
  }
  interface FastifyInstance {
    ledger: LedgerAccess;
    evidence: EvidenceExporter;
  }
}

export interface AppOptions {
  config: Config;
  ledger: Ledger;
  keys: ApiKeys;
  /** Defaults to the configured file; tests pass their own. */
  idempotency?: IdempotencyStore;
  metrics?: Metrics;
  /** The court's trust bundle /verify and /judge check packages against; without it /verify answers 503 (unless one is uploaded). */
  trustBundle?: TrustBundle;
}

export const API_VERSION = '1.0.0';

export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const { config } = opts;
  const metrics = opts.metrics ?? new Metrics();
  const app = Fastify({
    logger: { level: config.LOG_LEVEL },
    bodyLimit: config.BODY_LIMIT_BYTES,
    genReqId: (req) => (typeof req.headers['x-request-id'] === 'string' && /^[\w.-]{1,64}$/.test(req.headers['x-request-id']) ? req.headers['x-request-id'] : randomUUID()),
    // No type coercion: a body must match the published schema exactly (path and query values are strings anyway).
    ajv: { customOptions: { allErrors: false, removeAdditional: false, coerceTypes: false, useDefaults: true } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.addSchema(ErrorBodySchema);
  app.addSchema(ContractRegistration);
  app.addSchema(ArrearsEvent);
  app.decorate('ledger', new LedgerAccess(opts.ledger, metrics));
  app.decorate('evidence', new EvidenceExporter(opts.ledger));
  app.addSchema(EvidencePackageSchema);
  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });
  app.addHook('onResponse', async (req, reply) => {
    metrics.observeRequest(req.method, req.routeOptions.url ?? 'unmatched', reply.statusCode, reply.elapsedTime / 1000);
  });
  app.addHook('onClose', async () => opts.ledger.close());

  app.setErrorHandler((error: FastifyError | LedgerError | ApiError, req, reply) => {
    const send = (status: number, body: ErrorBody) => reply.code(status).send(body);
    if (error instanceof LedgerError) {
      const { status, body } = ledgerErrorResponse(error);
      req.log[status >= 500 ? 'error' : 'info']({ err: { kind: error.kind, code: error.code, message: error.message }, txId: error.txId, peers: error.details }, 'ledger refused or failed');
      return send(status, body);
    }
    if (error instanceof ApiError) return send(error.statusCode, { error: { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) } });
    const fe = error as FastifyError;
    if (fe.validation) {
      const first = fe.validation[0];
      const field = `${fe.validationContext ?? 'body'}${first?.instancePath ?? ''}${first?.keyword === 'required' ? `/${String((first.params as { missingProperty?: string }).missingProperty)}` : ''}${first?.keyword === 'additionalProperties' ? `/${String((first.params as { additionalProperty?: string }).additionalProperty)}` : ''}`;
      return send(400, { error: { code: 'INVALID_ARGUMENT', message: `${field} ${first?.message ?? 'is invalid'}`, details: { field, keyword: first?.keyword } } });
    }
    if (fe.statusCode === 413 || fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return send(413, { error: { code: 'PAYLOAD_TOO_LARGE', message: fe.message } });
    if (fe.statusCode === 429) return send(429, { error: { code: 'RATE_LIMITED', message: fe.message } });
    if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) return send(fe.statusCode, { error: { code: 'INVALID_ARGUMENT', message: fe.message } });
    req.log.error({ err: error }, 'unhandled error');
    return send(500, { error: { code: 'INTERNAL', message: 'internal error; see the server log for request ' + req.id } });
  });
  app.setNotFoundHandler((req, reply) => {
    reply.code(404).send({ error: { code: 'NOT_FOUND', message: `no route ${req.method} ${req.url}` } } satisfies ErrorBody);
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'Property-dispute notary API', version: API_VERSION, description: 'Endorsement, query and evidence-export endpoints over the court / housing bureau / law firm Fabric network. Every write answers the transaction that wrote it.' },
      components: { securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'API key issued per client (npm start prints the demo keys)' } } },
      security: [{ apiKey: [] }],
    },
    refResolver: { buildLocalReference: (json, _base, _fragment, i) => String(json.$id ?? `def-${i}`) },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  app.get('/metrics', { schema: { hide: true } }, async (_req, reply) => {
    reply.header('content-type', metrics.contentType);
    return metrics.render();
  });
  await app.register(healthRoutes);
  await app.register(judgeRoutes, {
    trust: opts.trustBundle ? { bundle: opts.trustBundle, hash: trustBundleHash(opts.trustBundle) } : undefined,
    reader: courtReader(opts.ledger),
  });

  const idempotency = opts.idempotency ?? new IdempotencyStore(config.IDEMPOTENCY_FILE);
  await app.register(async (v1) => {
    v1.addHook('onRequest', async (req: FastifyRequest) => {
      const header = req.headers.authorization;
      const key = header?.startsWith('Bearer ') ? header.slice(7) : undefined;
      const caller = key ? opts.keys.verify(key) : undefined;
      if (!caller) throw new ApiError(401, 'UNAUTHENTICATED', 'a valid API key is required: Authorization: Bearer <key>');
      req.caller = caller;
    });
    await v1.register(rateLimit, {
      max: config.RATE_LIMIT_PER_MINUTE,
      timeWindow: '1 minute',
      keyGenerator: (req) => req.caller?.clientId ?? req.ip,
      hook: 'preHandler',
    });
    v1.addHook('preHandler', async (req, reply) => {
      const key = req.headers['idempotency-key'];
      if (typeof key !== 'string' || req.method === 'GET') return;
      const scoped = `${req.caller!.clientId}:${key}`;
      const outcome = idempotency.begin(scoped, IdempotencyStore.requestHash(req.method, req.url, req.body));
      if (outcome.kind === 'conflict') throw new ApiError(409, 'IDEMPOTENCY_CONFLICT', outcome.reason);
      if (outcome.kind === 'replay') {
        reply.header('idempotent-replayed', 'true');
        return reply.code(outcome.response.statusCode).send(outcome.response.body);
      }
      (req as FastifyRequest & { idempotencyKey?: string }).idempotencyKey = scoped;
      return undefined;
    });
    v1.addHook('onSend', async (req, reply, payload) => {
      const scoped = (req as FastifyRequest & { idempotencyKey?: string }).idempotencyKey;
      if (scoped) idempotency.finish(scoped, reply.statusCode, typeof payload === 'string' ? JSON.parse(payload) : payload);
      return payload;
    });
    await v1.register(contractRoutes);
    await v1.register(arrearsRoutes);
    await v1.register(disputeRoutes);
    await v1.register(letterRoutes);
    await v1.register(queryRoutes);
    await v1.register(evidenceRoutes);
    await v1.register(signingRoutes);
  }, { prefix: '/v1' });

  return app;
}
