// The judge's page end to end in real headless Chromium, with format-2
// packages exported from the shared network: a package checked against the
// server's own trust bundle first says whose network it comes from, then up to
// which block it is complete and who attested that; a package that does not
// tie to the bundle is shown, in red, as not from that network; the
// certificate's QR link verifies the same package again; and a write to the
// subject after the export is reported as a newer entry with a fresh package
// to download. Screenshots are kept in .fabric/screenshots/.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import QRCode from 'qrcode';
import { chromium, type Browser, type Page } from 'playwright-core';
import { buildApp } from '../../api/app';
import { ApiKeys } from '../../api/auth';
import { loadConfig } from '../../api/config';
import { IdempotencyStore } from '../../api/idempotency';
import { ledgerIdentity, loadTrustBundle } from '../../api/server';
import { EvidenceExporter } from '../../evidence/export';
import type { EvidencePackage } from '../../evidence/format';
import { trustBundleHash, type TrustBundle } from '../../evidence/trust/bundle';
import { verifyPackage } from '../../evidence/verify';
import { Ledger } from '../../gateway/ledger';
import { NETWORK_JSON, STATE_DIR } from '../../network/native/paths';
import { contractInput, newHash, ownedId, sha256, uniqueId } from './support/fixtures';
import { Caller } from './support/ledger';

const SCREENSHOTS = path.join(STATE_DIR, 'screenshots');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

let tmp: string;
let ledger: Ledger;
let bundle: TrustBundle;
let app: FastifyInstance;
let url: string;
let browser: Browser;
let disputeId: string;
let pkg: EvidencePackage;
let pkgFile: string;
let documents: string[];

const config = () => loadConfig({ ...process.env, LOG_LEVEL: 'silent', PORT: '0' });
const newApp = (trustBundle?: TrustBundle) =>
  buildApp({
    config: config(),
    ledger: Ledger.open(NETWORK_JSON),
    keys: new ApiKeys([]),
    idempotency: new IdempotencyStore(path.join(tmp, `idem-${Math.random()}.jsonl`)),
    ...(trustBundle ? { trustBundle } : {}),
  });

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'judge-'));
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  // A dispute with two anchored documents: the contract and the lawyer's letter.
  const contractDoc = path.join(tmp, 'contract-document.txt');
  const letterDoc = path.join(tmp, 'lawyer-letter.txt');
  fs.writeFileSync(contractDoc, `物业服务合同 ${uniqueId('doc')}\n`);
  fs.writeFileSync(letterDoc, `律师函 ${uniqueId('doc')}\n`);
  documents = [contractDoc, letterDoc];
  const company = new Caller('HousingBureauMSP', 'company1');
  const lawyer = new Caller('LawFirmAMSP', 'lawyer1');
  try {
    const c = contractInput(ownedId('P-JUDGE'), { documentSha256: sha256(fs.readFileSync(contractDoc)) });
    await company.submit('Contracts', 'Register', c);
    disputeId = ownedId('D-JUDGE');
    await company.submit('Disputes', 'Open', { disputeId, contractId: c.contractId, lawFirmMspId: 'LawFirmAMSP', claimedAmountFen: 120_000 });
    const letterId = uniqueId('L');
    await lawyer.submit('Letters', 'Send', {
      letterId,
      disputeId,
      contentSha256: sha256(fs.readFileSync(letterDoc)),
      channel: 'EMAIL',
      recipientCommitment: newHash(),
      eventTime: new Date().toISOString(),
    });
    await lawyer.submit('Letters', 'Receipt', {
      receiptId: uniqueId('R'),
      letterId,
      disputeId,
      kind: 'DELIVERED',
      evidenceSha256: newHash(),
      eventTime: new Date().toISOString(),
    });
  } finally {
    [company, lawyer].forEach((x) => x.close());
  }
  ledger = Ledger.open(NETWORK_JSON);
  pkg = await new EvidenceExporter(ledger).exportDispute('CourtMSP', 'judge1', disputeId);
  pkgFile = path.join(tmp, 'dispute.json');
  fs.writeFileSync(pkgFile, JSON.stringify(pkg, null, 1));
  // The bundle as the server loads it at start-up.
  ({ bundle } = await loadTrustBundle(config(), ledger, await ledgerIdentity(ledger)));
  app = await newApp(bundle);
  url = await app.listen({ host: '127.0.0.1', port: 0 });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
  ledger?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

