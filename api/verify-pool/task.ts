// The pure part of a verification, run in a worker thread (api/verify-pool/worker.ts):
// parse the uploaded body, check its shape, run the offline verifier and build
// everything of the answer that needs no ledger (timeline, checks, certificate).
// Never throws: a malformed body is a 400, a package the verifier cannot get
// through (too deep, wrong types it did not expect) a 422, with a message.
import { createHash } from 'node:crypto';
import { canonicalJson } from '../../chaincode/src/domain';
import type { EvidencePackage, Statement } from '../../evidence/format';
import { verifiedTimelineOf, type TimelineEntry } from '../../evidence/timeline';
import { parseTrustBundle, TrustBundleError, trustBundleHash, type TrustBundle } from '../../evidence/trust/bundle';
import { CHECK_TITLES_ZH, verifyPackage, type DocumentInput, type VerifyResult } from '../../evidence/verify';
import { certificateOf } from '../judge/certificate';

/** The trust bundle the server verifies against, with its fingerprint. */
export interface ServerTrust {
  bundle: TrustBundle;
  hash: string;
}

/** POST /verify's body as received (bytes, parsed here), or a kept package verified again. */
export type VerifyTask =
  | { source: 'upload'; body: Uint8Array; ownTrust?: ServerTrust; baseUrl: string }
  | { source: 'kept'; json: string; uploadedBundle?: TrustBundle; ownTrust?: ServerTrust; baseUrl: string };

export interface Refusal {
  ok: false;
  status: 400 | 422 | 503;
  code: string;
  message: string;
  field?: string;
}

/** What the worker answers: everything of the judge's answer but the live check. */
export interface Verdict {
  ok: true;
  anchored: boolean;
  verified: boolean;
  asOf: { blockNumber: string; attestedAt?: string; attestingOrgs: string[] };
  trustBundle: {
    issuer: string;
    bundleHash: string;
    genesisHeaderHash: string;
    channel: string;
    own: boolean;
    source: 'uploaded' | 'server';
    orgNames: Record<string, string>;
    anchorDetail: string;
  };
  firstFailure?: VerifyResult['firstFailure'] & { titleZh: string | undefined };
  timeline: TimelineEntry[];
  checks: (VerifyResult['checks'][number] & { titleZh: string | undefined })[];
  facts: VerifyResult['facts'];
  certificate: Awaited<ReturnType<typeof certificateOf>>;
  /** For the store: the package's canonical JSON and its SHA-256 (json only when the package has its shape). */
  sha256: string;
  json?: string;
  kind: string;
  subject: string;
  /** The uploaded bundle (not the server's own), kept with the package. */
  uploadedBundle?: TrustBundle;
  /** Only for a package anchored in the server's own bundle: what the live check reads. */
  statements?: Statement[];
}

export type VerifyOutcome = Verdict | Refusal;

export const NO_TRUST_BUNDLE_MESSAGE =
  "this server has no trust bundle to verify against (TRUST_BUNDLE_FILE was not loaded); upload the court's trust bundle with the package";

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

