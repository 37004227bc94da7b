// The trust bundle's format: its types, strict parsing and fingerprint. Pure:
// what the verifier needs of a bundle, without building one (bundle.ts).
import { canonicalJson } from '../../chaincode/src/domain/canonical-json';
import { sha256Hex } from '../verify/hashes';

export const TRUST_BUNDLE_FORMAT = 'notary-trust-bundle/1';

/** The channel configuration groups an organisation belongs to. */
export type TrustBundleGroup = 'Application' | 'Orderer';
export const TRUST_BUNDLE_GROUPS: readonly TrustBundleGroup[] = ['Application', 'Orderer'];
const GROUPS = TRUST_BUNDLE_GROUPS;

export interface TrustBundleOrg {
  mspId: string;
  /** Human name, e.g. "District court"; the MSP ID when none is known. */
  name: string;
  /** Where the genesis configuration lists the org (sorted). */
  groups: TrustBundleGroup[];
  /** SHA-256 (lowercase hex) of each root CA certificate's DER, in the MSP's order. */
  rootCertSha256: string[];
  /** SHA-256 (lowercase hex) of each intermediate CA certificate's DER, in the MSP's order; often empty. */
  intermediateCertSha256: string[];
}

export interface TrustBundle {
  format: typeof TRUST_BUNDLE_FORMAT;
  channel: string;
  /** SHA-256 (lowercase hex) of the genesis block header's ASN.1 DER, as Fabric computes it. */
  genesisHeaderHash: string;
  /** Who publishes the bundle (the court's name). */
  issuer: string;
  /** When the bundle was made: ISO 8601 UTC, e.g. 2026-11-27T12:00:00.000Z. */
  createdAt: string;
  /** Every organisation of the genesis configuration, sorted by MSP ID. */
  orgs: TrustBundleOrg[];
}

/** A bundle that is not well formed; `field` is the JSON path of the first bad field. */
export class TrustBundleError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`trust bundle: ${field}: ${message}`);
    this.name = 'TrustBundleError';
  }
}

/** A stable fingerprint of the bundle: SHA-256 (hex) of its canonical JSON (keys sorted, no whitespace). */
export function trustBundleHash(bundle: TrustBundle): string {
  return sha256Hex(Buffer.from(canonicalJson(bundle), 'utf8'));
}

// ---- strict parsing --------------------------------------------------------

const HEX64 = /^[0-9a-f]{64}$/;
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?Z$/;

type Obj = Record<string, unknown>;

function object(v: unknown, field: string, keys: readonly string[]): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new TrustBundleError(field, 'must be a JSON object');
  const o = v as Obj;
  for (const k of Object.keys(o)) {
    if (!keys.includes(k)) throw new TrustBundleError(field === '$' ? k : `${field}.${k}`, 'unknown field');
  }
  for (const k of keys) {
    if (!Object.prototype.hasOwnProperty.call(o, k)) throw new TrustBundleError(field === '$' ? k : `${field}.${k}`, 'missing');
  }
  return o;
}

function text(v: unknown, field: string): string {
  if (typeof v !== 'string') throw new TrustBundleError(field, 'must be a string');
  if (v.trim() === '' || v !== v.trim()) throw new TrustBundleError(field, 'must be a non-empty string without surrounding blanks');
  return v;
}

function hex64(v: unknown, field: string): string {
  if (typeof v !== 'string' || !HEX64.test(v)) throw new TrustBundleError(field, 'must be a SHA-256 digest: 64 lowercase hex digits');
  return v;
}

function array(v: unknown, field: string): unknown[] {
  if (!Array.isArray(v)) throw new TrustBundleError(field, 'must be an array');
  return v;
}

function digests(v: unknown, field: string, { nonEmpty }: { nonEmpty: boolean }): string[] {
  const list = array(v, field).map((d, i) => hex64(d, `${field}[${i}]`));
  if (nonEmpty && list.length === 0) throw new TrustBundleError(field, 'must name at least one certificate');
  const seen = new Set<string>();
  list.forEach((d, i) => {
    if (seen.has(d)) throw new TrustBundleError(`${field}[${i}]`, 'duplicate certificate fingerprint');
    seen.add(d);
  });
  return list;
}

const ORG_KEYS = ['mspId', 'name', 'groups', 'rootCertSha256', 'intermediateCertSha256'] as const;
const BUNDLE_KEYS = ['format', 'channel', 'genesisHeaderHash', 'issuer', 'createdAt', 'orgs'] as const;

function parseOrg(v: unknown, field: string): TrustBundleOrg {
  const o = object(v, field, ORG_KEYS);
  const groups = array(o.groups, `${field}.groups`).map((g, i) => {
    if (!GROUPS.includes(g as TrustBundleGroup)) throw new TrustBundleError(`${field}.groups[${i}]`, `must be one of ${GROUPS.join(', ')}`);
    return g as TrustBundleGroup;
  });
  if (groups.length === 0) throw new TrustBundleError(`${field}.groups`, 'must name at least one group');
  if (new Set(groups).size !== groups.length) throw new TrustBundleError(`${field}.groups`, 'duplicate group');
  return {
    mspId: text(o.mspId, `${field}.mspId`),
    name: text(o.name, `${field}.name`),
    groups: GROUPS.filter((g) => groups.includes(g)),
    rootCertSha256: digests(o.rootCertSha256, `${field}.rootCertSha256`, { nonEmpty: true }),
    intermediateCertSha256: digests(o.intermediateCertSha256, `${field}.intermediateCertSha256`, { nonEmpty: false }),
  };
}

/**
 * Checks that a value (e.g. JSON.parse of the published file) is a well-formed
 * trust bundle and returns a fresh copy of it. Throws TrustBundleError naming
 * the first bad field: unknown or missing fields, wrong types, malformed
 * digests or time, duplicate orgs or fingerprints.
 */
export function parseTrustBundle(json: unknown): TrustBundle {
  const o = object(json, '$', BUNDLE_KEYS);
  if (o.format !== TRUST_BUNDLE_FORMAT) throw new TrustBundleError('format', `must be "${TRUST_BUNDLE_FORMAT}"`);
  const channel = text(o.channel, 'channel');
  const genesisHeaderHash = hex64(o.genesisHeaderHash, 'genesisHeaderHash');
  const issuer = text(o.issuer, 'issuer');
  const createdAt = text(o.createdAt, 'createdAt');
  if (!ISO_UTC.test(createdAt) || Number.isNaN(Date.parse(createdAt))) {
    throw new TrustBundleError('createdAt', 'must be an ISO 8601 UTC time such as 2026-11-27T12:00:00.000Z');
  }
  const orgs = array(o.orgs, 'orgs').map((org, i) => parseOrg(org, `orgs[${i}]`));
  if (orgs.length === 0) throw new TrustBundleError('orgs', 'must list at least one organisation');
  const seen = new Set<string>();
  orgs.forEach((org, i) => {
    if (seen.has(org.mspId)) throw new TrustBundleError(`orgs[${i}].mspId`, `duplicate organisation ${org.mspId}`);
    seen.add(org.mspId);
  });
  return {
    format: TRUST_BUNDLE_FORMAT,
    channel,
    genesisHeaderHash,
    issuer,
    createdAt,
    orgs,
  };
}
