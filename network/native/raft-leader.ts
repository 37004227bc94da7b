// A channel takes writes once its Raft cluster has a leader. Right after the
// orderers (re)start, an election is still under way, and a broadcast then
// answers SERVICE_UNAVAILABLE ("no orderers could successfully process
// transaction" at the client). network:up waits for a leader here, read from
// the orderers' operations metrics, so whoever writes next does not have to.
import { dialHost } from '../hosts';
import { allOrderers, type Topology } from '../topology';
import { waitFor } from './health';
import { channelMetric } from './metrics';

/** Waits until one orderer leads the channel; answers its node ID. */
export async function waitRaftLeader(t: Topology, log: (m: string) => void, timeoutMs = 60_000): Promise<string> {
  const leader = await waitFor(
    `a Raft leader of channel ${t.channel}`,
    async () => {
      for (const { org, orderer, id } of allOrderers(t)) {
        const leads = await channelMetric(dialHost(org), orderer.operationsPort, 'consensus_etcdraft_is_leader', t.channel).catch(() => undefined);
        if (leads === 1) return id;
      }
      return undefined;
    },
    { timeoutMs, intervalMs: 250 },
  );
  log(`${leader} leads channel ${t.channel}'s Raft cluster`);
  return leader;
}
