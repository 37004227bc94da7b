// The notary chaincode against Fabric's own cost, on the same network in the
// same run: a trivial put chaincode (bench/trivial-chaincode, deployed here if
// it is not yet) writing the same number of keys of the same size as a contract
// registration does, once per transaction and batched; then single and batched
// registrations. One client (company1 through the housing bureau's peer).
//   npx tsx bench/baseline.ts [--single 1500] [--in-flight 50] [--batches 6] [--batch-size 500] [--batch-in-flight 2]
import { parseArgs } from 'node:util';
import { contractInput, ownedId } from '../scripts/fixtures';
import { openBenchNetwork } from './bench-network';
import { measureRegistrationWrites } from './registration-writes';
import { runPool, summarise, type Summary } from './stats';

const { values } = parseArgs({
  options: {
    single: { type: 'string', default: '1500' },
    'in-flight': { type: 'string', default: '50' },
    batches: { type: 'string', default: '6' },
    'batch-size': { type: 'string', default: '500' },
    'batch-in-flight': { type: 'string', default: '2' },
  },
});
const n = (k: keyof typeof values) => Number(values[k]);

const row = (name: string, s: Summary, unit: string) => {
  const latency = `${s.p50.toFixed(0)} / ${s.p95.toFixed(0)} / ${s.p99.toFixed(0)} ms`;
  return `| ${name} | ${s.count} | ${s.failures} | ${s.seconds.toFixed(1)} | ${s.perSecond.toFixed(1)} ${unit}/s | ${latency} |`;
};

async function main() {
  const { desc, contracts, trivial, ledger, close } = await openBenchNetwork();
  try {
    const project = ownedId('BASE');
    const per = await measureRegistrationWrites(contracts, ledger, desc.chaincode, project);
    const value = 'x'.repeat(Math.max(1, Math.round(per.bytes / per.keys)));
    const keysPerBatch = per.keys * n('batch-size');
    console.error(`one registration writes ${per.keys} keys, ${per.bytes} bytes; trivial puts use values of ${value.length} bytes`);

    let seq = 0;
    const key = () => `${project}-${seq++}`;
    const putSingle = await runPool(n('single'), n('in-flight'), async () => {
      await trivial.submitTransaction('Put', key(), value);
    });
    const putBatch = await runPool(n('batches'), n('batch-in-flight'), async () => {
      const pairs = Array.from({ length: keysPerBatch }, () => [key(), value]);
      await trivial.submitTransaction('PutMany', JSON.stringify(pairs));
    });
    const regSingle = await runPool(n('single'), n('in-flight'), async () => {
      await contracts.submitTransaction('Register', JSON.stringify(contractInput(project)));
    });
    const regBatch = await runPool(n('batches'), n('batch-in-flight'), async () => {
      const items = Array.from({ length: n('batch-size') }, () => contractInput(project));
      await contracts.submitTransaction('RegisterBatch', JSON.stringify({ items }));
    });

    const s = {
      putSingle: summarise(putSingle.latencies, putSingle.failures, putSingle.elapsedMs),
      // Counted in contracts' worth of keys, to compare with RegisterBatch directly.
      putBatch: summarise(putBatch.latencies, putBatch.failures, putBatch.elapsedMs, n('batch-size')),
      regSingle: summarise(regSingle.latencies, regSingle.failures, regSingle.elapsedMs),
      regBatch: summarise(regBatch.latencies, regBatch.failures, regBatch.elapsedMs, n('batch-size')),
    };
    console.log(`one registration writes ${per.keys} keys (${per.bytes} bytes); trivial puts write values of ${value.length} bytes\n`);
    console.log('| operation | ops | failures | seconds | throughput | latency p50 / p95 / p99 |');
    console.log('|---|---|---|---|---|---|');
    console.log(row(`trivial Put (1 key), ${values['in-flight']} in flight`, s.putSingle, 'tx'));
    console.log(
      row(`trivial PutMany (${keysPerBatch} keys = ${values['batch-size']} contracts' worth), ${values['batch-in-flight']} in flight`, s.putBatch, 'contracts'),
    );
    console.log(row(`Register, ${values['in-flight']} in flight`, s.regSingle, 'contracts'));
    console.log(row(`RegisterBatch of ${values['batch-size']}, ${values['batch-in-flight']} in flight`, s.regBatch, 'contracts'));
    console.log(`\nRegister / trivial Put: ${(s.regSingle.perSecond / s.putSingle.perSecond).toFixed(2)} (target ≥ 0.8)`);
    console.log(`RegisterBatch / trivial PutMany of the same keys: ${(s.regBatch.perSecond / s.putBatch.perSecond).toFixed(2)} (target ≥ 0.5)`);
    for (const e of [...new Set([...putSingle.errors, ...putBatch.errors, ...regSingle.errors, ...regBatch.errors])].slice(0, 5)) console.error(`error: ${e}`);
  } finally {
    close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
