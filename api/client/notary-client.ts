// The notary chaincode as business methods, for one caller: routes say
// `notary.registerContract(body)`, never `'Contracts', 'Register'`. Arguments
// are encoded here (JSON objects, plain-string IDs, transient private data) and
// every call goes through a LedgerPort as the caller's Fabric identity.
import type { Static } from 'typebox';
import type {
  ArrearsEvent,
  ContractAmendment,
  ContractRegistration,
  ContractTermination,
  DisputeOpening,
  DisputeTransition,
  Letter,
  OwnerData,
  Receipt,
  RiskThreshold,
} from '../schemas/records';
import { MAX_NOTES_PER_DEPOSIT, type NoteDeposit } from '../../chaincode/src/domain';
import {
  ARREARS_NOTE,
  depositTransient,
  DISPUTE_DESCRIPTION,
  notesNotDeposited,
  saltFromKey,
  TERMINATION_REASON,
  TRANSITION_NOTE,
  withoutText,
  type TextField,
} from '../free-text';
import type { Acting, Invocation, LedgerPort, Submitted, TransactionStatus } from '../ports/ledger-port';
import { LedgerError } from '../ports/ledger-port';
import type { RequestClaim } from '../idempotency';
import type { Folded, WaitingDeltas } from '../delta-compaction';
import { submitOnce, type PartClaim } from './idempotent-submit';
import type {
  ArrearsBatchWritten,
  ArrearsOfContract,
  ArrearsWritten,
  ContractHistory,
  ContractsPage,
  ContractsRegistered,
  ContractWritten,
  DisputeHistory,
  DisputeMoved,
  DisputeRead,
  DisputesPage,
  DocumentAnchors,
  Funnel,
  NoteRead,
  NotesDeposited,
  LetterRead,
  LetterSent,
  LettersOfDispute,
  OwnerDeposited,
  OwnerRead,
  PageRequest,
  ReceiptRecorded,
  Rec,
  RiskEvaluation,
  RiskWarnings,
  ThresholdWritten,
} from './records';

/** One chaincode call as it ended, for metrics and logs. */
export interface FabricCall {
  kind: 'submit' | 'evaluate';
  contract: string;
  fn: string;
  /** 'ok', or the LedgerError kind, or 'error'. */
  outcome: string;
  seconds: number;
  /** For a committed submit. */
  txId?: string;
  blockNumber?: string;
  /** The projects a committed submit added a count delta to (the chaincode's answer names them). */
  deltaProjects?: string[];
}

export type ContractFilter = { projectId: string } | { companyId: string };
export type DisputeFilter = { stage: string } | { projectId: string } | { companyId: string } | { lawFirmMspId: string };

const LIST_CONTRACTS = { projectId: 'ListByProject', companyId: 'ListByCompany' } as const;
const LIST_DISPUTES = { stage: 'ListByStage', projectId: 'ListByProject', companyId: 'ListByCompany', lawFirmMspId: 'ListByLawFirm' } as const;

/** Non-string arguments cross as JSON; IDs cross as they are. */
const encode = (args: unknown[]): string[] => args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a)));
const pageArgs = (page: PageRequest): string[] => [page.pageSize ?? '', page.bookmark ?? ''];
/** The one filter given (the route checked there is exactly one). */
const only = <K extends string>(filter: Partial<Record<K, string>>): [K, string] => Object.entries(filter)[0] as [K, string];

export class NotaryClient {
  constructor(
    private readonly ledger: LedgerPort,
    private readonly as: Acting,
    private readonly observe: (call: FabricCall) => void = () => undefined,
    /** The request's Idempotency-Key claim: every write then happens once per key (idempotent-submit.ts). */
    private readonly claim?: PartClaim,
  ) {}

  /** The client for a request with an Idempotency-Key (undefined: none). */
  static forRequest(ledger: LedgerPort, as: Acting, observe: (call: FabricCall) => void, claim: RequestClaim | undefined): NotaryClient {
    return new NotaryClient(ledger, as, observe, claim ? { request: claim, key: claim.key } : undefined);
  }

  /**
   * The same client for one of several transactions of a request (a batch's
   * chunk): its writes claim `<key>:<part>`, so each is done once on its own.
   */
  part(part: string): NotaryClient {
    return this.claim ? new NotaryClient(this.ledger, this.as, this.observe, { request: this.claim.request, key: `${this.claim.key}:${part}` }) : this;
  }

