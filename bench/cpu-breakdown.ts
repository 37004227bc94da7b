// Where the CPU goes: CPU-seconds each of the network's processes (peers,
// orderers, chaincode servers, CAs; /proc/<pid>/stat) and this client spend
// per contract, for one workload at a time, next to the trivial put baseline
// writing the same keys and bytes (bench/baseline.ts deploys it). CPU time,
// unlike wall time, stays meaningful when other work shares the cores.
// With --single N, it measures N single transactions instead (trivial Put of one
// key, then Register), --in-flight at a time, as bench/baseline.ts does.
//   npx tsx bench/cpu-breakdown.ts [--contracts 2000] [--batch-size 500] [--single N --in-flight 50]
import { parseArgs } from 'node:util';
import { contractInput, ownedId } from '../scripts/fixtures';
import { openBenchNetwork } from './bench-network';
import { cpuByNode, cpuUsedSince } from './process-cpu';
import { measureRegistrationWrites } from './registration-writes';
import { runPool } from './stats';

const { values } = parseArgs({
  options: {
    contracts: { type: 'string', default: '2000' },
    'batch-size': { type: 'string', default: '500' },
    single: { type: 'string', default: '0' },
    'in-flight': { type: 'string', default: '50' },
  },
});
const SINGLE = Number(values.single);
const CONTRACTS = SINGLE > 0 ? SINGLE : Number(values.contracts);
const BATCH = Number(values['batch-size']);

/** Node kind from its ID: court-peer0 → peer, lawfirma-bench-chaincode → bench-chaincode. */
const kindOf = (id: string) => id.replace(/^[a-z]+-/, '').replace(/\d+$/, '');

async function measure(name: string, work: () => Promise<void>): Promise<void> {
  const before = cpuByNode();
  const self0 = process.cpuUsage();
  const t0 = Date.now();
  await work();
  const wall = (Date.now() - t0) / 1000;
  const self = process.cpuUsage(self0);
  const byKind = new Map<string, number>();
  for (const [id, s] of cpuUsedSince(before)) byKind.set(kindOf(id), (byKind.get(kindOf(id)) ?? 0) + s);
  byKind.set('client (this process)', (self.user + self.system) / 1e6);
  const total = [...byKind.values()].reduce((a, b) => a + b, 0);
  console.log(`\n### ${name}: ${CONTRACTS} contracts' worth in ${wall.toFixed(1)} s wall, ${total.toFixed(1)} CPU-s in all\n`);
  console.log('| process kind | CPU-s | share | CPU-ms per contract |');
  console.log('|---|---|---|---|');
  for (const [kind, s] of [...byKind].sort((a, b) => b[1] - a[1])) {
    if (s < 0.005) continue;
    console.log(`| ${kind} | ${s.toFixed(2)} | ${((100 * s) / total).toFixed(0)} % | ${((1000 * s) / CONTRACTS).toFixed(2)} |`);
  }
  console.log(`| **all** | ${total.toFixed(2)} | 100 % | ${((1000 * total) / CONTRACTS).toFixed(2)} |`);
}

function failed(name: string, run: { failures: number; errors: string[] }): void {
  if (run.failures > 0) console.error(`${name}: ${run.failures} failed, e.g. ${run.errors[0]}`);
}

async function main() {
  const { desc, contracts, trivial, ledger, close } = await openBenchNetwork();
  try {
    const project = ownedId('CPU');
    // Same shape as bench/baseline.ts: what one registration writes, measured from a real one, decides the trivial load.
    const per = await measureRegistrationWrites(contracts, ledger, desc.chaincode, project);
    const keysPerContract = per.keys;
    const value = 'x'.repeat(Math.max(1, Math.round(per.bytes / per.keys)));
    let seq = 0;
    if (SINGLE > 0) {
      const inFlight = Number(values['in-flight']);
      await measure(`trivial Put of one key of ${value.length} B, ${inFlight} in flight`, async () => {
        failed(
          'trivial Put',
          await runPool(SINGLE, inFlight, async () => {
            await trivial.submitTransaction('Put', `${project}-${seq++}`, value);
          }),
        );
      });
      await measure(`Register, ${inFlight} in flight (${keysPerContract} keys, ${per.bytes} B)`, async () => {
        failed(
          'Register',
          await runPool(SINGLE, inFlight, async () => {
            await contracts.submitTransaction('Register', JSON.stringify(contractInput(project)));
          }),
        );
      });
      return;
    }
    await measure(`trivial PutMany, ${keysPerContract} keys of ${value.length} B per contract, ${BATCH} contracts' worth per transaction`, async () => {
      for (let done = 0; done < CONTRACTS; done += BATCH) {
        const pairs = Array.from({ length: BATCH * keysPerContract }, () => [`${project}-${seq++}`, value]);
        await trivial.submitTransaction('PutMany', JSON.stringify(pairs));
      }
    });
    await measure(`RegisterBatch of ${BATCH}`, async () => {
      for (let done = 0; done < CONTRACTS; done += BATCH) {
        const items = Array.from({ length: BATCH }, () => contractInput(project));
        await contracts.submitTransaction('RegisterBatch', JSON.stringify({ items }));
      }
    });
  } finally {
    close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
