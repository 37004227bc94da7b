// Read-your-writes across orgs within one process. Peers commit each block on
// their own schedule, so right after a write is acknowledged through one org's
// peer, another org's peer may not have it yet: a lawyer acting on the dispute
// a company has just opened would be told it does not exist. Every call
// through a peer therefore first waits (briefly) until that peer has every
// block this process has seen a commit in. A peer already known to be that far
// costs nothing; otherwise one height query, repeated until it is.
import { awaitHeight, type HeightWait } from './height-wait';

/** `G`: a connection to one peer (a gateway); `peerOf` names its peer, `heightOf` asks that peer's channel height. */
export class CausalFloor<G> {
  /** The channel height every peer must reach before it is used: the newest acknowledged commit's block + 1. */
  private floor = 0n;
  /** The highest height each peer (by address) is known to have. */
  private readonly known = new Map<string, bigint>();

  constructor(
    private readonly peerOf: (g: G) => string,
    private readonly heightOf: (g: G) => Promise<bigint>,
    private readonly wait: HeightWait = { waitMs: 5_000, pollMs: 25 },
  ) {}

  private remember(peer: string, height: bigint): void {
    if (height > (this.known.get(peer) ?? 0n)) this.known.set(peer, height);
  }

  /** A transaction was acknowledged committed in block `blockNumber`, its status read through `g`. */
  committed(g: G, blockNumber: string | bigint): void {
    const height = BigInt(blockNumber) + 1n;
    if (height > this.floor) this.floor = height;
    this.remember(this.peerOf(g), height);
  }

  /**
   * Until `g`'s peer has reached the floor; gives up silently after the wait (the call then goes ahead and
   * answers as that peer can, as it would without this wait).
   */
  async reach(g: G): Promise<void> {
    const peer = this.peerOf(g);
    const floor = this.floor;
    if ((this.known.get(peer) ?? 0n) >= floor) return;
    const read = async () => {
      const height = await this.heightOf(g);
      this.remember(peer, height);
      return height;
    };
    await awaitHeight(read, floor, this.wait);
  }
}
