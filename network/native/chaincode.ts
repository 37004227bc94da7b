// Chaincode as a service through the full lifecycle: package, install on every
// peer, approve by every org, commit; one Node chaincode server per org.
import fs from 'node:fs';
import path from 'node:path';
import { collectionsConfig } from '../collections';
import { chaincodeNodes, nativePlacement } from '../nodes';
import type { Topology } from '../topology';
import { ordererFlags, peerCli } from './admin';
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
const DEPLOYMENT_FILE = path.join(CC_STATE_DIR, 'deployment.json');

export function recordedDeployment(): Deployment | undefined {
  return fs.existsSync(DEPLOYMENT_FILE) ? (JSON.parse(fs.readFileSync(DEPLOYMENT_FILE, 'utf8')) as Deployment) : undefined;
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
export async function buildPackage(label: string): Promise<{ file: string; packageId: string }> {
  const work = path.join(CC_STATE_DIR, label);
  fs.rmSync(work, { recursive: true, force: true });
  fs.mkdirSync(path.join(work, 'src'), { recursive: true });
  fs.writeFileSync(path.join(work, 'src', 'connection.json'), JSON.stringify({ address: '{{.ccaddress}}', dial_timeout: '10s' }));
  fs.writeFileSync(path.join(work, 'metadata.json'), JSON.stringify({ label, type: 'ccaas' }));
  await tarGz(path.join(work, 'src'), ['connection.json'], path.join(work, 'code.tar.gz'));
  const file = path.join(CC_STATE_DIR, `${label}.tar.gz`);
  await tarGz(work, ['code.tar.gz', 'metadata.json'], file);
  const { stdout } = await run(bin('peer'), ['lifecycle', 'chaincode', 'calculatepackageid', file], {
    env: { FABRIC_CFG_PATH: layout.config('peer') },
  });
  return { file, packageId: stdout.trim() };
}

export async function committedDefinition(t: Topology): Promise<{ sequence: number; version: string } | undefined> {
  const org = t.orgs[0]!;
  try {
    const { stdout } = await peerCli(org, undefined, [
      'lifecycle',
      'chaincode',
      'querycommitted',
      '--channelID',
      t.channel,
      '--name',
      t.chaincode.name,
      '-O',
      'json',
    ]);
    const def = JSON.parse(stdout) as { sequence: number; version: string };
    return { sequence: def.sequence, version: def.version };
  } catch (e) {
    if (e instanceof CommandError && /not found|not defined/i.test(e.stderr + e.stdout)) return undefined;
    throw e;
  }
}

async function installEverywhere(t: Topology, file: string, packageId: string, log: (m: string) => void) {
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
function definitionFlags(t: Topology, d: Deployment): string[] {
  const collections = path.join(CC_STATE_DIR, 'collections.json');
  fs.writeFileSync(collections, JSON.stringify(collectionsConfig(t), null, 2));
  return [
    '--channelID',
    t.channel,
    '--name',
    t.chaincode.name,
    '--version',
    d.version,
    '--sequence',
    String(d.sequence),
    '--channel-config-policy',
    t.chaincode.endorsementPolicy,
    '--collections-config',
    collections,
  ];
}

async function approveEverywhere(t: Topology, d: Deployment, log: (m: string) => void) {
  for (const [i, org] of t.orgs.entries()) {
    try {
      const { stdout } = await peerCli(org, undefined, [
        'lifecycle',
        'chaincode',
        'queryapproved',
        '--channelID',
        t.channel,
        '--name',
        t.chaincode.name,
        '--sequence',
        String(d.sequence),
        '-O',
        'json',
      ]);
      const approved = JSON.parse(stdout) as { source?: { Type?: { LocalPackage?: { package_id?: string } } } };
      if (approved.source?.Type?.LocalPackage?.package_id === d.packageId) continue;
    } catch (e) {
      if (!(e instanceof CommandError)) throw e; // not approved yet
    }
    await peerCli(
      org,
      undefined,
      ['lifecycle', 'chaincode', 'approveformyorg', ...ordererFlags(t, i), ...definitionFlags(t, d), '--package-id', d.packageId],
      60_000,
    );
    log(`${org.mspId} approved ${t.chaincode.name} sequence ${d.sequence}`);
  }
}

async function commit(t: Topology, d: Deployment) {
  const endorsers = t.orgs.flatMap((org) => ['--peerAddresses', `localhost:${org.peers[0]!.port}`, '--tlsRootCertFiles', layout.caCert(org)]);
  await peerCli(t.orgs[0]!, undefined, ['lifecycle', 'chaincode', 'commit', ...ordererFlags(t), ...definitionFlags(t, d), ...endorsers], 60_000);
}

export const chaincodeServerIds = (t: Topology) => t.orgs.map((o) => `${o.key}-chaincode`);

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

export async function startChaincodeServers(t: Topology, packageId: string): Promise<void> {
  const cli = require.resolve('fabric-shim/cli.js', { paths: [CHAINCODE_DIR, REPO_ROOT] });
  for (const node of chaincodeNodes(t, nativePlacement(layout, BUILDER_DIR), packageId)) {
    const env = { ...node.env, ...timeToleranceEnv(node.org.key) };
    start({ id: node.id, command: process.execPath, args: [cli, 'server'], env, cwd: CHAINCODE_DIR });
  }
}

export async function stopChaincodeServers(t: Topology): Promise<void> {
  await Promise.all(chaincodeServerIds(t).map((id) => stop(id)));
}

/** Waits until every org's peer runs a query on the chaincode. */
export async function waitChaincodeReady(t: Topology, timeoutMs = 90_000): Promise<void> {
  await Promise.all(
    t.orgs.map((org) =>
      waitFor(
        `chaincode on ${org.mspId}`,
        async () => {
          await peerCli(
            org,
            undefined,
            ['chaincode', 'query', '-C', t.channel, '-n', t.chaincode.name, '-c', JSON.stringify({ Args: ['org.hyperledger.fabric:GetMetadata'] })],
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
export async function deployChaincode(t: Topology, log: (m: string) => void, { upgrade = false } = {}): Promise<Deployment> {
  const current = await committedDefinition(t);
  const recorded = recordedDeployment();
  if (current && !upgrade && recorded?.sequence === current.sequence) {
    await startChaincodeServers(t, recorded.packageId);
    await waitChaincodeReady(t);
    return recorded;
  }
  const sequence = (current?.sequence ?? 0) + 1;
  const label = `${t.chaincode.label}_${sequence}`;
  const { file, packageId } = await buildPackage(label);
  const d: Deployment = { label, packageId, sequence, version: String(sequence) };
  log(`chaincode package ${packageId}`);
  await installEverywhere(t, file, packageId, log);
  await approveEverywhere(t, d, log);
  await commit(t, d);
  log(`committed ${t.chaincode.name} sequence ${sequence} on channel ${t.channel}`);
  // Servers serve exactly one package ID: restart them under the new one.
  await stopChaincodeServers(t);
  await startChaincodeServers(t, packageId);
  fs.writeFileSync(DEPLOYMENT_FILE, JSON.stringify(d, null, 2));
  await waitChaincodeReady(t);
  return d;
}
