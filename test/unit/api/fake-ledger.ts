// A LedgerPort without Fabric, for the API's unit tests: every call is
// recorded (as whom, which contract and function, which arguments), answers
// come from handlers the test sets per contract:function, and failures are the
// LedgerErrors the Fabric gateway raises (gateway/errors.ts toLedgerError):
// the chaincode's coded refusal with each peer's own message, endorsement and
// commit failures, unavailable peers, and unknown outcomes with their txId.
//
// Idempotency claims behave as the chaincode's (chaincode/src/ledger/idempotency.ts):
// a submit carrying one records it with its transaction, a second one with the
// same key for the same identity is refused ALREADY_DONE, Idempotency:Get
// answers the record, and transactionResult reads a committed answer back.
import { createHash } from 'node:crypto';
import {
  alreadyDone,
  DomainError,
  IDEMPOTENCY_TRANSIENT,
  parseIdempotencyClaim,
  serializeDomainError,
  type ErrorCode,
  type IdempotencyRecord,
  type JsonObject,
} from '../../../chaincode/src/domain';
import type { NetworkDescription } from '../../../network/description';
import { DEMO_COMPANY_IDS } from '../../../network/topology';
import {
  LedgerError,
  type Attestations,
  type Invocation,
  type LedgerPort,
  type NodeDetail,
  type Submitted,
  type TransactionStatus,
} from '../../../api/ports/ledger-port';

export interface FakeCall {
  kind: 'submit' | 'evaluate';
  mspId: string;
  identity: string;
  contract: string;
  fn: string;
  args: string[];
  transient?: Record<string, string>;
}

/** Answers one contract:function; throw a LedgerError to fail it. */
export type Handler = (call: FakeCall) => unknown;

const ORGS = [
  { mspId: 'CourtMSP', name: 'District court', identities: ['admin', 'mediator1', 'judge1'] },
  { mspId: 'HousingBureauMSP', name: 'Housing bureau', identities: ['admin', 'regulator1', 'company1', 'company2'] },
  { mspId: 'LawFirmAMSP', name: 'Law firm A', identities: ['admin', 'lawyer1'] },
  { mspId: 'LawFirmBMSP', name: 'Law firm B', identities: ['admin', 'lawyer1'] },
];

const ROLES: Record<string, string> = {
  admin: 'admin',
  mediator1: 'mediator',
  judge1: 'judge',
  regulator1: 'regulator',
  company1: 'property-company',
  company2: 'property-company',
  lawyer1: 'lawyer',
};

/** Property companies carry their USCC as a certificate attribute, as on the real network. */
const COMPANY_IDS: Record<string, string> = { company1: DEMO_COMPANY_IDS[0], company2: DEMO_COMPANY_IDS[1] };

const attributesOf = (name: string): Record<string, string> => ({
  role: ROLES[name]!,
  ...(COMPANY_IDS[name] ? { companyId: COMPANY_IDS[name] } : {}),
});

export const FAKE_NETWORK: NetworkDescription = {
  channel: 'notary',
  chaincode: 'notary',
  orgs: ORGS.map((o) => ({
    mspId: o.mspId,
    name: o.name,
    connectionProfile: '/nonexistent/profile.json',
    identities: o.identities.map((name) => ({ name, role: ROLES[name]!, attributes: attributesOf(name), certificate: '', privateKey: '' })),
  })),
  orderers: [],
};

/** The peers that endorse for the orgs, as a gateway error's details name them. */
export const PEERS: NodeDetail[] = [
  { address: 'localhost:7051', mspId: 'CourtMSP', message: '' },
  { address: 'localhost:8051', mspId: 'HousingBureauMSP', message: '' },
  { address: 'localhost:9051', mspId: 'LawFirmAMSP', message: '' },
];

export const txIdOf = (n: number) => createHash('sha256').update(`fake tx ${n}`).digest('hex');

// --- Failures as the gateway reports them ---

/** The chaincode refused (every endorsing peer answered the same coded error): REJECTED with the code. */
export function rejected(code: ErrorCode, message: string, details: JsonObject = {}): LedgerError {
  const wire = serializeDomainError(new DomainError(code, message, details));
  return new LedgerError('REJECTED', code, message, {
    details: PEERS.map((p) => ({ ...p, message: `chaincode response 500, ${wire}` })),
    domainDetails: details,
  });
}

/** Peers answered differently or failed otherwise: ENDORSEMENT_FAILED with each peer's message. */
export function endorsementFailed(peerMessages: string[]): LedgerError {
  return new LedgerError('ENDORSEMENT_FAILED', 'ABORTED', '10 ABORTED: failed to endorse transaction, see attached details for more info', {
    details: peerMessages.map((message, i) => ({ ...PEERS[i % PEERS.length]!, message })),
    txId: txIdOf(9001),
  });
}

/** Ordered but invalidated. */
export function commitFailed(validationCode = 'ENDORSEMENT_POLICY_FAILURE'): LedgerError {
  const txId = txIdOf(9002);
  return new LedgerError('COMMIT_FAILED', validationCode, `transaction ${txId} was invalidated: ${validationCode}`, { txId });
}

/** Not enough peers answered; nothing was submitted. */
export function unavailable(): LedgerError {
  return new LedgerError('UNAVAILABLE', 'UNAVAILABLE', '14 UNAVAILABLE: No connection established', {
    details: [{ ...PEERS[0]!, message: 'connect ECONNREFUSED 127.0.0.1:7051' }],
  });
}

