// POST /verify under load: a big real package verifies in the worker pool, and /healthz keeps answering while junk
// uploads are refused. Everything goes to 127.0.0.1; the load is bounded in count and time.
//
//   npx tsx bench/verify-load.ts build [--batch 30] [--fillers 6]   writes a dispute whose blocks also hold RegisterBatch
//                                                      transactions (see build), exports it as CourtMSP judge1 into
//                                                      .fabric/bench/verify-big.json
//   npx tsx bench/verify-load.ts [--package FILE] [--junk-mb 20] [--uploads 4] [--rounds 3]
//
// The second form starts the API in a child process (this file with --serve: the real buildApp over the running
// network, its trust bundle, the default /verify configuration, on a free port), then measures in order:
//   1. /healthz with no load (the baseline), a request every 10 ms for 3 s;
//   2. verifyPackage of the package in this process (no pool), median of 3;
//   3. POST /verify of the package, median of 3, with /healthz pinged throughout;
//   4. --rounds rounds of --uploads concurrent --junk-mb MB junk uploads (random bytes sent as application/json, so
//      each is read, moved to a worker and refused there), with /healthz pinged throughout.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { sleep } from '../fabric/sleep';
import { loadConfig } from '../api/config';
import { buildApp } from '../api/app';
import { ApiKeys } from '../api/auth';
import { Metrics } from '../api/metrics';
import { ledgerIdentity, loadTrustBundle } from '../api/server';
import { EvidenceExporter } from '../evidence/export';
import { parseTrustBundle } from '../evidence/trust/bundle';
import { verifyPackage } from '../evidence/verify';
import { Ledger } from '../gateway/ledger';
import { NETWORK_JSON } from '../network/native/paths';
import { STATE_DIR } from '../fabric/state-dir';
import { contractInput } from '../scripts/fixtures';
import { buildBenchDispute, median } from './evidence';
import { percentile } from './stats';

const BIG = path.join(STATE_DIR, 'bench', 'verify-big.json');
const HOST = '127.0.0.1';

/** The API alone in this process, on a free port of 127.0.0.1; prints the port. */
async function serve(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'verify-load-'));
  const config = loadConfig({ ...process.env, HOST, PORT: '0', LOG_LEVEL: 'warn', IDEMPOTENCY_FILE: path.join(dir, 'idempotency.jsonl') });
  const ledger = Ledger.open(config.NETWORK_JSON);
  const trust = await loadTrustBundle(config, ledger, await ledgerIdentity(ledger));
  const app = await buildApp({ config, ledger, keys: new ApiKeys([]), metrics: new Metrics(), trustBundle: trust.bundle });
  await app.listen({ host: HOST, port: 0 });
  const address = app.server.address();
  console.log(`PORT ${typeof address === 'object' && address ? address.port : 0}`);
  process.on('SIGTERM', () => void app.close().finally(() => process.exit(0)));
}

/**
 * A dispute (bench/evidence.ts's ~20 writes) whose writes share their blocks with RegisterBatch transactions: with each
 * write, `fillers` batches of `batch` contracts are submitted 100 ms apart, so that some reach the orderer in the same
 * block-cutting window (BatchTimeout 250 ms) as the write.
 */
async function build(batch: number, fillers: number, spacing: number, stepDelay: number): Promise<void> {
  const ledger = Ledger.open(NETWORK_JSON);
  try {
    const filler = (delayMs: number) =>
      sleep(delayMs).then(() =>
        ledger.submit('HousingBureauMSP', 'company1', {
          contract: 'Contracts',
          fn: 'RegisterBatch',
          args: [JSON.stringify({ items: Array.from({ length: batch }, () => contractInput('P-VERIFY-LOAD')) })],
        }),
      );
    const padded = {
      submit: async (msp: string, id: string, call: { contract: string; fn: string; args: string[] }) => {
        const step = sleep(stepDelay).then(() => ledger.submit(msp, id, call));
        const [answer] = await Promise.all([step, ...Array.from({ length: fillers }, (_, i) => filler(i * spacing))]);
        return answer;
      },
    };
    const disputeId = await buildBenchDispute(padded as unknown as Ledger);
    const pkg = await new EvidenceExporter(ledger).exportDispute('CourtMSP', 'judge1', disputeId);
    fs.mkdirSync(path.dirname(BIG), { recursive: true });
    fs.writeFileSync(BIG, JSON.stringify(pkg));
    console.log(`${disputeId}: ${fs.statSync(BIG).size} bytes, ${pkg.blocks.length} blocks, ${pkg.configBlocks.length} configuration blocks → ${BIG}`);
  } finally {
    ledger.close();
  }
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });

