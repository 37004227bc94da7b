// The screens under /ui/ end to end in real headless Chromium, on the real
// network, through an API listening on a real port: the court's funnel is
// GET /v1/funnel's; a 2,068-row CSV goes up with a moving progress bar and ends
// with 2,068 contracts on the ledger and a receipt naming their transactions;
// a file with one bad date is refused in the browser and nothing is sent; the
// bureau sets a threshold; a lawyer anchors a letter whose hash the browser
// computed (the file is never sent); a page refuses a role it is not for, and
// so does the API. Screenshots go to .fabric/screenshots/ui/, and each page's
// load time (sign-in to last number drawn) is printed.
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { chromium, type Browser, type Page, type Request } from 'playwright-core';
import { Ledger } from '../../gateway/ledger';
import { NETWORK_JSON, STATE_DIR } from '../../network/native/paths';
import { buildUi } from '../../ui/build';
import { issueTestKeys, startApi, type ClientId, type IssuedKeys, type TestApi } from './support/api';
import { writeDispute, type DisputeStory } from './support/dispute-story';
import { COMPANY_2, contractInput, newHash, ownedId, sha256, uniqueId } from './support/fixtures';

const SCREENSHOTS = path.join(STATE_DIR, 'screenshots', 'ui');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const COMPANY_1 = '91110105MA01XQ7T3B';
const CONTRACT_COLUMNS = 'contractId,projectId,unitId,ownerCommitment,documentSha256,monthlyFeeFen,billingCycle,dueDayOfMonth,termStart,termEnd';

let keys: IssuedKeys;
let api: TestApi;
let url: string;
let browser: Browser;
let story: DisputeStory;
const loadTimes: Record<string, number> = {};

beforeAll(async () => {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await buildUi();
  keys = issueTestKeys();
  api = await startApi(keys);
  url = await api.app.listen({ host: '127.0.0.1', port: 0 });
  // Data on every milestone up to mediation before any page is drawn.
  const ledger = Ledger.open(NETWORK_JSON);
  try {
    story = await writeDispute(ledger);
  } finally {
    ledger.close();
  }
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
  await api?.close();
  if (keys) fs.rmSync(keys.dir, { recursive: true, force: true });
  if (Object.keys(loadTimes).length > 0) console.log(`page load times (sign-in to drawn), ms: ${JSON.stringify(loadTimes)}`);
});

/** A fresh tab (its own sessionStorage) signed in with `client`'s key on `/ui/<page>`; resolves once the page is drawn or refused. */
async function signedIn(page: string, client: ClientId, viewport = { width: 1280, height: 900 }): Promise<{ tab: Page; sent: Request[] }> {
  const tab = await (await browser.newContext({ viewport, acceptDownloads: true })).newPage();
  const sent: Request[] = [];
  tab.on('request', (r) => sent.push(r));
  await tab.goto(`${url}/ui/${page}`);
  await tab.fill('#api-key', keys.key(client));
  const started = Date.now();
  await tab.click('#signin button[type=submit]');
  await tab.waitForSelector('body[data-ready], #refused, #page-error', { timeout: 60_000 });
  const error = await tab.$('#page-error');
  if (error) throw new Error(`/ui/${page} failed: ${await error.innerText()}`);
  if (await tab.$('body[data-ready]')) loadTimes[`${page} (${client})`] = Date.now() - started;
  return { tab, sent };
}

/** The receipt the page offers for download, checked for its header: one [row, id, txId, blockNumber] per row. */
async function receiptRows(tab: Page): Promise<string[][]> {
  const download = tab.waitForEvent('download');
  await tab.click('#receipt-download');
  const [header, ...rows] = fs
    .readFileSync(await (await download).path(), 'utf8')
    .trim()
    .split('\n');
  expect(header).toBe('row,id,txId,blockNumber');
  return rows.map((l) => l.split(','));
}

/** Waits for `selector`, failing at once with the page's own error banner if one appears. */
async function shown(tab: Page, selector: string, timeout = 30_000): Promise<void> {
  await tab.waitForSelector(`${selector}, #page-error`, { timeout });
  const error = await tab.$('#page-error');
  if (error) throw new Error(`waiting for ${selector}: ${await error.innerText()}`);
}

