// Property service contracts (物业服务合同): registered by the property company
// named in the caller's certificate, amended as a version chain, terminated.
import { createHash } from 'node:crypto';
import { Context, Info, Returns, Transaction } from 'fabric-contract-api';
import { NotaryContract } from '../ledger/endorsed-time';
import {
  amendContract,
  arrearsSummariesPrefix,
  arrearsSummaryKey,
  arrearsSummaryOf,
  assertOwnsCompanyRecord,
  authorize,
  companyContractIndexKey,
  companyContractsPrefix,
  contractKey,
  contractVersionKey,
  contractVersionRecordId,
  contractVersionsPrefix,
  createContract,
  DomainError,
  identifier,
  ownRegistration,
  qualifyFor,
  parseJsonObject,
  terminateContract,
  validateBatch,
  validateContractAmendment,
  validateContractRegistration,
  validateContractTermination,
  OWNER_COLLECTION,
  ownerCommitmentDocument,
  validateOwnerData,
  canonicalJson,
  projectOwnerKey,
  ProjectDeltas,
  type Actor,
  type ArrearsSummary,
  type ContractRecord,
  type ContractRegistration,
  type KeyParts,
} from '../domain';
import { EVENTS } from '../events';
import { actorOf, txTime } from '../ledger/context';
import { guarded } from '../ledger/guard';
import { anchorDocument, answer, emit, writeProjectDeltas } from '../ledger/records';
import { pageOf, type Page } from '../ledger/paging';
import { mayReachContract, reachableContract } from '../ledger/reach';
import { exists, getJson, historyOf, listIdsPage, listJson, mustGet, putIndex, putJson } from '../ledger/state';

/**
 * The project's entry in the channel's list of projects, written with its first contract. `listed` holds the
 * projects this transaction has already seen: a batch of 500 contracts on one project reads (and, for a new
 * project, writes) the entry once, not 500 times.
 */
async function listProject(ctx: Context, record: ContractRecord, at: string, listed: Set<string>): Promise<void> {
  if (listed.has(record.projectId)) return;
  listed.add(record.projectId);
  if (await exists(ctx, projectOwnerKey(record.projectId))) return;
  await putJson(ctx, projectOwnerKey(record.projectId), { projectId: record.projectId, companyId: record.companyId, since: at });
}

async function register(
  ctx: Context,
  input: ContractRegistration,
  actor: Actor,
  at: string,
  deltas: ProjectDeltas,
  listed = new Set<string>(),
): Promise<ContractRecord> {
  if (await exists(ctx, contractKey(input.contractId))) {
    throw new DomainError('ALREADY_EXISTS', `contract ${input.contractId} already exists`, { contractId: input.contractId });
  }
  const record = createContract(input, actor, at);
  await listProject(ctx, record, at, listed);
  await putJson(ctx, contractKey(record.contractId), record);
  await putJson(ctx, contractVersionKey(record.contractId, record.version), record);
  await putIndex(ctx, companyContractIndexKey(record.companyId, record.contractId));
  const summary = arrearsSummaryOf(record);
  await putJson(ctx, arrearsSummaryKey(record.projectId, record.contractId), summary);
  deltas.addFunnel(record.companyId, record.projectId, { contracts: 1 });
  deltas.noteSummary(undefined, summary);
  await anchorDocument(ctx, record.documentSha256, 'contract', contractVersionRecordId(record.contractId, record.version), actor, at);
  return record;
}

/** Stores a new version of an existing contract and keeps its arrears summary, and the project's ratio, in step. */
async function saveVersion(ctx: Context, next: ContractRecord, actor: Actor, at: string): Promise<void> {
  await putJson(ctx, contractKey(next.contractId), next);
  await putJson(ctx, contractVersionKey(next.contractId, next.version), next);
  const summaryKey = arrearsSummaryKey(next.projectId, next.contractId);
  const summary = await mustGet<ArrearsSummary>(ctx, summaryKey, `arrears summary of ${next.contractId}`);
  const updated = arrearsSummaryOf(next, summary.balances);
  await putJson(ctx, summaryKey, updated);
  const deltas = new ProjectDeltas();
  deltas.noteSummary(summary, updated);
  await writeProjectDeltas(ctx, deltas);
  if (next.documentSha256 !== next.previousDocumentSha256) {
    await anchorDocument(ctx, next.documentSha256, 'contract', contractVersionRecordId(next.contractId, next.version), actor, at);
  }
}

