// The application's door to the ledger: one shared TLS gRPC client per peer
// endpoint for the whole process, a gateway per (identity, peer), deadlines on
// every call, failover across an org's peers, and resubmission of MVCC
// conflicts only. Never treats an unknown outcome as a failure.
import type * as grpc from '@grpc/grpc-js';
import type { Gateway, Network, Proposal, Transaction } from '@hyperledger/fabric-gateway';
import { common, gateway as gatewayProto, peer as peerProto } from '@hyperledger/fabric-protos';
import fs from 'node:fs';
import { readNetworkDescription, type NetworkDescription } from '../fabric/network-description';
import { connectAs, connectGateway, DEFAULT_DEADLINES, findIdentity, findOrg, newGrpcClient, orgPeers, type Deadlines, type PeerEndpoint } from './connect';
import { isFailover, isMvccConflict, LedgerError, toLedgerError, validationCodeName } from './errors';

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
  onRetry?: (event: { reason: 'mvcc' | 'failover'; txId?: string; peer?: string; error: LedgerError }) => void;
}

const utf8 = new TextDecoder();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const parse = <T>(bytes: Uint8Array): T => JSON.parse(utf8.decode(bytes)) as T;
const transientOf = (t?: Record<string, string>) =>
  t ? Object.fromEntries(Object.entries(t).map(([k, v]) => [k, Buffer.from(v)])) : undefined;

/** Runs `fn` against each gateway of the org in turn, starting with the last one that worked. */
class Failover {
  private preferred = 0;
  constructor(private readonly gateways: { peer: PeerEndpoint; gateway: Gateway }[], private readonly onRetry?: LedgerOptions['onRetry']) {}

  /** Moves on to the org's next peer, e.g. after an event stream through the current one failed. */
  rotate(): void {
    this.preferred = (this.preferred + 1) % this.gateways.length;
  }

  async run<T>(fn: (gw: Gateway) => Promise<T>): Promise<T> {
    let last: LedgerError | undefined;
    for (let i = 0; i < this.gateways.length; i++) {
      const index = (this.preferred + i) % this.gateways.length;
      const { peer, gateway } = this.gateways[index]!;
      try {
        const out = await fn(gateway);
        this.preferred = index;
        return out;
      } catch (e) {
        last = toLedgerError(e);
        if (!isFailover(last)) throw last;
        this.onRetry?.({ reason: 'failover', peer: peer.name, error: last });
      }
    }
    throw last!;
  }
}

export class Ledger {
  private readonly clients = new Map<string, grpc.Client>();
  private readonly identities = new Map<string, Failover>();
  private readonly offline = new Map<string, Failover>();
  private readonly gateways: Gateway[] = [];
  private readonly deadlines: Deadlines;

  constructor(readonly description: NetworkDescription, private readonly options: LedgerOptions = {}) {
    this.deadlines = options.deadlines ?? DEFAULT_DEADLINES;
  }

  static open(file: string, options?: LedgerOptions): Ledger {
    return new Ledger(readNetworkDescription(file), options);
  }

  get channel(): string {
    return this.description.channel;
  }

  private client(peer: PeerEndpoint): grpc.Client {
    let c = this.clients.get(peer.address);
    if (!c) {
      c = newGrpcClient(peer);
      this.clients.set(peer.address, c);
    }
    return c;
  }

  /** One gateway per peer of the org for a certificate, made on first use and kept. */
  private failoverOf(cache: Map<string, Failover>, key: string, mspId: string, connectOne: (client: grpc.Client) => Gateway): Failover {
    let f = cache.get(key);
    if (!f) {
      const gws = orgPeers(findOrg(this.description, mspId)).map((peer) => {
        const gateway = connectOne(this.client(peer));
        this.gateways.push(gateway);
        return { peer, gateway };
      });
      f = new Failover(gws, this.options.onRetry);
      cache.set(key, f);
    }
    return f;
  }

  /** Custodial: the gateway signs with the identity's key from network.json. */
  private failover(mspId: string, identity: string): Failover {
    return this.failoverOf(this.identities, `${mspId}/${identity}`, mspId, (client) =>
      connectGateway(client, mspId, findIdentity(findOrg(this.description, mspId), identity), this.deadlines));
  }

  /** Non-custodial: the caller's certificate only; the caller signs digests itself. */
  private offlineFailover(mspId: string, certificatePem: string): Failover {
    return this.failoverOf(this.offline, `${mspId}/${certificatePem}`, mspId, (client) =>
      connectAs(client, mspId, Buffer.from(certificatePem), undefined, this.deadlines));
  }

  async evaluate<T>(mspId: string, identity: string, inv: Invocation): Promise<T> {
    return this.failover(mspId, identity).run(async (gw) => {
      const contract = gw.getNetwork(this.channel).getContract(this.description.chaincode, inv.contract);
      return parse<T>(await contract.evaluate(inv.fn, { arguments: inv.args ?? [], transientData: transientOf(inv.transient) }));
    });
  }