  get channel(): string {
    return this.ledger.channel;
  }

  private async timed<T>(kind: FabricCall['kind'], inv: Invocation, run: () => Promise<T>): Promise<T> {
    const t0 = performance.now();
    const call: FabricCall = { kind, contract: inv.contract, fn: inv.fn, outcome: 'ok', seconds: 0 };
    try {
      const out = await run();
      if (kind === 'submit') {
        const { txId, blockNumber, result } = out as Submitted<{ deltaProjects?: string[] } | undefined>;
        Object.assign(call, { txId, blockNumber }, result?.deltaProjects ? { deltaProjects: result.deltaProjects } : {});
      }
      return out;
    } catch (e) {
      call.outcome = e instanceof LedgerError ? e.kind : 'error';
      throw e;
    } finally {
      call.seconds = (performance.now() - t0) / 1000;
      this.observe(call);
    }
  }

  /**
   * A write into a private collection (owner data, case notes). It carries no idempotency claim: a claim is a public
   * key, and a public write would make the gateway ask endorsers outside the collection's members, who must not see
   * the transient data (Fabric refuses the plan). These writes are idempotent by content instead: the same commitment
   * holds the same bytes, so a resend rewrites what is there.
   */
  private submitPrivate<T>(contract: string, fn: string, args: unknown[], transient: Record<string, string>): Promise<Submitted<T>> {
    const inv: Invocation = { contract, fn, args: encode(args), transient };
    return this.timed('submit', inv, () => this.ledger.submit<T>(this.as.mspId, this.as.identity, inv));
  }

  private submit<T>(contract: string, fn: string, args: unknown[], transient?: Record<string, string>): Promise<Submitted<T>> {
    const inv: Invocation = { contract, fn, args: encode(args), ...(transient ? { transient } : {}) };
    const claim = this.claim;
    return this.timed('submit', inv, () =>
      claim ? submitOnce<T>(this.ledger, this.as, inv, claim) : this.ledger.submit<T>(this.as.mspId, this.as.identity, inv),
    );
  }

  /**
   * A body's text taken out for the collection: under an Idempotency-Key its salt is derived from the key and `label`
   * (the transaction's part is in the key), so a resend seals it as the first send did; otherwise the salt is random.
   */
  private seal<B extends object>(body: B, field: TextField, label: string) {
    return withoutText(body, field, this.claim ? saltFromKey(this.claim.key, label) : undefined);
  }

  /**
   * A write whose texts were taken out of `args`: once it committed, the texts
   * go into the court/bureau collection in a second transaction, as transient
   * data (the record's commitment is what they are checked against).
   */
  private async submitWithNotes<T>(contract: string, fn: string, args: unknown[], deposits: readonly (NoteDeposit | undefined)[]): Promise<Submitted<T>> {
    const out = await this.submit<T>(contract, fn, args);
    await this.depositNotes(
      [out],
      deposits.filter((d): d is NoteDeposit => d !== undefined),
    );
    return out;
  }

  /**
   * Clear texts into the court/bureau collection, as transient data only (never
   * in a block), MAX_NOTES_PER_DEPOSIT per transaction. `committed` are the
   * records' transactions, named in the error if a deposit fails.
   */
  async depositNotes(committed: readonly { txId: string; blockNumber: string }[], deposits: readonly NoteDeposit[]): Promise<void> {
    for (let i = 0; i < deposits.length; i += MAX_NOTES_PER_DEPOSIT) {
      const group = deposits.slice(i, i + MAX_NOTES_PER_DEPOSIT);
      try {
        await this.submitPrivate<NotesDeposited>('Notes', 'Deposit', [], depositTransient(group));
      } catch (e) {
        throw notesNotDeposited(e, committed, deposits.slice(i));
      }
    }
  }

  /** One note again, e.g. after notesNotDeposited: a commitment already deposited keeps what it holds. */
  resendNote(deposit: NoteDeposit): Promise<Submitted<NotesDeposited>> {
    return this.submitPrivate('Notes', 'Deposit', [], depositTransient([deposit]));
  }

