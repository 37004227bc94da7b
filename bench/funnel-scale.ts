// The channel's funnel over more deltas than one range query returns. Every
// registering transaction writes one delta per project it touches, and
// Funnel('*') sums every project's deltas; a peer ends an unpaged range after
// its totalQueryLimit (100,000) results as if it were complete. This registers
// N batches of 500 contracts, each spread over the same K new projects
// (N × K delta keys, none folded: straight through the gateway, as an API that
// never folds would leave them), then checks that the channel's funnel counts
// every contract registered, and times it, before and after.
//   npx tsx bench/funnel-scale.ts [--batches 201] [--projects 500]
import { parseArgs } from 'node:util';
import { Ledger } from '../gateway/ledger';
import { readNetworkDescription } from '../network/description';
import { NETWORK_JSON } from '../network/native/paths';
import { contractInput, ownedId } from '../scripts/fixtures';
import { percentile, runPool } from './stats';

const { values } = parseArgs({ options: { batches: { type: 'string', default: '201' }, projects: { type: 'string', default: '500' } } });
const BATCHES = Number(values.batches);
const PROJECTS = Number(values.projects);
const BATCH = 500;

const company = { mspId: 'HousingBureauMSP', identity: 'company1' };
const reader = { mspId: 'HousingBureauMSP', identity: 'regulator1' };

async function main() {
  const ledger = new Ledger(readNetworkDescription(NETWORK_JSON));
  try {
    const funnel = async () => {
      const ms: number[] = [];
      let contracts = 0;
      for (let i = 0; i < 3; i++) {
        const t0 = performance.now();
        const out = await ledger.evaluate<{ funnel: { contracts?: number } }>(reader.mspId, reader.identity, {
          contract: 'Disputes',
          fn: 'Funnel',
          args: ['*'],
        });
        ms.push(performance.now() - t0);
        contracts = out.funnel.contracts ?? 0;
      }
      ms.sort((a, b) => a - b);
      return { contracts, p50: percentile(ms, 50) };
    };
    const before = await funnel();
    console.log(`before: the channel's funnel counts ${before.contracts} contracts, in ${before.p50.toFixed(0)} ms p50 of 3`);
    const projects = Array.from({ length: PROJECTS }, (_, i) => ownedId(`SPREAD${i}`));
    const t0 = performance.now();
    let done = 0;
    const run = await runPool(BATCHES, 2, async () => {
      const items = Array.from({ length: BATCH }, (_, j) => contractInput(projects[j % PROJECTS]!));
      await ledger.submit(company.mspId, company.identity, { contract: 'Contracts', fn: 'RegisterBatch', args: [JSON.stringify({ items })] });
      if (++done % 20 === 0) console.error(`${done} of ${BATCHES} batches, ${((done * BATCH) / ((performance.now() - t0) / 1000)).toFixed(0)} contracts/s`);
    });
    for (const e of new Set(run.errors)) console.error(`failed batch: ${e.slice(0, 300)}`);
    const registered = run.latencies.length * BATCH;
    console.log(
      `registered ${registered} contracts in ${run.latencies.length} batches over ${PROJECTS} projects ` +
        `(${run.latencies.length * PROJECTS} delta keys) in ${((performance.now() - t0) / 1000).toFixed(0)} s, ${run.failures} failed`,
    );
    const after = await funnel();
    const counted = after.contracts - before.contracts;
    console.log(`after: the channel's funnel counts ${after.contracts} contracts, in ${after.p50.toFixed(0)} ms p50 of 3`);
    console.log(`the funnel counts ${counted} of the ${registered} registered: ${counted === registered ? 'all' : `${registered - counted} left out`}`);
  } finally {
    ledger.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
