// Which Fabric identities this API process may sign with: the client
// identities its key store serves (of one org when NOTARY_ORG is set), never an
// org admin. The gateway is given a network description reduced to those, so
// no other identity's key path is ever known to the process; every org's peers
// stay listed, because endorsement and attestation reach them through our
// org's gateway peer.
import type { NetworkDescription } from '../fabric/network-description';
import { isOrgAdmin, type ApiClient } from './auth';

/** The key store's clients this instance serves: all, or those of `org` (an MSP ID). */
export function servedClients(clients: readonly ApiClient[], org: string | undefined): ApiClient[] {
  return org === undefined ? [...clients] : clients.filter((c) => c.mspId === org);
}

/**
 * `desc` with each org's identities cut down to the served clients. Throws when
 * `org` is not an org of the network or nothing is left to serve.
 */
export function servedDescription(desc: NetworkDescription, clients: readonly ApiClient[], org: string | undefined): NetworkDescription {
  if (org !== undefined && !desc.orgs.some((o) => o.mspId === org)) {
    throw new Error(`NOTARY_ORG=${org} is not an organisation of channel ${desc.channel}: ${desc.orgs.map((o) => o.mspId).join(', ')}`);
  }
  const served = new Set(servedClients(clients, org).map((c) => `${c.mspId}/${c.identity}`));
  const orgs = desc.orgs.map((o) => ({
    ...o,
    identities: o.identities.filter((i) => !isOrgAdmin({ role: i.role, identity: i.name }) && served.has(`${o.mspId}/${i.name}`)),
  }));
  if (orgs.every((o) => o.identities.length === 0)) {
    throw new Error(`no client identity to serve${org === undefined ? '' : ` for ${org}`}: the key store maps none of the network's client identities`);
  }
  return { ...desc, orgs };
}
