// runImport against a fake API (fetch injected): what is sent, when it is sent
// again, what the journal and the receipt hold. The real API and ledger are in
// test/integration/import.test.ts.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EXIT, journalOf, runImport, type ImportIo } from '../../../importer/import';
import { parseJournal } from '../../../importer/journal';
import { chunkKey, fileSha256, riskKey } from '../../../importer/key';
import { BILL_HEADER, sampleBillRow, sampleRow, SAMPLE_HEADER } from '../../../importer/sample';

interface Sent {
  url: string;
  key: string | undefined;
  items: { contractId: string }[];
}

const ME = { clientId: 'housingbureau-company1', mspId: 'HousingBureauMSP', role: 'property-company' };
const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

/** A fake API: GET /v1/me, and batches answered by `answer` (default: 201, one transaction per call). */
function fakeApi(answer?: (call: number, items: unknown[]) => Response | undefined) {
  const sent: Sent[] = [];
  let block = 10;
  const fetchImpl = (async (url: string, init: RequestInit) => {
    if (url.endsWith('/v1/me')) return json(200, ME);
    const body = JSON.parse(String(init.body)) as { items: { contractId: string }[] };
    sent.push({ url, key: (init.headers as Record<string, string>)['idempotency-key'], items: body.items });
    const custom = answer?.(sent.length, body.items);
    if (custom) return custom;
    block++;
    const txId = `tx-${body.items[0]!.contractId}`;
    return json(201, {
      count: body.items.length,
      transactions: [{ txId, blockNumber: String(block), count: body.items.length }],
      txId,
      blockNumber: String(block),
    });
  }) as unknown as typeof fetch;
  return { sent, fetchImpl };
}

