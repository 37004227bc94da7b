// Disputes and the stage machine: opened by the property company, moved by
// the court's mediators and judges (letters move through Letters), queried
// by stage, project and company, and counted as a funnel.
import { Context, Info, Returns, Transaction } from 'fabric-contract-api';
import { NotaryContract } from '../ledger/endorsed-time';
import {
  assertOwnsCompanyRecord,
  authorize,
  mayReachDispute,
  companyDisputesPrefix,
  projectDeltasPrefix,
  sumFunnel,
  ownerOfId,
  type ProjectDelta,
  DISPUTE_STAGES,
  disputeKey,
  disputeTransitionsPrefix,
  DomainError,
  forbidden,
  identifier,
  ownIdFor,
  qualifyFor,
  invalidArgument,
  lawFirm,
  lawFirmDisputesPrefix,
  oneOf,
  openDispute,
  parseJsonObject,
  projectDisputesPrefix,
  stageDisputesPrefix,
  transition,
  validateDisputeOpening,
  validateDisputeTransition,
  type Dispute,
  type DisputeAction,
  type KeyParts,
  type TransitionRecord,
} from '../domain';
import { actorOf, txTime } from '../ledger/context';
import { guarded } from '../ledger/guard';
import { answer, saveDispute, stageEvent } from '../ledger/records';
import { pageOf, type Page } from '../ledger/paging';
import { assertReachesProject, reachableContract, reachableDispute } from '../ledger/reach';
import { exists, getJson, historyOf, listIdsPage, listJson, readAllJson } from '../ledger/state';

/** Letters and their receipts move a dispute only through Letters, which also stores the letter records. */
const LETTER_ACTIONS: readonly DisputeAction[] = ['sendLetter', 'recordDelivery', 'recordViewed'];

async function readableDispute(ctx: Context, disputeId: string): Promise<Dispute> {
  const actor = actorOf(ctx);
  authorize(actor, 'readDispute');
  return reachableDispute(ctx, actor, disputeId);
}

/** One page of the disputes an index names (a property company sees only its own, a lawyer its firm's). */
async function disputesUnder(ctx: Context, prefix: KeyParts, page: Page): Promise<{ disputes: Dispute[]; bookmark: string }> {
  const actor = actorOf(ctx);
  authorize(actor, 'readDispute');
  const found = await listIdsPage(ctx, prefix, page.pageSize, page.bookmark);
  const disputes: Dispute[] = [];
  for (const id of found.ids) {
    const d = await getJson<Dispute>(ctx, disputeKey(id));
    if (d && mayReachDispute(actor, d)) disputes.push(d);
  }
  return { disputes, bookmark: found.bookmark };
}

@Info({ title: 'Disputes', description: 'Property-fee disputes and their stage machine' })
export class DisputesContract extends NotaryContract {
  constructor() {
    super('Disputes');
  }

  @Transaction()
  @Returns('string')
  async Open(ctx: Context, request: string): Promise<string> {
    return guarded(async () => {
      const actor = actorOf(ctx);
      authorize(actor, 'openDispute');
      const body = parseJsonObject(request);
      const { documentHashes, ...opening } = body;
      const sent = validateDisputeOpening(opening);
      const contract = await reachableContract(ctx, actor, sent.contractId);
      const input = { ...sent, disputeId: ownIdFor(actor, sent.disputeId, 'disputeId'), contractId: contract.contractId };
      if (await exists(ctx, disputeKey(input.disputeId))) {
        throw new DomainError('ALREADY_EXISTS', `dispute ${input.disputeId} already exists`, { disputeId: input.disputeId });
      }
      const { dispute, record } = openDispute(input, contract, actor, txTime(ctx), (documentHashes as string[] | undefined) ?? []);
      await saveDispute(ctx, undefined, dispute, record, actor);
      stageEvent(ctx, record);
      return answer(ctx, { dispute, transition: record });
    });
  }

  /** Mediation, triage, litigation, case filing, settlement and the re-assignment of the retained law firm. */
  @Transaction()
  @Returns('string')
  async Transition(ctx: Context, request: string): Promise<string> {
    return guarded(async () => {
      const actor = actorOf(ctx);
      const input = validateDisputeTransition(parseJsonObject(request));
      if (LETTER_ACTIONS.includes(input.action)) {
        throw invalidArgument('action', `${input.action} goes through the Letters contract, which records the letter itself`);
      }
      authorize(actor, input.action);
      const current = await reachableDispute(ctx, actor, input.disputeId);
      const { dispute, record } = transition(current, input.action, actor, txTime(ctx), input.documentHashes, {
        ...(input.to ? { to: input.to } : {}),
        ...(input.caseNumber ? { caseNumber: input.caseNumber } : {}),
        ...(input.lawFirmMspId ? { lawFirmMspId: input.lawFirmMspId } : {}),
      });
      // The note's code and commitment only: its text is deposited apart, into the court/bureau collection.
      const noted = {
        ...record,
        ...(input.noteCode === undefined ? {} : { noteCode: input.noteCode }),
        ...(input.noteCommitment === undefined ? {} : { noteCommitment: input.noteCommitment }),
      };
      await saveDispute(ctx, current, dispute, noted, actor);
      stageEvent(ctx, noted, input.noteCode === undefined ? {} : { noteCode: input.noteCode });
      return answer(ctx, { dispute, transition: noted });
    });
  }

