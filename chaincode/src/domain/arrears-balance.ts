// Balances and overdue status of one contract, folded from its arrears
// events. Summation is order-independent, so the result does not depend on
// the order the ledger returns event keys in.
import { DomainError, invalidArgument } from './errors';
import { chinaDayStartMs, DAY_MS, formatInstant, parseInstant, parsePeriod } from './time';
import type { ArrearsEventType } from './validation';

export interface ArrearsEvent {
  readonly eventId: string;
  readonly contractId: string;
  readonly type: ArrearsEventType;
  readonly period: string;
  readonly amountFen: number;
}

export interface PeriodBalance {
  readonly period: string;
  readonly balanceFen: number;
}

const SIGN: Readonly<Record<ArrearsEventType, 1 | -1>> = { billed: 1, paid: -1, waived: -1 };

function addEvent(sums: Map<string, number>, contractId: string, e: ArrearsEvent): void {
  if (e.contractId !== contractId) {
    throw invalidArgument('contractId', `event ${e.eventId} belongs to ${e.contractId}, not ${contractId}`);
  }
  const next = (sums.get(e.period) ?? 0) + SIGN[e.type] * e.amountFen;
  if (!Number.isSafeInteger(next)) {
    throw new DomainError('LIMIT_EXCEEDED', `balance of ${contractId} ${e.period} exceeds safe integer range`, {
      contractId,
      period: e.period,
    });
  }
  sums.set(e.period, next);
}

/** Sorted by period; a negative period is INVALID_ARGUMENT (prepayment is not modelled: bill first). */
function toBalances(contractId: string, sums: Map<string, number>): PeriodBalance[] {
  const balances = [...sums.entries()]
    .map(([period, balanceFen]) => ({ period, balanceFen }))
    .sort((a, b) => (a.period < b.period ? -1 : a.period > b.period ? 1 : 0));
  for (const b of balances) {
    if (b.balanceFen < 0) {
      throw invalidArgument('amountFen', `balance of ${contractId} for ${b.period} would fall below zero`, {
        contractId,
        period: b.period,
        balanceFen: b.balanceFen,
      });
    }
  }
  return balances;
}

/**
 * Per-period balances (billed − paid − waived), sorted by period, zero
 * periods included. Order-independent: only the totals must stay ≥ 0.
 */
export function periodBalances(contractId: string, events: readonly ArrearsEvent[]): PeriodBalance[] {
  const sums = new Map<string, number>();
  for (const e of events) addEvent(sums, contractId, e);
  return toBalances(contractId, sums);
}

/**
 * The balances after one more event, from the stored balances alone: an
 * arrears write reads one summary key instead of the contract's history.
 */
export function applyToBalances(contractId: string, balances: readonly PeriodBalance[], event: ArrearsEvent): PeriodBalance[] {
  const sums = new Map(balances.map((b) => [b.period, b.balanceFen]));
  addEvent(sums, contractId, event);
  return toBalances(contractId, sums);
}

export function contractBalanceFen(contractId: string, events: readonly ArrearsEvent[]): number {
  return periodBalances(contractId, events).reduce((sum, b) => sum + b.balanceFen, 0);
}

/** Throws unless adding `event` to the contract's stored events keeps every period ≥ 0. */
export function assertEventKeepsBalance(existing: readonly ArrearsEvent[], event: ArrearsEvent): void {
  periodBalances(event.contractId, [...existing, event]);
}

/**
 * A period's fee is due on `dueDayOfMonth` of that month (China time) and is
 * overdue from 00:00 CST the next day: paying on the due day is on time.
 */
export function overdueFromMs(period: string, dueDayOfMonth: number): number {
  parsePeriod(period);
  const day = String(dueDayOfMonth).padStart(2, '0');
  return chinaDayStartMs(`${period}-${day}`) + DAY_MS;
}

export function overdueFrom(period: string, dueDayOfMonth: number): string {
  return formatInstant(overdueFromMs(period, dueDayOfMonth));
}

export interface ArrearsContract {
  readonly contractId: string;
  readonly status: string;
  readonly feeTerms: { readonly dueDayOfMonth: number };
}

export interface ContractArrearsStatus {
  readonly contractId: string;
  /** Counts toward the project ratio's denominator. */
  readonly active: boolean;
  readonly balanceFen: number;
  /** The part of the balance already past due. */
  readonly overdueFen: number;
  readonly overdue: boolean;
}

export function contractArrearsStatus(contract: ArrearsContract, events: readonly ArrearsEvent[], asOf: string): ContractArrearsStatus {
  return arrearsStatusFromBalances(contract, periodBalances(contract.contractId, events), asOf);
}

export function arrearsStatusFromBalances(contract: ArrearsContract, balances: readonly PeriodBalance[], asOf: string): ContractArrearsStatus {
  const now = parseInstant(asOf, 'asOf');
  let balanceFen = 0;
  let overdueFen = 0;
  for (const b of balances) {
    balanceFen += b.balanceFen;
    if (b.balanceFen > 0 && now >= overdueFromMs(b.period, contract.feeTerms.dueDayOfMonth)) overdueFen += b.balanceFen;
  }
  return {
    contractId: contract.contractId,
    active: contract.status === 'ACTIVE',
    balanceFen,
    overdueFen,
    overdue: overdueFen > 0,
  };
}

/** What the ledger keeps per contract for the project ratio: status, due day and period balances. */
export interface ArrearsSummary extends ArrearsContract {
  readonly projectId: string;
  readonly companyId: string;
  readonly balances: readonly PeriodBalance[];
}

export function arrearsSummaryOf(
  contract: ArrearsContract & { readonly projectId: string; readonly companyId: string },
  balances: readonly PeriodBalance[] = [],
): ArrearsSummary {
  return {
    contractId: contract.contractId,
    projectId: contract.projectId,
    companyId: contract.companyId,
    status: contract.status,
    feeTerms: { dueDayOfMonth: contract.feeTerms.dueDayOfMonth },
    balances,
  };
}