/** What the result page shows, read as a judge reads it. */
async function readResult(page: Page, screenshot: string) {
  await page.waitForSelector('#verdict[data-verdict]', { timeout: 120_000 });
  const out = {
    /** The result section's text, top to bottom. */
    resultText: (await page.innerText('#result')).trim(),
    anchored: await page.getAttribute('#anchor', 'data-anchored'),
    anchorText: (await page.innerText('#anchor')).trim(),
    anchorColour: await page.$eval('#anchor', (el) => getComputedStyle(el).backgroundColor),
    completeness: (await page.innerText('#completeness')).trim(),
    newer: (await page.isVisible('#newer')) ? (await page.innerText('#newer')).trim() : '',
    freshHref: await page.$eval('#fresh-link', (a) => (a as HTMLAnchorElement).href).catch(() => undefined),
    verdict: await page.getAttribute('#verdict', 'data-verdict'),
    failures: await page.$$eval('#checks details[data-ok="false"]', (els) => els.map((e) => e.getAttribute('data-check'))),
    checkKinds: await page.$$eval('#checks details[data-check]', (els) => els.length),
    openKinds: await page.$$eval('#checks details[data-check][open]', (els) => els.map((e) => e.getAttribute('data-check'))),
    timeline: await page.$$eval('#timeline tbody tr', (rows) => rows.map((r) => r.textContent ?? '')),
    firstFailure: await page.textContent('#first-failure'),
    certificate: (await page.innerText('#certificate')).trim(),
    verifyUrl: await page.$eval('#verify-url a', (a) => (a as HTMLAnchorElement).href),
  };
  await page.screenshot({ path: path.join(SCREENSHOTS, screenshot), fullPage: true });
  await page.locator('#certificate').screenshot({ path: path.join(SCREENSHOTS, screenshot.replace('.png', '-certificate.png')) });
  await page.click('#lang');
  const english = {
    anchorText: (await page.innerText('#anchor')).trim(),
    completeness: (await page.innerText('#completeness')).trim(),
    newer: (await page.isVisible('#newer')) ? (await page.innerText('#newer')).trim() : '',
  };
  return { ...out, english };
}

async function verifyOnPage(base: string, file: string, opts: { documents?: string[]; trustBundle?: string; screenshot: string }) {
  const page = await browser.newPage({ viewport: { width: 1200, height: 1600 } });
  try {
    await page.goto(`${base}/judge`);
    await page.setInputFiles('#package', file);
    if (opts.documents?.length) await page.setInputFiles('#documents', opts.documents);
    if (opts.trustBundle) await page.setInputFiles('#trust-bundle', opts.trustBundle);
    await page.click('#verify');
    return await readResult(page, opts.screenshot);
  } finally {
    await page.close();
  }
}

/** POST /verify as a browser on `url` would send it (the certificate's link is built from the Host header). */
const post = (a: FastifyInstance, body: unknown) => a.inject({ method: 'POST', url: '/verify', payload: body as object, headers: { host: new URL(url).host } });

/** A bundle of another court: this one with an altered genesis block header hash. */
function alteredBundle(): TrustBundle {
  const flipped = (bundle.genesisHeaderHash[0] === '0' ? '1' : '0') + bundle.genesisHeaderHash.slice(1);
  return { ...bundle, issuer: 'Another court', genesisHeaderHash: flipped };
}

