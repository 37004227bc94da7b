// Verification off the event loop: a piscina pool of worker threads
// (worker.cjs → worker.ts → task.ts), with a bound on the tasks it holds
// (running and waiting) and a time limit per task. Over the bound a request is
// refused at once (PoolBusy → 503 with Retry-After); over the time limit the
// worker is stopped (piscina terminates the thread of an aborted task) and the
// request is refused (VerifyTimeout → 422).
import path from 'node:path';
import { Piscina } from 'piscina';
import type { VerifyOutcome, VerifyTask } from './task';

export interface VerifyPoolOptions {
  /** Worker threads (the machine has 2 cores: 1 or 2). */
  threads: number;
  /** Tasks waiting beyond those running; one more is refused. */
  maxQueue: number;
  /** A task running longer is aborted. */
  timeoutMs: number;
}

/** Runs a task in a worker; tests substitute their own. */
export type TaskRunner = (task: VerifyTask, signal: AbortSignal) => Promise<VerifyOutcome>;

export class PoolBusy extends Error {
  constructor(readonly held: number) {
    super(`the verifier is busy (${held} packages being verified or waiting); try again in a few seconds`);
  }
}

export class VerifyTimeout extends Error {
  constructor(readonly ms: number) {
    super(`the package could not be verified within ${ms / 1000} s and was abandoned; a package we export verifies in a few seconds`);
  }
}

export class VerifyPool {
  private held = 0;
  private piscina?: Piscina;

  constructor(
    readonly opts: VerifyPoolOptions,
    private readonly runner?: TaskRunner,
  ) {}

  /** Tasks running and waiting now. */
  get size(): number {
    return this.held;
  }

  get capacity(): number {
    return this.opts.threads + this.opts.maxQueue;
  }

  /** The pool is made on first use, so an API that never verifies starts no thread. */
  private pool(): Piscina {
    this.piscina ??= new Piscina({
      filename: path.join(__dirname, 'worker.cjs'),
      minThreads: 1,
      maxThreads: this.opts.threads,
      idleTimeout: 5 * 60_000,
    });
    return this.piscina;
  }

  private runInWorker: TaskRunner = (task, signal) => {
    const transferList = task.source === 'upload' ? [task.body.buffer as ArrayBuffer] : [];
    return this.pool().run(task, { signal, transferList }) as Promise<VerifyOutcome>;
  };

  async run(task: VerifyTask): Promise<VerifyOutcome> {
    if (this.held >= this.capacity) throw new PoolBusy(this.held);
    this.held++;
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), this.opts.timeoutMs);
    try {
      return await (this.runner ?? this.runInWorker)(task, abort.signal);
    } catch (e) {
      if (abort.signal.aborted) throw new VerifyTimeout(this.opts.timeoutMs);
      throw e;
    } finally {
      clearTimeout(timer);
      this.held--;
    }
  }

  async close(): Promise<void> {
    await this.piscina?.destroy();
  }
}
