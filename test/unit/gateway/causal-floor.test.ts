import { CausalFloor } from '../../../gateway/causal-floor';

/** A connection to one peer, as the floor sees it: the peer's address and a height query. */
interface Peer {
  address: string;
  height: () => Promise<bigint>;
}
const floorOf = (waitMs: number, pollMs: number) =>
  new CausalFloor<Peer>(
    (p) => p.address,
    (p) => p.height(),
    { waitMs, pollMs },
  );
const at = (address: string, height: () => Promise<bigint> = async () => 0n): Peer => ({ address, height });

/** A peer at height `start` for its first `lagQueries` queries, then one block higher on each query. */
function lagging(start: bigint, lagQueries: number) {
  let queries = 0;
  return {
    get queries() {
      return queries;
    },
    height: async () => {
      queries++;
      return start + BigInt(Math.max(0, queries - lagQueries));
    },
  };
}

describe('CausalFloor: a peer is used only once it has every block this process saw a commit in', () => {
  it('asks nothing before any commit, and nothing of the peer the commit was acknowledged through', async () => {
    const floor = floorOf(1000, 1);
    const peer = lagging(0n, 0);
    await floor.reach(at('peerA:7051', peer.height));
    expect(peer.queries).toBe(0);
    floor.committed(at('peerA:7051'), '41');
    await floor.reach(at('peerA:7051', peer.height));
    expect(peer.queries).toBe(0);
  });

  it('waits for another peer until it reports the block after the commit, then remembers it', async () => {
    const floor = floorOf(1000, 1);
    floor.committed(at('peerA:7051'), 41n);
    // peerB is at height 40 for 3 queries, then 41, 42: it has block 41 at height 42.
    const b = lagging(40n, 3);
    await floor.reach(at('peerB:8051', b.height));
    expect(b.queries).toBe(5);
    await floor.reach(at('peerB:8051', b.height));
    expect(b.queries).toBe(5);
  });

  it('raises the floor with every newer commit, never lowers it', async () => {
    const floor = floorOf(1000, 1);
    floor.committed(at('peerA:7051'), 50n);
    floor.committed(at('peerB:8051'), 45n);
    const c = lagging(49n, 0);
    await floor.reach(at('peerC:9051', c.height));
    // Heights 50, then 51: height 51 holds block 50.
    expect(c.queries).toBe(2);
    // peerB acknowledged block 45 only: it is asked until it has block 50 too.
    const b = lagging(51n, 0);
    await floor.reach(at('peerB:8051', b.height));
    expect(b.queries).toBe(1);
  });

  it('gives up after its wait: a peer that never catches up is used anyway', async () => {
    const floor = floorOf(60, 5);
    floor.committed(at('peerA:7051'), 10n);
    const stuck = { queries: 0, height: async () => (stuck.queries++, 3n) };
    const t0 = Date.now();
    await floor.reach(at('peerD:10051', stuck.height));
    expect(Date.now() - t0).toBeGreaterThanOrEqual(55);
    expect(stuck.queries).toBeGreaterThan(1);
  });
});
