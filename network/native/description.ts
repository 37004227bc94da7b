// .fabric/network.json and one common connection profile per org: everything
// a Fabric client (ours, the peer CLI, Caliper) needs to reach the network.
import fs from 'node:fs';
import path from 'node:path';
import { caHost, ordererHost, peerHost, type OrgSpec, type Topology } from '../topology';
import type { NetworkDescription } from '../description';
import { dialHost } from '../hosts';
import { layout, NETWORK_JSON, STATE_DIR } from './paths';

const pem = (file: string) => fs.readFileSync(file, 'utf8');

/** Fabric common connection profile (fabric-samples' format) of one org. */
export function connectionProfile(org: OrgSpec): Record<string, unknown> {
  const caPem = pem(layout.caCert(org));
  return {
    name: `notary-${org.key}`,
    version: '1.0.0',
    client: { organization: org.mspId, connection: { timeout: { peer: { endorser: '300' } } } },
    organizations: {
      [org.mspId]: {
        mspid: org.mspId,
        peers: org.peers.map((p) => peerHost(org, p)),
        certificateAuthorities: [caHost(org)],
      },
    },
    peers: Object.fromEntries(
      org.peers.map((p) => [
        peerHost(org, p),
        {
          url: `grpcs://${dialHost(org)}:${p.port}`,
          tlsCACerts: { pem: caPem },
          grpcOptions: { 'ssl-target-name-override': peerHost(org, p), hostnameOverride: peerHost(org, p) },
        },
      ]),
    ),
    certificateAuthorities: {
      [caHost(org)]: {
        url: `https://${dialHost(org)}:${org.ca.port}`,
        caName: `ca-${org.key}`,
        tlsCACerts: { pem: [caPem] },
        httpOptions: { verify: false },
      },
    },
  };
}

export function describeNetwork(t: Topology): NetworkDescription {
  const profilesDir = path.join(STATE_DIR, 'profiles');
  fs.mkdirSync(profilesDir, { recursive: true });
  const orgs = t.orgs.map((org) => {
    const file = path.join(profilesDir, `${org.key}.json`);
    fs.writeFileSync(file, JSON.stringify(connectionProfile(org), null, 2));
    return {
      mspId: org.mspId,
      name: org.displayName,
      connectionProfile: file,
      identities: org.identities.map((id) => {
        const msp = layout.user(org, id).msp;
        return { name: id.name, role: id.role, attributes: id.attributes, certificate: msp.cert, privateKey: msp.key };
      }),
    };
  });
  const orderers = t.orgs.flatMap((org) =>
    org.orderer
      ? [{ name: ordererHost(org, org.orderer), mspId: org.mspId, endpoint: `${dialHost(org)}:${org.orderer.port}`, tlsCACert: layout.caCert(org) }]
      : [],
  );
  return { channel: t.channel, chaincode: t.chaincode.name, orgs, orderers };
}

export function writeNetworkDescription(t: Topology): string {
  fs.writeFileSync(NETWORK_JSON, JSON.stringify(describeNetwork(t), null, 2));
  return NETWORK_JSON;
}
