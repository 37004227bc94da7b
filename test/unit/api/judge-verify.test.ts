// POST /verify off the event loop (api/verify-pool): the real worker pool verifies the fixture package with the same
// answer shape; malformed bodies and packages answer 4xx with a message (never 5xx); over the body limit 413, over the
// per-IP rate limit 429, with the pool full 503 with Retry-After, over the time limit 422.
import type { FastifyInstance } from 'fastify';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildApp } from '../../../api/app';
import { ApiKeys } from '../../../api/auth';
import { loadConfig } from '../../../api/config';
import { IdempotencyStore } from '../../../api/idempotency';
import { Metrics } from '../../../api/metrics';
import { VerifyPool, type TaskRunner } from '../../../api/verify-pool/pool';
import type { VerifyOutcome } from '../../../api/verify-pool/task';
import { FIXTURES, TRUST } from '../evidence/support';
import { FakeLedger } from './fake-ledger';

const DISPUTE = fs.readFileSync(path.join(FIXTURES, 'dispute.json'), 'utf8');
const dirs: string[] = [];
const apps: FastifyInstance[] = [];

async function judgeApp(env: Record<string, string> = {}, verifyPool?: VerifyPool): Promise<FastifyInstance> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'notary-judge-unit-'));
  dirs.push(dir);
  const config = loadConfig({ LOG_LEVEL: 'silent', IDEMPOTENCY_FILE: path.join(dir, 'idempotency.jsonl'), VERIFY_THREADS: '1', ...env });
  const app = await buildApp({
    config,
    ledger: new FakeLedger(),
    keys: new ApiKeys([]),
    metrics: new Metrics(),
    idempotency: new IdempotencyStore(config.IDEMPOTENCY_FILE),
    trustBundle: TRUST,
    verifyPool,
  });
  await app.ready();
  apps.push(app);
  return app;
}

const post = (app: FastifyInstance, payload: string, headers: Record<string, string> = {}) =>
  app.inject({ method: 'POST', url: '/verify', payload, headers: { 'content-type': 'application/json', ...headers } });

afterAll(async () => {
  for (const a of apps) await a.close();
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

describe('POST /verify in the worker pool', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await judgeApp();
  });

  it('verifies the fixture package in a worker thread, with the answer of the judge page', async () => {
    const res = await post(app, JSON.stringify({ package: JSON.parse(DISPUTE) }));
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(Object.keys(body)).toEqual(
      ['anchored', 'ok', 'asOf', 'trustBundle', 'live', 'firstFailure', 'timeline', 'checks', 'facts', 'certificate'].filter((k) => k in body),
    );
    expect(body).toMatchObject({ anchored: true, ok: true, trustBundle: { own: true, source: 'server' }, live: { checked: false } });
    expect(body.timeline.length).toBeGreaterThan(0);
    expect(body.certificate.verifyUrl).toMatch(/\/judge\/packages\/[0-9a-f]{64}$/);
    // Kept for the certificate's link, and verified again from there (in the pool too).
    const again = await app.inject({
      method: 'GET',
      url: body.certificate.verifyUrl.replace(/^https?:\/\/[^/]+/, ''),
      headers: { accept: 'application/json' },
    });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ ok: true, certificate: { verifiedAgain: true } });
  });

  const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
  const malformed: [string, string][] = [
    ['not JSON', '{"package": {'],
    ['empty JSON text', ' '],
    ['an array', '[]'],
    ['10,000 nested arrays', nested(10_000)],
    ['a package of 10,000 nested arrays', `{"package": ${nested(10_000)}}`],
    ['a package nested 65 levels', `{"package": {"records": ${nested(63)}}}`],
    ['a package that is a string', '{"package": "x"}'],
    ['no package', '{"documents": []}'],
    ['an unknown field', '{"package": {}, "extra": 1}'],
    ['documents not an array', '{"package": {}, "documents": {}}'],
    ['a document without content', '{"package": {}, "documents": [{"name": "a"}]}'],
    ['a trust bundle that is not one', '{"package": {}, "trustBundle": [1]}'],
  ];
  it.each(malformed)('answers 400 with a message to %s', async (_what, payload) => {
    const res = await post(app, payload);
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/^body/) });
  });

  const pkg = JSON.parse(DISPUTE) as Record<string, unknown>;
  // JSON.stringify itself overflows the stack on 10,000 levels: the deep part is spliced into the text.
  const deep = '@@deep@@';
  const badPackages: [string, Record<string, unknown>][] = [
    ['records nested 10,000 deep', { ...pkg, records: { dispute: deep } }],
    ['statements that are not objects', { ...pkg, statements: [1, 'x', null, deep] }],
    ['records that are not objects', { ...pkg, records: { dispute: 1, contract: [], letters: 'x' } }],
    ['a statement value nested 10,000 deep', { ...pkg, statements: [{ ...(pkg.statements as object[])[0], value: deep }] }],
    ['fields of the wrong types', { ...pkg, blocks: {}, asOf: 7, attestations: [null], kind: 3 }],
    ['an empty object', {}],
  ];
  it.each(badPackages)('answers a package with %s without a 5xx (a failed verification or a 4xx with a message)', async (_what, p) => {
    const res = await post(app, JSON.stringify({ package: p }).replace(JSON.stringify(deep), nested(10_000)));
    expect(res.statusCode).toBeLessThan(500);
    const body = res.json();
    if (res.statusCode === 200) expect(body.ok).toBe(false);
    else expect(body.error).toMatchObject({ code: expect.stringMatching(/^(INVALID_ARGUMENT|UNVERIFIABLE_PACKAGE)$/), message: expect.any(String) });
  });

  it('answers 4xx to a body sent as text/plain', async () => {
    const res = await post(app, 'hello', { 'content-type': 'text/plain' });
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
    expect(res.statusCode).toBeLessThan(500);
  });
});