async function readable(ctx: Context, contractId: string): Promise<ContractRecord> {
  const actor = actorOf(ctx);
  authorize(actor, 'readContract');
  return reachableContract(ctx, actor, contractId);
}

/** One page of the contracts an index names (a property company sees only its own, a lawyer its retained disputes'). */
async function contractsUnder(ctx: Context, actor: Actor, prefix: KeyParts, page: Page): Promise<{ contracts: ContractRecord[]; bookmark: string }> {
  const found = await listIdsPage(ctx, prefix, page.pageSize, page.bookmark);
  const contracts: ContractRecord[] = [];
  for (const id of found.ids) {
    const c = await getJson<ContractRecord>(ctx, contractKey(id));
    if (c && (await mayReachContract(ctx, actor, c))) contracts.push(c);
  }
  return { contracts, bookmark: found.bookmark };
}

@Info({ title: 'Contracts', description: 'Property service contracts and their version chains' })
export class PropertyContracts extends NotaryContract {
  constructor() {
    super('Contracts');
  }

  @Transaction()
  @Returns('string')
  async Register(ctx: Context, request: string): Promise<string> {
    return guarded(async () => {
      const actor = actorOf(ctx);
      authorize(actor, 'registerContract');
      const deltas = new ProjectDeltas();
      const record = await register(ctx, ownRegistration(actor, validateContractRegistration(parseJsonObject(request))), actor, txTime(ctx), deltas);
      await writeProjectDeltas(ctx, deltas);
      emit(ctx, EVENTS.contractsRegistered, { companyId: record.companyId, contractIds: [record.contractId] });
      return answer(ctx, { contract: record });
    });
  }

  /** All or nothing: one invalid, duplicate or existing contract rejects the whole batch. */
  @Transaction()
  @Returns('string')
  async RegisterBatch(ctx: Context, request: string): Promise<string> {
    return guarded(async () => {
      const actor = actorOf(ctx);
      authorize(actor, 'registerContract');
      const body = parseJsonObject(request);
      const items = validateBatch(
        body.items,
        (item) => ownRegistration(actor, validateContractRegistration(item)),
        (c) => c.contractId,
      );
      const at = txTime(ctx);
      const contractIds: string[] = [];
      const listed = new Set<string>();
      const deltas = new ProjectDeltas();
      for (const item of items) contractIds.push((await register(ctx, item, actor, at, deltas, listed)).contractId);
      await writeProjectDeltas(ctx, deltas);
      emit(ctx, EVENTS.contractsRegistered, { companyId: actor.companyId ?? null, contractIds });
      return answer(ctx, { count: contractIds.length, contractIds });
    });
  }

  @Transaction()
  @Returns('string')
  async Amend(ctx: Context, request: string): Promise<string> {
    return guarded(async () => {
      const actor = actorOf(ctx);
      const at = txTime(ctx);
      authorize(actor, 'amendContract');
      const amendment = validateContractAmendment(parseJsonObject(request));
      const current = await reachableContract(ctx, actor, amendment.contractId);
      const next = amendContract(current, amendment, actor, at);
      await saveVersion(ctx, next, actor, at);
      emit(ctx, EVENTS.contractAmended, { contractId: next.contractId, version: next.version });
      return answer(ctx, { contract: next });
    });
  }

  @Transaction()
  @Returns('string')
  async Terminate(ctx: Context, request: string): Promise<string> {
    return guarded(async () => {
      const actor = actorOf(ctx);
      const at = txTime(ctx);
      authorize(actor, 'terminateContract');
      const termination = validateContractTermination(parseJsonObject(request));
      const current = await reachableContract(ctx, actor, termination.contractId);
      const next = terminateContract(current, termination, actor, at);
      await saveVersion(ctx, next, actor, at);
      emit(ctx, EVENTS.contractTerminated, { contractId: next.contractId, version: next.version });
      return answer(ctx, { contract: next });
    });
  }