function request(port: number, method: string, url: string, body?: Buffer): Promise<{ status: number; ms: number; text: string }> {
  const t = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: HOST, port, method, path: url, agent, headers: body ? { 'content-type': 'application/json', 'content-length': body.length } : {} },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - t, text: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.setTimeout(120_000, () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(body);
  });
}

/** Pings /healthz every 10 ms (one at a time, its own connection) until stop() — at most `maxMs`. */
function pingLoop(port: number, maxMs = 120_000) {
  const latencies: number[] = [];
  const own = new http.Agent({ keepAlive: true, maxSockets: 1 });
  let running = true;
  const until = Date.now() + maxMs;
  const done = (async () => {
    while (running && Date.now() < until) {
      const t = performance.now();
      await new Promise<void>((resolve) => {
        http.get({ host: HOST, port, path: '/healthz', agent: own }, (res) => {
          res.resume();
          res.on('end', () => {
            latencies.push(performance.now() - t);
            resolve();
          });
        });
      });
      await sleep(10);
    }
  })();
  return {
    stop: async () => {
      running = false;
      await done;
      own.destroy();
      const s = [...latencies].sort((a, b) => a - b);
      return { n: s.length, p50: percentile(s, 50), p99: percentile(s, 99), max: s[s.length - 1] ?? NaN };
    },
  };
}

/** The ping loop in a process of its own (--ping PORT), so that the uploads this process sends do not delay its clock. */
function pinger(port: number) {
  const child = spawn(process.execPath, ['--import', 'tsx', __filename, '--ping', String(port)], { stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  const ready = new Promise<void>((resolve) => child.stdout!.once('data', () => resolve()));
  return {
    ready,
    stop: async (): Promise<{ n: number; p50: number; p99: number; max: number }> => {
      const exited = new Promise((r) => child.once('exit', r));
      child.stdin!.end();
      await exited;
      return JSON.parse(out.slice(out.indexOf('{'))) as { n: number; p50: number; p99: number; max: number };
    },
  };
}

/** --ping PORT: pings until stdin closes (at most 2 minutes), then prints the statistics as JSON. */
async function ping(port: number): Promise<void> {
  const loop = pingLoop(port);
  process.stdout.write('started\n');
  await new Promise((r) => {
    process.stdin.on('end', r);
    process.stdin.resume();
  });
  process.stdout.write(JSON.stringify(await loop.stop()));
}

const fmt = (x: { n: number; p50: number; p99: number; max: number }) =>
  `n=${x.n} p50 ${x.p50.toFixed(1)} ms, p99 ${x.p99.toFixed(1)} ms, max ${x.max.toFixed(1)} ms`;

/** `rounds` rounds of `uploads` concurrent uploads of `junk`, with /healthz pinged throughout. */
async function junkPhase(port: number, junk: Buffer, uploads: number, rounds: number): Promise<string> {
  const loaded = pinger(port);
  await loaded.ready;
  const statuses = new Map<number, number>();
  const times: number[] = [];
  const t0 = performance.now();
  for (let round = 0; round < rounds; round++) {
    const answers = await Promise.all(Array.from({ length: uploads }, () => request(port, 'POST', '/verify', junk)));
    for (const a of answers) {
      statuses.set(a.status, (statuses.get(a.status) ?? 0) + 1);
      times.push(a.ms);
    }
  }
  const elapsed = performance.now() - t0;
  return (
    `${rounds} × ${uploads} concurrent ${(junk.length / 1e6).toFixed(1)} MB uploads in ${(elapsed / 1000).toFixed(1)} s, answers ` +
    `${[...statuses].map(([s, n]) => `${n}× ${s}`).join(', ')}, each in median ${median(times).toFixed(0)} ms; /healthz meanwhile: ${fmt(await loaded.stop())}`
  );
}

async function startChild(rateLimit: number): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', __filename, '--serve'], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, VERIFY_RATE_LIMIT_PER_MINUTE: String(rateLimit) },
  });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /PORT (\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.on('exit', (code) => reject(new Error(`the API exited (${code})`)));
  });
  return { child, port };
}

