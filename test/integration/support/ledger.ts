// A test caller: one identity from network.json, calling any contract of the
// chaincode with JSON arguments and reading the chaincode's coded errors.
import { CommitError, GatewayError } from '@hyperledger/fabric-gateway';
import { common } from '@hyperledger/fabric-protos';
import { parseDomainError } from '../../../chaincode/src/domain';
import { session, type Session } from './clients';

const utf8 = new TextDecoder();

/**
 * The newest block any test write committed in. Peers of different orgs commit
 * the same block moments apart, so before each call a caller waits until its
 * own peer has reached it: read-your-writes across orgs, as a client would
 * arrange after a write it depends on.
 */
let newestBlock = -1n;
const arg = (a: unknown) => (typeof a === 'string' ? a : JSON.stringify(a));

export class Caller {
  private readonly s: Session;
  constructor(
    readonly mspId: string,
    readonly name: string,
    peerIndex = 0,
  ) {
    this.s = session(mspId, name, peerIndex);
  }

  private contract(name: string) {
    const desc = this.s.gateway.getNetwork('notary');
    return desc.getContract('notary', name);
  }

  get network() {
    return this.s.gateway.getNetwork('notary');
  }

  private async caughtUp(): Promise<void> {
    if (newestBlock < 0n) return;
    const qscc = this.network.getContract('qscc');
    for (let i = 0; i < 100; i++) {
      const height = common.BlockchainInfo.deserializeBinary(await qscc.evaluateTransaction('GetChainInfo', 'notary')).getHeight();
      if (BigInt(height) > newestBlock) return;
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  private async commit(contract: string, fn: string, options: { arguments: string[]; transientData?: Record<string, Uint8Array> }): Promise<Uint8Array> {
    await this.caughtUp();
    const submitted = await (await this.contract(contract).newProposal(fn, options).endorse()).submit();
    const status = await submitted.getStatus();
    if (!status.successful) throw new CommitError({ code: status.code, transactionId: status.transactionId });
    if (status.blockNumber > newestBlock) newestBlock = status.blockNumber;
    return submitted.getResult();
  }

  async submit<T = Record<string, unknown>>(contract: string, fn: string, ...args: unknown[]): Promise<T> {
    return JSON.parse(utf8.decode(await this.commit(contract, fn, { arguments: args.map(arg) }))) as T;
  }

  /** Submits with transient data (never written to blocks), e.g. owner data for a private collection. */
  async submitPrivate<T = Record<string, unknown>>(contract: string, fn: string, args: unknown[], transient: Record<string, unknown>): Promise<T> {
    const transientData = Object.fromEntries(Object.entries(transient).map(([k, v]) => [k, Buffer.from(arg(v))]));
    return JSON.parse(utf8.decode(await this.commit(contract, fn, { arguments: args.map(arg), transientData }))) as T;
  }

  async evaluate<T = Record<string, unknown>>(contract: string, fn: string, ...args: unknown[]): Promise<T> {
    await this.caughtUp();
    return JSON.parse(utf8.decode(await this.contract(contract).evaluateTransaction(fn, ...args.map(arg)))) as T;
  }

  /** Submits a call that must be refused; returns the chaincode's error code (and nothing was written). */
  async refused(contract: string, fn: string, ...args: unknown[]): Promise<string> {
    try {
      await this.commit(contract, fn, { arguments: args.map(arg) });
    } catch (e) {
      return errorCode(e);
    }
    throw new Error(`${this.name}@${this.mspId} ${contract}:${fn} was accepted`);
  }

  async refusedPrivate(contract: string, fn: string, args: unknown[], transient: Record<string, unknown>): Promise<string> {
    try {
      await this.submitPrivate(contract, fn, args, transient);
    } catch (e) {
      return errorCode(e);
    }
    throw new Error(`${this.name}@${this.mspId} ${contract}:${fn} was accepted`);
  }

  /** The error code of a refused evaluation. */
  async refusedRead(contract: string, fn: string, ...args: unknown[]): Promise<string> {
    await this.caughtUp();
    try {
      await this.contract(contract).evaluateTransaction(fn, ...args.map(arg));
    } catch (e) {
      return errorCode(e);
    }
    throw new Error(`${this.name}@${this.mspId} ${contract}:${fn} answered`);
  }

  close() {
    this.s.close();
  }
}

export function errorCode(e: unknown): string {
  const texts = e instanceof GatewayError ? [e.message, ...e.details.map((d) => d.message)] : [String(e)];
  for (const t of texts) {
    const parsed = parseDomainError(t);
    if (parsed) return parsed.code;
  }
  throw e;
}
