// Evidence package size and export time against channel height.
//
// Format 2 packages carry the configuration history and the blocks they need,
// not every header since genesis, so neither their size nor their export time
// should grow with the channel's height. This benchmark checks that:
//
//  1. fills the channel up to --start-height blocks (default 1,000) if it is
//     lower, with cheap transactions (see 3);
//  2. writes one dispute of 20 transactions (contract, amendment, 10 arrears
//     events, a threshold and the risk warning it raises, the dispute, a
//     lawyer letter with DELIVERED and VIEWED receipts, referral to mediation,
//     a mediated settlement), with fresh IDs each run (one letter only: the
//     stage machine refuses a second sendLetter after OPENED);
//  3. measures its package as CourtMSP judge1: bytes, export time (median of
//     --runs exports), verification time against the court's trust bundle
//     (median of --runs, one per exported package), blocks and config blocks;
//  4. fills the channel to at least --target-height blocks (default 20,000)
//     with Arrears:SetThreshold by regulator1@HousingBureauMSP on benchmark
//     projects, a steady --rate per second with at most --in-flight waiting,
//     so each block holds few transactions (the orderer cuts a block when its
//     250 ms BatchTimeout expires: at most 4 blocks/s, and about 19,000
//     blocks take 1.5 hours); progress every 1,000 blocks; bounded by
//     --max-fill-minutes, after which it measures at whatever height it reached;
//  5. measures the same dispute's package again, prints a table and writes
//     .fabric/bench/evidence-height-<time>.json (rewritten after each phase).
//
//   npm run bench:evidence-height -- [--target-height 20000] [--start-height 1000]
//     [--rate 24] [--in-flight 20] [--runs 3] [--max-fill-minutes 150]
//   npm run bench:evidence-height -- --dispute <id> [--runs 3]
//     measures an earlier run's dispute again at the current height, nothing else
//
// Fails at once, with a message, when the network does not answer.
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { EvidenceExporter } from '../evidence/export';
import type { EvidencePackage } from '../evidence/format';
import { parseTrustBundle, type TrustBundle } from '../evidence/trust/bundle';
import { verifyPackage } from '../evidence/verify';
import { Ledger } from '../gateway/ledger';
import { sleep } from '../fabric/sleep';

const ROOT = path.join(__dirname, '..');
const NETWORK_JSON = process.env.NETWORK_JSON ?? path.join(ROOT, '.fabric', 'network.json');
const TRUST_BUNDLE = process.env.TRUST_BUNDLE ?? path.join(ROOT, '.fabric', 'trust-bundle.json');
const OUT_DIR = path.join(ROOT, '.fabric', 'bench');

const { values } = parseArgs({
  options: {
    'target-height': { type: 'string', default: '20000' },
    'start-height': { type: 'string', default: '1000' },
    'in-flight': { type: 'string', default: '20' },
    rate: { type: 'string', default: '24' },
    runs: { type: 'string', default: '3' },
    'max-fill-minutes': { type: 'string', default: '150' },
    /** Only measure this (earlier) dispute's package again, at the current height: no writes, no fill. */
    dispute: { type: 'string' },
  },
});
const TARGET_HEIGHT = Number(values['target-height']);
const START_HEIGHT = Number(values['start-height']);
const IN_FLIGHT = Number(values['in-flight']);
const RATE = Number(values.rate);
const RUNS = Number(values.runs);
const MAX_FILL_MS = Number(values['max-fill-minutes']) * 60_000;
for (const [k, v] of Object.entries({ TARGET_HEIGHT, START_HEIGHT, IN_FLIGHT, RATE, RUNS, MAX_FILL_MS })) {
  if (!Number.isFinite(v) || v <= 0) throw new Error(`bad option ${k}: ${v}`);
}
/** Consecutive failed fill transactions after which the benchmark gives up. */
const MAX_CONSECUTIVE_FAILURES = 50;
/** The readiness probe: the network must answer within this. */
const PROBE_MS = 20_000;

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const newHash = () => sha256(randomBytes(32));
const uid = (prefix: string) => `${prefix}-${randomBytes(5).toString('hex')}`;
const now = () => new Date().toISOString();
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const started = Date.now();
const log = (msg: string) => console.log(`[${now()} +${((Date.now() - started) / 1000).toFixed(0)}s] ${msg}`);

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`${what}: no answer within ${ms / 1000} s; is the network up (npm run network:status)?`)), ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e) => {
        clearTimeout(t);
        reject(e);
      },
    );
  });
}

