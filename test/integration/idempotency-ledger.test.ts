// Exactly-once writes that survive the API: an API process (api/server.ts, a
// child process) with the test-only crash hook exits right after a commit and
// before answering; a second API process, with its own state folder (no shared
// cache), answers the resend from the ledger: 201 with the first transaction's
// ID, and the record written once. The same key with another body is 409 and
// writes nothing; a batch resent after a crash between its chunks writes only
// the chunks that did not commit and answers every chunk with its first txId.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { canonicalJson, IDEMPOTENCY_TRANSIENT, MAX_BATCH_SIZE } from '../../chaincode/src/domain';
import { CRASH_AFTER_COMMIT_ENV, CRASH_EXIT_CODE, CRASH_LINE } from '../../api/plugins/idempotency';
import { LedgerError } from '../../gateway/errors';
import { Ledger } from '../../gateway/ledger';
import { NETWORK_JSON } from '../../network/native/paths';
import { issueTestKeys, type ClientId, type IssuedKeys } from './support/api';
import { COMPANY_2, contractInput, newHash, ownedId, uniqueId } from './support/fixtures';

const REPO_ROOT = path.join(__dirname, '..', '..');
const TX_ID = /^[0-9a-f]{64}$/;

interface ChildApi {
  url: string;
  child: ChildProcess;
  stderr: () => string;
  exited: Promise<number | null>;
}

let keys: IssuedKeys;
const children: ChildProcess[] = [];

