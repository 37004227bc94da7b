// Batches are checked whole before anything is written: every item goes
// through the chaincode's own validators (and IDs repeated anywhere in the
// batch are found), so a bad item refuses the batch with every bad index
// listed, by its index in the whole batch, and the ledger receives nothing.
// Through app.inject against a fake ledger.
import { MAX_BATCH_SIZE } from '../../../chaincode/src/domain';
import { arrearsItems, contractItems, findBadItems } from '../../../api/batches';
import type { FakeCall } from './fake-ledger';
import { registeredBatch } from './fake-ledger';
import { arrearsEvent, contract, testApp, type TestApp } from './support';

const COMPANY1 = '91110105MA01XQ7T3B';
const COMPANY2 = '91110105MA00K5Y2R0';
const itemsOf = (call: FakeCall) => (JSON.parse(call.args[0]!) as { items: unknown[] }).items;

describe('batches are validated whole before the first transaction', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp();
  });
  afterAll(() => t.close());
  beforeEach(() => {
    t.ledger.reset();
    t.ledger.on('Contracts', 'RegisterBatch', (call) => registeredBatch(call));
    t.ledger.on('Arrears', 'RecordBatch', () => ({ projectIds: ['P-1'] }));
    t.ledger.on('Arrears', 'EvaluateRisk', (call) => ({ projectId: call.args[0], at: '', ratio: {}, thresholdBp: null, atRisk: false, warning: null }));
  });

  it('2,500 contracts with bad items at 3 places (first, third and last chunk): 400 listing the 3 global indexes, no submit', async () => {
    const items = Array.from({ length: 2500 }, (_, i) => contract(i));
    items[7] = { ...items[7]!, termEnd: '2025-12-31' }; // before termStart: the chaincode's check, not the schema's
    items[1382] = { ...items[1382]!, termStart: '2026-02-30' }; // the schema's pattern passes, the calendar does not
    items[2499] = { ...items[2499]!, contractId: 'C-12' }; // the ID of item 12, in another chunk
    const r = await t.as('company1').post('/v1/contracts/batch', { items });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('INVALID_ARGUMENT');
    expect(r.body.error.message).toContain('3 of 2500 items are invalid, nothing was written');
    expect(r.body.error.details.items).toEqual([
      { index: 7, field: 'termEnd', message: 'must be after termStart' },
      { index: 1382, field: 'termStart', message: expect.any(String) },
      { index: 2499, field: 'contractId', message: `duplicate contractId ${COMPANY1}:C-12 in the batch (first at index 12)` },
    ]);
    expect(t.ledger.calls.filter((c) => c.kind === 'submit')).toHaveLength(0);
    expect(t.ledger.calls).toHaveLength(0);
  });

  it(`a good batch still goes in transactions of ${MAX_BATCH_SIZE}, every item as sent`, async () => {
    const items = Array.from({ length: 2500 }, (_, i) => contract(i));
    const r = await t.as('company1').post('/v1/contracts/batch', { items });
    expect(r.status).toBe(201);
    const calls = t.ledger.callsOf('Contracts', 'RegisterBatch');
    expect(calls.map((c) => itemsOf(c).length)).toEqual([500, 500, 500, 500, 500]);
    expect(calls.flatMap(itemsOf)).toEqual(items);
  });

  it('an arrears batch with bad items is refused whole: no event recorded and no risk evaluated', async () => {
    const items: Record<string, unknown>[] = Array.from({ length: 1200 }, (_, i) => arrearsEvent(i));
    items[0] = { ...items[0]!, note: ' \n ' }; // nothing written
    items[600] = { ...items[600]!, note: 'bad\u0001text' };
    items[1199] = { ...items[1199]!, eventId: 'E-3' };
    const r = await t.as('company1').post('/v1/arrears-events/batch', { items });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('INVALID_ARGUMENT');
    expect(r.body.error.details.items).toEqual([
      { index: 0, field: 'note', message: 'must be non-empty text' },
      { index: 600, field: 'note', message: 'contains control characters' },
      { index: 1199, field: 'eventId', message: 'duplicate eventId E-3 in the batch (first at index 3)' },
    ]);
    expect(t.ledger.calls).toHaveLength(0);
  });

  it('a good arrears batch still goes in chunks, then evaluates', async () => {
    const r = await t.as('company1').post('/v1/arrears-events/batch', { items: Array.from({ length: 1001 }, (_, i) => arrearsEvent(i)) });
    expect(r.status).toBe(201);
    expect(t.ledger.callsOf('Arrears', 'RecordBatch').map((c) => itemsOf(c).length)).toEqual([500, 500, 1]);
    expect(t.ledger.callsOf('Arrears', 'EvaluateRisk')).toHaveLength(1);
  });

  it('findBadItems lists every bad item once, with the field within the item', () => {
    const items: unknown[] = [
      contract(1),
      { ...contract(2), feeTerms: { monthlyFeeFen: 1, billingCycle: 'MONTHLY', dueDayOfMonth: 5, x: 1 } },
      'nope',
      contract(1),
    ];
    expect(findBadItems(items, contractItems(COMPANY1))).toEqual([
      { index: 1, field: 'feeTerms.x', message: 'unknown field' },
      { index: 2, field: 'item', message: 'must be an object' },
      { index: 3, field: 'contractId', message: `duplicate contractId ${COMPANY1}:C-1 in the batch (first at index 0)` },
    ]);
    expect(findBadItems([arrearsEvent(1), arrearsEvent(2)], arrearsItems(COMPANY1))).toEqual([]);
  });

  it("a company's short and qualified spellings of one ID are one ID; another company's namespace is refused up front", () => {
    const items: unknown[] = [
      contract(1),
      { ...contract(2), contractId: `${COMPANY1}:C-1` },
      { ...contract(3), contractId: `${COMPANY2}:C-3` },
      { ...contract(4), projectId: `${COMPANY2}:P-1` },
    ];
    expect(findBadItems(items, contractItems(COMPANY1))).toEqual([
      { index: 1, field: 'contractId', message: `duplicate contractId ${COMPANY1}:C-1 in the batch (first at index 0)` },
      { index: 2, field: 'contractId', message: "contractId is in another company's namespace" },
      { index: 3, field: 'projectId', message: "projectId is in another company's namespace" },
    ]);
    expect(findBadItems([{ ...arrearsEvent(1), contractId: `${COMPANY2}:C-1` }], arrearsItems(COMPANY1))).toEqual([
      { index: 0, field: 'contractId', message: "contractId is in another company's namespace" },
    ]);
  });

  it("a batch naming another company's contract is refused whole before any transaction", async () => {
    const items = Array.from({ length: 1200 }, (_, i) => contract(i));
    items[1100] = { ...items[1100]!, contractId: `${COMPANY2}:C-X` };
    const r = await t.as('company1').post('/v1/contracts/batch', { items });
    expect(r.status).toBe(400);
    expect(r.body.error.details.items).toEqual([{ index: 1100, field: 'contractId', message: "contractId is in another company's namespace" }]);
    expect(t.ledger.calls).toHaveLength(0);
  });
});