/** Submitted, but the commit status could not be learned. */
export function outcomeUnknown(): LedgerError {
  const txId = txIdOf(9003);
  const message = `transaction ${txId} was submitted but its outcome is unknown: 4 DEADLINE_EXCEEDED: Deadline exceeded`;
  return new LedgerError('OUTCOME_UNKNOWN', 'DEADLINE_EXCEEDED', message, {
    txId,
    details: [{ ...PEERS[0]!, message: 'deadline exceeded waiting for commit status' }],
  });
}

/** An MVCC conflict that outlived the gateway's resubmissions. */
export function mvccConflict(): LedgerError {
  const txId = txIdOf(9004);
  return new LedgerError('COMMIT_FAILED', 'MVCC_READ_CONFLICT', `transaction ${txId} was invalidated: MVCC_READ_CONFLICT`, { txId });
}

export class FakeLedger implements LedgerPort {
  readonly description = FAKE_NETWORK;
  readonly channel = FAKE_NETWORK.channel;
  readonly calls: FakeCall[] = [];
  closed = false;
  private readonly handlers = new Map<string, Handler>();
  private readonly committed = new Map<string, TransactionStatus>();
  private readonly results = new Map<string, unknown>();
  /** Idempotency records by `mspId/identity/key`, as the ledger keeps them. */
  readonly idempotency = new Map<string, IdempotencyRecord>();
  private transactions = 0;
  private block = 100;

  /** Sets the answer of contract:fn (replacing any earlier one). */
  on(contract: string, fn: string, handler: Handler): this {
    this.handlers.set(`${contract}:${fn}`, handler);
    return this;
  }

  /** Forgets the calls and the answers (committed transactions and idempotency records stay known). */
  reset(): this {
    this.calls.length = 0;
    this.handlers.clear();
    return this;
  }

  /** The calls of contract:fn, oldest first. */
  callsOf(contract: string, fn: string): FakeCall[] {
    return this.calls.filter((c) => c.contract === contract && c.fn === fn);
  }

  private async answer(kind: FakeCall['kind'], mspId: string, identity: string, inv: Invocation): Promise<unknown> {
    const call: FakeCall = {
      kind,
      mspId,
      identity,
      contract: inv.contract,
      fn: inv.fn,
      args: inv.args ?? [],
      ...(inv.transient ? { transient: inv.transient } : {}),
    };
    this.calls.push(call);
    const handler = this.handlers.get(`${inv.contract}:${inv.fn}`);
    if (!handler) throw new Error(`the fake ledger has no answer for ${inv.contract}:${inv.fn}`);
    return handler(call);
  }

  async submit<T>(mspId: string, identity: string, inv: Invocation): Promise<Submitted<T>> {
    const claimText = inv.transient?.[IDEMPOTENCY_TRANSIENT];
    const claim = claimText === undefined ? undefined : parseIdempotencyClaim(claimText);
    const claimKey = claim && `${mspId}/${identity}/${claim.key}`;
    const earlier = claimKey === undefined ? undefined : this.idempotency.get(claimKey);
    if (earlier) {
      const refusal = alreadyDone(earlier);
      throw rejected(refusal.code, refusal.message, refusal.details);
    }
    const result = (await this.answer('submit', mspId, identity, inv)) as T;
    const txId = txIdOf(++this.transactions);
    const blockNumber = String(++this.block);
    this.committed.set(txId, { txId, validationCode: 'VALID', valid: true, blockNumber });
    this.results.set(txId, result);
    if (claim && claimKey) this.idempotency.set(claimKey, { fn: `${inv.contract}:${inv.fn}`, requestSha256: claim.requestSha256, txId });
    return { txId, blockNumber, result };
  }

  async evaluate<T>(mspId: string, identity: string, inv: Invocation): Promise<T> {
    if (inv.contract === 'Idempotency' && inv.fn === 'Get') {
      this.calls.push({ kind: 'evaluate', mspId, identity, contract: inv.contract, fn: inv.fn, args: inv.args ?? [] });
      return { record: this.idempotency.get(`${mspId}/${identity}/${inv.args?.[0]}`) ?? null } as T;
    }
    return (await this.answer('evaluate', mspId, identity, inv)) as T;
  }

  async transactionStatus(_mspId: string, _identity: string, txId: string): Promise<TransactionStatus | undefined> {
    return this.committed.get(txId);
  }

  async transactionResult<T>(_mspId: string, _identity: string, txId: string): Promise<Submitted<T> | undefined> {
    const status = this.committed.get(txId);
    return status && { txId, blockNumber: status.blockNumber, result: this.results.get(txId) as T };
  }

  async height(): Promise<string> {
    return String(this.block + 1);
  }

  async blockByNumber(): Promise<Uint8Array> {
    throw unavailable();
  }

  async blockOf(): Promise<Uint8Array> {
    throw unavailable();
  }

  async attest(): Promise<Attestations> {
    throw unavailable();
  }

  async prepare(): Promise<never> {
    throw unavailable();
  }

  async endorseSigned(): Promise<never> {
    throw unavailable();
  }

  async submitSigned<T>(): Promise<Submitted<T>> {
    throw unavailable();
  }

  close(): void {
    this.closed = true;
  }
}

/** What Contracts:RegisterBatch answers: the count and each contract's ID in the caller's namespace (as the chaincode does). */
export function registeredBatch(call: FakeCall, companyId = COMPANY_IDS.company1!): { count: number; contractIds: string[] } {
  const items = (JSON.parse(call.args[0]!) as { items: { contractId: string }[] }).items;
  return { count: items.length, contractIds: items.map((i) => (i.contractId.includes(':') ? i.contractId : `${companyId}:${i.contractId}`)) };
}