describe("the judge's page", () => {
  it(
    "says first that a package checked with the server's bundle comes from this court's network, " +
      'then complete as of which block, then the verified timeline',
    async () => {
      const out = await verifyOnPage(url, pkgFile, { documents, screenshot: 'judge-valid.png' });
      const hash16 = trustBundleHash(bundle).slice(0, 16);
      expect(out.anchored).toBe('true');
      expect(out.resultText.startsWith(`✓ 本证据来自 ${bundle.issuer} 的区块链网络（信任包 ${hash16}）`)).toBe(true);
      expect(out.english.anchorText).toContain(`This evidence comes from the network of ${bundle.issuer} (trust bundle ${hash16})`);
      // Completeness comes right after the anchor, before the verdict and the checks.
      expect(out.completeness).toMatch(/District court（CourtMSP）/); // the organisations as the bundle names them
      expect(out.completeness).toMatch(new RegExp(`完整性：截至区块 ${pkg.asOf.blockNumber}（时间 \\d{4}-\\d\\d-\\d\\dT[^）]+），由 .*CourtMSP.* 证明`));
      expect(out.english.completeness).toMatch(new RegExp(`Complete as of block ${pkg.asOf.blockNumber}, time \\S+, attested by .*CourtMSP`));
      expect(out.resultText.indexOf('完整性')).toBeLessThan(out.resultText.indexOf('核验通过'));
      expect(out.newer).toBe('');
      expect(out.failures).toEqual([]);
      expect(out.verdict).toBe('valid');
      expect(out.openKinds).toEqual([]); // passing checks stay folded
      expect(out.checkKinds).toBeGreaterThan(15);
      expect(out.timeline.some((row) => row.includes('律师函'))).toBe(true);
      expect(out.timeline.some((row) => row.includes('纠纷立项'))).toBe(true);
      expect(out.certificate).toContain(trustBundleHash(bundle));
      expect(out.certificate).toContain(`完整性截至区块\n${pkg.asOf.blockNumber}`);
      expect(out.certificate).not.toMatch(/区块头哈希|header hash/i);
      expect(out.certificate).toMatch(/contract-document\.txt: ✓/);
      expect(fs.statSync(path.join(SCREENSHOTS, 'judge-valid.png')).size).toBeGreaterThan(10_000);
    },
  );

  it("POST /verify answers anchored, ok and asOf first, names the server's own bundle, and checks the live ledger", async () => {
    const res = await post(app, { package: pkg });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(Object.keys(body).slice(0, 3)).toEqual(['anchored', 'ok', 'asOf']);
    expect([body.anchored, body.ok]).toEqual([true, true]);
    expect(body.asOf).toMatchObject({ blockNumber: pkg.asOf.blockNumber, attestingOrgs: expect.arrayContaining(['CourtMSP']) });
    expect(body.trustBundle).toMatchObject({ issuer: bundle.issuer, bundleHash: trustBundleHash(bundle), own: true, source: 'server' });
    expect(body.live).toMatchObject({ checked: true });
    expect(body.newerEntries).toEqual([]);
    expect(body.timeline.length).toBeGreaterThan(0);
    expect(body.timeline.every((e: { txId: string | null }) => e.txId !== null)).toBe(true);

    // Not a package at all: the verifier says so, nothing is asked of the ledger.
    const empty = (await post(app, { package: {} })).json();
    expect([empty.anchored, empty.ok, empty.firstFailure.id, empty.live.checked, empty.timeline]).toEqual([false, false, 'package.format', false, []]);

    // The same bundle uploaded is recognised as the server's own.
    const uploaded = (await post(app, { package: pkg, trustBundle: bundle })).json();
    expect(uploaded.trustBundle).toMatchObject({ own: true, source: 'uploaded' });
    // A malformed uploaded bundle: 400 naming the field.
    const bad = await post(app, { package: pkg, trustBundle: { ...bundle, genesisHeaderHash: 'not-a-hash' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.field).toBe('body/trustBundle/genesisHeaderHash');
  });

  it('answers 503 when the server has no trust bundle, unless one is uploaded', async () => {
    const bare = await newApp();
    try {
      const res = await post(bare, { package: pkg });
      expect(res.statusCode).toBe(503);
      expect(res.json().error).toMatchObject({ code: 'NO_TRUST_BUNDLE', message: expect.stringMatching(/no trust bundle/) });
      const withUpload = (await post(bare, { package: pkg, trustBundle: bundle })).json();
      expect([withUpload.anchored, withUpload.ok, withUpload.trustBundle.own]).toEqual([true, true, false]);
    } finally {
      await bare.close();
    }
  });

  it('shows a one-byte tampered package as FAILED, naming the first failing check, with no timeline', async () => {
    const copy = JSON.parse(JSON.stringify(pkg)) as EvidencePackage;
    const target = copy.statements.find((s) => typeof (s.value as { claimedAmountFen?: unknown })?.claimedAmountFen === 'number');
    expect(target).toBeDefined();
    (target!.value as { claimedAmountFen: number }).claimedAmountFen += 1;
    const tampered = path.join(tmp, 'tampered.json');
    fs.writeFileSync(tampered, JSON.stringify(copy));
    const out = await verifyOnPage(url, tampered, { documents, screenshot: 'judge-tampered.png' });
    expect(out.anchored).toBe('true'); // still this network's blocks, but a statement was changed
    expect(out.verdict).toBe('invalid');
    expect(out.failures).toContain('statement.write');
    expect(out.openKinds).toContain('statement.write');
    expect(out.firstFailure).toMatch(/首个未通过项/);
    expect(out.timeline).toEqual([]);
  });

  it('shows a package that does not tie to an uploaded bundle as NOT from that network; POST /verify answers ok:false, anchored:false', async () => {
    const other = alteredBundle();
    const otherFile = path.join(tmp, 'another-court-bundle.json');
    fs.writeFileSync(otherFile, JSON.stringify(other));
    const out = await verifyOnPage(url, pkgFile, { trustBundle: otherFile, screenshot: 'judge-other-bundle.png' });
    expect(out.anchored).toBe('false');
    expect(out.resultText.startsWith('✗ 并非来自 Another court 的网络')).toBe(true);
    expect(out.english.anchorText).toContain('NOT from the network of Another court');
    expect(out.anchorText).toMatch(/genesis/);
    expect(out.completeness).toMatch(/^✗ 完整性无法采信/); // attestations of an unanchored package prove nothing
    expect(out.verdict).toBe('invalid');
    expect(out.failures).toContain('trust.anchor');
    expect(out.timeline).toEqual([]);

    const body = (await post(app, { package: pkg, trustBundle: other })).json();
    expect([body.anchored, body.ok]).toEqual([false, false]);
    expect(body.trustBundle).toMatchObject({ issuer: 'Another court', own: false, source: 'uploaded' });
    expect(body.live.checked).toBe(false);
    expect(body.timeline).toEqual([]);
  });

  it("shows, in red, a package that is not of the server's own network as NOT from this court's network", async () => {
    // A server of another court: its own bundle is not the one this package ties to.
    const elsewhere = await newApp(alteredBundle());
    try {
      const base = await elsewhere.listen({ host: '127.0.0.1', port: 0 });
      const out = await verifyOnPage(base, pkgFile, { screenshot: 'judge-not-this-court.png' });
      expect(out.anchored).toBe('false');
      expect(out.resultText.startsWith('✗ 并非来自本法院网络')).toBe(true);
      expect(out.english.anchorText).toContain("NOT from this court's network");
      expect(out.anchorText).toMatch(/NOT from the network of Another court/); // the trust.anchor check's detail
      expect(out.anchorColour).toBe('rgb(209, 26, 26)');
      const body = (await post(elsewhere, { package: pkg })).json();
      expect([body.anchored, body.ok, body.trustBundle.own]).toEqual([false, false, true]);
    } finally {
      await elsewhere.close();
    }
  });

  it("the certificate's QR code leads to a page that verifies the same package again", async () => {
    const body = (await post(app, { package: pkg })).json();
    const link: string = body.certificate.verifyUrl;
    expect(link).toBe(`${url}/judge/packages/${body.certificate.packageSha256}`);
    expect(body.certificate.qrSvg).toBe(await QRCode.toString(link, { type: 'svg', margin: 1 }));
    // The same package checked against another bundle gets its own link; the first link still shows what it showed.
    const other = alteredBundle();
    const otherLink: string = (await post(app, { package: pkg, trustBundle: other })).json().certificate.verifyUrl;
    expect(otherLink).toBe(`${link}?trust=${trustBundleHash(other)}`);
    const otherAgain = await app.inject({
      method: 'GET',
      url: new URL(otherLink).pathname + new URL(otherLink).search,
      headers: { accept: 'application/json' },
    });
    expect(otherAgain.json()).toMatchObject({ anchored: false, ok: false, trustBundle: { issuer: 'Another court', own: false } });
    const unknownBundle = await app.inject({
      method: 'GET',
      url: `${new URL(link).pathname}?trust=${'e'.repeat(64)}`,
      headers: { accept: 'application/json' },
    });
    expect(unknownBundle.statusCode).toBe(404);

    const page = await browser.newPage({ viewport: { width: 1200, height: 1600 } });
    try {
      const res = await page.goto(link);
      expect(res?.status()).toBe(200);
      const out = await readResult(page, 'judge-reverified.png');
      expect(out.anchored).toBe('true');
      expect(out.verdict).toBe('valid');
      expect(out.resultText.startsWith(`✓ 本证据来自 ${bundle.issuer}`)).toBe(true);
      expect(out.verifyUrl).toBe(link);
      expect(out.certificate).toMatch(/本次未核对文件/); // document files are not kept
    } finally {
      await page.close();
    }
    const json = await app.inject({ method: 'GET', url: `/judge/packages/${body.certificate.packageSha256}`, headers: { accept: 'application/json' } });
    expect(json.json()).toMatchObject({ anchored: true, ok: true, certificate: { packageSha256: body.certificate.packageSha256 } });

    const unknown = 'f'.repeat(64);
    const missing = await app.inject({ method: 'GET', url: `/judge/packages/${unknown}` });
    expect(missing.statusCode).toBe(404);
    expect(missing.body).toContain('does not hold the evidence package');
    const missingJson = await app.inject({ method: 'GET', url: `/judge/packages/${unknown}`, headers: { accept: 'application/json' } });
    expect([missingJson.statusCode, missingJson.json().error.code]).toEqual([404, 'NOT_FOUND']);
  });

  it('reports newer entries after a further write to the subject, with a fresh package to download', async () => {
    const mediator = new Caller('CourtMSP', 'mediator1');
    try {
      await mediator.submit('Disputes', 'Transition', { disputeId, action: 'referToMediation', documentHashes: [] });
    } finally {
      mediator.close();
    }
    // The court's peer has the write once the answer lists it.
    let body;
    for (let i = 0; i < 50; i++) {
      body = (await post(app, { package: pkg })).json();
      if (body.newerEntries?.length) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(body.ok).toBe(true); // the package is still what it was: complete as of its block
    expect(body.newerEntries).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ recordType: 'dispute', recordId: disputeId, txIds: [expect.stringMatching(/^[0-9a-f]{64}$/)] }),
        expect.objectContaining({ recordType: 'disputeTransition', txIds: [expect.stringMatching(/^[0-9a-f]{64}$/)] }),
      ]),
    );
    const newerBlock = Number(body.newerEntries[0].blockNumbers[0]);
    expect(newerBlock).toBeGreaterThan(Number(pkg.asOf.blockNumber));

    const out = await verifyOnPage(url, pkgFile, { screenshot: 'judge-newer-entries.png' });
    expect(out.newer).toMatch(/账本上有更新的记录/);
    expect(out.newer).toContain(disputeId);
    expect(out.english.newer).toMatch(/Newer entries exist/);
    expect(out.freshHref).toBe(`${url}/judge/fresh/dispute/${encodeURIComponent(disputeId)}`);

    const fresh = await app.inject({ method: 'GET', url: `/judge/fresh/dispute/${disputeId}` });
    expect(fresh.statusCode).toBe(200);
    const freshPkg = fresh.json() as EvidencePackage;
    expect(BigInt(freshPkg.asOf.blockNumber)).toBeGreaterThanOrEqual(BigInt(newerBlock));
    expect(freshPkg.statements.length).toBeGreaterThan(pkg.statements.length);
    expect(verifyPackage(freshPkg, { trust: bundle }).ok).toBe(true);
    const again = (await post(app, { package: freshPkg })).json();
    expect([again.anchored, again.ok, again.newerEntries]).toEqual([true, true, []]);

    // Only subjects verified here: anything else is not exported.
    const other = await app.inject({ method: 'GET', url: `/judge/fresh/dispute/${ownedId('D-NEVER')}` });
    expect(other.statusCode).toBe(404);
  });
});
