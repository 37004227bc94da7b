// /healthz: the process answers. /readyz: a peer answers with the channel height.
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';

export default async function healthRoutes(app: FastifyInstance): Promise<void> {
  app.get('/healthz', { schema: { tags: ['operations'], security: [], response: { 200: Type.Object({ status: Type.Literal('ok') }) } } }, async () => ({
    status: 'ok' as const,
  }));

  app.get(
    '/readyz',
    {
      schema: {
        tags: ['operations'],
        security: [],
        response: {
          200: Type.Object({ status: Type.Literal('ready'), channel: Type.String(), height: Type.String() }),
          503: Type.Object({ status: Type.Literal('unavailable'), reason: Type.String() }),
        },
      },
    },
    async (_req, reply) => {
      const ledger = app.ledger.ledger;
      // An API serving one org (NOTARY_ORG) holds identities of that org only: ask through one it holds.
      const org = ledger.description.orgs.find((o) => o.identities.length > 0);
      if (!org) return reply.code(503).send({ status: 'unavailable' as const, reason: 'the API serves no client identity' });
      try {
        const height = await ledger.height(org.mspId, org.identities[0]!.name);
        return { status: 'ready' as const, channel: ledger.channel, height };
      } catch (e) {
        return reply.code(503).send({ status: 'unavailable' as const, reason: (e as Error).message });
      }
    },
  );
}
