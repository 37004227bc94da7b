// What the API's background compaction of project deltas (api/delta-compaction.ts)
// buys and costs, A/B in one run on one network: N single registrations into
// project A with no compaction, then N into project B with the API's
// DeltaCompaction folding them (Arrears:CompactDeltas) as it does behind
// POST /v1/contracts; then, once the network is quiet, the reads that sum the
// deltas (Funnel and Ratio of each project, and the channel's funnel before and
// after each phase), and the registration rate and folds of each phase. Last,
// C: one more registration into A noted by a new DeltaCompaction (an API just
// started, which never saw A's deltas written): it lists A's backlog
// (Arrears:DeltaTxIds) and folds it, 500 at a time; the time that takes, and
// the reads after it.
//   npm run bench:delta-compaction -- [--single 5000] [--in-flight 50] [--every 32] [--samples 20]
import { parseArgs } from 'node:util';
import { DeltaCompaction, type FoldLog } from '../api/delta-compaction';
import { foldPorts } from '../api/ledger-access';
import { ownerOfId } from '../chaincode/src/domain';
import { Ledger } from '../gateway/ledger';
import { readNetworkDescription } from '../network/description';
import { NETWORK_JSON } from '../network/native/paths';
import { contractInput, ownedId } from '../scripts/fixtures';
import { awaitQuiet } from './process-cpu';
import { percentile, runPool, summarise } from './stats';

const { values } = parseArgs({
  options: {
    single: { type: 'string', default: '5000' },
    'in-flight': { type: 'string', default: '50' },
    every: { type: 'string', default: '32' },
    samples: { type: 'string', default: '20' },
  },
});
const SINGLE = Number(values.single);
const IN_FLIGHT = Number(values['in-flight']);
const EVERY = Number(values.every);
const SAMPLES = Number(values.samples);

const company = { mspId: 'HousingBureauMSP', identity: 'company1' };
const reader = { mspId: 'HousingBureauMSP', identity: 'regulator1' };

/** Folds as the API logs them, counted. */
function countingLog() {
  const counts = { folded: 0, failed: 0 };
  const log: FoldLog = {
    info: () => counts.folded++,
    warn: () => counts.failed++,
  };
  return { counts, log };
}

async function register(ledger: Ledger, project: string, compaction?: DeltaCompaction, log?: FoldLog) {
  const first = contractInput(project);
  // The first names the project's owner; the rest at IN_FLIGHT at once.
  await ledger.submit(company.mspId, company.identity, { contract: 'Contracts', fn: 'Register', args: [JSON.stringify(first)] });
  const run = await runPool(SINGLE - 1, IN_FLIGHT, async () => {
    const out = await ledger.submit<{ deltaProjects?: string[] }>(company.mspId, company.identity, {
      contract: 'Contracts',
      fn: 'Register',
      args: [JSON.stringify(contractInput(project))],
    });
    if (compaction && out.result.deltaProjects) compaction.noteWrite(company, out.txId, out.result.deltaProjects, log!);
  });
  await compaction?.idle();
  return { ...summarise(run.latencies, run.failures, run.elapsedMs), errors: run.errors.slice(0, 3) };
}

async function readMs(op: () => Promise<unknown>): Promise<string> {
  const ms: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const t0 = performance.now();
    await op();
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  return `${percentile(ms, 50).toFixed(1)} / ${percentile(ms, 95).toFixed(1)} ms`;
}

