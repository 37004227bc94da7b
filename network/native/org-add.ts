// A new org joins the running channel, in the steps a consortium follows, each
// its own function (and its own `npm run org:add -- <org> <step>`):
//   1. org       the new org starts its CA, issues its identities into its own
//                folder (.fabric/orgs/<org>/) and writes its card;
//   2. propose   a channel configuration update adding it to the Application
//                group, built from its card alone, signed by the admins of a
//                majority of the member orgs (each in its own folder), submitted;
//   3. peer      its peer starts, joins from block 0 fetched from an orderer,
//                catches up, and is known to the other peers through gossip;
//   4. chaincode its peer gets the package, its chaincode server starts, and
//                its admin approves the definition already committed (same
//                sequence: no new commit). /Channel/Application/Endorsement is
//                MAJORITY Endorsement of the Application orgs, so it now counts it.
// Every step is idempotent; running them all again changes nothing.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { recordAddedOrg } from '../added-orgs';
import { dialHost } from '../hosts';
import { orgDefinition } from '../configtx';
import { caNodes, peerNodes } from '../nodes';
import { parseOrgCard, type OrgCard } from '../org-card';
import { joiningOrgSpec, loadTopology, type OrgSpec, type Topology } from '../topology';
import { ordererFlags, peerCli } from './admin';
import { channelHeight } from './channel';
import {
  approveForOrg,
  buildPackage,
  committedDefinition,
  installEverywhere,
  notaryChaincode,
  recordedDeployment,
  startChaincodeServers,
  waitChaincodeReady,
} from './chaincode';
import { fetchConfigBlock, resolveOrg, updateChannelConfig, type ChannelConfigJson, type ConfigGroupJson, type OrgRef } from './config-update';
import { writeNetworkDescription } from './description';
import { run } from './exec';
import { gossipPeersKnown } from './gossip';
import { waitFor } from './health';
import { issueOrg } from './identities';
import { placement, startAndWait } from './network';
import { materialiseCard, orgCardFile, writeOrgCard } from './org-card';
import { bin, layout } from './paths';
import { stop } from './processes';

export type Log = (msg: string) => void;

export const ORG_ADD_STEPS = ['org', 'propose', 'peer', 'chaincode'] as const;
export type OrgAddStep = (typeof ORG_ADD_STEPS)[number];

/** The topology with the joining org in it (recorded, not yet joined), and its spec. */
function joining(key: string): { t: Topology; org: OrgSpec } {
  const t = loadTopology(process.env, { pending: true });
  const org = t.orgs.find((o) => o.key === key || o.mspId === key);
  if (!org) throw new Error(`${key} has not started joining: run \`npm run org:add -- ${key} org\` first`);
  return { t, org };
}

/** The orgs of `t` that the channel configuration lists in its Application group. */
const applicationGroups = (config: ChannelConfigJson): Record<string, ConfigGroupJson> => config.channel_group.groups?.Application?.groups ?? {};

function memberTopology(t: Topology, config: ChannelConfigJson): Topology {
  const members = applicationGroups(config);
  return { ...t, orgs: t.orgs.filter((o) => members[o.mspId] !== undefined) };
}

/** `MAJORITY` as Fabric's implicit-meta policies count it: more than half. */
export const majorityOf = (n: number): number => Math.floor(n / 2) + 1;

// ---- 1. the new org's CA, identities and card ------------------------------------

const identitiesComplete = (org: OrgSpec) => fs.existsSync(path.join(layout.orgMsp(org), 'config.yaml'));

/**
 * The new org, on its own host: records it in the state folder, starts its CA,
 * issues its identities into its own folder and writes its card. Answers the card's file.
 */
export async function createOrg(key: string, log: Log = () => {}): Promise<string> {
  const spec = joiningOrgSpec(key);
  if (!spec) throw new Error(`no org ${key} may join: the joining orgs are listed in network/topology.ts`);
  const already = loadTopology(process.env, { pending: true }).orgs.some((o) => o.key === spec.key);
  if (!already) recordAddedOrg({ spec, joined: false });
  const { t, org } = joining(spec.key);
  const ca = caNodes(t, placement).filter((n) => n.org.key === org.key);
  if (!identitiesComplete(org) && fs.existsSync(layout.org(org, 'users'))) {
    // A half-issued org cannot be resumed (its CA already registered some names): it starts over.
    await Promise.all(ca.map((n) => stop(n.id)));
    fs.rmSync(layout.org(org), { recursive: true, force: true });
  }
  await startAndWait(ca, log);
  if (!identitiesComplete(org)) {
    await issueOrg(org);
    log(`identities of ${org.mspId} issued by its own CA into ${layout.org(org)}`);
  }
  const file = writeOrgCard(org);
  log(`${org.mspId} wrote its card: ${file}`);
  return file;
}

