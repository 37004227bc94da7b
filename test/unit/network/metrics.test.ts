import { metricValue } from '../../../network/native/metrics';

describe("reading a per-channel gauge from a node's metrics (e.g. an orderer's Raft leadership)", () => {
  const metrics = (value: number, channel = 'notary') =>
    [
      '# TYPE consensus_etcdraft_is_leader gauge',
      `consensus_etcdraft_is_leader{channel="${channel}"} ${value}`,
      'consensus_etcdraft_cluster_size{channel="notary"} 3',
    ].join('\n');
  const leads = (text: string) => metricValue(text, 'consensus_etcdraft_is_leader', 'notary') === 1;

  it('answers true only for the leader of that channel', () => {
    expect(leads(metrics(1))).toBe(true);
    expect(leads(metrics(0))).toBe(false);
    expect(leads(metrics(1, 'other'))).toBe(false);
    expect(leads('')).toBe(false);
  });

  it('reads the value of the named gauge only', () => {
    expect(metricValue(metrics(1), 'consensus_etcdraft_cluster_size', 'notary')).toBe(3);
    expect(metricValue(metrics(1), 'gossip_membership_total_peers_known', 'notary')).toBeUndefined();
  });
});