async function screenshot(tab: Page, name: string): Promise<void> {
  const file = path.join(SCREENSHOTS, name);
  await tab.screenshot({ path: file, fullPage: true });
  expect(fs.statSync(file).size).toBeGreaterThan(10_000);
  console.log(`screenshot: ${file}`);
}

/** Every contract of a project, read through the API. */
async function contractsOf(projectId: string): Promise<{ contractId: string }[]> {
  const out: { contractId: string }[] = [];
  let bookmark = '';
  do {
    const r = await api
      .as('housingbureau-company1')
      .get(`/v1/contracts?projectId=${projectId}&pageSize=1000${bookmark ? `&bookmark=${encodeURIComponent(bookmark)}` : ''}`);
    expect(r.status).toBe(200);
    out.push(...r.body.contracts);
    bookmark = r.body.bookmark;
  } while (bookmark);
  return out;
}

const contractCsv = (rows: ReturnType<typeof contractInput>[]) =>
  `${CONTRACT_COLUMNS}\n` +
  rows
    .map((c) =>
      [
        c.contractId,
        c.projectId,
        c.unitId,
        c.ownerCommitment,
        c.documentSha256,
        c.feeTerms.monthlyFeeFen,
        c.feeTerms.billingCycle,
        c.feeTerms.dueDayOfMonth,
        c.termStart,
        c.termEnd,
      ].join(','),
    )
    .join('\n') +
  '\n';

