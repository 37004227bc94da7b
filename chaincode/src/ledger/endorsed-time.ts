// Endorsed time, the Fabric side: every contract class extends NotaryContract,
// whose beforeTransaction refuses to endorse a write (or an attestation) whose
// proposal timestamp is further than the tolerance from this chaincode
// server's clock. The comparison is domain/time-window.ts; this file only
// supplies the clock, the tolerance and the transaction's kind.
//
// The tolerance is read once, when the server starts, from
// NOTARY_TIME_TOLERANCE_SECONDS (whole seconds, default 300). The native
// launcher passes it on from its own environment (network/native/chaincode.ts);
// in a multi-host deployment each org sets it on its own chaincode server.
//
// The same hook claims a write's idempotency key (ledger/idempotency.ts), so
// every write of every contract gets exactly-once resends without each
// transaction function doing it by hand.
import { Context, Contract } from 'fabric-contract-api';
import { assertTimeWindow, needsEndorsedTime, parseTimeTolerance, TIME_TOLERANCE_ENV, txTimestampMs } from '../domain';
import { guarded } from './guard';
import { claimIdempotency } from './idempotency';

/** Fails the server's start on a malformed value rather than endorsing under a tolerance nobody chose. */
export const TIME_TOLERANCE_MS = parseTimeTolerance(process.env[TIME_TOLERANCE_ENV]);

interface TransactionMetadata {
  name: string;
  tag?: string[];
  tags?: string[];
}

/** The contract-api's own record of a transaction function: `@Transaction(false)` tags it EVALUATE. */
function tagsOf(contract: Contract, fn: string): string[] | undefined {
  const reflect = Reflect as unknown as { getMetadata?: (key: string, target: object) => unknown };
  const all = reflect.getMetadata?.('fabric:transactions', contract) as TransactionMetadata[] | undefined;
  const tx = all?.find((t) => t.name === fn);
  return tx ? (tx.tag ?? tx.tags) : undefined;
}

/** The transaction being run: `Contract:Function` and the contract-api's tags of the function. */
function transactionOf(ctx: Context, contract: Contract): { qualified: string; tags: string[] | undefined } {
  const { fcn } = ctx.stub.getFunctionAndParameters();
  const fn = fcn.includes(':') ? fcn.slice(fcn.lastIndexOf(':') + 1) : fcn;
  return { qualified: `${contract.getName()}:${fn}`, tags: tagsOf(contract, fn) };
}

/** Refuses (coded INVALID_ARGUMENT, reason TIME_OUT_OF_WINDOW) a proposal outside the window; never writes anything. */
export function checkEndorsedTime(ctx: Context, contract: Contract, clockMs: number = Date.now()): void {
  const { qualified, tags } = transactionOf(ctx, contract);
  if (!needsEndorsedTime(qualified, tags)) return;
  const ts = ctx.stub.getTxTimestamp();
  assertTimeWindow(txTimestampMs(Number(ts.seconds.toString()), ts.nanos), clockMs, TIME_TOLERANCE_MS);
}

/** A read (`@Transaction(false)`) never claims a key: it writes nothing, so there is nothing to do once. */
async function claimForWrite(ctx: Context, contract: Contract): Promise<void> {
  const { qualified, tags } = transactionOf(ctx, contract);
  if ((tags ?? []).includes('EVALUATE')) return;
  await claimIdempotency(ctx, qualified);
}

/** The base of every contract class: endorsed time and idempotency claims for every write, in one place. */
export abstract class NotaryContract extends Contract {
  override async beforeTransaction(ctx: Context): Promise<void> {
    await guarded(async () => {
      checkEndorsedTime(ctx, this);
      await claimForWrite(ctx, this);
    });
  }
}
