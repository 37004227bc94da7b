// The MSPs of the channel configuration and Fabric's rules for identities:
// an identity is valid in its MSP when its certificate chains to one of the
// MSP's roots (through its intermediates), is not revoked by the MSP's CRLs,
// carries one of the configured OUs (if any) and, with NodeOUs enabled,
// exactly one of the client / peer / admin / orderer OUs.
import { msp } from '@hyperledger/fabric-protos';
import { DecodeError } from './decode';
import { sha256Hex } from './hashes';
import { buildChain, parseCertificate, revokedSerials, serialOf, subjectString, type CertDetails } from './x509';
import type { IdentityFact } from './types';

export type NodeRole = 'client' | 'peer' | 'admin' | 'orderer';
export const NODE_ROLES: readonly NodeRole[] = ['client', 'peer', 'admin', 'orderer'];

interface OuIdentifier {
  ou: string;
  /** When set, the identity's direct issuer must be this certificate. */
  certifier?: CertDetails;
}

export interface MspInfo {
  mspId: string;
  roots: CertDetails[];
  intermediates: CertDetails[];
  admins: CertDetails[];
  crls: Uint8Array[];
  ouIdentifiers: OuIdentifier[];
  /** Undefined when NodeOUs are not enabled. */
  nodeOUs?: Partial<Record<NodeRole, OuIdentifier>>;
  /** The signature hash: sha256 (SHA2) or sha3-256 (SHA3). */
  hash: string;
}

const pemOf = (b: Uint8Array) => Buffer.from(b).toString('utf8');

function cert(b: Uint8Array, what: string): CertDetails {
  try {
    return parseCertificate(pemOf(b));
  } catch (e) {
    throw new DecodeError(`${what}: ${(e as Error).message}`);
  }
}

/** msp.MSPConfig (type 0, FABRIC) → MspInfo. */
// eslint-disable-next-line complexity -- msp.MSPConfig parser: one refusal per missing or wrong field
export function parseMspConfig(bytes: Uint8Array, where: string): MspInfo {
  const mc = msp.MSPConfig.deserializeBinary(bytes);
  if (mc.getType() !== 0) throw new DecodeError(`${where}: MSP type ${mc.getType()} is not FABRIC (X.509); not supported`);
  const f = msp.FabricMSPConfig.deserializeBinary(mc.getConfig_asU8());
  const mspId = f.getName();
  if (!mspId) throw new DecodeError(`${where}: MSP without a name`);
  const roots = f.getRootCertsList_asU8().map((b, i) => cert(b, `${mspId} root certificate #${i + 1}`));
  if (roots.length === 0) throw new DecodeError(`${mspId} has no root certificate`);
  const ou = (o: msp.FabricOUIdentifier | undefined, what: string): OuIdentifier | undefined => {
    if (!o || !o.getOrganizationalUnitIdentifier()) return undefined;
    const c = o.getCertificate_asU8();
    return { ou: o.getOrganizationalUnitIdentifier(), certifier: c.length ? cert(c, `${mspId} ${what} certificate`) : undefined };
  };
  const n = f.getFabricNodeOus();
  const family = f.getCryptoConfig()?.getSignatureHashFamily() || 'SHA2';
  if (family !== 'SHA2' && family !== 'SHA3') throw new DecodeError(`${mspId}: unknown signature hash family ${family}`);
  return {
    mspId,
    roots,
    intermediates: f.getIntermediateCertsList_asU8().map((b, i) => cert(b, `${mspId} intermediate certificate #${i + 1}`)),
    admins: f.getAdminsList_asU8().map((b, i) => cert(b, `${mspId} admin certificate #${i + 1}`)),
    crls: f.getRevocationListList_asU8(),
    ouIdentifiers: f
      .getOrganizationalUnitIdentifiersList()
      .map((o, i) => ou(o, `OU identifier #${i + 1}`)!)
      .filter(Boolean),
    nodeOUs: n?.getEnable()
      ? {
          client: ou(n.getClientOuIdentifier(), 'client OU'),
          peer: ou(n.getPeerOuIdentifier(), 'peer OU'),
          admin: ou(n.getAdminOuIdentifier(), 'admin OU'),
          orderer: ou(n.getOrdererOuIdentifier(), 'orderer OU'),
        }
      : undefined,
    hash: family === 'SHA3' ? 'sha3-256' : 'sha256',
  };
}

export interface Identity {
  mspId: string;
  serialized: Uint8Array;
  cert: CertDetails;
  /** Leaf first, root last. */
  chain: CertDetails[];
  roles: Set<NodeRole>;
  msp: MspInfo;
}

export type IdentityResult = { ok: true; identity: Identity } | { ok: false; reason: string; mspId?: string; subject?: string };

/**
 * A serialized identity (msp.SerializedIdentity) checked against the
 * channel's MSPs. `at` (ms) additionally requires the certificate to be
 * within its validity period at that time.
 */
