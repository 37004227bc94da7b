// The property company a caller acts for: the `companyId` attribute of its identity's certificate, as the
// network description lists it. The chaincode reads the same attribute from the certificate itself.
import type { FastifyRequest } from 'fastify';
import { authenticated } from './plugins/auth';

export function callerCompanyId(req: FastifyRequest): string | undefined {
  const caller = authenticated(req);
  const org = req.server.ledger.ledger.description.orgs.find((o) => o.mspId === caller.mspId);
  const companyId = org?.identities.find((i) => i.name === caller.identity)?.attributes.companyId;
  return companyId || undefined;
}
