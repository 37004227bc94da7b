// Notes, descriptions and reasons leave the request before the ledger: the
// chaincode call gets a code and a salted commitment, and the text follows in
// a Notes:Deposit whose only copy of it is transient data. Through app.inject
// against a fake ledger.
import { createHash } from 'node:crypto';
import { canonicalJson } from '../../../chaincode/src/domain';
import { rejected, unavailable, type FakeCall } from './fake-ledger';
import { arrearsEvent, testApp, type TestApp } from './support';

const TEXT = '王小明 北京市朝阳区幸福路88号 13912345678';
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const argsOf = (call: FakeCall) => JSON.parse(call.args[0]!) as Record<string, unknown>;
const depositsOf = (call: FakeCall) => JSON.parse(call.transient!.notes!) as { commitment: string; text: string; salt: string }[];

describe('free text goes to the private collection, never into the arguments', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp();
  });
  afterAll(() => t.close());
  beforeEach(() => {
    t.ledger.reset();
    t.ledger
      .on('Contracts', 'Terminate', (c) => ({ contract: argsOf(c) }))
      .on('Arrears', 'Record', (c) => ({ event: argsOf(c) }))
      .on('Arrears', 'RecordBatch', (c) => ({ count: (argsOf(c).items as unknown[]).length, eventIds: [], projectIds: [] }))
      .on('Disputes', 'Open', (c) => ({ dispute: argsOf(c), transition: {} }))
      .on('Disputes', 'Transition', (c) => ({ dispute: {}, transition: argsOf(c) }))
      .on('Notes', 'Deposit', (c) => ({ collection: 'caseNotes', commitments: depositsOf(c).map((n) => n.commitment) }));
  });

  /** The write's arguments hold no text, and the deposit that followed commits to exactly the text sent. */
  function expectSealed(write: FakeCall, texts: string[]) {
    expect(JSON.stringify(write.args)).not.toContain('王小明');
    expect(write.transient).toBeUndefined();
    const [deposit, ...more] = t.ledger.callsOf('Notes', 'Deposit');
    expect(more).toEqual([]);
    expect(deposit!.args).toEqual([]);
    expect(t.ledger.calls.indexOf(deposit!)).toBeGreaterThan(t.ledger.calls.indexOf(write));
    const notes = depositsOf(deposit!);
    expect(notes.map((n) => n.text)).toEqual(texts);
    for (const n of notes) expect(sha256(canonicalJson({ salt: n.salt, text: n.text }))).toBe(n.commitment);
    return notes;
  }

  it('a termination reason: the code given, the commitment, then the deposit', async () => {
    const r = await t.as('company1').post('/v1/contracts/C-1/termination', { effectiveDate: '2026-06-30', reasonCode: 'OWNER_BREACH', reason: TEXT });
    expect(r.status).toBe(201);
    const [write] = t.ledger.callsOf('Contracts', 'Terminate');
    const [note] = expectSealed(write!, [TEXT]);
    expect(argsOf(write!)).toEqual({ contractId: 'C-1', effectiveDate: '2026-06-30', reasonCode: 'OWNER_BREACH', reasonCommitment: note!.commitment });
  });

  it('a dispute description and a transition note get OTHER when no code is given', async () => {
    await t.as('company1').post('/v1/disputes', { disputeId: 'D-1', contractId: 'C-1', lawFirmMspId: 'LawFirmAMSP', claimedAmountFen: 100, description: TEXT });
    const [open] = t.ledger.callsOf('Disputes', 'Open');
    const [description] = expectSealed(open!, [TEXT]);
    expect(argsOf(open!)).toMatchObject({ descriptionCode: 'OTHER', descriptionCommitment: description!.commitment });
    t.ledger.calls.length = 0;
    await t.as('mediator1').post('/v1/disputes/D-1/transitions', { action: 'referToMediation', documentHashes: [], note: TEXT });
    const [move] = t.ledger.callsOf('Disputes', 'Transition');
    const [note] = expectSealed(move!, [TEXT]);
    expect(argsOf(move!)).toMatchObject({ disputeId: 'D-1', noteCode: 'OTHER', noteCommitment: note!.commitment });
  });

  it('the same text twice gets two salts, so two commitments', async () => {
    for (const eventId of ['E-1', 'E-2']) await t.as('company1').post('/v1/arrears-events', { ...arrearsEvent(1), eventId, note: '王小明' });
    const commitments = t.ledger.callsOf('Arrears', 'Record').map((c) => argsOf(c).noteCommitment);
    expect(new Set(commitments).size).toBe(2);
  });

  it('an arrears batch deposits the notes of each committed transaction, and only those', async () => {
    const items = [{ ...arrearsEvent(0), note: `${TEXT} 0` }, arrearsEvent(1), { ...arrearsEvent(2), noteCode: 'PAYMENT_PLAN', note: `${TEXT} 2` }];
    const r = await t.as('company1').post('/v1/arrears-events/batch', { items });
    expect(r.status).toBe(201);
    const [write] = t.ledger.callsOf('Arrears', 'RecordBatch');
    const notes = expectSealed(write!, [`${TEXT} 0`, `${TEXT} 2`]);
    const sent = (argsOf(write!).items as Record<string, unknown>[]).map(({ noteCode, noteCommitment }) => ({ noteCode, noteCommitment }));
    expect(sent).toEqual([
      { noteCode: 'OTHER', noteCommitment: notes[0]!.commitment },
      { noteCode: undefined, noteCommitment: undefined },
      { noteCode: 'PAYMENT_PLAN', noteCommitment: notes[1]!.commitment },
    ]);
  });

  it('a refused write deposits nothing', async () => {
    t.ledger.on('Disputes', 'Open', () => {
      throw rejected('FORBIDDEN', 'not your contract');
    });
    const r = await t
      .as('company1')
      .post('/v1/disputes', { disputeId: 'D-2', contractId: 'C-9', lawFirmMspId: 'LawFirmAMSP', claimedAmountFen: 100, description: TEXT });
    expect(r.status).toBe(403);
    expect(t.ledger.callsOf('Notes', 'Deposit')).toEqual([]);
  });

  it('a text the chaincode would refuse is refused before anything is written', async () => {
    const r = await t.as('company1').post('/v1/contracts/C-1/termination', { effectiveDate: '2026-06-30', reason: 'bell\u0007' });
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({ code: 'INVALID_ARGUMENT', details: { field: 'reason' } });
    expect(t.ledger.calls).toEqual([]);
  });

  it('GET /v1/notes/{commitment} answers the text and salt the chaincode read', async () => {
    const commitment = 'a'.repeat(64);
    t.ledger.on('Notes', 'Get', () => ({ txId: 'x', commitment, text: TEXT, salt: 'b'.repeat(64) }));
    const r = await t.as('regulator1').get(`/v1/notes/${commitment}`);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ commitment, text: TEXT, salt: 'b'.repeat(64) });
    expect(t.ledger.callsOf('Notes', 'Get')[0]!.args).toEqual([commitment]);
    expect((await t.as('regulator1').get('/v1/notes/not-a-hash')).status).toBe(400);
  });

  it('a deposit that fails after its record committed says so: the committed transaction and the salt to resend with', async () => {
    t.ledger.on('Notes', 'Deposit', () => {
      throw unavailable();
    });
    const r = await t.as('company1').post('/v1/arrears-events', { ...arrearsEvent(1), note: TEXT });
    expect(r.status).toBe(503);
    const [write] = t.ledger.callsOf('Arrears', 'Record');
    const committed = await t.ledger.transactionStatus('', '', r.body.error.details.committed[0].txId);
    expect(committed).toMatchObject({ valid: true });
    const [pending] = r.body.error.details.notesNotDeposited as { commitment: string; salt: string }[];
    expect(pending!.commitment).toBe(argsOf(write!).noteCommitment);
    expect(r.body.error.message).toContain('the text was not deposited');

    t.ledger.on('Notes', 'Deposit', (c) => ({ collection: 'caseNotes', commitments: depositsOf(c).map((n) => n.commitment) }));
    const again = await t.as('company1').put(`/v1/notes/${pending!.commitment}`, { text: TEXT, salt: pending!.salt });
    expect(again.status).toBe(201);
    expect(again.body).toMatchObject({ commitment: pending!.commitment, collection: 'caseNotes' });
    const resent = t.ledger.callsOf('Notes', 'Deposit').pop()!;
    expect(resent.args).toEqual([]);
    expect(depositsOf(resent)).toEqual([{ commitment: pending!.commitment, text: TEXT, salt: pending!.salt }]);
  });

  it('under an Idempotency-Key a resend after a failed deposit seals the text as the first send did and deposits it; deposits carry no claim', async () => {
    const key = { 'idempotency-key': '6f1c1d9e-4b7e-4f0e-9a57-2b7d3f0e9c11' };
    t.ledger.on('Notes', 'Deposit', () => {
      throw unavailable();
    });
    const first = await t.as('company1').post('/v1/arrears-events', { ...arrearsEvent(7), note: TEXT }, key);
    expect(first.status).toBe(503);
    const [write] = t.ledger.callsOf('Arrears', 'Record');
    t.ledger.on('Notes', 'Deposit', (c) => ({ collection: 'caseNotes', commitments: depositsOf(c).map((n) => n.commitment) }));
    const again = await t.as('company1').post('/v1/arrears-events', { ...arrearsEvent(7), note: TEXT }, key);
    expect(again.status).toBe(201);
    expect(again.body.txId).toBe(first.body.error.details.committed[0].txId);
    expect(t.ledger.callsOf('Arrears', 'Record').filter((c) => c.kind === 'submit')).toHaveLength(1);
    const deposits = t.ledger.callsOf('Notes', 'Deposit');
    expect(deposits).toHaveLength(2);
    expect(depositsOf(deposits[1]!).map((n) => n.commitment)).toEqual([argsOf(write!).noteCommitment]);
    // A private write carries no claim (a claim is a public key, which would send the text to non-members' peers);
    // both deposits put the same text under the same commitment, so the second rewrote the same bytes.
    expect(deposits.map((c) => Object.keys(c.transient ?? {}))).toEqual([['notes'], ['notes']]);
    expect(new Set(deposits.map((c) => depositsOf(c)[0]!.commitment)).size).toBe(1);
  });

  it('an arrears batch whose notes could not be deposited names every committed transaction and every note', async () => {
    t.ledger.on('Notes', 'Deposit', () => {
      throw unavailable();
    });
    const items = Array.from({ length: 501 }, (_, i) => ({ ...arrearsEvent(i), note: `${TEXT} ${i}` }));
    const r = await t.as('company1').post('/v1/arrears-events/batch', { items });
    expect(r.status).toBe(503);
    expect(r.body.error.details.committed).toHaveLength(2);
    expect(r.body.error.details.notesNotDeposited).toHaveLength(501);
    expect(t.ledger.callsOf('Notes', 'Deposit')).toHaveLength(1);
  });
});
