// Dispute funnel statistics, counted from transition records: a dispute
// counts at every milestone it ever reached, so one referred to mediation
// straight from LETTER_SENT is not counted as delivered.
import type { DisputeStage } from './stage-table';

export interface FunnelCounts {
  readonly contracts: number;
  readonly disputes: number;
  readonly lettersSent: number;
  readonly delivered: number;
  readonly viewed: number;
  /** Settled directly, before any mediation. */
  readonly settled: number;
  readonly referredToMediation: number;
  /** Closed by the mediation platform: mediated settlement or a resolved triage. */
  readonly mediated: number;
  /** Litigation recommended (a filed case is included). */
  readonly litigation: number;
}

type Milestone = Exclude<keyof FunnelCounts, 'contracts'>;

/** Which milestone reaching each stage marks. */
export const STAGE_MILESTONE: Readonly<Partial<Record<DisputeStage, Milestone>>> = {
  OPENED: 'disputes',
  LETTER_SENT: 'lettersSent',
  DELIVERED: 'delivered',
  VIEWED: 'viewed',
  SETTLED: 'settled',
  REFERRED_TO_MEDIATION: 'referredToMediation',
  MEDIATED_SETTLED: 'mediated',
  RESOLVED: 'mediated',
  LITIGATION_RECOMMENDED: 'litigation',
};

export interface FunnelTransition {
  readonly disputeId: string;
  readonly to: DisputeStage;
}

/** `contractCount` comes from the contract index; transitions from the dispute histories (any order, duplicates harmless). */
export function computeFunnel(contractCount: number, transitions: readonly FunnelTransition[]): FunnelCounts {
  const reached: Record<Milestone, Set<string>> = {
    disputes: new Set(),
    lettersSent: new Set(),
    delivered: new Set(),
    viewed: new Set(),
    settled: new Set(),
    referredToMediation: new Set(),
    mediated: new Set(),
    litigation: new Set(),
  };
  for (const t of transitions) {
    const milestone = STAGE_MILESTONE[t.to];
    if (milestone !== undefined) reached[milestone].add(t.disputeId);
  }
  return {
    contracts: contractCount,
    disputes: reached.disputes.size,
    lettersSent: reached.lettersSent.size,
    delivered: reached.delivered.size,
    viewed: reached.viewed.size,
    settled: reached.settled.size,
    referredToMediation: reached.referredToMediation.size,
    mediated: reached.mediated.size,
    litigation: reached.litigation.size,
  };
}

/**
 * What one transaction adds to its project's funnel: contracts registered, or the milestone a dispute reaches for
 * the first time. Written with the transaction's ratio changes under a key of its own per transaction and project
 * (projectDeltaKey), so the funnel is a sum over transactions rather than a scan of every contract and transition,
 * and no two writers share a key.
 */
export type FunnelDelta = Partial<Record<keyof FunnelCounts, number>>;

/**
 * The milestone a transition to `to` reaches for the first time, given the stages the dispute reached before
 * (`earlier`, its earlier transitions' `to`); undefined when it adds nothing. Summed over a dispute's history, it
 * counts exactly what computeFunnel counts.
 */
export function milestoneDelta(earlier: readonly DisputeStage[], to: DisputeStage): FunnelDelta | undefined {
  const milestone = STAGE_MILESTONE[to];
  if (milestone === undefined || earlier.some((s) => STAGE_MILESTONE[s] === milestone)) return undefined;
  return { [milestone]: 1 };
}

const FUNNEL_KEYS: readonly (keyof FunnelCounts)[] = [
  'contracts',
  'disputes',
  'lettersSent',
  'delivered',
  'viewed',
  'settled',
  'referredToMediation',
  'mediated',
  'litigation',
];

export function sumFunnel(deltas: Iterable<FunnelDelta>): FunnelCounts {
  const total = Object.fromEntries(FUNNEL_KEYS.map((k) => [k, 0])) as Record<keyof FunnelCounts, number>;
  for (const d of deltas) for (const k of FUNNEL_KEYS) total[k] += d[k] ?? 0;
  return total;
}
