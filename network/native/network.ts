// The native network's lifecycle: up (idempotent), down, clean, status.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { caNodes, chaincodeServerHost, nativePlacement, ordererNodes, peerNodes, type NodeSpec } from '../nodes';
import type { Topology } from '../topology';
import { listenAddress } from '../hosts';
import { allPeers } from '../topology';
import { channelHeight, createGenesisBlock, joinOrderers, joinPeers } from './channel';
import { waitEndorsable } from './endorsable';
import { waitRaftLeader } from './raft-leader';
import { waitGossipComplete } from './gossip';
import { chaincodeServerIds, deployChaincode, recordedDeployment } from './chaincode';
import { writeNetworkDescription } from './description';
import { run } from './exec';
import { healthz, portOpen, waitHealthy } from './health';
import { bootstrapSecret, identitiesIssued, issueIdentities } from './identities';
import { writeNodeConfig } from './node-config';
import { ensureTrustBundle } from './trust-bundle';
import { bin, BUILDER_DIR, CHAINCODE_DIR, layout, REPO_ROOT, STATE_DIR } from './paths';
import { logFile, managedIds, residentMiB, runningPid, start, stop } from './processes';

export type Log = (msg: string) => void;

export const placement = nativePlacement(layout, BUILDER_DIR);

const BINARIES: Record<NodeSpec['kind'], string> = {
  ca: 'fabric-ca-server',
  orderer: 'orderer',
  peer: 'peer',
  chaincode: 'node',
};

const ARGS: Record<Exclude<NodeSpec['kind'], 'chaincode'>, (n: NodeSpec) => string[]> = {
  ca: (n) => ['start', '-b', `registrar:${bootstrapSecret(n.org)}`],
  orderer: () => [],
  peer: () => ['node', 'start'],
};

export function ensureBinaries(): void {
  const res = spawnSync('bash', [path.join(REPO_ROOT, 'scripts', 'fabric-binaries.sh')], { stdio: 'inherit' });
  if (res.status !== 0) throw new Error(`building the Fabric binaries failed (exit ${res.status})`);
}

function startNode(n: NodeSpec): void {
  if (n.kind === 'chaincode') throw new Error('chaincode servers start through deployChaincode');
  for (const dir of Object.entries(n.env).filter(([k]) => /FILESYSTEMPATH|LOCATION|WALDIR|SNAPDIR|ROOTDIR/.test(k))) {
    fs.mkdirSync(dir[1], { recursive: true });
  }
  start({ id: n.id, command: bin(BINARIES[n.kind]), args: ARGS[n.kind](n), env: n.env, netns: n.netns });
}

/** Starts CAs, orderers or peers (each unless it runs) and waits until every one answers /healthz. */
export async function startAndWait(nodes: NodeSpec[], log: Log): Promise<void> {
  nodes.forEach(startNode);
  await Promise.all(
    nodes.map(async (n) => {
      try {
        await waitHealthy(n.id, n.healthPort!, 90_000, n.dial);
      } catch (e) {
        throw new Error(`${(e as Error).message}; see ${logFile(n.id)}`);
      }
    }),
  );
  log(`${nodes.map((n) => n.id).join(', ')} healthy`);
}

/** Starts one stopped CA, orderer or peer again and waits for its health. */
export async function restartNode(t: Topology, id: string, log: Log = () => {}): Promise<void> {
  const n = [...caNodes(t, placement), ...ordererNodes(t, placement), ...peerNodes(t, placement)].find((x) => x.id === id);
  if (!n) throw new Error(`no node ${id} in the topology`);
  await startAndWait([n], log);
}

/** Removes the network's state but keeps the built binaries. */
function wipeState(): void {
  for (const d of ['orgs', 'crypto', 'data', 'channel', 'config', 'chaincode', 'profiles', 'network.json', 'trust-bundle.json', 'added-orgs.json']) {
    fs.rmSync(path.join(STATE_DIR, d), { recursive: true, force: true });
  }
}

export async function buildChaincode(): Promise<void> {
  await run(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(CHAINCODE_DIR, 'tsconfig.json')]);
}

