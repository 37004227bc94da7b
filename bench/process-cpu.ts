// CPU time of the network's processes from /proc: what bench:cpu bills per
// workload, and how bench:scale tells that the peers have gone quiet after a
// fill (LevelDB keeps compacting for a while after heavy writes, and reads
// measured during that would be measured against it).
import fs from 'node:fs';
import { managedIds, runningPid } from '../network/native/processes';
import { sleep } from '../fabric/sleep';

const TICKS_PER_S = 100; // getconf CLK_TCK on Linux

/** utime + stime of a process, in seconds. */
function cpuSeconds(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_S;
}

/** CPU-seconds so far of every running process of the network, by node ID. */
export function cpuByNode(): Map<string, number> {
  const out = new Map<string, number>();
  for (const id of managedIds()) {
    const pid = runningPid(id);
    if (pid) out.set(id, cpuSeconds(pid));
  }
  return out;
}

/** CPU-seconds each process in `before` (a cpuByNode reading) has used since; processes started since count from now. */
export function cpuUsedSince(before: Map<string, number>): Map<string, number> {
  const out = new Map<string, number>();
  for (const [id, s] of cpuByNode()) out.set(id, s - (before.get(id) ?? s));
  return out;
}

/**
 * Waits until the network's processes together use less than `maxCores` of CPU over a `windowMs` window, or
 * `timeoutMs` passed. Answers how long it waited and the last window's use, in cores.
 */
export async function awaitQuiet(maxCores = 0.15, windowMs = 5_000, timeoutMs = 180_000): Promise<{ waitedMs: number; cores: number }> {
  const t0 = Date.now();
  for (;;) {
    const before = cpuByNode();
    await sleep(windowMs);
    let used = 0;
    for (const s of cpuUsedSince(before).values()) used += s;
    const cores = used / (windowMs / 1000);
    if (cores < maxCores || Date.now() - t0 > timeoutMs) return { waitedMs: Date.now() - t0, cores };
  }
}