describe('court cockpit (/ui/court)', () => {
  it('shows the funnel GET /v1/funnel answers, for the channel and the story’s project, and a case file from the dispute history', async () => {
    const { tab } = await signedIn('court', 'court-judge1');
    const [channel, project] = await Promise.all([
      api.as('court-judge1').get('/v1/funnel'),
      api.as('court-judge1').get(`/v1/funnel?projectId=${story.projectId}`),
    ]);
    const drawn = await tab.$$eval('#funnel-channel td[data-key]', (tds) =>
      Object.fromEntries(tds.map((td) => [td.getAttribute('data-key'), Number(td.getAttribute('data-count'))])),
    );
    expect(drawn).toEqual({
      contracts: channel.body.funnel.contracts,
      lettersSent: channel.body.funnel.lettersSent,
      viewed: channel.body.funnel.viewed,
      settled: channel.body.funnel.settled,
      referredToMediation: channel.body.funnel.referredToMediation,
      mediated: channel.body.funnel.mediated,
    });
    expect(drawn.mediated).toBeGreaterThanOrEqual(1);
    const projectRow = await tab.$$eval(
      '#funnel-projects tbody tr',
      (rows, id) => rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent)).find((cells) => cells[0] === id),
      story.projectId,
    );
    expect(projectRow?.slice(1, 7).map(Number)).toEqual(
      ['contracts', 'lettersSent', 'viewed', 'settled', 'referredToMediation', 'mediated'].map((k) => project.body.funnel[k]),
    );
    expect(Number(await tab.innerText('#mediation-outcomes li[data-stage=MEDIATED_SETTLED] b'))).toBeGreaterThanOrEqual(1);
    await screenshot(tab, 'court.png');

    await tab.click(`#disputes a[data-dispute="${story.disputeId}"]`);
    await shown(tab, '#case-timeline');
    const history = (await api.as('court-judge1').get(`/v1/disputes/${story.disputeId}/history`)).body;
    const stages = await tab.$$eval('#case-timeline [data-transition]', (els) => els.map((el) => el.getAttribute('data-transition')));
    expect(stages).toEqual(history.transitions.map((t: { from: string | null; to: string }) => `${t.from ?? ''}>${t.to}`));
    expect(stages.at(-1)).toBe('REFERRED_TO_MEDIATION>MEDIATED_SETTLED');
    expect(await tab.innerText('#case-timeline tbody tr:last-child td[data-key=stage]')).toBe('已转调解 → 调解成功');
    const letter = (await api.as('court-judge1').get(`/v1/disputes/${story.disputeId}/letters`)).body.letters[0];
    expect(await tab.innerText('#case-documents')).toContain(letter.letter.contentSha256);
    expect(await tab.getAttribute('#case-judge', 'href')).toBe('/judge');
    const download = tab.waitForEvent('download');
    await tab.click('#case-package');
    const pkg = JSON.parse(fs.readFileSync(await (await download).path(), 'utf8'));
    expect(pkg.format).toBe('notary-evidence-package/2');
    await screenshot(tab, 'court-case.png');
    await tab.context().close();
  });

  it('at tablet width the page needs no sideways scrolling, and English is one click away', async () => {
    const { tab } = await signedIn('court', 'court-mediator1', { width: 820, height: 1180 });
    expect(await tab.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
    expect(await tab.innerText('#funnel h2')).toBe('纠纷漏斗（全通道）');
    await tab.click('#lang');
    await tab.waitForSelector('body[data-ready]');
    expect(await tab.innerText('#funnel h2')).toBe('Dispute funnel (whole channel)');
    await screenshot(tab, 'court-tablet-en.png');
    await tab.click('#lang'); // back to Chinese for the next tabs (the preference is per browser context anyway)
    await tab.context().close();
  });

  it('refuses a lawyer: the page shows nothing of the court, and the API refuses the court’s actions (nothing changes)', async () => {
    const { tab, sent } = await signedIn('court', 'lawfirma-lawyer1');
    expect(await tab.innerText('#refused')).toContain('法院调解员、法官');
    expect(await tab.$('#funnel-channel')).toBeNull();
    expect(sent.map((r) => new URL(r.url()).pathname).filter((p) => p.startsWith('/v1/'))).toEqual(['/v1/me']);
    await screenshot(tab, 'court-refused-lawyer.png');
    await tab.context().close();
    const recorded = async () => {
      const { dispute, transitions, writes } = (await api.as('court-judge1').get(`/v1/disputes/${story.disputeId}/history`)).body;
      return { dispute, transitions, writes };
    };
    const before = await recorded();
    const r = await api
      .as('lawfirma-lawyer1')
      .post(`/v1/disputes/${story.disputeId}/transitions`, { action: 'recommendLitigation', documentHashes: [newHash()] });
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe('FORBIDDEN');
    expect(await recorded()).toEqual(before);
  });

  it('an unknown key is refused by /v1/me (401) and the page asks to sign in again', async () => {
    const tab = await (await browser.newContext()).newPage();
    await tab.goto(`${url}/ui/court`);
    await tab.fill('#api-key', 'nk_not_a_key');
    await tab.click('#signin button[type=submit]');
    await tab.waitForSelector('#signin-error');
    expect(await tab.innerText('#signin-error')).toContain('401');
    expect(await tab.evaluate(() => sessionStorage.length)).toBe(0);
    expect((await api.request('GET', '/v1/me', { authorization: 'Bearer nk_not_a_key' })).status).toBe(401);
    await tab.context().close();
  });
});

