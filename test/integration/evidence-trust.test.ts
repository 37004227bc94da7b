// Evidence tied to the court's trust bundle, on real networks: a package whose
// transactions span a signed configuration update verifies; one from a second
// network with the same org names (fresh CAs) is refused by the library and
// the CLI with our bundle and verifies with its own; API state made for one
// network is discarded against another, and network:clean removes it.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { buildApp } from '../../api/app';
import { ApiKeys } from '../../api/auth';
import { loadConfig } from '../../api/config';
import { ledgerIdentity } from '../../api/server';
import { IdempotencyStore } from '../../api/idempotency';
import { bindStateToLedger } from '../../api/state/ledger-binding';
import { EvidenceExporter } from '../../evidence/export';
import type { EvidencePackage } from '../../evidence/format';
import { parseTrustBundle, type TrustBundle } from '../../evidence/trust/bundle';
import { verifyPackage } from '../../evidence/verify';
import { Ledger } from '../../gateway/ledger';
import { batchTimeoutOf, fetchConfigBlock, setBatchTimeout } from '../../network/native/config-update';
import { NETWORK_JSON, REPO_ROOT, STATE_DIR } from '../../network/native/paths';
import { ensureTrustBundle } from '../../network/native/trust-bundle';
import { loadTopology } from '../../network/topology';
import { writeDispute } from './support/dispute-story';
import { startSecondNetwork, type SecondNetwork } from './support/second-network';

jest.setTimeout(600_000);

const t = loadTopology();
let ledger: Ledger;
let court: TrustBundle;
let courtBundleFile: string;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'evidence-trust-'));

beforeAll(async () => {
  ledger = Ledger.open(NETWORK_JSON);
  const { file, bundle } = await ensureTrustBundle(t);
  court = bundle;
  courtBundleFile = file;
});

