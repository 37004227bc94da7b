// A second, independent network for tests: the same orgs and names, but fresh
// CAs (so different roots, a different genesis block) in a temp state folder,
// every port shifted by FABRIC_PORT_OFFSET (20000 by default). It runs through
// the same launcher as `npm run network:up`, in a child process, since the
// launcher reads FABRIC_STATE_DIR and FABRIC_PORT_OFFSET when it loads.
//
//   const second = await startSecondNetwork();
//   try { ... second.networkJson, second.trustBundle ... } finally { await second.stop(); }
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Layout } from '../../../network/layout';
import { REPO_ROOT } from '../../../network/native/paths';
import { isAlive } from '../../../network/native/processes';
import { loadTopology, type Topology } from '../../../network/topology';
import { ensureTrustBundle } from '../../../network/native/trust-bundle';

export const SECOND_NETWORK_PORT_OFFSET = 20000;

export interface SecondNetwork {
  /** The temp folder holding its crypto material, ledgers, logs and PID files. */
  stateDir: string;
  portOffset: number;
  /** Its topology (ports shifted by portOffset). */
  topology: Topology;
  /** Its network.json: what a client needs to reach it. */
  networkJson: string;
  /** Its trust bundle (notary-trust-bundle/1), built from its own genesis block. */
  trustBundle: string;
  /** Its genesis block as configtxgen wrote it. */
  genesisBlock: string;
  /** The environment that points our network scripts and helpers at it. */
  env: Record<string, string>;
  /** Stops every process it started and removes its folder; safe to call twice, never throws. */
  stop(): Promise<void>;
}

interface Options {
  portOffset?: number;
  /** Progress lines of the launcher; default silent. */
  log?: (line: string) => void;
  timeoutMs?: number;
  /** Writes into the fresh state folder before the launcher runs (e.g. a hosts.json placing each org on its own host). */
  prepare?: (stateDir: string) => void;
  /** Start of the temp folder's name. */
  tmpPrefix?: string;
}

/** Runs `tsx scripts/network.ts <cmd>` against the second network; rejects with its output's tail. */
function launcher(cmd: 'up' | 'clean', env: Record<string, string>, log: (l: string) => void, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [require.resolve('tsx/cli'), path.join(REPO_ROOT, 'scripts', 'network.ts'), cmd], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const tail: string[] = [];
    const onData = (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
        tail.push(line);
        if (tail.length > 20) tail.shift();
        log(line);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`second network ${cmd} failed (${signal ?? `exit ${code}`}):\n${tail.join('\n')}`));
    });
  });
}

/** PIDs named by the launcher's PID files under a state folder. */
function recordedPids(stateDir: string): number[] {
  const run = path.join(stateDir, 'run');
  if (!fs.existsSync(run)) return [];
  return fs
    .readdirSync(run)
    .filter((f) => f.endsWith('.pid'))
    .map((f) => Number(fs.readFileSync(path.join(run, f), 'utf8')))
    .filter((pid) => Number.isInteger(pid) && pid > 0);
}

/**
 * Starts the second network and writes its trust bundle. If anything fails on
 * the way, whatever was started is stopped and the folder removed before the
 * error is thrown.
 */
export async function startSecondNetwork({
  portOffset = SECOND_NETWORK_PORT_OFFSET,
  log = () => {},
  timeoutMs = 300_000,
  prepare,
  tmpPrefix = 'notary-second-network-',
}: Options = {}): Promise<SecondNetwork> {
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), tmpPrefix));
  const env = { FABRIC_STATE_DIR: stateDir, FABRIC_PORT_OFFSET: String(portOffset) };
  try {
    prepare?.(stateDir);
  } catch (e) {
    fs.rmSync(stateDir, { recursive: true, force: true });
    throw e;
  }
  const topology = loadTopology(env);
  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopped ??= (async () => {
      const pids = recordedPids(stateDir); // before clean removes the PID files
      try {
        await launcher('clean', env, log, 120_000);
      } catch (e) {
        log(`second network clean: ${(e as Error).message}`);
      }
      // Anything clean could not stop (it failed, or a PID file was being written): ours, by PID.
      for (const pid of [...pids, ...recordedPids(stateDir)]) {
        if (isAlive(pid)) {
          try {
            process.kill(pid, 'SIGKILL');
          } catch {
            // already gone
          }
        }
      }
      fs.rmSync(stateDir, { recursive: true, force: true });
    })());

  try {
    await launcher('up', env, log, timeoutMs);
    const { file } = await ensureTrustBundle(topology, stateDir);
    return {
      stateDir,
      portOffset,
      topology,
      networkJson: path.join(stateDir, 'network.json'),
      trustBundle: file,
      genesisBlock: new Layout(stateDir).channelBlock(topology.channel),
      env,
      stop,
    };
  } catch (e) {
    await stop();
    throw e;
  }
}
