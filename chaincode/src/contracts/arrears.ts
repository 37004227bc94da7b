// Arrears events (billed / paid / waived) and project risk warnings.
// A write touches only its own contract's keys; EvaluateRisk is the one
// transaction that reads a whole project, so concurrent uploads to one
// project never conflict with each other (see chaincode/README.md).
import { createHash } from 'node:crypto';
import { Context, Info, Returns, Transaction } from 'fabric-contract-api';
import { NotaryContract } from '../ledger/endorsed-time';
import {
  arrearsEventKey,
  arrearsEventsOfContractPrefix,
  arrearsStatusFromBalances,
  arrearsSummariesPrefix,
  arrearsSummaryKey,
  authorize,
  DomainError,
  qualifyFor,
  meetsThreshold,
  ownsCompanyRecord,
  projectOwnersPrefix,
  type CompanyOwned,
  parseJsonObject,
  recordArrearsEvent,
  riskStateKey,
  riskThresholdKey,
  riskWarningInput,
  riskWarningInputDocument,
  riskWarningKey,
  riskWarningsPrefix,
  validateArrearsEvent,
  validateBatch,
  validateRiskThreshold,
  validateDeltaFold,
  MAX_DELTAS_PER_FOLD,
  actorRef,
  ownerOfId,
  ProjectDeltas,
  projectDeltaKey,
  projectDeltasPrefix,
  PROJECT_DELTAS_COMPACT_OVER,
  ratioFromDeltas,
  sumProjectDeltas,
  type Actor,
  type ProjectDelta,
  type ArrearsEventInput,
  type ArrearsEventRecord,
  type ArrearsRatio,
  type ArrearsSummary,
} from '../domain';
import { EVENTS } from '../events';
import { actorOf, txTime } from '../ledger/context';
import { guarded } from '../ledger/guard';
import { answer, emit, writeProjectDeltas } from '../ledger/records';
import { assertReachesProject, reachableContract } from '../ledger/reach';
import { pageOf } from '../ledger/paging';
import { deleteKey, exists, getJson, listEntries, listIdsPage, listJson, listJsonPage, mustGet, putJson, readAllEntries } from '../ledger/state';

export const DEFAULT_PROJECT = '*';

interface RiskThreshold {
  projectId: string;
  thresholdBp: number;
  setAt: string;
  setBy: ReturnType<typeof actorRef>;
}
interface RiskState {
  projectId: string;
  atRisk: boolean;
  since: string;
  warningTxId: string | null;
}

export interface RiskWarning {
  projectId: string;
  txId: string;
  at: string;
  thresholdBp: number;
  ratio: ArrearsRatio;
  activeContracts: number;
  overdueContracts: number;
  /** SHA-256 of riskWarningInputDocument(): recompute it from the ledger to check the warning. */
  inputHash: string;
}

/** Records events in order; summaries are cached because a transaction does not read its own writes. */
async function recordEvents(ctx: Context, inputs: readonly ArrearsEventInput[], actor: Actor, at: string): Promise<(ArrearsEventRecord & { txId: string })[]> {
  const summaries = new Map<string, ArrearsSummary>();
  const deltas = new ProjectDeltas();
  const records: (ArrearsEventRecord & { txId: string })[] = [];
  for (const sent of inputs) {
    const contract = await reachableContract(ctx, actor, sent.contractId);
    const input = { ...sent, contractId: contract.contractId };
    const key = arrearsSummaryKey(contract.projectId, contract.contractId);
    const summary = summaries.get(contract.contractId) ?? (await mustGet<ArrearsSummary>(ctx, key, `arrears summary of ${contract.contractId}`));
    const eventKey = arrearsEventKey(input.contractId, input.period, input.eventId);
    if (await exists(ctx, eventKey)) {
      throw new DomainError('ALREADY_EXISTS', `arrears event ${input.eventId} already recorded`, { eventId: input.eventId });
    }
    const { record: event, balances } = recordArrearsEvent(contract, input, summary.balances, actor, at);
    // The writing transaction, so an evidence package can point at the block that holds it.
    const record = { ...event, txId: ctx.stub.getTxID() };
    const next = { ...summary, balances };
    summaries.set(contract.contractId, next);
    deltas.noteSummary(summary, next);
    await putJson(ctx, eventKey, record);
    await putJson(ctx, key, next);
    records.push(record);
  }
  await writeProjectDeltas(ctx, deltas);
  return records;
}

