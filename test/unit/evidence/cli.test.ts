// `npm run verify -- PACKAGE.json --trust TRUST.json [--document FILE]...`:
// exits 0 only for a valid package checked against the court's trust bundle,
// non-zero naming the first failing check for a tampered one, for another
// network's bundle, or without a bundle.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CHECK_IDS } from '../../../evidence/verify';
import { FIXTURES, loadPackage, TRUST, TRUST_FILE } from './support';

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

  it('exits 0 for the dispute fixture and its documents against the trust bundle, printing each kind of check', () => {
    const r = verify(
      path.join(FIXTURES, 'dispute.json'),
      '--trust',
      TRUST_FILE,
      '--en',
      '--document',
      path.join(FIXTURES, 'lawyer-letter.txt'),
      '--document',
      path.join(FIXTURES, 'mediation-agreement.txt'),
    );
    expect(r.stderr.replace(/npm warn .*\n/gi, '')).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).not.toMatch(/^\s*FAIL/m);
    // What a judge reads first: whose network, complete as of which block, attested by whom.
    expect(r.stdout).toMatch(new RegExp(`✓ This evidence comes from the network of ${TRUST.issuer}`));
    expect(r.stdout).toMatch(/Complete as of block \d+ \(20\d\d-[^)]+\), attested by \w+MSP, \w+MSP, \w+MSP, \w+MSP/);
    expect(r.stdout).toMatch(/Configuration history: \d+ configurations, each verified from the genesis block/);
    // One line per kind of check, with its count; every kind ran and passed.
    for (const id of CHECK_IDS) expect(r.stdout).toMatch(new RegExp(`^  PASS  ${id.replace('.', '\\.')} +.*\\((\\d+)/\\1\\)$`, 'm'));
    expect(r.stdout).toMatch(/lawyer-letter\.txt: SHA-256 [0-9a-f]{64} is anchored/);
    expect(r.stdout).toMatch(/^VERIFIED: all \d+ checks passed against the trust bundle of District court\.$/m);
  });

  it('exits non-zero without a trust bundle (UNANCHORED), however consistent the package', () => {
    const r = verify(path.join(FIXTURES, 'contract.json'), '--en');
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/✗ UNANCHORED: no trust bundle given/);
    expect(r.stdout).toMatch(/^First failing check: trust\.anchor .*UNANCHORED/m);
    expect(r.stdout).not.toMatch(/^VERIFIED/m);
  });

  it("exits non-zero for another network's trust bundle, naming the genesis hash that differs", () => {
    const other = { ...TRUST, genesisHeaderHash: 'ab'.repeat(32) };
    const file = path.join(dir, 'other-bundle.json');
    fs.writeFileSync(file, JSON.stringify(other));
    const r = verify(path.join(FIXTURES, 'contract.json'), '--trust', file, '--en');
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/✗ NOT from the network of District court: .*genesis block header hash .* differs from the bundle's abababab/);
    expect(r.stdout).toMatch(/^First failing check: trust\.anchor /m);
  });

  it('exits non-zero for a tampered copy, naming the first failing check', () => {
    const pkg = loadPackage('dispute.json');
    const letter = pkg.statements.findIndex((s) => s.recordType === 'letter');
    const value = pkg.statements[letter]!.value as { channel: string };
    pkg.statements[letter]!.value = { ...value, channel: 'EMAIL' };
    const file = path.join(dir, 'tampered.json');
    fs.writeFileSync(file, JSON.stringify(pkg));
    const r = verify(file, '--trust', TRUST_FILE, '--en');
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^ {2}FAIL {2}statement\.write /m);
    const tx = pkg.statements[letter]!.txId;
    expect(r.stdout).toMatch(
      new RegExp(
        `^First failing check: statement\\.write \\(Statement value equals the bytes written on the ledger\\) at block \\d+, tx ${tx}: statement ` +
          `#${letter + 1} \\(letter `,
        'm',
      ),
    );
  });

  it('exits non-zero for a document that does not match, and 2 for an unreadable package or bundle', () => {
    const other = path.join(dir, 'other.txt');
    fs.writeFileSync(other, 'not anchored anywhere');
    const r = verify(path.join(FIXTURES, 'contract.json'), '--trust', TRUST_FILE, '--document', other);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^First failing check: document\.match .*other\.txt/m);
    expect(verify(path.join(dir, 'missing.json'), '--trust', TRUST_FILE).status).toBe(2);
    expect(verify(path.join(FIXTURES, 'contract.json'), '--trust', path.join(dir, 'missing-bundle.json')).status).toBe(2);
  });
});
