// The judge's page and the public verification endpoint behind it. Verifying
// needs no account and touches no ledger: it runs the offline verifier (the
// same library as `npm run verify`) on what is uploaded.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { createHash } from 'node:crypto';
import QRCode from 'qrcode';
import { Type } from 'typebox';
import { canonicalJson } from '../../chaincode/src/domain';
import type { EvidencePackage } from '../../evidence/format';
import { timelineOf } from '../../evidence/timeline';
import { CHECK_TITLES_ZH, verifyPackage } from '../../evidence/verify';
import { blockHeaderHash } from '../../evidence/verify/hashes';
import { JUDGE_PAGE } from '../judge/page';
import { errorResponses } from '../schemas/common';

export const VERIFY_BODY_LIMIT = 64 * 1024 * 1024;

export default async function judgeRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get('/judge', { schema: { tags: ['evidence'], summary: "The judge's verification page (Chinese, English available)", security: [] } }, async (_req, reply) =>
    reply.type('text/html; charset=utf-8').send(JUDGE_PAGE));

  app.post('/verify', {
    bodyLimit: VERIFY_BODY_LIMIT,
    schema: {
      tags: ['evidence'], security: [],
      summary: 'Verify an evidence package offline (no account needed): every check, the timeline and certificate facts',
      body: Type.Object({
        package: Type.Ref('EvidencePackage'),
        documents: Type.Optional(Type.Array(Type.Object({ name: Type.String({ maxLength: 256 }), contentBase64: Type.String() }, { additionalProperties: false }), { maxItems: 32 })),
      }, { additionalProperties: false }),
      response: { 200: Type.Object({}, { additionalProperties: true }), ...errorResponses(400, 413) },
    },
  }, async (req) => {
    const pkg = req.body.package as unknown as EvidencePackage;
    const documents = (req.body.documents ?? []).map((d) => ({ name: d.name, bytes: Buffer.from(d.contentBase64, 'base64') }));
    const result = verifyPackage(pkg, { documents });
    const packageSha256 = createHash('sha256').update(canonicalJson(pkg)).digest('hex');
    const verifyUrl = `${req.protocol}://${req.host}/judge#package=${packageSha256}`;
    const newest = pkg.headers[pkg.headers.length - 1];
    const endorsers = [...new Set(result.facts.transactions.flatMap((t) => t.endorsingOrgs))].sort();
    return {
      ok: result.ok,
      checks: result.checks.map((c) => ({ ...c, titleZh: CHECK_TITLES_ZH[c.id] })),
      firstFailure: result.firstFailure ? { ...result.firstFailure, titleZh: CHECK_TITLES_ZH[result.firstFailure.id] } : undefined,
      timeline: timelineOf(pkg),
      facts: result.facts,
      certificate: {
        kind: pkg.kind, subject: pkg.subject, channel: pkg.channel,
        transactions: pkg.transactions.length, blocks: pkg.blocks.length,
        blockRange: pkg.blocks.length ? `${pkg.blocks[0]!.number}–${pkg.blocks[pkg.blocks.length - 1]!.number}` : '',
        endorsers,
        newestHeaderHash: newest ? `#${newest.number} ${blockHeaderHash({ number: BigInt(newest.number), previousHash: Buffer.from(newest.previousHash, 'hex'), dataHash: Buffer.from(newest.dataHash, 'hex') }).toString('hex')}` : '',
        packageSha256,
        documents: result.facts.providedDocuments.map((d) => `${d.name}: ${d.matched ? '✓' : '✗'} ${d.sha256.slice(0, 16)}…`),
        verifiedAt: new Date().toISOString(),
        verifyUrl,
        qrSvg: await QRCode.toString(verifyUrl, { type: 'svg', margin: 1 }),
      },
    };
  });
}
