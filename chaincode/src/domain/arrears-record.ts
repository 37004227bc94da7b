// Builds the record for one arrears event. Each event is its own ledger key
// (keys.ts arrearsEventKey), so bulk uploads never contend on a shared counter.
import { authorize } from './access';
import { actorRef, type Actor, type ActorRef } from './actors';
import { applyToBalances, type ArrearsEvent, type PeriodBalance } from './arrears-balance';
import { invalidArgument, stageConflict } from './errors';
import { assertOwnsCompanyRecord } from './ownership';
import { normalizeInstant } from './time';
import type { ArrearsEventInput } from './validation';

export interface ArrearsEventRecord extends ArrearsEvent {
  readonly companyId: string;
  readonly projectId: string;
  /** The note's code and salted commitment; its text is in the court/bureau collection (free-text.ts). */
  readonly noteCode: string | null;
  readonly noteCommitment: string | null;
  readonly recordedAt: string;
  readonly recordedBy: ActorRef;
}

export interface ArrearsTarget {
  readonly contractId: string;
  readonly companyId: string;
  readonly projectId: string;
  readonly status: string;
}

/**
 * `balances` are the contract's stored period balances; the result carries
 * the balances after this event, for the contract's arrears summary. Bills
 * need an ACTIVE contract; payments and waivers are still accepted after
 * termination, to settle what was owed.
 */
export function recordArrearsEvent(
  contract: ArrearsTarget,
  input: ArrearsEventInput,
  balances: readonly PeriodBalance[],
  actor: Actor,
  at: string,
): { record: ArrearsEventRecord; balances: PeriodBalance[] } {
  authorize(actor, 'recordArrears');
  assertOwnsCompanyRecord(actor, contract);
  if (input.contractId !== contract.contractId) throw invalidArgument('contractId', 'does not match the contract');
  if (input.type === 'billed' && contract.status !== 'ACTIVE') {
    throw stageConflict(`cannot bill contract ${contract.contractId}: it is ${contract.status}`, {
      contractId: contract.contractId,
      status: contract.status,
    });
  }
  const event: ArrearsEvent = {
    eventId: input.eventId,
    contractId: input.contractId,
    type: input.type,
    period: input.period,
    amountFen: input.amountFen,
  };
  const after = applyToBalances(contract.contractId, balances, event);
  const record: ArrearsEventRecord = {
    ...event,
    companyId: contract.companyId,
    projectId: contract.projectId,
    noteCode: input.noteCode ?? null,
    noteCommitment: input.noteCommitment ?? null,
    recordedAt: normalizeInstant(at, 'at'),
    recordedBy: actorRef(actor),
  };
  return { record, balances: after };
}
