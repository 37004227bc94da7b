// Chaincode as a service through the full lifecycle: package, install on every
// peer, approve by every org, commit; one Node chaincode server per org.
import fs from 'node:fs';
import path from 'node:path';
import { collectionsConfig } from '../collections';
import { dialHost } from '../hosts';
import { chaincodeNodes, nativePlacement } from '../nodes';
import type { OrgSpec, Topology } from '../topology';
import { onSomeOrderer, peerCli } from './admin';
import { CommandError, run } from './exec';
import { waitFor } from './health';
import { bin, BUILDER_DIR, CHAINCODE_DIR, layout, REPO_ROOT, STATE_DIR } from './paths';
import { start, stop } from './processes';

export interface Deployment {
  label: string;
  packageId: string;
  sequence: number;
  version: string;
}

const CC_STATE_DIR = path.join(STATE_DIR, 'chaincode');

/** A chaincode the launcher deploys as a service: the notary's own, or the benchmarks' baseline beside it. */
export interface ChaincodeDef {
  name: string;
  label: string;
  endorsementPolicy: string;
  /** Whether the topology's private data collections belong to it. */
  collections: boolean;
  /** Folder its servers run in (its package.json names the contracts). */
  dir: string;
  /** The address in the package's connection.json, filled per peer by our builder. */
  addressTemplate: string;
  /** Its server listens on the org's chaincodeServerPort plus this. */
  portDelta: number;
  /** Server process IDs are `<org key>-<serverSuffix>`. */
  serverSuffix: string;
  deploymentFile: string;
}

export const notaryChaincode = (t: Topology): ChaincodeDef => ({
  name: t.chaincode.name,
  label: t.chaincode.label,
  endorsementPolicy: t.chaincode.endorsementPolicy,
  collections: true,
  dir: CHAINCODE_DIR,
  addressTemplate: '{{.ccaddress}}',
  portDelta: 0,
  serverSuffix: 'chaincode',
  deploymentFile: path.join(CC_STATE_DIR, 'deployment.json'),
});

export const BENCH_CHAINCODE_DIR = path.join(REPO_ROOT, 'bench', 'trivial-chaincode');

/** The benchmarks' trivial put chaincode: same channel, same endorsement policy, one server per org one port up. */
export const benchChaincode = (t: Topology): ChaincodeDef => ({
  name: `${t.chaincode.name}-bench`,
  label: `${t.chaincode.label}-bench`,
  endorsementPolicy: t.chaincode.endorsementPolicy,
  collections: false,
  dir: BENCH_CHAINCODE_DIR,
  addressTemplate: '{{.ccaddress+1}}',
  portDelta: 1,
  serverSuffix: 'bench-chaincode',
  deploymentFile: path.join(CC_STATE_DIR, 'bench-deployment.json'),
});

export function recordedDeployment(cc?: ChaincodeDef): Deployment | undefined {
  const file = cc?.deploymentFile ?? path.join(CC_STATE_DIR, 'deployment.json');
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Deployment) : undefined;
}

/** A deterministic tar.gz of the given files, so the same label gives the same package ID. */
async function tarGz(dir: string, files: string[], out: string) {
  await run('sh', [
    '-c',
    'tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner --format=gnu -C "$1" -cf - $2 | gzip -n > "$3"',
    'tar',
    dir,
    files.join(' '),
    out,
  ]);
}

/** A CCaaS package: the peer's builder fills {{.ccaddress}} with its own org's chaincode server. */
export async function buildPackage(label: string, addressTemplate = '{{.ccaddress}}'): Promise<{ file: string; packageId: string }> {
  const work = path.join(CC_STATE_DIR, label);
  fs.rmSync(work, { recursive: true, force: true });
  fs.mkdirSync(path.join(work, 'src'), { recursive: true });
  fs.writeFileSync(path.join(work, 'src', 'connection.json'), JSON.stringify({ address: addressTemplate, dial_timeout: '10s' }));
  fs.writeFileSync(path.join(work, 'metadata.json'), JSON.stringify({ label, type: 'ccaas' }));
  await tarGz(path.join(work, 'src'), ['connection.json'], path.join(work, 'code.tar.gz'));
  const file = path.join(CC_STATE_DIR, `${label}.tar.gz`);
  await tarGz(work, ['code.tar.gz', 'metadata.json'], file);
  const { stdout } = await run(bin('peer'), ['lifecycle', 'chaincode', 'calculatepackageid', file], {
    env: { FABRIC_CFG_PATH: layout.config('peer') },
  });
  return { file, packageId: stdout.trim() };
}

