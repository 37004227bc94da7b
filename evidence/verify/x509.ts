// Certificates: parsing (cached by content), the subject's attributes, Fabric
// CA attributes, chain building to a set of trusted roots, and CRL entries.
import { X509Certificate, verify as cryptoVerify, type KeyObject } from 'node:crypto';
import { children, content, DerError, readOid, readPositiveInteger, type Tlv } from './der';

const OID_OU = '2.5.4.11';
const OID_CN = '2.5.4.3';
/** Fabric CA's attribute extension: JSON {"attrs": {...}}. */
const OID_FABRIC_ATTRS = '1.2.3.4.5.6.7.8.1';

export interface CertDetails {
  cert: X509Certificate;
  /** The certificate's public key (X509Certificate.publicKey makes a new KeyObject on every read). */
  publicKey: KeyObject;
  /** Subject attributes in order: [oid, value]. */
  subject: [string, string][];
  ous: string[];
  commonName: string;
  attributes: Record<string, string>;
  /** notBefore / notAfter in ms since the epoch. */
  validFrom: number;
  validTo: number;
}

const cache = new Map<string, CertDetails | Error>();
const MAX_CACHE = 4096;

/** Parses a PEM certificate; the result is cached by the PEM text, so a changed byte is a new parse. */
export function parseCertificate(pem: string): CertDetails {
  const hit = cache.get(pem);
  if (hit instanceof Error) throw hit;
  if (hit) return hit;
  let out: CertDetails | Error;
  try {
    if (!/^-----BEGIN CERTIFICATE-----\r?\n[A-Za-z0-9+/=\r\n]+-----END CERTIFICATE-----\r?\n?$/.test(pem)) {
      throw new Error('not a single PEM certificate');
    }
    const cert = new X509Certificate(pem);
    const body = pem.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '');
    if (!Buffer.from(body, 'base64').equals(cert.raw) || Buffer.from(body, 'base64').toString('base64') !== body) {
      throw new Error('PEM body is not the canonical base64 of the certificate');
    }
    out = { cert, publicKey: cert.publicKey, ...details(cert.raw), validFrom: Date.parse(cert.validFrom), validTo: Date.parse(cert.validTo) };
  } catch (e) {
    out = new Error(`certificate does not parse: ${(e as Error).message}`);
  }
  if (cache.size >= MAX_CACHE) cache.clear();
  cache.set(pem, out);
  if (out instanceof Error) throw out;
  return out;
}

// eslint-disable-next-line complexity -- X.509 TBSCertificate fields read in order, optional fields and extensions included
function details(raw: Uint8Array): Omit<CertDetails, 'cert' | 'publicKey' | 'validFrom' | 'validTo'> {
  const [certSeq] = children(raw);
  if (!certSeq) throw new DerError('empty certificate');
  const [tbs] = children(raw, certSeq);
  if (!tbs) throw new DerError('no tbsCertificate');
  const fields = children(raw, tbs);
  let i = fields[0]?.tag === 0xa0 ? 1 : 0; // version
  i += 1; // serial
  i += 1; // signature algorithm
  i += 1; // issuer
  i += 1; // validity
  const subjectTlv = fields[i];
  if (!subjectTlv) throw new DerError('no subject');
  const subject = readName(raw, subjectTlv);
  const extensions = fields.find((f) => f.tag === 0xa3);
  let attributes: Record<string, string> = {};
  if (extensions) {
    const [seq] = children(raw, extensions);
    for (const ext of seq ? children(raw, seq) : []) {
      const parts = children(raw, ext);
      if (parts[0] && readOid(raw, parts[0]) === OID_FABRIC_ATTRS) {
        const octets = parts[parts.length - 1]!;
        try {
          const parsed = JSON.parse(Buffer.from(content(raw, octets)).toString('utf8')) as { attrs?: Record<string, unknown> };
          attributes = Object.fromEntries(Object.entries(parsed.attrs ?? {}).map(([k, v]) => [k, String(v)]));
        } catch {
          attributes = {};
        }
      }
    }
  }
  return {
    subject,
    ous: subject.filter(([oid]) => oid === OID_OU).map(([, v]) => v),
    commonName: subject.find(([oid]) => oid === OID_CN)?.[1] ?? '',
    attributes,
  };
}

function readName(raw: Uint8Array, name: Tlv): [string, string][] {
  const out: [string, string][] = [];
  for (const rdn of children(raw, name)) {
    for (const atv of children(raw, rdn)) {
      const [oid, value] = children(raw, atv);
      if (!oid || !value) throw new DerError('bad name attribute');
      const bytes = content(raw, value);
      const text = value.tag === 0x1e ? Buffer.from(bytes).swap16().toString('utf16le') : Buffer.from(bytes).toString('utf8');
      out.push([readOid(raw, oid), text]);
    }
  }
  return out;
}

