// Chunking of batches (2,500 items → transactions of MAX_BATCH_SIZE, a failure
// after some chunks names what committed), the arrears batch's risk
// evaluations, paging with bookmarks, and the 201 answer shape, through
// app.inject against a fake ledger.
import { MAX_BATCH_SIZE } from '../../../chaincode/src/domain';
import { MAX_BATCH } from '../../../api/schemas/records';
import { EVALUATIONS_IN_FLIGHT } from '../../../api/arrears-batch';
import { outcomeUnknown, rejected, unavailable, type FakeCall, registeredBatch } from './fake-ledger';
import { arrearsEvent, contract, testApp, type TestApp } from './support';

const itemsOf = (call: FakeCall) => (JSON.parse(call.args[0]!) as { items: { contractId: string }[] }).items;

describe('batches and paging', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp();
  });
  afterAll(() => t.close());
  beforeEach(() => {
    t.ledger.reset();
  });

  describe('contract batches', () => {
    it(`2,500 contracts are written as 5 transactions of ${MAX_BATCH_SIZE}, in order; the answer is the last one with every transaction`, async () => {
      t.ledger.on('Contracts', 'RegisterBatch', (call) => registeredBatch(call));
      const items = Array.from({ length: 2500 }, (_, i) => contract(i));
      const r = await t.as('company1').post('/v1/contracts/batch', { items });
      expect(r.status).toBe(201);
      const calls = t.ledger.callsOf('Contracts', 'RegisterBatch');
      expect(calls.map((c) => itemsOf(c).length)).toEqual([500, 500, 500, 500, 500]);
      expect(calls.flatMap((c) => itemsOf(c).map((i) => i.contractId))).toEqual(items.map((i) => i.contractId));
      expect(calls.every((c) => c.kind === 'submit' && c.mspId === 'HousingBureauMSP' && c.identity === 'company1')).toBe(true);
      expect(r.body.count).toBe(2500);
      expect(r.body.transactions).toHaveLength(5);
      expect(r.body.transactions.every((tx: { count: number }) => tx.count === 500)).toBe(true);
      const last = r.body.transactions[4];
      expect({ txId: r.body.txId, blockNumber: r.body.blockNumber }).toEqual({ txId: last.txId, blockNumber: last.blockNumber });
      // The answer's transactions are the ones the ledger committed.
      for (const tx of r.body.transactions) {
        expect(await t.ledger.transactionStatus('', '', tx.txId)).toMatchObject({ valid: true, blockNumber: tx.blockNumber });
      }
    });

    it('a remainder makes a last, smaller transaction', async () => {
      t.ledger.on('Contracts', 'RegisterBatch', (call) => registeredBatch(call));
      await t.as('company1').post('/v1/contracts/batch', { items: Array.from({ length: 1201 }, (_, i) => contract(i)) });
      expect(t.ledger.callsOf('Contracts', 'RegisterBatch').map((c) => itemsOf(c).length)).toEqual([500, 500, 201]);
    });

    it(`more than ${MAX_BATCH} items is refused by the schema, before any transaction`, async () => {
      const r = await t.as('company1').post('/v1/contracts/batch', { items: Array.from({ length: MAX_BATCH + 1 }, (_, i) => contract(i)) });
      expect(r.status).toBe(400);
      expect(r.body.error.details.field).toBe('body/items');
      expect(t.ledger.calls).toHaveLength(0);
    });

    it('a failure after two chunks names the committed transactions and the first item not written', async () => {
      let n = 0;
      t.ledger.on('Contracts', 'RegisterBatch', () => {
        if (++n === 3) throw rejected('ALREADY_EXISTS', 'contract C-1200 exists', { contractId: 'C-1200' });
        return {};
      });
      const r = await t.as('company1').post('/v1/contracts/batch', { items: Array.from({ length: 2500 }, (_, i) => contract(i)) });
      expect(r.status).toBe(409);
      expect(r.body.error.code).toBe('ALREADY_EXISTS');
      expect(r.body.error.message).toBe('contract C-1200 exists (items from index 1000 were not written)');
      expect(r.body.error.details).toEqual({
        contractId: 'C-1200',
        committed: [
          { txId: expect.stringMatching(/^[0-9a-f]{64}$/), blockNumber: expect.any(String), count: 500 },
          { txId: expect.stringMatching(/^[0-9a-f]{64}$/), blockNumber: expect.any(String), count: 500 },
        ],
        firstUncommittedIndex: 1000,
      });
      expect(r.body.error.peers).toHaveLength(3);
      expect(t.ledger.callsOf('Contracts', 'RegisterBatch')).toHaveLength(3);
    });

    it("a failure of Fabric (not the chaincode) after a chunk keeps the committed list next to Fabric's code", async () => {
      let n = 0;
      t.ledger.on('Contracts', 'RegisterBatch', () => {
        if (++n === 2) throw unavailable();
        return {};
      });
      const r = await t.as('company1').post('/v1/contracts/batch', { items: Array.from({ length: 1000 }, (_, i) => contract(i)) });
      expect(r.status).toBe(503);
      expect(r.body.error.code).toBe('LEDGER_UNAVAILABLE');
      expect(r.body.error.message).toContain('(items from index 500 were not written)');
      expect(r.body.error.details).toEqual({ fabricCode: 'UNAVAILABLE', committed: [expect.objectContaining({ count: 500 })], firstUncommittedIndex: 500 });
    });

    it('an unknown outcome after a chunk names the transaction that may still commit, and says only later items were not sent', async () => {
      let n = 0;
      const unknown = outcomeUnknown();
      t.ledger.on('Contracts', 'RegisterBatch', () => {
        if (++n === 2) throw unknown;
        return {};
      });
      const r = await t.as('company1').post('/v1/contracts/batch', { items: Array.from({ length: 1500 }, (_, i) => contract(i)) });
      expect(r.status).toBe(503);
      expect(r.body.error).toMatchObject({ code: 'OUTCOME_UNKNOWN', txId: unknown.txId });
      expect(r.body.error.message).toContain(`items 500 to 999 are in transaction ${unknown.txId}, whose outcome is unknown;`);
      expect(r.body.error.message).toContain('items from index 1000 were not sent');
      expect(r.body.error.message).toContain(`check GET /v1/transactions/${unknown.txId} before resending`);
      expect(r.body.error.details).toMatchObject({
        firstUncommittedIndex: 500,
        outcomeUnknown: { txId: unknown.txId, firstIndex: 500, count: 500 },
        committed: [expect.objectContaining({ count: 500 })],
      });
      expect(t.ledger.callsOf('Contracts', 'RegisterBatch')).toHaveLength(2);
    });

    it('a failure of the first chunk is the plain error: nothing committed', async () => {
      t.ledger.on('Contracts', 'RegisterBatch', () => {
        throw unavailable();
      });
      const r = await t.as('company1').post('/v1/contracts/batch', { items: [contract(1), contract(2)] });
      expect(r.status).toBe(503);
      expect(r.body.error.details).toEqual({ fabricCode: 'UNAVAILABLE' });
      expect(r.body.error.message).not.toContain('were not written');
    });
  });

  describe('arrears batches', () => {
    const projectOf = (contractId: string) => (Number(contractId.slice(2)) % 3 === 0 ? 'P-B' : 'P-A');

    beforeEach(() => {
      t.ledger.on('Arrears', 'RecordBatch', (call) => ({ projectIds: [...new Set(itemsOf(call).map((e) => projectOf(e.contractId)))].sort() }));
      t.ledger.on('Arrears', 'EvaluateRisk', (call) => ({
        projectId: call.args[0],
        at: '2026-11-27T13:00:00.000Z',
        ratio: {},
        thresholdBp: 1500,
        atRisk: false,
        warning: null,
      }));
    });

    it('records in chunks, then evaluates each project touched once, in order', async () => {
      const items = Array.from({ length: 1100 }, (_, i) => arrearsEvent(i));
      const r = await t.as('company1').post('/v1/arrears-events/batch', { items });
      expect(r.status).toBe(201);
      expect(t.ledger.callsOf('Arrears', 'RecordBatch').map((c) => itemsOf(c).length)).toEqual([500, 500, 100]);
      expect(t.ledger.callsOf('Arrears', 'EvaluateRisk').map((c) => c.args)).toEqual([['P-A'], ['P-B']]);
      expect(r.body.count).toBe(1100);
      const both = ['P-A', 'P-B'];
      const chunked = r.body.transactions.map((tx: { count: number; projectIds: string[] }) => [tx.count, tx.projectIds]);
      expect(chunked).toEqual([
        [500, both],
        [500, both],
        [100, both],
      ]);
      expect(r.body.evaluations).toEqual([
        expect.objectContaining({ projectId: 'P-A', atRisk: false, txId: expect.any(String), blockNumber: expect.any(String) }),
        expect.objectContaining({ projectId: 'P-B' }),
      ]);
      expect(r.body.txId).toBe(r.body.transactions[2].txId);
    });

    it('evaluates many projects a few at a time, answering in project order', async () => {
      const projects = Array.from({ length: 20 }, (_, i) => `P-${String(i).padStart(2, '0')}`);
      t.ledger.on('Arrears', 'RecordBatch', () => ({ projectIds: [...projects].reverse() }));
      let inFlight = 0;
      let most = 0;
      t.ledger.on('Arrears', 'EvaluateRisk', async (call) => {
        most = Math.max(most, ++inFlight);
        await new Promise((r) => setTimeout(r, 5));
        inFlight--;
        return { projectId: call.args[0], at: '', ratio: {}, thresholdBp: null, atRisk: false, warning: null };
      });
      const r = await t.as('company1').post('/v1/arrears-events/batch', { items: [arrearsEvent(1)] });
      expect(r.status).toBe(201);
      expect(r.body.evaluations.map((e: { projectId: string }) => e.projectId)).toEqual(projects);
      expect(most).toBe(EVALUATIONS_IN_FLIGHT);
      expect(t.ledger.callsOf('Arrears', 'EvaluateRisk')).toHaveLength(20);
    });

    it('riskEvaluation=deferred records the events and evaluates nothing: the transactions name the projects for the caller', async () => {
      const items = Array.from({ length: 600 }, (_, i) => arrearsEvent(i));
      const r = await t.as('company1').post('/v1/arrears-events/batch?riskEvaluation=deferred', { items });
      expect(r.status).toBe(201);
      expect(t.ledger.callsOf('Arrears', 'RecordBatch')).toHaveLength(2);
      expect(t.ledger.callsOf('Arrears', 'EvaluateRisk')).toHaveLength(0);
      expect(r.body.evaluations).toEqual([]);
      expect(r.body.transactions.map((tx: { projectIds: string[] }) => tx.projectIds)).toEqual([
        ['P-A', 'P-B'],
        ['P-A', 'P-B'],
      ]);
    });

    it('an unknown riskEvaluation is refused before anything is written', async () => {
      const r = await t.as('company1').post('/v1/arrears-events/batch?riskEvaluation=never', { items: [arrearsEvent(1)] });
      expect(r.status).toBe(400);
      expect(t.ledger.callsOf('Arrears', 'RecordBatch')).toHaveLength(0);
    });

    it("after a partial failure, the committed chunks' projects are still evaluated and the error says so", async () => {
      let n = 0;
      t.ledger.on('Arrears', 'RecordBatch', () => {
        if (++n === 2) throw rejected('NOT_FOUND', 'contract C-700 not found', { contractId: 'C-700' });
        return { projectIds: ['P-A'] };
      });
      const r = await t.as('company1').post('/v1/arrears-events/batch', { items: Array.from({ length: 1000 }, (_, i) => arrearsEvent(i)) });
      expect(r.status).toBe(404);
      expect(r.body.error.details).toMatchObject({
        firstUncommittedIndex: 500,
        committed: [expect.objectContaining({ count: 500 })],
        evaluations: [expect.objectContaining({ projectId: 'P-A' })],
      });
      expect(t.ledger.callsOf('Arrears', 'EvaluateRisk').map((c) => c.args)).toEqual([['P-A']]);
    });
  });

  describe('paging', () => {
    const contracts = Array.from({ length: 5 }, (_, i) => ({ contractId: `C-${i}` }));
    beforeEach(() => {
      // Pages of the fake chaincode: the bookmark is the next index, empty on the last page.
      const page = (call: FakeCall) => {
        const [, size, bookmark] = call.args;
        const from = Number(bookmark || 0);
        const to = from + Number(size || 100);
        return { contracts: contracts.slice(from, to), bookmark: to < contracts.length ? String(to) : '' };
      };
      t.ledger.on('Contracts', 'ListByProject', page).on('Contracts', 'ListByCompany', page);
    });

    it('following bookmark until it is empty reads every record once', async () => {
      const seen: string[] = [];
      let bookmark = '';
      for (let pages = 0; pages < 10; pages++) {
        const r = await t.as('regulator1').get(`/v1/contracts?projectId=P-1&pageSize=2${bookmark ? `&bookmark=${bookmark}` : ''}`);
        expect(r.status).toBe(200);
        seen.push(...r.body.contracts.map((c: { contractId: string }) => c.contractId));
        bookmark = r.body.bookmark;
        if (!bookmark) break;
      }
      expect(seen).toEqual(contracts.map((c) => c.contractId));
      expect(t.ledger.callsOf('Contracts', 'ListByProject').map((c) => c.args)).toEqual([
        ['P-1', '2', ''],
        ['P-1', '2', '2'],
        ['P-1', '2', '4'],
      ]);
    });

    it('without pageSize or bookmark the chaincode applies its default; the filter chooses the function', async () => {
      await t.as('regulator1').get('/v1/contracts?companyId=91110105MA01XQ7T3B');
      expect(t.ledger.callsOf('Contracts', 'ListByCompany').map((c) => c.args)).toEqual([['91110105MA01XQ7T3B', '', '']]);
    });

    it('exactly one filter: none or two are 400 before any ledger call', async () => {
      for (const q of ['', '?projectId=P-1&companyId=X']) {
        const r = await t.as('regulator1').get(`/v1/contracts${q}`);
        expect(r.status).toBe(400);
        expect(r.body.error).toMatchObject({ code: 'INVALID_ARGUMENT', details: { field: 'querystring', filters: ['projectId', 'companyId'] } });
      }
      expect(t.ledger.calls).toHaveLength(0);
    });

    it('disputes page by stage, project or company with the same arguments', async () => {
      t.ledger.on('Disputes', 'ListByStage', () => ({ disputes: [], bookmark: '' }));
      t.ledger.on('Disputes', 'ListByCompany', () => ({ disputes: [], bookmark: '' }));
      expect((await t.as('mediator1').get('/v1/disputes?stage=REFERRED_TO_MEDIATION&pageSize=1000&bookmark=b1')).status).toBe(200);
      expect((await t.as('mediator1').get('/v1/disputes?companyId=91110105MA01XQ7T3B')).status).toBe(200);
      expect(t.ledger.calls.map((c) => [c.fn, ...c.args])).toEqual([
        ['ListByStage', 'REFERRED_TO_MEDIATION', '1000', 'b1'],
        ['ListByCompany', '91110105MA01XQ7T3B', '', ''],
      ]);
      expect((await t.as('mediator1').get('/v1/disputes?stage=NOT_A_STAGE')).status).toBe(400);
    });
  });

  describe('the 201 answer', () => {
    it('every write answers the committing transaction and its block next to what the chaincode returned', async () => {
      t.ledger.on('Disputes', 'Open', () => ({ dispute: { disputeId: 'D-1', stage: 'OPENED' }, transition: { seq: 1 } }));
      t.ledger.on('Letters', 'Send', () => ({ letter: { letterId: 'L-1' }, dispute: { stage: 'LETTER_SENT' }, transition: { seq: 2 } }));
      t.ledger.on('Arrears', 'SetThreshold', (call) => ({ threshold: JSON.parse(call.args[0]!) }));
      const opened = await t
        .as('company1')
        .post('/v1/disputes', { disputeId: 'D-1', contractId: 'C-1', lawFirmMspId: 'LawFirmAMSP', claimedAmountFen: 75_000 });
      expect(opened).toMatchObject({
        status: 201,
        body: {
          txId: expect.stringMatching(/^[0-9a-f]{64}$/),
          blockNumber: expect.stringMatching(/^\d+$/),
          dispute: { stage: 'OPENED' },
          transition: { seq: 1 },
        },
      });
      const letter = { letterId: 'L-1', contentSha256: 'a'.repeat(64), channel: 'SMS', recipientCommitment: 'b'.repeat(64), eventTime: '2026-11-27T13:00:00Z' };
      const sent = await t.as('lawyerA').post('/v1/disputes/D-1/letters', letter);
      expect(sent.body).toMatchObject({ letter: { letterId: 'L-1' }, txId: expect.any(String), blockNumber: expect.any(String) });
      expect(JSON.parse(t.ledger.callsOf('Letters', 'Send')[0]!.args[0]!)).toEqual({ disputeId: 'D-1', ...letter });
      const threshold = await t.as('regulator1').put('/v1/projects/*/risk-threshold', { thresholdBp: 1500 });
      expect(threshold.body).toMatchObject({ threshold: { projectId: '*', thresholdBp: 1500 }, txId: expect.any(String) });
    });

    it("the owner's clear data goes as transient data only, never as an argument", async () => {
      t.ledger.on('Contracts', 'DepositOwner', () => ({ contractId: 'C-1', collection: 'ownerPII' }));
      const owner = { name: '业主', phone: '13912345678', idNumber: '11010519491231002X', salt: 'c'.repeat(64) };
      const r = await t.as('company1').put('/v1/contracts/C-1/owner', owner);
      expect(r.body).toMatchObject({ contractId: 'C-1', collection: 'ownerPII', txId: expect.any(String) });
      const [call] = t.ledger.callsOf('Contracts', 'DepositOwner');
      expect(call!.args).toEqual(['C-1']);
      expect(JSON.parse(call!.transient!.owner!)).toEqual(owner);
    });

    it('GET /v1/transactions/{txId} reads the status of a committed transaction; 404 for an unknown one', async () => {
      t.ledger.on('Contracts', 'Register', () => ({ contract: {} }));
      const w = await t.as('company1').post('/v1/contracts', contract(1));
      const r = await t.as('company1').get(`/v1/transactions/${w.body.txId}`);
      expect(r.body).toEqual({ txId: w.body.txId, validationCode: 'VALID', valid: true, blockNumber: w.body.blockNumber });
      const unknown = await t.as('company1').get(`/v1/transactions/${'0'.repeat(64)}`);
      expect(unknown.status).toBe(404);
    });
  });
});