interface Measurement {
  label: string;
  heightBefore: number;
  heightAfter: number;
  exportsMs: number[];
  exportMedianMs: number;
  verifyMs: number[];
  verifyMedianMs: number;
  /** Compact JSON.stringify of each exported package. */
  packageBytes: number[];
  packageBytesMedian: number;
  /** The median package's bytes less its as-of block's entry, when that block holds none of the dispute's transactions. */
  packageBytesWithoutAsOf: number;
  gzipBytesMedian: number;
  asOfBlocks: string[];
  /** Raw bytes of each export's as-of block (the newest block when exported; it may be anyone's). */
  asOfBlockBytes: number[];
  blocks: number;
  blockNumbers: string[];
  configBlocks: number;
  configBlockNumbers: string[];
  transactions: number;
  statements: number;
  attestations: string[][];
  definitionBlock: string;
  validationInfoBlock: string | null;
  /** Of the median-sized package: bytes of its JSON parts. */
  breakdown: Record<string, number>;
}

async function height(ledger: Ledger): Promise<number> {
  return Number(await withTimeout(ledger.height('CourtMSP', 'judge1'), PROBE_MS, 'channel height'));
}

/** One dispute of about 20 events; returns its ID and the blocks it was written in. */
async function writeDispute(ledger: Ledger): Promise<{ disputeId: string; contractId: string; projectId: string; events: number; blocks: string[] }> {
  const blocks: string[] = [];
  const submit = async (mspId: string, who: string, contract: string, fn: string, body: unknown) => {
    const out = await ledger.submit<unknown>(mspId, who, { contract, fn, args: [typeof body === 'string' ? body : JSON.stringify(body)] });
    blocks.push(out.blockNumber);
    log(`  ${contract}:${fn} by ${who}@${mspId}: block ${out.blockNumber}`);
    return out;
  };
  const run = randomBytes(4).toString('hex');
  const contractId = `HT-HB-${run}`;
  const projectId = `P-HB-${run}`;
  const feeTerms = { monthlyFeeFen: 35_000, billingCycle: 'MONTHLY', dueDayOfMonth: 10 };
  await submit('HousingBureauMSP', 'company1', 'Contracts', 'Register', {
    contractId,
    projectId,
    unitId: uid('U'),
    ownerCommitment: newHash(),
    documentSha256: newHash(),
    feeTerms,
    termStart: '2024-01-01',
    termEnd: '2026-12-31',
  });
  await submit('HousingBureauMSP', 'company1', 'Contracts', 'Amend', {
    contractId,
    previousVersion: 1,
    documentSha256: newHash(),
    feeTerms: { ...feeTerms, monthlyFeeFen: 38_000 },
  });
  const billed = ['2024-01', '2024-02', '2024-03', '2024-04', '2024-05', '2024-06', '2024-07', '2024-08'];
  for (const period of billed) {
    await submit('HousingBureauMSP', 'company1', 'Arrears', 'Record', { eventId: uid('E'), contractId, type: 'billed', period, amountFen: 38_000 });
  }
  for (const period of ['2024-01', '2024-02']) {
    await submit('HousingBureauMSP', 'company1', 'Arrears', 'Record', { eventId: uid('E'), contractId, type: 'paid', period, amountFen: 38_000 });
  }
  await submit('HousingBureauMSP', 'regulator1', 'Arrears', 'SetThreshold', { projectId, thresholdBp: 3000 });
  await submit('HousingBureauMSP', 'regulator1', 'Arrears', 'EvaluateRisk', projectId);
  const disputeId = `D-HB-${run}`;
  await submit('HousingBureauMSP', 'company1', 'Disputes', 'Open', {
    disputeId,
    contractId,
    lawFirmMspId: 'LawFirmAMSP',
    claimedAmountFen: 228_000,
    periods: ['2024-03', '2024-04', '2024-05', '2024-06', '2024-07', '2024-08'],
  });
  // One letter: the stage machine allows sendLetter only from OPENED, so a second letter is refused (STAGE_CONFLICT).
  const letterId = uid('L');
  await submit('LawFirmAMSP', 'lawyer1', 'Letters', 'Send', {
    letterId,
    disputeId,
    contentSha256: newHash(),
    channel: 'SMS',
    recipientCommitment: newHash(),
    eventTime: now(),
  });
  for (const kind of ['DELIVERED', 'VIEWED'] as const) {
    await submit('LawFirmAMSP', 'lawyer1', 'Letters', 'Receipt', {
      receiptId: uid('R'),
      letterId,
      disputeId,
      kind,
      evidenceSha256: newHash(),
      eventTime: now(),
    });
  }
  await submit('CourtMSP', 'judge1', 'Disputes', 'Transition', { disputeId, action: 'referToMediation', documentHashes: [] });
  await submit('CourtMSP', 'mediator1', 'Disputes', 'Transition', {
    disputeId,
    action: 'recordMediation',
    to: 'MEDIATED_SETTLED',
    documentHashes: [newHash()],
  });
  return { disputeId, contractId, projectId, events: blocks.length, blocks };
}

