// The application's door to the ledger: the public facade of the gateway.
// It composes one concern per file: connections (pool.ts, connect.ts),
// failover and MVCC resubmission (failover.ts), submit and commit status
// (commit.ts), block and qscc queries (queries.ts), offline signing
// (offline-signing.ts), attestations (attest.ts) and read-your-writes across
// orgs (causal-floor.ts). Deadlines on every call; never treats an unknown
// outcome as a failure.
import type { Gateway, Network } from '@hyperledger/fabric-gateway';
import { readNetworkDescription, type NetworkDescription } from '../fabric/network-description';
import { attestEachOrg, type Attestations, type AttestRequest } from './attest';
import { CausalFloor } from './causal-floor';
import { submitAndCommit } from './commit';
import { DEFAULT_DEADLINES, type Deadlines } from './connect';
import { resubmitOnMvccConflict } from './failover';
import { newProposal, parseResult, proposalOptions, type Invocation, type LedgerOptions, type Submitted, type TransactionStatus } from './invocation';
import { LedgerError } from './errors';
import { OfflineSigning } from './offline-signing';
import { GatewayPool } from './pool';
import { blockByNumberOn, blockOfOn, heightOn, transactionResultOn, transactionStatusOn } from './queries';

export type { Invocation, LedgerOptions, Submitted, TransactionStatus } from './invocation';

export class Ledger {
  private readonly deadlines: Deadlines;
  private readonly pool: GatewayPool;
  private readonly offline: OfflineSigning;
  private readonly causal: CausalFloor<Gateway>;

  constructor(
    readonly description: NetworkDescription,
    private readonly options: LedgerOptions = {},
  ) {
    this.deadlines = options.deadlines ?? DEFAULT_DEADLINES;
    this.pool = new GatewayPool(description, this.deadlines, options.onRetry);
    this.causal = new CausalFloor<Gateway>(
      (gw) => this.pool.peerOf(gw),
      async (gw) => BigInt(await heightOn(gw, description.channel)),
    );
    this.offline = new OfflineSigning(this.pool, description, this.deadlines, this.causal);
  }

  static open(file: string, options?: LedgerOptions): Ledger {
    return new Ledger(readNetworkDescription(file), options);
  }

  get channel(): string {
    return this.description.channel;
  }

  private contract(gw: Gateway, name: string) {
    return gw.getNetwork(this.channel).getContract(this.description.chaincode, name);
  }

  async evaluate<T>(mspId: string, identity: string, inv: Invocation): Promise<T> {
    return this.pool.custodial(mspId, identity).run(async (gw) => {
      await this.causal.reach(gw);
      return parseResult<T>(await this.contract(gw, inv.contract).evaluate(inv.fn, proposalOptions(inv)));
    });
  }

  /** Endorse, submit, wait for the commit status; a new transaction after each MVCC conflict, up to `mvccRetries`. */
  async submit<T>(mspId: string, identity: string, inv: Invocation): Promise<Submitted<T>> {
    const f = this.pool.custodial(mspId, identity);
    const commit = { channel: this.channel, commitStatusMs: this.deadlines.commitStatusMs };
    return resubmitOnMvccConflict(
      () =>
        f.run(async (gw) => {
          await this.causal.reach(gw);
          const done = await submitAndCommit<T>(gw, await newProposal(this.contract(gw, inv.contract), inv).endorse(), commit);
          this.causal.committed(gw, done.blockNumber);
          return done;
        }),
      this.options.mvccRetries ?? 8,
      this.options.onRetry,
    );
  }

  /** A committed transaction's status as seen by `mspId`'s peers, or undefined when none knows it. */
  async transactionStatus(mspId: string, identity: string, txId: string): Promise<TransactionStatus | undefined> {
    return this.pool.custodial(mspId, identity).run((gw) => transactionStatusOn(gw, this.channel, txId));
  }

  /**
   * A committed transaction's answer as `submit` gave it (ID, block, the
   * chaincode's result), read back from the ledger: undefined when no peer of
   * the org knows the transaction; a LedgerError COMMIT_FAILED when it was invalidated.
   */
  async transactionResult<T>(mspId: string, identity: string, txId: string): Promise<Submitted<T> | undefined> {
    const found = await this.pool.custodial(mspId, identity).run((gw) => transactionResultOn(gw, this.channel, txId));
    if (!found) return undefined;
    const { status, response } = found;
    if (!status.valid) throw new LedgerError('COMMIT_FAILED', status.validationCode, `transaction ${txId} was invalidated: ${status.validationCode}`, { txId });
    return { txId, blockNumber: status.blockNumber, result: parseResult<T>(response) };
  }

  /** A raw block by number (for evidence). */
  async blockByNumber(mspId: string, identity: string, n: bigint): Promise<Uint8Array> {
    return this.pool.custodial(mspId, identity).run((gw) => blockByNumberOn(gw, this.channel, n));
  }

  /** The raw block containing a transaction (for evidence). */
  async blockOf(mspId: string, identity: string, txId: string): Promise<Uint8Array> {
    return this.pool.custodial(mspId, identity).run(async (gw) => {
      await this.causal.reach(gw);
      return blockOfOn(gw, this.channel, txId);
    });
  }

  /**
   * The channel as seen through the identity's preferred peer (event streams);
   * `nextPeer` after a stream failed on it, so a down peer is not retried forever.
   */
  async network(mspId: string, identity: string, { nextPeer = false } = {}): Promise<Network> {
    const f = this.pool.custodial(mspId, identity);
    if (nextPeer) f.rotate();
    return f.run(async (gw) => gw.getNetwork(this.channel));
  }

  /** Channel height on the org's preferred peer: a cheap readiness probe. */
  async height(mspId: string, identity: string): Promise<string> {
    return this.pool.custodial(mspId, identity).run((gw) => heightOn(gw, this.channel));
  }

  // --- Non-custodial flow (offline-signing.ts): the caller holds its key and signs two digests. ---

  /** Step 1: a proposal for the caller's certificate; the caller signs `digest`. */
  async prepare(mspId: string, certificatePem: string, inv: Invocation): Promise<{ txId: string; proposal: Uint8Array; digest: Uint8Array }> {
    return this.offline.prepare(mspId, certificatePem, inv);
  }

  /** Step 2: endorse the signed proposal; the caller signs the transaction's `digest`. */
  async endorseSigned(
    mspId: string,
    certificatePem: string,
    proposal: Uint8Array,
    signature: Uint8Array,
  ): Promise<{ txId: string; transaction: Uint8Array; digest: Uint8Array }> {
    return this.offline.endorseSigned(mspId, certificatePem, proposal, signature);
  }

  /** Step 3: submit the signed transaction and wait for its commit (status read through the org's admin). */
  async submitSigned<T>(mspId: string, certificatePem: string, transaction: Uint8Array, signature: Uint8Array): Promise<Submitted<T>> {
    return this.offline.submitSigned<T>(mspId, certificatePem, transaction, signature);
  }

  /** Evidence:Attest endorsed by each application org on its own (attest.ts); throws only if all fail. */
  async attest(mspId: string, identity: string, request: AttestRequest): Promise<Attestations> {
    return attestEachOrg(this.pool.custodial(mspId, identity), this.description, request);
  }

  close(): void {
    this.pool.close();
  }
}
