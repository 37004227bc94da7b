// Metrics (request and Fabric call latencies by route, contract, function and
// outcome) and the evidence summary route, through app.inject against a fake
// ledger.
import { rejected } from './fake-ledger';
import { contract, testApp, type TestApp } from './support';

describe('metrics and evidence', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp();
  });
  afterAll(() => t.close());
  beforeEach(() => {
    t.ledger.reset();
  });

  it('/metrics counts requests by route and status, and Fabric calls by contract, function and outcome', async () => {
    let n = 0;
    t.ledger.on('Contracts', 'Register', () => {
      if (++n === 2) throw rejected('ALREADY_EXISTS', 'contract C-1 exists');
      return { contract: {} };
    });
    await t.as('company1').post('/v1/contracts', contract(1));
    await t.as('company1').post('/v1/contracts', contract(1));
    const text = String((await t.request('GET', '/metrics')).body);
    expect(text).toContain('notary_fabric_call_duration_seconds_count{kind="submit",contract="Contracts",fn="Register",outcome="ok"} 1');
    expect(text).toContain('notary_fabric_call_duration_seconds_count{kind="submit",contract="Contracts",fn="Register",outcome="REJECTED"} 1');
    expect(text).toContain('notary_http_request_duration_seconds_count{method="POST",route="/v1/contracts",status="201"} 1');
    expect(text).toContain('notary_http_request_duration_seconds_count{method="POST",route="/v1/contracts",status="409"} 1');
  });

  it("a contract's evidence lists every writing transaction once, with its block, oldest first", async () => {
    t.ledger.on('Contracts', 'Register', () => ({ contract: {} }));
    const first = await t.as('company1').post('/v1/contracts', contract(7));
    const second = await t.as('company1').post('/v1/contracts', contract(8));
    const writes = [second.body.txId, first.body.txId, second.body.txId].map((txId) => ({ txId }));
    t.ledger.on('Contracts', 'History', () => ({ contract: { contractId: 'C-7' }, versions: [], writes }));
    t.ledger.on('Arrears', 'ListByContract', () => ({ contractId: 'C-7', events: [], balances: [] }));
    const r = await t.as('mediator1').get('/v1/evidence/contracts/C-7');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      format: 'notary-evidence/1',
      kind: 'contract',
      subject: 'C-7',
      channel: 'notary',
      records: { history: { writes }, arrears: { contractId: 'C-7' } },
    });
    expect(r.body.transactions).toEqual([
      { txId: first.body.txId, blockNumber: first.body.blockNumber, validationCode: 'VALID' },
      { txId: second.body.txId, blockNumber: second.body.blockNumber, validationCode: 'VALID' },
    ]);
    expect(t.ledger.calls.filter((c) => c.kind === 'evaluate').every((c) => c.mspId === 'CourtMSP' && c.identity === 'mediator1')).toBe(true);
  });

  it('self-verifying packages need the Fabric ledger: over another port they answer 503', async () => {
    const r = await t.as('mediator1').get('/v1/evidence/disputes/D-1/package');
    expect(r.status).toBe(503);
    expect(r.body.error.code).toBe('LEDGER_UNAVAILABLE');
  });
});
