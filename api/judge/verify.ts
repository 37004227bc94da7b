// What the judge's page and POST /verify answer about a package: first whose
// network it comes from (the trust anchor), then up to which block it is
// complete and who attested that, then, for a package of this server's own
// network, whether the live ledger holds newer writes of its subject; then the
// verified timeline, every check and the certificate.
import type { EvidencePackage } from '../../evidence/format';
import type { TrustBundle } from '../../evidence/trust/bundle';
import { requiredCoverage } from '../../evidence/verify/attestations';
import { ApiError } from '../errors';
import type { LedgerPort } from '../ports/ledger-port';
import { NotaryClient } from '../client/notary-client';
import type { VerifyPool } from '../verify-pool/pool';
import type { ServerTrust, Verdict } from '../verify-pool/task';
import type { VerifiedPackageStore } from './store';

export type { ServerTrust };

/** The identity the server reads the ledger with for its own completeness check (the court's judge). */
export interface LedgerReader {
  ledger: LedgerPort;
  mspId: string;
  identity: string;
}

export interface JudgeDeps {
  trust?: ServerTrust;
  reader?: LedgerReader;
  store: VerifiedPackageStore;
  /** Where verifyPackage runs (worker threads). */
  pool: VerifyPool;
}

export interface NewerEntry {
  /** The world-state key, U+0000 shown as ␀. */
  key: string;
  recordType: string;
  recordId: string;
  /** Writes of the key the package does not hold (oldest first). */
  txIds: string[];
  /** Block of each of those writes, when the ledger answered. */
  blockNumbers?: string[];
  /** Whether one of them deleted the key. */
  deleted: boolean;
}

export interface LiveCheck {
  /** Whether the ledger was asked (only for a package anchored in this server's own bundle). */
  checked: boolean;
  /** Why not, or what failed. */
  reason?: string;
  /** When the ledger answered (ISO 8601). */
  checkedAt?: string;
  /** The channel height the ledger had then. */
  height?: string;
}

/** How long the page waits for the ledger's answer before showing the result without it. */
export const LIVE_CHECK_TIMEOUT_MS = 15_000;

// eslint-disable-next-line no-control-regex -- composite keys are separated by U+0000, shown here as ␀
const printable = (k: string) => k.replace(/\u0000/g, '␀');
/** A composite key string back into its parts (objectType, ...attributes). */
const partsOf = (key: string): string[] => key.split('\u0000').slice(1, -1);

interface AttestedContent {
  keys: { key: string; writes: { txId: string; isDelete: boolean }[] }[];
}

/**
 * The writes of the package's subject keys (and keys under its key ranges)
 * that the live ledger holds and the package does not: everything written
 * after its as-of block. One read-only Evidence:Attest query to the reader's
 * own peer (evaluated, never endorsed by others nor submitted).
 */
// eslint-disable-next-line complexity -- the live check: for each write of the ledger not in the package, whether it is new, which record, deletion
export async function newerEntriesOf(reader: LedgerReader, pkg: EvidencePackage): Promise<{ entries: NewerEntry[]; height: string }> {
  const coverage = requiredCoverage(pkg.kind, pkg.subject, pkg.statements);
  const keys = [...new Set([...coverage.keys, ...pkg.statements.map((s) => s.key)])].map(partsOf);
  const height = await reader.ledger.height(reader.mspId, reader.identity);
  const notary = new NotaryClient(reader.ledger, reader);
  const content = await notary.attestedWrites<AttestedContent>({ keys, prefixes: coverage.prefixes.map(partsOf) });
  const known = new Map<string, { txIds: Set<string>; recordType: string; recordId: string }>();
  for (const s of pkg.statements) {
    const k = known.get(s.key) ?? { txIds: new Set<string>(), recordType: s.recordType, recordId: s.recordId };
    k.txIds.add(s.txId);
    known.set(s.key, k);
  }
  const entries: NewerEntry[] = [];
  for (const a of content.keys) {
    const k = known.get(a.key);
    const extra = a.writes.filter((w) => !k?.txIds.has(w.txId));
    if (extra.length === 0) continue;
    const [objectType = '', ...attrs] = partsOf(a.key);
    entries.push({
      key: printable(a.key),
      recordType: k?.recordType ?? objectType,
      recordId: k?.recordId ?? attrs.join('/'),
      txIds: extra.map((w) => w.txId),
      deleted: extra.some((w) => w.isDelete),
    });
  }
  // Where each newer write landed, for the first few (two qscc reads each).
  let looked = 0;
  for (const e of entries) {
    if (looked >= 20) break;
    const blocks: string[] = [];
    for (const txId of e.txIds) {
      looked++;
      const s = await notary.transactionStatus(txId).catch(() => undefined);
      blocks.push(s?.blockNumber ?? '?');
    }
    e.blockNumbers = blocks;
  }
  return { entries, height };
}

