// The little ASN.1 DER the verifier needs: Fabric's block header encoding, the
// two integers of an ECDSA signature, certificate extensions and CRL entries.
// Strict: lengths must be minimal and a value must fill its container.

export interface Tlv {
  tag: number;
  /** Offset of the tag byte. */
  start: number;
  /** Offset of the first content byte. */
  contentStart: number;
  /** Offset just past the content. */
  end: number;
}

export class DerError extends Error {}

// eslint-disable-next-line complexity -- DER TLV reader: tag, short or long length form (minimal, bounded), truncation; one refusal each
export function readTlv(buf: Uint8Array, offset: number, limit = buf.length): Tlv {
  if (offset + 2 > limit) throw new DerError(`truncated DER at ${offset}`);
  const tag = buf[offset]!;
  if ((tag & 0x1f) === 0x1f) throw new DerError('multi-byte DER tags are not supported');
  let len = buf[offset + 1]!;
  let p = offset + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4) throw new DerError(`bad DER length at ${offset}`);
    if (p + n > limit) throw new DerError(`truncated DER length at ${offset}`);
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + buf[p + i]!;
    if (buf[p] === 0 || len < 0x80) throw new DerError(`non-minimal DER length at ${offset}`);
    p += n;
  }
  if (p + len > limit) throw new DerError(`DER value overruns its container at ${offset}`);
  return { tag, start: offset, contentStart: p, end: p + len };
}

/** The TLVs directly inside a constructed value (or a whole buffer). */
export function children(buf: Uint8Array, parent?: Tlv): Tlv[] {
  const out: Tlv[] = [];
  let p = parent ? parent.contentStart : 0;
  const end = parent ? parent.end : buf.length;
  while (p < end) {
    const t = readTlv(buf, p, end);
    out.push(t);
    p = t.end;
  }
  return out;
}

export const content = (buf: Uint8Array, t: Tlv) => buf.subarray(t.contentStart, t.end);

function encodeLength(n: number): number[] {
  if (n < 0x80) return [n];
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return [0x80 | bytes.length, ...bytes];
}

export function tlv(tag: number, value: Uint8Array): Uint8Array {
  return Buffer.concat([Buffer.from([tag, ...encodeLength(value.length)]), value]);
}

/** A non-negative integer, as Go's asn1 encodes a *big.Int. */
export function derUnsignedInteger(n: bigint): Uint8Array {
  if (n < 0n) throw new DerError('negative integer');
  let hex = n.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  let bytes = Buffer.from(hex, 'hex');
  if (bytes[0]! & 0x80) bytes = Buffer.concat([Buffer.from([0]), bytes]);
  return tlv(0x02, bytes);
}

/** A positive INTEGER's value, checking minimal encoding. */
export function readPositiveInteger(buf: Uint8Array, t: Tlv): bigint {
  if (t.tag !== 0x02) throw new DerError('expected an INTEGER');
  const v = content(buf, t);
  if (v.length === 0) throw new DerError('empty INTEGER');
  if (v[0]! & 0x80) throw new DerError('negative INTEGER');
  if (v.length > 1 && v[0] === 0 && !(v[1]! & 0x80)) throw new DerError('non-minimal INTEGER');
  const n = BigInt(`0x${Buffer.from(v).toString('hex')}`);
  if (n === 0n) throw new DerError('zero INTEGER');
  return n;
}

/** An OBJECT IDENTIFIER's dotted form. */
export function readOid(buf: Uint8Array, t: Tlv): string {
  if (t.tag !== 0x06) throw new DerError('expected an OBJECT IDENTIFIER');
  const v = content(buf, t);
  const parts: number[] = [];
  let acc = 0;
  for (const b of v) {
    acc = acc * 128 + (b & 0x7f);
    if (!(b & 0x80)) {
      parts.push(acc);
      acc = 0;
    }
  }
  if (parts.length === 0) throw new DerError('empty OID');
  const first = parts[0]!;
  const head = first < 80 ? [Math.floor(first / 40), first % 40] : [2, first - 80];
  return [...head, ...parts.slice(1)].join('.');
}
