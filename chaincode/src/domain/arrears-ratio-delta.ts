// A project's arrears ratio kept as what each transaction changed (the ratio
// part of its project delta, project-deltas.ts), so reading it sums a
// project's deltas instead of every contract's summary. A contract
// counts toward the denominator while ACTIVE, and toward the numerator from
// the instant its oldest unpaid period falls overdue; the deltas count active
// contracts by that instant, so one sum answers for any evaluation time.
import { overdueFromMs, type ArrearsSummary } from './arrears-balance';
import { ratioOf, type ArrearsRatio } from './arrears-ratio';
import { formatInstant, parseInstant } from './time';

/**
 * What one transaction changed in one project's ratio: active contracts gained or lost, and per instant
 * (RFC 3339, UTC) the active contracts whose balance falls overdue from then. Zero entries are left out.
 */
export interface ArrearsRatioDelta {
  readonly active?: number;
  readonly overdueFrom?: Readonly<Record<string, number>>;
}

/** Where one contract stands: counted at all, and from when it counts as overdue (null: nothing unpaid). */
function standing(s: ArrearsSummary): { active: boolean; overdueFrom: string | null } {
  let from: number | undefined;
  for (const b of s.balances) {
    if (b.balanceFen <= 0) continue;
    const at = overdueFromMs(b.period, s.feeTerms.dueDayOfMonth);
    if (from === undefined || at < from) from = at;
  }
  return { active: s.status === 'ACTIVE', overdueFrom: from === undefined ? null : formatInstant(from) };
}

function add(overdue: Map<string, number>, totals: { active: number }, s: ArrearsSummary, sign: 1 | -1): void {
  const { active, overdueFrom } = standing(s);
  if (!active) return;
  totals.active += sign;
  if (overdueFrom !== null) overdue.set(overdueFrom, (overdue.get(overdueFrom) ?? 0) + sign);
}

/** Sums deltas into one, zero entries dropped; keys in instant order (canonical JSON sorts them anyway). */
function collect(totals: { active: number }, overdue: Map<string, number>): ArrearsRatioDelta {
  const entries = [...overdue].filter(([, n]) => n !== 0).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return {
    ...(totals.active !== 0 ? { active: totals.active } : {}),
    ...(entries.length ? { overdueFrom: Object.fromEntries(entries) } : {}),
  };
}

/** Accumulates the summary changes of one transaction, per project. */
export class RatioChanges {
  private readonly byProject = new Map<string, { totals: { active: number }; overdue: Map<string, number> }>();

  private of(projectId: string) {
    let p = this.byProject.get(projectId);
    if (!p) this.byProject.set(projectId, (p = { totals: { active: 0 }, overdue: new Map() }));
    return p;
  }

  /** A contract's summary went from `before` (undefined: new contract) to `after`. */
  note(before: ArrearsSummary | undefined, after: ArrearsSummary): void {
    if (before) {
      const p = this.of(before.projectId);
      add(p.overdue, p.totals, before, -1);
    }
    const p = this.of(after.projectId);
    add(p.overdue, p.totals, after, 1);
  }

  /** The non-empty deltas, by project ID in order. */
  deltas(): [string, ArrearsRatioDelta][] {
    return [...this.byProject]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([projectId, p]) => [projectId, collect(p.totals, p.overdue)] as [string, ArrearsRatioDelta])
      .filter(([, d]) => d.active !== undefined || d.overdueFrom !== undefined);
  }
}

/** Many deltas as one (a project's deltas compacted by its risk evaluation); the ratio it gives at any time is unchanged. */
export function sumRatioDeltas(deltas: Iterable<ArrearsRatioDelta>): ArrearsRatioDelta {
  const totals = { active: 0 };
  const overdue = new Map<string, number>();
  for (const d of deltas) {
    totals.active += d.active ?? 0;
    for (const [from, n] of Object.entries(d.overdueFrom ?? {})) overdue.set(from, (overdue.get(from) ?? 0) + n);
  }
  return collect(totals, overdue);
}

/** The project's ratio at `at` from all its deltas: equal to arrearsRatio over every contract's status then. */
export function ratioFromDeltas(deltas: Iterable<ArrearsRatioDelta>, at: string): ArrearsRatio {
  const now = parseInstant(at, 'at');
  let denominator = 0;
  let numerator = 0;
  for (const d of deltas) {
    denominator += d.active ?? 0;
    for (const [from, n] of Object.entries(d.overdueFrom ?? {})) if (now >= parseInstant(from, 'overdueFrom')) numerator += n;
  }
  return ratioOf(numerator, denominator);
}