export async function committedDefinition(t: Topology, cc: ChaincodeDef = notaryChaincode(t)): Promise<{ sequence: number; version: string } | undefined> {
  const org = t.orgs[0]!;
  try {
    const { stdout } = await peerCli(org, undefined, ['lifecycle', 'chaincode', 'querycommitted', '--channelID', t.channel, '--name', cc.name, '-O', 'json']);
    const def = JSON.parse(stdout) as { sequence: number; version: string };
    return { sequence: def.sequence, version: def.version };
  } catch (e) {
    if (e instanceof CommandError && /not found|not defined/i.test(e.stderr + e.stdout)) return undefined;
    throw e;
  }
}

/** Installs the package on every peer of the topology's orgs that lacks it. */
export async function installEverywhere(t: Topology, file: string, packageId: string, log: (m: string) => void) {
  for (const org of t.orgs) {
    for (const peer of org.peers) {
      const { stdout } = await peerCli(org, peer, ['lifecycle', 'chaincode', 'queryinstalled', '-O', 'json']);
      const installed = (JSON.parse(stdout || '{}') as { installed_chaincodes?: { package_id: string }[] }).installed_chaincodes ?? [];
      if (installed.some((c) => c.package_id === packageId)) continue;
      await peerCli(org, peer, ['lifecycle', 'chaincode', 'install', file], 120_000);
      log(`installed ${packageId.split(':')[0]} on ${peer.name}.${org.domain}`);
    }
  }
}

/** Flags every org must pass identically to approve and commit the definition. */
function definitionFlags(t: Topology, cc: ChaincodeDef, d: Deployment): string[] {
  const flags = [
    '--channelID',
    t.channel,
    '--name',
    cc.name,
    '--version',
    d.version,
    '--sequence',
    String(d.sequence),
    '--channel-config-policy',
    cc.endorsementPolicy,
  ];
  if (!cc.collections) return flags;
  const collections = path.join(CC_STATE_DIR, 'collections.json');
  fs.writeFileSync(collections, JSON.stringify(collectionsConfig(t), null, 2));
  return [...flags, '--collections-config', collections];
}

async function approveEverywhere(t: Topology, cc: ChaincodeDef, d: Deployment, log: (m: string) => void) {
  for (const [i, org] of t.orgs.entries()) await approveForOrg(t, org, cc, d, log, i);
}

/**
 * The org's admin approves the definition `d` for its org, unless it already did with the same package. Also how an
 * org that joins later approves the definition already committed (same sequence): no new commit is needed.
 */
export async function approveForOrg(t: Topology, org: OrgSpec, cc: ChaincodeDef, d: Deployment, log: (m: string) => void, ordererIndex = 0) {
  try {
    const { stdout } = await peerCli(org, undefined, [
      'lifecycle',
      'chaincode',
      'queryapproved',
      '--channelID',
      t.channel,
      '--name',
      cc.name,
      '--sequence',
      String(d.sequence),
      '-O',
      'json',
    ]);
    const approved = JSON.parse(stdout) as { source?: { Type?: { LocalPackage?: { package_id?: string } } } };
    if (approved.source?.Type?.LocalPackage?.package_id === d.packageId) return;
  } catch (e) {
    if (!(e instanceof CommandError)) throw e; // not approved yet
  }
  await onSomeOrderer(
    t,
    (orderer) =>
      peerCli(org, undefined, ['lifecycle', 'chaincode', 'approveformyorg', ...orderer, ...definitionFlags(t, cc, d), '--package-id', d.packageId], 60_000),
    { first: ordererIndex },
  );
  log(`${org.mspId} approved ${cc.name} sequence ${d.sequence}`);
}

async function commit(t: Topology, cc: ChaincodeDef, d: Deployment) {
  const endorsers = t.orgs.flatMap((org) => ['--peerAddresses', `${dialHost(org)}:${org.peers[0]!.port}`, '--tlsRootCertFiles', layout.caCert(org)]);
  await onSomeOrderer(t, (orderer) =>
    peerCli(t.orgs[0]!, undefined, ['lifecycle', 'chaincode', 'commit', ...orderer, ...definitionFlags(t, cc, d), ...endorsers], 60_000),
  );
}