  /**
   * Deposits the owner's clear identity, passed as transient data "owner",
   * into the court's and the housing bureau's private collection. It must
   * match the contract's commitment. Writes nothing public: the collection's
   * own policy (both members endorse) applies, and blocks carry only its hash.
   */
  @Transaction()
  @Returns('string')
  async DepositOwner(ctx: Context, contractId: string): Promise<string> {
    return guarded(async () => {
      const actor = actorOf(ctx);
      authorize(actor, 'depositOwnerData');
      const contract = await reachableContract(ctx, actor, contractId);
      const transient = ctx.stub.getTransient().get('owner');
      if (!transient) throw new DomainError('INVALID_ARGUMENT', 'owner data must come as transient data "owner"', { field: 'owner' });
      const owner = validateOwnerData(parseJsonObject(Buffer.from(transient).toString('utf8')));
      const document = ownerCommitmentDocument(owner);
      if (createHash('sha256').update(document).digest('hex') !== contract.ownerCommitment) {
        throw new DomainError('INVALID_ARGUMENT', "owner data does not match the contract's ownerCommitment", { field: 'owner' });
      }
      await ctx.stub.putPrivateData(OWNER_COLLECTION, contract.contractId, Buffer.from(document));
      return answer(ctx, { contractId: contract.contractId, collection: OWNER_COLLECTION });
    });
  }

  /** The owner's clear identity, for members of the collection entitled to it. */
  @Transaction(false)
  @Returns('string')
  async GetOwner(ctx: Context, contractId: string): Promise<string> {
    return guarded(async () => {
      const actor = actorOf(ctx);
      authorize(actor, 'readOwnerData');
      const contract = await readable(ctx, contractId);
      const bytes = await ctx.stub.getPrivateData(OWNER_COLLECTION, contract.contractId);
      if (!bytes || bytes.length === 0) throw new DomainError('NOT_FOUND', `no owner data deposited for ${contract.contractId}`, { contractId });
      const owner = validateOwnerData(parseJsonObject(Buffer.from(bytes).toString('utf8')));
      return canonicalJson({ contractId: contract.contractId, owner, ownerCommitment: contract.ownerCommitment });
    });
  }

  @Transaction(false)
  @Returns('string')
  async Get(ctx: Context, contractId: string): Promise<string> {
    return guarded(async () => answer(ctx, { contract: await readable(ctx, contractId) }));
  }

  /** Every version, and every write of the current-version key with its transaction. */
  @Transaction(false)
  @Returns('string')
  async History(ctx: Context, contractId: string): Promise<string> {
    return guarded(async () => {
      const current = await readable(ctx, contractId);
      return answer(ctx, {
        contract: current,
        versions: await listJson<ContractRecord>(ctx, contractVersionsPrefix(current.contractId)),
        writes: await historyOf<ContractRecord>(ctx, contractKey(current.contractId)),
      });
    });
  }

  /** One page of a project's contracts (a property company sees only its own); follow `bookmark`. */
  @Transaction(false)
  @Returns('string')
  async ListByProject(ctx: Context, projectId: string, pageSize: string, bookmark: string): Promise<string> {
    return guarded(async () => {
      const actor = actorOf(ctx);
      authorize(actor, 'readContract');
      const project = qualifyFor(actor, projectId, 'projectId');
      // Every contract has its arrears summary under its project from registration on, so the summaries are the project's index.
      const prefix = arrearsSummariesPrefix(project);
      return answer(ctx, { projectId: project, ...(await contractsUnder(ctx, actor, prefix, pageOf(pageSize, bookmark))) });
    });
  }

  /** One page of a company's contracts; follow `bookmark`. */
  @Transaction(false)
  @Returns('string')
  async ListByCompany(ctx: Context, companyId: string, pageSize: string, bookmark: string): Promise<string> {
    return guarded(async () => {
      const actor = actorOf(ctx);
      authorize(actor, 'readContract');
      assertOwnsCompanyRecord(actor, { companyId });
      const prefix = companyContractsPrefix(identifier(companyId, 'companyId'));
      return answer(ctx, { companyId, ...(await contractsUnder(ctx, actor, prefix, pageOf(pageSize, bookmark))) });
    });
  }
}
