// Submit and commit status. Never treats an unknown outcome as a failure: when
// the status stream fails, the outcome is looked up by transaction ID first.
import type { Gateway, Transaction } from '@hyperledger/fabric-gateway';
import { validationCodeName } from '../fabric/blocks';
import { sleep } from '../fabric/sleep';
import { LedgerError, toLedgerError } from './errors';
import { parseResult, type Submitted, type TransactionStatus } from './invocation';
import { transactionStatusOn } from './queries';

export interface CommitOptions {
  channel: string;
  /** How long to look a transaction's status up before calling its outcome unknown. */
  commitStatusMs: number;
  /** Look the status up through this gateway instead of the commit-status stream (client-signed transactions). */
  statusVia?: Gateway;
}

/** Polls qscc until the transaction is committed on the peer, or the commit-status deadline passes. */
async function awaitStatus(gw: Gateway, channel: string, txId: string, commitStatusMs: number): Promise<TransactionStatus | undefined> {
  const deadline = Date.now() + commitStatusMs;
  for (;;) {
    const known = await transactionStatusOn(gw, channel, txId).catch(() => undefined);
    if (known || Date.now() > deadline) return known;
    await sleep(250);
  }
}

/**
 * Submits and waits for the commit. When the status stream fails, the
 * outcome is looked up by transaction ID before anything is reported: an
 * unknown outcome is never reported as a failure.
 */
export async function submitAndCommit<T>(gw: Gateway, tx: Transaction, { channel, commitStatusMs, statusVia }: CommitOptions): Promise<Submitted<T>> {
  const submitted = await tx.submit();
  const txId = submitted.getTransactionId();
  let valid: boolean;
  let code: string;
  let blockNumber: string;
  try {
    // A client-signed transaction's status request would need a fourth client signature: look it up instead.
    if (statusVia) throw new Error('commit status is looked up by transaction ID');
    const s = await submitted.getStatus();
    valid = s.successful;
    code = validationCodeName(s.code);
    blockNumber = s.blockNumber.toString();
  } catch (e) {
    const known = await awaitStatus(statusVia ?? gw, channel, txId, commitStatusMs);
    if (!known) {
      // Submitted: never let this look like a failover case, or the same transaction is sent again.
      const err = toLedgerError(e);
      if (err.kind === 'OUTCOME_UNKNOWN') throw err;
      const message = `transaction ${txId} was submitted but its outcome is unknown: ${err.message}`;
      throw new LedgerError('OUTCOME_UNKNOWN', err.code, message, { details: err.details, txId, cause: e });
    }
    ({ valid, validationCode: code, blockNumber } = known);
  }
  if (!valid) throw new LedgerError('COMMIT_FAILED', code, `transaction ${txId} was invalidated: ${code}`, { txId });
  return { txId, blockNumber, result: parseResult<T>(submitted.getResult()) };
}
