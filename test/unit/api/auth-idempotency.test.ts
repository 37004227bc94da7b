// Authentication (an API key acts as one Fabric identity) and Idempotency-Key
// (replay, conflict, in flight, server errors retried), through app.inject
// against a fake ledger.
import { rejected, unavailable } from './fake-ledger';
import { contract, randomKey, testApp, type TestApp } from './support';

describe('auth', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp();
    t.ledger.on('Contracts', 'Get', () => ({ contract: { contractId: 'C-1' } }));
  });
  afterAll(() => t.close());

  it('each key acts on the ledger as its own Fabric identity', async () => {
    const expected = [
      ['company1', 'HousingBureauMSP', 'company1'],
      ['lawyerA', 'LawFirmAMSP', 'lawyer1'],
      ['mediator1', 'CourtMSP', 'mediator1'],
    ] as const;
    for (const [client, mspId, identity] of expected) {
      expect((await t.as(client).get('/v1/contracts/C-1')).status).toBe(200);
      expect(t.ledger.calls.at(-1)).toMatchObject({ kind: 'evaluate', mspId, identity, contract: 'Contracts', fn: 'Get', args: ['C-1'] });
    }
  });

  it('a request without a valid key reaches no handler and no ledger', async () => {
    const before = t.ledger.calls.length;
    expect((await t.request('GET', '/v1/contracts/C-1')).status).toBe(401);
    expect((await t.request('GET', '/v1/contracts/C-1', { headers: { authorization: 'Bearer ' } })).status).toBe(401);
    expect((await t.request('POST', '/v1/contracts', { body: contract(1), headers: { authorization: 'Bearer nk_test_company1x' } })).status).toBe(401);
    expect(t.ledger.calls.length).toBe(before);
  });

  it('the operations and judge routes need no key', async () => {
    expect((await t.request('GET', '/healthz')).body).toEqual({ status: 'ok' });
    expect((await t.request('GET', '/readyz')).body).toEqual({ status: 'ready', channel: 'notary', height: expect.any(String) });
    expect((await t.request('GET', '/metrics')).status).toBe(200);
  });

  it("every answer carries the request ID, the client's own when it is plain", async () => {
    const r = await t.request('GET', '/v1/contracts/C-1', { as: 'company1', headers: { 'x-request-id': 'req-42' } });
    expect(r.headers['x-request-id']).toBe('req-42');
    const odd = await t.request('GET', '/v1/contracts/C-1', { as: 'company1', headers: { 'x-request-id': 'no spaces allowed' } });
    expect(odd.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('idempotency', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp();
  });
  afterAll(() => t.close());
  beforeEach(() => {
    t.ledger.reset().on('Contracts', 'Register', () => ({ contract: { contractId: 'C-1', version: 1 } }));
  });

  it('a resend with the same key and body gets the first answer and writes nothing', async () => {
    const headers = { 'idempotency-key': randomKey() };
    const first = await t.as('company1').post('/v1/contracts', contract(1), headers);
    expect(first.status).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const again = await t.as('company1').post('/v1/contracts', contract(1), headers);
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(t.ledger.callsOf('Contracts', 'Register')).toHaveLength(1);
  });

  it("the chaincode's refusal is final too: the resend gets the same 4xx without asking the ledger", async () => {
    const headers = { 'idempotency-key': randomKey() };
    t.ledger.on('Contracts', 'Register', () => {
      throw rejected('ALREADY_EXISTS', 'contract C-1 exists');
    });
    const first = await t.as('company1').post('/v1/contracts', contract(1), headers);
    expect(first.status).toBe(409);
    const again = await t.as('company1').post('/v1/contracts', contract(1), headers);
    expect(again).toMatchObject({ status: 409, body: first.body, headers: { 'idempotent-replayed': 'true' } });
    expect(t.ledger.callsOf('Contracts', 'Register')).toHaveLength(1);
  });

  it('a schema violation is refused before the key is taken (validation runs first)', async () => {
    const headers = { 'idempotency-key': randomKey() };
    const bad = { ...contract(1), feeTerms: { ...contract(1).feeTerms, dueDayOfMonth: 31 } };
    expect((await t.as('company1').post('/v1/contracts', bad, headers)).status).toBe(400);
    expect((await t.as('company1').post('/v1/contracts', contract(1), headers)).status).toBe(201);
  });

  it('the same key with another body is 409 IDEMPOTENCY_CONFLICT and writes nothing', async () => {
    const headers = { 'idempotency-key': randomKey() };
    await t.as('company1').post('/v1/contracts', contract(1), headers);
    const other = await t.as('company1').post('/v1/contracts', contract(2), headers);
    expect(other.status).toBe(409);
    expect(other.body.error).toMatchObject({ code: 'IDEMPOTENCY_CONFLICT', message: expect.stringContaining('different request') });
    expect(t.ledger.callsOf('Contracts', 'Register')).toHaveLength(1);
  });

  it('the same key while the first request is in flight is 409; the first still commits', async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => {
      release = r;
    });
    t.ledger.on('Contracts', 'Register', async () => {
      await held;
      return { contract: {} };
    });
    const headers = { 'idempotency-key': randomKey() };
    const first = t.as('company1').post('/v1/contracts', contract(1), headers);
    while (t.ledger.callsOf('Contracts', 'Register').length === 0) await new Promise((r) => setImmediate(r));
    const second = await t.as('company1').post('/v1/contracts', contract(1), headers);
    expect(second.status).toBe(409);
    expect(second.body.error).toMatchObject({ code: 'IDEMPOTENCY_CONFLICT', message: expect.stringContaining('still being processed') });
    release();
    expect((await first).status).toBe(201);
    expect(t.ledger.callsOf('Contracts', 'Register')).toHaveLength(1);
  });

  it('a server error is not remembered: the resend is tried again', async () => {
    const headers = { 'idempotency-key': randomKey() };
    t.ledger.on('Contracts', 'Register', () => {
      throw unavailable();
    });
    expect((await t.as('company1').post('/v1/contracts', contract(1), headers)).status).toBe(503);
    t.ledger.on('Contracts', 'Register', () => ({ contract: {} }));
    const retried = await t.as('company1').post('/v1/contracts', contract(1), headers);
    expect(retried.status).toBe(201);
    expect(retried.headers['idempotent-replayed']).toBeUndefined();
    expect(t.ledger.callsOf('Contracts', 'Register')).toHaveLength(2);
  });

  it('keys are per client, and GETs and requests without a key are never remembered', async () => {
    const key = randomKey();
    expect((await t.as('company1').post('/v1/contracts', contract(1), { 'idempotency-key': key })).status).toBe(201);
    const byOther = await t.as('regulator1').post('/v1/contracts', contract(1), { 'idempotency-key': key });
    expect(byOther.headers['idempotent-replayed']).toBeUndefined();
    await t.as('company1').post('/v1/contracts', contract(2));
    await t.as('company1').post('/v1/contracts', contract(2));
    expect(t.ledger.callsOf('Contracts', 'Register')).toHaveLength(4);
  });
});
