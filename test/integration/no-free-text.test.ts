// No free text on the shared ledger: a name, an address and a mobile number
// planted in every free-text field of every write (through the HTTP API) end
// up in no block of the channel. The records hold a code and a salted
// commitment; the court and the housing bureau read the text back from their
// private collection, a law firm and another company cannot.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { common } from '@hyperledger/fabric-protos';
import { canonicalJson } from '../../chaincode/src/domain';
import { issueTestKeys, startApi, type IssuedKeys, type Reply, type TestApi } from './support/api';
import { contractInput, newHash, ownedId, uniqueId } from './support/fixtures';
import { Caller } from './support/ledger';

const NAME = '王小明';
const ADDRESS = '北京市朝阳区幸福路88号';
const PHONE = '13912345678';
/** This run's own mark, so a hit cannot come from an earlier run. */
const MARK = `标记${randomBytes(6).toString('hex')}`;
const PLANTED = [NAME, ADDRESS, PHONE, MARK];
const text = (field: string) => `${field}: ${NAME} ${ADDRESS} ${PHONE} ${MARK}`;

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

let keys: IssuedKeys;
let api: TestApi;
let company1: ReturnType<TestApi['as']>, company2: ReturnType<TestApi['as']>, regulator: ReturnType<TestApi['as']>;
let mediator: ReturnType<TestApi['as']>, judge: ReturnType<TestApi['as']>, lawyerA: ReturnType<TestApi['as']>;
let court: Caller, company: Caller, lawyer: Caller;

/** Every text written, with the commitment its record holds and who wrote it. */
const notes: { field: string; text: string; commitment: string; by: 'company1' | 'court' | 'regulator' }[] = [];
const projectId = ownedId('P-FT');

beforeAll(async () => {
  keys = issueTestKeys();
  api = await startApi(keys);
  company1 = api.as('housingbureau-company1');
  company2 = api.as('housingbureau-company2');
  regulator = api.as('housingbureau-regulator1');
  mediator = api.as('court-mediator1');
  judge = api.as('court-judge1');
  lawyerA = api.as('lawfirma-lawyer1');
  court = new Caller('CourtMSP', 'judge1');
  company = new Caller('HousingBureauMSP', 'company1');
  lawyer = new Caller('LawFirmAMSP', 'lawyer1');
});

afterAll(async () => {
  [court, company, lawyer].forEach((c) => c?.close());
  await api?.close();
  if (keys) fs.rmSync(keys.dir, { recursive: true, force: true });
});

function written(r: Reply): Reply {
  if (r.status !== 201) throw new Error(`expected 201, got ${r.status} ${r.text.slice(0, 600)}`);
  return r;
}

/** The record carries the code and a commitment, never the text. */
function noted(record: Record<string, unknown>, codeField: string, commitmentField: string, code: string): string {
  expect(record[codeField]).toBe(code);
  expect(record[commitmentField]).toMatch(/^[0-9a-f]{64}$/);
  for (const s of PLANTED) expect(JSON.stringify(record)).not.toContain(s);
  return record[commitmentField] as string;
}

/** The clear text may reach the reader's peer a block after the record: wait for the deposit. */
async function readNote(reader: ReturnType<TestApi['as']>, commitment: string): Promise<Reply> {
  for (let i = 0; ; i++) {
    const r = await reader.get(`/v1/notes/${commitment}`);
    if (r.status !== 404 || i === 40) return r;
    await new Promise((res) => setTimeout(res, 250));
  }
}

async function allBlocks(): Promise<Buffer> {
  const qscc = court.network.getContract('qscc');
  const height = common.BlockchainInfo.deserializeBinary(await qscc.evaluateTransaction('GetChainInfo', 'notary')).getHeight();
  const blocks: Buffer[] = [];
  for (let n = 0; n < height; n++) blocks.push(Buffer.from(await qscc.evaluateTransaction('GetBlockByNumber', 'notary', String(n))));
  return Buffer.concat(blocks);
}

