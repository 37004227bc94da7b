// A node's Prometheus metrics on its operations endpoint: the one reader for
// per-channel gauges (Raft leadership, gossip membership, ledger height).

/** The value of `name{channel="<channel>"}` in a /metrics text, or undefined if absent. */
export function metricValue(text: string, name: string, channel: string): number | undefined {
  const m = new RegExp(`^${name}\\{channel="${channel}"\\} (\\d+(?:\\.\\d+)?)`, 'm').exec(text);
  return m ? Number(m[1]) : undefined;
}

/** Reads one per-channel metric from the operations endpoint at `host:port`. */
export async function channelMetric(host: string, port: number, name: string, channel: string, timeoutMs = 2000): Promise<number | undefined> {
  const res = await fetch(`http://${host}:${port}/metrics`, { signal: AbortSignal.timeout(timeoutMs) });
  return metricValue(await res.text(), name, channel);
}
