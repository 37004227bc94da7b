// The API's view of the ledger: the calls its routes, the judge's page and the
// evidence exporter make, and nothing of how they reach Fabric. The Fabric
// gateway's `Ledger` (gateway/ledger.ts) implements it as it is (structurally);
// unit tests implement it with a fake (test/unit/api/fake-ledger.ts).
//
// Implementations report every failure as a LedgerError (gateway/errors.ts):
// its kind, the chaincode's or Fabric's code, every peer's message and the
// transaction ID are what the API's error mapping answers with.
import type { NetworkDescription } from '../../network/description';

export { LedgerError, type LedgerErrorKind, type NodeDetail } from '../../gateway/errors';

/** A chaincode call, a committed write and a transaction's status: the gateway's own types. */
export type { Invocation, Submitted, TransactionStatus } from '../../gateway/invocation';
import type { Invocation, Submitted, TransactionStatus } from '../../gateway/invocation';

/** Step 1 and 2 of non-custodial signing: bytes for the client to sign, and their digest. */
export interface ToSign {
  txId: string;
  digest: Uint8Array;
}

export interface Attestations {
  attestations: { mspId: string; envelope: Uint8Array }[];
  failures: { mspId: string; error: string }[];
}

/** Calls are made as one Fabric identity of the network: `mspId` and the identity's name in network.json. */
export interface LedgerPort {
  readonly description: NetworkDescription;
  readonly channel: string;

  /** Endorse, submit and wait for the commit; resolves only once committed valid. */
  submit<T>(mspId: string, identity: string, inv: Invocation): Promise<Submitted<T>>;
  /** A read: evaluated on one peer, never submitted. */
  evaluate<T>(mspId: string, identity: string, inv: Invocation): Promise<T>;
  /** A transaction's validation code and block, or undefined when no peer of the org knows it. */
  transactionStatus(mspId: string, identity: string, txId: string): Promise<TransactionStatus | undefined>;
  /** A committed transaction's ID, block and chaincode result, read back from the ledger (idempotent replays); undefined when unknown. */
  transactionResult<T>(mspId: string, identity: string, txId: string): Promise<Submitted<T> | undefined>;
  /** Channel height on the org's preferred peer. */
  height(mspId: string, identity: string): Promise<string>;
  blockByNumber(mspId: string, identity: string, n: bigint): Promise<Uint8Array>;
  blockOf(mspId: string, identity: string, txId: string): Promise<Uint8Array>;
  /** Evidence:Attest endorsed by each application org separately, never submitted. */
  attest(mspId: string, identity: string, request: { keys: string[][]; prefixes: string[][]; minHeight?: bigint }): Promise<Attestations>;

  // Non-custodial signing: the caller holds its key; calls are made for its certificate.
  prepare(mspId: string, certificatePem: string, inv: Invocation): Promise<ToSign & { proposal: Uint8Array }>;
  endorseSigned(mspId: string, certificatePem: string, proposal: Uint8Array, signature: Uint8Array): Promise<ToSign & { transaction: Uint8Array }>;
  submitSigned<T>(mspId: string, certificatePem: string, transaction: Uint8Array, signature: Uint8Array): Promise<Submitted<T>>;

  close(): void;
}

/** The identity a call is made as. */
export interface Acting {
  mspId: string;
  identity: string;
}
