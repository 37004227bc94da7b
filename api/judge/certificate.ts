// The printable evidence certificate (存证证书) of a verified package: what was
// verified (subject, transactions, blocks, endorsing organisations), against
// which trust bundle, complete as of which block and attested by whom, the
// documents checked, and a QR code of the link that verifies it again.
import QRCode from 'qrcode';
import type { EvidencePackage } from '../../evidence/format';
import type { VerifyResult } from '../../evidence/verify';

export interface CertificateInput {
  pkg: EvidencePackage;
  result: VerifyResult;
  /** The trust bundle it was verified against: its issuer and hash. */
  trustIssuer: string;
  trustBundleHash: string;
  anchored: boolean;
  /** Complete as of this block, attested when and by whom. */
  asOf: { blockNumber: string; attestedAt?: string; attestingOrgs: string[] };
  packageSha256: string;
  /** The link that verifies the package again (the QR code's target). */
  verifyUrl: string;
  /** Verified again from the link: the document files were not uploaded, so none was checked this time. */
  again: boolean;
}

export async function certificateOf(c: CertificateInput) {
  const { pkg, result, asOf } = c;
  const blocks = Array.isArray(pkg.blocks) ? pkg.blocks : [];
  return {
    kind: result.facts.kind ?? '',
    subject: result.facts.subject ?? '',
    channel: result.facts.channel ?? '',
    transactions: Array.isArray(pkg.transactions) ? pkg.transactions.length : 0,
    blocks: blocks.length,
    blockRange: blocks.length ? `${blocks[0]!.number}–${blocks[blocks.length - 1]!.number}` : '',
    endorsers: [...new Set(result.facts.transactions.flatMap((t) => t.endorsingOrgs))].sort(),
    trustIssuer: c.trustIssuer,
    trustBundleHash: c.trustBundleHash,
    anchored: c.anchored,
    asOfBlock: asOf.blockNumber,
    attestedAt: asOf.attestedAt ?? '',
    attestingOrgs: asOf.attestingOrgs,
    packageSha256: c.packageSha256,
    documents: result.facts.providedDocuments.map((d) => `${d.name}: ${d.matched ? '✓' : '✗'} ${d.sha256.slice(0, 16)}…`),
    verifiedAgain: c.again,
    verifiedAt: new Date().toISOString(),
    verifyUrl: c.verifyUrl,
    qrSvg: await QRCode.toString(c.verifyUrl, { type: 'svg', margin: 1 }),
  };
}
