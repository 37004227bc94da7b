// Draws ACCESS_TABLE as a Markdown table for the README, so the documented
// permissions cannot drift from the ones the chaincode enforces.
import { ACCESS_TABLE, ACTIONS, type ActorPattern } from './access';

const who = (p: ActorPattern) => `${p.role}@${p.mspId === '*' ? 'any org' : p.mspId}`;

export function renderAccessTable(): string {
  const rows = ACTIONS.map((a) => `| \`${a}\` | ${ACCESS_TABLE[a].map(who).join(', ')} |`);
  return ['| action | allowed (role@MSP) |', '|---|---|', ...rows].join('\n') + '\n';
}
