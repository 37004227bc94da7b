// Graceful overload through the HTTP API: N clients (companies 1 and 2 in turn)
// each upload one batch of M contracts at the same moment, each to a project
// of its own. A client resends the same batch with the same Idempotency-Key
// after 429 or 503, waiting what Retry-After says. Reports every answer the
// API gave (anything but 201, 429 and 503 is a failure), the throughput and the
// latency of each batch from its first send to its 201, then reads every
// project back to check each contract is on the ledger exactly once.
//   npx tsx bench/overload.ts [--clients 8] [--batch-size 2500] [--url http://127.0.0.1:8080]
// API_CREDENTIALS (default .fabric/api/demo-credentials.json) holds the demo keys `npm start` issued.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sleep } from '../fabric/sleep';
import { STATE_DIR } from '../network/native/paths';
import { contractInput, uniqueId } from '../scripts/fixtures';
import { percentile } from './stats';

const { values } = parseArgs({
  options: {
    clients: { type: 'string', default: '8' },
    'batch-size': { type: 'string', default: '2500' },
    url: { type: 'string', default: process.env.API_URL ?? 'http://127.0.0.1:8080' },
    'give-up-after-s': { type: 'string', default: '1800' },
  },
});
const CLIENTS = Number(values.clients);
const BATCH = Number(values['batch-size']);
const API_URL = values.url.replace(/\/+$/, '');
const GIVE_UP_MS = Number(values['give-up-after-s']) * 1000;
const CREDENTIALS_FILE = process.env.API_CREDENTIALS ?? path.join(STATE_DIR, 'api', 'demo-credentials.json');

function keyOf(clientId: string): string {
  const c = (JSON.parse(fs.readFileSync(CREDENTIALS_FILE, 'utf8')) as { clients: { clientId: string; key: string }[] }).clients.find(
    (x) => x.clientId === clientId,
  );
  if (!c) throw new Error(`${CREDENTIALS_FILE} has no client ${clientId}`);
  return c.key;
}

interface Outcome {
  statuses: number[];
  retryAfters: number[];
  latencyMs: number;
  ok: boolean;
  error?: string;
}

async function upload(key: string, projectId: string): Promise<Outcome> {
  const items = Array.from({ length: BATCH }, () => contractInput(projectId));
  const body = JSON.stringify({ items });
  const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'idempotency-key': randomUUID() };
  const statuses: number[] = [];
  const retryAfters: number[] = [];
  const started = performance.now();
  while (performance.now() - started < GIVE_UP_MS) {
    const res = await fetch(`${API_URL}/v1/contracts/batch`, { method: 'POST', headers, body, signal: AbortSignal.timeout(600_000) });
    statuses.push(res.status);
    const text = await res.text();
    if (res.status === 201) return { statuses, retryAfters, latencyMs: performance.now() - started, ok: true };
    if (res.status !== 429 && res.status !== 503)
      return { statuses, retryAfters, latencyMs: performance.now() - started, ok: false, error: text.slice(0, 300) };
    const wait = Number(res.headers.get('retry-after') ?? 'NaN');
    retryAfters.push(wait);
    await sleep((Number.isFinite(wait) ? wait : 5) * 1000);
  }
  return { statuses, retryAfters, latencyMs: performance.now() - started, ok: false, error: 'gave up' };
}

async function countContracts(key: string, projectId: string): Promise<number> {
  let n = 0;
  let bookmark = '';
  for (;;) {
    const q = new URLSearchParams({ projectId, pageSize: '1000', ...(bookmark ? { bookmark } : {}) });
    const res = await fetch(`${API_URL}/v1/contracts?${q}`, { headers: { authorization: `Bearer ${key}` } });
    if (res.status !== 200) throw new Error(`listing ${projectId}: ${res.status} ${await res.text()}`);
    const page = (await res.json()) as { contracts: unknown[]; bookmark: string };
    n += page.contracts.length;
    if (!page.bookmark) return n;
    bookmark = page.bookmark;
  }
}

async function main() {
  const keys = [keyOf('housingbureau-company1'), keyOf('housingbureau-company2')];
  const run = uniqueId('OVERLOAD');
  const projects = Array.from({ length: CLIENTS }, (_, i) => `${run}-${i}`);
  const t0 = performance.now();
  const outcomes = await Promise.all(projects.map((p, i) => upload(keys[i % 2]!, p)));
  const wallS = (performance.now() - t0) / 1000;
  const all = outcomes.flatMap((o) => o.statuses);
  const count = (s: number) => all.filter((x) => x === s).length;
  const others = all.filter((s) => ![201, 429, 503].includes(s));
  const latencies = outcomes.filter((o) => o.ok).map((o) => o.latencyMs);
  latencies.sort((a, b) => a - b);
  const stored = await Promise.all(projects.map((p, i) => countContracts(keys[i % 2]!, p)));
  console.log(`${CLIENTS} clients × ${BATCH} contracts at once, through ${API_URL}`);
  console.log(`answers: ${count(201)} × 201, ${count(429)} × 429, ${count(503)} × 503, ${others.length} other (${others.join(', ') || 'none'})`);
  console.log(`Retry-After given: ${outcomes.flatMap((o) => o.retryAfters).join(', ') || 'never'} s`);
  console.log(`batches stored: ${outcomes.filter((o) => o.ok).length} of ${CLIENTS}; contracts per project on the ledger: ${stored.join(', ')}`);
  const [p50, p95] = [50, 95].map((p) => (percentile(latencies, p) / 1000).toFixed(1));
  const rate = ((CLIENTS * BATCH) / wallS).toFixed(1);
  console.log(`wall ${wallS.toFixed(1)} s; ${rate} contracts/s; batch latency (first send → 201) p50 ${p50} s, p95 ${p95} s`);
  for (const o of outcomes.filter((x) => !x.ok)) console.error(`failed batch: ${o.statuses.join(' → ')}: ${o.error}`);
  if (others.length > 0 || stored.some((n) => n !== BATCH)) process.exitCode = 1;
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