  /** The clear text under a record's commitment (court, bureau, and the company that wrote it). */
  getNote(commitment: string): Promise<NoteRead> {
    return this.evaluate('Notes', 'Get', [commitment]);
  }

  private evaluate<T>(contract: string, fn: string, args: string[]): Promise<T> {
    const inv: Invocation = { contract, fn, args };
    return this.timed('evaluate', inv, () => this.ledger.evaluate<T>(this.as.mspId, this.as.identity, inv));
  }

  // --- Contracts ---

  registerContract(contract: Static<typeof ContractRegistration>): Promise<Submitted<ContractWritten>> {
    return this.submit('Contracts', 'Register', [contract]);
  }

  /** One transaction of at most MAX_BATCH_SIZE contracts, all or nothing (see batches.ts for more). */
  registerContracts(items: readonly Static<typeof ContractRegistration>[]): Promise<Submitted<ContractsRegistered>> {
    return this.submit('Contracts', 'RegisterBatch', [{ items }]);
  }

  amendContract(contractId: string, amendment: Static<typeof ContractAmendment>): Promise<Submitted<ContractWritten>> {
    return this.submit('Contracts', 'Amend', [{ contractId, ...amendment }]);
  }

  terminateContract(contractId: string, termination: Static<typeof ContractTermination>): Promise<Submitted<ContractWritten>> {
    const { body, deposit } = this.seal(termination, TERMINATION_REASON, 'reason');
    return this.submitWithNotes('Contracts', 'Terminate', [{ contractId, ...body }], [deposit]);
  }

  /** The owner's clear data travels as transient data only: it never appears in a block. */
  depositOwner(contractId: string, owner: Static<typeof OwnerData>): Promise<Submitted<OwnerDeposited>> {
    return this.submitPrivate('Contracts', 'DepositOwner', [contractId], { owner: JSON.stringify(owner) });
  }

  getOwner(contractId: string): Promise<OwnerRead> {
    return this.evaluate('Contracts', 'GetOwner', [contractId]);
  }

  getContract(contractId: string): Promise<ContractWritten> {
    return this.evaluate('Contracts', 'Get', [contractId]);
  }

  contractHistory(contractId: string): Promise<ContractHistory> {
    return this.evaluate('Contracts', 'History', [contractId]);
  }

  listContracts(filter: ContractFilter, page: PageRequest = {}): Promise<ContractsPage> {
    const [by, value] = only<keyof typeof LIST_CONTRACTS>(filter);
    return this.evaluate('Contracts', LIST_CONTRACTS[by], [value, ...pageArgs(page)]);
  }

  // --- Arrears and risk ---

  recordArrears(event: Static<typeof ArrearsEvent>): Promise<Submitted<ArrearsWritten>> {
    const { body, deposit } = this.seal(event, ARREARS_NOTE, 'note');
    return this.submitWithNotes('Arrears', 'Record', [body], [deposit]);
  }

  /**
   * One transaction of at most MAX_BATCH_SIZE events (arrears-batch.ts
   * orchestrates more). Their notes are not deposited here: they come back
   * sealed, for depositNotes once the batch's transactions committed.
   */
  async recordArrearsBatch(items: readonly Static<typeof ArrearsEvent>[]): Promise<Submitted<ArrearsBatchWritten> & { deposits: NoteDeposit[] }> {
    const sealed = items.map((item, i) => this.seal(item, ARREARS_NOTE, `items[${i}].note`));
    const out = await this.submit<ArrearsBatchWritten>('Arrears', 'RecordBatch', [{ items: sealed.map((s) => s.body) }]);
    return { ...out, deposits: sealed.flatMap((s) => (s.deposit ? [s.deposit] : [])) };
  }

  /** Recomputes a project's ratio; records a warning when it crosses the threshold. */
  evaluateRisk(projectId: string): Promise<Submitted<RiskEvaluation>> {
    return this.submit('Arrears', 'EvaluateRisk', [projectId]);
  }

  /** The transactions whose deltas of the project are on the ledger now, at most 500 (delta-compaction.ts). */
  deltaTxIds(projectId: string): Promise<WaitingDeltas> {
    return this.evaluate('Arrears', 'DeltaTxIds', [projectId]);
  }

