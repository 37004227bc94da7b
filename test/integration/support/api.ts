// The HTTP API on the real network, for app.inject: API keys issued into a
// temporary directory (never .fabric/api), one app instance per call to
// startApi, each with its own Ledger (closed by app.close()) and its own
// idempotency file.
import type { FastifyInstance, InjectOptions } from 'fastify';

import { createHash, randomBytes, randomInt } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildApp } from '../../../api/app';
import { ApiKeys, issueKeys } from '../../../api/auth';
import { loadConfig } from '../../../api/config';
import { IdempotencyStore } from '../../../api/idempotency';
import { canonicalJson } from '../../../chaincode/src/domain';
import { Ledger } from '../../../gateway/ledger';
import { readNetworkDescription } from '../../../network/description';
import { NETWORK_JSON } from '../../../network/native/paths';

export type ClientId =
  | 'housingbureau-company1'
  | 'housingbureau-company2'
  | 'housingbureau-regulator1'
  | 'court-mediator1'
  | 'court-judge1'
  | 'lawfirma-lawyer1'
  | 'lawfirmb-lawyer1';

/** Keys issued once per test file, in a temporary directory. */
export interface IssuedKeys {
  dir: string;
  storeFile: string;
  key(clientId: ClientId): string;
}

export function issueTestKeys(): IssuedKeys {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'notary-api-test-'));
  const storeFile = path.join(dir, 'api-keys.json');
  const issued = issueKeys(readNetworkDescription(NETWORK_JSON), storeFile, path.join(dir, 'credentials.json'));
  return {
    dir,
    storeFile,
    key: (clientId) => {
      const found = issued.find((i) => i.clientId === clientId);
      if (!found) throw new Error(`no API key issued for ${clientId}; issued: ${issued.map((i) => i.clientId).join(', ')}`);
      return found.key;
    },
  };
}

/** A reply with its JSON body parsed (undefined when the body is not JSON). */
export interface Reply {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  text: string;
  headers: Record<string, string | string[] | number | undefined>;
}

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

/**
 * The newest block any test write committed in. Peers of different orgs commit
 * the same block moments apart, so before each call a client waits until its
 * own org's peer has reached it: read-your-writes across orgs.
 */
let newestBlock = -1n;

export class TestApi {
  private readonly clients: Map<string, { mspId: string; identity: string }>;

  constructor(
    readonly app: FastifyInstance,
    private readonly keys: IssuedKeys,
  ) {
    const store = JSON.parse(fs.readFileSync(keys.storeFile, 'utf8')) as { clients: { clientId: string; mspId: string; identity: string }[] };
    this.clients = new Map(store.clients.map((c) => [c.clientId, c]));
  }

  private async caughtUp(clientId: ClientId): Promise<void> {
    const c = this.clients.get(clientId);
    if (!c || newestBlock < 0n) return;
    for (let i = 0; i < 100 && BigInt(await this.app.ledger.ledger.height(c.mspId, c.identity)) <= newestBlock; i++) {
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  // eslint-disable-next-line complexity -- test HTTP client: headers, body, idempotency key and response parsing options
  async request(
    method: Method,
    url: string,
    opts: { as?: ClientId; authorization?: string; body?: unknown; payload?: string; headers?: Record<string, string> } = {},
  ): Promise<Reply> {
    if (opts.as) await this.caughtUp(opts.as);
    const headers: Record<string, string> = { ...(opts.headers ?? {}) };
    if (opts.as) headers.authorization = `Bearer ${this.keys.key(opts.as)}`;
    if (opts.authorization !== undefined) headers.authorization = opts.authorization;
    const inject: InjectOptions = { method, url, headers };
    if (opts.payload !== undefined) inject.payload = opts.payload;
    else if (opts.body !== undefined) inject.payload = opts.body as InjectOptions['payload'];
    const res = await this.app.inject(inject);
    let body: unknown;
    try {
      body = JSON.parse(res.body);
    } catch {
      body = undefined;
    }
    const block = (body as { blockNumber?: unknown } | undefined)?.blockNumber;
    if (res.statusCode === 201 && typeof block === 'string' && BigInt(block) > newestBlock) newestBlock = BigInt(block);
    return { status: res.statusCode, body, text: res.body, headers: res.headers };
  }

  /** How many `contract:fn` transactions this API has submitted and seen commit, from its /metrics. */
  async submitted(contract: string, fn: string): Promise<number> {
    const metrics = String((await this.request('GET', '/metrics')).text);
    const count = new RegExp(`_count\\{kind="submit",contract="${contract}",fn="${fn}",outcome="ok"\\} (\\d+)`).exec(metrics)?.[1];
    return Number(count ?? 0);
  }

  /** A client acting with one API key. */
  as(clientId: ClientId) {
    return {
      get: (url: string, headers?: Record<string, string>) => this.request('GET', url, { as: clientId, headers }),
      post: (url: string, body?: unknown, headers?: Record<string, string>) => this.request('POST', url, { as: clientId, body, headers }),
      put: (url: string, body?: unknown, headers?: Record<string, string>) => this.request('PUT', url, { as: clientId, body, headers }),
    };
  }

  close(): Promise<void> {
    return this.app.close();
  }
}

/** A real app on the real network; `env` overrides configuration (strings, as in the environment). */
export async function startApi(keys: IssuedKeys, env: Record<string, string> = {}): Promise<TestApi> {
  const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent', RATE_LIMIT_PER_MINUTE: '100000', ...env });
  const ledger = Ledger.open(NETWORK_JSON);
  const idempotency = new IdempotencyStore(path.join(keys.dir, `idempotency-${randomBytes(4).toString('hex')}.jsonl`));
  try {
    const app = await buildApp({ config, ledger, keys: ApiKeys.load(keys.storeFile), idempotency });
    await app.ready();
    return new TestApi(app, keys);
  } catch (e) {
    ledger.close();
    throw e;
  }
}

// --- Owners' personal data (PUT /v1/contracts/:id/owner) ---

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/** An 18-character resident ID with a valid GB 11643 check character. */
export function residentId(): string {
  const body =
    `110105${1950 + randomInt(50)}${String(1 + randomInt(12)).padStart(2, '0')}` +
    `${String(1 + randomInt(28)).padStart(2, '0')}${String(randomInt(1000)).padStart(3, '0')}`;
  const sum = ID_WEIGHTS.reduce((acc, w, i) => acc + w * Number(body[i]), 0);
  return body + '10X98765432'[sum % 11]!;
}

/** The same ID with a wrong check character (passes the API's pattern, fails the chaincode's check). */
export function withWrongCheckDigit(id: string): string {
  const right = id[17]!;
  const wrong = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'X'].find((c) => c !== right)!;
  return id.slice(0, 17) + wrong;
}

export interface Owner {
  name: string;
  phone: string;
  idNumber: string;
  salt: string;
}

export function newOwner(): Owner {
  return {
    name: `接口测试业主${randomBytes(2).toString('hex')}`,
    phone: `139${String(randomInt(100_000_000)).padStart(8, '0')}`,
    idNumber: residentId(),
    salt: randomBytes(32).toString('hex'),
  };
}

/** The contract's ownerCommitment: SHA-256 of the owner's canonical JSON. */
export const commitmentOf = (owner: Owner) => createHash('sha256').update(canonicalJson(owner)).digest('hex');