async function thresholdFor(ctx: Context, projectId: string): Promise<RiskThreshold | undefined> {
  return (await getJson<RiskThreshold>(ctx, riskThresholdKey(projectId))) ?? getJson<RiskThreshold>(ctx, riskThresholdKey(DEFAULT_PROJECT));
}

/** Every contract's standing at `at`: a scan of the project's summaries, for the inputs a warning records. */
async function projectStatuses(ctx: Context, projectId: string, at: string) {
  const summaries = await listJson<ArrearsSummary>(ctx, arrearsSummariesPrefix(projectId));
  return summaries.map((s) => arrearsStatusFromBalances(s, s.balances, at));
}

/** The project's deltas (project-deltas.ts), keyed by the transaction that wrote each; a project ID here is always qualified. */
const projectDeltas = (ctx: Context, projectId: string) => listEntries<ProjectDelta>(ctx, projectDeltasPrefix(ownerOfId(projectId)!, projectId));

/** projectDeltas for a read-only transaction, page by page: however many deltas the project has. */
const readProjectDeltas = (ctx: Context, projectId: string) => readAllEntries<ProjectDelta>(ctx, projectDeltasPrefix(ownerOfId(projectId)!, projectId));

/** Replaces the given deltas of a project (keyed by the transaction that wrote each) by their sum under this transaction's ID. */
async function foldDeltas(ctx: Context, projectId: string, deltas: { id: string; value: ProjectDelta }[]): Promise<void> {
  const companyId = ownerOfId(projectId)!;
  for (const d of deltas) await deleteKey(ctx, projectDeltaKey(companyId, projectId, d.id));
  await putJson(ctx, projectDeltaKey(companyId, projectId, ctx.stub.getTxID()), sumProjectDeltas(deltas.map((d) => d.value)));
}

/** Replaces a project's many deltas by their sum (funnel and ratio), so reads stay short. */
async function compactProjectDeltas(ctx: Context, projectId: string, deltas: { id: string; value: ProjectDelta }[]): Promise<void> {
  if (deltas.length > PROJECT_DELTAS_COMPACT_OVER) await foldDeltas(ctx, projectId, deltas);
}

const ratioAt = (deltas: { value: ProjectDelta }[], at: string) =>
  ratioFromDeltas(
    deltas.map((d) => d.value.ratio ?? {}),
    at,
  );

@Info({ title: 'Arrears', description: 'Arrears events, project arrears ratios and risk warnings' })
export class ArrearsContract extends NotaryContract {
  constructor() {
    super('Arrears');
  }

  @Transaction()
  @Returns('string')
  async Record(ctx: Context, request: string): Promise<string> {
    return guarded(async () => {
      const actor = actorOf(ctx);
      authorize(actor, 'recordArrears');
      const [record] = await recordEvents(ctx, [validateArrearsEvent(parseJsonObject(request))], actor, txTime(ctx));
      emit(ctx, EVENTS.arrearsRecorded, { eventIds: [record!.eventId], projectIds: [record!.projectId] });
      return answer(ctx, { event: record });
    });
  }

  /** All or nothing, up to the batch limit. */
  @Transaction()
  @Returns('string')
  async RecordBatch(ctx: Context, request: string): Promise<string> {
    return guarded(async () => {
      const actor = actorOf(ctx);
      authorize(actor, 'recordArrears');
      const items = validateBatch(parseJsonObject(request).items, validateArrearsEvent, (e) => e.eventId);
      const records = await recordEvents(ctx, items, actor, txTime(ctx));
      const projectIds = [...new Set(records.map((r) => r.projectId))].sort();
      emit(ctx, EVENTS.arrearsRecorded, { eventIds: records.map((r) => r.eventId), projectIds });
      return answer(ctx, { count: records.length, eventIds: records.map((r) => r.eventId), projectIds });
    });
  }