export async function up(t: Topology, log: Log, { upgrade = false } = {}): Promise<string> {
  ensureBinaries();
  if (!identitiesIssued()) {
    // A half-issued network cannot be resumed (its CAs already registered some names): start over.
    await down(t, () => {});
    wipeState();
  }
  await startAndWait(caNodes(t, placement), log);
  if (!identitiesIssued()) await issueIdentities(t, log);
  writeNodeConfig(t, placement);
  await createGenesisBlock(t);

  await startAndWait(ordererNodes(t, placement), log);
  await joinOrderers(t, log);
  await startAndWait(peerNodes(t, placement), log);
  await joinPeers(t, log);

  await buildChaincode();
  const d = await deployChaincode(t, log, { upgrade });
  log(`chaincode ${t.chaincode.name} sequence ${d.sequence} ready on every org`);
  const description = writeNetworkDescription(t);
  await waitGossipComplete(t, log);
  await waitEndorsable(description, log);
  await waitRaftLeader(t, log);
  await ensureTrustBundle(t, STATE_DIR, log);
  return description;
}

export async function down(t: Topology, log: Log): Promise<void> {
  // Chaincode servers first, CAs last, each group in parallel; then anything
  // else a PID file names (a node since removed from the topology).
  const groups = [
    chaincodeServerIds(t),
    peerNodes(t, placement).map((n) => n.id),
    ordererNodes(t, placement).map((n) => n.id),
    caNodes(t, placement).map((n) => n.id),
  ];
  const known = new Set(groups.flat());
  groups.push(managedIds().filter((id) => !known.has(id) && id !== 'started-by-tests'));
  for (const group of groups) {
    await Promise.all(group.map(async (id) => (await stop(id)) && log(`stopped ${id}`)));
  }
}

export async function clean(t: Topology, log: Log): Promise<void> {
  await down(t, log);
  wipeState();
  for (const d of ['logs', 'run']) fs.rmSync(path.join(STATE_DIR, d), { recursive: true, force: true });
  log(`removed ledgers, crypto material and logs under ${STATE_DIR}`);
  // The API's state (keys, idempotency answers, caches) belongs to the network removed.
  const api = path.join(STATE_DIR, 'api');
  if (fs.existsSync(api)) {
    fs.rmSync(api, { recursive: true, force: true });
    log(`removed the API state of that network (${api}: API keys, idempotency answers, caches)`);
  }
}

export interface NodeStatus {
  id: string;
  kind: NodeSpec['kind'];
  mspId: string;
  pid?: number;
  rssMiB?: number;
  ports: number[];
  health: 'ok' | 'unhealthy' | 'down';
  detail?: string;
  channelHeight?: number;
}

export async function status(t: Topology): Promise<NodeStatus[]> {
  const nodes = [...caNodes(t, placement), ...ordererNodes(t, placement), ...peerNodes(t, placement)];
  const out: NodeStatus[] = await Promise.all(
    nodes.map(async (n): Promise<NodeStatus> => {
      const base = { id: n.id, kind: n.kind, mspId: n.org.mspId, pid: runningPid(n.id), ports: n.ports };
      try {
        const h = await healthz(n.healthPort!, n.dial);
        return { ...base, health: h.status === 200 ? 'ok' : 'unhealthy', detail: h.status === 200 ? undefined : h.body.trim() };
      } catch {
        return { ...base, health: 'down' };
      }
    }),
  );
  for (const p of allPeers(t)) {
    const s = out.find((x) => x.id === p.id)!;
    if (s.health === 'ok') s.channelHeight = await channelHeight(t, p.org.key, p.peer.name).catch(() => undefined);
  }
  const deployed = recordedDeployment();
  for (const org of t.orgs) {
    const id = `${org.key}-chaincode`;
    const open = await portOpen(org.chaincodeServerPort, listenAddress(org));
    out.push({
      id,
      kind: 'chaincode',
      mspId: org.mspId,
      pid: runningPid(id),
      ports: [org.chaincodeServerPort],
      health: open ? 'ok' : 'down',
      detail: deployed ? `${chaincodeServerHost(org)} serving ${deployed.label}` : undefined,
    });
  }
  for (const s of out) s.rssMiB = residentMiB(s.pid);
  return out;
}
