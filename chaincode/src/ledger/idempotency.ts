// Exactly-once writes, the Fabric side (rules in domain/idempotency.ts): a
// write whose proposal carries an idempotency claim in its transient data
// records { fn, requestSha256, txId } at ['idempotency', sha256(creator, key)]
// in its own write set; when that record already exists the proposal is
// refused (ALREADY_EXISTS, reason ALREADY_DONE, the first txId in the details).
// The record is read before it is written, so two racing resends cannot both
// commit: the second fails MVCC validation, and its resubmission is refused.
import { createHash } from 'node:crypto';
import type { Context } from 'fabric-contract-api';
import {
  alreadyDone,
  IDEMPOTENCY_OBJECT_TYPE,
  IDEMPOTENCY_TRANSIENT,
  idempotencyKeyPreimage,
  parseIdempotencyClaim,
  type IdempotencyRecord,
  type KeyParts,
} from '../domain';
import { getJson, putJson } from './state';

/** The ledger key of a client's key for one creator: SHA-256 of the canonical (MSP ID, identity, key) triple. */
export function idempotencyLedgerKey(mspId: string, subject: string, clientKey: string): KeyParts {
  return [
    IDEMPOTENCY_OBJECT_TYPE,
    createHash('sha256')
      .update(idempotencyKeyPreimage(mspId, subject, clientKey))
      .digest('hex'),
  ];
}

/** The calling identity's record for `clientKey`, if any. */
export function idempotencyRecord(ctx: Context, clientKey: string): Promise<IdempotencyRecord | undefined> {
  const id = ctx.clientIdentity;
  return getJson<IdempotencyRecord>(ctx, idempotencyLedgerKey(id.getMSPID(), id.getID(), clientKey));
}

/**
 * For a write (`qualifiedFn` Contract:Function): when the proposal carries a
 * claim, refuses it if the key was used, else records this transaction under
 * it. Without a claim it does nothing.
 */
export async function claimIdempotency(ctx: Context, qualifiedFn: string): Promise<void> {
  const bytes = ctx.stub.getTransient().get(IDEMPOTENCY_TRANSIENT);
  if (!bytes || bytes.length === 0) return;
  const claim = parseIdempotencyClaim(Buffer.from(bytes).toString('utf8'));
  const id = ctx.clientIdentity;
  const key = idempotencyLedgerKey(id.getMSPID(), id.getID(), claim.key);
  const existing = await getJson<IdempotencyRecord>(ctx, key);
  if (existing) throw alreadyDone(existing);
  const record: IdempotencyRecord = { fn: qualifiedFn, requestSha256: claim.requestSha256, txId: ctx.stub.getTxID() };
  await putJson(ctx, key, record);
}