export function validateIdentity(serialized: Uint8Array, msps: ReadonlyMap<string, MspInfo>, at?: number): IdentityResult {
  let sid: msp.SerializedIdentity;
  try {
    sid = msp.SerializedIdentity.deserializeBinary(serialized);
  } catch (e) {
    return { ok: false, reason: `not a serialized identity: ${(e as Error).message}` };
  }
  const mspId = sid.getMspid();
  const info = msps.get(mspId);
  if (!info) return { ok: false, mspId, reason: `MSP ${JSON.stringify(mspId)} is not in the channel configuration` };
  const pem = pemOf(sid.getIdBytes_asU8());
  // Cached by the MSP object (one per decoded configuration) and the exact certificate text.
  const cacheKey = `${mspId}\u0000${pem}`;
  let result = cacheFor(info).get(cacheKey);
  if (!result) {
    result = validateCertificate(pem, info, serialized);
    const cache = cacheFor(info);
    // Bounded: a package of many distinct (or junk) identities must not grow the memory of a long-running verifier.
    if (cache.size >= MAX_IDENTITIES_PER_MSP) cache.clear();
    cache.set(cacheKey, result);
  }
  if (!result.ok || at === undefined) return result;
  const c = result.identity.cert;
  if (!(c.validFrom <= at && at <= c.validTo)) {
    return {
      ok: false,
      mspId,
      subject: subjectString(c),
      reason: `certificate of ${subjectString(c)} is not valid at ${new Date(at).toISOString()} (valid ${c.cert.validFrom} to ${c.cert.validTo})`,
    };
  }
  return { ok: true, identity: { ...result.identity, serialized } };
}

const caches = new WeakMap<MspInfo, Map<string, IdentityResult>>();
/** Identities remembered per MSP object (a channel has a handful of signers; cleared when full). */
const MAX_IDENTITIES_PER_MSP = 1024;
function cacheFor(info: MspInfo): Map<string, IdentityResult> {
  let c = caches.get(info);
  if (!c) {
    c = new Map();
    caches.set(info, c);
  }
  return c;
}

// eslint-disable-next-line complexity -- verifier check: a certificate against its MSP (chain, validity, revocation, OUs, role), each a condition
function validateCertificate(pem: string, info: MspInfo, serialized: Uint8Array): IdentityResult {
  const mspId = info.mspId;
  let leaf: CertDetails;
  try {
    leaf = parseCertificate(pem);
  } catch (e) {
    return { ok: false, mspId, reason: (e as Error).message };
  }
  const subject = subjectString(leaf);
  const fail = (reason: string): IdentityResult => ({ ok: false, mspId, subject, reason });
  if (leaf.cert.ca) return fail(`${subject} is a CA certificate, which cannot be used as an identity`);
  const chain = buildChain(leaf, info.roots, info.intermediates);
  if (typeof chain === 'string') return fail(`certificate ${subject} does not chain to ${mspId}'s root: ${chain}`);
  // Revocation: every certificate below the root, against CRLs signed by its issuer.
  for (let i = 0; i + 1 < chain.length; i++) {
    for (const crl of info.crls) {
      const serials = revokedSerials(crl, chain[i + 1]!);
      if (serials?.has(serialOf(chain[i]!))) return fail(`certificate ${subjectString(chain[i]!)} is revoked by a CRL of ${mspId}`);
    }
  }
  const issuer = chain[1];
  const certifiedBy = (o: OuIdentifier) => !o.certifier || (issuer !== undefined && o.certifier.cert.raw.equals(issuer.cert.raw));
  if (info.ouIdentifiers.length > 0 && !info.ouIdentifiers.some((o) => leaf.ous.includes(o.ou) && certifiedBy(o))) {
    return fail(`${subject} has none of ${mspId}'s organizational units (${info.ouIdentifiers.map((o) => o.ou).join(', ')})`);
  }
  const roles = new Set<NodeRole>();
  if (info.nodeOUs) {
    for (const role of NODE_ROLES) {
      const o = info.nodeOUs[role];
      if (!o || !leaf.ous.includes(o.ou)) continue;
      if (!certifiedBy(o)) return fail(`${subject} has the ${role} OU but is not issued by the certificate ${mspId} configures for it`);
      roles.add(role);
    }
    if (roles.size === 0) return fail(`${subject} has no NodeOU of ${mspId} (client, peer, admin or orderer)`);
    if (roles.size > 1) return fail(`${subject} has several NodeOUs (${[...roles].join(', ')}); exactly one is allowed`);
  }
  if (info.admins.some((a) => a.cert.raw.equals(leaf.cert.raw))) roles.add('admin');
  return { ok: true, identity: { mspId, serialized, cert: leaf, chain, roles, msp: info } };
}

export function identityFact(id: Identity): IdentityFact {
  return {
    mspId: id.mspId,
    subject: subjectString(id.cert),
    commonName: id.cert.commonName,
    roles: [...id.roles],
    attributes: Object.fromEntries(Object.entries(id.cert.attributes).filter(([k]) => !k.startsWith('hf.'))),
    certificateSha256: sha256Hex(id.cert.cert.raw),
  };
}

/** "judge1 (client, role=judge) of CourtMSP". */
export function describeIdentity(id: Identity): string {
  const attrs = Object.entries(id.cert.attributes)
    .filter(([k]) => !k.startsWith('hf.'))
    .map(([k, v]) => `${k}=${v}`);
  return `${id.cert.commonName || subjectString(id.cert)} (${[...(id.roles.size ? id.roles : ['member']), ...attrs].join(', ')}) of ${id.mspId}`;
}
