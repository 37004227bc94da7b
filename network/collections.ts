// The chaincode's collection configuration (peer CLI --collections-config
// format), derived from the topology.
import type { Topology } from './topology';

export function collectionsConfig(t: Topology) {
  return t.chaincode.collections.map((c) => ({
    name: c.name,
    policy: `OR(${c.members.map((m) => `'${m}.member'`).join(', ')})`,
    requiredPeerCount: c.requiredPeerCount,
    maxPeerCount: c.maxPeerCount,
    blockToLive: c.blockToLive,
    memberOnlyRead: c.memberOnlyRead,
    memberOnlyWrite: c.memberOnlyWrite,
    endorsementPolicy: { signaturePolicy: c.endorsementPolicy },
  }));
}
