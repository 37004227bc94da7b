// `npm run import` (importer/cli.ts, a child process) against an API listening
// on a real port and the real network: a generated file of 3,000 contracts ends
// on the ledger with a complete receipt; a file with bad rows lists each and
// writes nothing; an import interrupted twice (a crash between a call's 201 and
// its journal line, then a kill while calls are in flight) and run again ends
// with every contract written once, the first calls' transactions unchanged,
// and the call that committed unjournaled answered with its first transaction.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { CRASH_BEFORE_JOURNAL_ENV, CRASH_EXIT_CODE, CRASH_LINE, journalOf } from '../../importer/import';
import { parseJournal } from '../../importer/journal';
import { issueTestKeys, startApi, type IssuedKeys, type TestApi } from './support/api';
import { COMPANY_1, uniqueId } from './support/fixtures';
import { allPages } from './support/replies';

const REPO_ROOT = path.join(__dirname, '..', '..');
const COMPANY = 'housingbureau-company1';

let keys: IssuedKeys;
let api: TestApi;
let url: string;
let dir: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  keys = issueTestKeys();
  api = await startApi(keys);
  url = await api.app.listen({ host: '127.0.0.1', port: 0 });
  dir = fs.mkdtempSync(path.join(keys.dir, 'import-'));
});

afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  if (api) await api.close();
  if (keys) fs.rmSync(keys.dir, { recursive: true, force: true });
});

interface Run {
  child: ChildProcess;
  stderr: () => string;
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
}

