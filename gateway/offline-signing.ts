// The non-custodial flow: the caller holds its key and signs two digests
// (the proposal's, then the transaction's); the gateway never sees the key.
import type { Gateway } from '@hyperledger/fabric-gateway';
import type { NetworkDescription } from '../fabric/network-description';
import type { CausalFloor } from './causal-floor';
import { submitAndCommit } from './commit';
import { findOrg, type Deadlines } from './connect';
import { newProposal, type Invocation, type Submitted } from './invocation';
import type { GatewayPool } from './pool';

export class OfflineSigning {
  constructor(
    private readonly pool: GatewayPool,
    private readonly description: NetworkDescription,
    private readonly deadlines: Deadlines,
    private readonly causal: CausalFloor<Gateway>,
  ) {}

  /** Step 1: a proposal for the caller's certificate; the caller signs `digest`. */
  async prepare(mspId: string, certificatePem: string, inv: Invocation): Promise<{ txId: string; proposal: Uint8Array; digest: Uint8Array }> {
    return this.pool.offlineSigning(mspId, certificatePem).run(async (gw) => {
      const p = newProposal(gw.getNetwork(this.description.channel).getContract(this.description.chaincode, inv.contract), inv);
      return { txId: p.getTransactionId(), proposal: p.getBytes(), digest: p.getDigest() };
    });
  }

  /** Step 2: endorse the signed proposal; the caller signs the transaction's `digest`. */
  async endorseSigned(
    mspId: string,
    certificatePem: string,
    proposal: Uint8Array,
    signature: Uint8Array,
  ): Promise<{ txId: string; transaction: Uint8Array; digest: Uint8Array }> {
    return this.pool.offlineSigning(mspId, certificatePem).run(async (gw) => {
      await this.causal.reach(gw);
      const tx = await gw.newSignedProposal(proposal, signature).endorse();
      return { txId: tx.getTransactionId(), transaction: tx.getBytes(), digest: tx.getDigest() };
    });
  }

  /**
   * Step 3: submit the signed transaction and wait for its commit. The status
   * is read by transaction ID through the org's admin (a read needing none of
   * the caller's authority), so the client signs only twice.
   */
  async submitSigned<T>(mspId: string, certificatePem: string, transaction: Uint8Array, signature: Uint8Array): Promise<Submitted<T>> {
    const statusVia = await this.pool.custodial(mspId, findOrg(this.description, mspId).identities[0]!.name).run(async (gw) => gw);
    const commit = { channel: this.description.channel, commitStatusMs: this.deadlines.commitStatusMs, statusVia };
    const done = await this.pool
      .offlineSigning(mspId, certificatePem)
      .run(async (gw) => submitAndCommit<T>(gw, gw.newSignedTransaction(transaction, signature), commit));
    this.causal.committed(statusVia, done.blockNumber);
    return done;
  }
}
