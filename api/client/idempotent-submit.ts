// A write that happens once per idempotency key: the ledger is asked first
// (Idempotency:Get) and, when an earlier send did the work, answers that
// transaction's ID, block and result, read back from the ledger; otherwise the
// write carries the claim as transient data and the chaincode records it in
// the same transaction. A send that loses a race (or whose look-up missed a
// write still committing) is refused at endorsement with ALREADY_DONE and
// answered the same way.
import { alreadyDoneRecord, canonicalJson, IDEMPOTENCY_TRANSIENT, type IdempotencyRecord } from '../../chaincode/src/domain';
import { ApiError } from '../errors';
import type { RequestClaim } from '../idempotency';
import { LedgerError, type Acting, type Invocation, type LedgerPort, type Submitted } from '../ports/ledger-port';

/** One transaction's share of a request's claim: the key with its part suffix. */
export interface PartClaim {
  request: RequestClaim;
  key: string;
}

/** The record of the caller's key, if an earlier send did the work. */
async function recordOf(ledger: LedgerPort, as: Acting, key: string): Promise<IdempotencyRecord | undefined> {
  const { record } = await ledger.evaluate<{ record: IdempotencyRecord | null }>(as.mspId, as.identity, { contract: 'Idempotency', fn: 'Get', args: [key] });
  return record ?? undefined;
}

/** The first send's answer, when the record is of this very request; 409 IDEMPOTENCY_CONFLICT otherwise. */
async function replay<T>(ledger: LedgerPort, as: Acting, inv: Invocation, claim: PartClaim, record: IdempotencyRecord): Promise<Submitted<T>> {
  if (record.requestSha256 !== claim.request.requestSha256 || record.fn !== `${inv.contract}:${inv.fn}`) {
    throw new ApiError(409, 'IDEMPOTENCY_CONFLICT', `this Idempotency-Key was used for a different request (transaction ${record.txId})`, {
      txId: record.txId,
    });
  }
  const out = await ledger.transactionResult<T>(as.mspId, as.identity, record.txId);
  if (!out) {
    throw new LedgerError('UNAVAILABLE', 'NOT_FOUND', `transaction ${record.txId} did this request's work but this org's peers do not show it yet; resend`, {
      txId: record.txId,
    });
  }
  claim.request.replayed += 1;
  return out;
}

export async function submitOnce<T>(ledger: LedgerPort, as: Acting, inv: Invocation, claim: PartClaim): Promise<Submitted<T>> {
  const known = await recordOf(ledger, as, claim.key);
  if (known) return replay<T>(ledger, as, inv, claim, known);
  const transient = { ...(inv.transient ?? {}), [IDEMPOTENCY_TRANSIENT]: canonicalJson({ key: claim.key, requestSha256: claim.request.requestSha256 }) };
  let out: Submitted<T>;
  try {
    out = await ledger.submit<T>(as.mspId, as.identity, { ...inv, transient });
  } catch (e) {
    const record = e instanceof LedgerError && e.domainCode === 'ALREADY_EXISTS' ? alreadyDoneRecord(e.domainDetails) : undefined;
    if (!record) throw e;
    return replay<T>(ledger, as, inv, claim, record);
  }
  claim.request.written += 1;
  claim.request.afterCommit(out.txId);
  return out;
}
