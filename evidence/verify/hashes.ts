// Fabric's block hashes: the data hash (SHA-256 over the concatenated
// envelopes) and the header hash (SHA-256 over the ASN.1 DER of the header,
// protoutil.BlockHeaderBytes), which the next header names as previous hash.
import * as crypto from 'node:crypto';
import { derUnsignedInteger, tlv } from './der';

/** crypto.hash (Node ≥ 20.12) is the fast one-shot digest; createHash otherwise. */
const oneShot = (crypto as { hash?: (alg: string, data: Uint8Array, enc: 'buffer') => Buffer }).hash;

export const sha256 = (...parts: Uint8Array[]): Buffer => {
  if (parts.length === 1 && oneShot) return oneShot('sha256', parts[0]!, 'buffer');
  const h = crypto.createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
};

export const sha256Hex = (...parts: Uint8Array[]): string => sha256(...parts).toString('hex');

export interface HeaderFields {
  number: bigint;
  previousHash: Uint8Array;
  dataHash: Uint8Array;
}

/** SEQUENCE { INTEGER number, OCTET STRING previous_hash, OCTET STRING data_hash }. */
export function blockHeaderBytes(h: HeaderFields): Uint8Array {
  if (h.previousHash.length > 64 || h.dataHash.length > 64 || h.number > 0xffffffffffffn) {
    return tlv(0x30, Buffer.concat([derUnsignedInteger(h.number), tlv(0x04, h.previousHash), tlv(0x04, h.dataHash)]));
  }
  // The common case without intermediate buffers (headers are hashed by the thousand).
  const int = smallUnsigned(h.number);
  const bodyLength = 2 + int.length + 2 + h.previousHash.length + 2 + h.dataHash.length;
  const out = Buffer.allocUnsafe(2 + bodyLength);
  let p = 0;
  out[p++] = 0x30;
  out[p++] = bodyLength; // < 128
  out[p++] = 0x02;
  out[p++] = int.length;
  for (const b of int) out[p++] = b;
  out[p++] = 0x04;
  out[p++] = h.previousHash.length;
  out.set(h.previousHash, p);
  p += h.previousHash.length;
  out[p++] = 0x04;
  out[p++] = h.dataHash.length;
  out.set(h.dataHash, p);
  return out;
}

/** The minimal two's-complement bytes of a non-negative integer below 2^48. */
function smallUnsigned(n: bigint): number[] {
  let v = Number(n);
  const bytes: number[] = [];
  do {
    bytes.unshift(v % 256);
    v = Math.floor(v / 256);
  } while (v > 0);
  if (bytes[0]! & 0x80) bytes.unshift(0);
  return bytes;
}

export const blockHeaderHash = (h: HeaderFields): Buffer => sha256(blockHeaderBytes(h));

/** BlockDataHashingStructure width "max uint32": SHA-256 of all envelopes, one after another. */
export const blockDataHash = (envelopes: Uint8Array[]): Buffer => sha256(...envelopes);