/** `tsx importer/<script> args` as its own process, as `npm run import` runs it. */
function run(script: string, args: string[], env: Record<string, string> = {}): Run {
  const child = spawn(process.execPath, [require.resolve('tsx/cli'), path.join('importer', script), ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, API_URL: url, API_KEY: keys.key(COMPANY), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { child, stderr: () => stderr, done };
}

/** A sample file of `rows` contracts in projects P-<tag>-1.., written by `npm run import:sample`. */
async function sample(rows: number, tag: string, projects = 1): Promise<string> {
  const r = await run('sample.ts', [String(rows), '--tag', tag, '--projects', String(projects)]).done;
  expect(r.code).toBe(0);
  const file = path.join(dir, `${tag}.csv`);
  fs.writeFileSync(file, r.stdout);
  return file;
}

const contractsOf = (projectId: string) => allPages<{ contractId: string }>(api.as(COMPANY), `/v1/contracts?projectId=${projectId}`, 'contracts');

interface ReceiptLine {
  row: number;
  id: string;
  txId: string;
  blockNumber: string;
}

function receipt(file: string): ReceiptLine[] {
  const lines = fs.readFileSync(file, 'utf8').trim().split('\n');
  expect(lines[0]).toBe('row,id,txId,blockNumber');
  return lines.slice(1).map((l) => {
    const [row, id, txId, blockNumber] = l.split(',');
    return { row: Number(row), id: id!, txId: txId!, blockNumber: blockNumber! };
  });
}

/** Each transaction of the receipt is valid on the ledger, in the block the receipt names, and covers `perTx` rows (the last fewer). */
async function checkTransactions(lines: readonly ReceiptLine[], perTx: number): Promise<string[]> {
  const txIds = [...new Set(lines.map((l) => l.txId))];
  expect(txIds).toHaveLength(Math.ceil(lines.length / perTx));
  for (const [i, txId] of txIds.entries()) {
    const rows = lines.filter((l) => l.txId === txId);
    expect(rows.map((l) => l.row)).toEqual(Array.from({ length: rows.length }, (_, k) => i * perTx + k + 1));
    const tx = await api.as(COMPANY).get(`/v1/transactions/${txId}`);
    expect(tx.body).toMatchObject({ valid: true, blockNumber: rows[0]!.blockNumber });
  }
  return txIds;
}

/** The first and last contract of each transaction: one write, by the receipt's transaction. */
async function writtenOnce(lines: readonly ReceiptLine[]): Promise<void> {
  const byTx = new Map<string, ReceiptLine[]>();
  for (const l of lines) byTx.set(l.txId, [...(byTx.get(l.txId) ?? []), l]);
  for (const rows of byTx.values()) {
    for (const l of [rows[0]!, rows[rows.length - 1]!]) {
      const h = await api.as(COMPANY).get(`/v1/contracts/${l.id}/history`);
      expect(h.status).toBe(200);
      expect(h.body.writes.map((w: { txId: string }) => w.txId)).toEqual([l.txId]);
    }
  }
}

it('imports a generated 3,000-row CSV: every contract on the ledger, the receipt names each row, its ID and transaction', async () => {
  const tag = uniqueId('it').replace(/-/g, '');
  const file = await sample(3000, tag, 2);
  const r = await run('cli.ts', [file]).done;
  expect(r.stderr).toContain('3000 contracts rows');
  expect([r.code, r.stdout]).toEqual([0, expect.stringContaining('3000 contracts rows on the ledger; this run sent 3000 rows in 6 calls')]);

  const lines = receipt(path.join(dir, `${tag}.receipt.csv`));
  // The file names short IDs; the receipt names each as the ledger does, in the company's namespace.
  expect(lines.map((l) => [l.row, l.id])).toEqual(Array.from({ length: 3000 }, (_, i) => [i + 1, `${COMPANY_1}:HT-${tag}-${i + 1}`]));
  await checkTransactions(lines, 500);
  const onLedger = [...(await contractsOf(`P-${tag}-1`)), ...(await contractsOf(`P-${tag}-2`))].map((c) => c.contractId);
  expect(onLedger).toHaveLength(3000);
  expect(new Set(onLedger)).toEqual(new Set(lines.map((l) => l.id)));
  await writtenOnce(lines);
});

it("a month's bills of those contracts: every event on the ledger, each project's risk evaluated once after the last call", async () => {
  const tag = uniqueId('bill').replace(/-/g, '');
  const contracts = await sample(1500, tag, 2);
  expect((await run('cli.ts', [contracts]).done).code).toBe(0);
  const made = await run('sample.ts', ['1500', '--tag', tag, '--bill', '2024-05']).done;
  expect(made.code).toBe(0);
  const bills = path.join(dir, `${tag}-bills.csv`);
  fs.writeFileSync(bills, made.stdout);
  const calls = (fn: string) => api.submitted('Arrears', fn);
  const before = { batches: await calls('RecordBatch'), evaluations: await calls('EvaluateRisk') };

  const r = await run('cli.ts', [bills, '--chunk-size', '500']).done;
  const projects = [1, 2].map((k) => `${COMPANY_1}:P-${tag}-${k}`);
  expect([r.code, r.stdout]).toEqual([0, expect.stringContaining('1500 arrears rows on the ledger; this run sent 1500 rows in 3 calls')]);
  expect(r.stdout).toMatch(/risk evaluated once for each of 2 projects in [\d.]+ s; 0 at or above their threshold; 0 new warnings/);
  // Three calls, each touching both projects, and two evaluations: not six.
  expect({ batches: (await calls('RecordBatch')) - before.batches, evaluations: (await calls('EvaluateRisk')) - before.evaluations }).toEqual({
    batches: 3,
    evaluations: 2,
  });
  const journal = parseJournal(fs.readFileSync(journalOf(path.join(dir, `${tag}-bills.receipt.csv`)), 'utf8'))!;
  expect([...journal.done.values()].map((e) => e.projectIds)).toEqual([projects, projects, projects]);
  expect(receipt(path.join(dir, `${tag}-bills.receipt.csv`))).toHaveLength(1500);
  // The evaluations saw every bill: each project's 750 active contracts, all billed for a month long past due.
  for (const projectId of projects) {
    const ratio = (await api.as('housingbureau-regulator1').get(`/v1/projects/${encodeURIComponent(projectId)}/arrears-ratio`)).body;
    expect(ratio).toMatchObject({ activeContracts: 750, ratio: { numerator: 750, denominator: 750 } });
  }
});

it('a file with bad rows: every bad row listed with its row number, field and reason; nothing written', async () => {
  const tag = uniqueId('bad').replace(/-/g, '');
  const file = await sample(40, tag);
  const rows = fs.readFileSync(file, 'utf8').split('\n');
  rows[3] = rows[3]!.replace('2024-01-01', '2024-02-30'); // row 3
  rows[10] = rows[10]!.replace('MONTHLY', 'WEEKLY'); // row 10
  rows[25] = rows[25]!.replace(/,[0-9a-f]{64},/, ',not-a-hash,'); // row 25
  rows.push(rows[7]!); // row 41 repeats row 7
  fs.writeFileSync(file, `${rows.filter((l) => l).join('\n')}\n`);

  const r = await run('cli.ts', [file]).done;
  expect(r.code).toBe(2);
  expect(r.stderr).toContain('4 of 41 rows');
  expect(r.stderr).toContain('nothing was sent');
  expect(r.stderr.split('\n').filter((l) => l.startsWith('row '))).toEqual([
    'row 3\ttermStart\tmust be a real calendar date YYYY-MM-DD',
    expect.stringMatching(/^row 10\tbillingCycle\tmust be one of MONTHLY/),
    expect.stringMatching(/^row 25\townerCommitment\t/),
    `row 41\tcontractId\tHT-${tag}-7 repeats row 7`,
  ]);
  expect(fs.existsSync(journalOf(path.join(dir, `${tag}.receipt.csv`)))).toBe(false);
  expect(await contractsOf(`P-${tag}-1`)).toEqual([]);
  expect((await api.as(COMPANY).get(`/v1/contracts/HT-${tag}-1`)).status).toBe(403);
});

it('interrupted twice, then run again: every contract once, the first calls keep their transactions, the unjournaled call answered as first sent', async () => {
  const tag = uniqueId('int').replace(/-/g, '');
  const file = await sample(3000, tag);
  const receiptFile = path.join(dir, `${tag}.receipt.csv`);
  const journalFile = journalOf(receiptFile);
  const journaled = () => parseJournal(fs.readFileSync(journalFile, 'utf8'))!.done;

  // 1. A crash right after call 3's 201, before its journal line: call 3 committed, the journal holds calls 1 and 2.
  const crashed = await run('cli.ts', [file], { NODE_ENV: 'test', [CRASH_BEFORE_JOURNAL_ENV]: '3' }).done;
  expect(crashed.code).toBe(CRASH_EXIT_CODE);
  const m = CRASH_LINE.exec(crashed.stderr);
  expect(m?.[1]).toBe('3');
  const unjournaledTx = m![2]!;
  const afterCrash = journaled();
  expect([...afterCrash.keys()].sort()).toEqual([0, 1]);
  // A torn line, as a crash while appending leaves it.
  fs.appendFileSync(journalFile, '{"chunk":2,"firstRow":1001,"count":5');

  // 2. Run again and kill it (SIGKILL, no chance to clean up) once two more calls are journaled.
  const second = run('cli.ts', [file]);
  for (let i = 0; i < 600 && journaled().size < 4; i++) await new Promise((r) => setTimeout(r, 100));
  second.child.kill('SIGKILL');
  const killed = await second.done;
  expect(killed.signal).toBe('SIGKILL');
  expect(killed.stderr).toContain('resuming: 2 of 6 calls (1000 rows) were answered earlier');
  expect(killed.stderr).toContain('call 3/6: committed earlier, answered with its first transaction');
  const afterKill = journaled();
  expect(afterKill.size).toBeGreaterThanOrEqual(4);
  expect(afterKill.get(2)!.transactions[0]!.txId).toBe(unjournaledTx);

  // 3. Run again to the end.
  const last = await run('cli.ts', [file]).done;
  expect(last.code).toBe(0);
  expect(last.stdout).toContain('3000 contracts rows on the ledger');
  const lines = receipt(receiptFile);
  // The file names short IDs; the receipt names each as the ledger does, in the company's namespace.
  expect(lines.map((l) => [l.row, l.id])).toEqual(Array.from({ length: 3000 }, (_, i) => [i + 1, `${COMPANY_1}:HT-${tag}-${i + 1}`]));
  const txIds = await checkTransactions(lines, 500);
  for (const [call, entry] of afterKill) expect(txIds[call]).toBe(entry.transactions[0]!.txId);
  for (const [call, entry] of afterCrash) expect(txIds[call]).toBe(entry.transactions[0]!.txId);
  expect(txIds[2]).toBe(unjournaledTx);

  const onLedger = (await contractsOf(`P-${tag}-1`)).map((c) => c.contractId);
  expect(onLedger).toHaveLength(3000);
  expect(new Set(onLedger).size).toBe(3000);
  await writtenOnce(lines);
});
