// Removing everything a multi-host run made, and a watchdog that does it when
// the run's process dies without its own cleanup (killed, interrupted, crashed).
// The watchdog is a process of its own: handlers set on the sandboxed
// `process` jest gives a test file did not run when the real one got SIGTERM.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { removeHosts } from './hosts';

/** Namespaces, links, /etc/netns files and processes named with `prefix`, and temp state folders starting with `tmpPrefix`. */
export function removeLeftovers(prefix: string, tmpPrefix: string): string[] {
  const problems = removeHosts(prefix);
  for (const d of fs.readdirSync(os.tmpdir()).filter((n) => n.startsWith(tmpPrefix))) {
    try {
      fs.rmSync(path.join(os.tmpdir(), d), { recursive: true, force: true });
    } catch (e) {
      problems.push(`${d}: ${(e as Error).message}`);
    }
  }
  return problems;
}

const lockFile = (prefix: string) => path.join(os.tmpdir(), `notary-multihost-lock-${prefix}`);

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * Takes the prefix for run `pid`, or refuses if a live run holds it: a run removes whatever is named with its prefix
 * when it starts, so two at once with one prefix would tear each other down.
 */
export function claimPrefix(prefix: string, pid: number): void {
  const file = lockFile(prefix);
  const holder = fs.existsSync(file) ? Number(fs.readFileSync(file, 'utf8')) : undefined;
  if (holder && holder !== pid && alive(holder)) {
    throw new Error(`another multi-host run (PID ${holder}) uses the prefix ${prefix}: wait for it, or set MULTIHOST_PREFIX and MULTIHOST_SUBNET`);
  }
  fs.writeFileSync(file, String(pid));
}

/** Gives the prefix back if run `pid` holds it. */
export function releasePrefix(prefix: string, pid: number): void {
  const file = lockFile(prefix);
  if (fs.existsSync(file) && Number(fs.readFileSync(file, 'utf8')) === pid) fs.rmSync(file, { force: true });
}

/** Starts the watchdog of process `pid`; stop it by its PID once the run has cleaned up itself. */
export function startWatchdog(pid: number, prefix: string, tmpPrefix: string): number {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'watchdog.ts'), String(pid), prefix, tmpPrefix], {
    detached: true,
    stdio: 'ignore',
  });
  child.unref();
  if (!child.pid) throw new Error('could not start the multi-host watchdog');
  return child.pid;
}