let dir: string;
let file: string;
const out: string[] = [];
const err: string[] = [];
const sleeps: number[] = [];
const io = (fetchImpl: typeof fetch): ImportIo => ({
  out: (l) => out.push(l),
  err: (l) => err.push(l),
  progress: () => ({ update: () => undefined, stop: () => undefined }),
  sleep: async (ms) => void sleeps.push(ms),
  fetch: fetchImpl,
});
const opts = { apiUrl: 'http://api.test', apiKey: 'nk_test' };

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'import-unit-'));
  file = path.join(dir, 'contracts.csv');
  fs.writeFileSync(file, `${SAMPLE_HEADER}\n${Array.from({ length: 7 }, (_, i) => sampleRow('u', i + 1, 1)).join('\n')}\n`);
  out.length = err.length = sleeps.length = 0;
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const receiptOf = () =>
  fs
    .readFileSync(path.join(dir, 'contracts.receipt.csv'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => l.split(','));

describe('runImport', () => {
  it('sends calls of --chunk-size with a key each, journals them and writes the receipt', async () => {
    const api = fakeApi();
    expect(await runImport({ ...opts, file, chunkSize: 3 }, io(api.fetchImpl))).toBe(EXIT.done);
    expect(api.sent.map((s) => [s.url, s.items.length])).toEqual([
      ['http://api.test/v1/contracts/batch', 3],
      ['http://api.test/v1/contracts/batch', 3],
      ['http://api.test/v1/contracts/batch', 1],
    ]);
    expect(new Set(api.sent.map((s) => s.key)).size).toBe(3);
    const receipt = receiptOf();
    expect(receipt[0]).toEqual(['row', 'id', 'txId', 'blockNumber']);
    expect(receipt.slice(1).map(([row, id, tx, block]) => [row, id, tx, block])).toEqual(
      Array.from({ length: 7 }, (_, i) => [String(i + 1), `HT-u-${i + 1}`, `tx-HT-u-${Math.floor(i / 3) * 3 + 1}`, String(11 + Math.floor(i / 3))]),
    );
    expect(parseJournal(fs.readFileSync(journalOf(path.join(dir, 'contracts.receipt.csv')), 'utf8'))!.done.size).toBe(3);
  });

  it('a bad row: every bad row listed, nothing sent, no journal', async () => {
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    lines[2] = lines[2]!.replace('2026-12-31', '2023-12-31');
    lines[5] = lines[5]!.replace('MONTHLY', 'WEEKLY');
    fs.writeFileSync(file, lines.join('\n'));
    const api = fakeApi();
    expect(await runImport({ ...opts, file }, io(api.fetchImpl))).toBe(EXIT.refused);
    expect(api.sent).toEqual([]);
    expect(err.filter((l) => l.startsWith('row '))).toEqual([
      expect.stringMatching(/^row 2\ttermEnd\t/),
      expect.stringMatching(/^row 5\tbillingCycle\tmust be one of/),
    ]);
    expect(fs.existsSync(journalOf(path.join(dir, 'contracts.receipt.csv')))).toBe(false);
  });

  it('503 OVERLOADED with Retry-After: waits that long and sends the same call again with the same key', async () => {
    const api = fakeApi((n) => (n === 2 ? json(503, { error: { code: 'OVERLOADED', message: 'busy' } }, { 'retry-after': '4' }) : undefined));
    expect(await runImport({ ...opts, file, chunkSize: 5 }, io(api.fetchImpl))).toBe(EXIT.done);
    expect(sleeps).toEqual([4000]);
    expect(api.sent.map((s) => s.items.length)).toEqual([5, 2, 2]);
    expect(api.sent[2]!.key).toBe(api.sent[1]!.key);
  });

  it('stopped by a final refusal part way, then run again: only the unanswered calls are sent, with their first keys', async () => {
    const first = fakeApi((n) => (n === 2 ? json(403, { error: { code: 'FORBIDDEN', message: 'no' } }) : undefined));
    expect(await runImport({ ...opts, file, chunkSize: 3 }, io(first.fetchImpl))).toBe(EXIT.failed);
    expect(err.join('\n')).toContain('the import stopped on the call from row 4: 403 FORBIDDEN: no');
    expect(err.join('\n')).toContain('refused the same way until its cause is fixed');
    expect(err.join('\n')).toContain('3 of 7 rows are on the ledger');
    expect(fs.existsSync(path.join(dir, 'contracts.receipt.csv'))).toBe(false);
    // A crash while appending left a torn line.
    fs.appendFileSync(journalOf(path.join(dir, 'contracts.receipt.csv')), '{"chunk":1,"fir');

    const again = fakeApi();
    expect(await runImport({ ...opts, file }, io(again.fetchImpl))).toBe(EXIT.done);
    const scope = { apiKey: opts.apiKey, kind: 'contracts', fileSha256: fileSha256(fs.readFileSync(file)), chunkSize: 3 };
    expect(first.sent.map((s) => s.key)).toEqual([chunkKey(scope, 0), chunkKey(scope, 1)]);
    expect(again.sent.map((s) => s.key)).toEqual([chunkKey(scope, 1), chunkKey(scope, 2)]);
    expect(again.sent.map((s) => s.items[0]!.contractId)).toEqual(['HT-u-4', 'HT-u-7']);
    expect(
      receiptOf()
        .slice(1)
        .map((l) => l[2]),
    ).toEqual(['tx-HT-u-1', 'tx-HT-u-1', 'tx-HT-u-1', 'tx-HT-u-4', 'tx-HT-u-4', 'tx-HT-u-4', 'tx-HT-u-7']);
  });

  it('a resume with another --chunk-size, or of a changed file, is refused and sends nothing', async () => {
    const items = [{ index: 1, field: 'unitId', message: 'refused by the API' }];
    const first = fakeApi((n) => (n === 2 ? json(400, { error: { code: 'INVALID_ARGUMENT', message: 'x', details: { items } } }) : undefined));
    expect(await runImport({ ...opts, file, chunkSize: 3 }, io(first.fetchImpl))).toBe(EXIT.failed);
    expect(err).toContain('row 5\tunitId\trefused by the API');
    const again = fakeApi();
    expect(await runImport({ ...opts, file, chunkSize: 4 }, io(again.fetchImpl))).toBe(EXIT.refused);
    expect(err.join('\n')).toContain('begun with --chunk-size 3');
    fs.appendFileSync(file, `${sampleRow('u', 8, 1)}\n`);
    expect(await runImport({ ...opts, file }, io(again.fetchImpl))).toBe(EXIT.refused);
    expect(err.join('\n')).toContain('journal of another import (fileSha256');
    expect(again.sent).toEqual([]);
  });

  it('stopped (Ctrl-C): no further call is sent, and the run says how to resume', async () => {
    const stop = new AbortController();
    const api = fakeApi((n) => (n === 1 ? (stop.abort(), undefined) : undefined));
    expect(await runImport({ ...opts, file, chunkSize: 3, stop: stop.signal }, io(api.fetchImpl))).toBe(EXIT.interrupted);
    expect(api.sent).toHaveLength(1);
    expect(err.join('\n')).toContain('run the same command again');
  });
});

describe('billing events', () => {
  const billFile = () => {
    const f = path.join(dir, 'bills.csv');
    fs.writeFileSync(f, `${BILL_HEADER}\n${Array.from({ length: 7 }, (_, i) => sampleBillRow('u', i + 1, '2024-05')).join('\n')}\n`);
    return f;
  };
  const projectOf = (contractId: string) => `P-${Number(contractId.split('-').pop()) % 2}`;

  /** Arrears batches answer each transaction's projects; evaluations answer `evaluation(project)` (default: 201, P-1 at risk). */
  function billingApi(evaluation?: (projectId: string, n: number) => Response | undefined) {
    const batches: { url: string; key: string | undefined }[] = [];
    const evaluations: { projectId: string; key: string | undefined }[] = [];
    const fetchImpl = (async (url: string, init: RequestInit) => {
      const key = (init.headers as Record<string, string>)['idempotency-key'];
      if (url.endsWith('/v1/me')) return json(200, ME);
      const risk = /\/v1\/projects\/([^/]+)\/risk-evaluations$/.exec(url);
      if (risk) {
        const projectId = decodeURIComponent(risk[1]!);
        evaluations.push({ projectId, key });
        const atRisk = projectId === 'P-1';
        return evaluation?.(projectId, evaluations.length) ?? json(201, { projectId, atRisk, warning: atRisk ? { txId: 'w' } : null, txId: `r-${projectId}` });
      }
      batches.push({ url, key });
      const items = (JSON.parse(String(init.body)) as { items: { eventId: string; contractId: string }[] }).items;
      const txId = `tx-${items[0]!.eventId}`;
      const projectIds = [...new Set(items.map((i) => projectOf(i.contractId)))].sort();
      return json(201, {
        count: items.length,
        transactions: [{ txId, blockNumber: '7', count: items.length, projectIds }],
        evaluations: [],
        txId,
        blockNumber: '7',
      });
    }) as unknown as typeof fetch;
    return { batches, evaluations, fetchImpl };
  }

  it("defers each call's evaluation, then evaluates every project the calls touched once, each with its own key", async () => {
    const f = billFile();
    const api = billingApi();
    expect(await runImport({ ...opts, file: f, chunkSize: 3 }, io(api.fetchImpl))).toBe(EXIT.done);
    expect(api.batches.map((b) => b.url)).toEqual(Array(3).fill('http://api.test/v1/arrears-events/batch?riskEvaluation=deferred'));
    expect(api.evaluations.map((e) => e.projectId).sort()).toEqual(['P-0', 'P-1']);
    const scope = { apiKey: opts.apiKey, kind: 'arrears', fileSha256: fileSha256(fs.readFileSync(f)), chunkSize: 3 };
    for (const e of api.evaluations) expect(e.key).toBe(riskKey(scope, e.projectId));
    expect(new Set([...api.evaluations.map((e) => e.key), ...api.batches.map((b) => b.key)]).size).toBe(5);
    expect(out).toContainEqual(
      expect.stringMatching(/^risk evaluated once for each of 2 projects in [\d.]+ s; 1 at or above their threshold: P-1; 1 new warnings$/),
    );
    const journal = parseJournal(fs.readFileSync(journalOf(path.join(dir, 'bills.receipt.csv')), 'utf8'))!;
    expect([...journal.done.values()].map((e) => e.projectIds)).toEqual([['P-0', 'P-1'], ['P-0', 'P-1'], ['P-1']]);
  });

  it('a busy evaluation is asked again after Retry-After; a refused one stops the run, and running again evaluates without sending a call', async () => {
    const f = billFile();
    const busy = billingApi((p, n) => (n === 1 ? json(503, { error: { code: 'OVERLOADED', message: 'busy' } }, { 'retry-after': '3' }) : undefined));
    expect(await runImport({ ...opts, file: f, chunkSize: 5 }, io(busy.fetchImpl))).toBe(EXIT.done);
    expect(sleeps).toEqual([3000]);
    // P-0 twice (busy, then answered), P-1 once; a project keeps its key.
    expect(busy.evaluations.map((e) => e.projectId).sort()).toEqual(['P-0', 'P-0', 'P-1']);
    const keyOf = new Map(busy.evaluations.map((e) => [e.projectId, e.key]));
    for (const e of busy.evaluations) expect(e.key).toBe(keyOf.get(e.projectId));

    fs.rmSync(path.join(dir, 'bills.receipt.csv'));
    fs.rmSync(journalOf(path.join(dir, 'bills.receipt.csv')));
    out.length = err.length = 0;
    const refused = billingApi((p) => (p === 'P-0' ? json(403, { error: { code: 'FORBIDDEN', message: 'not yours' } }) : undefined));
    expect(await runImport({ ...opts, file: f, chunkSize: 5 }, io(refused.fetchImpl))).toBe(EXIT.failed);
    expect(err.join('\n')).toMatch(/the risk evaluation stopped on project P-0: 403 FORBIDDEN: not yours/);
    expect(err.join('\n')).toContain('run the same command again to evaluate the rest');

    const again = billingApi();
    expect(await runImport({ ...opts, file: f, chunkSize: 5 }, io(again.fetchImpl))).toBe(EXIT.done);
    expect(again.batches).toEqual([]);
    expect(again.evaluations.map((e) => e.projectId).sort()).toEqual(['P-0', 'P-1']);
    for (const e of again.evaluations) expect(e.key).toBe(keyOf.get(e.projectId));
  });
});
