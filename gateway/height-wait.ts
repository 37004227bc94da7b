// Waiting for a peer to commit up to a height: the attestations of an evidence
// export (attest.ts) and read-your-writes across orgs (causal-floor.ts) both
// poll a peer's channel height until it has a block, for a bounded time.
import { sleep } from '../fabric/sleep';

export interface HeightWait {
  /** How long to keep asking; after it the caller goes ahead with the peer as it is. */
  waitMs: number;
  pollMs: number;
}

/** Reads the height with `read` until it is at least `target` or `waitMs` has passed; resolves to the last height read. */
export async function awaitHeight(read: () => Promise<bigint>, target: bigint, { waitMs, pollMs }: HeightWait): Promise<bigint> {
  const until = Date.now() + waitMs;
  for (;;) {
    const height = await read();
    if (height >= target || Date.now() >= until) return height;
    await sleep(pollMs);
  }
}
