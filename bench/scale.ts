// Queries against ledger height: the time of the reads people make (one
// contract, a page of 1,000 contracts of a project, the channel's funnel, a
// project's ratio) before and after the benchmark fills the ledger with N more
// contracts (batches of 500 through the gateway, 2 in flight), and each
// peer's ledger size on disk. One client, company1 through the housing
// bureau's peer; reads as the regulator. Every contract is billed once
// (arrears batches of 500), so the project's ratio counts overdue contracts;
// the risk evaluation (a write, which compacts the ratio's deltas) is timed too.
//   npx tsx bench/scale.ts [--fill 100000] [--samples 200]
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Ledger } from '../gateway/ledger';
import { readNetworkDescription } from '../network/description';
import { NETWORK_JSON, STATE_DIR } from '../network/native/paths';
import { contractInput, ownedId } from '../scripts/fixtures';
import { percentile, runPool } from './stats';

const { values } = parseArgs({ options: { fill: { type: 'string', default: '100000' }, samples: { type: 'string', default: '200' } } });
const FILL = Number(values.fill);
const SAMPLES = Number(values.samples);
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
  const evaluate = (fn: string, args: string[], contract = 'Contracts') => ledger.evaluate(reader.mspId, reader.identity, { contract, fn, args });
  const one = await timed(SAMPLES, (i) => evaluate('Get', [ids[(i * 7919) % ids.length]!]));
  const page = await timed(5, () => evaluate('ListByProject', [project, '1000', '']));
  const funnel = await timed(3, () => evaluate('Funnel', ['*'], 'Disputes'));
  const ratio = await timed(3, () => evaluate('Ratio', [project], 'Arrears'));
  const risk = await timed(3, () => ledger.submit(reader.mspId, reader.identity, { contract: 'Arrears', fn: 'EvaluateRisk', args: [project] }));
  const ratioAfter = await timed(3, () => evaluate('Ratio', [project], 'Arrears'));
  const height = await ledger.height(reader.mspId, reader.identity);
  console.log(`\n### ${label}: channel height ${height}`);
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

async function main() {
  const ledger = new Ledger(readNetworkDescription(NETWORK_JSON));
  try {
    const project = ownedId('SCALE');
    const ids: string[] = [];
    const register = async (n: number) => {
      const items = Array.from({ length: n }, () => contractInput(project));
      const done = await ledger.submit<{ contractIds: string[] }>(company.mspId, company.identity, {
        contract: 'Contracts',
        fn: 'RegisterBatch',
        args: [JSON.stringify({ items })],
      });
      const bills = done.result.contractIds.map((contractId, i) => ({
        eventId: `BILL-${i}`,
        contractId,
        type: 'billed',
        period: '2024-05',
        amountFen: 35_000,
      }));
      await ledger.submit(company.mspId, company.identity, { contract: 'Arrears', fn: 'RecordBatch', args: [JSON.stringify({ items: bills })] });
      ids.push(...done.result.contractIds);
    };
    await register(BATCH);
    await register(BATCH);
    await measure(ledger, 'before: a project of 1,000 contracts', project, ids);
    const t0 = performance.now();
    const run = await runPool(Math.ceil(FILL / BATCH), 2, async (i) => {
      await register(Math.min(BATCH, FILL - i * BATCH));
      if ((i + 1) % 20 === 0) console.error(`filled ${(ids.length - 1000).toLocaleString('en')} of ${FILL.toLocaleString('en')}`);
    });
    const s = (performance.now() - t0) / 1000;
    const rate = `${(FILL / s).toFixed(0)} contracts/s`;
    console.log(`\nfilled (registered and billed) ${FILL.toLocaleString('en')} contracts in ${s.toFixed(0)} s (${rate}), ${run.failures} failed batches`);
    await measure(ledger, `after: the same project with ${ids.length.toLocaleString('en')} contracts`, project, ids);
  } finally {
    ledger.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