describe('every free-text field of every write', () => {
  let contractId: string;
  let disputeA: string;
  let disputeB: string;
  let disputeC: string;

  it('contract termination: the reason', async () => {
    contractId = written(await company1.post('/v1/contracts', contractInput(projectId))).body.contract.contractId;
    const ending = contractInput(projectId);
    written(await company1.post('/v1/contracts', ending));
    const out = written(
      await company1.post(`/v1/contracts/${ending.contractId}/termination`, {
        effectiveDate: ending.termEnd,
        reasonCode: 'PROPERTY_TRANSFERRED',
        reason: text('reason'),
      }),
    ).body;
    expect(out.contract.status).toBe('TERMINATED');
    const commitment = noted(out.contract, 'terminationReasonCode', 'terminationReasonCommitment', 'PROPERTY_TRANSFERRED');
    notes.push({ field: 'termination reason', text: text('reason'), commitment, by: 'company1' });
  });

  it('arrears events, single and batch: the note (OTHER when no code is given)', async () => {
    const one = written(
      await company1.post('/v1/arrears-events', {
        eventId: uniqueId('E'),
        contractId,
        type: 'billed',
        period: '2024-05',
        amountFen: 35_000,
        note: text('note'),
      }),
    ).body;
    notes.push({ field: 'arrears note', text: text('note'), commitment: noted(one.event, 'noteCode', 'noteCommitment', 'OTHER'), by: 'company1' });

    const items = ['2024-06', '2024-07'].map((period, i) => ({
      eventId: uniqueId('E'),
      contractId,
      type: 'billed',
      period,
      amountFen: 35_000,
      noteCode: 'PAYMENT_PLAN',
      note: text(`batch note ${i}`),
    }));
    written(await company1.post('/v1/arrears-events/batch', { items }));
    const events = (await company1.get(`/v1/contracts/${contractId}/arrears`)).body.events as Record<string, unknown>[];
    for (const [i, item] of items.entries()) {
      const event = events.find((e) => e.eventId === item.eventId)!;
      notes.push({ field: `batch note ${i}`, text: item.note, commitment: noted(event, 'noteCode', 'noteCommitment', 'PAYMENT_PLAN'), by: 'company1' });
    }
  });

  it('dispute opening: the description; a refused opening deposits nothing', async () => {
    disputeA = ownedId('D-FT');
    const body = {
      disputeId: disputeA,
      contractId,
      lawFirmMspId: 'LawFirmAMSP',
      claimedAmountFen: 35_000,
      descriptionCode: 'UNPAID_FEES',
      description: text('description'),
    };
    expect((await lawyerA.post('/v1/disputes', body)).status).toBe(403);
    expect((await judge.get(`/v1/disputes/${disputeA}`)).status).toBe(404);
    // With an Idempotency-Key, as clients send it: the record claims it, the note's deposit (private) does not.
    const out = written(await company1.post('/v1/disputes', body, { 'idempotency-key': randomUUID() })).body;
    const commitment = noted(out.dispute, 'descriptionCode', 'descriptionCommitment', 'UNPAID_FEES');
    notes.push({ field: 'dispute description', text: text('description'), commitment, by: 'company1' });
    disputeB = ownedId('D-FT');
    written(await company1.post('/v1/disputes', { disputeId: disputeB, contractId, lawFirmMspId: 'LawFirmAMSP', claimedAmountFen: 100 }));
    disputeC = ownedId('D-FT');
    written(await company1.post('/v1/disputes', { disputeId: disputeC, contractId, lawFirmMspId: 'LawFirmAMSP', claimedAmountFen: 200 }));
  });

  it('dispute transitions: the note, from the court, the bureau and the company', async () => {
    for (const disputeId of [disputeA, disputeC]) {
      written(
        await lawyerA.post(`/v1/disputes/${disputeId}/letters`, {
          letterId: uniqueId('L'),
          contentSha256: newHash(),
          channel: 'SMS',
          recipientCommitment: newHash(),
          eventTime: new Date().toISOString(),
        }),
      );
    }
    const moves: [ReturnType<TestApi['as']>, 'court' | 'regulator' | 'company1', string, Record<string, unknown>][] = [
      [mediator, 'court', disputeA, { action: 'referToMediation', documentHashes: [], noteCode: 'REFERRED' }],
      [mediator, 'court', disputeA, { action: 'triage', to: 'TRIAGED_HOUSING_BUREAU', documentHashes: [] }],
      [regulator, 'regulator', disputeA, { action: 'resolveTriage', documentHashes: [newHash()], noteCode: 'PARTIES_AGREED' }],
      [company1, 'company1', disputeB, { action: 'settleDispute', documentHashes: [newHash()] }],
      [judge, 'court', disputeC, { action: 'referToMediation', documentHashes: [] }],
      [mediator, 'court', disputeC, { action: 'recordMediation', to: 'MEDIATION_FAILED', documentHashes: [], noteCode: 'PARTY_ABSENT' }],
      [mediator, 'court', disputeC, { action: 'recommendLitigation', documentHashes: [] }],
    ];
    for (const [who, by, disputeId, move] of moves) {
      const note = text(`transition ${String(move.action)}`);
      const out = written(await who.post(`/v1/disputes/${disputeId}/transitions`, { ...move, note })).body;
      const commitment = noted(out.transition, 'noteCode', 'noteCommitment', (move.noteCode as string | undefined) ?? 'OTHER');
      notes.push({ field: `transition ${String(move.action)}`, text: note, commitment, by });
    }
    const history = (await judge.get(`/v1/disputes/${disputeA}/history`)).body;
    expect(history.transitions.filter((t: Record<string, unknown>) => typeof t.noteCommitment === 'string')).toHaveLength(3);
  });

  it('a case number is a code: one holding a name, an address or a phone number is refused and changes nothing', async () => {
    const year = new Date().getUTCFullYear();
    for (const caseNumber of [`（${year}）京0105${NAME}1号`, `（${year}）${ADDRESS}`, `（${year}）京0105民初${PHONE}号`]) {
      const r = await judge.post(`/v1/disputes/${disputeC}/transitions`, { action: 'fileCase', documentHashes: [newHash()], caseNumber });
      expect(r.status).toBe(400);
      expect(r.body.error.details.field).toContain('caseNumber');
    }
    expect(await court.refused('Disputes', 'Transition', { disputeId: disputeC, action: 'fileCase', documentHashes: [newHash()], caseNumber: NAME })).toBe(
      'INVALID_ARGUMENT',
    );
    expect((await judge.get(`/v1/disputes/${disputeC}`)).body.dispute).toMatchObject({ stage: 'LITIGATION_RECOMMENDED', caseNumber: null });
    const note = text('transition fileCase');
    const filed = written(
      await judge.post(`/v1/disputes/${disputeC}/transitions`, {
        action: 'fileCase',
        documentHashes: [newHash()],
        caseNumber: `（${year}）京0105民初${Math.floor(Math.random() * 90_000) + 10_000}号`,
        note,
      }),
    ).body;
    expect(filed.dispute.stage).toBe('CASE_FILED');
    notes.push({ field: 'transition fileCase', text: note, commitment: noted(filed.transition, 'noteCode', 'noteCommitment', 'OTHER'), by: 'court' });
  });
});