/** Starts api/server.ts on a free port with its own state folder; resolves once it listens. */
async function startChildApi(env: Record<string, string> = {}): Promise<ChildApi> {
  const state = fs.mkdtempSync(path.join(keys.dir, 'api-state-'));
  const child = spawn(process.execPath, [require.resolve('tsx/cli'), path.join(REPO_ROOT, 'api', 'server.ts')], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'info',
      RATE_LIMIT_PER_MINUTE: '100000',
      API_KEYS_FILE: keys.storeFile,
      IDEMPOTENCY_FILE: path.join(state, 'idempotency.jsonl'),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the API did not start within 90 s: ${out}${err}`)), 90_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    void exited.then((code) => reject(new Error(`the API exited (${code}) before listening: ${out}${err}`)));
  });
  return { url, child, stderr: () => err, exited };
}

interface Answer {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  replayed: string | null;
}

async function call(api: ChildApi, as: ClientId, method: 'GET' | 'POST', url: string, body?: unknown, key?: string): Promise<Answer> {
  const headers: Record<string, string> = { authorization: `Bearer ${keys.key(as)}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (key) headers['idempotency-key'] = key;
  const res = await fetch(`${api.url}${url}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: await res.json(), replayed: res.headers.get('idempotent-replayed') };
}

/** Reads until `done` holds (another org's peer may commit the block a moment later), at most 15 s. */
async function readUntil(api: ChildApi, as: ClientId, url: string, done: (a: Answer) => boolean): Promise<Answer> {
  let a = await call(api, as, 'GET', url);
  for (let i = 0; i < 60 && !done(a); i++) {
    await new Promise((r) => setTimeout(r, 250));
    a = await call(api, as, 'GET', url);
  }
  return a;
}

/** Sends a write to an API that crashes after its first commit: the connection drops; answers the txId it committed. */
async function sendAndCrash(api: ChildApi, url: string, body: unknown, key: string): Promise<string> {
  await expect(call(api, 'housingbureau-company1', 'POST', url, body, key)).rejects.toThrow();
  expect(await api.exited).toBe(CRASH_EXIT_CODE);
  const m = CRASH_LINE.exec(api.stderr());
  expect(m).not.toBeNull();
  return m![1]!;
}

beforeAll(() => {
  keys = issueTestKeys();
});

afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGTERM');
  if (keys) fs.rmSync(keys.dir, { recursive: true, force: true });
});

describe('an API crash between commit and answer', () => {
  let second: ChildApi;
  beforeAll(async () => {
    second = await startChildApi();
  });

  it('the resend to another API instance answers 201 with the first txId, and the contract is written once', async () => {
    const key = uniqueId('idem');
    const input = contractInput(ownedId('P'));
    const crashing = await startChildApi({ [CRASH_AFTER_COMMIT_ENV]: '1' });
    const firstTxId = await sendAndCrash(crashing, '/v1/contracts', input, key);
    expect(firstTxId).toMatch(TX_ID);

    const resent = await call(second, 'housingbureau-company1', 'POST', '/v1/contracts', input, key);
    expect([resent.status, resent.replayed, resent.body.txId]).toEqual([201, 'true', firstTxId]);
    expect(resent.body.contract).toMatchObject({ contractId: input.contractId, version: 1 });
    expect(resent.body.blockNumber).toMatch(/^\d+$/);

    const history = await readUntil(second, 'court-judge1', `/v1/contracts/${input.contractId}/history`, (a) => a.status === 200);
    expect(history.status).toBe(200);
    expect(history.body.versions).toHaveLength(1);
    expect(history.body.writes.map((w: { txId: string }) => w.txId)).toEqual([firstTxId]);

    // Again: the same answer, still nothing written.
    const again = await call(second, 'housingbureau-company1', 'POST', '/v1/contracts', input, key);
    expect([again.status, again.replayed, again.body.txId]).toEqual([201, 'true', firstTxId]);

    // The same key with another body: 409, and the other contract does not exist.
    const other = contractInput(ownedId('P'));
    const conflict = await call(second, 'housingbureau-company1', 'POST', '/v1/contracts', other, key);
    expect([conflict.status, conflict.body.error.code, conflict.replayed]).toEqual([409, 'IDEMPOTENCY_CONFLICT', null]);
    expect((await call(second, 'court-judge1', 'GET', `/v1/contracts/${other.contractId}`)).status).toBe(404);

    // The key is the caller's own: another identity using it writes its own record.
    const byOther = await call(second, 'housingbureau-company2', 'POST', '/v1/contracts', contractInput(ownedId('P', COMPANY_2)), key);
    expect([byOther.status, byOther.replayed]).toEqual([201, null]);
    expect(byOther.body.txId).not.toBe(firstTxId);
  });

  it('a batch resent after a crash between its chunks writes the rest once and answers every chunk with its first txId', async () => {
    const key = uniqueId('idem-batch');
    const project = ownedId('P');
    const items = Array.from({ length: MAX_BATCH_SIZE + 2 }, () => contractInput(project));
    const crashing = await startChildApi({ [CRASH_AFTER_COMMIT_ENV]: '1' });
    const firstChunkTx = await sendAndCrash(crashing, '/v1/contracts/batch', { items }, key);

    const resent = await call(second, 'housingbureau-company1', 'POST', '/v1/contracts/batch', { items }, key);
    expect([resent.status, resent.replayed, resent.body.count]).toEqual([201, 'partial', items.length]);
    const txIds = resent.body.transactions.map((t: { txId: string }) => t.txId);
    expect(resent.body.transactions.map((t: { count: number }) => t.count)).toEqual([MAX_BATCH_SIZE, 2]);
    expect(txIds[0]).toBe(firstChunkTx);
    expect(txIds[1]).toMatch(TX_ID);
    expect(txIds[1]).not.toBe(firstChunkTx);

    const again = await call(second, 'housingbureau-company1', 'POST', '/v1/contracts/batch', { items }, key);
    expect([again.status, again.replayed]).toEqual([201, 'true']);
    expect(again.body).toEqual(resent.body);

    // Each item written once, by its chunk's one transaction.
    for (const [i, expected] of [
      [0, txIds[0]],
      [MAX_BATCH_SIZE - 1, txIds[0]],
      [MAX_BATCH_SIZE, txIds[1]],
    ] as const) {
      const h = await readUntil(second, 'court-judge1', `/v1/contracts/${items[i]!.contractId}/history`, (a) => a.status === 200);
      expect(h.body.writes.map((w: { txId: string }) => w.txId)).toEqual([expected]);
    }
  });
});

describe('the chaincode records the claim in the same transaction', () => {
  let ledger: Ledger;
  beforeAll(() => {
    ledger = Ledger.open(NETWORK_JSON);
  });
  afterAll(() => ledger?.close());

  const register = (identity: string, input: unknown, claim: unknown) =>
    ledger.submit<{ contract: { contractId: string } }>('HousingBureauMSP', identity, {
      contract: 'Contracts',
      fn: 'Register',
      args: [JSON.stringify(input)],
      transient: { [IDEMPOTENCY_TRANSIENT]: typeof claim === 'string' ? claim : canonicalJson(claim) },
    });
  const recordOf = (identity: string, key: string) =>
    ledger.evaluate<{ record: unknown }>('HousingBureauMSP', identity, { contract: 'Idempotency', fn: 'Get', args: [key] });
  const refusal = async (p: Promise<unknown>): Promise<LedgerError> => {
    const e = await p.then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(e).toBeInstanceOf(LedgerError);
    return e as LedgerError;
  };

  it("a second write with the key is refused ALREADY_DONE naming the first; Get answers the caller's record only; the result reads back", async () => {
    const key = uniqueId('claim');
    const claim = { key, requestSha256: newHash() };
    const first = await register('company1', contractInput(ownedId('P')), claim);
    expect(await recordOf('company1', key)).toEqual({ record: { fn: 'Contracts:Register', requestSha256: claim.requestSha256, txId: first.txId } });
    expect(await recordOf('company2', key)).toEqual({ record: null });
    expect(await ledger.transactionResult('HousingBureauMSP', 'company1', first.txId)).toEqual(first);

    const other = contractInput(ownedId('P'));
    const e = await refusal(register('company1', other, claim));
    expect([e.kind, e.code]).toEqual(['REJECTED', 'ALREADY_EXISTS']);
    expect(e.domainDetails).toMatchObject({ reason: 'ALREADY_DONE', txId: first.txId, requestSha256: claim.requestSha256 });
    const missing = await refusal(ledger.evaluate('CourtMSP', 'judge1', { contract: 'Contracts', fn: 'Get', args: [other.contractId] }));
    expect(missing.code).toBe('NOT_FOUND');
  });

  it('a malformed claim refuses the write: nothing is written', async () => {
    const input = contractInput(ownedId('P'));
    const e = await refusal(register('company1', input, { key: uniqueId('claim'), requestSha256: 'not-a-hash' }));
    expect([e.code, e.domainDetails?.field]).toEqual(['INVALID_ARGUMENT', 'idempotency.requestSha256']);
    const missing = await refusal(ledger.evaluate('CourtMSP', 'judge1', { contract: 'Contracts', fn: 'Get', args: [input.contractId] }));
    expect(missing.code).toBe('NOT_FOUND');
  });
});
