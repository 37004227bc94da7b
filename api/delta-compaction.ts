// Keeps every project's count deltas few. Each write that changes a project's
// funnel or arrears ratio adds one delta key, named by its transaction
// (chaincode/README.md, "Counts without scans"), and a read sums them; a
// project written one contract or one receipt at a time would make the
// channel-wide funnel a scan again. The chaincode cannot fold deltas inside the
// writes without making concurrent writers conflict, so the API does it beside
// them: it counts the transactions of its own writes that name a project
// (their answers' `deltaProjects`), and once `every` of them are waiting it
// folds, in the background, one project at a time, as the identity of the
// write that tipped the count (any writer of a project's deltas may fold them;
// no count changes). A fold first lists the project's deltas on the ledger
// (Arrears:DeltaTxIds, read-only), so deltas this API never saw written (before
// it restarted, by another org's API, straight through the gateway) are folded
// with its own, then submits Arrears:CompactDeltas naming them all. The fold
// reads only the keys it names, so writes to the project committing meanwhile
// never make it fail; the sum it writes is named again in the project's next
// fold. A project is also listed on its first write since the API started, and
// folded at once if `every` or more deltas are already there.
//
// A fold can still fail (an EvaluateRisk or another API folding the same keys
// at once, the network unavailable). Then the project waits twice as many
// writes (up to 64 × `every`) before the next try, and is also tried again once
// its writes pause for `retryMs` (doubling per failure, up to a minute). A fold
// the chaincode refuses (the writer no longer reaches the project: a law firm
// replaced on its dispute) is not tried again: the waiting transactions are
// forgotten, and their deltas stay until the project's next fold or risk
// evaluation.
import { MAX_DELTAS_PER_FOLD } from '../chaincode/src/domain';
import { LedgerError, type Acting } from './ports/ledger-port';

/** Where folds are logged: the request's logger in the app. */
export interface FoldLog {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
}

export interface Folded {
  projectId: string;
  /** Deltas folded into one (0: fewer than two of those named were there). */
  folded: number;
  /** Named deltas that were not there (folded already by a risk evaluation). */
  skipped: number;
  /** The transaction whose key holds the sum, when it folded. */
  deltaTxId: string | null;
}

/** Submits one project's fold as `as` (a NotaryClient's compactDeltas in the app). */
export type FoldAs = (as: Acting, projectId: string, txIds: readonly string[]) => Promise<{ txId: string; result: Folded }>;

/** A project's deltas on the ledger now (Arrears:DeltaTxIds): at most MAX_DELTAS_PER_FOLD, `more` when there are others. */
export interface WaitingDeltas {
  projectId: string;
  txIds: string[];
  more: boolean;
}

/** Lists one project's deltas as `as` (a NotaryClient's deltaTxIds in the app). */
export type ListAs = (as: Acting, projectId: string) => Promise<WaitingDeltas>;

/** How the compaction reaches the ledger. */
export interface FoldPorts {
  list: ListAs;
  fold: FoldAs;
}

export interface CompactionOptions {
  /** Deltas waiting in a project before they are folded; 0 turns compaction off (a benchmark's baseline). */
  every: number;
  /** First pause after a failed fold before it is tried again without a new write. */
  retryMs?: number;
  /**
   * Projects remembered at most. Beyond, the longest-known project with at most one transaction waiting (its last
   * sum, or one write) is forgotten; that delta then stays on its own until the project's next risk evaluation.
   */
  maxProjects?: number;
}

const MAX_BACKOFF_EXPONENT = 6;
const MAX_RETRY_MS = 60_000;

interface Pending {
  /** Transactions whose deltas of the project wait to be folded, oldest first: its writes, and what listing found. */
  txIds: Set<string>;
  /** Listed on the ledger since the API knew the project: until then it is queued for its first listing. */
  listed: boolean;
  /** Fold with fewer than `dueAt` waiting: a timed retry, or more deltas on the ledger than one fold names. */
  forced: boolean;
  /** How many waiting make it due: `every`, more after failures. */
  dueAt: number;
  failures: number;
  /** The last writer. */
  as: Acting;
  log: FoldLog;
  /** Queued or being folded. */
  queued: boolean;
  retry?: NodeJS.Timeout;
}

function cancelRetry(p: Pending): void {
  clearTimeout(p.retry);
  p.retry = undefined;
}

export class DeltaCompaction {
  private readonly projects = new Map<string, Pending>();
  private readonly due: string[] = [];
  private running: Promise<void> | undefined;
  private closed = false;
  private readonly every: number;
  private readonly retryMs: number;
  private readonly maxProjects: number;

  constructor(
    private readonly ports: FoldPorts,
    options: CompactionOptions,
  ) {
    this.every = Math.min(options.every, MAX_DELTAS_PER_FOLD);
    this.retryMs = options.retryMs ?? 2_000;
    this.maxProjects = options.maxProjects ?? 10_000;
  }