describe('property company (/ui/company)', () => {
  it('uploads a 2,068-row CSV in batches with a moving progress bar; 2,068 contracts end on the ledger, each in the receipt with its transaction', async () => {
    const projectId = ownedId('P-UI');
    const rows = Array.from({ length: 2068 }, () => contractInput(projectId));
    const file = { name: 'contracts.csv', mimeType: 'text/csv', buffer: Buffer.from(contractCsv(rows)) };
    const { tab, sent } = await signedIn('company', 'housingbureau-company1');
    expect(await tab.innerText('.asof')).toContain(COMPANY_1);
    await tab.setInputFiles('#upload-file', file);
    await shown(tab, '#upload-ok');
    expect(await tab.getAttribute('#upload-report', 'data-rows')).toBe('2068');
    const started = Date.now();
    await tab.click('#upload-send');
    // Part way: some rows sent, not all.
    await tab.waitForFunction(
      () => {
        const p = document.querySelector<HTMLProgressElement>('#upload-progress');
        return p !== null && p.value > 0 && p.value < p.max;
      },
      undefined,
      { timeout: 60_000, polling: 50 },
    );
    await tab.waitForSelector('#upload-done, #upload-failed', { timeout: 120_000 });
    console.log(`2,068 contracts uploaded through the page in ${Date.now() - started} ms`);
    expect(await tab.innerText('#upload-outcome')).toContain('2068');
    expect(await tab.$eval('#upload-progress', (p) => [(p as HTMLProgressElement).value, (p as HTMLProgressElement).max])).toEqual([2068, 2068]);
    const batchCalls = sent.filter((r) => r.method() === 'POST' && new URL(r.url()).pathname === '/v1/contracts/batch');
    expect(batchCalls.map((r) => JSON.parse(r.postData()!).items.length)).toEqual([500, 500, 500, 500, 68]);
    expect(new Set(batchCalls.map((r) => r.headers()['idempotency-key'])).size).toBe(5);

    const onLedger = await contractsOf(projectId);
    expect(onLedger).toHaveLength(2068);
    expect(new Set(onLedger.map((c) => c.contractId))).toEqual(new Set(rows.map((c) => c.contractId)));

    const lines = await receiptRows(tab);
    expect(lines.map(([row, id]) => [Number(row), id])).toEqual(rows.map((c, i) => [i + 1, c.contractId]));
    const txIds = [...new Set(lines.map((l) => l[2]!))];
    expect(txIds).toHaveLength(5);
    for (const txId of txIds) expect((await api.as('housingbureau-company1').get(`/v1/transactions/${txId}`)).body).toMatchObject({ valid: true });
    // The history of one contract names the receipt's transaction.
    const sample = lines[1234]!;
    expect((await api.as('housingbureau-company1').get(`/v1/contracts/${sample[1]}/history`)).body.writes[0].txId).toBe(sample[2]);

    await tab.waitForFunction((id) => document.querySelector('#company-project-table')?.textContent?.includes(id), projectId);
    await screenshot(tab, 'company-upload.png');
    await tab.context().close();
  });

  it('an upload stopped part way goes on when the same file is sent again: the committed batch is answered as it was, only the rest is written', async () => {
    const projectId = ownedId('P-UI-RESUME');
    const rows = Array.from({ length: 1200 }, () => contractInput(projectId));
    const file = { name: 'contracts.csv', mimeType: 'text/csv', buffer: Buffer.from(contractCsv(rows)) };
    const { tab, sent } = await signedIn('company', 'housingbureau-company1');
    const batchCalls = () => sent.filter((r) => r.method() === 'POST' && new URL(r.url()).pathname === '/v1/contracts/batch');
    // The connection drops on the second batch, before it reaches the API.
    let calls = 0;
    await tab.route('**/v1/contracts/batch', (route) => (++calls === 2 ? route.abort('connectionreset') : route.continue()));
    await tab.setInputFiles('#upload-file', file);
    await shown(tab, '#upload-ok');
    await tab.click('#upload-send');
    await tab.waitForSelector('#upload-failed, #upload-done', { timeout: 60_000 });
    expect(await tab.innerText('#upload-failed')).toContain('500');
    expect(await tab.$('#upload-resume')).not.toBeNull();
    expect(await contractsOf(projectId)).toHaveLength(500);
    const firstKeys = batchCalls().map((r) => r.headers()['idempotency-key']);
    expect(firstKeys).toHaveLength(2);

    await tab.unroute('**/v1/contracts/batch');
    const before = await api.submitted('Contracts', 'RegisterBatch');
    await tab.setInputFiles('#upload-file', file);
    await shown(tab, '#upload-ok');
    await tab.click('#upload-send');
    await shown(tab, '#upload-done', 60_000);
    expect(await tab.innerText('#upload-outcome')).toContain('1200');
    // Three calls again, the first two with the keys they had; only the last two batches were submitted.
    const again = batchCalls().slice(2);
    expect(again.map((r) => JSON.parse(r.postData()!).items.length)).toEqual([500, 500, 200]);
    expect(again.slice(0, 2).map((r) => r.headers()['idempotency-key'])).toEqual(firstKeys);
    expect((await api.submitted('Contracts', 'RegisterBatch')) - before).toBe(2);
    const onLedger = await contractsOf(projectId);
    expect(onLedger).toHaveLength(1200);
    expect(new Set(onLedger.map((c) => c.contractId))).toEqual(new Set(rows.map((c) => c.contractId)));

    // The receipt is whole, and its first batch names the transaction that committed it the first time.
    const lines = await receiptRows(tab);
    expect(lines.map(([row, id]) => [Number(row), id])).toEqual(rows.map((c, i) => [i + 1, c.contractId]));
    expect(new Set(lines.map((l) => l[2])).size).toBe(3);
    const first = (await api.as('housingbureau-company1').get(`/v1/contracts/${rows[0]!.contractId}/history`)).body.writes[0].txId;
    expect(lines[0]![2]).toBe(first);
    await tab.context().close();
  });

  it('refuses a file with one bad date before anything is sent: the row and reason are listed, the project has no contracts', async () => {
    const projectId = ownedId('P-UI-BAD');
    const rows = [contractInput(projectId), contractInput(projectId, { termStart: '2024-02-30' }), contractInput(projectId)];
    const { tab, sent } = await signedIn('company', 'housingbureau-company1');
    await tab.setInputFiles('#upload-file', { name: 'contracts.csv', mimeType: 'text/csv', buffer: Buffer.from(contractCsv(rows)) });
    await shown(tab, '#bad-rows');
    const bad = await tab.$$eval('#bad-rows tbody tr', (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
    expect(bad).toEqual([['2', 'termStart', 'termStart: must be a real calendar date YYYY-MM-DD']]);
    expect(await tab.$('#upload-send')).toBeNull();
    expect(sent.filter((r) => r.method() !== 'GET')).toEqual([]);
    await screenshot(tab, 'company-bad-date.png');
    await tab.context().close();
    expect(await contractsOf(projectId)).toEqual([]);
  });

  it('reads contracts from an XLSX file (date cells included), then billing events from CSV: the project shows the arrears ratio they make', async () => {
    const projectId = ownedId('P-UI-XLSX');
    const rows = [contractInput(projectId), contractInput(projectId), contractInput(projectId)];
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('contracts');
    sheet.addRow(CONTRACT_COLUMNS.split(','));
    for (const c of rows) {
      const day = (d: string) => new Date(`${d}T00:00:00Z`);
      sheet.addRow([c.contractId, c.projectId, c.unitId, c.ownerCommitment, c.documentSha256, 35_000, 'MONTHLY', 10, day(c.termStart), day(c.termEnd)]);
    }
    const xlsx = Buffer.from(await workbook.xlsx.writeBuffer());
    const { tab } = await signedIn('company', 'housingbureau-company1');
    await tab.setInputFiles('#upload-file', {
      name: 'contracts.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: xlsx,
    });
    await shown(tab, '#upload-ok');
    await tab.click('#upload-send');
    await shown(tab, '#upload-done', 60_000);
    expect((await contractsOf(projectId)).map((c) => c.contractId).sort()).toEqual(rows.map((c) => c.contractId).sort());

    // Two of the three contracts billed for a long-past period and never paid: 2 of 3 overdue.
    const events = `eventId,contractId,type,period,amountFen,note\n${rows
      .slice(0, 2)
      .map((c) => `${uniqueId('E')},${c.contractId},billed,2024-05,35000,`)
      .join('\n')}\n`;
    await tab.selectOption('#upload-kind', 'arrears');
    await tab.setInputFiles('#upload-file', { name: 'billing.csv', mimeType: 'text/csv', buffer: Buffer.from(events) });
    await shown(tab, '#upload-ok');
    await tab.click('#upload-send');
    await shown(tab, '#upload-done', 60_000);
    const answer = (await api.as('housingbureau-company1').get(`/v1/projects/${projectId}/arrears-ratio`)).body;
    const ratio = answer.ratio;
    // Billing: the project's risk evaluated once, after the last batch; the page counts it at risk as the ledger does.
    expect(await tab.innerText('#upload-risk')).toMatch(new RegExp(`1 · \\D*${answer.atRisk ? 1 : 0}$`));
    expect(ratio).toMatchObject({ numerator: 2, denominator: 3 });
    // The page reads the project again once the upload is done; wait for that reading, not the one before it.
    await tab.waitForFunction(
      (id) =>
        [...document.querySelectorAll('#company-project-table tbody tr')].some(
          (tr) => tr.querySelector('td')?.textContent === id && tr.textContent?.includes('(2/3)'),
        ),
      projectId,
      { timeout: 30_000 },
    );
    const row = await tab.$$eval(
      '#company-project-table tbody tr',
      (trs, id) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)).find((cells) => cells[0] === id),
      projectId,
    );
    expect(row?.slice(1, 3)).toEqual(['3', '66.66% (2/3)']);
    await tab.context().close();
  });

  it('is refused to the regulator', async () => {
    const { tab } = await signedIn('company', 'housingbureau-regulator1');
    expect(await tab.innerText('#refused')).toContain('物业企业');
    await tab.context().close();
  });
});

