// Each org's deploy/<org>/compose.yml against the native network's node
// settings: the same services, ports, variables and MSP IDs, file by file.
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { ConfigSchema } from '../../../api/config';
import { apiHost } from '../../../network/compose/api-service';
import { composeFilePath } from '../../../network/compose/mounts';
import { orgComposeYaml } from '../../../network/compose/org-file';
import { Layout } from '../../../network/layout';
import { caNodes, chaincodeNodes, nativePlacement, ordererNodes, peerNodes } from '../../../network/nodes';
import { foundingTopology } from '../../../network/topology';

const REPO = path.join(__dirname, '..', '..', '..');
const t = foundingTopology({});
const native = nativePlacement(new Layout('/state'), '/builder');
const nativeNodes = [...caNodes(t, native), ...ordererNodes(t, native), ...peerNodes(t, native), ...chaincodeNodes(t, native, 'pkg')];

/** Values that name no file and no address are placement-independent and must be equal. */
const placementFree = (v: string) => !v.includes('/') && !/localhost|notary\.local|127\.0\.0\.1|0\.0\.0\.0/.test(v);

type Service = { environment: Record<string, string>; ports: string[]; image: string };

describe.each(t.orgs.map((org) => [org.key, org] as const))('deploy/%s/compose.yml', (_key, org) => {
  const doc = parse(orgComposeYaml(t, org)) as { services: Record<string, Service> };
  const own = nativeNodes.filter((n) => n.org.key === org.key);

  it("has one service per native process of the org, plus the org's API", () => {
    expect(Object.keys(doc.services).sort()).toEqual([...own.map((n) => n.host), apiHost(org)].sort());
  });

  it('publishes the native ports on the host, so other machines reach them', () => {
    for (const n of own) expect([n.host, doc.services[n.host]!.ports]).toEqual([n.host, n.ports.map((p) => `${p}:${p}`)]);
  });

  it('sets the same variables, with equal values wherever no path or address is involved', () => {
    for (const n of own) {
      const env = doc.services[n.host]!.environment;
      for (const [k, v] of Object.entries(n.env)) {
        expect(env).toHaveProperty([k]);
        if (placementFree(v) && k !== 'CORE_CHAINCODE_ID') expect([n.host, k, env[k]]).toEqual([n.host, k, v]);
      }
    }
  });

  it('gives every node the org MSP ID', () => {
    for (const n of own.filter((x) => x.kind !== 'ca')) {
      const env = doc.services[n.host]!.environment;
      expect([n.host, env.CORE_PEER_LOCALMSPID ?? env.ORDERER_GENERAL_LOCALMSPID]).toEqual([n.host, org.mspId]);
    }
  });

  it("runs the API for the org's clients only, with variables the API's configuration knows", () => {
    const env = doc.services[apiHost(org)]!.environment;
    expect(env.NOTARY_ORG).toBe(org.mspId);
    const known = Object.keys(ConfigSchema.properties);
    expect(Object.keys(env).filter((k) => k !== 'NODE_ENV' && !known.includes(k))).toEqual([]);
  });

  it('uses the official images at the pinned versions, and our chaincode and API images', () => {
    const images = new Set(Object.values(doc.services).map((s) => s.image));
    const expected = ['hyperledger/fabric-ca:1.5.22', 'hyperledger/fabric-peer:2.5.9', 'notary-chaincode:latest', 'notary-api:latest'];
    expect(images).toEqual(new Set(org.orderer ? [...expected, 'hyperledger/fabric-orderer:2.5.9'] : expected));
  });

  it('is committed as generated', () => {
    expect(fs.readFileSync(path.join(REPO, composeFilePath(org)), 'utf8')).toBe(orgComposeYaml(t, org));
  });
});

it('deploy/ holds a folder for each founding org and nothing else', () => {
  const folders = fs.readdirSync(path.join(REPO, 'deploy'), { withFileTypes: true });
  expect(folders.map((d) => [d.name, d.isDirectory()]).sort()).toEqual(t.orgs.map((o) => [o.key, true]).sort());
});
