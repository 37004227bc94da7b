// The judge's page end to end in real headless Chromium: a valid package with
// its original document shows VERIFIED with every check; a one-byte tampered
// copy shows FAILED naming the first failing check. Screenshots are kept in
// .fabric/test-artifacts/.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser } from 'playwright-core';
import { buildApp } from '../../api/app';
import { ApiKeys } from '../../api/auth';
import { loadConfig } from '../../api/config';
import { IdempotencyStore } from '../../api/idempotency';
import { Ledger } from '../../gateway/ledger';
import { NETWORK_JSON, STATE_DIR } from '../../network/native/paths';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'evidence');
const ARTIFACTS = path.join(STATE_DIR, 'test-artifacts');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

let app: FastifyInstance;
let browser: Browser;
let url: string;
let tmp: string;

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'judge-'));
  const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent', PORT: '0' });
  app = await buildApp({ config, ledger: Ledger.open(NETWORK_JSON), keys: new ApiKeys([]), idempotency: new IdempotencyStore(path.join(tmp, 'idem.jsonl')) });
  url = await app.listen({ host: '127.0.0.1', port: 0 });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  fs.mkdirSync(ARTIFACTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

async function verifyOnPage(packageFile: string, documents: string[], screenshot: string) {
  const page = await browser.newPage({ viewport: { width: 1200, height: 1600 } });
  try {
    await page.goto(`${url}/judge`);
    await page.setInputFiles('#package', packageFile);
    if (documents.length) await page.setInputFiles('#documents', documents);
    await page.click('#verify');
    await page.waitForSelector('#verdict[data-verdict]', { timeout: 60_000 });
    const verdict = await page.getAttribute('#verdict', 'data-verdict');
    const verdictText = await page.textContent('#verdict');
    const failures = await page.$$eval('#checks tr[data-ok="false"]', (rows) => rows.map((r) => r.getAttribute('data-check')));
    const checks = await page.$$eval('#checks tr[data-check]', (rows) => rows.length);
    const timeline = await page.$$eval('#timeline tbody tr', (rows) => rows.map((r) => r.textContent ?? ''));
    const firstFailure = await page.textContent('#first-failure');
    await page.screenshot({ path: path.join(ARTIFACTS, screenshot) });
    await page.locator('#certificate').screenshot({ path: path.join(ARTIFACTS, screenshot.replace('.png', '-certificate.png')) });
    await page.click('#lang');
    const english = await page.textContent('#verdict');
    return { verdict, verdictText, failures, checks, timeline, firstFailure, english };
  } finally {
    await page.close();
  }
}

describe("the judge's page", () => {
  const pkgFile = path.join(FIXTURES, 'dispute.json');
  const documents = fs.readdirSync(FIXTURES).filter((f) => f.endsWith('.txt')).map((f) => path.join(FIXTURES, f));

  it('shows a valid package with its documents as VERIFIED, with the timeline and certificate', async () => {
    const out = await verifyOnPage(pkgFile, documents, 'judge-valid.png');
    expect(out.failures).toEqual([]);
    expect(out.verdict).toBe('valid');
    expect(out.verdictText).toContain('核验通过');
    expect(out.english).toContain('VERIFIED');
    expect(out.checks).toBeGreaterThan(15); // kinds of check, each with its instances folded inside
    expect(out.timeline.some((row) => row.includes('律师函'))).toBe(true);
    expect(fs.statSync(path.join(ARTIFACTS, 'judge-valid.png')).size).toBeGreaterThan(10_000);
  });

  it('shows a one-byte tampered package as FAILED, naming the first failing check', async () => {
    const pkg = JSON.parse(fs.readFileSync(pkgFile, 'utf8')) as { statements: { value: Record<string, unknown> }[] };
    const target = pkg.statements.find((s) => typeof s.value?.claimedAmountFen === 'number');
    expect(target).toBeDefined();
    (target!.value as { claimedAmountFen: number }).claimedAmountFen += 1;
    const tampered = path.join(tmp, 'tampered.json');
    fs.writeFileSync(tampered, JSON.stringify(pkg));
    const out = await verifyOnPage(tampered, documents, 'judge-tampered.png');
    expect(out.verdict).toBe('invalid');
    expect(out.verdictText).toContain('未通过');
    expect(out.failures).toContain('statement.write');
    expect(out.firstFailure).toMatch(/首个未通过项/);
  });
});
