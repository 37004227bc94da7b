// Signature checks as Fabric's BCCSP does them: ECDSA over the MSP's hash
// (SHA-256) of the message, DER-encoded (r, s), and s in the lower half of the
// curve order (Fabric rejects high-S signatures as malleable).
import { verify } from 'node:crypto';
import { children, DerError, readPositiveInteger } from './der';
import { sha256 } from './hashes';
import { validateIdentity, describeIdentity, type Identity, type MspInfo } from './msp';

const ORDERS: Record<string, bigint> = {
  prime256v1: 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n,
  secp384r1: 0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973n,
};

/** Empty string when the signature verifies; otherwise why not. */
// eslint-disable-next-line complexity -- ECDSA checks in Fabric's order: key type, curve, DER (r, s), range, low-S, then the memoized verify
export function signatureProblem(id: Identity, message: Uint8Array[], signature: Uint8Array): string {
  const key = id.cert.publicKey;
  if (key.asymmetricKeyType !== 'ec') return `key type ${key.asymmetricKeyType ?? '?'} is not ECDSA`;
  const order = ORDERS[key.asymmetricKeyDetails?.namedCurve ?? ''];
  if (!order) return `curve ${key.asymmetricKeyDetails?.namedCurve ?? '?'} is not supported`;
  try {
    const [seq, ...rest] = children(signature);
    if (!seq || rest.length || seq.tag !== 0x30) throw new DerError('not one DER SEQUENCE');
    const [r, s, ...more] = children(signature, seq);
    if (!r || !s || more.length) throw new DerError('not (r, s)');
    const rv = readPositiveInteger(signature, r);
    const sv = readPositiveInteger(signature, s);
    if (rv >= order || sv >= order) return 'r or s out of range';
    if (sv > order / 2n) return 'high-S signature (Fabric accepts only low-S)';
  } catch (e) {
    return `malformed signature: ${(e as Error).message}`;
  }
  const data = Buffer.concat(message);
  // Memoized by content: the certificate (by its PEM), the hash, a digest of the message and the signature.
  const memo = memoFor(id);
  const memoKey = `${id.msp.hash}:${sha256(data).toString('base64')}:${Buffer.from(signature).toString('base64')}`;
  const known = memo.get(memoKey);
  if (known !== undefined) return known;
  let problem: string;
  try {
    problem = verify(id.msp.hash, data, key, signature) ? '' : 'signature does not verify';
  } catch (e) {
    problem = `signature does not verify: ${(e as Error).message}`;
  }
  if (memo.size > 4096) memo.clear();
  memo.set(memoKey, problem);
  return problem;
}

const memos = new WeakMap<object, Map<string, string>>();
function memoFor(id: Identity): Map<string, string> {
  let m = memos.get(id.cert);
  if (!m) {
    m = new Map();
    memos.set(id.cert, m);
  }
  return m;
}

export type SignerResult = { ok: true; identity: Identity; who: string } | { ok: false; identity?: Identity; who: string; reason: string };

/**
 * A serialized identity and its signature over `message`: the identity must
 * be valid in its MSP (at time `at`, ms, when given) and the signature must verify.
 */
export function checkSigner(
  serialized: Uint8Array,
  message: Uint8Array[],
  signature: Uint8Array,
  msps: ReadonlyMap<string, MspInfo>,
  at?: number,
): SignerResult {
  const v = validateIdentity(serialized, msps, at);
  if (!v.ok) return { ok: false, who: v.subject ? `${v.subject} of ${v.mspId ?? '?'}` : (v.mspId ?? 'unknown identity'), reason: v.reason };
  const who = describeIdentity(v.identity);
  const problem = signatureProblem(v.identity, message, signature);
  return problem ? { ok: false, identity: v.identity, who, reason: problem } : { ok: true, identity: v.identity, who };
}
