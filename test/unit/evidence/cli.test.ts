// `npm run verify -- PACKAGE.json [--document FILE]...`: prints every check
// and exits 0 for a valid package, non-zero naming the first failing check
// for a tampered one.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FIXTURES, loadPackage } from './support';

jest.setTimeout(120_000);

const ROOT = path.join(__dirname, '..', '..', '..');

function verify(...args: string[]) {
  const r = spawnSync('npm', ['run', '--silent', 'verify', '--', ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('npm run verify', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'verify-cli-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('exits 0 for the dispute fixture and its documents, printing each check', () => {
    const pkg = loadPackage('dispute.json');
    const r = verify(path.join(FIXTURES, 'dispute.json'), '--document', path.join(FIXTURES, 'lawyer-letter.txt'), '--document', path.join(FIXTURES, 'mediation-agreement.txt'));
    expect(r.stderr.replace(/npm warn .*\n/gi, '')).toBe('');
    expect(r.status).toBe(0);
    const passes = r.stdout.split('\n').filter((l) => l.startsWith('PASS  '));
    expect(r.stdout).not.toMatch(/^FAIL/m);
    expect(passes.length).toBeGreaterThan(pkg.statements.length + 3 * pkg.transactions.length);
    for (const id of ['config.decode', 'chain.links', 'block.dataHash', 'orderer.signature', 'orderer.policy', 'tx.creator', 'endorsement.signature', 'endorsement.policy', 'statement.write', 'records.consistent', 'document.match']) {
      expect(passes.some((l) => l.includes(` ${id} `))).toBe(true);
    }
    expect(r.stdout).toMatch(/lawyer-letter\.txt: SHA-256 [0-9a-f]{64} is anchored/);
    expect(r.stdout).toMatch(/^VERIFIED: all \d+ checks passed/m);
  });

  it('exits non-zero for a tampered copy, naming the first failing check', () => {
    const pkg = loadPackage('dispute.json');
    const letter = pkg.statements.findIndex((s) => s.recordType === 'letter');
    const value = pkg.statements[letter]!.value as { channel: string };
    pkg.statements[letter]!.value = { ...value, channel: 'EMAIL' };
    const file = path.join(dir, 'tampered.json');
    fs.writeFileSync(file, JSON.stringify(pkg));
    const r = verify(file);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^FAIL  statement\.write /m);
    const tx = pkg.statements[letter]!.txId;
    expect(r.stdout).toMatch(new RegExp(`^First failing check: statement\\.write \\(Statement value equals the bytes written on the ledger\\) at block \\d+, tx ${tx}: statement #${letter + 1} \\(letter `, 'm'));
  });

  it('exits non-zero for a document that does not match, and 2 for an unreadable package', () => {
    const other = path.join(dir, 'other.txt');
    fs.writeFileSync(other, 'not anchored anywhere');
    const r = verify(path.join(FIXTURES, 'contract.json'), '--document', other);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^First failing check: document\.match .*other\.txt/m);
    expect(verify(path.join(dir, 'missing.json')).status).toBe(2);
  });
});