describe('POST /verify limits', () => {
  it('answers 413 over the body limit', async () => {
    const app = await judgeApp({ VERIFY_BODY_LIMIT_BYTES: '2048' });
    const res = await post(app, JSON.stringify({ package: { x: 'y'.repeat(4096) } }));
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('answers 429 over the per-IP rate limit, for POST /verify and the re-verification link', async () => {
    const app = await judgeApp({ VERIFY_RATE_LIMIT_PER_MINUTE: '2' });
    expect((await post(app, '[]')).statusCode).toBe(400);
    expect((await post(app, '[]')).statusCode).toBe(400);
    const res = await post(app, '[]');
    expect(res.statusCode).toBe(429);
    expect(res.json().error.code).toBe('RATE_LIMITED');
    // The re-verification link has a limit of its own.
    const link = () => app.inject({ method: 'GET', url: `/judge/packages/${'0'.repeat(64)}`, headers: { accept: 'application/json' } });
    expect((await link()).statusCode).toBe(404);
    expect((await link()).statusCode).toBe(404);
    expect((await link()).statusCode).toBe(429);
    // Other routes are not limited by it.
    expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
  });

  it('answers 503 with Retry-After when the pool holds its threads and queue, and takes work again once it drains', async () => {
    const release: (() => void)[] = [];
    const runner: TaskRunner = () =>
      new Promise<VerifyOutcome>((resolve) =>
        release.push(() => resolve({ ok: false, status: 400, code: 'INVALID_ARGUMENT', message: 'body released by the test' })),
      );
    const pool = new VerifyPool({ threads: 1, maxQueue: 1, timeoutMs: 60_000 }, runner);
    const app = await judgeApp({}, pool);
    const held = [post(app, '{}'), post(app, '{}')];
    await new Promise((r) => setTimeout(r, 50));
    expect(pool.size).toBe(2);
    const busy = await post(app, '{}');
    expect(busy.statusCode).toBe(503);
    expect(busy.headers['retry-after']).toBe('5');
    expect(busy.json().error).toMatchObject({ code: 'VERIFIER_BUSY', message: expect.stringMatching(/busy/) });
    release.forEach((r) => r());
    expect((await Promise.all(held)).map((r) => r.statusCode)).toEqual([400, 400]);
    release.length = 0;
    const next = post(app, '{}');
    await new Promise((r) => setTimeout(r, 50));
    release.forEach((r) => r());
    expect((await next).statusCode).toBe(400);
  });

  it('abandons a verification over the time limit with 422 and a clear message (the real pool stops its worker)', async () => {
    const app = await judgeApp({ VERIFY_TIMEOUT_MS: '100' });
    const res = await post(app, JSON.stringify({ package: JSON.parse(DISPUTE) }));
    expect(res.statusCode).toBe(422);
    expect(res.json().error).toMatchObject({ code: 'VERIFY_TIMEOUT', message: expect.stringMatching(/within 0.1 s/) });
  });
});