  @Transaction(false)
  @Returns('string')
  async ListByContract(ctx: Context, contractId: string): Promise<string> {
    return guarded(async () => {
      const actor = actorOf(ctx);
      authorize(actor, 'readArrears');
      const contract = await reachableContract(ctx, actor, contractId);
      const events = await listJson<ArrearsEventRecord>(ctx, arrearsEventsOfContractPrefix(contract.contractId));
      const summary = await getJson<ArrearsSummary>(ctx, arrearsSummaryKey(contract.projectId, contract.contractId));
      return answer(ctx, { contractId: contract.contractId, events, balances: summary?.balances ?? [] });
    });
  }

  @Transaction()
  @Returns('string')
  async SetThreshold(ctx: Context, request: string): Promise<string> {
    return guarded(async () => {
      const actor = actorOf(ctx);
      authorize(actor, 'setRiskThreshold');
      const sent = validateRiskThreshold(parseJsonObject(request));
      const input = { ...sent, projectId: sent.projectId === DEFAULT_PROJECT ? DEFAULT_PROJECT : qualifyFor(actor, sent.projectId, 'projectId') };
      const threshold: RiskThreshold = { ...input, setAt: txTime(ctx), setBy: actorRef(actor) };
      await putJson(ctx, riskThresholdKey(input.projectId), threshold);
      emit(ctx, EVENTS.riskThresholdSet, threshold);
      return answer(ctx, { threshold });
    });
  }

  /**
   * The project's arrears ratio at the transaction time, from its deltas.
   * Crossing the threshold upward records a warning with the hash of its
   * inputs (every contract's standing, so only then are the contracts read)
   * and emits RiskWarningRaised; falling back below clears the state. Many
   * deltas are compacted into one. Idempotent in what it reports.
   */
  @Transaction()
  @Returns('string')
  async EvaluateRisk(ctx: Context, projectId: string): Promise<string> {
    // eslint-disable-next-line complexity -- risk evaluation transaction: a warning raised, cleared or kept, each with its writes and event
    return guarded(async () => {
      const actor = actorOf(ctx);
      authorize(actor, 'evaluateRisk');
      const project = qualifyFor(actor, projectId, 'projectId');
      await assertReachesProject(ctx, actor, project);
      const at = txTime(ctx);
      const deltas = await projectDeltas(ctx, project);
      const ratio = ratioAt(deltas, at);
      const threshold = await thresholdFor(ctx, project);
      const state = await getJson<RiskState>(ctx, riskStateKey(project));
      const atRisk = threshold !== undefined && meetsThreshold(ratio, threshold.thresholdBp);
      let warning: RiskWarning | null = null;
      if (threshold && atRisk && !state?.atRisk) {
        const statuses = await projectStatuses(ctx, project, at);
        const input = riskWarningInput(project, at, threshold.thresholdBp, statuses);
        warning = {
          projectId: project,
          txId: ctx.stub.getTxID(),
          at,
          thresholdBp: threshold.thresholdBp,
          ratio: input.ratio,
          activeContracts: statuses.filter((s) => s.active).length,
          overdueContracts: statuses.filter((s) => s.active && s.overdue).length,
          inputHash: createHash('sha256').update(riskWarningInputDocument(input)).digest('hex'),
        };
        await putJson(ctx, riskWarningKey(project, warning.txId), warning);
        await putJson(ctx, riskStateKey(project), { projectId: project, atRisk: true, since: at, warningTxId: warning.txId });
        emit(ctx, EVENTS.riskWarningRaised, warning);
      } else if (!atRisk && state?.atRisk) {
        await putJson(ctx, riskStateKey(project), { projectId: project, atRisk: false, since: at, warningTxId: null });
        emit(ctx, EVENTS.riskWarningCleared, { projectId: project, at, ratio });
      }
      await compactProjectDeltas(ctx, project, deltas);
      return answer(ctx, { projectId: project, at, ratio, thresholdBp: threshold?.thresholdBp ?? null, atRisk, warning });
    });
  }