class BadBody extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}${message.startsWith(':') ? '' : ' '}${message}`);
  }
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const BODY_FIELDS = ['package', 'documents', 'trustBundle'];
/**
 * How deep a body may nest. Our packages nest about a dozen levels (body, package, records, a write, its value); the
 * verifier's canonical JSON is recursive and names its path at each level, so a value 10,000 levels deep would take it
 * minutes (quadratic) or overflow the stack.
 */
export const MAX_DEPTH = 64;

/** Whether a parsed JSON value nests deeper than `max` (iterative: no recursion to overflow). */
function nestsDeeperThan(root: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[root, 1]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (depth > max) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v)) if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
  }
  return false;
}
const MAX_DOCUMENTS = 32;

function documentsOf(v: unknown): DocumentInput[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) throw new BadBody('body/documents', 'must be array');
  if (v.length > MAX_DOCUMENTS) throw new BadBody('body/documents', `must NOT have more than ${MAX_DOCUMENTS} items`);
  return v.map((d: unknown, i) => {
    const f = `body/documents/${i}`;
    if (!isObj(d)) throw new BadBody(f, 'must be object');
    const extra = Object.keys(d).find((k) => k !== 'name' && k !== 'contentBase64');
    if (extra) throw new BadBody(`${f}/${extra}`, 'must NOT have additional properties');
    if (typeof d.name !== 'string' || d.name.length > 256) throw new BadBody(`${f}/name`, 'must be a string of at most 256 characters');
    if (typeof d.contentBase64 !== 'string') throw new BadBody(`${f}/contentBase64`, 'must be string');
    return { name: d.name, bytes: Buffer.from(d.contentBase64, 'base64') };
  });
}

function bundleOf(v: unknown): TrustBundle | undefined {
  if (v === undefined) return undefined;
  try {
    return parseTrustBundle(v);
  } catch (e) {
    const field = `body/trustBundle${e instanceof TrustBundleError && e.field !== '$' ? `/${e.field}` : ''}`;
    throw new BadBody(field, `: ${(e as Error).message}`);
  }
}

/** The body of POST /verify, parsed and checked as its published schema says. */
function parseUpload(bytes: Uint8Array): { pkg: EvidencePackage; documents: DocumentInput[]; uploadedBundle?: TrustBundle } {
  let body: unknown;
  try {
    body = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'));
  } catch (e) {
    throw new BadBody('body', `is not JSON: ${(e as Error).message.slice(0, 200)}`);
  }
  if (!isObj(body)) throw new BadBody('body', 'must be object');
  if (nestsDeeperThan(body, MAX_DEPTH)) throw new BadBody('body', `nests deeper than ${MAX_DEPTH} levels; an evidence package nests about a dozen`);
  const extra = Object.keys(body).find((k) => !BODY_FIELDS.includes(k));
  if (extra) throw new BadBody(`body/${extra}`, 'must NOT have additional properties');
  if (!('package' in body)) throw new BadBody('body/package', 'is required');
  if (!isObj(body.package)) throw new BadBody('body/package', 'must be object');
  return { pkg: body.package as unknown as EvidencePackage, documents: documentsOf(body.documents), uploadedBundle: bundleOf(body.trustBundle) };
}

interface Input {
  pkg: EvidencePackage;
  documents: DocumentInput[];
  uploadedBundle?: TrustBundle;
  ownTrust?: ServerTrust;
  baseUrl: string;
  again: boolean;
}

// eslint-disable-next-line complexity -- the judge's answer in page order: trust bundle (own, uploaded, none), verify, certificate
async function verdictOf(i: Input): Promise<VerifyOutcome> {
  const own = i.ownTrust;
  const bundle = i.uploadedBundle ?? own?.bundle;
  if (!bundle) return { ok: false, status: 503, code: 'NO_TRUST_BUNDLE', message: NO_TRUST_BUNDLE_MESSAGE };
  const bundleHash = i.uploadedBundle ? trustBundleHash(i.uploadedBundle) : own!.hash;
  const isOwn = own !== undefined && bundleHash === own.hash;
  const result = verifyPackage(i.pkg, { trust: bundle, documents: i.documents });
  const anchored = result.facts.trust?.anchored === true;
  const anchorCheck = result.checks.find((c) => c.id === 'trust.anchor' && !c.ok) ?? result.checks.find((c) => c.id === 'trust.anchor');
  const { sha256, json } = packageDigest(i.pkg);
  const shapeOk = result.facts.kind !== undefined;
  // The link names the bundle when it is not the server's own, so it verifies against the same one again.
  const verifyUrl = `${i.baseUrl}/judge/packages/${sha256}${isOwn ? '' : `?trust=${bundleHash}`}`;
  const asOf = result.facts.asOf ?? { blockNumber: String(i.pkg.asOf?.blockNumber ?? ''), attestingOrgs: [] };
  return {
    ok: true,
    anchored,
    verified: result.ok,
    asOf,
    trustBundle: {
      issuer: bundle.issuer,
      bundleHash,
      genesisHeaderHash: bundle.genesisHeaderHash,
      channel: bundle.channel,
      own: isOwn,
      source: i.uploadedBundle ? 'uploaded' : 'server',
      orgNames: Object.fromEntries(bundle.orgs.map((o) => [o.mspId, o.name])),
      anchorDetail: anchorCheck?.detail ?? '',
    },
    firstFailure: result.firstFailure ? { ...result.firstFailure, titleZh: CHECK_TITLES_ZH[result.firstFailure.id] } : undefined,
    timeline: verifiedTimelineOf(i.pkg, result),
    checks: result.checks.map((c) => ({ ...c, titleZh: CHECK_TITLES_ZH[c.id] })),
    facts: result.facts,
    certificate: await certificateOf({
      pkg: i.pkg,
      result,
      trustIssuer: bundle.issuer,
      trustBundleHash: bundleHash,
      anchored,
      asOf,
      packageSha256: sha256,
      verifyUrl,
      again: i.again,
    }),
    sha256,
    ...(shapeOk ? { json } : {}),
    kind: String(i.pkg.kind),
    subject: String(i.pkg.subject),
    ...(i.uploadedBundle && !isOwn ? { uploadedBundle: i.uploadedBundle } : {}),
    ...(anchored && isOwn ? { statements: i.pkg.statements } : {}),
  };
}

/** Runs one task; every failure is a refusal with a message, never a throw. */
export async function runVerifyTask(task: VerifyTask): Promise<VerifyOutcome> {
  let input: Input;
  try {
    input =
      task.source === 'upload'
        ? { ...parseUpload(task.body), ownTrust: task.ownTrust, baseUrl: task.baseUrl, again: false }
        : {
            pkg: JSON.parse(task.json) as EvidencePackage,
            documents: [],
            uploadedBundle: task.uploadedBundle,
            ownTrust: task.ownTrust,
            baseUrl: task.baseUrl,
            again: true,
          };
  } catch (e) {
    if (e instanceof BadBody) return { ok: false, status: 400, code: 'INVALID_ARGUMENT', message: e.message, field: e.field };
    return { ok: false, status: 400, code: 'INVALID_ARGUMENT', message: `body: ${(e as Error).message}` };
  }
  try {
    return await verdictOf(input);
  } catch (e) {
    return {
      ok: false,
      status: 422,
      code: 'UNVERIFIABLE_PACKAGE',
      message: `the package could not be verified: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`.slice(0, 500),
    };
  }
}
