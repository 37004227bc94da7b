import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { dialHost, endpointHost, hostsFileContent, listenAddress, parseHostPlan, placeOrgs, tlsHosts } from '../../../network/hosts';
import { Layout } from '../../../network/layout';
import { RANGE_QUERY_LIMIT } from '../../../chaincode/src/domain/range-query';
import { caNodes, nativePlacement, ORDERER_KEEPALIVE, ordererNodes, PEER_DELIVERY_RECOVERY, peerNodes } from '../../../network/nodes';
import { configtx } from '../../../network/configtx';
import { foundingTopology, loadTopology } from '../../../network/topology';

const plan = {
  court: { name: 'court.notary.test', address: '10.88.0.2', netns: 'nh-court' },
  lawfirmb: { name: 'lawfirmb.notary.test', address: '10.88.0.5' },
};
const pl = nativePlacement(new Layout('/state'), '/builder');

describe('host plan', () => {
  it('accepts valid hosts and refuses bad names, addresses, namespaces and shared hosts', () => {
    expect(parseHostPlan(plan)).toEqual(plan);
    expect(() => parseHostPlan({ court: { name: 'Court_Host', address: '10.88.0.2' } })).toThrow(/invalid name/);
    expect(() => parseHostPlan({ court: { name: 'court.test', address: '10.88.0.256' } })).toThrow(/invalid IPv4 address/);
    expect(() => parseHostPlan({ court: { name: 'court.test', address: '10.88.0.2', netns: 'a b' } })).toThrow(/invalid netns/);
    expect(() => parseHostPlan({ a: { name: 'a.test', address: '10.0.0.1' }, b: { name: 'b.test', address: '10.0.0.1' } })).toThrow(
      /share the host address 10.0.0.1/,
    );
    expect(() => parseHostPlan([])).toThrow(/object/);
  });

  it('keeps every org on loopback without a plan: listen 127.0.0.1, dial and announce localhost', () => {
    const t = foundingTopology({ FABRIC_STATE_DIR: '/nonexistent' });
    for (const org of t.orgs) {
      expect(org.host).toBeUndefined();
      expect([listenAddress(org), dialHost(org), endpointHost(org)]).toEqual(['127.0.0.1', 'localhost', 'localhost']);
    }
    const peer = peerNodes(t, pl)[0]!;
    expect(peer.env).toMatchObject({ CORE_PEER_LISTENADDRESS: '127.0.0.1:7051', CORE_PEER_GOSSIP_EXTERNALENDPOINT: 'localhost:7051' });
    expect(peer).toMatchObject({ dial: 'localhost' });
    expect(peer.netns).toBeUndefined();
  });

  it("puts a placed org's nodes on its host: listening on its address, announced by its name, in its namespace", () => {
    const t = foundingTopology({ FABRIC_STATE_DIR: '/nonexistent', FABRIC_PORT_OFFSET: '100' });
    t.orgs = placeOrgs(t.orgs, parseHostPlan(plan));
    const court = peerNodes(t, pl).find((n) => n.id === 'court-peer1')!;
    expect(court).toMatchObject({ dial: '10.88.0.2', netns: 'nh-court' });
    expect(court.env).toMatchObject({
      CORE_PEER_LISTENADDRESS: '10.88.0.2:7161',
      CORE_PEER_ADDRESS: 'court.notary.test:7161',
      CORE_PEER_GOSSIP_EXTERNALENDPOINT: 'court.notary.test:7161',
      CORE_PEER_GOSSIP_BOOTSTRAP: 'court.notary.test:7151',
      CORE_PEER_CHAINCODELISTENADDRESS: '10.88.0.2:7162',
      CORE_OPERATIONS_LISTENADDRESS: '10.88.0.2:7547',
      CCAAS_ADDRESS: 'court.notary.test:7199',
    });
    // A peer whose host was cut off notices the dead block stream and comes back within seconds, and orderers accept its pings.
    expect(court.env).toMatchObject(PEER_DELIVERY_RECOVERY);
    // The chaincode refuses a scan that reaches the peers' range limit (chaincode/src/ledger/state.ts), so every peer is set to it.
    expect(court.env.CORE_LEDGER_STATE_TOTALQUERYLIMIT).toBe(String(RANGE_QUERY_LIMIT));
    const orderer = ordererNodes(t, pl).find((n) => n.org.key === 'court')!;
    expect(orderer.env).toMatchObject(ORDERER_KEEPALIVE);
    expect(orderer.env).toMatchObject({ ORDERER_GENERAL_LISTENADDRESS: '10.88.0.2', ORDERER_ADMIN_LISTENADDRESS: '10.88.0.2:7153' });
    const ca = caNodes(t, pl).find((n) => n.org.key === 'lawfirmb')!;
    expect(ca.env.FABRIC_CA_SERVER_CSR_HOSTS).toBe('localhost,127.0.0.1,ca.lawfirmb.notary.local,lawfirmb.notary.test,10.88.0.5');
    expect(ca.netns).toBeUndefined();
    // An org not in the plan stays on loopback.
    expect(peerNodes(t, pl).find((n) => n.org.key === 'housingbureau')!.env.CORE_PEER_LISTENADDRESS).toBe('127.0.0.1:8151');
    // The channel configuration names hosts, never loopback, for placed orgs.
    const profile = (configtx(t, pl).Profiles as Record<string, { Orderer: { EtcdRaft: { Consenters: { Host: string }[] } } }>).NotaryChannel!;
    expect(profile.Orderer.EtcdRaft.Consenters.map((c) => c.Host)).toEqual(['court.notary.test', 'localhost', 'localhost']);
  });

  it('names the host and address in TLS certificates next to loopback', () => {
    const [court] = placeOrgs(foundingTopology({ FABRIC_STATE_DIR: '/nonexistent' }).orgs, parseHostPlan(plan));
    expect(tlsHosts(court!, 'peer0.court.notary.local')).toEqual(['localhost', '127.0.0.1', 'peer0.court.notary.local', 'court.notary.test', '10.88.0.2']);
  });

  it("writes a hosts file mapping each placed org's host and its nodes' names to its address", () => {
    const orgs = placeOrgs(foundingTopology({ FABRIC_STATE_DIR: '/nonexistent' }).orgs, parseHostPlan(plan));
    expect(hostsFileContent(orgs).split('\n')).toEqual([
      '127.0.0.1 localhost',
      '::1 localhost ip6-localhost ip6-loopback',
      '10.88.0.2 court.notary.test ca.court.notary.local peer0.court.notary.local peer1.court.notary.local ' +
        'orderer0.court.notary.local chaincode.court.notary.local',
      '10.88.0.5 lawfirmb.notary.test ca.lawfirmb.notary.local peer0.lawfirmb.notary.local chaincode.lawfirmb.notary.local',
      '',
    ]);
  });

  it("reads the plan from the state folder's hosts.json", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hosts-test-'));
    try {
      fs.writeFileSync(path.join(dir, 'hosts.json'), JSON.stringify(plan));
      const t = loadTopology({ FABRIC_STATE_DIR: dir });
      expect(t.orgs.map((o) => o.host?.address)).toEqual(['10.88.0.2', undefined, undefined, '10.88.0.5']);
      fs.writeFileSync(path.join(dir, 'hosts.json'), JSON.stringify({ court: { name: 'x', address: 'nope' } }));
      expect(() => loadTopology({ FABRIC_STATE_DIR: dir })).toThrow(/hosts\.json: host of court: invalid IPv4 address/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
