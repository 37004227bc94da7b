import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bindStateToLedger, BINDING_FILE } from '../../../api/state/ledger-binding';

const A = { channel: 'notary', genesisBlockHeaderHash: 'a'.repeat(64) };
const B = { channel: 'notary', genesisBlockHeaderHash: 'b'.repeat(64) };

describe('API state bound to its ledger', () => {
  let dir: string;
  let derived: string[];
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'api-state-'));
    derived = [path.join(dir, 'idempotency.jsonl'), path.join(dir, 'blocks')];
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  const fill = () => {
    fs.writeFileSync(derived[0]!, '{"key":"k"}\n');
    fs.mkdirSync(derived[1]!, { recursive: true });
    fs.writeFileSync(path.join(derived[1]!, '7.block'), 'x');
  };

  it('keeps the files of the ledger it was made for', () => {
    bindStateToLedger(dir, A, derived);
    fill();
    const outcome = bindStateToLedger(dir, A, derived);
    expect(outcome).toEqual({ discarded: [] });
    expect(derived.every((f) => fs.existsSync(f))).toBe(true);
  });

  it('discards the files made for another genesis block and says why', () => {
    bindStateToLedger(dir, A, derived);
    fill();
    const outcome = bindStateToLedger(dir, B, derived);
    expect(outcome.discarded.sort()).toEqual([...derived].sort());
    expect(outcome.reason).toContain('aaaaaaaaaaaaaaaa');
    expect(outcome.reason).toContain('bbbbbbbbbbbbbbbb');
    expect(derived.some((f) => fs.existsSync(f))).toBe(false);
    expect(JSON.parse(fs.readFileSync(path.join(dir, BINDING_FILE), 'utf8'))).toEqual(B);
  });

  it('discards files of a folder that does not say which ledger it was made for', () => {
    fill();
    const outcome = bindStateToLedger(dir, A, derived);
    expect(outcome.discarded).toHaveLength(2);
    expect(outcome.reason).toMatch(/does not say/);
  });

  it('treats an unreadable binding as unknown, and leaves files it was not given alone', () => {
    fill();
    const keys = path.join(dir, 'api-keys.json');
    fs.writeFileSync(keys, '{}');
    fs.writeFileSync(path.join(dir, BINDING_FILE), '{"channel": "notary", "genesis');
    const outcome = bindStateToLedger(dir, A, derived);
    expect(outcome.discarded).toHaveLength(2);
    expect(fs.existsSync(keys)).toBe(true);
  });
});
