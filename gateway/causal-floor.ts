// Read-your-writes across orgs within one process. Peers commit each block on
// their own schedule, so right after a write is acknowledged through one org's
// peer, another org's peer may not have it yet: a lawyer acting on the dispute
// a company has just opened would be told it does not exist. Every call
// through a peer therefore first waits (briefly) until that peer has every
// block this process has seen a commit in. A peer already known to be that far
// costs nothing; otherwise one height query, repeated until it is.
import { sleep } from '../fabric/sleep';

export class CausalFloor {
  /** The channel height every peer must reach before it is used: the newest acknowledged commit's block + 1. */
  private floor = 0n;
  /** The highest height each peer (by address) is known to have. */
  private readonly known = new Map<string, bigint>();

  constructor(
    private readonly waitMs = 5_000,
    private readonly pollMs = 25,
  ) {}

  /** A transaction was acknowledged committed in block `blockNumber`, its status read through `peer`. */
  committed(peer: string, blockNumber: string | bigint): void {
    const height = BigInt(blockNumber) + 1n;
    if (height > this.floor) this.floor = height;
    if (height > (this.known.get(peer) ?? 0n)) this.known.set(peer, height);
  }

  /**
   * Until `peer` has reached the floor, reading its height with `height`; gives up silently after `waitMs`
   * (the call then goes ahead and answers as that peer can, as it would without this wait).
   */
  async reach(peer: string, height: () => Promise<bigint>): Promise<void> {
    const floor = this.floor;
    if ((this.known.get(peer) ?? 0n) >= floor) return;
    const until = Date.now() + this.waitMs;
    for (;;) {
      const h = await height();
      if (h > (this.known.get(peer) ?? 0n)) this.known.set(peer, h);
      if (h >= floor || Date.now() >= until) return;
      await sleep(this.pollMs);
    }
  }
}