async function main() {
  const ledger = new Ledger(readNetworkDescription(NETWORK_JSON));
  try {
    const evaluate = <T>(contract: string, fn: string, args: string[], as = reader) => ledger.evaluate<T>(as.mspId, as.identity, { contract, fn, args });
    // Counted through an attestation's prefix listing, which stops at 2,000 keys.
    const deltas = async (project: string) =>
      evaluate<{ prefixes: { keys: string[] }[] }>('Evidence', 'Attest', [
        JSON.stringify({ keys: [], prefixes: [['projectDelta', ownerOfId(project)!, project]] }),
      ]).then(
        (r) => String(r.prefixes[0]!.keys.length),
        (e: Error) => (e.message.includes('LIMIT_EXCEEDED') || JSON.stringify(e).includes('LIMIT_EXCEEDED') ? 'over 2,000' : `unknown: ${e.message}`),
      );

    // The channel's funnel sums every delta on the channel: read before and after each phase, once quiet.
    const channelFunnel = async () => {
      await awaitQuiet();
      return readMs(() => evaluate('Disputes', 'Funnel', ['*']));
    };
    const channelAtStart = await channelFunnel();
    const a = ownedId('DELTA-OFF');
    console.error(`A: ${SINGLE} single registrations into ${a}, no compaction`);
    const offRun = await register(ledger, a);
    const channelAfterA = await channelFunnel();
    const b = ownedId('DELTA-ON');
    const { counts, log } = countingLog();
    const ports = foldPorts(ledger);
    const compaction = new DeltaCompaction(ports, { every: EVERY });
    console.error(`B: ${SINGLE} single registrations into ${b}, folded once ${EVERY} wait`);
    const onRun = await register(ledger, b, compaction, log);
    const channelAfterB = await channelFunnel();

    const funnelA = await readMs(() => evaluate('Disputes', 'Funnel', [a]));
    const funnelB = await readMs(() => evaluate('Disputes', 'Funnel', [b]));
    const ratioA = await readMs(() => evaluate('Arrears', 'Ratio', [a]));
    const ratioB = await readMs(() => evaluate('Arrears', 'Ratio', [b]));
    const countsA = await evaluate<{ funnel: { contracts: number } }>('Disputes', 'Funnel', [a]);
    const countsB = await evaluate<{ funnel: { contracts: number } }>('Disputes', 'Funnel', [b]);
    const [deltasA, deltasB] = [await deltas(a), await deltas(b)];

    console.error(`C: one registration into ${a} noted by an API that never saw its deltas written`);
    const late = countingLog();
    const fresh = new DeltaCompaction(ports, { every: EVERY });
    const t0 = performance.now();
    const one = await ledger.submit<{ deltaProjects?: string[] }>(company.mspId, company.identity, {
      contract: 'Contracts',
      fn: 'Register',
      args: [JSON.stringify(contractInput(a))],
    });
    fresh.noteWrite(company, one.txId, one.result.deltaProjects ?? [], late.log);
    await fresh.idle();
    const catchUpS = (performance.now() - t0) / 1000;
    const channelAfterC = await channelFunnel();
    const funnelC = await readMs(() => evaluate('Disputes', 'Funnel', [a]));
    const ratioC = await readMs(() => evaluate('Arrears', 'Ratio', [a]));
    const countsC = await evaluate<{ funnel: { contracts: number } }>('Disputes', 'Funnel', [a]);
    const deltasC = await deltas(a);
    const height = await ledger.height(reader.mspId, reader.identity);

    console.log(`\nchannel height ${height}; ${SINGLE} single registrations per project, ${IN_FLIGHT} in flight; reads ${SAMPLES} each, p50 / p95`);
    console.log(`| | A: no compaction | B: folded once ${EVERY} wait | C: A after one write noted by a new API |`);
    console.log('|---|---|---|---|');
    console.log(`| registrations/s (failed) | ${offRun.perSecond.toFixed(1)} (${offRun.failures}) | ${onRun.perSecond.toFixed(1)} (${onRun.failures}) | 1 |`);
    console.log(
      `| registration p50 / p95 | ${offRun.p50.toFixed(0)} / ${offRun.p95.toFixed(0)} ms | ${onRun.p50.toFixed(0)} / ${onRun.p95.toFixed(0)} ms | – |`,
    );
    console.log(
      `| folds committed / failed | – | ${counts.folded} / ${counts.failed} | ${late.counts.folded} / ${late.counts.failed}, ${catchUpS.toFixed(1)} s |`,
    );
    console.log(`| delta keys of the project after | ${deltasA} | ${deltasB} | ${deltasC} |`);
    const withCount = (ms: string, c: { funnel: { contracts: number } }) => `${ms} (contracts ${c.funnel.contracts})`;
    console.log(`| Funnel(project) | ${withCount(funnelA, countsA)} | ${withCount(funnelB, countsB)} | ${withCount(funnelC, countsC)} |`);
    console.log(`| Ratio(project) | ${ratioA} | ${ratioB} | ${ratioC} |`);
    const spans = [
      [channelAtStart, channelAfterA],
      [channelAfterA, channelAfterB],
      [channelAfterB, channelAfterC],
    ].map(([from, to]) => `${from} → ${to}`);
    console.log(`| Funnel('*') of the channel, before the phase → after it | ${spans.join(' | ')} |`);
    for (const r of [offRun, onRun]) if (r.errors.length) console.log(`errors: ${r.errors.join(' | ')}`);
  } finally {
    ledger.close();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