afterAll(() => {
  ledger.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const failed = (r: ReturnType<typeof verifyPackage>) => [...new Set(r.checks.filter((c) => !c.ok).map((c) => c.id))];
const clone = (p: EvidencePackage): EvidencePackage => JSON.parse(JSON.stringify(p)) as EvidencePackage;

function cli(pkg: EvidencePackage, ...args: string[]) {
  const file = path.join(tmp, `package-${Math.random().toString(16).slice(2)}.json`);
  fs.writeFileSync(file, JSON.stringify(pkg));
  const r = spawnSync(process.execPath, [require.resolve('tsx/cli'), path.join(REPO_ROOT, 'evidence', 'verify-cli.ts'), file, ...args], { encoding: 'utf8' });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

describe('a package spanning a signed configuration update', () => {
  let pkg: EvidencePackage;

  beforeAll(async () => {
    const before = batchTimeoutOf((await fetchConfigBlock(t)).config);
    const changed = before === '300ms' ? '350ms' : '300ms';
    let story;
    try {
      story = await writeDispute(ledger, { midway: async () => void (await setBatchTimeout(t, changed)) });
    } finally {
      await setBatchTimeout(t, before);
    }
    pkg = await new EvidenceExporter(ledger).exportDispute('CourtMSP', 'judge1', story.disputeId);
  });

  it('verifies with the court bundle, each block under the configuration it was cut under', () => {
    const r = verifyPackage(pkg, { trust: court });
    expect(failed(r)).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.facts.trust?.anchored).toBe(true);
    const txBlocks = new Set(pkg.transactions.map((x) => x.blockNumber));
    const configsUsed = new Set(r.facts.blocks.filter((b) => txBlocks.has(b.number)).map((b) => b.lastConfig));
    expect(configsUsed.size).toBeGreaterThanOrEqual(2);
    expect(r.facts.configHistory.length).toBeGreaterThanOrEqual(2);
    expect(r.facts.configHistory.at(-1)!.changes.join()).toContain('BatchTimeout');
    expect(r.facts.asOf?.attestingOrgs.length).toBeGreaterThanOrEqual(3);
  });

  it('fails when a configuration block it needs is removed', () => {
    const cut = clone(pkg);
    const used = new Set(verifyPackage(pkg, { trust: court }).facts.blocks.map((b) => b.lastConfig));
    const i = cut.configBlocks.findIndex((b, k) => k > 0 && used.has(b.number));
    expect(i).toBeGreaterThan(0);
    cut.configBlocks.splice(i, 1);
    const r = verifyPackage(cut, { trust: court });
    expect(r.ok).toBe(false);
    expect(failed(r).some((id) => id === 'config.update' || id === 'block.config')).toBe(true);
  });

  it('is not verified without a trust bundle, and the CLI says so', () => {
    const r = verifyPackage(pkg);
    expect(r.ok).toBe(false);
    expect(r.checks.find((c) => c.id === 'trust.anchor' && !c.ok)?.detail).toMatch(/UNANCHORED/);
    const noTrust = cli(pkg);
    expect(noTrust.status).toBe(1);
    expect(noTrust.out).toMatch(/UNANCHORED/);
    const withTrust = cli(pkg, '--trust', courtBundleFile);
    expect(withTrust.out).toMatch(/VERIFIED: all \d+ checks passed/);
    expect(withTrust.status).toBe(0);
  });
});

describe('a second network with the same organisation names', () => {
  let second: SecondNetwork | undefined;
  let ledger2: Ledger | undefined;
  let foreign: EvidencePackage;
  let foreignBundle: TrustBundle;

  beforeAll(async () => {
    second = await startSecondNetwork();
    ledger2 = Ledger.open(second.networkJson);
    foreignBundle = parseTrustBundle(JSON.parse(fs.readFileSync(second.trustBundle, 'utf8')));
    const story = await writeDispute(ledger2);
    foreign = await new EvidenceExporter(ledger2).exportDispute('CourtMSP', 'judge1', story.disputeId);
  });

  afterAll(async () => {
    ledger2?.close();
    await second?.stop();
  });

  it('its package is refused with the court bundle, naming the anchor that differs, and verifies with its own', () => {
    const r = verifyPackage(foreign, { trust: court });
    expect(r.ok).toBe(false);
    const anchor = r.checks.find((c) => c.id === 'trust.anchor')!;
    expect(anchor.ok).toBe(false);
    expect(anchor.detail).toMatch(/NOT from the network of District court/);
    expect(anchor.detail).toMatch(/genesis block header hash/);
    expect(anchor.detail).toMatch(/CourtMSP's root CA/);
    expect(r.facts.trust?.anchored).toBe(false);
    const own = verifyPackage(foreign, { trust: foreignBundle });
    expect(failed(own)).toEqual([]);
  });

  it('the CLI refuses it with the court bundle and verifies it with its own', () => {
    const refused = cli(foreign, '--trust', courtBundleFile);
    expect(refused.status).toBe(1);
    expect(refused.out).toMatch(/NOT from the network of District court/);
    expect(refused.out).not.toMatch(/^VERIFIED/m);
    const own = cli(foreign, '--trust', second!.trustBundle);
    expect(own.status).toBe(0);
    expect(own.out).toMatch(/VERIFIED/);
  });

  it("a court package grafted onto the other network's genesis block is refused", async () => {
    const story = await writeDispute(ledger);
    const pkg = await new EvidenceExporter(ledger).exportDispute('CourtMSP', 'judge1', story.disputeId);
    const grafted = clone(pkg);
    grafted.configBlocks[0] = foreign.configBlocks[0]!;
    expect(verifyPackage(grafted, { trust: court }).ok).toBe(false);
    expect(verifyPackage(grafted, { trust: foreignBundle }).ok).toBe(false);
  });

  it('API state made for this network is discarded when the API connects to the other one', async () => {
    const dir = path.join(tmp, 'api-state');
    const idempotency = path.join(dir, 'idempotency.jsonl');
    const ours = await ledgerIdentity(ledger);
    expect(bindStateToLedger(dir, ours, [idempotency]).discarded).toEqual([]);
    const store = new IdempotencyStore(idempotency);
    const hash = IdempotencyStore.requestHash('POST', '/v1/contracts', { a: 1 });
    expect(store.begin('client/key-1', hash).kind).toBe('new');
    store.finish('client/key-1', 201, { txId: 'x' });
    expect(new IdempotencyStore(idempotency).begin('client/key-1', hash).kind).toBe('replay');

    const theirs = await ledgerIdentity(ledger2!);
    expect(theirs.genesisBlockHeaderHash).toBe(foreignBundle.genesisHeaderHash);
    const outcome = bindStateToLedger(dir, theirs, [idempotency]);
    expect(outcome.discarded).toEqual([idempotency]);
    expect(outcome.reason).toContain(ours.genesisBlockHeaderHash.slice(0, 16));
    expect(new IdempotencyStore(idempotency).begin('client/key-1', hash).kind).toBe('new');
  });

  it("the court's /verify and its judge's page (Chromium) say it is NOT from this court's network", async () => {
    const app = await buildApp({
      config: loadConfig({ ...process.env, LOG_LEVEL: 'silent', PORT: '0' }),
      ledger,
      keys: new ApiKeys([]),
      idempotency: new IdempotencyStore(path.join(tmp, 'idem-judge.jsonl')),
      trustBundle: court,
    });
    const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
    try {
      const url = await app.listen({ host: '127.0.0.1', port: 0 });
      const answer = await app.inject({ method: 'POST', url: '/verify', payload: { package: foreign } });
      expect(answer.statusCode).toBe(200);
      expect(answer.json()).toMatchObject({ anchored: false, ok: false });
      expect(answer.json().trustBundle).toMatchObject({ own: true });

      const file = path.join(tmp, 'foreign-package.json');
      fs.writeFileSync(file, JSON.stringify(foreign));
      const page = await browser.newPage({ viewport: { width: 1280, height: 1400 } });
      await page.goto(`${url}/judge`);
      await page.setInputFiles('#package', file);
      await page.click('#verify');
      await page.waitForSelector('#verdict[data-verdict]', { timeout: 120_000 });
      expect(await page.getAttribute('#anchor', 'data-anchored')).toBe('false');
      expect(await page.innerText('#anchor')).toMatch(/并非来自本法院网络/);
      expect(await page.$$eval('#timeline tbody tr', (rows) => rows.length)).toBe(0);
      fs.mkdirSync(path.join(STATE_DIR, 'screenshots'), { recursive: true });
      await page.screenshot({ path: path.join(STATE_DIR, 'screenshots', 'judge-second-network.png'), fullPage: true });
    } finally {
      await browser.close();
      await app.close();
    }
  });

  it('network:clean removes the API state of the network it removes, and says so', () => {
    const api = path.join(second!.stateDir, 'api');
    fs.mkdirSync(api, { recursive: true });
    fs.writeFileSync(path.join(api, 'idempotency.jsonl'), '{}\n');
    const r = spawnSync(process.execPath, [require.resolve('tsx/cli'), path.join(REPO_ROOT, 'scripts', 'network.ts'), 'clean'], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...second!.env },
      encoding: 'utf8',
    });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/removed the API state of that network/);
    expect(fs.existsSync(api)).toBe(false);
    expect(fs.existsSync(path.join(second!.stateDir, 'trust-bundle.json'))).toBe(false);
  });
});
