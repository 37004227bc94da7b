// Draws TRANSITION_TABLE as a Mermaid state diagram for the README, so the
// picture cannot drift from the rules the chaincode enforces.
import { TERMINAL_STAGES, TRANSITION_TABLE, REFERRAL_WAITING_DAYS, type TransitionGuard, type TransitionRule } from './stage-table';

/** How a guard reads on an edge; guards without a note (documents required) are left to the README's text. */
const GUARD_NOTES: Readonly<Partial<Record<TransitionGuard, string>>> = {
  LETTER_WAIT_ELAPSED: `after ${REFERRAL_WAITING_DAYS} days`,
  CASE_NUMBER_REQUIRED: 'with case number',
  RETAINED_FIRM: 'of the retained firm',
  LETTER_SENDER: 'that sent the letter',
  NEW_LAW_FIRM: 'naming another firm',
};

function label(rules: readonly TransitionRule[]): string {
  const parts = rules.map((r) => {
    const roles = [...new Set(r.allowed.map((p) => p.role))].join(', ');
    const notes = r.guards.flatMap((g) => GUARD_NOTES[g] ?? []);
    return [roles, ...notes].join(' ');
  });
  return `${rules[0]?.action ?? ''} (${parts.join(' / ')})`;
}

/** `stateDiagram-v2` source, one edge per (from, to, action), rows merged in table order. */
export function renderStageDiagram(): string {
  const edges = new Map<string, TransitionRule[]>();
  for (const r of TRANSITION_TABLE) {
    const key = `${r.from}|${r.to}|${r.action}`;
    edges.set(key, [...(edges.get(key) ?? []), r]);
  }
  const lines = ['stateDiagram-v2', '    [*] --> OPENED: openDispute (property-company)'];
  for (const rules of edges.values()) {
    const first = rules[0];
    if (first !== undefined) lines.push(`    ${first.from} --> ${first.to}: ${label(rules)}`);
  }
  for (const stage of TERMINAL_STAGES) lines.push(`    ${stage} --> [*]`);
  return `${lines.join('\n')}\n`;
}
