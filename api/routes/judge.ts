// The judge's page and the public verification endpoint behind it. Verifying
// needs no account: it runs the offline verifier (the same library as
// `npm run verify`) on what is uploaded, against this server's trust bundle (or
// one uploaded with the package). For a package of this server's own network
// it also asks the ledger, read-only, whether the subject was written after
// the package's as-of block.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import rateLimit from '@fastify/rate-limit';
import { ApiError } from '../errors';
import { judgePage } from '../judge/page';
import { VerifiedPackageStore } from '../judge/store';
import { judgePackage, type JudgeRequest, type LedgerReader, type ServerTrust } from '../judge/verify';
import { PoolBusy, VerifyPool, VerifyTimeout } from '../verify-pool/pool';
import { errorResponses } from '../schemas/common';

/** POST /verify's body limit by default (api/config.ts VERIFY_BODY_LIMIT_BYTES says why). */
export const VERIFY_BODY_LIMIT = 24 * 1024 * 1024;

export interface JudgeRouteOptions {
  /** This server's own trust bundle; without it /verify answers 503 unless a bundle is uploaded. */
  trust?: ServerTrust;
  /** Who reads the ledger for the live completeness check and fresh packages (the court's judge). */
  reader?: LedgerReader;
  /** Verified packages for the certificate's link; defaults to 200 entries. */
  store?: VerifiedPackageStore;
  /** The worker pool verifications run in (api/verify-pool). */
  pool: VerifyPool;
  /** POST /verify's body limit in bytes. */
  bodyLimit?: number;
  /** Verifications (POST /verify and GET /judge/packages/…) per IP per minute. */
  perMinute?: number;
}

/** Index of the first byte that is not JSON whitespace. */
const firstNonBlank = (b: Buffer) => {
  let i = 0;
  while (i < b.length && (b[i] === 0x20 || b[i] === 0x0a || b[i] === 0x0d || b[i] === 0x09)) i++;
  return i;
};

/** The body's bytes over an ArrayBuffer of their own, moved (not copied) to the worker: a large body already has one. */
const ownBytes = (b: Buffer): Uint8Array =>
  b.byteOffset === 0 && b.byteLength === b.buffer.byteLength ? new Uint8Array(b.buffer, 0, b.byteLength) : Uint8Array.from(b);

/** Seconds a refused caller is told to wait when the verifier is busy. */
const BUSY_RETRY_AFTER_S = 5;

const baseUrl = (req: FastifyRequest) => `${req.protocol}://${req.host}`;
const wantsJson = (req: FastifyRequest) => /application\/json/.test(String(req.headers.accept ?? '')) && !/text\/html/.test(String(req.headers.accept ?? ''));

