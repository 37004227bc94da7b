// A channel takes writes once its Raft cluster has a leader. Right after the
// orderers (re)start, an election is still under way, and a broadcast then
// answers SERVICE_UNAVAILABLE ("no orderers could successfully process
// transaction" at the client). network:up waits for a leader here, read from
// the orderers' operations metrics, so whoever writes next does not have to.
import { dialHost } from '../hosts';
import { allOrderers, type Topology } from '../topology';
import { waitFor } from './health';

/** Whether an orderer's /metrics text says it leads `channel`'s Raft cluster. */
export function leadsChannel(metrics: string, channel: string): boolean {
  return new RegExp(`^consensus_etcdraft_is_leader\\{channel="${channel}"\\} 1$`, 'm').test(metrics);
}

/** Waits until one orderer leads the channel; answers its node ID. */
export async function waitRaftLeader(t: Topology, log: (m: string) => void, timeoutMs = 60_000): Promise<string> {
  const leader = await waitFor(
    `a Raft leader of channel ${t.channel}`,
    async () => {
      for (const { org, orderer, id } of allOrderers(t)) {
        const res = await fetch(`http://${dialHost(org)}:${orderer.operationsPort}/metrics`).catch(() => undefined);
        if (res?.ok && leadsChannel(await res.text(), t.channel)) return id;
      }
      return undefined;
    },
    { timeoutMs, intervalMs: 250 },
  );
  log(`${leader} leads channel ${t.channel}'s Raft cluster`);
  return leader;
}
