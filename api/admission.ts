// Admission of writes: a write request takes a turn whose weight is the items
// its transaction carries (a batch's chunk: up to 500; any other write: 1; each
// request has at most one transaction in flight, as batches submit their chunks
// one after another). At most `maxItemsInFlight` items and `maxInFlight`
// requests work on the ledger at once; at most `maxQueue` requests wait for a
// turn, in order, each for at most `maxWaitMs`. Anything beyond is refused at
// once, before it has written anything, with an estimate of when to come back.
// This bounds the work the API puts on its peers, so a crowd of uploads slows
// down instead of pushing endorsements past the peers' chaincode execution
// timeout, while single writes, a five-hundredth of a chunk's work each, are
// not held to the few turns a batch needs.

export interface AdmissionLimits {
  /** Requests working on the ledger at once. */
  maxInFlight: number;
  /** Items in the transactions in flight, summed over requests. */
  maxItemsInFlight: number;
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
  weight: number;
  admit: () => void;
  timer: NodeJS.Timeout;
}

/** Seconds a refused client should wait: the rounds of turns ahead of it, at the recent pace of a turn, 1 to 60. */
export function retryAfterSeconds(roundsAhead: number, meanDurationMs: number): number {
  return Math.min(60, Math.max(1, Math.ceil((roundsAhead * meanDurationMs) / 1000)));
}

export class Admission {
  private inFlight = 0;
  private itemsInFlight = 0;
  private readonly queue: Waiter[] = [];
  /** Exponential moving mean of how long an admitted write held its turn. */
  private meanMs = 1000;

  constructor(readonly limits: AdmissionLimits) {}

  get state(): { inFlight: number; queued: number; itemsInFlight: number } {
    return { inFlight: this.inFlight, queued: this.queue.length, itemsInFlight: this.itemsInFlight };
  }

  /**
   * Resolves with a release function once admitted; rejects with Overloaded when the queue is full or the wait too
   * long. `items`: the items of the request's transaction in flight (a request larger than every turn runs alone).
   */
  acquire(items = 1): Promise<() => void> {
    const weight = Math.max(1, Math.min(items, this.limits.maxItemsInFlight));
    if (this.queue.length === 0 && this.fits(weight)) return Promise.resolve(this.admitted(weight));
    if (this.queue.length >= this.limits.maxQueue) return Promise.reject(this.overloaded('the write queue is full', weight));
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        weight,
        admit: () => {
          clearTimeout(waiter.timer);
          resolve(this.admitted(weight));
        },
        timer: setTimeout(() => {
          this.queue.splice(this.queue.indexOf(waiter), 1);
          reject(this.overloaded(`no turn to write within ${this.limits.maxWaitMs} ms`, weight));
          // The head may have been the one holding back those behind it.
          this.admitWaiting();
        }, this.limits.maxWaitMs),
      };
      this.queue.push(waiter);
    });
  }

  private fits(weight: number): boolean {
    return this.inFlight < this.limits.maxInFlight && this.itemsInFlight + weight <= this.limits.maxItemsInFlight;
  }

  /** In order: a waiting batch is not overtaken by the single writes behind it. */
  private admitWaiting(): void {
    while (this.queue.length > 0 && this.fits(this.queue[0]!.weight)) this.queue.shift()!.admit();
  }

  private admitted(weight: number): () => void {
    this.inFlight++;
    this.itemsInFlight += weight;
    const started = Date.now();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.meanMs = 0.8 * this.meanMs + 0.2 * (Date.now() - started);
      this.inFlight--;
      this.itemsInFlight -= weight;
      this.admitWaiting();
    };
  }

  private overloaded(why: string, weight: number): Overloaded {
    const { inFlight, queued } = this.state;
    // The requests and items ahead of it (and its own), in rounds of what is admitted at once.
    const items = this.queue.reduce((n, w) => n + w.weight, 0) + weight;
    const rounds = Math.max((queued + 1) / this.limits.maxInFlight, items / this.limits.maxItemsInFlight);
    const retry = retryAfterSeconds(rounds, this.meanMs);
    return new Overloaded(`${why}: ${inFlight} writes in flight, ${queued} waiting; retry in ${retry} s`, retry, { inFlight, queued });
  }
}