function breakdownOf(pkg: EvidencePackage): Record<string, number> {
  const size = (v: unknown) => (v === undefined ? 0 : JSON.stringify(v).length);
  return {
    records: size(pkg.records),
    statements: size(pkg.statements),
    blocks: size(pkg.blocks),
    configBlocks: size(pkg.configBlocks),
    attestations: size(pkg.attestations),
    definitionBlocks: size(pkg.definitionBlock) + size(pkg.validationInfoBlock),
  };
}

async function measure(ledger: Ledger, trust: TrustBundle, disputeId: string, label: string): Promise<Measurement> {
  const heightBefore = await height(ledger);
  log(`measuring ${label} at height ${heightBefore}: ${RUNS} exports and verifications`);
  const exportsMs: number[] = [];
  const verifyMs: number[] = [];
  const pkgs: { pkg: EvidencePackage; bytes: number; gzip: number }[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    const pkg = await new EvidenceExporter(ledger).exportDispute('CourtMSP', 'judge1', disputeId);
    exportsMs.push(performance.now() - t);
    const json = JSON.stringify(pkg);
    pkgs.push({ pkg, bytes: Buffer.byteLength(json), gzip: gzipSync(json).length });
  }
  for (const { pkg } of pkgs) {
    const t = performance.now();
    const r = verifyPackage(pkg, { trust });
    verifyMs.push(performance.now() - t);
    if (!r.ok) throw new Error(`${label}: package as of block ${pkg.asOf.blockNumber} does not verify: ${r.firstFailure?.id} ${r.firstFailure?.detail}`);
  }
  const heightAfter = await height(ledger);
  const bySize = [...pkgs].sort((a, b) => a.bytes - b.bytes);
  const mid = bySize[Math.floor(bySize.length / 2)]!;
  const asOfBlockBytes = pkgs.map(({ pkg }) => Buffer.from(pkg.blocks.find((b) => b.number === pkg.asOf.blockNumber)!.raw, 'base64').length);
  const m: Measurement = {
    label,
    heightBefore,
    heightAfter,
    exportsMs,
    exportMedianMs: median(exportsMs),
    verifyMs,
    verifyMedianMs: median(verifyMs),
    packageBytes: pkgs.map((p) => p.bytes),
    packageBytesMedian: mid.bytes,
    packageBytesWithoutAsOf: mid.pkg.transactions.some((t) => t.blockNumber === mid.pkg.asOf.blockNumber)
      ? mid.bytes
      : mid.bytes - JSON.stringify(mid.pkg.blocks.find((b) => b.number === mid.pkg.asOf.blockNumber)).length - 1,
    gzipBytesMedian: median(pkgs.map((p) => p.gzip)),
    asOfBlocks: pkgs.map((p) => p.pkg.asOf.blockNumber),
    asOfBlockBytes,
    blocks: mid.pkg.blocks.length,
    blockNumbers: mid.pkg.blocks.map((b) => b.number),
    configBlocks: mid.pkg.configBlocks.length,
    configBlockNumbers: mid.pkg.configBlocks.map((b) => b.number),
    transactions: mid.pkg.transactions.length,
    statements: mid.pkg.statements.length,
    attestations: pkgs.map((p) => p.pkg.attestations.map((a) => a.mspId)),
    definitionBlock: mid.pkg.definitionBlock.number,
    validationInfoBlock: mid.pkg.validationInfoBlock?.number ?? null,
    breakdown: breakdownOf(mid.pkg),
  };
  log(
    `${label}: ${m.packageBytesMedian} bytes (${m.packageBytes.join(', ')}), export ${m.exportMedianMs.toFixed(0)} ms ` +
      `(${exportsMs.map((x) => x.toFixed(0)).join(', ')}), ` +
      `verify ${m.verifyMedianMs.toFixed(0)} ms, ${m.blocks} blocks, ${m.configBlocks} config blocks, as of ${m.asOfBlocks.join(', ')}`,
  );
  return m;
}

