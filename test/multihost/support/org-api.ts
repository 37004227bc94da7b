// One org's own API process on its own host: `ip netns exec <ns> node api/server.ts`
// with NOTARY_ORG, listening on the host's address. Its gateway reaches its own
// org's peer; endorsement and ordering go across the hosts.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { waitFor } from '../../../network/native/health';
import { REPO_ROOT } from '../../../network/native/paths';
import type { NetworkDescription } from '../../../network/description';
import type { NetnsHost } from './netns-plan';

export interface OrgApi {
  mspId: string;
  url: string;
  pid: number;
  log: string;
  stop(): Promise<void>;
}

export interface OrgApiOptions {
  host: NetnsHost;
  mspId: string;
  port: number;
  stateDir: string;
  networkJson: string;
  apiKeysFile: string;
}

const exited = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

export async function startOrgApi({ host, mspId, port, stateDir, networkJson, apiKeysFile }: OrgApiOptions): Promise<OrgApi> {
  const dir = path.join(stateDir, 'api', host.orgKey);
  fs.mkdirSync(dir, { recursive: true });
  const log = path.join(dir, 'api.log');
  const out = fs.openSync(log, 'a');
  const env = {
    ...process.env,
    NODE_ENV: 'production',
    NOTARY_ORG: mspId,
    HOST: host.address,
    PORT: String(port),
    LOG_LEVEL: 'warn',
    FABRIC_STATE_DIR: stateDir,
    NETWORK_JSON: networkJson,
    API_KEYS_FILE: apiKeysFile,
    IDEMPOTENCY_FILE: path.join(dir, 'idempotency.jsonl'),
    TRUST_BUNDLE_FILE: path.join(stateDir, 'trust-bundle.json'),
  };
  const child = spawn('ip', ['netns', 'exec', host.netns, process.execPath, '--import', 'tsx', path.join(REPO_ROOT, 'api', 'server.ts')], {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', out, out],
  });
  fs.closeSync(out);
  if (!child.pid) throw new Error(`could not start the API of ${mspId}`);
  const url = `http://${host.address}:${port}`;
  const stop = async () => {
    if (exited(child)) return;
    child.kill('SIGTERM');
    await waitFor(`the API of ${mspId} to exit`, async () => (exited(child) ? true : undefined), { timeoutMs: 10_000 }).catch(() => child.kill('SIGKILL'));
  };
  try {
    await waitFor(
      `the API of ${mspId} at ${url}`,
      async () => {
        if (exited(child)) throw new Error(`exited (${child.exitCode ?? child.signalCode}): ${fs.readFileSync(log, 'utf8').slice(-800)}`);
        const res = await fetch(`${url}/readyz`);
        return res.status === 200 ? true : undefined;
      },
      { timeoutMs: 90_000, intervalMs: 500 },
    );
  } catch (e) {
    await stop();
    throw new Error(`${(e as Error).message}\n${log}:\n${fs.readFileSync(log, 'utf8').slice(-1500)}`, { cause: e });
  }
  return { mspId, url, pid: child.pid, log, stop };
}

/**
 * The network.json an org gives its own API: every org's peers and orderers, and its own client identities only (no
 * admin, no other org's identity), as that org would deploy it.
 */
export function ownDescription(stateDir: string, full: NetworkDescription, mspId: string): string {
  const own = { ...full, orgs: full.orgs.map((o) => ({ ...o, identities: o.mspId === mspId ? o.identities.filter((i) => i.role !== 'admin') : [] })) };
  const file = path.join(stateDir, 'api', `network-${mspId}.json`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(own, null, 2));
  return file;
}
