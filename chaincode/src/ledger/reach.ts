// Which records a caller reaches, read from the ledger: the record-level rules of
// domain/ownership.ts applied to what is stored. Every read and write path asks
// here before it tells anything about a record, so a company or a law firm gets
// the same FORBIDDEN for a record that is missing and one that is not theirs.
import type { Context } from 'fabric-contract-api';
import {
  anchorSubject,
  contractDisputesPrefix,
  contractKey,
  disputeKey,
  forbidden,
  hasScopedReach,
  qualifyFor,
  isRetainedFirm,
  keySubject,
  mayReachDispute,
  ownerOfId,
  ownsCompanyRecord,
  projectDisputesPrefix,
  requireReachable,
  type Actor,
  type ContractRecord,
  type Dispute,
  type KeyParts,
  type KeySubject,
} from '../domain';
import { getJson, listIds } from './state';

export async function reachableDispute(ctx: Context, actor: Actor, disputeId: string): Promise<Dispute> {
  const id = qualifyFor(actor, disputeId, 'disputeId');
  const dispute = await getJson<Dispute>(ctx, disputeKey(id));
  return requireReachable(actor, dispute, (d) => mayReachDispute(actor, d), `dispute ${id}`, { disputeId: id });
}

/** Whether one of the disputes an index names is retained by the lawyer's firm (stops at the first). */
async function retainedUnder(ctx: Context, actor: Actor, prefix: KeyParts): Promise<boolean> {
  for (const id of await listIds(ctx, prefix)) {
    const d = await getJson<Dispute>(ctx, disputeKey(id));
    if (d && isRetainedFirm(actor, d)) return true;
  }
  return false;
}

/**
 * A company reaches its own contracts; a lawyer the contracts of disputes its firm is retained for (they are
 * part of those disputes' evidence); the court, the bureau and admins every contract.
 */
export async function mayReachContract(ctx: Context, actor: Actor, contract: ContractRecord): Promise<boolean> {
  if (actor.role === 'lawyer') return retainedUnder(ctx, actor, contractDisputesPrefix(contract.contractId));
  return ownsCompanyRecord(actor, contract);
}

export async function reachableContract(ctx: Context, actor: Actor, contractId: string): Promise<ContractRecord> {
  const id = qualifyFor(actor, contractId, 'contractId');
  const contract = await getJson<ContractRecord>(ctx, contractKey(id));
  const reachable = contract !== undefined && (await mayReachContract(ctx, actor, contract));
  return requireReachable(actor, contract, () => reachable, `contract ${id}`, { contractId: id });
}

/**
 * A company reaches the projects of its own namespace (`<its USCC>:<id>`); a lawyer the projects of disputes
 * its firm is retained for; the court, the bureau and admins all. `projectId` is as the ledger spells it.
 */
export async function assertReachesProject(ctx: Context, actor: Actor, projectId: string): Promise<void> {
  if (actor.role === 'property-company') {
    if (ownerOfId(projectId) === actor.companyId) return;
  } else if (actor.role === 'lawyer') {
    if (await retainedUnder(ctx, actor, projectDisputesPrefix(projectId))) return;
  } else {
    return;
  }
  throw forbidden(`project ${projectId} is not within the caller's reach`, { projectId });
}

/** Whether the caller reaches the contract or dispute a document anchor belongs to. */
export async function mayReachAnchor(ctx: Context, actor: Actor, anchor: { recordType: string; recordId: string }): Promise<boolean> {
  const subject = anchorSubject(anchor.recordType, anchor.recordId);
  if (subject === undefined) return !hasScopedReach(actor);
  if (subject.kind === 'contract') {
    const contract = await getJson<ContractRecord>(ctx, contractKey(subject.id));
    return contract !== undefined && (await mayReachContract(ctx, actor, contract));
  }
  const dispute = await getJson<Dispute>(ctx, disputeKey(subject.id));
  return dispute !== undefined && mayReachDispute(actor, dispute);
}

/**
 * For attestations (Evidence:Attest): a company or a lawyer may have attested only keys of records it reaches,
 * so an attestation tells it nothing about anyone else's records. One refusal for the whole request, alike for
 * keys that exist and keys that do not; the court, the bureau and admins may attest any key.
 */
export class KeyReach {
  private readonly checked = new Map<string, Promise<void>>();

  constructor(
    private readonly ctx: Context,
    private readonly actor: Actor,
  ) {}

  async assert(parts: KeyParts): Promise<void> {
    if (!hasScopedReach(this.actor)) return;
    const subject = keySubject(parts);
    if (subject === undefined) throw forbidden(`key ${parts[0]} names no record within the caller's reach`, { objectType: parts[0] });
    const id = `${subject.kind}/${subject.id}`;
    let check = this.checked.get(id);
    if (check === undefined) {
      check = this.subject(subject);
      this.checked.set(id, check);
    }
    await check;
  }

  private async subject(s: KeySubject): Promise<void> {
    if (s.kind === 'contract') await reachableContract(this.ctx, this.actor, s.id);
    else if (s.kind === 'dispute') await reachableDispute(this.ctx, this.actor, s.id);
    else if (s.kind === 'project') await assertReachesProject(this.ctx, this.actor, s.id);
    else if (this.actor.companyId !== s.id) throw forbidden(`company ${s.id} is not within the caller's reach`, { companyId: s.id });
  }
}
