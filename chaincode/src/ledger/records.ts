// Writes shared by several contracts: the document index, a dispute with its
// transition record and indexes, and the JSON every transaction returns.
import type { Context } from 'fabric-contract-api';
import {
  actorRef,
  canonicalJson,
  companyDisputeIndexKey,
  contractDisputeIndexKey,
  disputeKey,
  disputeTransitionKey,
  disputeTransitionRecordId,
  disputeTransitionsPrefix,
  milestoneDelta,
  projectDeltaKey,
  ProjectDeltas,
  documentAnchorKey,
  lawFirmDisputeIndexKey,
  projectDisputeIndexKey,
  stageDisputeIndexKey,
  type Actor,
  type Dispute,
  type TransitionRecord,
} from '../domain';
import { EVENTS, type EventName } from '../events';
import { deleteKey, listJson, putIndex, putJson } from './state';

export interface DocumentAnchor {
  sha256: string;
  recordType: string;
  recordId: string;
  txId: string;
  at: string;
  by: ReturnType<typeof actorRef>;
}

/** Records that `sha256` was anchored by this transaction for one record. */
export async function anchorDocument(ctx: Context, sha256: string, recordType: string, recordId: string, actor: Actor, at: string) {
  const anchor: DocumentAnchor = { sha256, recordType, recordId, txId: ctx.stub.getTxID(), at, by: actorRef(actor) };
  await putJson(ctx, documentAnchorKey(sha256, recordType, recordId), anchor);
}

/** The projects each transaction (its context) wrote a count delta for, named in its answer. */
const deltaProjects = new WeakMap<Context, Set<string>>();

/** Records what this transaction changed in each project's counts: one key per project; call once per transaction. */
export async function writeProjectDeltas(ctx: Context, deltas: ProjectDeltas): Promise<void> {
  for (const e of deltas.entries()) {
    await putJson(ctx, projectDeltaKey(e.companyId, e.projectId, ctx.stub.getTxID()), e.delta);
    let named = deltaProjects.get(ctx);
    if (!named) deltaProjects.set(ctx, (named = new Set()));
    named.add(e.projectId);
  }
}

/** The funnel milestone this transition reaches first, if any. Only the dispute's own history is read: writers of other disputes never conflict. */
async function countMilestone(ctx: Context, previous: Dispute | undefined, next: Dispute, record: TransitionRecord): Promise<void> {
  const earlier = previous ? (await listJson<TransitionRecord>(ctx, disputeTransitionsPrefix(next.disputeId))).map((t) => t.to) : [];
  const delta = milestoneDelta(earlier, record.to);
  if (delta === undefined) return;
  const deltas = new ProjectDeltas();
  deltas.addFunnel(next.companyId, next.projectId, delta);
  await writeProjectDeltas(ctx, deltas);
}

/** Persists a dispute after `record` moved it (or opened it), keeping its indexes, documents and funnel in step. */
export async function saveDispute(ctx: Context, previous: Dispute | undefined, next: Dispute, record: TransitionRecord, actor: Actor) {
  await countMilestone(ctx, previous, next, record);
  await putJson(ctx, disputeKey(next.disputeId), next);
  await putJson(ctx, disputeTransitionKey(next.disputeId, record.seq), record);
  if (!previous) {
    await putIndex(ctx, companyDisputeIndexKey(next.companyId, next.disputeId));
    await putIndex(ctx, contractDisputeIndexKey(next.contractId, next.disputeId));
    await putIndex(ctx, projectDisputeIndexKey(next.projectId, next.disputeId));
  } else if (previous.stage !== next.stage) {
    await deleteKey(ctx, stageDisputeIndexKey(previous.stage, next.disputeId));
  }
  if (next.lawFirmMspId !== null && next.lawFirmMspId !== previous?.lawFirmMspId) {
    if (previous?.lawFirmMspId) await deleteKey(ctx, lawFirmDisputeIndexKey(previous.lawFirmMspId, next.disputeId));
    await putIndex(ctx, lawFirmDisputeIndexKey(next.lawFirmMspId, next.disputeId));
  }
  await putIndex(ctx, stageDisputeIndexKey(next.stage, next.disputeId));
  for (const sha of record.documentHashes) {
    await anchorDocument(ctx, sha, 'disputeTransition', disputeTransitionRecordId(next.disputeId, record.seq), actor, record.at);
  }
}

export function emit(ctx: Context, name: EventName, payload: unknown): void {
  ctx.stub.setEvent(name, Buffer.from(canonicalJson(payload)));
}

export function stageEvent(ctx: Context, record: TransitionRecord, extra: Record<string, unknown> = {}): void {
  emit(ctx, EVENTS.disputeStageChanged, {
    disputeId: record.disputeId,
    from: record.from,
    to: record.to,
    action: record.action,
    seq: record.seq,
    at: record.at,
    ...extra,
  });
}

/**
 * Every transaction answers canonical JSON naming the transaction that wrote (or read) it, and the projects it wrote
 * a count delta for (`deltaProjects`, sorted), so a client can tell when a project's deltas want compacting.
 */
export function answer(ctx: Context, body: Record<string, unknown>): string {
  const projects = deltaProjects.get(ctx);
  return canonicalJson({ txId: ctx.stub.getTxID(), ...body, ...(projects ? { deltaProjects: [...projects].sort() } : {}) });
}
