// Every status of the README's error table, through app.inject against a fake
// ledger: one error shape, the chaincode's code and details, every peer's own
// message, and the transaction ID when one is known.
import { TIME_OUT_OF_WINDOW } from '../../../chaincode/src/domain';
import { commitFailed, endorsementFailed, mvccConflict, outcomeUnknown, PEERS, rejected, unavailable } from './fake-ledger';
import { contract, testApp, type TestApp } from './support';

describe('error mapping', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp();
  });
  afterAll(() => t.close());

  /** POST /v1/contracts answered by `fail` from the ledger. */
  async function registerFailingWith(fail: () => never) {
    t.ledger.on('Contracts', 'Register', fail);
    return t.as('company1').post('/v1/contracts', contract(1));
  }

  describe('400', () => {
    it('a schema violation names the field (nested, missing, unknown, querystring) and reaches no ledger', async () => {
      const before = t.ledger.calls.length;
      const wrongCycle = await t.as('company1').post('/v1/contracts', { ...contract(1), feeTerms: { ...contract(1).feeTerms, billingCycle: 'WEEKLY' } });
      expect(wrongCycle.status).toBe(400);
      expect(wrongCycle.body.error).toMatchObject({ code: 'INVALID_ARGUMENT', details: { field: 'body/feeTerms/billingCycle' } });
      const { contractId: _omitted, ...noId } = contract(2);
      const missing = await t.as('company1').post('/v1/contracts', noId);
      expect(missing.body.error).toMatchObject({ code: 'INVALID_ARGUMENT', details: { field: 'body/contractId', keyword: 'required' } });
      const extra = await t.as('company1').post('/v1/contracts', { ...contract(3), ownerName: '张三' });
      expect(extra.body.error).toMatchObject({ code: 'INVALID_ARGUMENT', details: { field: 'body/ownerName', keyword: 'additionalProperties' } });
      const page = await t.as('company1').get('/v1/contracts?projectId=P-1&pageSize=1001');
      expect(page.status).toBe(400);
      expect(page.body.error.details.field).toBe('querystring/pageSize');
      expect(t.ledger.calls.length).toBe(before);
    });

    it("the chaincode's INVALID_ARGUMENT keeps its details (a proposal time outside the window) and every peer's message", async () => {
      const details = { reason: TIME_OUT_OF_WINDOW, proposalTime: '2026-11-27T12:00:00Z', peerTime: '2026-11-27T13:00:00Z', skewSeconds: 3600 };
      const r = await registerFailingWith(() => {
        throw rejected('INVALID_ARGUMENT', 'proposal time is outside the endorsement window', details);
      });
      expect(r.status).toBe(400);
      expect(r.body.error).toMatchObject({ code: 'INVALID_ARGUMENT', message: 'proposal time is outside the endorsement window', details });
      expect(r.body.error.peers).toHaveLength(PEERS.length);
      expect(r.body.error.peers[0]).toEqual({ address: PEERS[0]!.address, mspId: PEERS[0]!.mspId, message: expect.stringContaining('[INVALID_ARGUMENT]') });
    });
  });

  it('401 without a key, with a wrong key, or with another scheme', async () => {
    for (const authorization of [undefined, 'Bearer nk_wrong', 'Basic bms6d3Jvbmc=']) {
      const r = await t.request('GET', '/v1/contracts/C-1', { headers: authorization ? { authorization } : {} });
      expect(r.status).toBe(401);
      expect(r.body.error.code).toBe('UNAUTHENTICATED');
    }
  });

  it.each([
    [403, 'FORBIDDEN', "only the contract's company may do this"],
    [404, 'NOT_FOUND', 'contract C-1 not found'],
    [409, 'STAGE_CONFLICT', 'dispute D-1 is SETTLED'],
    [409, 'ALREADY_EXISTS', 'contract C-1 exists'],
    [413, 'LIMIT_EXCEEDED', 'at most 500 items per transaction'],
  ] as const)("%i for the chaincode's %s, with the code, message, details and peers", async (status, code, message) => {
    const r = await registerFailingWith(() => {
      throw rejected(code, message, { contractId: 'C-1' });
    });
    expect(r.status).toBe(status);
    expect(r.body).toEqual({ error: { code, message, details: { contractId: 'C-1' }, peers: expect.any(Array) } });
  });

  it('404 for a route that does not exist', async () => {
    const r = await t.as('company1').get('/v1/no-such-thing');
    expect(r.status).toBe(404);
    expect(r.body.error).toEqual({ code: 'NOT_FOUND', message: 'no route GET /v1/no-such-thing' });
  });

  it('409 IDEMPOTENCY_CONFLICT for a key reused with another body', async () => {
    t.ledger.on('Contracts', 'Register', () => ({ contract: {} }));
    const headers = { 'idempotency-key': 'errors-409' };
    expect((await t.as('company1').post('/v1/contracts', contract(40), headers)).status).toBe(201);
    const r = await t.as('company1').post('/v1/contracts', contract(41), headers);
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('IDEMPOTENCY_CONFLICT');
  });

  it("502 when endorsement fails, keeping each peer's own message and the transaction ID", async () => {
    const messages = ['ProposalResponsePayloads do not match', 'chaincode notary not found', 'timeout expired while executing transaction'];
    const r = await registerFailingWith(() => {
      throw endorsementFailed(messages);
    });
    expect(r.status).toBe(502);
    expect(r.body.error).toMatchObject({
      code: 'LEDGER_ENDORSEMENT_FAILED',
      details: { fabricCode: 'ABORTED' },
      txId: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(r.body.error.peers.map((p: { message: string }) => p.message)).toEqual(messages);
    expect(r.body.error.peers[1]).toEqual({ address: PEERS[1]!.address, mspId: PEERS[1]!.mspId, message: messages[1] });
  });

  it('502 when the transaction was invalidated at commit', async () => {
    const r = await registerFailingWith(() => {
      throw commitFailed('ENDORSEMENT_POLICY_FAILURE');
    });
    expect(r.status).toBe(502);
    expect(r.body.error).toMatchObject({ code: 'LEDGER_COMMIT_FAILED', details: { fabricCode: 'ENDORSEMENT_POLICY_FAILURE' }, txId: expect.any(String) });
  });

  it('503 when the peers are unavailable', async () => {
    const r = await registerFailingWith(() => {
      throw unavailable();
    });
    expect(r.status).toBe(503);
    expect(r.body.error).toMatchObject({
      code: 'LEDGER_UNAVAILABLE',
      peers: [{ address: PEERS[0]!.address, message: expect.stringContaining('ECONNREFUSED') }],
    });
  });

  it('503 OUTCOME_UNKNOWN names the transaction to look up before resending', async () => {
    const err = outcomeUnknown();
    const r = await registerFailingWith(() => {
      throw err;
    });
    expect(r.status).toBe(503);
    expect(r.body.error).toMatchObject({ code: 'OUTCOME_UNKNOWN', txId: err.txId });
    expect(r.body.error.message).toContain(`check GET /v1/transactions/${err.txId} before resending`);
  });

  it('503 for an MVCC conflict that outlived the retries (a busy ledger: try again)', async () => {
    const r = await registerFailingWith(() => {
      throw mvccConflict();
    });
    expect(r.status).toBe(503);
    expect(r.body.error.code).toBe('LEDGER_COMMIT_FAILED');
  });

  it('500 for anything else, without leaking its message', async () => {
    const r = await registerFailingWith(() => {
      throw new Error('secret internals at /etc/notary');
    });
    expect(r.status).toBe(500);
    expect(r.body.error.code).toBe('INTERNAL');
    expect(JSON.stringify(r.body)).not.toContain('secret');
  });
});

describe('error mapping: limits', () => {
  it('413 PAYLOAD_TOO_LARGE for a body over BODY_LIMIT_BYTES, before any ledger call', async () => {
    const t = await testApp({ BODY_LIMIT_BYTES: '2048' });
    try {
      const r = await t.as('company1').post('/v1/contracts', { ...contract(1), padding: 'x'.repeat(4096) });
      expect(r.status).toBe(413);
      expect(r.body.error.code).toBe('PAYLOAD_TOO_LARGE');
      expect(t.ledger.calls).toHaveLength(0);
    } finally {
      await t.close();
    }
  });

  it('429 RATE_LIMITED per client: another client is not held back', async () => {
    const t = await testApp({ RATE_LIMIT_PER_MINUTE: '2' });
    try {
      t.ledger.on('Contracts', 'Get', () => ({ contract: {} }));
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await t.as('company1').get('/v1/contracts/C-1')).status);
      expect(statuses).toEqual([200, 200, 429]);
      const limited = await t.as('company1').get('/v1/contracts/C-1');
      expect(limited.body.error.code).toBe('RATE_LIMITED');
      expect((await t.as('regulator1').get('/v1/contracts/C-1')).status).toBe(200);
    } finally {
      await t.close();
    }
  });
});