async function load(file: string, junkMb: number, uploads: number, rounds: number, rateLimit: number): Promise<void> {
  const json = fs.readFileSync(file);
  const pkg = JSON.parse(json.toString('utf8'));
  const trust = parseTrustBundle(JSON.parse(fs.readFileSync(loadConfig({}).TRUST_BUNDLE_FILE, 'utf8')));
  const body = Buffer.from(`{"package":${json.toString('utf8')}}`);
  console.log(
    `package ${file}: ${json.length} bytes (${(json.length / 1e6).toFixed(1)} MB), ${pkg.blocks.length} blocks, ${pkg.configBlocks.length} config blocks`,
  );
  const { child, port } = await startChild(rateLimit);
  try {
    await request(port, 'GET', '/healthz');
    const idle = pinger(port);
    await idle.ready;
    await sleep(3000);
    console.log(`1. /healthz, no load: ${fmt(await idle.stop())}`);

    const inProcess: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t = performance.now();
      const r = verifyPackage(pkg, { trust });
      inProcess.push(performance.now() - t);
      if (!r.ok) throw new Error(`the package does not verify: ${r.firstFailure?.id}: ${r.firstFailure?.detail}`);
    }
    console.log(`2. verifyPackage in process: median ${median(inProcess).toFixed(0)} ms (${inProcess.map((x) => x.toFixed(0)).join(', ')})`);

    const during = pinger(port);
    await during.ready;
    const posts: number[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await request(port, 'POST', '/verify', body);
      const answer = JSON.parse(r.text);
      if (r.status !== 200 || answer.ok !== true) throw new Error(`POST /verify answered ${r.status}: ${r.text.slice(0, 300)}`);
      posts.push(r.ms);
    }
    console.log(
      `3. POST /verify of it (200, ok): median ${median(posts).toFixed(0)} ms (${posts.map((x) => x.toFixed(0)).join(', ')}); ` +
        `/healthz meanwhile: ${fmt(await during.stop())}`,
    );

    const bytes = Math.ceil((junkMb * 1024 * 1024 * 3) / 4);
    const text = Buffer.from(randomBytes(bytes).toString('base64'));
    console.log(`4. non-JSON junk: ${await junkPhase(port, text, uploads, rounds)}`);
    const json = Buffer.from(`{"package":{"junk":"${randomBytes(bytes).toString('base64')}"}}`);
    console.log(`5. JSON junk (a package of the wrong shape): ${await junkPhase(port, json, uploads, rounds)}`);
  } finally {
    child.kill('SIGTERM');
    agent.destroy();
  }
}

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      serve: { type: 'boolean', default: false },
      ping: { type: 'string' },
      batch: { type: 'string', default: '30' },
      fillers: { type: 'string', default: '6' },
      spacing: { type: 'string', default: '0' },
      'step-delay': { type: 'string', default: '300' },
      package: { type: 'string', default: BIG },
      'junk-mb': { type: 'string', default: '20' },
      uploads: { type: 'string', default: '4' },
      rounds: { type: 'string', default: '10' },
      'rate-limit': { type: 'string', default: '1000' },
    },
  });
  if (values.serve) return serve();
  if (values.ping) return ping(Number(values.ping));
  if (positionals[0] === 'build') return build(Number(values.batch), Number(values.fillers), Number(values.spacing), Number(values['step-delay']));
  return load(
    values.package,
    Number(values['junk-mb']),
    Math.min(Number(values.uploads), 8),
    Math.min(Number(values.rounds), 20),
    Number(values['rate-limit']),
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
