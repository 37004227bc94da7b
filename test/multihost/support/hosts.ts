// The multi-host suite's hosts on this machine: namespaces, veth pairs, the
// bridge, each namespace's /etc/hosts (/etc/netns/<ns>/hosts, which
// `ip netns exec` mounts over /etc/hosts), and the processes inside. Needs root.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ownedBy, setupCommands, type NetnsHost, type NetnsPlan } from './netns-plan';

const ip = (args: string[]): string => {
  try {
    return execFileSync('ip', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    const stderr = String((e as { stderr?: string }).stderr ?? '').trim();
    throw new Error(`ip ${args.join(' ')}: ${stderr || (e as Error).message}`, { cause: e });
  }
};

const ETC_NETNS = '/etc/netns';

/** Namespaces whose name starts with the prefix. */
export function ownNamespaces(prefix: string): string[] {
  return ip(['netns', 'list'])
    .split('\n')
    .map((l) => l.trim().split(/\s+/)[0] ?? '')
    .filter((n) => n && ownedBy(prefix, n));
}

/** Links of the root namespace whose name starts with the prefix. */
export function ownLinks(prefix: string): string[] {
  return ip(['-o', 'link', 'show'])
    .split('\n')
    .map((l) => /^\d+:\s+([^:@\s]+)/.exec(l)?.[1] ?? '')
    .filter((n) => n && ownedBy(prefix, n));
}

/** PIDs of the processes running in a namespace. */
export function namespacePids(netns: string): number[] {
  return ip(['netns', 'pids', netns])
    .split('\n')
    .map(Number)
    .filter((p) => Number.isInteger(p) && p > 0);
}

/** Resident memory of every process in a namespace, in MiB (Linux /proc VmRSS), with each process's command. */
export function namespaceRss(netns: string): { totalMiB: number; processes: { pid: number; command: string; rssMiB: number }[] } {
  const processes = namespacePids(netns).flatMap((pid) => {
    try {
      const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
      const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      const command = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
      return [{ pid, command, rssMiB: kb / 1024 }];
    } catch {
      return []; // ended meanwhile
    }
  });
  return { totalMiB: processes.reduce((s, p) => s + p.rssMiB, 0), processes };
}

/**
 * Removes everything a run with this prefix made (this one or one killed before): the processes inside its
 * namespaces, the namespaces, its links and its /etc/netns folders. Never throws; answers what it could not remove.
 */
export function removeHosts(prefix: string): string[] {
  const problems: string[] = [];
  const attempt = (what: string, fn: () => void) => {
    try {
      fn();
    } catch (e) {
      problems.push(`${what}: ${(e as Error).message}`);
    }
  };
  let namespaces: string[] = [];
  attempt('list namespaces', () => (namespaces = ownNamespaces(prefix)));
  for (const ns of namespaces) {
    attempt(`processes of ${ns}`, () => {
      for (const pid of namespacePids(ns)) process.kill(pid, 'SIGKILL');
    });
    attempt(`namespace ${ns}`, () => ip(['netns', 'delete', ns]));
  }
  let links: string[] = [];
  attempt('list links', () => (links = ownLinks(prefix)));
  // Deleting one end of a veth pair deletes both; the bridge last.
  for (const link of links.sort((a, b) => Number(a.endsWith('br')) - Number(b.endsWith('br')))) {
    attempt(`link ${link}`, () => {
      if (ownLinks(prefix).includes(link)) ip(['link', 'delete', link]);
    });
  }
  attempt('/etc/netns', () => {
    if (!fs.existsSync(ETC_NETNS)) return;
    for (const d of fs.readdirSync(ETC_NETNS).filter((n) => ownedBy(prefix, n))) fs.rmSync(path.join(ETC_NETNS, d), { recursive: true, force: true });
    if (fs.readdirSync(ETC_NETNS).length === 0) fs.rmdirSync(ETC_NETNS);
  });
  return problems;
}

/** Makes the bridge, the namespaces and their links, and gives every namespace the same hosts file. */
export function createHosts(plan: NetnsPlan, hostsFile: string): void {
  if (process.getuid?.() !== 0) throw new Error('the multi-host suite makes network namespaces and needs root');
  for (const args of setupCommands(plan)) ip(args);
  for (const h of plan.hosts) {
    const dir = path.join(ETC_NETNS, h.netns);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'hosts'), hostsFile);
  }
}

/** Cuts a host off the bridge (its cable pulled), or plugs it back. */
export function setLink(host: NetnsHost, state: 'up' | 'down'): void {
  ip(['link', 'set', host.veth, state]);
}
