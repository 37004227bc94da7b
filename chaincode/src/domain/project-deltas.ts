// What one transaction changed in a project's counts, its funnel and its
// arrears ratio, written as ONE key per transaction and project
// (keys.ts projectDeltaKey): a registration adds a contract to both, and one
// key instead of two is one write less on every peer.
import type { ArrearsSummary } from './arrears-balance';
import { RatioChanges, sumRatioDeltas, type ArrearsRatioDelta } from './arrears-ratio-delta';
import type { FunnelDelta } from './funnel';

export interface ProjectDelta {
  readonly funnel?: FunnelDelta;
  readonly ratio?: ArrearsRatioDelta;
}

const byId = <T>(a: [string, T], b: [string, T]) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

function addFunnel(into: Record<string, number>, delta: FunnelDelta): void {
  for (const [k, n] of Object.entries(delta)) if (n !== undefined) into[k] = (into[k] ?? 0) + n;
}

/** Zero counts left out, keys sorted; undefined when nothing is left. */
function funnelOf(counts: Record<string, number>): FunnelDelta | undefined {
  const entries = Object.entries(counts)
    .filter(([, n]) => n !== 0)
    .sort(byId);
  return entries.length ? (Object.fromEntries(entries) as FunnelDelta) : undefined;
}

/** The changes of one transaction, per project; each project names its company (the key's first part). */
export class ProjectDeltas {
  private readonly companies = new Map<string, string>();
  private readonly funnels = new Map<string, Record<string, number>>();
  private readonly ratio = new RatioChanges();

  addFunnel(companyId: string, projectId: string, delta: FunnelDelta): void {
    this.companies.set(projectId, companyId);
    let f = this.funnels.get(projectId);
    if (!f) this.funnels.set(projectId, (f = {}));
    addFunnel(f, delta);
  }

  /** A contract's arrears summary went from `before` (undefined: a new contract) to `after`. */
  noteSummary(before: ArrearsSummary | undefined, after: ArrearsSummary): void {
    if (before) this.companies.set(before.projectId, before.companyId);
    this.companies.set(after.projectId, after.companyId);
    this.ratio.note(before, after);
  }

  /** The non-empty deltas, by project ID in order. */
  entries(): { companyId: string; projectId: string; delta: ProjectDelta }[] {
    const ratios = new Map(this.ratio.deltas());
    return [...this.companies]
      .sort(byId)
      .map(([projectId, companyId]) => {
        const funnel = funnelOf(this.funnels.get(projectId) ?? {});
        const ratio = ratios.get(projectId);
        return { companyId, projectId, delta: { ...(funnel ? { funnel } : {}), ...(ratio ? { ratio } : {}) } };
      })
      .filter((e) => e.delta.funnel !== undefined || e.delta.ratio !== undefined);
  }
}

/** A project's deltas are compacted into one by its risk evaluation once there are more than this. */
export const PROJECT_DELTAS_COMPACT_OVER = 32;

/** Many deltas as one (a project's deltas compacted by its risk evaluation): the funnel and the ratio they give are unchanged. */
export function sumProjectDeltas(deltas: readonly ProjectDelta[]): ProjectDelta {
  const counts: Record<string, number> = {};
  for (const d of deltas) addFunnel(counts, d.funnel ?? {});
  const funnel = funnelOf(counts);
  const ratio = sumRatioDeltas(deltas.map((d) => d.ratio ?? {}));
  const hasRatio = ratio.active !== undefined || ratio.overdueFrom !== undefined;
  return { ...(funnel ? { funnel } : {}), ...(hasRatio ? { ratio } : {}) };
}
