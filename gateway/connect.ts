// Connections to the network described by .fabric/network.json: one TLS gRPC
// client per peer endpoint, a signer per identity, deadlines on every call.
import * as grpc from '@grpc/grpc-js';
import { connect, hash, signers, type Gateway, type Signer } from '@hyperledger/fabric-gateway';
import { createPrivateKey } from 'node:crypto';
import fs from 'node:fs';
import type { NetworkDescription, NetworkIdentity, NetworkOrg } from '../fabric/network-description';

export interface PeerEndpoint {
  name: string;
  url: string;
  /** host:port for gRPC. */
  address: string;
  tlsRootCert: Buffer;
  serverNameOverride: string;
}

interface ConnectionProfile {
  peers: Record<string, { url: string; tlsCACerts: { pem: string }; grpcOptions: Record<string, string> }>;
}

/** The peers listed in an org's connection profile. */
export function orgPeers(org: NetworkOrg): PeerEndpoint[] {
  const profile = JSON.parse(fs.readFileSync(org.connectionProfile, 'utf8')) as ConnectionProfile;
  return Object.entries(profile.peers).map(([name, p]) => ({
    name,
    url: p.url,
    address: p.url.replace(/^grpcs?:\/\//, ''),
    tlsRootCert: Buffer.from(p.tlsCACerts.pem),
    serverNameOverride: p.grpcOptions['ssl-target-name-override'] ?? name,
  }));
}

export function findOrg(desc: NetworkDescription, mspId: string): NetworkOrg {
  const org = desc.orgs.find((o) => o.mspId === mspId);
  if (!org) throw new Error(`no org ${mspId} in the network description`);
  return org;
}

export function findIdentity(org: NetworkOrg, name: string): NetworkIdentity {
  const id = org.identities.find((i) => i.name === name);
  if (!id) throw new Error(`no identity ${name} in ${org.mspId}`);
  return id;
}

export function newGrpcClient(peer: PeerEndpoint): grpc.Client {
  return new grpc.Client(peer.address, grpc.credentials.createSsl(peer.tlsRootCert), {
    'grpc.ssl_target_name_override': peer.serverNameOverride,
    // A peer that vanishes without closing the connection must fail streams, not hang them;
    // the interval stays above the peer's minimum (60 s) so it does not answer GOAWAY.
    'grpc.keepalive_time_ms': 120_000,
    'grpc.keepalive_timeout_ms': 20_000,
    // Blocks for evidence can exceed gRPC's 4 MB default; the peer's own limit is 100 MB.
    'grpc.max_receive_message_length': 100 * 1024 * 1024,
  });
}

export interface Deadlines {
  evaluateMs: number;
  endorseMs: number;
  submitMs: number;
  commitStatusMs: number;
}
export const DEFAULT_DEADLINES: Deadlines = { evaluateMs: 5_000, endorseMs: 15_000, submitMs: 5_000, commitStatusMs: 60_000 };

export function connectGateway(client: grpc.Client, mspId: string, id: NetworkIdentity, d: Deadlines = DEFAULT_DEADLINES): Gateway {
  const signer = signers.newPrivateKeySigner(createPrivateKey(fs.readFileSync(id.privateKey)));
  return connectAs(client, mspId, fs.readFileSync(id.certificate), signer, d);
}

/** A gateway for a certificate; without a signer the caller signs proposals and transactions itself. */
export function connectAs(client: grpc.Client, mspId: string, certificate: Uint8Array, signer: Signer | undefined, d: Deadlines = DEFAULT_DEADLINES): Gateway {
  const at = (ms: number) => () => ({ deadline: Date.now() + ms });
  return connect({
    client,
    identity: { mspId, credentials: certificate },
    ...(signer ? { signer } : {}),
    hash: hash.sha256,
    evaluateOptions: at(d.evaluateMs),
    endorseOptions: at(d.endorseMs),
    submitOptions: at(d.submitMs),
    commitStatusOptions: at(d.commitStatusMs),
  });
}
