// Throughput of contract registration through the HTTP API: the same work as
// bench/registration.ts (which goes straight through @hyperledger/fabric-gateway),
// as company1 over real HTTP: POST /v1/contracts with N in flight, then
// POST /v1/contracts/batch.
//   npx tsx bench/api.ts [--single 600] [--in-flight 50] [--batches 10] [--batch-size 200] [--batch-in-flight 2]
//                        [--idempotency on|off] [--url http://127.0.0.1:8080]
// API_URL and API_CREDENTIALS (default .fabric/api/demo-credentials.json) are read from the environment too.
// Each request carries an Idempotency-Key unless --idempotency off, as a well-behaved client's would.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { STATE_DIR } from '../network/native/paths';
import { contractInput, ownedId, uniqueId } from '../scripts/fixtures';
import { runPool, summarise, type Summary } from './stats';

const { values } = parseArgs({
  options: {
    single: { type: 'string', default: '600' },
    'in-flight': { type: 'string', default: '50' },
    batches: { type: 'string', default: '10' },
    'batch-size': { type: 'string', default: '200' },
    'batch-in-flight': { type: 'string', default: '2' },
    idempotency: { type: 'string', default: 'on' },
    url: { type: 'string', default: process.env.API_URL ?? 'http://127.0.0.1:8080' },
  },
});
const n = (k: 'single' | 'in-flight' | 'batches' | 'batch-size' | 'batch-in-flight') => {
  const v = Number(values[k]);
  if (!Number.isInteger(v) || v < 1) throw new Error(`--${k} must be a positive integer, got ${values[k]}`);
  return v;
};
const API_URL = values.url.replace(/\/+$/, '');
const CREDENTIALS_FILE = process.env.API_CREDENTIALS ?? path.join(STATE_DIR, 'api', 'demo-credentials.json');
const CLIENT = 'housingbureau-company1';

const row = (name: string, s: Summary, unit: string) =>
  `| ${name} | ${s.count} | ${s.failures} | ${s.seconds.toFixed(1)} | ${s.perSecond.toFixed(1)} ${unit}/s | ${s.p50.toFixed(0)} / ${s.p95.toFixed(0)} ` +
  `/ ${s.p99.toFixed(0)} ms |`;

function apiKey(): string {
  if (!fs.existsSync(CREDENTIALS_FILE)) throw new Error(`${CREDENTIALS_FILE} not found: \`npm start\` issues the demo API keys`);
  const c = (JSON.parse(fs.readFileSync(CREDENTIALS_FILE, 'utf8')) as { clients: { clientId: string; key: string }[] }).clients.find(
    (x) => x.clientId === CLIENT,
  );
  if (!c) throw new Error(`${CREDENTIALS_FILE} has no client ${CLIENT}`);
  return c.key;
}

async function main() {
  const key = apiKey();
  try {
    const res = await fetch(`${API_URL}/readyz`, { signal: AbortSignal.timeout(15_000) });
    if (res.status !== 200) throw new Error(`not ready: ${await res.text()}`);
  } catch (e) {
    throw new Error(
      `the API at ${API_URL} is not reachable or not ready (${(e as Error & { cause?: Error }).cause?.message ?? (e as Error).message}); start it ` +
        `with \`npm start\` or pass --url`,
    );
  }
  const run = uniqueId('bench-api');
  let seq = 0;
  const post = async (urlPath: string, body: unknown) => {
    const headers: Record<string, string> = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
    if (values.idempotency !== 'off') headers['idempotency-key'] = `${run}-${++seq}`;
    const res = await fetch(`${API_URL}${urlPath}`, { method: 'POST', headers, body: JSON.stringify(body), signal: AbortSignal.timeout(300_000) });
    const text = await res.text();
    if (res.status !== 201) {
      let code = '';
      try {
        code = (JSON.parse(text) as { error?: { code?: string; message?: string } }).error?.code ?? '';
      } catch {
        /* not JSON */
      }
      throw new Error(`${urlPath} ${res.status} ${code}: ${text.slice(0, 300)}`);
    }
  };

  const project = ownedId('BENCH-API');
  const single = await runPool(n('single'), n('in-flight'), async () => {
    await post('/v1/contracts', contractInput(project));
  });
  const batch = await runPool(n('batches'), n('batch-in-flight'), async () => {
    const items = Array.from({ length: n('batch-size') }, () => contractInput(project));
    await post('/v1/contracts/batch', { items });
  });
  console.log('| operation | ops | failures | seconds | throughput | latency p50 / p95 / p99 |');
  console.log('|---|---|---|---|---|---|');
  console.log(row(`POST /v1/contracts, ${values['in-flight']} in flight`, summarise(single.latencies, single.failures, single.elapsedMs), 'contracts'));
  console.log(
    row(
      `POST /v1/contracts/batch of ${values['batch-size']}, ${values['batch-in-flight']} in flight`,
      summarise(batch.latencies, batch.failures, batch.elapsedMs, n('batch-size')),
      'contracts',
    ),
  );
  for (const e of [...new Set([...single.errors, ...batch.errors])].slice(0, 5)) console.error(`error: ${e}`);
  if (single.failures + batch.failures > 0) process.exitCode = 1;
}

main().catch((e) => {
  console.error(`bench:api failed: ${(e as Error).message}`);
  process.exit(1);
});
