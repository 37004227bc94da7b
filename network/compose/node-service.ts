// One Fabric node (CA, peer, orderer) or chaincode server as a compose service,
// from the same node settings as the native process (network/nodes.ts).
import { composePlacement, type NodeSpec } from '../nodes';
import { bind, ownFolder, PUBLIC_MOUNTS, REPO_FROM_FILE } from './mounts';
import { requiredVar, plainVar } from './variables';

export const FABRIC_IMAGE_TAG = '2.5.9';
export const FABRIC_CA_IMAGE_TAG = '1.5.22';

const IMAGES: Record<NodeSpec['kind'], string> = {
  ca: `hyperledger/fabric-ca:${FABRIC_CA_IMAGE_TAG}`,
  orderer: `hyperledger/fabric-orderer:${FABRIC_IMAGE_TAG}`,
  peer: `hyperledger/fabric-peer:${FABRIC_IMAGE_TAG}`,
  chaincode: 'notary-chaincode:latest',
};

export interface ComposeService {
  image: string;
  build?: { context: string; dockerfile: string };
  container_name: string;
  hostname: string;
  environment: Record<string, string>;
  command?: string[];
  /** host:container, the same number: other machines dial the host's port. */
  ports: string[];
  volumes: string[];
  extra_hosts?: string[];
  networks: string[];
  restart: string;
}

export const caSecretVar = (n: NodeSpec) => `${n.org.key.toUpperCase()}_CA_ADMIN_SECRET`;

/** Named volume holding a peer's or orderer's ledger. */
export const dataVolume = (n: NodeSpec) => `${n.id}-data`;

function volumes(n: NodeSpec): string[] {
  const dataDir = composePlacement().layout.data(n.org, n.id);
  const v = [bind(ownFolder(n.org))];
  if (n.kind === 'peer' || n.kind === 'orderer') v.push(bind(PUBLIC_MOUNTS.config, true), `${dataVolume(n)}:${dataDir}`);
  if (n.kind === 'peer') v.push(bind(PUBLIC_MOUNTS.builder, true));
  return v;
}

const COMMANDS: Record<NodeSpec['kind'], (n: NodeSpec) => string[] | undefined> = {
  ca: (n) => ['sh', '-c', `fabric-ca-server start -b registrar:${plainVar(caSecretVar(n))}`],
  orderer: () => ['orderer'],
  peer: () => ['peer', 'node', 'start'],
  chaincode: () => undefined,
};

/** `remote`: extra_hosts for the other orgs' nodes, given to the nodes that dial them (peers and orderers). */
export function nodeService(n: NodeSpec, remote: string[]): ComposeService {
  const command = COMMANDS[n.kind](n);
  const dials = n.kind === 'peer' || n.kind === 'orderer';
  return {
    image: IMAGES[n.kind],
    ...(n.kind === 'chaincode' ? { build: { context: REPO_FROM_FILE, dockerfile: 'chaincode/Dockerfile' } } : {}),
    container_name: n.host,
    hostname: n.host,
    environment: n.kind === 'ca' ? { ...n.env, [caSecretVar(n)]: requiredVar(caSecretVar(n), 'set in .env') } : n.env,
    ...(command ? { command } : {}),
    ports: n.ports.map((p) => `${p}:${p}`),
    volumes: volumes(n),
    ...(dials && remote.length > 0 ? { extra_hosts: remote } : {}),
    networks: ['notary'],
    restart: 'unless-stopped',
  };
}
