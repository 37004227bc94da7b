// The non-custodial flow's memory of the proposals this server built (step 1 of
// /v1/signing). Step 2 endorses only a proposal found here, byte for byte, so a
// client cannot hand in a proposal it built itself, e.g. with a channel-header
// timestamp of its choosing. Bounded in time (entries expire after the
// endorsed-time tolerance: an older proposal would be refused by the
// chaincode anyway) and in size (the oldest entries go first).
//
// The memory is per API process: behind a load balancer, steps 1 and 2 of one
// proposal must reach the same instance.
import { createHash } from 'node:crypto';
import { parseTimeTolerance, TIME_TOLERANCE_ENV } from '../chaincode/src/domain';

export const DEFAULT_MAX_BUILT_PROPOSALS = 10_000;

export interface BuiltProposalsOptions {
  /** How long a proposal stays usable; defaults to the endorsed-time tolerance (NOTARY_TIME_TOLERANCE_SECONDS, 300 s). */
  ttlMs?: number;
  maxEntries?: number;
  /** The clock, for tests. */
  now?: () => number;
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

export class BuiltProposals {
  /** txId → SHA-256 of the proposal bytes and when it expires; Map order is insertion order, oldest first. */
  private readonly entries = new Map<string, { sha256: string; expiresAt: number }>();
  readonly ttlMs: number;
  readonly maxEntries: number;
  private readonly now: () => number;

  constructor(options: BuiltProposalsOptions = {}) {
    this.ttlMs = options.ttlMs ?? parseTimeTolerance(process.env[TIME_TOLERANCE_ENV]);
    this.maxEntries = options.maxEntries ?? DEFAULT_MAX_BUILT_PROPOSALS;
    this.now = options.now ?? Date.now;
    if (!(this.ttlMs > 0) || !Number.isInteger(this.maxEntries) || this.maxEntries < 1)
      throw new Error('BuiltProposals: ttlMs and maxEntries must be positive');
  }

  get size(): number {
    return this.entries.size;
  }

  /** Remembers a proposal handed out in step 1. */
  remember(txId: string, proposal: Uint8Array): void {
    this.prune();
    this.entries.delete(txId);
    while (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(txId, { sha256: sha256(proposal), expiresAt: this.now() + this.ttlMs });
  }

  /** Whether `proposal` is, byte for byte, one handed out for `txId` and not yet expired. */
  built(txId: string, proposal: Uint8Array): boolean {
    const entry = this.entries.get(txId);
    if (!entry) return false;
    if (this.now() > entry.expiresAt) {
      this.entries.delete(txId);
      return false;
    }
    return entry.sha256 === sha256(proposal);
  }

  /** Drops expired entries (they are in expiry order: every entry has the same lifetime). */
  private prune(): void {
    const now = this.now();
    for (const [txId, entry] of this.entries) {
      if (now <= entry.expiresAt) break;
      this.entries.delete(txId);
    }
  }
}