export { packageDigest } from '../verify-pool/task';

/** What the route asks: an upload (the request's raw body) or a kept package verified again. */
export type JudgeRequest =
  { source: 'upload'; body: Uint8Array; baseUrl: string } | { source: 'kept'; json: string; uploadedBundle?: TrustBundle; baseUrl: string };

/** The live check against the ledger (only for a package anchored in this server's own bundle). */
async function liveCheckOf(deps: JudgeDeps, v: Verdict): Promise<{ live: LiveCheck; newerEntries?: NewerEntry[] }> {
  const live: LiveCheck = { checked: false };
  if (!v.anchored || !v.trustBundle.own || !v.statements) live.reason = "only a package anchored in this server's own trust bundle is compared with its ledger";
  else if (!deps.reader) live.reason = 'this server has no ledger identity to read with';
  else {
    let timer: NodeJS.Timeout | undefined;
    try {
      const pkg = { kind: v.kind, subject: v.subject, statements: v.statements } as EvidencePackage;
      const found = await Promise.race([
        newerEntriesOf(deps.reader, pkg),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${LIVE_CHECK_TIMEOUT_MS / 1000} s`)), LIVE_CHECK_TIMEOUT_MS);
        }),
      ]);
      return { live: { checked: true, checkedAt: new Date().toISOString(), height: found.height }, newerEntries: found.entries };
    } catch (e) {
      live.reason = `the ledger could not be asked: ${(e as Error).message}`;
    } finally {
      clearTimeout(timer);
    }
  }
  return { live };
}

/**
 * Runs the verifier in the worker pool, then the live check; keeps the
 * package for the certificate's link. Throws ApiError for a refusal (400 body,
 * 422 package the verifier cannot get through or too slow, 503 no trust bundle
 * or busy), PoolBusy and VerifyTimeout.
 */
export async function judgePackage(deps: JudgeDeps, req: JudgeRequest) {
  const outcome = await deps.pool.run({ ...req, ownTrust: deps.trust });
  if (!outcome.ok) throw new ApiError(outcome.status, outcome.code, outcome.message, outcome.field ? { field: outcome.field } : undefined);
  const v = outcome;
  const { live, newerEntries } = await liveCheckOf(deps, v);
  const freshPackageUrl = newerEntries?.length ? `${req.baseUrl}/judge/fresh/${v.kind}/${encodeURIComponent(v.subject)}` : undefined;
  if (v.json !== undefined) {
    deps.store.put(v.sha256, {
      json: v.json,
      kind: v.kind,
      subject: v.subject,
      ownAnchored: v.anchored && v.trustBundle.own,
      storedAt: new Date().toISOString(),
      bundles: new Map(v.uploadedBundle ? [[v.trustBundle.bundleHash, v.uploadedBundle]] : []),
    });
  }
  return {
    anchored: v.anchored,
    ok: v.verified,
    asOf: v.asOf,
    trustBundle: v.trustBundle,
    ...(newerEntries ? { newerEntries } : {}),
    ...(freshPackageUrl ? { freshPackageUrl } : {}),
    live,
    firstFailure: v.firstFailure,
    timeline: v.timeline,
    checks: v.checks,
    facts: v.facts,
    certificate: v.certificate,
  };
}

export type JudgeAnswer = Awaited<ReturnType<typeof judgePackage>>;
