// Queries against ledger height: the time of the reads people make (one
// contract, a page of 1,000 contracts of a project, the channel's funnel, a
// project's ratio) before and after the benchmark fills the ledger with N more
// contracts (batches of 500 through the gateway, 2 in flight), and each
// peer's ledger size on disk. One client, company1 through the housing
// bureau's peer; reads as the regulator. Every contract is billed once
// (arrears batches of 500), so the project's ratio counts overdue contracts;
// the risk evaluation (a write, which compacts the ratio's deltas) is timed too.
//
// For a district-sized ledger: --per-project N puts the fill into new projects
// of N contracts each (the measured project keeps its 1,000), --skip-billing
// registers the fill without billing it, --checkpoints 250000,500000 measures
// again at those fill counts, and --minutes M stops the fill after M minutes and
// measures whatever was reached. Each measurement first waits until the
// network's processes are quiet (LevelDB compacts for a while after a fill).
// --measure-project P only measures the reads of an existing project P.
//   npx tsx bench/scale.ts [--fill 100000] [--samples 200] [--per-project 0] [--skip-billing] [--checkpoints a,b] [--minutes M] [--measure-project P]
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Ledger } from '../gateway/ledger';
import { readNetworkDescription } from '../network/description';
import { NETWORK_JSON, STATE_DIR } from '../network/native/paths';
import { contractInput, ownedId } from '../scripts/fixtures';
import { awaitQuiet } from './process-cpu';
import { percentile, runPool } from './stats';

const { values } = parseArgs({
  options: {
    fill: { type: 'string', default: '100000' },
    samples: { type: 'string', default: '200' },
    'per-project': { type: 'string', default: '0' },
    'skip-billing': { type: 'boolean', default: false },
    checkpoints: { type: 'string', default: '' },
    minutes: { type: 'string', default: '0' },
    'measure-project': { type: 'string' },
  },
});
const FILL = Number(values.fill);
const SAMPLES = Number(values.samples);
const PER_PROJECT = Number(values['per-project']);
const CHECKPOINTS = [
  ...values.checkpoints
    .split(',')
    .filter(Boolean)
    .map(Number)
    .filter((n) => n < FILL),
  FILL,
];
const DEADLINE = Number(values.minutes) > 0 ? Date.now() + Number(values.minutes) * 60_000 : Infinity;
const BATCH = 500;

const company = { mspId: 'HousingBureauMSP', identity: 'company1' };
const reader = { mspId: 'HousingBureauMSP', identity: 'regulator1' };

/** p50 and p95 of `n` runs, as table cells; a read that fails (e.g. past the gateway's 5 s evaluate deadline) says so. */
async function timed(n: number, op: (i: number) => Promise<unknown>): Promise<string> {
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    try {
      await op(i);
    } catch (e) {
      return `failed after ${(performance.now() - t0).toFixed(0)} ms: ${(e as Error).message.slice(0, 120)} | |`;
    }
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  return `${percentile(ms, 50).toFixed(1)} ms | ${percentile(ms, 95).toFixed(1)} ms |`;
}

/** Each peer's ledger folder (blocks, state, history), in MiB. */
function diskPerPeer(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const org of fs.readdirSync(path.join(STATE_DIR, 'orgs'))) {
    const data = path.join(STATE_DIR, 'orgs', org, 'data');
    if (!fs.existsSync(data)) continue;
    for (const node of fs.readdirSync(data).filter((n) => n.includes('peer'))) {
      const kib = Number(
        execFileSync('du', ['-sk', path.join(data, node)])
          .toString()
          .split('\t')[0],
      );
      out[node] = Math.round(kib / 1024);
    }
  }
  return out;
}

async function measure(ledger: Ledger, label: string, project: string, ids: string[]): Promise<void> {
  const quiet = await awaitQuiet();
  console.error(`network quiet after ${(quiet.waitedMs / 1000).toFixed(0)} s (${quiet.cores.toFixed(2)} cores in the last 5 s)`);
  const evaluate = (fn: string, args: string[], contract = 'Contracts') => ledger.evaluate(reader.mspId, reader.identity, { contract, fn, args });
  const one = await timed(SAMPLES, (i) => evaluate('Get', [ids[(i * 7919) % ids.length]!]));
  const page = await timed(5, () => evaluate('ListByProject', [project, '1000', '']));
  const funnel = await timed(3, () => evaluate('Funnel', ['*'], 'Disputes'));
  const ratio = await timed(3, () => evaluate('Ratio', [project], 'Arrears'));
  const risk = await timed(3, () => ledger.submit(reader.mspId, reader.identity, { contract: 'Arrears', fn: 'EvaluateRisk', args: [project] }));
  const ratioAfter = await timed(3, () => evaluate('Ratio', [project], 'Arrears'));
  const height = await ledger.height(reader.mspId, reader.identity);
  console.log(`\n### ${label}: channel height ${height}, measured after ${(quiet.waitedMs / 1000).toFixed(0)} s of waiting for quiet`);
  console.log('| read | p50 | p95 |');
  console.log('|---|---|---|');
  console.log(`| GET one contract (${SAMPLES} samples) | ${one}`);
  console.log(`| page of 1,000 contracts of a project (5) | ${page}`);
  console.log(`| funnel of the whole channel (3) | ${funnel}`);
  console.log(`| ratio of a project of ${ids.length.toLocaleString('en')} contracts (3) | ${ratio}`);
  console.log(`| risk evaluation of that project, submitted (3) | ${risk}`);
  console.log(`| ratio again, after the evaluation compacted its deltas (3) | ${ratioAfter}`);
  console.log(`ledger on disk per peer (MiB): ${JSON.stringify(diskPerPeer())}`);
}

