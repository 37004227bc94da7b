import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { composeServices, composeYaml } from '../../../network/compose';
import { configtx } from '../../../network/configtx';
import { Layout } from '../../../network/layout';
import { caNodes, chaincodeNodes, composePlacement, nativePlacement, ordererNodes, peerNodes } from '../../../network/nodes';
import { foundingTopology } from '../../../network/topology';

const t = foundingTopology({});
const native = nativePlacement(new Layout('/state'), '/builder');
const nativeNodes = [...caNodes(t, native), ...ordererNodes(t, native), ...peerNodes(t, native), ...chaincodeNodes(t, native, 'pkg')];

/** Values that name no file and no address are placement-independent and must be equal. */
const placementFree = (v: string) => !v.includes('/') && !/localhost|notary\.local|127\.0\.0\.1|0\.0\.0\.0/.test(v);

describe('docker-compose.yml derived from the topology', () => {
  const doc = parse(composeYaml(t)) as { services: Record<string, { environment: Record<string, string>; ports: string[]; image: string }> };

  it('has one service per native process, with the same ports', () => {
    expect(Object.keys(doc.services).sort()).toEqual(nativeNodes.map((n) => n.host).sort());
    for (const n of nativeNodes) {
      expect(doc.services[n.host]!.ports).toEqual(n.ports.map((p) => `${p}:${p}`));
    }
  });

  it('sets the same variables, with equal values wherever no path or address is involved', () => {
    for (const n of nativeNodes) {
      const env = doc.services[n.host]!.environment;
      for (const [k, v] of Object.entries(n.env)) {
        expect(env).toHaveProperty([k]);
        if (placementFree(v) && k !== 'CORE_CHAINCODE_ID') expect([n.host, k, env[k]]).toEqual([n.host, k, v]);
      }
    }
  });

  it('gives every node its org MSP ID', () => {
    for (const n of nativeNodes) {
      const env = doc.services[n.host]!.environment;
      const msp = env.CORE_PEER_LOCALMSPID ?? env.ORDERER_GENERAL_LOCALMSPID;
      if (n.kind !== 'ca') expect(msp).toBe(n.org.mspId);
    }
  });

  it('uses the official images at the pinned versions', () => {
    const images = new Set(Object.values(composeServices(t)).map((s) => s.image));
    expect(images).toEqual(
      new Set(['hyperledger/fabric-ca:1.5.22', 'hyperledger/fabric-orderer:2.5.9', 'hyperledger/fabric-peer:2.5.9', 'notary-chaincode:latest']),
    );
  });

  it('is committed as generated', () => {
    const committed = fs.readFileSync(path.join(__dirname, '..', '..', '..', 'docker-compose.yml'), 'utf8');
    expect(committed).toBe(composeYaml(t));
  });
});

describe('channel configuration for both placements', () => {
  type Org = { ID: string; Policies: unknown; AnchorPeers: { Port: number }[]; OrdererEndpoints?: string[] };
  type Profile = {
    Orderer: { Organizations: Org[]; Policies: unknown; EtcdRaft: { Consenters: { Port: number }[] } };
    Application: { Organizations: Org[]; Policies: unknown };
  };
  const profile = (pl: typeof native) => Object.values(configtx(t, pl).Profiles as Record<string, Profile>)[0]!;
  const a = profile(native);
  const b = profile(composePlacement());

  it('has the same orgs, policies, consenter and anchor ports', () => {
    const shape = (p: Profile) => ({
      app: p.Application.Organizations.map((o) => ({ id: o.ID, policies: o.Policies, anchors: o.AnchorPeers.map((x) => x.Port) })),
      ord: p.Orderer.Organizations.map((o) => o.ID),
      appPolicies: p.Application.Policies,
      ordPolicies: p.Orderer.Policies,
      consenters: p.Orderer.EtcdRaft.Consenters.map((c) => c.Port),
    });
    expect(shape(b)).toEqual(shape(a));
    expect(a.Application.Organizations.map((o) => o.ID)).toEqual(t.orgs.map((o) => o.mspId));
    expect(a.Orderer.Organizations).toHaveLength(3);
  });

  it('requires a majority of the orgs to endorse', () => {
    expect(a.Application.Policies).toMatchObject({
      Endorsement: { Type: 'ImplicitMeta', Rule: 'MAJORITY Endorsement' },
      LifecycleEndorsement: { Type: 'ImplicitMeta', Rule: 'MAJORITY Endorsement' },
    });
  });
});
