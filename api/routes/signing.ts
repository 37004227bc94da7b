// Non-custodial submission: the client holds its key. It asks for a proposal
// for its certificate, signs the digest, gets the endorsed transaction's
// digest, signs it, and submits. The API never sees the private key.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { gateway } from '@hyperledger/fabric-protos';
import { X509Certificate } from 'node:crypto';
import { Type } from 'typebox';
import { BuiltProposals } from '../built-proposals';
import { ApiError } from '../errors';
import { orgPeers } from '../../gateway/connect';
import { authenticated } from '../plugins/auth';
import { created } from '../reply';
import { OneOf, read, Record_, written } from '../schemas/common';

const Base64 = Type.String({ pattern: '^[A-Za-z0-9+/]+={0,2}$', maxLength: 8 * 1024 * 1024 });
const CONTRACTS = ['Contracts', 'Arrears', 'Disputes', 'Letters'] as const;

export default async function signingRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  /** Step 2 endorses only proposals step 1 built, so the channel-header timestamp is always this server's. */
  const builtProposals = new BuiltProposals();

  /** The certificate must be issued by the caller's org CA; the chaincode then authorises its attributes. */
  function certificateOf(callerMsp: string, pem: string): string {
    let cert: X509Certificate;
    try {
      cert = new X509Certificate(pem);
    } catch {
      throw new ApiError(400, 'INVALID_ARGUMENT', 'certificate is not a PEM X.509 certificate', { field: 'body/certificate' });
    }
    const org = app.ledger.ledger.description.orgs.find((o) => o.mspId === callerMsp);
    const issuers = org ? orgPeers(org).map((p) => new X509Certificate(p.tlsRootCert)) : [];
    if (!issuers.some((ca) => cert.checkIssued(ca) && cert.verify(ca.publicKey))) {
      throw new ApiError(403, 'FORBIDDEN', `certificate is not issued by ${callerMsp}'s CA`, { field: 'body/certificate' });
    }
    return pem;
  }

  /** The client's bytes must be what steps 1 and 2 handed out; anything else is its mistake (400), not the ledger's. */
  function decoded(base64: string, field: 'proposal' | 'transaction'): Buffer {
    const bytes = Buffer.from(base64, 'base64');
    try {
      const message = field === 'proposal' ? gateway.ProposedTransaction.deserializeBinary(bytes) : gateway.PreparedTransaction.deserializeBinary(bytes);
      if (!message.getTransactionId()) throw new Error('no transaction ID');
    } catch {
      throw new ApiError(400, 'INVALID_ARGUMENT', `${field} is not a ${field} returned by the previous step`, { field: `body/${field}` });
    }
    return bytes;
  }

  /** A proposal step 1 did not hand out (or handed out too long ago) is the client's mistake: 400, nothing endorsed. */
  function builtHere(bytes: Buffer): Buffer {
    const txId = gateway.ProposedTransaction.deserializeBinary(bytes).getTransactionId();
    if (!builtProposals.built(txId, bytes)) {
      throw new ApiError(
        400,
        'INVALID_ARGUMENT',
        `proposal ${txId} was not built by this server or has expired (proposals from POST /v1/signing/proposals are kept ` +
          `${builtProposals.ttlMs / 1000} s); ask for a new one`,
        { field: 'body/proposal' },
      );
    }
    return bytes;
  }

  app.post(
    '/signing/proposals',
    {
      schema: {
        tags: ['signing'],
        summary: 'Step 1: a proposal for your certificate; sign `digest` (SHA-256 of the proposal) with your key',
        body: Type.Object(
          {
            certificate: Type.String({ minLength: 100, maxLength: 16_384, description: "PEM certificate issued by your org's CA" }),
            contract: OneOf(CONTRACTS),
            fn: Type.String({ pattern: '^[A-Za-z]{1,64}$' }),
            args: Type.Array(Type.String({ maxLength: 4 * 1024 * 1024 }), { maxItems: 8 }),
          },
          { additionalProperties: false },
        ),
        response: read(Type.Object({ txId: Type.String(), proposal: Base64, digest: Base64 })),
      },
    },
    async (req) => {
      const c = authenticated(req);
      const p = await app.ledger.ledger.prepare(c.mspId, certificateOf(c.mspId, req.body.certificate), {
        contract: req.body.contract,
        fn: req.body.fn,
        args: req.body.args,
      });
      builtProposals.remember(p.txId, p.proposal);
      return { txId: p.txId, proposal: Buffer.from(p.proposal).toString('base64'), digest: Buffer.from(p.digest).toString('base64') };
    },
  );

  app.post(
    '/signing/endorsements',
    {
      schema: {
        tags: ['signing'],
        summary: 'Step 2: endorse your signed proposal; sign the returned transaction `digest`',
        body: Type.Object(
          { certificate: Type.String({ minLength: 100, maxLength: 16_384 }), proposal: Base64, signature: Base64 },
          { additionalProperties: false },
        ),
        response: read(Type.Object({ txId: Type.String(), transaction: Base64, digest: Base64 })),
      },
    },
    async (req) => {
      const c = authenticated(req);
      const e = await app.ledger.ledger.endorseSigned(
        c.mspId,
        certificateOf(c.mspId, req.body.certificate),
        builtHere(decoded(req.body.proposal, 'proposal')),
        Buffer.from(req.body.signature, 'base64'),
      );
      return { txId: e.txId, transaction: Buffer.from(e.transaction).toString('base64'), digest: Buffer.from(e.digest).toString('base64') };
    },
  );

  app.post(
    '/signing/transactions',
    {
      schema: {
        tags: ['signing'],
        summary: 'Step 3: submit your signed transaction and wait for its commit',
        body: Type.Object(
          { certificate: Type.String({ minLength: 100, maxLength: 16_384 }), transaction: Base64, signature: Base64 },
          { additionalProperties: false },
        ),
        response: written(Type.Object({ result: Record_ })),
      },
    },
    async (req, reply) => {
      const c = authenticated(req);
      const out = await app.ledger.ledger.submitSigned<Record<string, unknown>>(
        c.mspId,
        certificateOf(c.mspId, req.body.certificate),
        decoded(req.body.transaction, 'transaction'),
        Buffer.from(req.body.signature, 'base64'),
      );
      return created(reply, out, { result: out.result });
    },
  );
}
