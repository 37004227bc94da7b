// The API's schemas take their enums and limits from the domain: every value
// the chaincode accepts passes, the first one beyond is refused with 400
// before any ledger call.
import {
  BASIS_POINTS,
  BILLING_CYCLES,
  DISPUTE_ACTIONS,
  LETTER_CHANNELS,
  MAX_DOCUMENTS_PER_TRANSITION,
  MAX_PERIODS_PER_DISPUTE,
} from '../../../chaincode/src/domain';
import { TRANSITION_ACTIONS } from '../../../api/schemas/records';
import { contract, hex, testApp, type TestApp } from './support';

describe('schemas from the domain', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp();
  });
  afterAll(() => t.close());
  beforeEach(() => {
    t.ledger
      .reset()
      .on('Contracts', 'Register', () => ({ contract: {} }))
      .on('Disputes', 'Open', () => ({ dispute: {}, transition: {} }))
      .on('Disputes', 'Transition', () => ({ dispute: {}, transition: {} }))
      .on('Letters', 'Send', () => ({ letter: {}, dispute: {}, transition: {} }))
      .on('Arrears', 'SetThreshold', () => ({ threshold: {} }));
  });

  it('every billing cycle of the domain, and no other', async () => {
    for (const billingCycle of BILLING_CYCLES) {
      expect((await t.as('company1').post('/v1/contracts', { ...contract(1), feeTerms: { ...contract(1).feeTerms, billingCycle } })).status).toBe(201);
    }
    expect((await t.as('company1').post('/v1/contracts', { ...contract(1), feeTerms: { ...contract(1).feeTerms, billingCycle: 'WEEKLY' } })).status).toBe(400);
    expect(t.ledger.calls).toHaveLength(BILLING_CYCLES.length);
  });

  it("transitions take every dispute action except the letters' own", async () => {
    expect(TRANSITION_ACTIONS).toEqual(DISPUTE_ACTIONS.filter((a) => !['sendLetter', 'recordDelivery', 'recordViewed'].includes(a)));
    for (const action of TRANSITION_ACTIONS) {
      expect((await t.as('mediator1').post('/v1/disputes/D-1/transitions', { action, documentHashes: [] })).status).toBe(201);
    }
    const letterMove = await t.as('mediator1').post('/v1/disputes/D-1/transitions', { action: 'sendLetter', documentHashes: [] });
    expect(letterMove.body.error.details.field).toBe('body/action');
  });

  it(`at most ${MAX_DOCUMENTS_PER_TRANSITION} documents per transition and ${MAX_PERIODS_PER_DISPUTE} periods per dispute`, async () => {
    const docs = (n: number) => Array.from({ length: n }, (_, i) => hex(`d${i}`));
    const triage = (documents: number) => t.as('mediator1').post('/v1/disputes/D-1/transitions', { action: 'triage', documentHashes: docs(documents) });
    expect((await triage(MAX_DOCUMENTS_PER_TRANSITION)).status).toBe(201);
    expect((await triage(MAX_DOCUMENTS_PER_TRANSITION + 1)).status).toBe(400);
    const periods = (n: number) => Array.from({ length: n }, (_, i) => `${2000 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`);
    const opening = { disputeId: 'D-2', contractId: 'C-1', lawFirmMspId: 'LawFirmAMSP', claimedAmountFen: 100 };
    expect((await t.as('company1').post('/v1/disputes', { ...opening, periods: periods(MAX_PERIODS_PER_DISPUTE) })).status).toBe(201);
    expect((await t.as('company1').post('/v1/disputes', { ...opening, periods: periods(MAX_PERIODS_PER_DISPUTE + 1) })).status).toBe(400);
  });

  it(`letter channels and thresholds up to ${BASIS_POINTS} basis points`, async () => {
    for (const channel of LETTER_CHANNELS) {
      const letter = { letterId: `L-${channel}`, contentSha256: hex('c'), channel, recipientCommitment: hex('r'), eventTime: '2026-11-27T13:00:00Z' };
      expect((await t.as('lawyerA').post('/v1/disputes/D-1/letters', letter)).status).toBe(201);
    }
    expect((await t.as('regulator1').put('/v1/projects/P-1/risk-threshold', { thresholdBp: BASIS_POINTS })).status).toBe(201);
    expect((await t.as('regulator1').put('/v1/projects/P-1/risk-threshold', { thresholdBp: BASIS_POINTS + 1 })).status).toBe(400);
  });
});
