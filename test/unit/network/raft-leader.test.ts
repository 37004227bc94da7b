import { leadsChannel } from '../../../network/native/raft-leader';

describe("reading an orderer's Raft leadership from its metrics", () => {
  const metrics = (value: number, channel = 'notary') =>
    [
      '# TYPE consensus_etcdraft_is_leader gauge',
      `consensus_etcdraft_is_leader{channel="${channel}"} ${value}`,
      'consensus_etcdraft_cluster_size{channel="notary"} 3',
    ].join('\n');

  it('answers true only for the leader of that channel', () => {
    expect(leadsChannel(metrics(1), 'notary')).toBe(true);
    expect(leadsChannel(metrics(0), 'notary')).toBe(false);
    expect(leadsChannel(metrics(1, 'other'), 'notary')).toBe(false);
    expect(leadsChannel('', 'notary')).toBe(false);
  });
});