  @Transaction(false)
  @Returns('string')
  async Get(ctx: Context, disputeId: string): Promise<string> {
    return guarded(async () => answer(ctx, { dispute: await readableDispute(ctx, disputeId) }));
  }

  /** Every transition record (who, when, documents) and every write of the dispute key. */
  @Transaction(false)
  @Returns('string')
  async History(ctx: Context, disputeId: string): Promise<string> {
    return guarded(async () => {
      const dispute = await readableDispute(ctx, disputeId);
      return answer(ctx, {
        dispute,
        transitions: await listJson<TransitionRecord>(ctx, disputeTransitionsPrefix(dispute.disputeId)),
        writes: await historyOf<Dispute>(ctx, disputeKey(dispute.disputeId)),
      });
    });
  }

  @Transaction(false)
  @Returns('string')
  async ListByStage(ctx: Context, stage: string, pageSize: string, bookmark: string): Promise<string> {
    return guarded(async () => {
      const s = oneOf(stage, 'stage', DISPUTE_STAGES);
      return answer(ctx, { stage: s, ...(await disputesUnder(ctx, stageDisputesPrefix(s), pageOf(pageSize, bookmark))) });
    });
  }

  @Transaction(false)
  @Returns('string')
  async ListByProject(ctx: Context, projectId: string, pageSize: string, bookmark: string): Promise<string> {
    return guarded(async () => {
      const p = qualifyFor(actorOf(ctx), projectId, 'projectId');
      return answer(ctx, { projectId: p, ...(await disputesUnder(ctx, projectDisputesPrefix(p), pageOf(pageSize, bookmark))) });
    });
  }

  @Transaction(false)
  @Returns('string')
  async ListByCompany(ctx: Context, companyId: string, pageSize: string, bookmark: string): Promise<string> {
    return guarded(async () => {
      const c = identifier(companyId, 'companyId');
      assertOwnsCompanyRecord(actorOf(ctx), { companyId: c });
      return answer(ctx, { companyId: c, ...(await disputesUnder(ctx, companyDisputesPrefix(c), pageOf(pageSize, bookmark))) });
    });
  }

  /** The disputes a law firm is retained for; a lawyer may list only its own firm's (a company sees only its own among them). */
  @Transaction(false)
  @Returns('string')
  async ListByLawFirm(ctx: Context, lawFirmMspId: string, pageSize: string, bookmark: string): Promise<string> {
    return guarded(async () => {
      const actor = actorOf(ctx);
      authorize(actor, 'readDispute');
      const firm = lawFirm(lawFirmMspId);
      if (actor.role === 'lawyer' && actor.mspId !== firm)
        throw forbidden('a lawyer lists only the disputes its own firm is retained for', { lawFirmMspId: firm });
      return answer(ctx, { lawFirmMspId: firm, ...(await disputesUnder(ctx, lawFirmDisputesPrefix(firm), pageOf(pageSize, bookmark))) });
    });
  }

  /**
   * Funnel counts for one project, or for the whole channel with projectId "*". A property company gets
   * its own projects only, and for "*" counts only its own contracts and disputes.
   */
  @Transaction(false)
  @Returns('string')
  async Funnel(ctx: Context, projectId: string): Promise<string> {
    return guarded(async () => {
      const actor = actorOf(ctx);
      authorize(actor, 'readFunnel');
      // Sums of what each transaction added (ProjectDelta), not a scan of every contract and transition.
      // Page by page: on a district's channel there may be more deltas than one unpaged scan returns.
      const sum = async (prefix: KeyParts) => sumFunnel((await readAllJson<ProjectDelta>(ctx, prefix)).map((d) => d.funnel ?? {}));
      if (projectId === '*') {
        const prefix = actor.companyId === undefined ? projectDeltasPrefix() : projectDeltasPrefix(actor.companyId);
        return answer(ctx, { projectId, funnel: await sum(prefix) });
      }
      const p = qualifyFor(actor, projectId, 'projectId');
      await assertReachesProject(ctx, actor, p);
      return answer(ctx, { projectId: p, funnel: await sum(projectDeltasPrefix(ownerOfId(p)!, p)) });
    });
  }
}
