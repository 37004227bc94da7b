// Who the presented API key belongs to. The screens under /ui/ ask this before
// showing a page, so a page is offered only to its roles; the ledger still
// decides every read and write on its own.
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { callerCompanyId } from '../caller-company';
import { authenticated } from '../plugins/auth';
import { read } from '../schemas/common';

export const Me = Type.Object(
  {
    clientId: Type.String(),
    mspId: Type.String(),
    role: Type.String({ description: 'the role attribute of the Fabric identity the key acts as' }),
    companyId: Type.Optional(Type.String({ description: "a property company's USCC (统一社会信用代码), from its certificate attributes" })),
  },
  { additionalProperties: false },
);

export default async function meRoutes(fastify: FastifyInstance): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/me',
    {
      schema: {
        tags: ['queries'],
        summary: 'The client the API key belongs to: client ID, organisation, role (and company ID for a property company)',
        response: read(Me),
      },
    },
    async (req) => {
      const caller = authenticated(req);
      const companyId = callerCompanyId(req);
      return { clientId: caller.clientId, mspId: caller.mspId, role: caller.role, ...(companyId ? { companyId } : {}) };
    },
  );
}
