// `npm run import -- FILE`: a CSV or XLSX file of contracts (or billing events)
// onto the ledger through the API's batch routes.
//
// 1. Every row is checked with the chaincode's own validators (uploads/rows.ts,
//    as the upload page does); any bad row is listed with its row number, field
//    and reason, and nothing is sent.
// 2. The rows go in calls of `chunkSize` (500: one ledger transaction each),
//    each with an Idempotency-Key derived from the file's SHA-256 and the call's
//    index (key.ts). Each 201 is appended to the journal next to the receipt.
//    Busy answers (429, 503) wait for Retry-After and are sent again (retry.ts).
// 3. Running the same command again after an interruption reads the journal
//    and sends only the calls it does not hold, with the same keys: a call that
//    committed without its answer reaching the journal is answered by the API
//    from the ledger, with its first transaction, and nothing is written twice.
// 4. The receipt (CSV: row, id, txId, blockNumber) is written when every call
//    has its answer.
// 5. Billing events: the calls defer the risk evaluation, and once every call
//    has its answer each project they touched is evaluated once (risk.ts).
import fs from 'node:fs';
import path from 'node:path';
import { checkRows, missingColumns, type BadRow, type UploadKind } from '../uploads/rows';
import { answeredIds, answeredProjects, ITEMS_PER_CALL, planBatches, receiptCsv, type Batch, type Chunk } from '../uploads/upload-plan';
import { CallFailed, ImportApi, type Answer, type Me } from './http';
import { headerDifferences, JOURNAL_FORMAT, journalLine, parseJournal, type ChunkDone, type Journal, type JournalHeader } from './journal';
import { chunkKey, fileSha256, riskKey } from './key';
import { formatDuration, progress as barOnStderr, type Progress } from './progress';
import { receiptFromJournal } from './receipt';
import { retryDelayMs, untilAnswered } from './retry';
import { evaluateProjects, type RiskOutcome } from './risk';
import { ID_FIELDS, isUploadKind, kindOfHeader, readSource, ROUTES } from './source';

/** The largest call the batch routes take (api/schemas/records.ts MAX_BATCH). */
export const MAX_CHUNK_SIZE = 2500;

export const EXIT = { done: 0, failed: 1, refused: 2, interrupted: 130 } as const;

/** With NODE_ENV=test only, cli.ts exits right after call N's 201 arrived, before it is journaled: a crash between commit and journal. */
export const CRASH_BEFORE_JOURNAL_ENV = 'NOTARY_IMPORT_TEST_CRASH_BEFORE_JOURNAL';
export const CRASH_EXIT_CODE = 87;
/** The line that crash writes to stderr, naming the call and its transaction. */
export const CRASH_LINE = /exiting after call (\d+)'s answer \(transaction ([0-9a-f]{64})\), before the journal/;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export interface ImportOptions {
  file: string;
  kind?: string;
  chunkSize?: number;
  /** Where the receipt goes; the journal is `<receipt>.journal`. Default: `<file without extension>.receipt.csv`. */
  receipt?: string;
  apiUrl: string;
  apiKey: string;
  /** Calls in flight at once (1: one after the other). */
  concurrency?: number;
  /** Aborted: send no further call (those in flight finish and are journaled). */
  stop?: AbortSignal;
  /** Runs when a call's 201 arrived, before it is journaled (the test-only crash hook, cli.ts). */
  answered?: (call: number, entry: ChunkDone) => void;
}

export interface ImportIo {
  out: (line: string) => void;
  err: (line: string) => void;
  progress?: (total: number, doneAtStart: number) => Progress;
  sleep?: (ms: number) => Promise<void>;
  fetch?: typeof fetch;
}

class Refused extends Error {}

/** The pause between resends when the caller gives none (tests give a fake clock). */
const pause = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export const defaultReceipt = (file: string): string => path.join(path.dirname(file), `${path.basename(file).replace(/\.(csv|xlsx)$/i, '')}.receipt.csv`);
export const journalOf = (receipt: string): string => `${receipt}.journal`;

/** A bad row as one line: `row 3  termEnd  must be after termStart`. */
export function badRowLine(b: BadRow): string {
  // The validator's reason starts with its own name of the field (`feeTerms.billingCycle: …`); the column is named already.
  const reason = b.field ? b.reason.replace(/^[\w.]+: /, '') : b.reason;
  return `row ${b.row}\t${b.field || '(row)'}\t${reason}`;
}

function chooseKind(option: string | undefined, header: readonly string[]): UploadKind {
  if (option !== undefined) {
    if (!isUploadKind(option)) throw new Refused(`--kind is contracts or arrears, not ${option}`);
    return option;
  }
  const kind = kindOfHeader(header);
  if (!kind) throw new Refused(`the header names neither contracts (projectId) nor billing events (eventId): ${header.join(', ')}; or give --kind`);
  return kind;
}

