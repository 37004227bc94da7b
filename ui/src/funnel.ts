// The pilot's funnel as the court reports it: contracts → letters → viewed →
// settled → mediation → mediated, with the conversion from each milestone to
// the next. The counts are GET /v1/funnel's, unchanged.
export const MILESTONES = ['contracts', 'lettersSent', 'viewed', 'settled', 'referredToMediation', 'mediated'] as const;
export type Milestone = (typeof MILESTONES)[number];

export type FunnelCounts = Record<Milestone, number> & Record<string, number>;

export interface FunnelStep {
  key: Milestone;
  count: number;
  /** count / the previous milestone's count, in [0, 1]; null for the first column or when the previous is 0. */
  conversion: number | null;
}

export function funnelSteps(funnel: FunnelCounts): FunnelStep[] {
  return MILESTONES.map((key, i) => {
    const count = funnel[key] ?? 0;
    const previous = i === 0 ? undefined : (funnel[MILESTONES[i - 1]!] ?? 0);
    return { key, count, conversion: previous === undefined || previous === 0 ? null : count / previous };
  });
}

/** A conversion as a percentage with one decimal, or a dash. */
export const percent = (value: number | null): string => (value === null ? '–' : `${(Math.round(value * 1000) / 10).toFixed(1)}%`);
