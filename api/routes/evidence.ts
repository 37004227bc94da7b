// Evidence export: everything recorded about a contract or a dispute, with the
// transaction and block of every write. (The self-verifying package, with
// blocks, signatures and channel configuration, extends this shape.)
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { NotaryClient } from '../client/notary-client';
import { authenticated } from '../plugins/auth';
import { OwnedId, read, Record_ } from '../schemas/common';

/** A qualified ID's ':' is not allowed in file names on every system. */
const fileSafe = (id: string): string => id.replace(/:/g, '_');

export const EVIDENCE_FORMAT = 'notary-evidence/1' as const;

const Evidence = Type.Object({
  format: Type.Literal(EVIDENCE_FORMAT),
  kind: Type.Union([Type.Literal('contract'), Type.Literal('dispute')]),
  subject: Type.String(),
  exportedAt: Type.String(),
  channel: Type.String(),
  records: Record_,
  transactions: Type.Array(Type.Object({ txId: Type.String(), blockNumber: Type.String(), validationCode: Type.String() })),
});

export default async function evidenceRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  /** Block number and validation code of every transaction that wrote the records. */
  async function transactionsOf(notary: NotaryClient, txIds: string[]) {
    const out = [];
    for (const txId of [...new Set(txIds)]) {
      const s = await notary.transactionStatus(txId);
      if (s) out.push({ txId, blockNumber: s.blockNumber, validationCode: s.validationCode });
    }
    return out.sort((a, b) => Number(BigInt(a.blockNumber) - BigInt(b.blockNumber)));
  }

  app.get(
    '/evidence/contracts/:contractId',
    {
      schema: {
        tags: ['evidence'],
        summary: 'Evidence of a contract: versions, arrears, disputes, with every writing transaction and its block',
        params: Type.Object({ contractId: OwnedId }),
        response: read(Evidence),
      },
    },
    async (req) => {
      const notary = req.notary;
      const history = await notary.contractHistory(req.params.contractId);
      const arrears = await notary.arrearsOfContract(req.params.contractId);
      return {
        format: EVIDENCE_FORMAT,
        kind: 'contract' as const,
        subject: history.contract.contractId,
        exportedAt: new Date().toISOString(),
        channel: notary.channel,
        records: { history, arrears },
        transactions: await transactionsOf(
          notary,
          (history.writes ?? []).map((w) => w.txId),
        ),
      };
    },
  );

  app.get(
    '/evidence/disputes/:disputeId',
    {
      schema: {
        tags: ['evidence'],
        summary: 'Evidence of a dispute: its contract, every transition, letters and receipts, with every writing transaction and its block',
        params: Type.Object({ disputeId: OwnedId }),
        response: read(Evidence),
      },
    },
    async (req) => {
      const notary = req.notary;
      const dispute = await notary.disputeHistory(req.params.disputeId);
      const contract = await notary.contractHistory(dispute.dispute.contractId);
      const letters = await notary.lettersOfDispute(dispute.dispute.disputeId);
      const txIds = [
        ...(dispute.writes ?? []).map((w) => w.txId),
        ...(contract.writes ?? []).map((w) => w.txId),
        ...letters.letters.flatMap((l) => [l.letter.txId, ...l.receipts.map((r) => r.txId)]),
      ];
      return {
        format: EVIDENCE_FORMAT,
        kind: 'dispute' as const,
        subject: dispute.dispute.disputeId,
        exportedAt: new Date().toISOString(),
        channel: notary.channel,
        records: { dispute, contract, letters: letters.letters },
        transactions: await transactionsOf(notary, txIds),
      };
    },
  );

  const packageResponse = read(Type.Ref('EvidencePackage'));

  app.get(
    '/evidence/disputes/:disputeId/package',
    {
      schema: {
        tags: ['evidence'],
        summary: 'The self-verifying evidence package of a dispute (blocks, signatures, configuration history, attestations; complete as of a block)',
        description:
          "Format notary-evidence-package/2 (evidence/package.schema.json). Check it offline against the court's trust bundle with " +
          '`npm run verify -- PACKAGE.json --trust TRUST.json [--document FILE]...`, or on /judge, which also tells whether the ledger holds newer entries.',
        params: Type.Object({ disputeId: OwnedId }),
        response: packageResponse,
      },
    },
    async (req, reply) => {
      const c = authenticated(req);
      const pkg = await app.evidence.exportDispute(c.mspId, c.identity, req.params.disputeId);
      reply.header('content-disposition', `attachment; filename="evidence-dispute-${fileSafe(pkg.subject)}.json"`);
      return pkg;
    },
  );

  app.get(
    '/evidence/contracts/:contractId/package',
    {
      schema: {
        tags: ['evidence'],
        summary: 'The self-verifying evidence package of a contract (format notary-evidence-package/2; verify as for a dispute)',
        params: Type.Object({ contractId: OwnedId }),
        response: packageResponse,
      },
    },
    async (req, reply) => {
      const c = authenticated(req);
      const pkg = await app.evidence.exportContract(c.mspId, c.identity, req.params.contractId);
      reply.header('content-disposition', `attachment; filename="evidence-contract-${fileSafe(pkg.subject)}.json"`);
      return pkg;
    },
  );
}
