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

  async run<T>(fn: (gw: Gateway) => Promise<T>): Promise<T> {
    let last: LedgerError | undefined;
    for (let i = 0; i < this.gateways.length; i++) {
      const index = (this.preferred + i) % this.gateways.length;
      const { peer, gateway } = this.gateways[index]!;
      try {
        const out = await fn(gateway);
        this.preferred = index;
        return out;
      } catch (e) {
        last = toLedgerError(e);
        if (!isFailover(last)) throw last;
        this.onRetry?.({ reason: 'failover', peer: peer.name, error: last });
      }
    }
    throw last!;
  }
}

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
