// Dispute stages as the screens group them: still waiting on someone, closed,
// mediation's outcomes and the triage routes.
import { DISPUTE_STAGES, TERMINAL_STAGES, type DisputeStage } from '../../chaincode/src/domain/stage-table';

export { DISPUTE_STAGES, type DisputeStage };

export const isOpenStage = (stage: string): boolean => !(TERMINAL_STAGES as readonly string[]).includes(stage);

/** Where mediation ended (MEDIATED_SETTLED, failure, triage, litigation) — counted from current stages. */
export const MEDIATION_OUTCOMES: readonly DisputeStage[] = [
  'REFERRED_TO_MEDIATION',
  'MEDIATED_SETTLED',
  'MEDIATION_FAILED',
  'LITIGATION_RECOMMENDED',
  'CASE_FILED',
];
export const TRIAGE_ROUTES: readonly DisputeStage[] = ['TRIAGED_RECTIFICATION', 'TRIAGED_HOUSING_BUREAU', 'TRIAGED_STREET_OFFICE', 'RESOLVED'];

export interface DisputeRow {
  disputeId: string;
  projectId: string;
  stage: string;
  openedAt: string;
  updatedAt: string;
}

/** Open disputes first, each group the longest waiting in its stage first. */
export function longestWaitingFirst<T extends DisputeRow>(disputes: readonly T[]): T[] {
  return [...disputes].sort((a, b) => Number(isOpenStage(b.stage)) - Number(isOpenStage(a.stage)) || a.updatedAt.localeCompare(b.updatedAt));
}

/** How many disputes are in each of `stages` now. */
export function countByStage(disputes: readonly DisputeRow[], stages: readonly string[]): Record<string, number> {
  const out: Record<string, number> = Object.fromEntries(stages.map((s) => [s, 0]));
  for (const d of disputes) if (d.stage in out) out[d.stage]! += 1;
  return out;
}

/** Whole days between two instants (age of a dispute, time in its stage). */
export const daysBetween = (from: string, to: Date): number => Math.max(0, Math.floor((to.getTime() - Date.parse(from)) / 86_400_000));
