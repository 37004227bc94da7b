// Failover across an org's peers, and resubmission of MVCC conflicts only.
import type { Gateway } from '@hyperledger/fabric-gateway';
import { sleep } from '../fabric/sleep';
import type { PeerEndpoint } from './connect';
import { isFailover, isMvccConflict, toLedgerError, type LedgerError } from './errors';
import type { LedgerOptions } from './invocation';

/** Runs `fn` against each gateway of the org in turn, starting with the last one that worked. */
export class Failover {
  private preferred = 0;
  constructor(
    private readonly gateways: { peer: PeerEndpoint; gateway: Gateway }[],
    private readonly onRetry?: LedgerOptions['onRetry'],
  ) {}

  /** Moves on to the org's next peer, e.g. after an event stream through the current one failed. */
  rotate(): void {
    this.preferred = (this.preferred + 1) % this.gateways.length;
  }

  /**
   * Each peer of the org in turn; when every one answered that no combination of peers can satisfy the
   * endorsement policy (FAILED_PRECONDITION: discovery does not know enough peers yet, e.g. for a few seconds
   * after peers start or restart; nothing was submitted), waits and goes round again, PLAN_WAITS_MS in all.
   */
  async run<T>(fn: (gw: Gateway) => Promise<T>): Promise<T> {
    for (let round = 0; ; round++) {
      const outcome = await this.round(fn);
      if (outcome.ok) return outcome.value;
      const wait = PLAN_WAITS_MS[round];
      if (outcome.error.code !== 'FAILED_PRECONDITION' || wait === undefined) throw outcome.error;
      this.onRetry?.({ reason: 'endorsement-plan', error: outcome.error });
      await sleep(wait);
    }
  }

  private async round<T>(fn: (gw: Gateway) => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: LedgerError }> {
    let last: LedgerError | undefined;
    for (let i = 0; i < this.gateways.length; i++) {
      const index = (this.preferred + i) % this.gateways.length;
      const { peer, gateway } = this.gateways[index]!;
      try {
        const value = await fn(gateway);
        this.preferred = index;
        return { ok: true, value };
      } catch (e) {
        last = toLedgerError(e);
        if (!isFailover(last)) throw last;
        this.onRetry?.({ reason: 'failover', peer: peer.name, error: last });
      }
    }
    return { ok: false, error: last! };
  }
}

/** Pauses between rounds while the endorsement plan cannot be derived: about 7.5 s in all, then the error stands. */
export const PLAN_WAITS_MS = [250, 500, 1000, 2000, 4000];

/**
 * Runs `submitOnce` (a new transaction each time) until it is not invalidated by
 * an MVCC conflict, at most `retries` more times; any other error is thrown at once.
 */
export async function resubmitOnMvccConflict<T>(submitOnce: () => Promise<T>, retries: number, onRetry?: LedgerOptions['onRetry']): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await submitOnce();
    } catch (e) {
      const err = toLedgerError(e);
      if (!isMvccConflict(err) || attempt >= retries) throw err;
      onRetry?.({ reason: 'mvcc', txId: err.txId, error: err });
      // Spread the resubmissions of concurrent writers over the next blocks instead of colliding again.
      await sleep(Math.random() * Math.min(2000, 100 * 2 ** attempt));
    }
  }
}