describe('housing bureau (/ui/bureau)', () => {
  it('lists projects by ratio with their thresholds and sets a threshold through the page', async () => {
    // A project with contracts but no dispute is listed too: the list is every project of the ledger (GET /v1/projects).
    const quiet = contractInput(ownedId('P-UI-QUIET', COMPANY_2));
    expect((await api.as('housingbureau-company2').post('/v1/contracts', quiet)).status).toBe(201);
    const { tab } = await signedIn('bureau', 'housingbureau-regulator1');
    await tab.waitForSelector(`#project-table a[data-project="${quiet.projectId}"]`);
    await tab.waitForSelector(`#project-table a[data-project="${story.projectId}"]`);
    await tab.click(`#project-table a[data-project="${story.projectId}"]`);
    await shown(tab, '#threshold-form');
    await tab.fill('#threshold-percent', '12.5');
    await tab.click('#threshold-form button[type=submit]');
    await tab.waitForFunction(() => /[0-9a-f]{64}/.test(document.querySelector('#threshold-result')?.textContent ?? ''));
    const ratio = (await api.as('housingbureau-regulator1').get(`/v1/projects/${story.projectId}/arrears-ratio`)).body;
    expect(ratio.thresholdBp).toBe(1250);
    expect(await tab.$('#no-warnings')).not.toBeNull();
    await tab.click('#evaluate');
    await tab.waitForFunction(() => /%/.test(document.querySelector('#threshold-result')?.textContent ?? ''));
    // 100 % of its one contract is overdue, above 12.5 %: the evaluation recorded a warning, drawn from the ledger.
    const warnings = (await api.as('housingbureau-regulator1').get(`/v1/projects/${story.projectId}/risk-warnings`)).body.warnings;
    expect(warnings).toHaveLength(1);
    expect(await tab.$$eval('#warnings tbody tr', (trs) => trs.length)).toBe(1);
    expect(await tab.innerText('#warnings tbody')).toContain('12.50%');
    expect(await tab.$('#ratio-chart')).not.toBeNull();
    await screenshot(tab, 'bureau.png');
    await tab.context().close();
    // Drawn again, the project shows the threshold read from the ledger.
    const again = await signedIn('bureau', 'housingbureau-regulator1');
    const row = await again.tab.$$eval(
      '#project-table tbody tr',
      (trs, id) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)).find((cells) => cells[0] === id),
      story.projectId,
    );
    expect(row?.[2]).toBe('12.50%');
    const sorts = await again.tab.$$eval('#project-table tbody tr', (trs) =>
      trs.map(
        (tr) =>
          [
            tr.querySelector('td:nth-child(4)')!.textContent!.startsWith('⚠'),
            Number(tr.querySelector('td[data-key=ratio]')!.getAttribute('data-sort')),
          ] as const,
      ),
    );
    // At-risk projects first, then the highest ratio first.
    expect(sorts).toEqual([...sorts].sort((a, b) => Number(b[0]) - Number(a[0]) || b[1] - a[1]));
    await again.tab.context().close();
  });
});

