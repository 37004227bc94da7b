// Where each peer's CPU goes during bulk registration: a Go CPU profile taken
// from every peer's pprof endpoint at once while batches of 500 contracts are
// registered (2 in flight, through the housing bureau's gateway), then read
// with `go tool pprof` into the share of the profile under each part of the
// peer (endorsement, chaincode calls, validation, commit, state database,
// gossip, TLS and gRPC, garbage collection).
// The network must have been started with NOTARY_PEER_PPROF=1:
//   NOTARY_PEER_PPROF=1 npm run network:up
//   npx tsx bench/peer-profile.ts [--seconds 20] [--batches 24]
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sleep } from '../fabric/sleep';
import { Ledger } from '../gateway/ledger';
import { readNetworkDescription } from '../network/description';
import { dialHost } from '../network/hosts';
import { PPROF_PORT_STEP } from '../network/nodes';
import { NETWORK_JSON, STATE_DIR } from '../network/native/paths';
import { allPeers, loadTopology } from '../network/topology';
import { contractInput, ownedId } from '../scripts/fixtures';
import { runPool } from './stats';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '20' }, batches: { type: 'string', default: '24' } } });
const SECONDS = Number(values.seconds);
const BATCHES = Number(values.batches);
const BATCH = 500;

/** Parts of a peer, each by the function whose cumulative time is that part's; parts overlap where noted. */
const PARTS: [string, RegExp][] = [
  ['LevelDB background compaction', /goleveldb\/leveldb\.\(\*DB\)\.tCompaction$/],
  ['chaincode shim messages during endorsement (Handler)', /core\/chaincode\.\(\*Handler\)\.HandleTransaction$/],
  ['  of which state reads (versionedDB.GetState)', /stateleveldb\.\(\*versionedDB\)\.GetState$/],
  ['proposal handling (Endorser.ProcessProposal)', /core\/endorser\.\(\*Endorser\)\.ProcessProposal$/],
  ['block delivery, validation and commit (gossip deliverPayloads)', /gossip\/state\.\(\*GossipStateProviderImpl\)\.deliverPayloads$/],
  ['  of which validation (TxValidator)', /txvalidator\/v20\.\(\*TxValidator\)\.validateTx$/],
  ['  of which commit (kvLedger.commit)', /kvledger\.\(\*kvLedger\)\.commit$/],
  ['TLS reads and writes (gRPC traffic)', /^crypto\/tls\.\(\*Conn\)\.(Read|Write)$/],
  ['protobuf (un)marshalling', /protobuf\/proto\.(Unmarshal|Marshal)$/],
  ['ECDSA (sign and verify)', /^crypto\/ecdsa\.(Sign|Verify)(ASN1)?$/],
  ['garbage collection (background mark workers)', /^runtime\.gcBgMarkWorker$/],
];

/** `go tool pprof -top -cum` of one profile: total seconds sampled and each function's cumulative share. */
function readProfile(file: string): { totalS: number; cum: Map<string, number>; flatTop: string[] } {
  const top = execFileSync('go', ['tool', 'pprof', '-top', '-cum', '-nodecount=100000', '-nodefraction=0', file], {
    env: { ...process.env, GOTOOLCHAIN: 'local' },
    maxBuffer: 1 << 28,
  })
    .toString()
    .split('\n');
  const total = /Total samples = ([\d.]+)(m?s)/.exec(top.find((l) => l.includes('Total samples')) ?? '');
  const totalS = total ? Number(total[1]) / (total[2] === 'ms' ? 1000 : 1) : 0;
  const cum = new Map<string, number>();
  for (const line of top) {
    // flat flat% sum% cum cum% name
    const m = /^\s*[\d.]+(?:m?s)?\s+[\d.]+%\s+[\d.]+%\s+[\d.]+(?:m?s)?\s+([\d.]+)%\s+(.+?)(?: \(inline\))?$/.exec(line);
    if (m) cum.set(m[2]!.trim(), Number(m[1]));
  }
  const flat = execFileSync('go', ['tool', 'pprof', '-top', '-nodecount=12', file], { env: { ...process.env, GOTOOLCHAIN: 'local' } })
    .toString()
    .split('\n')
    .filter((l) => /^\s*[\d.]+(?:m?s)?\s+[\d.]+%/.test(l))
    .map((l) => l.trim().replace(/\s+/g, ' '));
  return { totalS, cum, flatTop: flat };
}

/** The largest cumulative share among a part's functions (they nest: the outermost is the part's share). */
const shareOf = (cum: Map<string, number>, re: RegExp) => Math.max(0, ...[...cum].filter(([name]) => re.test(name)).map(([, pct]) => pct));

async function main() {
  const t = loadTopology();
  const peers = allPeers(t);
  const out = path.join(STATE_DIR, 'profiles-pprof');
  fs.mkdirSync(out, { recursive: true });
  for (const { org, peer, id } of peers) {
    const url = `http://${dialHost(org)}:${peer.operationsPort + PPROF_PORT_STEP}/debug/pprof/`;
    await fetch(url, { signal: AbortSignal.timeout(2000) }).catch(() => {
      throw new Error(`${id} serves no pprof at ${url}: start the network with NOTARY_PEER_PPROF=1 npm run network:up`);
    });
  }
  const desc = readNetworkDescription(NETWORK_JSON);
  const ledger = new Ledger(desc);
  const project = ownedId('PROFILE');
  let committed = 0;
  const load = runPool(BATCHES, 2, async () => {
    const items = Array.from({ length: BATCH }, () => contractInput(project));
    await ledger.submit('HousingBureauMSP', 'company1', { contract: 'Contracts', fn: 'RegisterBatch', args: [JSON.stringify({ items })] });
    committed += BATCH;
  });
  // Let the load reach its steady state before sampling.
  await sleep(3000);
  const before = committed;
  const files = await Promise.all(
    peers.map(async ({ org, peer, id }) => {
      const res = await fetch(`http://${dialHost(org)}:${peer.operationsPort + PPROF_PORT_STEP}/debug/pprof/profile?seconds=${SECONDS}`, {
        signal: AbortSignal.timeout((SECONDS + 30) * 1000),
      });
      const file = path.join(out, `${id}.pb.gz`);
      fs.writeFileSync(file, Buffer.from(await res.arrayBuffer()));
      return { id, file };
    }),
  );
  const during = committed - before;
  const run = await load;
  ledger.close();
  console.log(`${BATCHES} batches of ${BATCH}: ${run.failures} failed; about ${during} contracts committed while the ${SECONDS} s profiles ran`);
  console.log(`profiles: ${out}\n`);
  const read = files.map((f) => ({ ...f, ...readProfile(f.file) }));
  console.log(`| part of the peer | ${read.map((r) => r.id).join(' | ')} |`);
  console.log(`|---|${read.map(() => '---|').join('')}`);
  console.log(`| CPU-seconds sampled in ${SECONDS} s | ${read.map((r) => r.totalS.toFixed(1)).join(' | ')} |`);
  for (const [name, re] of PARTS) console.log(`| ${name} | ${read.map((r) => `${shareOf(r.cum, re).toFixed(1)} %`).join(' | ')} |`);
  for (const r of read) console.log(`\n${r.id}, top functions by own time:\n${r.flatTop.map((l) => `    ${l}`).join('\n')}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