  async submit<T>(mspId: string, identity: string, inv: Invocation): Promise<Submitted<T>> {
    const f = this.failover(mspId, identity);
    const retries = this.options.mvccRetries ?? 8;
    for (let attempt = 0; ; attempt++) {
      try {
        return await f.run((gw) => this.submitOnce<T>(gw, gw.getNetwork(this.channel).getContract(this.description.chaincode, inv.contract)
          .newProposal(inv.fn, { arguments: inv.args ?? [], transientData: transientOf(inv.transient) })));
      } catch (e) {
        const err = toLedgerError(e);
        if (!isMvccConflict(err) || attempt >= retries) throw err;
        this.options.onRetry?.({ reason: 'mvcc', txId: err.txId, error: err });
        // Spread the resubmissions of concurrent writers over the next blocks instead of colliding again.
        await sleep(Math.random() * Math.min(2000, 100 * 2 ** attempt));
      }
    }
  }

  /** Endorse, submit, wait for the commit status. */
  private async submitOnce<T>(gw: Gateway, proposal: Proposal): Promise<Submitted<T>> {
    return this.commit<T>(gw, await proposal.endorse());
  }

  /**
   * Submits and waits for the commit. When the status stream fails, the
   * outcome is looked up by transaction ID before anything is reported: an
   * unknown outcome is never reported as a failure.
   */
  private async commit<T>(gw: Gateway, tx: Transaction, statusVia?: Gateway): Promise<Submitted<T>> {
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
      const known = await this.awaitStatus(statusVia ?? gw, txId);
      if (!known) {
        // Submitted: never let this look like a failover case, or the same transaction is sent again.
        const err = toLedgerError(e);
        if (err.kind === 'OUTCOME_UNKNOWN') throw err;
        throw new LedgerError('OUTCOME_UNKNOWN', err.code, `transaction ${txId} was submitted but its outcome is unknown: ${err.message}`, { details: err.details, txId, cause: e });
      }
      ({ valid, validationCode: code, blockNumber } = known);
    }
    if (!valid) throw new LedgerError('COMMIT_FAILED', code, `transaction ${txId} was invalidated: ${code}`, { txId });
    return { txId, blockNumber, result: parse<T>(submitted.getResult()) };
  }

  /** The peer's system chaincode for blocks and transactions. */
  private qscc(gw: Gateway) {
    return gw.getNetwork(this.channel).getContract('qscc');
  }

  /** Polls qscc until the transaction is committed on the peer, or the commit-status deadline passes. */
  private async awaitStatus(gw: Gateway, txId: string): Promise<TransactionStatus | undefined> {
    const deadline = Date.now() + this.deadlines.commitStatusMs;
    for (;;) {
      const known = await this.status(gw, txId).catch(() => undefined);
      if (known || Date.now() > deadline) return known;
      await sleep(250);
    }
  }

  /** Validation code and block of a committed transaction, from qscc; undefined if not (yet) on this peer. */
  private async status(gw: Gateway, txId: string): Promise<TransactionStatus | undefined> {
    const qscc = this.qscc(gw);
    let processed;
    try {
      processed = peerProto.ProcessedTransaction.deserializeBinary(await qscc.evaluateTransaction('GetTransactionByID', this.channel, txId));
    } catch (e) {
      const err = toLedgerError(e);
      if (/not found|no such transaction/i.test([err.message, ...err.details.map((d) => d.message)].join(' '))) return undefined;
      throw err;
    }
    const block = common.Block.deserializeBinary(await qscc.evaluateTransaction('GetBlockByTxID', this.channel, txId));
    const code = processed.getValidationcode();
    return { txId, validationCode: validationCodeName(code), valid: code === peerProto.TxValidationCode.VALID, blockNumber: String(block.getHeader()?.getNumber() ?? 0) };
  }

  /** A committed transaction's status as seen by `mspId`'s peers, or undefined when none knows it. */
  async transactionStatus(mspId: string, identity: string, txId: string): Promise<TransactionStatus | undefined> {
    return this.failover(mspId, identity).run((gw) => this.status(gw, txId));
  }

  /** A raw block by number (for evidence). */
  async blockByNumber(mspId: string, identity: string, n: bigint): Promise<Uint8Array> {
    return this.failover(mspId, identity).run((gw) => this.qscc(gw).evaluateTransaction('GetBlockByNumber', this.channel, n.toString()));
  }

  /** The raw block containing a transaction (for evidence). */
  async blockOf(mspId: string, identity: string, txId: string): Promise<Uint8Array> {
    return this.failover(mspId, identity).run((gw) => this.qscc(gw).evaluateTransaction('GetBlockByTxID', this.channel, txId));
  }

  /**
   * The channel as seen through the identity's preferred peer (event streams);
   * `nextPeer` after a stream failed on it, so a down peer is not retried forever.
   */
  async network(mspId: string, identity: string, { nextPeer = false } = {}): Promise<Network> {
    const f = this.failover(mspId, identity);
    if (nextPeer) f.rotate();
    return f.run(async (gw) => gw.getNetwork(this.channel));
  }

  /** Channel height on the org's preferred peer: a cheap readiness probe. */
  async height(mspId: string, identity: string): Promise<string> {
    return this.failover(mspId, identity).run(async (gw) => {
      const bytes = await this.qscc(gw).evaluateTransaction('GetChainInfo', this.channel);
      return String(common.BlockchainInfo.deserializeBinary(bytes).getHeight());
    });
  }

  // --- Non-custodial flow: the caller holds its key and signs two digests. ---

  /** Step 1: a proposal for the caller's certificate; the caller signs `digest`. */
  async prepare(mspId: string, certificatePem: string, inv: Invocation): Promise<{ txId: string; proposal: Uint8Array; digest: Uint8Array }> {
    return this.offlineFailover(mspId, certificatePem).run(async (gw) => {
      const p = gw.getNetwork(this.channel).getContract(this.description.chaincode, inv.contract)
        .newProposal(inv.fn, { arguments: inv.args ?? [], transientData: transientOf(inv.transient) });
      return { txId: p.getTransactionId(), proposal: p.getBytes(), digest: p.getDigest() };
    });
  }

  /** Step 2: endorse the signed proposal; the caller signs the transaction's `digest`. */
  async endorseSigned(mspId: string, certificatePem: string, proposal: Uint8Array, signature: Uint8Array): Promise<{ txId: string; transaction: Uint8Array; digest: Uint8Array }> {
    return this.offlineFailover(mspId, certificatePem).run(async (gw) => {
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
    const statusVia = await this.failover(mspId, findOrg(this.description, mspId).identities[0]!.name).run(async (gw) => gw);
    return this.offlineFailover(mspId, certificatePem).run(async (gw) => this.commit<T>(gw, gw.newSignedTransaction(transaction, signature), statusVia));
  }

  // --- Attestations: the same read, endorsed by each org on its own. ---

  /**
   * Evidence:Attest for `request`, endorsed by EACH application org of the
   * channel separately (`endorsingOrganizations: [org]`), never submitted.
   * Each org's answer is the prepared transaction's common.Envelope: its
   * ChaincodeActionPayload holds that org's peer endorsement over the proposal
   * response payload (the canonical attestation JSON), which binds the
   * proposal header and so its timestamp, the attestation's time. The
   * envelope itself is left unsigned: nothing here is meant to be ordered.
   * Orgs whose peers fail are listed in `failures`; throws only if all fail.
   */
  async attest(mspId: string, identity: string, request: { keys: string[][]; prefixes: string[][] }): Promise<{
    attestations: { mspId: string; envelope: Uint8Array }[];
    failures: { mspId: string; error: string }[];
  }> {
    const f = this.failover(mspId, identity);
    const args = [JSON.stringify({ keys: request.keys, prefixes: request.prefixes })];
    type Outcome = { mspId: string; envelope: Uint8Array; error?: undefined } | { mspId: string; envelope?: undefined; error: string };
    const outcomes = await Promise.all(this.description.orgs.map(async ({ mspId: org }): Promise<Outcome> => {
      try {
        const envelope = await f.run(async (gw) => {
          const tx = await gw.getNetwork(this.channel).getContract(this.description.chaincode, 'Evidence')
            .newProposal('Attest', { arguments: args, endorsingOrganizations: [org] })
            .endorse();
          const prepared = gatewayProto.PreparedTransaction.deserializeBinary(tx.getBytes());
          const env = prepared.getEnvelope();
          if (!env) throw new Error(`no envelope in ${org}'s endorsed attestation`);
          return env.serializeBinary();
        });
        return { mspId: org, envelope };
      } catch (e) {
        const err = toLedgerError(e);
        const peers = err.details.map((d) => `${d.mspId} ${d.address}: ${d.message}`);
        return { mspId: org, error: [err.message, ...peers].join('; ') };
      }
    }));
    const attestations = outcomes.flatMap((o) => (o.envelope ? [{ mspId: o.mspId, envelope: o.envelope }] : []));
    const failures = outcomes.flatMap((o) => (o.error !== undefined ? [{ mspId: o.mspId, error: o.error }] : []));
    if (attestations.length === 0) {
      throw new LedgerError('ENDORSEMENT_FAILED', 'ATTEST_FAILED', `no organisation attested: ${failures.map((x) => `${x.mspId}: ${x.error}`).join(' | ')}`);
    }
    return { attestations, failures };
  }

  close(): void {
    for (const g of this.gateways) g.close();
    for (const c of this.clients.values()) c.close();
    this.gateways.length = 0;
    this.clients.clear();
    this.identities.clear();
    this.offline.clear();
  }
}

export const readPem = (file: string) => fs.readFileSync(file, 'utf8');
