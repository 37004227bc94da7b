// Configuration from the environment, validated once at start-up.
import path from 'node:path';
import { Type, type Static } from 'typebox';
import Ajv from 'ajv';
import { NETWORK_JSON, STATE_DIR } from '../fabric/state-dir';
import { defaultKeysFile } from './key-files';
import { MAX_DELTAS_PER_FOLD } from '../chaincode/src/domain';

export const ConfigSchema = Type.Object({
  HOST: Type.String({ default: '127.0.0.1' }),
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 8080 }),
  LOG_LEVEL: Type.Union(
    [
      Type.Literal('fatal'),
      Type.Literal('error'),
      Type.Literal('warn'),
      Type.Literal('info'),
      Type.Literal('debug'),
      Type.Literal('trace'),
      Type.Literal('silent'),
    ],
    { default: 'info' },
  ),
  NETWORK_JSON: Type.String({ default: NETWORK_JSON }),
  /**
   * Serve only this org's clients (an MSP ID, e.g. HousingBureauMSP): the process then knows no other org's
   * identities, as when each org runs its own API. Unset: one process serves every org's clients (the local demo).
   */
  NOTARY_ORG: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9]+MSP$' })),
  /**
   * Hashed API keys and the Fabric identity each client acts as. Default: the org's own folder with NOTARY_ORG
   * (`.fabric/orgs/<org>/api/api-keys.json`, `npm run api:keys -- <MSP ID>` issues them), else `.fabric/api/api-keys.json`.
   */
  API_KEYS_FILE: Type.Optional(Type.String()),
  /** Responses remembered per Idempotency-Key, so a resend writes nothing twice. */
  IDEMPOTENCY_FILE: Type.String({ default: path.join(STATE_DIR, 'api', 'idempotency.jsonl') }),
  /** The court's trust bundle (`network:up` writes it); /verify and /judge check packages against it. */
  TRUST_BUNDLE_FILE: Type.String({ default: path.join(STATE_DIR, 'trust-bundle.json') }),
  /**
   * Items working on the ledger at once, summed over write requests (each has one transaction in flight: a batch's
   * chunk counts its items, up to 500; any other write counts 1), so a crowd of uploads queues here instead of
   * pushing endorsements past the peers' 30 s execution timeout. 2,000 is four chunks of 500.
   */
  WRITE_MAX_ITEMS_IN_FLIGHT: Type.Integer({ minimum: 1, default: 2_000 }),
  /** Write requests working on the ledger at once, whatever their size. */
  WRITE_MAX_IN_FLIGHT: Type.Integer({ minimum: 1, default: 64 }),
  /** Write requests waiting for a turn; one more answers 503 OVERLOADED with Retry-After, having written nothing. */
  WRITE_MAX_QUEUE: Type.Integer({ minimum: 0, default: 32 }),
  /** A write waiting longer for its turn answers 503 OVERLOADED with Retry-After, having written nothing. */
  WRITE_MAX_WAIT_MS: Type.Integer({ minimum: 100, default: 60_000 }),
  /**
   * Once this many of a project's count deltas wait (this API's writes, and on the project's first write since the
   * start, whatever the ledger lists), they are folded into one (Arrears:DeltaTxIds, then Arrears:CompactDeltas, in
   * the background), so funnel and ratio reads stay short; 0 turns it off.
   */
  DELTA_COMPACTION_EVERY: Type.Integer({ minimum: 0, maximum: MAX_DELTAS_PER_FOLD, default: 32 }),
  /** A batch of 2,068 contracts is about 1.1 MB of JSON. */
  BODY_LIMIT_BYTES: Type.Integer({ minimum: 1024, default: 4 * 1024 * 1024 }),
  RATE_LIMIT_PER_MINUTE: Type.Integer({ minimum: 1, default: 1200 }),
  /**
   * POST /verify's body limit. Our largest packages: the demo's dispute packages are about 3.4 MB (blocks, configuration
   * history, attestations; base64 and JSON), and a package grows by about 67 KB per channel configuration update it spans;
   * 24 MiB leaves room for some 300 configuration updates or several times the demo's blocks (bench/RESULTS.md, /verify).
   */
  VERIFY_BODY_LIMIT_BYTES: Type.Integer({ minimum: 1024, default: 24 * 1024 * 1024 }),
  /** Verifications (POST /verify, GET /judge/packages/…) per IP per minute: no account is needed to verify. */
  VERIFY_RATE_LIMIT_PER_MINUTE: Type.Integer({ minimum: 1, default: 30 }),
  /** Worker threads verifying packages off the event loop (the host has 2 cores). */
  VERIFY_THREADS: Type.Integer({ minimum: 1, maximum: 16, default: 2 }),
  /** Verifications waiting beyond those running; one more answers 503 with Retry-After. */
  VERIFY_MAX_QUEUE: Type.Integer({ minimum: 0, default: 8 }),
  /** A verification running longer is abandoned (its worker stopped) and answers 422. */
  VERIFY_TIMEOUT_MS: Type.Integer({ minimum: 100, default: 30_000 }),
});

export type Config = Static<typeof ConfigSchema> & { API_KEYS_FILE: string };

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const ajv = new Ajv({ coerceTypes: true, useDefaults: true, removeAdditional: true, allErrors: true });
  const candidate: Record<string, unknown> = Object.fromEntries(
    Object.keys(ConfigSchema.properties)
      .filter((k) => env[k] !== undefined && env[k] !== '')
      .map((k) => [k, env[k]]),
  );
  if (!ajv.validate(ConfigSchema, candidate)) {
    throw new Error(`invalid configuration: ${ajv.errorsText(ajv.errors, { dataVar: 'env' })}`);
  }
  const config = candidate as Static<typeof ConfigSchema>;
  return { ...config, API_KEYS_FILE: config.API_KEYS_FILE ?? defaultKeysFile(config.NOTARY_ORG) };
}