function chooseChunkSize(option: number | undefined, journal: Journal | undefined): number {
  const size = option ?? journal?.header.chunkSize ?? ITEMS_PER_CALL;
  if (!Number.isInteger(size) || size < 1 || size > MAX_CHUNK_SIZE) throw new Refused(`--chunk-size is 1 to ${MAX_CHUNK_SIZE}, not ${size}`);
  if (journal && journal.header.chunkSize !== size) {
    throw new Refused(`this file's import was begun with --chunk-size ${journal.header.chunkSize}; finish it with that size (or without --chunk-size)`);
  }
  return size;
}

function readJournal(file: string): Journal | undefined {
  if (!fs.existsSync(file)) return undefined;
  try {
    return parseJournal(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Refused(`${file}: ${(e as Error).message}; move it away to start this import afresh`);
  }
}

/** Appends one line and flushes it to the disk before the next call is counted as done. */
function append(file: string, line: string): void {
  const fd = fs.openSync(file, 'a');
  try {
    fs.writeSync(fd, line);
    fs.fdatasyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Opens the journal for this import: resumes a matching one (its torn tail cut off), or starts one. */
function openJournal(file: string, found: Journal | undefined, header: JournalHeader): Map<number, ChunkDone> {
  if (!found) {
    fs.writeFileSync(file, journalLine(header), { flag: 'w' });
    return new Map();
  }
  const differences = headerDifferences(found.header, header);
  if (differences.length > 0)
    throw new Refused(`${file} is the journal of another import (${differences.join('; ')}); choose another --receipt or move it away`);
  if (found.dropped) fs.truncateSync(file, found.keepBytes);
  return found.done;
}

/** Sends one call until it is answered 201, pausing as retry.ts says; the last failure otherwise. */
function sendCall(api: ImportApi, route: string, batch: Batch<unknown>, io: ImportIo, note: (s: string) => void): Promise<Answer> {
  const rows = `rows ${batch.firstRow}–${batch.firstRow + batch.items.length - 1}`;
  return untilAnswered(
    () => api.postBatch(route, batch.items, batch.idempotencyKey),
    (e, wait) => note(`${rows}: ${e.message}; sending again in ${formatDuration(wait / 1000)}`),
    io.sleep ?? pause,
  );
}

/** The journal entry of a 201: its transactions must cover the call's rows. */
function entryOf(index: number, batch: Batch<unknown>, answer: Answer, rowIds: readonly string[]): ChunkDone {
  const transactions: Chunk[] = (Array.isArray(answer.body?.transactions) ? answer.body.transactions : []).map((t: Chunk) => ({
    txId: String(t.txId),
    blockNumber: String(t.blockNumber),
    count: Number(t.count),
  }));
  const covered = transactions.reduce((n, t) => n + t.count, 0);
  if (covered !== batch.items.length)
    throw new Error(`the API's answer to rows ${batch.firstRow}… covers ${covered} items, the call had ${batch.items.length}`);
  const ids = answeredIds(answer.body, rowIds);
  const differ = ids.some((id, i) => id !== rowIds[i]);
  const projectIds = answeredProjects(answer.body);
  return {
    chunk: index,
    firstRow: batch.firstRow,
    count: batch.items.length,
    transactions,
    ...(differ ? { ids } : {}),
    ...(projectIds.length > 0 ? { projectIds } : {}),
  };
}

interface Run {
  api: ImportApi;
  route: string;
  plan: Batch<unknown>[];
  rowIds: string[];
  journalFile: string;
  done: Map<number, ChunkDone>;
  io: ImportIo;
  bar: Progress;
  stop?: AbortSignal;
  answered?: (call: number, entry: ChunkDone) => void;
  /** Calls answered 201 in this run, and of them those the API answered from the ledger (an earlier run's commit). */
  sent: number;
  replayed: number;
}

const rowsDone = (done: ReadonlyMap<number, ChunkDone>) => [...done.values()].reduce((n, e) => n + e.count, 0);

/** The failure that stopped the run, and the first row of the call it stopped on. */
interface Stopped {
  error?: unknown;
  firstRow?: number;
}

/** One worker: takes the next call not yet answered until none is left, the run is stopped or a call fails. */
async function worker(run: Run, queue: number[], failed: Stopped): Promise<void> {
  for (let index = queue.shift(); index !== undefined; index = queue.shift()) {
    if (run.stop?.aborted || failed.error) return;
    const batch = run.plan[index]!;
    const ids = run.rowIds.slice(batch.firstRow - 1, batch.firstRow - 1 + batch.items.length);
    try {
      const answer = await sendCall(run.api, run.route, batch, run.io, (s) => run.bar.update(rowsDone(run.done), s));
      const entry = entryOf(index, batch, answer, ids);
      run.answered?.(index + 1, entry);
      append(run.journalFile, journalLine(entry));
      run.done.set(index, entry);
      run.sent++;
      if (answer.replayed) run.replayed++;
      const tx = entry.transactions[entry.transactions.length - 1]!;
      const how = answer.replayed ? 'committed earlier, answered with its first transaction' : `block ${tx.blockNumber}`;
      run.bar.update(rowsDone(run.done), `call ${index + 1}/${run.plan.length}: ${how}`);
    } catch (e) {
      failed.error = e;
      failed.firstRow = batch.firstRow;
      return;
    }
  }
}

/** What stopped the run; a refusal's bad items as rows of the file; and whether running again can get past it. */
function describeFailure({ error: e, firstRow = 1 }: Stopped): string[] {
  if (!(e instanceof CallFailed)) return [`the import stopped: ${(e as Error).message}`];
  const lines = [`the import stopped on the call from row ${firstRow}: ${e.message}`];
  const items = (e.details as { items?: { index: number; field: string; message: string }[] } | undefined)?.items;
  if (Array.isArray(items)) lines.push(...items.map((i) => `row ${firstRow + i.index}\t${i.field}\t${i.message}`));
  if (retryDelayMs(e.failure, 1) === undefined)
    lines.push('the API refused that call: running again sends it again, and it will be refused the same way until its cause is fixed');
  return lines;
}

async function upload(run: Run, concurrency: number): Promise<Stopped> {
  const queue = run.plan.map((_, i) => i).filter((i) => !run.done.has(i));
  const failed: Stopped = {};
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, () => worker(run, queue, failed)));
  return failed;
}

function writeReceipt(file: string, header: JournalHeader, run: Run): number {
  const lines = receiptFromJournal(header, run.done, run.rowIds);
  fs.writeFileSync(`${file}.tmp`, receiptCsv(lines));
  fs.renameSync(`${file}.tmp`, file);
  return lines.length;
}

interface Checked {
  kind: UploadKind;
  items: Record<string, unknown>[];
  sha256: string;
}

/** Reads and checks the whole file; lists every bad row and refuses when there is any. */
async function checkFile(opts: ImportOptions, io: ImportIo): Promise<Checked> {
  const source = await readSource(opts.file);
  const kind = chooseKind(opts.kind, source.header);
  const missing = missingColumns(kind, source.header);
  if (missing.length > 0) throw new Refused(`${opts.file}: the header lacks ${missing.join(', ')} (${kind})`);
  if (source.rows.length === 0) throw new Refused(`${opts.file}: no rows under the header`);
  const checked = checkRows<Record<string, unknown>>(kind, source.rows);
  if (checked.bad.length > 0) {
    io.err(`${checked.bad.length} of ${source.rows.length} rows of ${opts.file} are bad (row 1 is the first under the header); nothing was sent:`);
    for (const b of checked.bad) io.err(badRowLine(b));
    throw new Refused(`${checked.bad.length} bad rows`);
  }
  io.err(`${source.rows.length} ${kind} rows of ${opts.file} checked: all good`);
  return { kind, items: checked.items, sha256: fileSha256(source.bytes) };
}

/** Who the key belongs to; a refusal (401 among them: retry.ts sends no refusal again) stops the run. */
async function whoAmI(api: ImportApi, io: ImportIo): Promise<Me> {
  try {
    return await untilAnswered(
      () => api.me(),
      (e, wait) => io.err(`GET /v1/me: ${e.message}; asking again in ${formatDuration(wait / 1000)}`),
      io.sleep ?? pause,
    );
  } catch (e) {
    if (e instanceof CallFailed) throw new Refused(`GET /v1/me: ${e.message}`);
    throw e;
  }
}

/** The whole import; resolves to the process's exit code. */
export async function runImport(opts: ImportOptions, io: ImportIo): Promise<ExitCode> {
  try {
    return await importFile(opts, io);
  } catch (e) {
    if (!(e instanceof Refused)) throw e;
    io.err(e.message);
    return EXIT.refused;
  }
}

async function importFile(opts: ImportOptions, io: ImportIo): Promise<ExitCode> {
  const started = Date.now();
  const checked = await checkFile(opts, io);
  const receiptFile = opts.receipt ?? defaultReceipt(opts.file);
  const journalFile = journalOf(receiptFile);
  const found = readJournal(journalFile);
  const chunkSize = chooseChunkSize(opts.chunkSize, found);
  const api = new ImportApi(opts.apiUrl, opts.apiKey, io.fetch);
  const me = await whoAmI(api, io);
  const header: JournalHeader = {
    journal: JOURNAL_FORMAT,
    kind: checked.kind,
    fileSha256: checked.sha256,
    chunkSize,
    rows: checked.items.length,
    chunks: Math.ceil(checked.items.length / chunkSize),
    clientId: me.clientId,
    mspId: me.mspId,
  };
  const done = openJournal(journalFile, found, header);
  const scope = { apiKey: opts.apiKey, kind: checked.kind, fileSha256: checked.sha256, chunkSize };
  const plan = planBatches<unknown>(checked.items, (i) => chunkKey(scope, i), chunkSize);
  const rowIds = checked.items.map((i) => String(i[ID_FIELDS[checked.kind]]));
  const doneAtStart = rowsDone(done);
  if (done.size > 0) io.err(`resuming: ${done.size} of ${plan.length} calls (${doneAtStart} rows) were answered earlier (${journalFile})`);
  io.err(`sending ${header.rows - doneAtStart} rows as ${me.clientId} (${me.mspId}) to ${opts.apiUrl}, ${chunkSize} per call`);
  const bar = (io.progress ?? barOnStderr)(header.rows, doneAtStart);
  const run: Run = {
    api,
    // Billing: one risk evaluation per project once every call is answered, not one per project and call (risk.ts).
    route: checked.kind === 'arrears' ? `${ROUTES.arrears}?riskEvaluation=deferred` : ROUTES[checked.kind],
    plan,
    rowIds,
    journalFile,
    done,
    io,
    bar,
    stop: opts.stop,
    answered: opts.answered,
    sent: 0,
    replayed: 0,
  };
  const stopped = await upload(run, opts.concurrency ?? 1);
  bar.stop();
  const complete = run.done.size === header.chunks;
  const risk = complete && checked.kind === 'arrears' ? await evaluateRisk(run, (p) => riskKey(scope, p)) : undefined;
  return finish(run, header, { stopped, started, doneAtStart, receiptFile, risk });
}

/** Every project the calls touched, evaluated once. */
function evaluateRisk(run: Run, keyOf: (projectId: string) => string): Promise<RiskOutcome> {
  const projects = [...new Set([...run.done.values()].flatMap((e) => e.projectIds ?? []))].sort();
  return evaluateProjects(run.api, projects, keyOf, { err: run.io.err, sleep: run.io.sleep ?? pause });
}

/** The evaluation's summary; false when it stopped on a failure (running the command again finishes it). */
function reportRisk(run: Run, risk: RiskOutcome): boolean {
  if (risk.failed) {
    const cause = risk.failed.error instanceof Error ? risk.failed.error.message : String(risk.failed.error);
    run.io.err(`the risk evaluation stopped on project ${risk.failed.projectId}: ${cause}`);
    run.io.err(`${risk.evaluated} projects were evaluated; run the same command again to evaluate the rest (evaluated ones are answered as they were)`);
    return false;
  }
  const atRisk = risk.atRisk.length > 0 ? `: ${risk.atRisk.slice(0, 10).join(', ')}${risk.atRisk.length > 10 ? ', …' : ''}` : '';
  run.io.out(
    `risk evaluated once for each of ${risk.evaluated} projects in ${risk.seconds.toFixed(1)} s; ` +
      `${risk.atRisk.length} at or above their threshold${atRisk}; ${risk.warnings} new warnings`,
  );
  return true;
}

interface Finish {
  stopped: Stopped;
  started: number;
  doneAtStart: number;
  receiptFile: string;
  risk?: RiskOutcome;
}

function finish(run: Run, header: JournalHeader, r: Finish): ExitCode {
  const onLedger = rowsDone(run.done);
  if (run.done.size < header.chunks) {
    if (r.stopped.error) for (const line of describeFailure(r.stopped)) run.io.err(line);
    run.io.err(
      `${onLedger} of ${header.rows} rows are on the ledger (${run.done.size} of ${header.chunks} calls, in ${run.journalFile}); ` +
        'run the same command again to send the rest: nothing is written twice',
    );
    return r.stopped.error ? EXIT.failed : EXIT.interrupted;
  }
  const lines = writeReceipt(r.receiptFile, header, run);
  const seconds = (Date.now() - r.started) / 1000;
  const sent = onLedger - r.doneAtStart;
  const replayed = run.replayed > 0 ? `, ${run.replayed} of them committed earlier and answered with their first transaction` : '';
  run.io.out(
    sent === 0
      ? `${header.rows} ${header.kind} rows on the ledger; every call was answered by an earlier run, nothing sent`
      : `${header.rows} ${header.kind} rows on the ledger; this run sent ${sent} rows in ${run.sent} calls${replayed}; ` +
          `${seconds.toFixed(1)} s, ${(sent / seconds).toFixed(0)} rows/s`,
  );
  run.io.out(`receipt: ${r.receiptFile} (${lines} rows)`);
  if (r.risk && !reportRisk(run, r.risk)) return EXIT.failed;
  return EXIT.done;
}