// ---- 2. the channel configuration update -----------------------------------------

/** The org's group in the channel configuration, made by configtxgen from the card alone (as `configtxgen -printOrg`). */
export async function orgGroupFromCard(org: OrgSpec, card: OrgCard): Promise<ConfigGroupJson> {
  materialiseCard(org, card);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'org-add-'));
  try {
    const definition = { ...orgDefinition(org, placement), AnchorPeers: card.anchorPeers.map((a) => ({ Host: a.host, Port: a.port })) };
    fs.writeFileSync(path.join(dir, 'configtx.yaml'), stringify({ Organizations: [definition] }, { aliasDuplicateObjects: false }));
    const { stdout } = await run(bin('configtxgen'), ['-printOrg', org.mspId, '-configPath', dir]);
    return JSON.parse(stdout) as ConfigGroupJson;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export interface ProposeResult {
  /** False when the org already was in the channel configuration. */
  added: boolean;
  signedBy: string[];
  sequence: { before: number; after: number };
  configBlock: number;
}

/**
 * Adds the org to /Channel/Application. `signers` default to the smallest
 * majority of the member orgs (the group's Admins policy is MAJORITY Admins);
 * with fewer, the orderer refuses (ConfigUpdateError) and nothing changes.
 */
export async function proposeOrg(key: string, { signers, log = () => {} }: { signers?: OrgRef[]; log?: Log } = {}): Promise<ProposeResult> {
  const { t, org } = joining(key);
  const card = parseOrgCard(JSON.parse(fs.readFileSync(orgCardFile(org), 'utf8')));
  if (card.mspId !== org.mspId) throw new Error(`the card at ${orgCardFile(org)} names ${card.mspId}, not ${org.mspId}`);
  const founders = { ...t, orgs: t.orgs.filter((o) => o.key !== org.key) };
  const current = await fetchConfigBlock(founders, founders.orgs[0]);
  const members = memberTopology(founders, current.config);
  if (applicationGroups(current.config)[org.mspId]) {
    log(`${org.mspId} already is in the channel configuration (sequence ${current.sequence})`);
    return { added: false, signedBy: [], sequence: { before: current.sequence, after: current.sequence }, configBlock: current.blockNumber };
  }
  const group = await orgGroupFromCard(org, card);
  const by = (signers ?? members.orgs.slice(0, majorityOf(members.orgs.length))).map((s) => resolveOrg(members, s));
  log(`adding ${org.mspId} to the Application group, signed by the admins of ${by.map((o) => o.mspId).join(', ')} (of ${members.orgs.length} members)`);
  const r = await updateChannelConfig(members, {
    signers: by,
    reader: members.orgs[0],
    log,
    mutate: (config) => {
      const app = config.channel_group.groups!.Application!;
      app.groups = { ...app.groups, [org.mspId]: group };
    },
  });
  return { added: true, signedBy: r.signedBy, sequence: { before: r.before.sequence, after: r.after.sequence }, configBlock: r.after.blockNumber };
}

// ---- 3. the new org's peer -------------------------------------------------------

/** Heights of every peer of `t` (null for one that does not answer). */
export async function peerHeights(t: Topology): Promise<Record<string, number | null>> {
  const out: Record<string, number | null> = {};
  for (const org of t.orgs) {
    for (const p of org.peers) out[`${org.key}-${p.name}`] = await channelHeight(t, org.key, p.name).catch(() => null);
  }
  return out;
}

/**
 * Starts the org's peers, joins each from block 0 fetched from an orderer by the
 * org's own admin, and waits until they are as high as a member's peer and
 * gossip knows every peer of the channel on both sides.
 */
export async function joinPeer(key: string, log: Log = () => {}): Promise<Record<string, number | null>> {
  const { t, org } = joining(key);
  const founders = { ...t, orgs: t.orgs.filter((o) => o.key !== org.key) };
  const config = await fetchConfigBlock(founders, founders.orgs[0]);
  if (!applicationGroups(config.config)[org.mspId]) throw new Error(`${org.mspId} is not in the channel yet: run the propose step first`);
  await startAndWait(
    peerNodes(t, placement).filter((n) => n.org.key === org.key),
    log,
  );
  for (const peer of org.peers) {
    const { stdout } = await peerCli(org, peer, ['channel', 'list']);
    if (stdout.split('\n').some((l) => l.trim() === t.channel)) continue;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'org-add-'));
    try {
      const block0 = path.join(dir, `${t.channel}-0.block`);
      await peerCli(org, peer, ['channel', 'fetch', '0', block0, '-c', t.channel, ...ordererFlags(t)], 30_000);
      await peerCli(org, peer, ['channel', 'join', '-b', block0], 60_000);
      log(`${peer.name}.${org.domain} joined channel ${t.channel} from block 0`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  const reference = founders.orgs[0]!;
  await waitFor(
    `${org.mspId} peers at the height of ${reference.mspId}'s`,
    async () => {
      const target = await channelHeight(t, reference.key, reference.peers[0]!.name);
      for (const p of org.peers) if ((await channelHeight(t, org.key, p.name)) < target) return undefined;
      return true;
    },
    { timeoutMs: 120_000, intervalMs: 500 },
  );
  const allPeers = t.orgs.reduce((n, o) => n + o.peers.length, 0);
  await waitFor(
    `gossip to know all ${allPeers} peers`,
    async () => {
      const ours = await Promise.all(org.peers.map((p) => gossipPeersKnown(p.operationsPort, t.channel, dialHost(org))));
      const theirs = await gossipPeersKnown(reference.peers[0]!.operationsPort, t.channel, dialHost(reference));
      return ours.every((n) => n === allPeers - 1) && theirs === allPeers - 1 ? true : undefined;
    },
    { timeoutMs: 120_000, intervalMs: 1000 },
  );
  const heights = await peerHeights(t);
  log(`${org.mspId} caught up and gossip knows it: heights ${JSON.stringify(heights)}`);
  return heights;
}

// ---- 4. the chaincode on the new org ---------------------------------------------

/**
 * Installs the committed package on the org's peers, starts its chaincode
 * server and approves the committed definition for the org (same sequence,
 * no new commit). Then records the org as joined and rewrites network.json.
 */
export async function joinChaincode(key: string, log: Log = () => {}): Promise<{ sequence: number; packageId: string; description: string }> {
  const { t, org } = joining(key);
  const own = { ...t, orgs: [org] };
  const founders = { ...t, orgs: t.orgs.filter((o) => o.key !== org.key) };
  const cc = notaryChaincode(t);
  const d = recordedDeployment(cc);
  const committed = await committedDefinition(founders, cc);
  if (!d || !committed) throw new Error(`chaincode ${cc.name} is not deployed on this network`);
  if (committed.sequence !== d.sequence) throw new Error(`committed sequence ${committed.sequence} is not the recorded deployment's ${d.sequence}`);
  // The package is deterministic (same label, same bytes): the org rebuilds it rather than receiving it.
  const { file, packageId } = await buildPackage(d.label, cc.addressTemplate);
  if (packageId !== d.packageId) throw new Error(`package ${packageId} is not the committed one ${d.packageId}`);
  await installEverywhere(own, file, packageId, log);
  await startChaincodeServers(own, packageId, cc);
  await approveForOrg(t, org, cc, d, log);
  await waitChaincodeReady(own, 120_000, cc);
  const spec = joiningOrgSpec(org.key)!;
  recordAddedOrg({ spec, joined: true });
  const description = writeNetworkDescription(loadTopology());
  log(`${org.mspId} runs ${cc.name} sequence ${d.sequence}; it is in ${description}`);
  return { sequence: d.sequence, packageId, description };
}

// ---- where things stand ----------------------------------------------------------

export interface OrgAddStatus {
  org: string;
  recorded: boolean;
  joined: boolean;
  configSequence: number;
  configBlock: number;
  applicationOrgs: string[];
  /** The number of orgs MAJORITY Endorsement (the chaincode's policy) needs, of how many. */
  endorsementMajority: { needed: number; of: number };
  heights: Record<string, number | null>;
}

export async function orgAddStatus(key: string): Promise<OrgAddStatus> {
  const t = loadTopology(process.env, { pending: true });
  const org = t.orgs.find((o) => o.key === key || o.mspId === key);
  const founders = { ...t, orgs: t.orgs.filter((o) => o.key !== org?.key) };
  const current = await fetchConfigBlock(founders, founders.orgs[0]);
  const applicationOrgs = Object.keys(applicationGroups(current.config)).sort();
  return {
    org: key,
    recorded: org !== undefined,
    joined: org !== undefined && loadTopology().orgs.some((o) => o.key === org.key),
    configSequence: current.sequence,
    configBlock: current.blockNumber,
    applicationOrgs,
    endorsementMajority: { needed: majorityOf(applicationOrgs.length), of: applicationOrgs.length },
    heights: await peerHeights(t),
  };
}

/** Runs one step, or (without one) every step in order; each skips what is already done. */
export async function orgAdd(key: string, step: OrgAddStep | undefined, opts: { signers?: OrgRef[]; log?: Log } = {}): Promise<void> {
  const log = opts.log ?? (() => {});
  const steps = step ? [step] : ORG_ADD_STEPS;
  for (const s of steps) {
    if (s === 'org') await createOrg(key, log);
    if (s === 'propose') await proposeOrg(key, { signers: opts.signers, log });
    if (s === 'peer') await joinPeer(key, log);
    if (s === 'chaincode') await joinChaincode(key, log);
  }
}