export default async function judgeRoutes(fastify: FastifyInstance, opts: JudgeRouteOptions): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const store = opts.store ?? new VerifiedPackageStore();
  const deps = { trust: opts.trust, reader: opts.reader, store, pool: opts.pool };
  const verifyLimit = { rateLimit: { max: opts.perMinute ?? 30, timeWindow: '1 minute' } };
  await fastify.register(rateLimit, { global: false, keyGenerator: (req) => req.ip });
  // POST /verify's body reaches the worker as bytes: JSON.parse of a 20 MB body would hold the event loop for a tenth of a second
  // or more, so it is parsed (and checked against the schema below, which stays for the documentation) in the worker.
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
  /** The verification in the pool; busy and too slow become 503 and 422. */
  const judged = async (reply: FastifyReply, req: JudgeRequest) => {
    try {
      return await judgePackage(deps, req);
    } catch (e) {
      if (e instanceof PoolBusy) {
        reply.header('retry-after', String(BUSY_RETRY_AFTER_S));
        throw new ApiError(503, 'VERIFIER_BUSY', e.message);
      }
      if (e instanceof VerifyTimeout) throw new ApiError(422, 'VERIFY_TIMEOUT', e.message);
      throw e;
    }
  };
  const ownBundle = opts.trust ? { issuer: opts.trust.bundle.issuer, bundleHash: opts.trust.hash } : undefined;

  app.get(
    '/judge',
    { schema: { tags: ['evidence'], summary: "The judge's verification page (Chinese, English available)", security: [] } },
    async (_req, reply) => reply.type('text/html; charset=utf-8').send(judgePage({ ownBundle })),
  );

  app.post(
    '/verify',
    {
      bodyLimit: opts.bodyLimit ?? VERIFY_BODY_LIMIT,
      config: verifyLimit,
      // The body is checked in the worker (api/verify-pool/task.ts), against the same fields.
      validatorCompiler: () => () => true,
      schema: {
        tags: ['evidence'],
        security: [],
        summary: "Verify an evidence package against this court's trust bundle (no account needed)",
        description:
          "Runs the offline verifier (`npm run verify`) against this server's trust bundle, or against `trustBundle` when one is given " +
          "(another court's, notary-trust-bundle/1). The answer starts with `anchored` (the package ties to that bundle), `ok` and `asOf` " +
          "(complete as of which block, attested when and by whom); `trustBundle` says which bundle was used and whether it is this server's own. " +
          "For a package of this server's own network the ledger is asked whether the subject was written after the as-of block: `newerEntries` " +
          'lists those writes and `freshPackageUrl` downloads a fresh package. The timeline holds only verified entries. ' +
          '503 when the server has no trust bundle and none is given, or when the verifier is busy (Retry-After); 413 over the body limit; ' +
          '429 over the per-IP rate limit; 400 for a body that is not JSON or not of this shape; 422 for a package the verifier cannot get ' +
          'through (e.g. nested too deep) or that takes longer than the time limit.',
        body: Type.Object(
          {
            package: Type.Object(
              {},
              { additionalProperties: true, description: 'notary-evidence-package/2 (the verifier reports any deviation as a failed check)' },
            ),
            documents: Type.Optional(
              Type.Array(Type.Object({ name: Type.String({ maxLength: 256 }), contentBase64: Type.String() }, { additionalProperties: false }), {
                maxItems: 32,
              }),
            ),
            trustBundle: Type.Optional(Type.Unknown({ description: "another court's trust bundle (notary-trust-bundle/1); this server's own when absent" })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({}, { additionalProperties: true }), ...errorResponses(400, 413, 422, 429, 503) },
      },
    },
    async (req, reply) => {
      const raw = req.body as unknown;
      // Junk is refused here at the cost of a few bytes: a body is a JSON object, so its first non-blank byte is "{".
      if (!Buffer.isBuffer(raw) || raw[firstNonBlank(raw)] !== 0x7b)
        throw new ApiError(400, 'INVALID_ARGUMENT', 'body must be a JSON object', { field: 'body' });
      return judged(reply, { source: 'upload', body: ownBytes(raw), baseUrl: baseUrl(req) });
    },
  );

  app.get(
    '/judge/packages/:sha256',
    {
      config: verifyLimit,
      schema: {
        tags: ['evidence'],
        security: [],
        summary: "Verify again a package this server verified (the certificate's QR code leads here)",
        description:
          "Re-runs the verification of a package kept in memory (the 200 most recently verified) against this server's trust bundle, " +
          'or the uploaded one `trust` names (its trustBundleHash), and shows the result page; JSON when asked with Accept: application/json. ' +
          'Document files are never kept, so none is checked again. 404 when this server does not hold the package, or not with that bundle ' +
          '(never verified here, evicted, or the server restarted).',
        params: Type.Object({ sha256: Type.String({ pattern: '^[0-9a-f]{64}$' }) }),
        querystring: Type.Object(
          {
            trust: Type.Optional(
              Type.String({ pattern: '^[0-9a-f]{64}$', description: 'trustBundleHash of an uploaded bundle the package was verified against' }),
            ),
          },
          { additionalProperties: false },
        ),
      },
    },
    // eslint-disable-next-line complexity -- GET of a kept package: not held or held for another bundle (404), verified again; JSON or HTML each
    async (req, reply) => {
      const stored = store.get(req.params.sha256);
      const trust = req.query.trust;
      const uploadedBundle = trust && trust !== opts.trust?.hash ? stored?.bundles.get(trust) : undefined;
      if (!stored || (trust && trust !== opts.trust?.hash && !uploadedBundle)) {
        const message =
          `this server does not hold the evidence package ${req.params.sha256}${stored ? ` verified against the trust bundle ${trust}` : ''}: ` +
          'it keeps the most recently verified packages in memory only (never verified here, evicted, or the server restarted); upload the package ' +
          'file on /judge to verify it';
        if (wantsJson(req)) return reply.code(404).send({ error: { code: 'NOT_FOUND', message } });
        return reply
          .code(404)
          .type('text/html; charset=utf-8')
          .send(judgePage({ ownBundle, notFound: { sha256: req.params.sha256, message } }));
      }
      const answer = await judged(reply, { source: 'kept', json: stored.json, uploadedBundle, baseUrl: baseUrl(req) });
      if (wantsJson(req)) return reply.send(answer);
      return reply.type('text/html; charset=utf-8').send(judgePage({ ownBundle, answer }));
    },
  );

  app.get(
    '/judge/fresh/:kind/:id',
    {
      schema: {
        tags: ['evidence'],
        security: [],
        summary: "A fresh evidence package of a subject this server verified a package of (read-only, exported as the court's judge)",
        description:
          "Offered by the judge's page when the ledger holds writes newer than a package's as-of block. Only for a subject of which a " +
          "package anchored in this server's own trust bundle was verified here (and is still kept); 404 otherwise. Writes nothing.",
        params: Type.Object({ kind: Type.Union([Type.Literal('contract'), Type.Literal('dispute')]), id: Type.String({ minLength: 1, maxLength: 128 }) }),
      },
    },
    async (req, reply) => {
      const { kind, id } = req.params;
      if (!opts.reader) throw new ApiError(503, 'NO_LEDGER_READER', 'this server has no court identity to export packages with');
      if (!store.hasOwnSubject(kind, id)) {
        throw new ApiError(
          404,
          'NOT_FOUND',
          `no package of ${kind} ${id} anchored in this court's trust bundle was verified on this server recently; verify one on /judge first`,
        );
      }
      const { mspId, identity } = opts.reader;
      const pkg = kind === 'dispute' ? await app.evidence.exportDispute(mspId, identity, id) : await app.evidence.exportContract(mspId, identity, id);
      reply.header('content-disposition', `attachment; filename="evidence-${kind}-${id.replace(/[^\w.-]/g, '_')}.json"`);
      return reply.type('application/json; charset=utf-8').send(JSON.stringify(pkg));
    },
  );
}
