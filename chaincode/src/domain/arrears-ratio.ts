// A project's arrears ratio and its risk threshold, in exact integers: the
// ratio is a fraction, the threshold is basis points, and they are compared
// by cross-multiplication so "exactly at the threshold" is never a rounding
// accident.
import { canonicalJson } from './canonical-json';
import { invalidArgument } from './errors';
import type { ContractArrearsStatus } from './arrears-balance';
import { normalizeInstant } from './time';

export const BASIS_POINTS = 10_000;

export interface ArrearsRatio {
  /** Active contracts with an overdue balance. */
  readonly numerator: number;
  /** Active contracts. */
  readonly denominator: number;
  /** floor(numerator × 10000 / denominator); 0 when there are no active contracts. For display only. */
  readonly basisPoints: number;
}

export function ratioOf(numerator: number, denominator: number): ArrearsRatio {
  const basisPoints = denominator === 0 ? 0 : Math.floor((numerator * BASIS_POINTS) / denominator);
  return { numerator, denominator, basisPoints };
}

export function arrearsRatio(statuses: readonly ContractArrearsStatus[]): ArrearsRatio {
  const active = statuses.filter((s) => s.active);
  return ratioOf(active.filter((s) => s.overdue).length, active.length);
}

export function checkThresholdBp(thresholdBp: number): number {
  if (!Number.isInteger(thresholdBp) || thresholdBp < 1 || thresholdBp > BASIS_POINTS) {
    throw invalidArgument('thresholdBp', `must be an integer from 1 to ${BASIS_POINTS}`);
  }
  return thresholdBp;
}

/** ratio ≥ threshold, exactly. A project without active contracts is never at risk. */
export function meetsThreshold(ratio: ArrearsRatio, thresholdBp: number): boolean {
  checkThresholdBp(thresholdBp);
  return ratio.denominator > 0 && ratio.numerator * BASIS_POINTS >= thresholdBp * ratio.denominator;
}

/** The write that moves a project from below the threshold to at/above it: emit one risk warning. */
export function crossesThreshold(before: ArrearsRatio, after: ArrearsRatio, thresholdBp: number): boolean {
  return !meetsThreshold(before, thresholdBp) && meetsThreshold(after, thresholdBp);
}

export interface RiskInputEntry {
  readonly contractId: string;
  readonly active: boolean;
  readonly overdue: boolean;
  readonly balanceFen: number;
  readonly overdueFen: number;
}

/** Per-contract inputs sorted by contractId; duplicates are rejected. */
export function riskWarningInputs(statuses: readonly ContractArrearsStatus[]): RiskInputEntry[] {
  const entries = statuses
    .map(({ contractId, active, overdue, balanceFen, overdueFen }) => ({ contractId, active, overdue, balanceFen, overdueFen }))
    .sort((a, b) => (a.contractId < b.contractId ? -1 : a.contractId > b.contractId ? 1 : 0));
  for (let i = 1; i < entries.length; i++) {
    if (entries[i]?.contractId === entries[i - 1]?.contractId) {
      throw invalidArgument('contractId', `duplicate contract ${String(entries[i]?.contractId)} in ratio inputs`);
    }
  }
  return entries;
}

export interface RiskWarningInput {
  readonly projectId: string;
  readonly asOf: string;
  readonly thresholdBp: number;
  readonly ratio: ArrearsRatio;
  readonly contracts: readonly RiskInputEntry[];
}

/** Everything a risk warning was computed from; recompute it from the ledger to check a warning. */
export function riskWarningInput(projectId: string, asOf: string, thresholdBp: number, statuses: readonly ContractArrearsStatus[]): RiskWarningInput {
  return {
    projectId,
    asOf: normalizeInstant(asOf, 'asOf'),
    thresholdBp: checkThresholdBp(thresholdBp),
    ratio: arrearsRatio(statuses),
    contracts: riskWarningInputs(statuses),
  };
}

/** The exact bytes to SHA-256 for the warning's inputHash. */
export function riskWarningInputDocument(input: RiskWarningInput): string {
  return canonicalJson(input);
}
