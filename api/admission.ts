// Admission of writes: at most `maxInFlight` write requests work on the ledger
// at once (each has at most one transaction in flight: batches submit their
// chunks one after another), at most `maxQueue` wait for a turn, each for at
// most `maxWaitMs`. Anything beyond is refused at once, before it has written
// anything, with an estimate of when to come back. This bounds the work the
// API puts on its peers, so a crowd of uploads slows down instead of pushing
// endorsements past the peers' chaincode execution timeout.

export interface AdmissionLimits {
  maxInFlight: number;
  maxQueue: number;
  maxWaitMs: number;
}

export class Overloaded extends Error {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
    readonly state: { inFlight: number; queued: number },
  ) {
    super(message);
  }
}

interface Waiter {
  admit: () => void;
  timer: NodeJS.Timeout;
}

/** Seconds a refused client should wait: the queue ahead of it at the recent pace, 1 to 60. */
export function retryAfterSeconds(queued: number, maxInFlight: number, meanDurationMs: number): number {
  const ahead = (queued + 1) / Math.max(1, maxInFlight);
  return Math.min(60, Math.max(1, Math.ceil((ahead * meanDurationMs) / 1000)));
}

export class Admission {
  private inFlight = 0;
  private readonly queue: Waiter[] = [];
  /** Exponential moving mean of how long an admitted write held its turn. */
  private meanMs = 1000;

  constructor(readonly limits: AdmissionLimits) {}

  get state(): { inFlight: number; queued: number } {
    return { inFlight: this.inFlight, queued: this.queue.length };
  }

  /** Resolves with a release function once admitted; rejects with Overloaded when the queue is full or the wait too long. */
  acquire(): Promise<() => void> {
    if (this.inFlight < this.limits.maxInFlight) return Promise.resolve(this.admitted());
    if (this.queue.length >= this.limits.maxQueue) return Promise.reject(this.overloaded('the write queue is full'));
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        admit: () => {
          clearTimeout(waiter.timer);
          resolve(this.admitted());
        },
        timer: setTimeout(() => {
          this.queue.splice(this.queue.indexOf(waiter), 1);
          reject(this.overloaded(`no turn to write within ${this.limits.maxWaitMs} ms`));
        }, this.limits.maxWaitMs),
      };
      this.queue.push(waiter);
    });
  }

  private admitted(): () => void {
    this.inFlight++;
    const started = Date.now();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.meanMs = 0.8 * this.meanMs + 0.2 * (Date.now() - started);
      this.inFlight--;
      this.queue.shift()?.admit();
    };
  }

  private overloaded(why: string): Overloaded {
    const { inFlight, queued } = this.state;
    const retry = retryAfterSeconds(queued, this.limits.maxInFlight, this.meanMs);
    return new Overloaded(`${why}: ${inFlight} writes in flight, ${queued} waiting; retry in ${retry} s`, retry, { inFlight, queued });
  }
}