/** Every contract ID of a project, page by page. */
async function projectContractIds(ledger: Ledger, project: string): Promise<string[]> {
  const ids: string[] = [];
  let bookmark = '';
  do {
    const page = await ledger.evaluate<{ contracts: { contractId: string }[]; bookmark: string }>(reader.mspId, reader.identity, {
      contract: 'Contracts',
      fn: 'ListByProject',
      args: [project, '1000', bookmark],
    });
    ids.push(...page.contracts.map((c) => c.contractId));
    bookmark = page.bookmark;
  } while (bookmark);
  return ids;
}

async function main() {
  const ledger = new Ledger(readNetworkDescription(NETWORK_JSON));
  try {
    const project = values['measure-project'] ?? ownedId('SCALE');
    const ids: string[] = [];
    if (values['measure-project']) {
      ids.push(...(await projectContractIds(ledger, project)));
      await measure(ledger, `a project of ${ids.length.toLocaleString('en')} contracts`, project, ids);
      return;
    }
    const register = async (projectId: string, n: number, bill: boolean) => {
      const items = Array.from({ length: n }, () => contractInput(projectId));
      const done = await ledger.submit<{ contractIds: string[] }>(company.mspId, company.identity, {
        contract: 'Contracts',
        fn: 'RegisterBatch',
        args: [JSON.stringify({ items })],
      });
      if (!bill) return done.result.contractIds;
      const bills = done.result.contractIds.map((contractId, i) => ({
        eventId: `BILL-${i}`,
        contractId,
        type: 'billed',
        period: '2024-05',
        amountFen: 35_000,
      }));
      await ledger.submit(company.mspId, company.identity, { contract: 'Arrears', fn: 'RecordBatch', args: [JSON.stringify({ items: bills })] });
      return done.result.contractIds;
    };
    ids.push(...(await register(project, BATCH, true)));
    ids.push(...(await register(project, BATCH, true)));
    await measure(ledger, `before: project ${project}, 1,000 contracts`, project, ids);

    // Batch i of the fill goes to the measured project, or to fill project floor(i·BATCH / PER_PROJECT).
    const fillProjects = new Map<number, string>();
    const projectOfBatch = (i: number) => {
      if (PER_PROJECT <= 0) return project;
      const p = Math.floor((i * BATCH) / PER_PROJECT);
      if (!fillProjects.has(p)) fillProjects.set(p, ownedId(`FILL${p}`));
      return fillProjects.get(p)!;
    };
    const bill = !values['skip-billing'];
    const what = bill ? 'registered and billed' : 'registered';
    const t0 = performance.now();
    let filled = 0;
    let failures = 0;
    let nextBatch = 0;
    for (const target of CHECKPOINTS) {
      const batches = Math.ceil((target - nextBatch * BATCH) / BATCH);
      const first = nextBatch;
      const run = await runPool(batches, 2, async (k) => {
        if (Date.now() > DEADLINE) return;
        const i = first + k;
        const got = await register(projectOfBatch(i), Math.min(BATCH, target - i * BATCH), bill);
        if (PER_PROJECT <= 0) ids.push(...got);
        filled += got.length;
        if ((k + 1) % 20 === 0) {
          const rate = filled / ((performance.now() - t0) / 1000);
          const eta = Math.max(0, (FILL - filled) / rate / 60);
          console.error(
            `${what} ${filled.toLocaleString('en')} of ${FILL.toLocaleString('en')}, ${rate.toFixed(0)} contracts/s, about ${eta.toFixed(0)} min left`,
          );
        }
      });
      nextBatch += batches;
      failures += run.failures;
      for (const e of new Set(run.errors)) console.error(`failed batch: ${e.slice(0, 300)}`);
      const s = (performance.now() - t0) / 1000;
      console.log(
        `\n${what} ${filled.toLocaleString('en')} contracts in ${s.toFixed(0)} s (${(filled / s).toFixed(0)} contracts/s), ${failures} failed batches`,
      );
      const where = PER_PROJECT > 0 ? `${fillProjects.size} other projects of up to ${PER_PROJECT.toLocaleString('en')}` : 'the measured project';
      await measure(ledger, `after ${filled.toLocaleString('en')} more contracts (in ${where})`, project, ids);
      if (Date.now() > DEADLINE) {
        console.log(`\nstopped at the --minutes limit, ${filled.toLocaleString('en')} of ${FILL.toLocaleString('en')} filled`);
        break;
      }
    }
  } finally {
    ledger.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
