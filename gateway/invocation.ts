// What the ledger is asked and what it answers: the types of the gateway's
// public facade (ledger.ts) and the encoding of arguments and results.
import type { Contract, Proposal } from '@hyperledger/fabric-gateway';
import type { Deadlines } from './connect';
import type { LedgerError } from './errors';

export interface Invocation {
  contract: string;
  fn: string;
  args?: string[];
  /** Private inputs: sent to the endorsers only, never written to a block. */
  transient?: Record<string, string>;
}

export interface Submitted<T> {
  txId: string;
  blockNumber: string;
  result: T;
}

export interface TransactionStatus {
  txId: string;
  validationCode: string;
  valid: boolean;
  blockNumber: string;
}

export interface LedgerOptions {
  deadlines?: Deadlines;
  /** Resubmissions after an MVCC conflict (a new transaction each time). */
  mvccRetries?: number;
  /** Called for every retry or failover, for logs and metrics. */
  onRetry?: (event: { reason: 'mvcc' | 'failover' | 'endorsement-plan'; txId?: string; peer?: string; error: LedgerError }) => void;
}

const utf8 = new TextDecoder();

/** A chaincode result: JSON. */
export const parseResult = <T>(bytes: Uint8Array): T => JSON.parse(utf8.decode(bytes)) as T;

const transientOf = (t?: Record<string, string>) => (t ? Object.fromEntries(Object.entries(t).map(([k, v]) => [k, Buffer.from(v)])) : undefined);

/** The proposal options of an invocation: its arguments and transient data. */
export const proposalOptions = (inv: Invocation) => ({ arguments: inv.args ?? [], transientData: transientOf(inv.transient) });

/** A new proposal for `inv` on `contract`. */
export const newProposal = (contract: Contract, inv: Invocation): Proposal => contract.newProposal(inv.fn, proposalOptions(inv));
