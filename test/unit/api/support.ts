// The real app (buildApp) over a FakeLedger, with API keys for a few demo
// identities and an idempotency file of its own: app.inject, no network.
import type { FastifyInstance, InjectOptions } from 'fastify';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildApp } from '../../../api/app';
import { ApiKeys, type ApiClient } from '../../../api/auth';
import { loadConfig } from '../../../api/config';
import { IdempotencyStore } from '../../../api/idempotency';
import { Metrics } from '../../../api/metrics';
import { FakeLedger } from './fake-ledger';

const CLIENTS = {
  company1: { mspId: 'HousingBureauMSP', identity: 'company1', role: 'property-company' },
  regulator1: { mspId: 'HousingBureauMSP', identity: 'regulator1', role: 'regulator' },
  mediator1: { mspId: 'CourtMSP', identity: 'mediator1', role: 'mediator' },
  lawyerA: { mspId: 'LawFirmAMSP', identity: 'lawyer1', role: 'lawyer' },
} as const;
export type Client = keyof typeof CLIENTS;

const keyOf = (client: Client) => `nk_test_${client}`;
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export interface Reply {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  headers: Record<string, string | string[] | number | undefined>;
}

export class TestApp {
  constructor(
    readonly app: FastifyInstance,
    readonly ledger: FakeLedger,
    private readonly dir: string,
  ) {}

  async request(
    method: 'GET' | 'POST' | 'PUT',
    url: string,
    opts: { as?: Client; body?: unknown; payload?: string; headers?: Record<string, string> } = {},
  ): Promise<Reply> {
    const headers: Record<string, string> = { ...(opts.as ? { authorization: `Bearer ${keyOf(opts.as)}` } : {}), ...(opts.headers ?? {}) };
    const inject: InjectOptions = { method, url, headers };
    if (opts.payload !== undefined) inject.payload = opts.payload;
    else if (opts.body !== undefined) inject.payload = opts.body as InjectOptions['payload'];
    const res = await this.app.inject(inject);
    let body: unknown;
    try {
      body = JSON.parse(res.body);
    } catch {
      body = res.body;
    }
    return { status: res.statusCode, body, headers: res.headers };
  }

  as(client: Client) {
    return {
      get: (url: string, headers?: Record<string, string>) => this.request('GET', url, { as: client, headers }),
      post: (url: string, body?: unknown, headers?: Record<string, string>) => this.request('POST', url, { as: client, body, headers }),
      put: (url: string, body?: unknown, headers?: Record<string, string>) => this.request('PUT', url, { as: client, body, headers }),
    };
  }

  async close(): Promise<void> {
    await this.app.close();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** `env` overrides configuration as the environment would (strings). */
export async function testApp(env: Record<string, string> = {}, ledger = new FakeLedger()): Promise<TestApp> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'notary-api-unit-'));
  const config = loadConfig({ LOG_LEVEL: 'silent', RATE_LIMIT_PER_MINUTE: '100000', IDEMPOTENCY_FILE: path.join(dir, 'idempotency.jsonl'), ...env });
  const clients: ApiClient[] = Object.entries(CLIENTS).map(([clientId, c]) => ({
    clientId,
    label: clientId,
    ...c,
    keyHash: sha256(keyOf(clientId as Client)),
  }));
  const app = await buildApp({
    config,
    ledger,
    keys: new ApiKeys(clients),
    metrics: new Metrics(),
    idempotency: new IdempotencyStore(config.IDEMPOTENCY_FILE),
  });
  await app.ready();
  return new TestApp(app, ledger, dir);
}

// --- Valid bodies ---

export const hex = (seed: string) => sha256(seed);

export function contract(i: number | string, projectId = 'P-1') {
  return {
    contractId: `C-${i}`,
    projectId,
    unitId: `U-${i}`,
    ownerCommitment: hex(`owner ${i}`),
    documentSha256: hex(`doc ${i}`),
    feeTerms: { monthlyFeeFen: 25_000, billingCycle: 'MONTHLY', dueDayOfMonth: 5 },
    termStart: '2026-01-01',
    termEnd: '2028-12-31',
  };
}

export function arrearsEvent(i: number, contractId = `C-${i}`) {
  return { eventId: `E-${i}`, contractId, type: 'billed', period: '2026-03', amountFen: 25_000 };
}

export const randomKey = () => randomBytes(8).toString('hex');
