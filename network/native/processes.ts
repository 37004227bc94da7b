// Long-running node processes: started detached with a PID file and a log
// file each, stopped by PID. Nothing is found by name, so nothing else is hit.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { LOG_DIR, RUN_DIR } from './paths';
import { sleep } from '../../fabric/sleep';

const pidFile = (id: string) => path.join(RUN_DIR, `${id}.pid`);
export const logFile = (id: string) => path.join(LOG_DIR, `${id}.log`);

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function runningPid(id: string): number | undefined {
  try {
    const pid = Number(fs.readFileSync(pidFile(id), 'utf8'));
    return Number.isInteger(pid) && pid > 0 && isAlive(pid) ? pid : undefined;
  } catch {
    return undefined;
  }
}

export interface StartSpec {
  id: string;
  command: string;
  args: string[];
  env: Record<string, string>;
  cwd?: string;
  /** Network namespace to start it in (its org's host on this machine); the PID stays the command's own. */
  netns?: string;
}

/** Starts the process unless it already runs; returns its PID. */
export function start(spec: StartSpec): number {
  const existing = runningPid(spec.id);
  if (existing) return existing;
  fs.mkdirSync(RUN_DIR, { recursive: true });
  fs.mkdirSync(LOG_DIR, { recursive: true });
  const log = fs.openSync(logFile(spec.id), 'a');
  // `ip netns exec` enters the namespace and execs the command, so the PID recorded is the node's.
  const [command, args] = spec.netns ? ['ip', ['netns', 'exec', spec.netns, spec.command, ...spec.args]] : [spec.command, spec.args];
  const child = spawn(command, args, {
    cwd: spec.cwd,
    env: { ...process.env, ...spec.env },
    detached: true,
    stdio: ['ignore', log, log],
  });
  fs.closeSync(log);
  if (!child.pid) throw new Error(`could not start ${spec.id} (${spec.command})`);
  child.unref();
  fs.writeFileSync(pidFile(spec.id), String(child.pid));
  return child.pid;
}

/** SIGTERM, then SIGKILL if the process outlives the grace period. */
export async function stop(id: string, graceMs = 10_000): Promise<boolean> {
  const pid = runningPid(id);
  fs.rmSync(pidFile(id), { force: true });
  if (!pid) return false;
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (isAlive(pid) && Date.now() < deadline) await sleep(100);
  if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  return true;
}

export function managedIds(): string[] {
  if (!fs.existsSync(RUN_DIR)) return [];
  return fs
    .readdirSync(RUN_DIR)
    .filter((f) => f.endsWith('.pid'))
    .map((f) => f.slice(0, -4));
}

/** Resident memory of a process in MiB (Linux /proc), if it runs. */
export function residentMiB(pid: number | undefined): number | undefined {
  if (!pid) return undefined;
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Math.round(Number(kb) / 1024) : undefined;
  } catch {
    return undefined;
  }
}