export const chaincodeServerIds = (t: Topology, cc: ChaincodeDef = notaryChaincode(t)) => t.orgs.map((o) => `${o.key}-${cc.serverSuffix}`);

/**
 * The endorsed-time tolerance (whole seconds, default 300) each chaincode server
 * refuses proposals beyond (chaincode/src/ledger/endorsed-time.ts). Set
 * NOTARY_TIME_TOLERANCE_SECONDS for all orgs, or NOTARY_TIME_TOLERANCE_SECONDS_<ORG KEY>
 * (e.g. _COURT) for one org's server, before `network:up` or `chaincode:upgrade`.
 */
export function timeToleranceEnv(orgKey: string, env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const value = env[`NOTARY_TIME_TOLERANCE_SECONDS_${orgKey.toUpperCase()}`] ?? env.NOTARY_TIME_TOLERANCE_SECONDS;
  return value === undefined || value === '' ? {} : { NOTARY_TIME_TOLERANCE_SECONDS: value };
}

export async function startChaincodeServers(t: Topology, packageId: string, cc: ChaincodeDef = notaryChaincode(t)): Promise<void> {
  const cli = require.resolve('fabric-shim/cli.js', { paths: [CHAINCODE_DIR, REPO_ROOT] });
  for (const node of chaincodeNodes(t, nativePlacement(layout, BUILDER_DIR), packageId)) {
    const port = node.org.chaincodeServerPort + cc.portDelta;
    const address = node.env.CORE_CHAINCODE_ADDRESS!.replace(/:\d+$/, `:${port}`);
    const env = { ...node.env, CORE_CHAINCODE_ADDRESS: address, ...timeToleranceEnv(node.org.key) };
    start({ id: `${node.org.key}-${cc.serverSuffix}`, command: process.execPath, args: [cli, 'server'], env, cwd: cc.dir, netns: node.netns });
  }
}

export async function stopChaincodeServers(t: Topology, cc: ChaincodeDef = notaryChaincode(t)): Promise<void> {
  await Promise.all(chaincodeServerIds(t, cc).map((id) => stop(id)));
}

/** Waits until every org's peer runs a query on the chaincode. */
export async function waitChaincodeReady(t: Topology, timeoutMs = 90_000, cc: ChaincodeDef = notaryChaincode(t)): Promise<void> {
  await Promise.all(
    t.orgs.map((org) =>
      waitFor(
        `chaincode ${cc.name} on ${org.mspId}`,
        async () => {
          await peerCli(
            org,
            undefined,
            ['chaincode', 'query', '-C', t.channel, '-n', cc.name, '-c', JSON.stringify({ Args: ['org.hyperledger.fabric:GetMetadata'] })],
            15_000,
          );
          return true;
        },
        { timeoutMs, intervalMs: 1000 },
      ),
    ),
  );
}

/**
 * Ensures the chaincode is committed and served. With `upgrade`, defines the
 * next sequence: new package, install, approve, commit, restart the servers.
 */
export async function deployChaincode(
  t: Topology,
  log: (m: string) => void,
  { upgrade = false, chaincode }: { upgrade?: boolean; chaincode?: ChaincodeDef } = {},
): Promise<Deployment> {
  const cc = chaincode ?? notaryChaincode(t);
  const current = await committedDefinition(t, cc);
  const recorded = recordedDeployment(cc);
  if (current && !upgrade && recorded?.sequence === current.sequence) {
    await startChaincodeServers(t, recorded.packageId, cc);
    await waitChaincodeReady(t, undefined, cc);
    return recorded;
  }
  const sequence = (current?.sequence ?? 0) + 1;
  const label = `${cc.label}_${sequence}`;
  const { file, packageId } = await buildPackage(label, cc.addressTemplate);
  const d: Deployment = { label, packageId, sequence, version: String(sequence) };
  log(`chaincode package ${packageId}`);
  await installEverywhere(t, file, packageId, log);
  await approveEverywhere(t, cc, d, log);
  await commit(t, cc, d);
  log(`committed ${cc.name} sequence ${sequence} on channel ${t.channel}`);
  // Servers serve exactly one package ID: restart them under the new one.
  await stopChaincodeServers(t, cc);
  await startChaincodeServers(t, packageId, cc);
  fs.writeFileSync(cc.deploymentFile, JSON.stringify(d, null, 2));
  await waitChaincodeReady(t, undefined, cc);
  return d;
}
