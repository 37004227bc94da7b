// Packages the judge's page verified, kept in memory so that the certificate's
// QR code leads to a page that verifies the same package again. Bounded (least
// recently used out first) by a number of entries and a number of bytes; lost
// on restart, when the QR link answers 404 and says so.
import type { TrustBundle } from '../../evidence/trust/bundle';

export interface StoredPackage {
  /** The package as its canonical JSON (what its SHA-256 is of). */
  json: string;
  /**
   * Uploaded trust bundles (other courts') it was verified against, by
   * trustBundleHash: a link names the one it was verified with, so verifying
   * the same package against another bundle never changes what an earlier
   * certificate's link shows. Document files are never kept.
   */
  bundles: Map<string, TrustBundle>;
  kind: string;
  subject: string;
  /** Whether it was ever found anchored in the server's own bundle here. */
  ownAnchored: boolean;
  storedAt: string;
}

/** Uploaded bundles kept per package at most. */
const MAX_BUNDLES = 8;

export class VerifiedPackageStore {
  private readonly entries = new Map<string, StoredPackage>();
  private bytes = 0;

  constructor(
    readonly maxEntries = 200,
    readonly maxBytes = 256 * 1024 * 1024,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /**
   * Keeps (or refreshes) a package under its SHA-256, evicting the least
   * recently used beyond the bounds. A package kept already keeps its bundles
   * and its ownAnchored mark, joined with the new ones.
   */
  put(sha256: string, entry: StoredPackage): void {
    const before = this.entries.get(sha256);
    if (before) {
      const bundles = new Map(before.bundles);
      for (const [h, b] of entry.bundles) bundles.set(h, b);
      while (bundles.size > MAX_BUNDLES) bundles.delete(bundles.keys().next().value!);
      entry = { ...entry, bundles, ownAnchored: before.ownAnchored || entry.ownAnchored };
    }
    this.delete(sha256);
    if (entry.json.length > this.maxBytes) return;
    this.entries.set(sha256, entry);
    this.bytes += entry.json.length;
    for (const [key] of this.entries) {
      if (this.entries.size <= this.maxEntries && this.bytes <= this.maxBytes) break;
      this.delete(key);
    }
  }

  /** The package, marked as most recently used. */
  get(sha256: string): StoredPackage | undefined {
    const e = this.entries.get(sha256);
    if (!e) return undefined;
    this.entries.delete(sha256);
    this.entries.set(sha256, e);
    return e;
  }

  /** Whether a package of this subject verified here against the server's own bundle (and is still kept). */
  hasOwnSubject(kind: string, subject: string): boolean {
    for (const e of this.entries.values()) if (e.ownAnchored && e.kind === kind && e.subject === subject) return true;
    return false;
  }

  private delete(sha256: string): void {
    const e = this.entries.get(sha256);
    if (!e) return;
    this.entries.delete(sha256);
    this.bytes -= e.json.length;
  }
}
