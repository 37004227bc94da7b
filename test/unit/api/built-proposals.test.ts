// The non-custodial flow remembers the proposals step 1 built, bounded in time and size.
import { BuiltProposals } from '../../../api/built-proposals';

const bytes = (s: string) => Buffer.from(s);

describe('BuiltProposals', () => {
  let now = 1_000_000;
  const clock = () => now;

  it('knows exactly the bytes it handed out for a txId', () => {
    const m = new BuiltProposals({ ttlMs: 60_000, now: clock });
    m.remember('tx1', bytes('proposal one'));
    expect(m.built('tx1', bytes('proposal one'))).toBe(true);
    expect(m.built('tx1', bytes('proposal one, changed'))).toBe(false);
    expect(m.built('tx2', bytes('proposal one'))).toBe(false);
  });

  it('forgets a proposal once its time is up (edge included)', () => {
    const m = new BuiltProposals({ ttlMs: 60_000, now: clock });
    m.remember('tx1', bytes('p'));
    now += 60_000;
    expect(m.built('tx1', bytes('p'))).toBe(true);
    now += 1;
    expect(m.built('tx1', bytes('p'))).toBe(false);
    expect(m.size).toBe(0);
  });

  it('keeps at most maxEntries, dropping expired then oldest entries first', () => {
    const m = new BuiltProposals({ ttlMs: 60_000, maxEntries: 3, now: clock });
    for (const id of ['a', 'b', 'c', 'd']) m.remember(id, bytes(id));
    expect(m.size).toBe(3);
    expect(m.built('a', bytes('a'))).toBe(false);
    expect(m.built('d', bytes('d'))).toBe(true);
    now += 60_001;
    m.remember('e', bytes('e'));
    expect(m.size).toBe(1);
    expect(m.built('e', bytes('e'))).toBe(true);
  });

  it('defaults its lifetime to the endorsed-time tolerance', () => {
    const saved = process.env.NOTARY_TIME_TOLERANCE_SECONDS;
    try {
      delete process.env.NOTARY_TIME_TOLERANCE_SECONDS;
      expect(new BuiltProposals().ttlMs).toBe(300_000);
      process.env.NOTARY_TIME_TOLERANCE_SECONDS = '90';
      expect(new BuiltProposals().ttlMs).toBe(90_000);
    } finally {
      if (saved === undefined) delete process.env.NOTARY_TIME_TOLERANCE_SECONDS;
      else process.env.NOTARY_TIME_TOLERANCE_SECONDS = saved;
    }
  });
});