const SHORT: Record<string, string> = { '2.5.4.3': 'CN', '2.5.4.11': 'OU', '2.5.4.10': 'O', '2.5.4.7': 'L', '2.5.4.8': 'ST', '2.5.4.6': 'C' };

/** "CN=judge1, OU=client, O=Hyperledger, ST=North Carolina, C=US" (most specific first). */
export const subjectString = (d: CertDetails) =>
  [...d.subject]
    .reverse()
    .map(([oid, v]) => `${SHORT[oid] ?? oid}=${v}`)
    .join(', ');

/**
 * The chain from `leaf` up to one of `roots` through `intermediates`: each
 * certificate is issued by the next (names match and its signature verifies
 * with the next one's key), every issuer is a CA.
 */
export function buildChain(leaf: CertDetails, roots: CertDetails[], intermediates: CertDetails[]): CertDetails[] | string {
  const chain = [leaf];
  for (let depth = 0; depth < 8; depth++) {
    const current = chain[chain.length - 1]!;
    const rootIssuer = roots.find((r) => issued(r, current));
    if (rootIssuer) {
      if (!rootIssuer.cert.ca) return `root ${subjectString(rootIssuer)} is not a CA certificate`;
      if (rootIssuer.cert.raw.equals(current.cert.raw)) return chain;
      return [...chain, rootIssuer];
    }
    if (roots.some((r) => r.cert.raw.equals(current.cert.raw))) return chain;
    const next = intermediates.find((c) => issued(c, current) && !chain.includes(c));
    if (!next) return `no issuer of ${subjectString(current)} among the MSP's root and intermediate certificates (or its signature does not verify)`;
    if (!next.cert.ca) return `issuer ${subjectString(next)} is not a CA certificate`;
    chain.push(next);
  }
  return 'certificate chain too long';
}

function issued(issuer: CertDetails, subject: CertDetails): boolean {
  try {
    return subject.cert.checkIssued(issuer.cert) && subject.cert.verify(issuer.publicKey);
  } catch {
    return false;
  }
}

/** A CRL's revoked serial numbers, if its signature verifies with `issuer`'s key; undefined otherwise. */
// eslint-disable-next-line complexity -- CRL parser: TBSCertList fields in order (optional ones included), signature, revoked entries
export function revokedSerials(crlBytes: Uint8Array, issuer: CertDetails): Set<string> | undefined {
  try {
    // Fabric (x509.ParseCRL) takes a CRL in DER or in PEM.
    const text = Buffer.from(crlBytes.subarray(0, 64)).toString('latin1');
    const crl = text.startsWith('-----BEGIN X509 CRL-----')
      ? Buffer.from(
          Buffer.from(crlBytes)
            .toString('latin1')
            .replace(/-----(BEGIN|END) X509 CRL-----/g, '')
            .replace(/\s+/g, ''),
          'base64',
        )
      : crlBytes;
    const [list] = children(crl);
    if (!list) return undefined;
    const [tbs, alg, sig] = children(crl, list);
    if (!tbs || !alg || !sig || sig.tag !== 0x03) return undefined;
    const sigBytes = content(crl, sig);
    if (sigBytes[0] !== 0) return undefined;
    const algOid = readOid(crl, children(crl, alg)[0]!);
    const hash = { '1.2.840.10045.4.3.2': 'sha256', '1.2.840.10045.4.3.3': 'sha384', '1.2.840.113549.1.1.11': 'sha256' }[algOid];
    if (!hash) return undefined;
    if (!cryptoVerify(hash, crl.subarray(tbs.start, tbs.end), issuer.publicKey, sigBytes.subarray(1))) return undefined;
    const fields = children(crl, tbs);
    const revoked = new Set<string>();
    // version?, signature, issuer, thisUpdate, nextUpdate?, revokedCertificates?, [0] extensions?
    const isTime = (t?: Tlv) => t !== undefined && (t.tag === 0x17 || t.tag === 0x18);
    let i = fields.findIndex(isTime);
    if (i < 0) return undefined;
    i += isTime(fields[i + 1]) ? 2 : 1;
    const entries = fields[i]?.tag === 0x30 ? fields[i] : undefined;
    for (const entry of entries ? children(crl, entries) : []) {
      const [serial] = children(crl, entry);
      if (serial) revoked.add(readPositiveInteger(crl, serial).toString(16));
    }
    return revoked;
  } catch {
    return undefined;
  }
}

export const serialOf = (d: CertDetails) => BigInt(`0x${d.cert.serialNumber}`).toString(16);