describe('law firm (/ui/lawfirm)', () => {
  it('lists the retained disputes, anchors a letter hashed in the browser (never sent) and its receipt; another firm sees none of it', async () => {
    const c = contractInput(ownedId('P-UI-LF'));
    expect((await api.as('housingbureau-company1').post('/v1/contracts', c)).status).toBe(201);
    const disputeId = ownedId('D-UI');
    expect(
      (
        await api
          .as('housingbureau-company1')
          .post('/v1/disputes', { disputeId, contractId: c.contractId, lawFirmMspId: 'LawFirmAMSP', claimedAmountFen: 70_000 })
      ).status,
    ).toBe(201);
    const letter = Buffer.from(`律师函 ${uniqueId('letter-body')}\n`);
    const evidence = Buffer.from(`送达回执 ${uniqueId('evidence-body')}\n`);

    // The firm's page lists the disputes it is retained for: this one is opened from the list.
    const { tab, sent } = await signedIn('lawfirm', 'lawfirma-lawyer1');
    await shown(tab, `#retained-disputes a[data-dispute="${disputeId}"]`);
    await tab.click(`#retained-disputes a[data-dispute="${disputeId}"]`);
    await shown(tab, '#letter-form');
    await tab.fill('#letter-recipient', newHash());
    await tab.setInputFiles('#letter-file', { name: 'letter.txt', mimeType: 'text/plain', buffer: letter });
    await tab.waitForFunction(() => document.querySelector('#letter-file-sha256')?.textContent?.length === 64);
    expect(await tab.innerText('#letter-file-sha256')).toBe(sha256(letter));
    await tab.click('#letter-form button[type=submit]');
    await shown(tab, '#dispute-stage[data-stage=LETTER_SENT]');
    await tab.setInputFiles('#receipt-file', { name: 'receipt.txt', mimeType: 'text/plain', buffer: evidence });
    await tab.waitForFunction(() => document.querySelector('#receipt-file-sha256')?.textContent?.length === 64);
    await tab.click('#receipt-form button[type=submit]');
    await shown(tab, '#dispute-stage[data-stage=DELIVERED]');
    expect(await tab.innerText('#letters td[data-key=receipts]')).toContain('DELIVERED');
    await screenshot(tab, 'lawfirm.png');
    await tab.context().close();

    // Another firm's lawyer does not see the dispute in its list, and opening it by ID shows the API's refusal; nothing is written.
    const other = await signedIn('lawfirm', 'lawfirmb-lawyer1');
    await shown(other.tab, '#retained-disputes');
    expect(await other.tab.$(`#retained-disputes a[data-dispute="${disputeId}"]`)).toBeNull();
    await screenshot(other.tab, 'lawfirm-other-firm.png');
    await other.tab.fill('#dispute-id', disputeId);
    await other.tab.click('#open-form button[type=submit]');
    await other.tab.waitForSelector('#page-error');
    expect(await other.tab.innerText('#page-error')).toContain('FORBIDDEN');
    expect(await other.tab.$('#receipt-form')).toBeNull();
    await other.tab.context().close();

    const letters = (await api.as('court-judge1').get(`/v1/disputes/${disputeId}/letters`)).body.letters;
    expect(letters).toHaveLength(1);
    expect(letters[0].letter.contentSha256).toBe(sha256(letter));
    expect(letters[0].receipts.map((r: { kind: string; evidenceSha256: string }) => [r.kind, r.evidenceSha256])).toEqual([['DELIVERED', sha256(evidence)]]);
    expect((await api.as('court-judge1').get(`/v1/disputes/${disputeId}`)).body.dispute.stage).toBe('DELIVERED');
    // Only hashes left the browser.
    const bodies = sent.map((r) => r.postData() ?? '').join('\n');
    expect(bodies).toContain(sha256(letter));
    expect(bodies).not.toContain('letter-body');
    expect(bodies).not.toContain('evidence-body');
  });
});
