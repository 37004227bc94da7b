// Shared by the evidence verifier tests: the committed fixtures, and where
// things sit inside a raw block (signatures, certificates, and the few bytes
// no hash or signature covers).
import { common, peer } from '@hyperledger/fabric-protos';
import fs from 'node:fs';
import path from 'node:path';
import type { EvidencePackage } from '../../../evidence/format';
import { parseTrustBundle, type TrustBundle } from '../../../evidence/trust/bundle';
import { verifyPackage } from '../../../evidence/verify';
import type { VerifyOptions, VerifyResult } from '../../../evidence/verify/types';

export const FIXTURES = path.join(__dirname, '..', '..', 'fixtures', 'evidence');
export const PACKAGES = ['dispute.json', 'contract.json'] as const;

const texts = new Map<string, string>();
/** A fresh copy of a committed fixture package. */
export function loadPackage(name: string): EvidencePackage {
  let text = texts.get(name);
  if (!text) {
    text = fs.readFileSync(path.join(FIXTURES, name), 'utf8');
    texts.set(name, text);
  }
  return JSON.parse(text) as EvidencePackage;
}

/** The trust bundle of the network the fixtures come from (copied from .fabric/trust-bundle.json by the fixture script). */
export const TRUST_FILE = path.join(FIXTURES, 'trust-bundle.json');
export const TRUST: TrustBundle = parseTrustBundle(JSON.parse(fs.readFileSync(TRUST_FILE, 'utf8')));

/** verifyPackage against the fixtures' trust bundle (unless options say otherwise). */
export const verify = (pkg: EvidencePackage, options: VerifyOptions = {}): VerifyResult => verifyPackage(pkg, { trust: TRUST, ...options });

/** The failed checks of a result, by id. */
export const failedIds = (r: VerifyResult): string[] => [...new Set(r.checks.filter((c) => !c.ok).map((c) => c.id))];

export const documentFile = (name: string) => ({ name, bytes: new Uint8Array(fs.readFileSync(path.join(FIXTURES, name))) });
export const DOCUMENTS = fs
  .readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.txt'))
  .sort();

export type Range = [start: number, end: number];

interface WireField {
  field: number;
  wire: number;
  /** Where the value (after tag and length) starts and ends. */
  start: number;
  end: number;
}

function varint(buf: Uint8Array, p: number): [number, number] {
  let v = 0;
  let mul = 1;
  for (;;) {
    const b = buf[p++]!;
    v += (b & 0x7f) * mul;
    if (!(b & 0x80)) return [v, p];
    mul *= 128;
  }
}

/** The top-level fields of a protobuf message between `from` and `to`. */
export function wireFields(buf: Uint8Array, from = 0, to = buf.length): WireField[] {
  const out: WireField[] = [];
  let p = from;
  while (p < to) {
    const [tag, afterTag] = varint(buf, p);
    const wire = tag & 7;
    if (wire === 2) {
      const [len, start] = varint(buf, afterTag);
      out.push({ field: tag >>> 3, wire, start, end: start + len });
      p = start + len;
    } else if (wire === 0) {
      const [, end] = varint(buf, afterTag);
      out.push({ field: tag >>> 3, wire, start: afterTag, end });
      p = end;
    } else {
      throw new Error(`unexpected wire type ${wire}`);
    }
  }
  return out;
}

export interface BlockLayout {
  /**
   * Bytes no hash or orderer signature covers and that say nothing about the
   * packaged transactions: the validation flags of the block's other
   * transactions, and the peer-local commit hash.
   */
  unsigned: Range[];
  signatures: Range[];
  certificates: Range[];
}

function find(raw: Buffer, needle: Uint8Array, out: Range[]): void {
  if (needle.length < 8) return;
  for (let at = raw.indexOf(needle); at >= 0; at = raw.indexOf(needle, at + 1)) out.push([at, at + needle.length]);
}

/** Where the interesting bytes of a raw block are; `packaged` are the indexes of the package's transactions in it. */
// eslint-disable-next-line complexity -- test support: walks a raw block's protobuf layout to name its byte ranges
export function blockLayout(raw: Buffer, packaged: number[]): BlockLayout {
  const unsigned: Range[] = [];
  const signatures: Range[] = [];
  const certificates: Range[] = [];
  const metadata = wireFields(raw).find((f) => f.field === 3)!;
  const entries = wireFields(raw, metadata.start, metadata.end);
  const filter = entries[common.BlockMetadataIndex.TRANSACTIONS_FILTER];
  if (filter) {
    for (let i = filter.start; i < filter.end; i++) if (!packaged.includes(i - filter.start)) unsigned.push([i, i + 1]);
  }
  const commitHash = entries[common.BlockMetadataIndex.COMMIT_HASH];
  if (commitHash && commitHash.end > commitHash.start) unsigned.push([commitHash.start, commitHash.end]);

  const block = common.Block.deserializeBinary(raw);
  const md = common.Metadata.deserializeBinary(block.getMetadata()!.getMetadataList_asU8()[0]!);
  for (const s of md.getSignaturesList()) find(raw, s.getSignature_asU8(), signatures);
  for (const data of block.getData()!.getDataList_asU8()) {
    const env = common.Envelope.deserializeBinary(data);
    find(raw, env.getSignature_asU8(), signatures);
    const payload = common.Payload.deserializeBinary(env.getPayload_asU8());
    if (common.ChannelHeader.deserializeBinary(payload.getHeader()!.getChannelHeader_asU8()).getType() !== common.HeaderType.ENDORSER_TRANSACTION) continue;
    for (const action of peer.Transaction.deserializeBinary(payload.getData_asU8()).getActionsList()) {
      const cap = peer.ChaincodeActionPayload.deserializeBinary(action.getPayload_asU8());
      for (const e of cap.getAction()!.getEndorsementsList()) find(raw, e.getSignature_asU8(), signatures);
    }
  }
  const BEGIN = Buffer.from('-----BEGIN CERTIFICATE-----');
  const END = Buffer.from('-----END CERTIFICATE-----');
  for (let at = raw.indexOf(BEGIN); at >= 0; at = raw.indexOf(BEGIN, at + 1)) {
    const end = raw.indexOf(END, at);
    if (end > at) certificates.push([at, end + END.length]);
  }
  return { unsigned, signatures, certificates };
}

export const inRanges = (p: number, ranges: Range[]) => ranges.some(([a, b]) => p >= a && p < b);
