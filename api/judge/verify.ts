// What the judge's page and POST /verify answer about a package: first whose
// network it comes from (the trust anchor), then up to which block it is
// complete and who attested that, then, for a package of this server's own
// network, whether the live ledger holds newer writes of its subject; then the
// verified timeline, every check and the certificate.
import { createHash } from 'node:crypto';
import { canonicalJson } from '../../chaincode/src/domain';
import type { EvidencePackage } from '../../evidence/format';
import { verifiedTimelineOf } from '../../evidence/timeline';
import { trustBundleHash, type TrustBundle } from '../../evidence/trust/bundle';
import { CHECK_TITLES_ZH, verifyPackage, type DocumentInput, type VerifyResult } from '../../evidence/verify';
import { requiredCoverage } from '../../evidence/verify/attestations';
import type { LedgerPort } from '../ports/ledger-port';
import { NotaryClient } from '../client/notary-client';
import { certificateOf } from './certificate';
import type { VerifiedPackageStore } from './store';

/** The trust bundle the server verifies against, with its fingerprint. */
export interface ServerTrust {
  bundle: TrustBundle;
  hash: string;
}

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

/** SHA-256 (hex) of the package's canonical JSON (keys sorted, no whitespace), and that JSON. */
export function packageDigest(pkg: unknown): { sha256: string; json: string } {
  let json: string;
  try {
    json = canonicalJson(pkg);
  } catch {
    json = JSON.stringify(pkg);
  }
  return { sha256: createHash('sha256').update(json).digest('hex'), json };
}

export interface JudgeRequest {
  pkg: EvidencePackage;
  documents: DocumentInput[];
  /** A bundle uploaded with the package (another court's); the server's own otherwise. */
  uploadedBundle?: TrustBundle;
  /** e.g. http://127.0.0.1:8080, for the certificate's link. */
  baseUrl: string;
  /** Verifying again a kept package (the certificate's link): its document files are not kept, so none is checked. */
  again?: boolean;
}

/** Runs the verifier and the live check; keeps the package for the certificate's link. Throws NoTrustBundle when there is no bundle at all. */
// eslint-disable-next-line complexity -- the judge's request in page order: trust bundle (own, uploaded, none), verify, live check, kept package
export async function judgePackage(deps: JudgeDeps, req: JudgeRequest) {
  const own = deps.trust;
  const bundle = req.uploadedBundle ?? own?.bundle;
  if (!bundle) throw new NoTrustBundle();
  const bundleHash = req.uploadedBundle ? trustBundleHash(req.uploadedBundle) : own!.hash;
  const isOwn = own !== undefined && bundleHash === own.hash;
  const result: VerifyResult = verifyPackage(req.pkg, { trust: bundle, documents: req.documents });
  const anchored = result.facts.trust?.anchored === true;
  const anchorCheck = result.checks.find((c) => c.id === 'trust.anchor' && !c.ok) ?? result.checks.find((c) => c.id === 'trust.anchor');
  const { sha256, json } = packageDigest(req.pkg);
  const pkg = req.pkg;
  const shapeOk = result.facts.kind !== undefined;

  // Completeness against the live ledger: only for a package of this server's own network.
  let live: LiveCheck = { checked: false };
  let newerEntries: NewerEntry[] | undefined;
  if (!anchored || !isOwn) live.reason = "only a package anchored in this server's own trust bundle is compared with its ledger";
  else if (!deps.reader) live.reason = 'this server has no ledger identity to read with';
  else {
    let timer: NodeJS.Timeout | undefined;
    try {
      const found = await Promise.race([
        newerEntriesOf(deps.reader, pkg),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${LIVE_CHECK_TIMEOUT_MS / 1000} s`)), LIVE_CHECK_TIMEOUT_MS);
        }),
      ]);
      newerEntries = found.entries;
      live = { checked: true, checkedAt: new Date().toISOString(), height: found.height };
    } catch (e) {
      live.reason = `the ledger could not be asked: ${(e as Error).message}`;
    } finally {
      clearTimeout(timer);
    }
  }
  const freshPackageUrl = newerEntries?.length ? `${req.baseUrl}/judge/fresh/${pkg.kind}/${encodeURIComponent(pkg.subject)}` : undefined;

  if (shapeOk) {
    deps.store.put(sha256, {
      json,
      kind: pkg.kind,
      subject: pkg.subject,
      ownAnchored: anchored && isOwn,
      storedAt: new Date().toISOString(),
      bundles: new Map(req.uploadedBundle && !isOwn ? [[bundleHash, req.uploadedBundle]] : []),
    });
  }
  // The link names the bundle when it is not the server's own, so it verifies against the same one again.
  const verifyUrl = `${req.baseUrl}/judge/packages/${sha256}${isOwn ? '' : `?trust=${bundleHash}`}`;
  const asOf = result.facts.asOf ?? { blockNumber: String(pkg.asOf?.blockNumber ?? ''), attestingOrgs: [] };
  return {
    anchored,
    ok: result.ok,
    asOf,
    trustBundle: {
      issuer: bundle.issuer,
      bundleHash,
      genesisHeaderHash: bundle.genesisHeaderHash,
      channel: bundle.channel,
      own: isOwn,
      source: req.uploadedBundle ? ('uploaded' as const) : ('server' as const),
      /** The bundle's names of its organisations, by MSP ID. */
      orgNames: Object.fromEntries(bundle.orgs.map((o) => [o.mspId, o.name])),
      anchorDetail: anchorCheck?.detail ?? '',
    },
    ...(newerEntries ? { newerEntries } : {}),
    ...(freshPackageUrl ? { freshPackageUrl } : {}),
    live,
    firstFailure: result.firstFailure ? { ...result.firstFailure, titleZh: CHECK_TITLES_ZH[result.firstFailure.id] } : undefined,
    timeline: verifiedTimelineOf(pkg, result),
    checks: result.checks.map((c) => ({ ...c, titleZh: CHECK_TITLES_ZH[c.id] })),
    facts: result.facts,
    certificate: await certificateOf({
      pkg,
      result,
      trustIssuer: bundle.issuer,
      trustBundleHash: bundleHash,
      anchored,
      asOf,
      packageSha256: sha256,
      verifyUrl,
      again: req.again === true,
    }),
  };
}

export type JudgeAnswer = Awaited<ReturnType<typeof judgePackage>>;

export class NoTrustBundle extends Error {
  constructor() {
    super("this server has no trust bundle to verify against (TRUST_BUNDLE_FILE was not loaded); upload the court's trust bundle with the package");
  }
}