interface FillResult {
  fromHeight: number;
  toHeight: number;
  transactions: number;
  failures: number;
  seconds: number;
  blocksPerSecond: number;
  txPerBlock: number;
  reachedTarget: boolean;
  errors: string[];
}

/**
 * Arrears:SetThreshold (a blind write of one key, no reads: no MVCC conflicts)
 * by the regulator on benchmark projects, until the channel height reaches
 * `target` or the time bound passes. Submissions are paced at RATE per second
 * with at most IN_FLIGHT waiting for their commit: workers that each wait for
 * their own commit fall into step and all land in the same block, so a block
 * would only be cut every BatchTimeout + one round trip; a steady stream puts
 * a transaction at the orderer soon after each cut.
 */
async function fill(ledger: Ledger, target: number, deadline: number, tag: string): Promise<FillResult> {
  const fromHeight = await height(ledger);
  let top = fromHeight;
  let txs = 0;
  let failures = 0;
  let consecutive = 0;
  let inFlight = 0;
  let launched = 0;
  const errors: string[] = [];
  const t0 = Date.now();
  let lastMark = { at: t0, height: fromHeight, txs: 0 };
  let nextMark = (Math.floor(fromHeight / 1000) + 1) * 1000;
  log(`fill ${tag}: height ${fromHeight} → ${target}, ${RATE} tx/s, at most ${IN_FLIGHT} in flight, until ${new Date(deadline).toISOString()} at the latest`);
  if (fromHeight >= target)
    return { fromHeight, toHeight: fromHeight, transactions: 0, failures: 0, seconds: 0, blocksPerSecond: 0, txPerBlock: 0, reachedTarget: true, errors };
  let fatal: Error | undefined;
  const one = async (i: number) => {
    inFlight++;
    try {
      const out = await ledger.submit('HousingBureauMSP', 'regulator1', {
        contract: 'Arrears',
        fn: 'SetThreshold',
        args: [JSON.stringify({ projectId: `P-HBFILL-${tag}-${i % 16}`, thresholdBp: 1 + (i % 10_000) })],
      });
      txs++;
      consecutive = 0;
      // Height is the newest block number + 1.
      top = Math.max(top, Number(out.blockNumber) + 1);
      while (top >= nextMark) {
        const at = Date.now();
        log(
          `  height ${top}: ${((top - lastMark.height) / ((at - lastMark.at) / 1000)).toFixed(2)} blocks/s since the last mark, ` +
            `${((top - fromHeight) / ((at - t0) / 1000)).toFixed(2)} blocks/s overall, ` +
            `${((txs - lastMark.txs) / Math.max(1, top - lastMark.height)).toFixed(2)} own tx/block, ${failures} failures`,
        );
        lastMark = { at, height: top, txs };
        nextMark += 1000;
      }
    } catch (e) {
      failures++;
      consecutive++;
      const err = e as Error & { details?: { mspId?: string; message?: string }[] };
      const msg = [err.message, ...(err.details ?? []).map((d) => `${d.mspId}: ${d.message}`)].join('; ');
      if (errors.length < 20) errors.push(msg);
      log(`  fill tx ${i}: ${msg}`);
      if (consecutive >= MAX_CONSECUTIVE_FAILURES) fatal = new Error(`fill: ${consecutive} consecutive failures, last: ${msg}`);
    } finally {
      inFlight--;
    }
  };
  const pending = new Set<Promise<void>>();
  const interval = 1000 / RATE;
  let next = Date.now();
  while (top < target && Date.now() < deadline && !fatal) {
    if (inFlight < IN_FLIGHT) {
      const p = one(launched++);
      pending.add(p);
      void p.finally(() => pending.delete(p));
    }
    next += interval;
    const wait = next - Date.now();
    if (wait > 0) await sleep(wait);
    else next = Date.now();
    // Back off while failing: one transaction a second.
    if (consecutive > 0) await sleep(1000);
  }
  await Promise.all(pending);
  if (fatal) throw fatal;
  const toHeight = await height(ledger);
  const seconds = (Date.now() - t0) / 1000;
  const r: FillResult = {
    fromHeight,
    toHeight,
    transactions: txs,
    failures,
    seconds,
    blocksPerSecond: (toHeight - fromHeight) / seconds,
    txPerBlock: txs / Math.max(1, toHeight - fromHeight),
    reachedTarget: toHeight >= target,
    errors,
  };
  log(
    `fill ${tag} done: ${fromHeight} → ${toHeight} in ${seconds.toFixed(0)} s (${r.blocksPerSecond.toFixed(2)} blocks/s, ${txs} tx, ` +
      `${r.txPerBlock.toFixed(2)} own tx/block, ${failures} failures)` +
      (r.reachedTarget ? '' : `; STOPPED BY THE TIME BOUND below ${target}`),
  );
  return r;
}

