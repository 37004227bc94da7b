// The chaincode takes any LawFirm<name>MSP (firms join at run time); the API
// refuses a dispute that names a firm which is not an org of its channel,
// before anything is written.
import { testApp, type TestApp } from './support';

describe("a dispute names one of the channel's law firms", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp();
    t.ledger.on('Disputes', 'Open', () => ({ dispute: {}, transition: {} })).on('Disputes', 'Transition', () => ({ dispute: {}, transition: {} }));
  });
  afterAll(() => t.close());
  beforeEach(() => {
    t.ledger.calls.length = 0;
  });

  const opening = (lawFirmMspId: string) => ({ disputeId: 'D-1', contractId: 'C-1', lawFirmMspId, claimedAmountFen: 100 });

  it('opens with a firm of the channel', async () => {
    expect((await t.as('company1').post('/v1/disputes', opening('LawFirmBMSP'))).status).toBe(201);
    expect(t.ledger.callsOf('Disputes', 'Open')).toHaveLength(1);
  });

  it('refuses a well-formed law firm ID that is not an org of the channel, and a non-firm, writing nothing', async () => {
    const r = await t.as('company1').post('/v1/disputes', opening('LawFirmZMSP'));
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({ code: 'INVALID_ARGUMENT', details: { field: 'lawFirmMspId', lawFirms: ['LawFirmAMSP', 'LawFirmBMSP'] } });
    expect((await t.as('company1').post('/v1/disputes', opening('CourtMSP'))).status).toBe(400);
    const move = { action: 'reassignLawFirm', lawFirmMspId: 'LawFirmZMSP', documentHashes: [] };
    expect((await t.as('mediator1').post('/v1/disputes/D-1/transitions', move)).status).toBe(400);
    expect(t.ledger.calls).toEqual([]);
  });
});
