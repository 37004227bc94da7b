// Other orgs' nodes run on other machines: this org's peers, orderer and API
// reach them by host name (the name their TLS certificates carry), resolved
// through extra_hosts to the address the operator sets for each org's machine.
import { ordererHost, peerHost, type OrgSpec, type Topology } from '../topology';
import { requiredVar } from './variables';

/** Variable (in deploy/<org>/.env) holding the address of `org`'s machine. */
export const hostAddressVar = (org: OrgSpec) => `${org.key.toUpperCase()}_HOST_IP`;

/** Host names of an org's peers and orderer: what other orgs' nodes dial. */
export const reachableHosts = (org: OrgSpec): string[] => [...org.peers.map((p) => peerHost(org, p)), ...(org.orderer ? [ordererHost(org, org.orderer)] : [])];

/** extra_hosts entries for every other org's peers and orderer; compose refuses to start while an address is unset. */
export function remoteHosts(t: Topology, org: OrgSpec): string[] {
  return t.orgs
    .filter((o) => o.key !== org.key)
    .flatMap((o) => reachableHosts(o).map((h) => `${h}:${requiredVar(hostAddressVar(o), `set to the address of ${o.key}'s machine`)}`));
}