  /** A write by `as`, committed in transaction `txId`, added a delta to each of `projectIds`. */
  noteWrite(as: Acting, txId: string, projectIds: readonly string[], log: FoldLog): void {
    if (this.every <= 0 || this.closed) return;
    for (const projectId of projectIds) {
      let p = this.projects.get(projectId);
      if (!p) {
        this.makeRoom();
        p = { txIds: new Set<string>(), listed: false, forced: false, dueAt: this.every, failures: 0, as, log, queued: false };
        this.projects.set(projectId, p);
      }
      p.txIds.add(txId);
      Object.assign(p, { as, log });
      // The timed retry waits for a pause in this project's writes.
      p.retry?.refresh();
      this.queueIfDue(projectId, p);
    }
    this.kick();
  }

  /** Resolves once no fold is queued or running (tests; close). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  /** Before the ledger closes: no new fold starts, timed retries are dropped, the running one ends. */
  async close(): Promise<void> {
    this.closed = true;
    this.due.length = 0;
    for (const p of this.projects.values()) cancelRetry(p);
    await this.idle();
  }

  /** At the limit, forgets the longest-known project with at most one transaction waiting (if there is one). */
  private makeRoom(): void {
    if (this.projects.size < this.maxProjects) return;
    for (const [id, p] of this.projects) {
      if (!p.queued && !p.retry && p.txIds.size <= 1) {
        this.projects.delete(id);
        return;
      }
    }
  }

  private queueIfDue(projectId: string, p: Pending): void {
    if (p.queued) return;
    // Unlisted: its first listing. Forced: a timed retry, or deltas left on the ledger beyond the last fold's.
    if (p.listed && !p.forced && (p.txIds.size < 2 || p.txIds.size < p.dueAt)) return;
    cancelRetry(p);
    p.queued = true;
    this.due.push(projectId);
  }

  private kick(): void {
    if (this.running || this.due.length === 0 || this.closed) return;
    this.running = this.drain().finally(() => {
      this.running = undefined;
      this.kick();
    });
  }

  private async drain(): Promise<void> {
    for (let projectId = this.due.shift(); projectId !== undefined && !this.closed; projectId = this.due.shift()) {
      const p = this.projects.get(projectId)!;
      try {
        await this.listAndFold(projectId, p);
      } catch (err) {
        this.failed(projectId, p, err);
        continue;
      }
      // The project stays known, with its sum's transaction to name in its next fold.
      this.queueIfDue(projectId, p);
    }
  }

  /** Adds what the ledger holds to what the project's writes left waiting; folds if that makes it due. */
  private async listAndFold(projectId: string, p: Pending): Promise<void> {
    const onLedger = await this.ports.list(p.as, projectId);
    // What this API wrote stays named even if the peer asked has not committed it yet.
    for (const t of onLedger.txIds) p.txIds.add(t);
    p.listed = true;
    if (p.txIds.size < 2 || (!p.forced && p.txIds.size < p.dueAt)) {
      Object.assign(p, { queued: false, forced: false });
      return;
    }
    const named = [...p.txIds].slice(0, MAX_DELTAS_PER_FOLD);
    const out = await this.ports.fold(p.as, projectId, named);
    // Writes that committed while this one ran stay waiting for the next.
    for (const t of named) p.txIds.delete(t);
    if (out.result.deltaTxId) p.txIds.add(out.result.deltaTxId);
    // Deltas beyond what one fold names: fold on until the ledger lists them all.
    Object.assign(p, { dueAt: this.every, failures: 0, queued: false, forced: onLedger.more });
    p.log.info({ txId: out.txId, ...out.result }, 'project deltas folded');
  }

  private failed(projectId: string, p: Pending, err: unknown): void {
    if (err instanceof LedgerError && err.kind === 'REJECTED') {
      p.log.warn({ err, projectId, forgotten: p.txIds.size }, 'project deltas not folded: refused by the chaincode, not tried again');
      this.projects.delete(projectId);
      return;
    }
    p.failures++;
    // Listed or not, it now waits for its back-off; the next try lists it.
    Object.assign(p, { queued: false, forced: false, listed: true });
    p.dueAt = p.txIds.size + this.every * 2 ** Math.min(p.failures, MAX_BACKOFF_EXPONENT);
    const retryMs = Math.min(MAX_RETRY_MS, this.retryMs * 2 ** (p.failures - 1));
    p.log.warn({ err, projectId, waiting: p.txIds.size, failures: p.failures, retryMs, dueAt: p.dueAt }, 'project deltas not folded; tried again later');
    if (this.closed) return;
    p.retry = setTimeout(() => {
      p.retry = undefined;
      p.forced = true;
      this.queueIfDue(projectId, p);
      this.kick();
    }, retryMs);
    p.retry.unref();
  }
}
