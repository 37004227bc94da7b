// Anchors a document's SHA-256 once, recording who (MSP + role attribute) and
// when (transaction time). The minimal contract the network is proven with;
// the dispute domain builds on the same conventions.
import { Context, Contract, Info, Returns, Transaction } from 'fabric-contract-api';

const SHA256 = /^[0-9a-f]{64}$/;

/** Deterministic JSON: keys sorted at every level. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

function txTimeIso(ctx: Context): string {
  const ts = ctx.stub.getTxTimestamp();
  const ms = Number(ts.seconds.toString()) * 1000 + Math.floor(ts.nanos / 1e6);
  return new Date(ms).toISOString();
}

@Info({ title: 'DocumentAnchor', description: 'SHA-256 anchors of documents' })
export class DocumentAnchorContract extends Contract {
  constructor() {
    super('DocumentAnchor');
  }

  @Transaction()
  @Returns('string')
  async Anchor(ctx: Context, sha256: string, kind: string): Promise<string> {
    if (!SHA256.test(sha256)) throw new Error('[INVALID_ARGUMENT] sha256 must be 64 lowercase hex characters');
    const role = ctx.clientIdentity.getAttributeValue('role');
    if (!role) throw new Error('[FORBIDDEN] the caller certificate has no role attribute');
    const key = ctx.stub.createCompositeKey('doc', [sha256]);
    if ((await ctx.stub.getState(key)).length > 0) throw new Error(`[ALREADY_EXISTS] document ${sha256} is already anchored`);
    const record = {
      anchoredBy: { mspId: ctx.clientIdentity.getMSPID(), role },
      kind,
      sha256,
      time: txTimeIso(ctx),
      txId: ctx.stub.getTxID(),
    };
    const json = canonical(record);
    await ctx.stub.putState(key, Buffer.from(json));
    ctx.stub.setEvent('DocumentAnchored', Buffer.from(json));
    return json;
  }

  @Transaction(false)
  @Returns('string')
  async Get(ctx: Context, sha256: string): Promise<string> {
    const data = await ctx.stub.getState(ctx.stub.createCompositeKey('doc', [sha256]));
    if (data.length === 0) throw new Error(`[NOT_FOUND] document ${sha256} is not anchored`);
    return Buffer.from(data).toString('utf8');
  }
}
