// A test caller: one identity from network.json, calling any contract of the
// chaincode with JSON arguments and reading the chaincode's coded errors.
import { GatewayError } from '@hyperledger/fabric-gateway';
import { parseDomainError } from '../../../chaincode/src/domain';
import { session, type Session } from './clients';

const utf8 = new TextDecoder();
const arg = (a: unknown) => (typeof a === 'string' ? a : JSON.stringify(a));

export class Caller {
  private readonly s: Session;
  constructor(readonly mspId: string, readonly name: string, peerIndex = 0) {
    this.s = session(mspId, name, peerIndex);
  }

  private contract(name: string) {
    const desc = this.s.gateway.getNetwork('notary');
    return desc.getContract('notary', name);
  }

  get network() {
    return this.s.gateway.getNetwork('notary');
  }

  async submit<T = Record<string, unknown>>(contract: string, fn: string, ...args: unknown[]): Promise<T> {
    return JSON.parse(utf8.decode(await this.contract(contract).submitTransaction(fn, ...args.map(arg)))) as T;
  }

  /** Submits with transient data (never written to blocks), e.g. owner data for a private collection. */
  async submitPrivate<T = Record<string, unknown>>(contract: string, fn: string, args: unknown[], transient: Record<string, unknown>): Promise<T> {
    const transientData = Object.fromEntries(Object.entries(transient).map(([k, v]) => [k, Buffer.from(arg(v))]));
    const result = await this.contract(contract).submit(fn, { arguments: args.map(arg), transientData });
    return JSON.parse(utf8.decode(result)) as T;
  }

  async evaluate<T = Record<string, unknown>>(contract: string, fn: string, ...args: unknown[]): Promise<T> {
    return JSON.parse(utf8.decode(await this.contract(contract).evaluateTransaction(fn, ...args.map(arg)))) as T;
  }

  /** Submits a call that must be refused; returns the chaincode's error code (and nothing was written). */
  async refused(contract: string, fn: string, ...args: unknown[]): Promise<string> {
    try {
      await this.contract(contract).submitTransaction(fn, ...args.map(arg));
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