describe('the clear text, in the court/bureau collection', () => {
  it('is read back by the court and the bureau, and matches its commitment', async () => {
    expect(notes).toHaveLength(13);
    for (const n of notes) {
      for (const reader of [judge, regulator]) {
        const r = await readNote(reader, n.commitment);
        expect(r.status).toBe(200);
        expect(r.body).toEqual({ commitment: n.commitment, text: n.text, salt: expect.stringMatching(/^[0-9a-f]{64}$/) });
        expect(sha256(canonicalJson({ salt: r.body.salt, text: r.body.text }))).toBe(n.commitment);
      }
    }
  });

  it("is read back by the company that wrote it, not by another company, nor a company the court's notes", async () => {
    for (const n of notes) {
      const own = await company1.get(`/v1/notes/${n.commitment}`);
      expect(own.status).toBe(n.by === 'company1' ? 200 : 403);
      expect((await company2.get(`/v1/notes/${n.commitment}`)).status).toBe(403);
    }
  });

  it('is refused to a law firm, whose peer does not hold it', async () => {
    for (const n of notes) {
      const r = await lawyerA.get(`/v1/notes/${n.commitment}`);
      expect(r.status).toBe(403);
      expect(r.text).not.toContain(MARK);
    }
    expect(await lawyer.refusedRead('Notes', 'Get', notes[0]!.commitment)).toBe('FORBIDDEN');
  });

  it('takes only a text that hashes to its commitment, from court and bureau clients; the chaincode takes no text in a record', async () => {
    const salt = randomBytes(32).toString('hex');
    const other = 'someone else';
    const commitment = sha256(canonicalJson({ salt, text: other }));
    expect(await company.refusedPrivate('Notes', 'Deposit', [], { notes: [{ commitment, text: `${other}!`, salt }] })).toBe('INVALID_ARGUMENT');
    expect(await lawyer.refusedPrivate('Notes', 'Deposit', [], { notes: [{ commitment, text: other, salt }] })).toBe('FORBIDDEN');
    expect((await judge.get(`/v1/notes/${commitment}`)).status).toBe(404);

    // Resending a note (PUT, for a deposit that failed after its record committed): allowed for its own text and
    // salt, and changes nothing already there; refused for any other text, and for a law firm.
    const first = notes[0]!;
    const firstSalt = ((await judge.get(`/v1/notes/${first.commitment}`)).body as { salt: string }).salt;
    expect((await company1.put(`/v1/notes/${first.commitment}`, { text: `${first.text}!`, salt: firstSalt })).status).toBe(400);
    expect((await lawyerA.put(`/v1/notes/${first.commitment}`, { text: first.text, salt: firstSalt })).status).toBe(403);
    expect(written(await company1.put(`/v1/notes/${first.commitment}`, { text: first.text, salt: firstSalt })).body).toMatchObject({
      commitment: first.commitment,
      collection: 'caseNotes',
    });
    expect((await judge.get(`/v1/notes/${first.commitment}`)).body).toEqual({ commitment: first.commitment, text: first.text, salt: firstSalt });
    expect((await company1.get(`/v1/notes/${first.commitment}`)).status).toBe(200);
    const direct = { eventId: uniqueId('E'), contractId: ownedId('HT'), type: 'billed', period: '2024-08', amountFen: 1, note: NAME };
    expect(await company.refused('Arrears', 'Record', direct)).toBe('INVALID_ARGUMENT');
  });
});

describe('every block of the channel', () => {
  it('holds none of the planted strings, though it holds the records and their commitments', async () => {
    const blocks = await allBlocks();
    expect(PLANTED.filter((s) => blocks.includes(Buffer.from(s, 'utf8')))).toEqual([]);
    // The scan can see what is there.
    expect(blocks.includes(Buffer.from(projectId, 'utf8'))).toBe(true);
    expect(notes.map((n) => n.commitment).filter((c) => !blocks.includes(Buffer.from(c, 'utf8')))).toEqual([]);
  });
});