function table(a: Measurement, b: Measurement | undefined): string {
  const row = (name: string, f: (m: Measurement) => string, ratio?: (m: Measurement) => number) =>
    `| ${name} | ${f(a)} | ${b ? f(b) : '—'} | ${b && ratio ? (ratio(b) / ratio(a)).toFixed(3) : ''} |`;
  return [
    `| measure | at height ${a.heightBefore} | ${b ? `at height ${b.heightBefore}` : 'not measured'} | ratio |`,
    '|---|---|---|---|',
    row(
      'package bytes (median of exports)',
      (m) => `${m.packageBytesMedian.toLocaleString('en')} (${m.packageBytes.map((x) => x.toLocaleString('en')).join(', ')})`,
      (m) => m.packageBytesMedian,
    ),
    row(
      'package bytes less the as-of block (median package)',
      (m) => m.packageBytesWithoutAsOf.toLocaleString('en'),
      (m) => m.packageBytesWithoutAsOf,
    ),
    row(
      'package bytes gzipped (median)',
      (m) => m.gzipBytesMedian.toLocaleString('en'),
      (m) => m.gzipBytesMedian,
    ),
    row(
      `export time, median of ${RUNS}`,
      (m) => `${m.exportMedianMs.toFixed(0)} ms (${m.exportsMs.map((x) => x.toFixed(0)).join(', ')})`,
      (m) => m.exportMedianMs,
    ),
    row(
      `verification time, median of ${RUNS}`,
      (m) => `${m.verifyMedianMs.toFixed(0)} ms (${m.verifyMs.map((x) => x.toFixed(0)).join(', ')})`,
      (m) => m.verifyMedianMs,
    ),
    row('blocks in the package', (m) => String(m.blocks)),
    row('config blocks in the package', (m) => `${m.configBlocks} (${m.configBlockNumbers.join(', ')})`),
    row('transactions / statements', (m) => `${m.transactions} / ${m.statements}`),
    row('as-of block (bytes)', (m) => m.asOfBlocks.map((n, i) => `${n} (${m.asOfBlockBytes[i]})`).join(', ')),
    row('attestations', (m) => m.attestations.map((x) => x.length).join(', ')),
  ].join('\n');
}

