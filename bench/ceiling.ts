// How many contracts a second this network can commit at all: the trivial put
// chaincode (bench/trivial-chaincode) writing fewer and fewer keys per
// contract, down to one small key, in transactions of 500 and 1,000
// contracts' worth, next to the real RegisterBatch, in the same run. No data
// model of the notary can go faster than a contract of one key, so the best
// of these rows bounds what any change to the chaincode could reach on this
// machine. Each row also bills the CPU of the network's processes per
// contract, by organisation: with every org on a machine of its own, the org
// that spends the most bounds the rate (cores × 1,000 / its CPU-ms per contract).
//   npx tsx bench/ceiling.ts [--transactions 8] [--cores 2]
import { parseArgs } from 'node:util';
import { contractInput, ownedId } from '../scripts/fixtures';
import { openBenchNetwork } from './bench-network';
import { cpuByNode, cpuUsedSince } from './process-cpu';
import { measureRegistrationWrites } from './registration-writes';
import { runPool, summarise } from './stats';

const { values } = parseArgs({
  options: {
    transactions: { type: 'string', default: '8' },
    cores: { type: 'string', default: '2' },
  },
});
const TRANSACTIONS = Number(values.transactions);
const CORES = Number(values.cores);

/** The organisation a node belongs to, from its ID: lawfirma-peer0 → lawfirma. */
const orgOf = (id: string) => id.split('-')[0]!;

interface Row {
  name: string;
  contractsPerTx: number;
  inFlight: number;
  /** One transaction of `contractsPerTx` contracts' worth; `i` counts from 0. */
  submit: (i: number) => Promise<unknown>;
}

async function measure(row: Row): Promise<string> {
  const before = cpuByNode();
  const self0 = process.cpuUsage();
  const run = await runPool(TRANSACTIONS, row.inFlight, async (i) => {
    await row.submit(i);
  });
  const self = process.cpuUsage(self0);
  const s = summarise(run.latencies, run.failures, run.elapsedMs, row.contractsPerTx);
  const contracts = run.latencies.length * row.contractsPerTx;
  const byOrg = new Map<string, number>();
  for (const [id, cpu] of cpuUsedSince(before)) byOrg.set(orgOf(id), (byOrg.get(orgOf(id)) ?? 0) + cpu);
  const total = [...byOrg.values()].reduce((a, b) => a + b, 0) + (self.user + self.system) / 1e6;
  const perContract = (cpu: number) => (contracts ? (1000 * cpu) / contracts : NaN);
  const [busiest, busiestCpu] = [...byOrg].sort((a, b) => b[1] - a[1])[0] ?? ['-', 0];
  const orgs = [...byOrg]
    .sort((a, b) => a[0].localeCompare(b[0]))
    .map(([org, cpu]) => `${org} ${perContract(cpu).toFixed(2)}`)
    .join(', ');
  for (const e of new Set(run.errors)) console.error(`${row.name}: ${e.slice(0, 300)}`);
  const bound = (CORES * 1000) / perContract(busiestCpu);
  return (
    `| ${row.name} | ${row.contractsPerTx} × ${run.latencies.length}, ${row.inFlight} in flight | ${run.failures} | ${s.perSecond.toFixed(1)} | ` +
    `${s.p50.toFixed(0)} / ${s.p95.toFixed(0)} ms | ${perContract(total).toFixed(2)} | ${orgs} | ${busiest}: ${bound.toFixed(0)} |`
  );
}

async function main() {
  const { desc, contracts, trivial, ledger, close } = await openBenchNetwork();
  try {
    const project = ownedId('CEIL');
    const per = await measureRegistrationWrites(contracts, ledger, desc.chaincode, project);
    console.error(`one registration writes ${per.keys} keys, ${per.bytes} bytes`);
    let seq = 0;
    /** PutMany of `n` contracts' worth, each `keys` keys that share `bytes` bytes. */
    const putMany = (n: number, keys: number, bytes: number) => {
      const value = 'x'.repeat(Math.max(1, Math.round(bytes / keys)));
      return () => trivial.submitTransaction('PutMany', JSON.stringify(Array.from({ length: n * keys }, () => [`${project}-${seq++}`, value])));
    };
    const registerBatch = (n: number) => () =>
      contracts.submitTransaction('RegisterBatch', JSON.stringify({ items: Array.from({ length: n }, () => contractInput(project)) }));
    const rows: Row[] = [
      { name: 'RegisterBatch', contractsPerTx: 500, inFlight: 2, submit: registerBatch(500) },
      { name: `trivial PutMany, ${per.keys} keys (${per.bytes} B) a contract`, contractsPerTx: 500, inFlight: 2, submit: putMany(500, per.keys, per.bytes) },
      { name: `trivial PutMany, 1 key of ${per.bytes} B a contract`, contractsPerTx: 500, inFlight: 2, submit: putMany(500, 1, per.bytes) },
      { name: `trivial PutMany, 1 key of ${per.bytes} B a contract`, contractsPerTx: 1000, inFlight: 2, submit: putMany(1000, 1, per.bytes) },
      { name: `trivial PutMany, 1 key of ${per.bytes} B a contract`, contractsPerTx: 500, inFlight: 4, submit: putMany(500, 1, per.bytes) },
      { name: 'trivial PutMany, 1 key of 64 B a contract', contractsPerTx: 1000, inFlight: 2, submit: putMany(1000, 1, 64) },
    ];
    console.log(`one registration writes ${per.keys} keys, ${per.bytes} bytes; ${TRANSACTIONS} transactions a row\n`);
    console.log(
      '| writes | transactions | failed | contracts/s | p50 / p95 | CPU-ms a contract, all | CPU-ms a contract, by org | ' +
        `bound with each org on ${CORES} cores of its own, contracts/s |`,
    );
    console.log('|---|---|---|---|---|---|---|---|');
    for (const row of rows) console.log(await measure(row));
  } finally {
    close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