  /**
   * Folds the named transactions' deltas of a project into one, under this transaction's ID. It reads those keys
   * only, never the project's range, so writes to the project committing meanwhile do not conflict with it (a range
   * read would fail as a phantom read under a steady stream of writes). Named keys that are absent (another project's
   * transaction, or folded already) are skipped. No count changes, so whoever writes a project's deltas and reaches
   * the project may ask: the API does for the writes it made (api/delta-compaction.ts).
   */
  @Transaction()
  @Returns('string')
  async CompactDeltas(ctx: Context, request: string): Promise<string> {
    return guarded(async () => {
      const actor = actorOf(ctx);
      authorize(actor, 'compactProjectDeltas');
      const input = validateDeltaFold(parseJsonObject(request));
      const project = qualifyFor(actor, input.projectId, 'projectId');
      await assertReachesProject(ctx, actor, project);
      const companyId = ownerOfId(project)!;
      const found: { id: string; value: ProjectDelta }[] = [];
      for (const txId of input.txIds) {
        const value = await getJson<ProjectDelta>(ctx, projectDeltaKey(companyId, project, txId));
        if (value !== undefined) found.push({ id: txId, value });
      }
      // Fewer than two found: nothing to fold, nothing written.
      const folded = found.length >= 2;
      if (folded) await foldDeltas(ctx, project, found);
      return answer(ctx, {
        projectId: project,
        folded: folded ? found.length : 0,
        skipped: input.txIds.length - found.length,
        deltaTxId: folded ? ctx.stub.getTxID() : null,
      });
    });
  }

  /**
   * The transactions whose deltas of a project are on the ledger now, at most MAX_DELTAS_PER_FOLD of them: what a
   * fold may name. The API asks before each fold, so deltas it never saw written (before it restarted, by another
   * API, straight through the gateway) are folded too. Read-only; the same callers as CompactDeltas.
   */
  @Transaction(false)
  @Returns('string')
  async DeltaTxIds(ctx: Context, projectId: string): Promise<string> {
    return guarded(async () => {
      const actor = actorOf(ctx);
      authorize(actor, 'compactProjectDeltas');
      const project = qualifyFor(actor, projectId, 'projectId');
      await assertReachesProject(ctx, actor, project);
      const page = await listIdsPage(ctx, projectDeltasPrefix(ownerOfId(project)!, project), MAX_DELTAS_PER_FOLD, '');
      return answer(ctx, { projectId: project, txIds: page.ids, more: page.bookmark !== '' });
    });
  }

  /** The ratio now, without recording anything. */
  @Transaction(false)
  @Returns('string')
  async Ratio(ctx: Context, projectId: string): Promise<string> {
    return guarded(async () => {
      const actor = actorOf(ctx);
      authorize(actor, 'readProjectRatio');
      const project = qualifyFor(actor, projectId, 'projectId');
      await assertReachesProject(ctx, actor, project);
      const at = txTime(ctx);
      const ratio = ratioAt(await readProjectDeltas(ctx, project), at);
      const threshold = await thresholdFor(ctx, project);
      const state = await getJson<RiskState>(ctx, riskStateKey(project));
      return answer(ctx, {
        projectId: project,
        at,
        ratio,
        activeContracts: ratio.denominator,
        thresholdBp: threshold?.thresholdBp ?? null,
        atRisk: state?.atRisk ?? false,
      });
    });
  }

  /** One page of the channel's projects (each with its company, from its first contract); a property company sees its own. */
  @Transaction(false)
  @Returns('string')
  async ListProjects(ctx: Context, pageSize: string, bookmark: string): Promise<string> {
    return guarded(async () => {
      const actor = actorOf(ctx);
      authorize(actor, 'readProjectRatio');
      const page = pageOf(pageSize, bookmark);
      const found = await listJsonPage<CompanyOwned & { projectId: string; since: string }>(ctx, projectOwnersPrefix(), page.pageSize, page.bookmark);
      return answer(ctx, { projects: found.values.filter((p) => ownsCompanyRecord(actor, p)), bookmark: found.bookmark });
    });
  }

  @Transaction(false)
  @Returns('string')
  async Warnings(ctx: Context, projectId: string): Promise<string> {
    return guarded(async () => {
      const actor = actorOf(ctx);
      authorize(actor, 'readRiskWarnings');
      const project = qualifyFor(actor, projectId, 'projectId');
      await assertReachesProject(ctx, actor, project);
      return answer(ctx, { projectId: project, warnings: await listJson<RiskWarning>(ctx, riskWarningsPrefix(project)) });
    });
  }
}
