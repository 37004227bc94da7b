// API state derived from a ledger (idempotency answers, cached blocks, event
// checkpoints) is only true of that ledger. The state folder records which
// ledger it was made for (channel and genesis block header hash); when the API
// starts against another one, the derived files are discarded, never reused.
import fs from 'node:fs';
import path from 'node:path';

export interface LedgerIdentity {
  channel: string;
  /** SHA-256 of block 0's header, hex. */
  genesisBlockHeaderHash: string;
}

export interface BindingOutcome {
  /** Files removed because they were made for another ledger (or for an unknown one). */
  discarded: string[];
  /** Why, when something was discarded. */
  reason?: string;
}

export const BINDING_FILE = 'ledger.json';

function readBinding(file: string): LedgerIdentity | undefined {
  try {
    const v = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<LedgerIdentity>;
    return typeof v.channel === 'string' && typeof v.genesisBlockHeaderHash === 'string'
      ? { channel: v.channel, genesisBlockHeaderHash: v.genesisBlockHeaderHash }
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Binds `dir` to `ledger`: if the folder was made for another ledger (or its
 * binding is missing or unreadable), removes `derived` (files or folders) and
 * records the new binding. Call before anything opens those files.
 */
export function bindStateToLedger(dir: string, ledger: LedgerIdentity, derived: string[]): BindingOutcome {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, BINDING_FILE);
  const bound = readBinding(file);
  const same = bound && bound.channel === ledger.channel && bound.genesisBlockHeaderHash === ledger.genesisBlockHeaderHash;
  const outcome: BindingOutcome = { discarded: [] };
  if (!same) {
    outcome.discarded = derived.filter((f) => fs.existsSync(f));
    for (const f of outcome.discarded) fs.rmSync(f, { recursive: true, force: true });
    outcome.reason = bound
      ? `made for channel ${bound.channel} with genesis ${bound.genesisBlockHeaderHash.slice(0, 16)}…, but the API is connected to channel ` +
        `${ledger.channel} with genesis ${ledger.genesisBlockHeaderHash.slice(0, 16)}…`
      : 'the folder does not say which ledger it was made for';
    const tmp = `${file}.tmp`;
    fs.writeFileSync(tmp, `${JSON.stringify(ledger, null, 2)}\n`);
    fs.renameSync(tmp, file);
  }
  return outcome;
}
