// Keeps every project's count deltas few. Each write that changes a project's
// funnel or arrears ratio adds one delta key (chaincode/README.md, "Counts
// without scans"), and a read sums them; a project written one contract or
// one receipt at a time would make the channel-wide funnel a scan again. The
// chaincode cannot fold deltas inside the writes without making concurrent
// writers conflict, so the API does it beside them: it counts the writes that
// name a project (their answers' `deltaProjects`), and after every `every` of
// them submits Arrears:CompactDeltas for that project, in the background, one
// at a time, as the identity whose write tipped the count (any writer of a
// project's deltas may fold them; no count changes). A compaction that fails
// (a phantom read against a write to the same project, say) is logged and
// tried again after the next write.
import type { FastifyBaseLogger } from 'fastify';
import type { Acting } from './ports/ledger-port';

export interface Compacted {
  projectId: string;
  deltasBefore: number;
  deltasAfter: number;
}

/** Submits one project's compaction as `as` (a NotaryClient's compactDeltas in the app). */
export type CompactAs = (as: Acting, projectId: string) => Promise<{ txId: string; result: Compacted }>;

interface Pending {
  /** Writes naming the project since its last compaction. */
  writes: number;
  /** The last of those writers. */
  as: Acting;
  log: FastifyBaseLogger;
  /** Queued or being compacted. */
  queued: boolean;
}

export class DeltaCompaction {
  private readonly projects = new Map<string, Pending>();
  private readonly due: string[] = [];
  private running: Promise<void> | undefined;

  /** `every` 0 turns compaction off (a benchmark's baseline). */
  constructor(
    private readonly compact: CompactAs,
    readonly every: number,
  ) {}

  /** A committed write by `as` added a delta to each of `projectIds`. */
  noteWrite(as: Acting, projectIds: readonly string[], log: FastifyBaseLogger): void {
    if (this.every <= 0) return;
    for (const projectId of projectIds) {
      const p = this.projects.get(projectId) ?? { writes: 0, as, log, queued: false };
      Object.assign(p, { writes: p.writes + 1, as, log });
      this.projects.set(projectId, p);
      this.queueIfDue(projectId, p);
    }
    this.kick();
  }

  private kick(): void {
    if (this.running || this.due.length === 0) return;
    this.running = this.drain().finally(() => {
      this.running = undefined;
      this.kick();
    });
  }

  /** Resolves once no compaction is queued or running (before the ledger closes; tests). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private queueIfDue(projectId: string, p: Pending): void {
    if (p.queued || p.writes < this.every) return;
    p.queued = true;
    this.due.push(projectId);
  }

  private async drain(): Promise<void> {
    for (let projectId = this.due.shift(); projectId !== undefined; projectId = this.due.shift()) {
      const p = this.projects.get(projectId)!;
      const counted = p.writes;
      try {
        const out = await this.compact(p.as, projectId);
        // Writes that committed while this one ran stay counted toward the next.
        p.writes -= counted;
        p.log.info({ txId: out.txId, ...out.result }, 'project deltas compacted');
      } catch (err) {
        p.log.warn({ err, projectId, writes: p.writes }, 'project deltas not compacted; tried again after its next write');
        p.queued = false;
        continue;
      }
      p.queued = false;
      if (p.writes === 0) this.projects.delete(projectId);
      else this.queueIfDue(projectId, p);
    }
  }
}