  /** Folds the deltas the named transactions wrote for the project into one (delta-compaction.ts); no count changes. */
  compactDeltas(projectId: string, txIds: readonly string[]): Promise<Submitted<Folded>> {
    return this.submit('Arrears', 'CompactDeltas', [{ projectId, txIds }]);
  }

  /** `projectId` '*' sets the default threshold. */
  setThreshold(projectId: string, threshold: Static<typeof RiskThreshold>): Promise<Submitted<ThresholdWritten>> {
    return this.submit('Arrears', 'SetThreshold', [{ projectId, ...threshold }]);
  }

  arrearsOfContract(contractId: string): Promise<ArrearsOfContract> {
    return this.evaluate('Arrears', 'ListByContract', [contractId]);
  }

  listProjects(page: PageRequest = {}): Promise<{ projects: Rec[]; bookmark: string }> {
    return this.evaluate('Arrears', 'ListProjects', pageArgs(page));
  }

  ratio(projectId: string): Promise<Rec> {
    return this.evaluate('Arrears', 'Ratio', [projectId]);
  }

  warnings(projectId: string): Promise<RiskWarnings> {
    return this.evaluate('Arrears', 'Warnings', [projectId]);
  }

  // --- Disputes ---

  openDispute(opening: Static<typeof DisputeOpening>): Promise<Submitted<DisputeMoved>> {
    const { body, deposit } = this.seal(opening, DISPUTE_DESCRIPTION, 'description');
    return this.submitWithNotes('Disputes', 'Open', [body], [deposit]);
  }

  transition(disputeId: string, move: Static<typeof DisputeTransition>): Promise<Submitted<DisputeMoved>> {
    const { body, deposit } = this.seal(move, TRANSITION_NOTE, 'note');
    return this.submitWithNotes('Disputes', 'Transition', [{ disputeId, ...body }], [deposit]);
  }

  getDispute(disputeId: string): Promise<DisputeRead> {
    return this.evaluate('Disputes', 'Get', [disputeId]);
  }

  disputeHistory(disputeId: string): Promise<DisputeHistory> {
    return this.evaluate('Disputes', 'History', [disputeId]);
  }

  listDisputes(filter: DisputeFilter, page: PageRequest = {}): Promise<DisputesPage> {
    const [by, value] = only<keyof typeof LIST_DISPUTES>(filter);
    return this.evaluate('Disputes', LIST_DISPUTES[by], [value, ...pageArgs(page)]);
  }

  /** A project's funnel, or the whole channel's without one. */
  funnel(projectId?: string): Promise<Funnel> {
    return this.evaluate('Disputes', 'Funnel', [projectId ?? '*']);
  }

  // --- Letters and receipts ---

  sendLetter(disputeId: string, letter: Static<typeof Letter>): Promise<Submitted<LetterSent>> {
    return this.submit('Letters', 'Send', [{ disputeId, ...letter }]);
  }

  recordReceipt(disputeId: string, letterId: string, receipt: Static<typeof Receipt>): Promise<Submitted<ReceiptRecorded>> {
    return this.submit('Letters', 'Receipt', [{ disputeId, letterId, ...receipt }]);
  }

  getLetter(disputeId: string, letterId: string): Promise<LetterRead> {
    return this.evaluate('Letters', 'Get', [disputeId, letterId]);
  }

  lettersOfDispute(disputeId: string): Promise<LettersOfDispute> {
    return this.evaluate('Letters', 'ListByDispute', [disputeId]);
  }

  // --- Look-ups ---

  /**
   * Every write of the given keys and of the keys under the given partial keys,
   * as the caller's own peer answers Evidence:Attest (evaluated: not endorsed
   * by the other orgs, never submitted).
   */
  attestedWrites<T>(request: { keys: string[][]; prefixes: string[][] }): Promise<T> {
    return this.evaluate('Evidence', 'Attest', [JSON.stringify({ keys: request.keys, prefixes: request.prefixes })]);
  }

  lookupDocument(sha256: string): Promise<DocumentAnchors> {
    return this.evaluate('Documents', 'Lookup', [sha256]);
  }

  transactionStatus(txId: string): Promise<TransactionStatus | undefined> {
    return this.ledger.transactionStatus(this.as.mspId, this.as.identity, txId);
  }
}
