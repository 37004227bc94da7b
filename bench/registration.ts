// Throughput of contract registration straight through @hyperledger/fabric-gateway:
// single Register transactions with N in flight, then RegisterBatch batches.
//   npx tsx bench/registration.ts [--single 600] [--in-flight 50] [--batches 10] [--batch-size 200] [--batch-in-flight 2]
import { parseArgs } from 'node:util';
import { readNetworkDescription } from '../network/description';
import { NETWORK_JSON } from '../network/native/paths';
import { connectGateway, findIdentity, findOrg, newGrpcClient, orgPeers } from '../gateway/connect';
import { contractInput, ownedId } from '../scripts/fixtures';
import { runPool, summarise, type Summary } from './stats';

const { values } = parseArgs({
  options: {
    single: { type: 'string', default: '600' },
    'in-flight': { type: 'string', default: '50' },
    batches: { type: 'string', default: '10' },
    'batch-size': { type: 'string', default: '200' },
    'batch-in-flight': { type: 'string', default: '2' },
  },
});
const n = (k: keyof typeof values) => Number(values[k]);

const row = (name: string, s: Summary, unit: string) =>
  `| ${name} | ${s.count} | ${s.failures} | ${s.seconds.toFixed(1)} | ${s.perSecond.toFixed(1)} ${unit}/s | ${s.p50.toFixed(0)} / ${s.p95.toFixed(0)} ` +
  `/ ${s.p99.toFixed(0)} ms |`;

async function main() {
  const desc = readNetworkDescription(NETWORK_JSON);
  const org = findOrg(desc, 'HousingBureauMSP');
  const client = newGrpcClient(orgPeers(org)[0]!);
  const gateway = connectGateway(client, org.mspId, findIdentity(org, 'company1'));
  const contract = gateway.getNetwork(desc.channel).getContract(desc.chaincode, 'Contracts');
  try {
    const project = ownedId('BENCH');
    const single = await runPool(n('single'), n('in-flight'), async () => {
      await contract.submitTransaction('Register', JSON.stringify(contractInput(project)));
    });
    const batch = await runPool(n('batches'), n('batch-in-flight'), async () => {
      const items = Array.from({ length: n('batch-size') }, () => contractInput(project));
      await contract.submitTransaction('RegisterBatch', JSON.stringify({ items }));
    });
    console.log('| operation | ops | failures | seconds | throughput | latency p50 / p95 / p99 |');
    console.log('|---|---|---|---|---|---|');
    console.log(row(`Register, ${values['in-flight']} in flight`, summarise(single.latencies, single.failures, single.elapsedMs), 'contracts'));
    console.log(
      row(
        `RegisterBatch of ${values['batch-size']}, ${values['batch-in-flight']} in flight`,
        summarise(batch.latencies, batch.failures, batch.elapsedMs, n('batch-size')),
        'contracts',
      ),
    );
    for (const e of [...new Set([...single.errors, ...batch.errors])].slice(0, 5)) console.error(`error: ${e}`);
  } finally {
    gateway.close();
    client.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
