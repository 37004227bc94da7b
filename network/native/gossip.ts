// Gossip membership, read from each peer's operations metrics. A peer must know
// the other orgs' peers before it can disseminate private data to them (the
// court/bureau collection needs a court peer at endorsement) and before
// discovery plans endorsements across orgs; right after a start that takes
// seconds. network:up waits for complete membership, so the first write does not fail.
import { dialHost } from '../hosts';
import { allPeers, type Topology } from '../topology';
import { waitFor } from './health';
import { channelMetric } from './metrics';

/** Peers this peer's gossip knows on the channel, from its operations /metrics. */
export async function gossipPeersKnown(operationsPort: number, channel: string, host = '127.0.0.1'): Promise<number> {
  return (await channelMetric(host, operationsPort, 'gossip_membership_total_peers_known', channel)) ?? 0;
}

/** Waits until every peer's gossip knows every other peer of the channel. */
export async function waitGossipComplete(t: Topology, log: (m: string) => void, timeoutMs = 120_000): Promise<void> {
  const peers = allPeers(t);
  const started = Date.now();
  await waitFor(
    `every peer's gossip to know the other ${peers.length - 1} peers`,
    async () => {
      const known = await Promise.all(peers.map(({ org, peer }) => gossipPeersKnown(peer.operationsPort, t.channel, dialHost(org)).catch(() => 0)));
      return known.every((n) => n >= peers.length - 1) ? true : undefined;
    },
    { timeoutMs, intervalMs: 500 },
  );
  log(`every peer's gossip knows the other ${peers.length - 1} peers (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}
