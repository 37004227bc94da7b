// The HTTP API, built separately from listen() so tests use app.inject on a
// real instance. Everything under /v1 needs an API key; /healthz, /readyz,
// /metrics, /docs and the judge's page do not. Each concern is a plugin
// (api/plugins): error mapping, metrics, the ledger, and for /v1 auth, rate
// limits and idempotency; buildApp only composes them.
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { ApiKeys } from './auth';
import type { Config } from './config';
import { IdempotencyStore } from './idempotency';
import type { Metrics } from './metrics';
import { ErrorBody as ErrorBodySchema } from './schemas/common';
import { ArrearsEvent, ContractRegistration } from './schemas/records';
import { EvidencePackageSchema } from '../evidence/schema';
import { evidenceFor, type EvidencePort } from './ports/evidence-port';
import type { LedgerPort } from './ports/ledger-port';
import admissionPlugin from './plugins/admission';
import authPlugin from './plugins/auth';
import errorMappingPlugin from './plugins/error-mapping';
import idempotencyPlugin from './plugins/idempotency';
import ledgerPlugin from './plugins/ledger';
import metricsPlugin from './plugins/metrics';
import rateLimitPlugin from './plugins/rate-limit';
import healthRoutes from './routes/health';
import contractRoutes from './routes/contracts';
import arrearsRoutes from './routes/arrears';
import disputeRoutes from './routes/disputes';
import letterRoutes from './routes/letters';
import noteRoutes from './routes/notes';
import queryRoutes from './routes/queries';
import evidenceRoutes from './routes/evidence';
import signingRoutes from './routes/signing';
import judgeRoutes from './routes/judge';
import meRoutes from './routes/me';
import uiPlugin from './plugins/ui';
import { courtReader } from './judge/reader';
import { trustBundleHash, type TrustBundle } from '../evidence/trust/bundle';
import { VerifyPool } from './verify-pool/pool';

export interface AppOptions {
  config: Config;
  /** The Fabric `Ledger` (gateway/ledger.ts) in production, a fake in unit tests. */
  ledger: LedgerPort;
  keys: ApiKeys;
  /** Defaults to the configured file; tests pass their own. */
  idempotency?: IdempotencyStore;
  metrics?: Metrics;
  /** Defaults to the exporter over the Fabric ledger (503 over any other port). */
  evidence?: EvidencePort;
  /** The court's trust bundle /verify and /judge check packages against; without it /verify answers 503 (unless one is uploaded). */
  trustBundle?: TrustBundle;
  /** Where verifications run; defaults to a worker pool sized by the configuration (closed with the app). */
  verifyPool?: VerifyPool;
}

export const API_VERSION = '1.0.0';

/** A client's x-request-id when it is short and plain, else a new one. */
const requestId = (header: string | string[] | undefined): string => (typeof header === 'string' && /^[\w.-]{1,64}$/.test(header) ? header : randomUUID());

export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const { config } = opts;
  const app = Fastify({
    logger: { level: config.LOG_LEVEL },
    bodyLimit: config.BODY_LIMIT_BYTES,
    genReqId: (req) => requestId(req.headers['x-request-id']),
    // No type coercion: a body must match the published schema exactly (path and query values are strings anyway).
    ajv: { customOptions: { allErrors: false, removeAdditional: false, coerceTypes: false, useDefaults: true } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.addSchema(ErrorBodySchema);
  app.addSchema(ContractRegistration);
  app.addSchema(ArrearsEvent);
  app.addSchema(EvidencePackageSchema);
  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });

  await app.register(errorMappingPlugin);
  await app.register(metricsPlugin, { metrics: opts.metrics });
  await app.register(ledgerPlugin, {
    ledger: opts.ledger,
    evidence: opts.evidence ?? evidenceFor(opts.ledger),
    compactEvery: config.DELTA_COMPACTION_EVERY,
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Property-dispute notary API',
        version: API_VERSION,
        description:
          'Endorsement, query and evidence-export endpoints over the court / housing bureau / law firm Fabric network. ' +
          'Every write answers the transaction that wrote it.',
      },
      components: {
        securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'API key issued per client (npm start prints the demo keys)' } },
      },
      security: [{ apiKey: [] }],
    },
    refResolver: { buildLocalReference: (json, _base, _fragment, i) => String(json.$id ?? `def-${i}`) },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  await app.register(healthRoutes);
  const verifyPool =
    opts.verifyPool ?? new VerifyPool({ threads: config.VERIFY_THREADS, maxQueue: config.VERIFY_MAX_QUEUE, timeoutMs: config.VERIFY_TIMEOUT_MS });
  app.addHook('onClose', async () => verifyPool.close());
  await app.register(judgeRoutes, {
    trust: opts.trustBundle ? { bundle: opts.trustBundle, hash: trustBundleHash(opts.trustBundle) } : undefined,
    reader: courtReader(opts.ledger),
    pool: verifyPool,
    bodyLimit: config.VERIFY_BODY_LIMIT_BYTES,
    perMinute: config.VERIFY_RATE_LIMIT_PER_MINUTE,
  });

  await app.register(uiPlugin);

  const idempotency = opts.idempotency ?? new IdempotencyStore(config.IDEMPOTENCY_FILE);
  await app.register(
    async (v1) => {
      await v1.register(authPlugin, { keys: opts.keys });
      await v1.register(rateLimitPlugin, { perMinute: config.RATE_LIMIT_PER_MINUTE });
      await v1.register(idempotencyPlugin, { store: idempotency });
      await v1.register(admissionPlugin, {
        maxInFlight: config.WRITE_MAX_IN_FLIGHT,
        maxItemsInFlight: config.WRITE_MAX_ITEMS_IN_FLIGHT,
        maxQueue: config.WRITE_MAX_QUEUE,
        maxWaitMs: config.WRITE_MAX_WAIT_MS,
      });
      await v1.register(contractRoutes);
      await v1.register(arrearsRoutes);
      await v1.register(disputeRoutes);
      await v1.register(letterRoutes);
      await v1.register(noteRoutes);
      await v1.register(queryRoutes);
      await v1.register(evidenceRoutes);
      await v1.register(signingRoutes);
      await v1.register(meRoutes);
    },
    { prefix: '/v1' },
  );

  return app;
}