async function main(): Promise<void> {
  const trust = parseTrustBundle(JSON.parse(fs.readFileSync(TRUST_BUNDLE, 'utf8')));
  const ledger = Ledger.open(NETWORK_JSON);
  fs.mkdirSync(OUT_DIR, { recursive: true });
  const outFile = path.join(OUT_DIR, `evidence-height-${now().replace(/[:.]/g, '-')}.json`);
  const result: Record<string, unknown> = {
    bench: 'evidence-height',
    startedAt: now(),
    options: { TARGET_HEIGHT, START_HEIGHT, IN_FLIGHT, RATE, RUNS, maxFillMinutes: MAX_FILL_MS / 60_000 },
    network: NETWORK_JSON,
  };
  const save = () => fs.writeFileSync(outFile, `${JSON.stringify(result, null, 2)}\n`);
  const deadline = Date.now() + MAX_FILL_MS;
  const tag = randomBytes(3).toString('hex');
  try {
    const h0 = await height(ledger);
    log(`network answers: channel ${ledger.channel} at height ${h0}; results in ${outFile}`);
    result.initialHeight = h0;
    if (values.dispute) {
      const again = await measure(ledger, trust, values.dispute, 'remeasure');
      Object.assign(result, { dispute: { disputeId: values.dispute }, remeasure: again, finishedAt: now() });
      save();
      console.log(`\ndispute ${values.dispute}, measured again\n`);
      console.log(table(again, undefined));
      console.log(`\nwrote ${outFile}`);
      return;
    }
    result.preFill = await fill(ledger, START_HEIGHT, deadline, `${tag}a`);
    log('writing the dispute');
    const dispute = await writeDispute(ledger);
    result.dispute = dispute;
    log(`dispute ${dispute.disputeId}: ${dispute.events} transactions in blocks ${dispute.blocks[0]}..${dispute.blocks.at(-1)}`);
    const low = await measure(ledger, trust, dispute.disputeId, 'low');
    result.low = low;
    save();
    result.fill = await fill(ledger, TARGET_HEIGHT, deadline, `${tag}b`);
    save();
    const high = await measure(ledger, trust, dispute.disputeId, 'high');
    result.high = high;
    result.ratios = {
      packageBytes: high.packageBytesMedian / low.packageBytesMedian,
      packageBytesWithoutAsOf: high.packageBytesWithoutAsOf / low.packageBytesWithoutAsOf,
      gzipBytes: high.gzipBytesMedian / low.gzipBytesMedian,
      exportMs: high.exportMedianMs / low.exportMedianMs,
      verifyMs: high.verifyMedianMs / low.verifyMedianMs,
    };
    result.finishedAt = now();
    save();
    console.log(`\ndispute ${dispute.disputeId} (${dispute.events} transactions, blocks ${dispute.blocks[0]}..${dispute.blocks.at(-1)})\n`);
    console.log(table(low, high));
    console.log(`\nwrote ${outFile}`);
  } catch (e) {
    result.error = (e as Error).stack ?? String(e);
    result.failedAt = now();
    save();
    throw e;
  } finally {
    ledger.close();
  }
}

// A last bound on the whole run: the fill's time bound plus room for the rest.
const watchdog = setTimeout(
  () => {
    console.error(`evidence-height: still running after ${(MAX_FILL_MS + 30 * 60_000) / 60_000} minutes; giving up`);
    process.exit(2);
  },
  MAX_FILL_MS + 30 * 60_000,
);
watchdog.unref();

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error('evidence-height failed:', e);
    process.exit(1);
  },
);
