// Idempotency with the ledger as the truth, through app.inject against a fake
// ledger that keeps idempotency records as the chaincode does: a second API
// instance (its own cache) answers a resend from the ledger, a conflicting body
// is refused before any submit, a lost race (ALREADY_DONE at endorsement) is
// answered as a replay, and a resent batch skips the chunks already committed.
import { IDEMPOTENCY_TRANSIENT, MAX_BATCH_SIZE, parseIdempotencyClaim } from '../../../chaincode/src/domain';
import { crashAfterCommitFromEnv } from '../../../api/plugins/idempotency';
import { FakeLedger, unavailable, type FakeCall, registeredBatch } from './fake-ledger';
import { arrearsEvent, contract, randomKey, testApp, type TestApp } from './support';

const claimOf = (call: FakeCall) => parseIdempotencyClaim(call.transient![IDEMPOTENCY_TRANSIENT]!);

describe('idempotency on the ledger, across API instances', () => {
  let ledger: FakeLedger;
  let a: TestApp;
  let b: TestApp;
  beforeEach(async () => {
    ledger = new FakeLedger();
    a = await testApp({}, ledger);
    b = await testApp({}, ledger);
    ledger.on('Contracts', 'Register', (call) => ({ contract: { contractId: (JSON.parse(call.args[0]!) as { contractId: string }).contractId, version: 1 } }));
    ledger.on('Contracts', 'RegisterBatch', (call) => registeredBatch(call));
  });
  afterEach(async () => {
    await a.close();
    await b.close();
  });

  it('the write carries the claim as transient data: the key and a request hash salted with it, nothing of it in the arguments', async () => {
    const key = randomKey();
    expect((await a.as('company1').post('/v1/contracts', contract(1), { 'idempotency-key': key })).status).toBe(201);
    const [call] = ledger.callsOf('Contracts', 'Register');
    expect(claimOf(call!)).toEqual({ key, requestSha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(call!.args.join('')).not.toContain(key);
    // Without a key nothing is claimed.
    expect((await a.as('company1').post('/v1/contracts', contract(2))).status).toBe(201);
    expect(ledger.callsOf('Contracts', 'Register')[1]!.transient).toBeUndefined();
  });

  it('another instance answers a resend from the ledger: 201, the first txId and body, replayed, nothing submitted again', async () => {
    const headers = { 'idempotency-key': randomKey() };
    const first = await a.as('company1').post('/v1/contracts', contract(1), headers);
    expect(first.status).toBe(201);
    const again = await b.as('company1').post('/v1/contracts', contract(1), headers);
    expect(again).toMatchObject({ status: 201, body: first.body, headers: { 'idempotent-replayed': 'true' } });
    expect(ledger.callsOf('Contracts', 'Register')).toHaveLength(1);
  });

  it('another instance refuses the key for another body (409) before submitting anything', async () => {
    const headers = { 'idempotency-key': randomKey() };
    const first = await a.as('company1').post('/v1/contracts', contract(1), headers);
    const other = await b.as('company1').post('/v1/contracts', contract(2), headers);
    expect(other.status).toBe(409);
    expect(other.body.error).toMatchObject({ code: 'IDEMPOTENCY_CONFLICT', details: { txId: first.body.txId } });
    expect(other.headers['idempotent-replayed']).toBeUndefined();
    expect(ledger.callsOf('Contracts', 'Register')).toHaveLength(1);
    // The ledger's conflict is not cached as this key's answer: asked again, the ledger refuses again.
    const twice = await b.as('company1').post('/v1/contracts', contract(2), headers);
    expect([twice.status, twice.body.error.code, twice.headers['idempotent-replayed']]).toEqual([409, 'IDEMPOTENCY_CONFLICT', undefined]);
    // And the key of another identity is another record: the same key is free for it.
    expect((await b.as('regulator1').post('/v1/contracts', contract(2), headers)).status).toBe(201);
  });

  it('a send whose look-up missed the record is refused ALREADY_DONE at endorsement and answered as a replay', async () => {
    const headers = { 'idempotency-key': randomKey() };
    const first = await a.as('company1').post('/v1/contracts', contract(1), headers);
    // As when the first send was still committing while the second looked: the look-up finds nothing.
    jest.spyOn(ledger, 'evaluate').mockResolvedValueOnce({ record: null });
    const again = await b.as('company1').post('/v1/contracts', contract(1), headers);
    expect(again).toMatchObject({ status: 201, body: first.body, headers: { 'idempotent-replayed': 'true' } });
    expect(ledger.callsOf('Contracts', 'Register')).toHaveLength(1);
  });

  it('a server error leaves the key free on the ledger: the resend writes', async () => {
    const headers = { 'idempotency-key': randomKey() };
    ledger.on('Contracts', 'Register', () => {
      throw unavailable();
    });
    expect((await a.as('company1').post('/v1/contracts', contract(1), headers)).status).toBe(503);
    ledger.on('Contracts', 'Register', () => ({ contract: { contractId: 'C-1' } }));
    const retried = await b.as('company1').post('/v1/contracts', contract(1), headers);
    expect(retried.status).toBe(201);
    expect(retried.headers['idempotent-replayed']).toBeUndefined();
  });

  it('a resent batch skips the chunks already committed (partial), then answers every chunk with its first txId (true)', async () => {
    const key = randomKey();
    const items = Array.from({ length: MAX_BATCH_SIZE + 3 }, (_, i) => contract(`B${i}`));
    let calls = 0;
    ledger.on('Contracts', 'RegisterBatch', (call) => {
      if (++calls === 2) throw unavailable();
      return registeredBatch(call);
    });
    const broken = await a.as('company1').post('/v1/contracts/batch', { items }, { 'idempotency-key': key });
    expect(broken.status).toBe(503);
    const firstChunk = broken.body.error.details.committed[0].txId as string;

    const resent = await b.as('company1').post('/v1/contracts/batch', { items }, { 'idempotency-key': key });
    expect(resent.status).toBe(201);
    expect(resent.headers['idempotent-replayed']).toBe('partial');
    expect(resent.body.transactions.map((t: { txId: string }) => t.txId)[0]).toBe(firstChunk);
    expect(resent.body.transactions.map((t: { count: number }) => t.count)).toEqual([MAX_BATCH_SIZE, 3]);
    const batchCalls = ledger.callsOf('Contracts', 'RegisterBatch');
    expect(batchCalls.map(claimOf).map((c) => c.key)).toEqual([`${key}:0`, `${key}:1`, `${key}:1`]);

    const third = await a.as('company1').post('/v1/contracts/batch', { items }, { 'idempotency-key': key });
    expect(third).toMatchObject({ status: 201, body: resent.body, headers: { 'idempotent-replayed': 'true' } });
    expect(ledger.callsOf('Contracts', 'RegisterBatch')).toHaveLength(3);
  });

  it('an arrears batch resent after a failure part way: committed chunks replayed, the rest written, projects evaluated again after more chunks', async () => {
    const key = randomKey();
    let n = 0;
    ledger.on('Arrears', 'RecordBatch', () => {
      if (++n === 2) throw unavailable();
      return { projectIds: ['P-1'] };
    });
    ledger.on('Arrears', 'EvaluateRisk', (call) => ({ projectId: call.args[0], at: '', ratio: {}, thresholdBp: null, atRisk: false, warning: null }));
    const items = Array.from({ length: MAX_BATCH_SIZE + 1 }, (_, i) => arrearsEvent(i));
    const broken = await a.as('company1').post('/v1/arrears-events/batch', { items }, { 'idempotency-key': key });
    expect(broken.status).toBe(503);

    const resent = await b.as('company1').post('/v1/arrears-events/batch', { items }, { 'idempotency-key': key });
    expect([resent.status, resent.headers['idempotent-replayed']]).toEqual([201, 'partial']);
    expect(resent.body.transactions[0].txId).toBe(broken.body.error.details.committed[0].txId);
    const keys = (fn: string) =>
      ledger
        .callsOf('Arrears', fn)
        .map(claimOf)
        .map((c) => c.key);
    expect(keys('RecordBatch')).toEqual([`${key}:0`, `${key}:1`, `${key}:1`]);
    // The evaluation after one chunk (the failure's) and after both are two evaluations, each done once.
    expect(keys('EvaluateRisk')).toEqual([`${key}:risk:1:P-1`, `${key}:risk:2:P-1`]);

    const third = await a.as('company1').post('/v1/arrears-events/batch', { items }, { 'idempotency-key': key });
    expect(third).toMatchObject({ status: 201, body: resent.body, headers: { 'idempotent-replayed': 'true' } });
    expect(ledger.callsOf('Arrears', 'RecordBatch')).toHaveLength(3);
    expect(ledger.callsOf('Arrears', 'EvaluateRisk')).toHaveLength(2);
  });

  it('the crash hook is honoured only under NODE_ENV=test', () => {
    expect(crashAfterCommitFromEnv({ NODE_ENV: 'test', NOTARY_TEST_CRASH_AFTER_COMMIT: '1' })).toBe(true);
    expect(crashAfterCommitFromEnv({ NODE_ENV: 'production', NOTARY_TEST_CRASH_AFTER_COMMIT: '1' })).toBe(false);
    expect(crashAfterCommitFromEnv({ NODE_ENV: 'test' })).toBe(false);
  });
});
