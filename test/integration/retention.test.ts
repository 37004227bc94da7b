// The law firm retained for a dispute, through the HTTP API on the real network:
// only that firm sends letters, adds receipts and reads the dispute, its letters
// and its evidence package; the company or the court's mediator re-assigns it,
// recorded like any other transition. Every refusal is checked to change nothing,
// and a refused lawyer cannot tell another firm's dispute from a missing one.
import fs from 'node:fs';
import type { EvidencePackage } from '../../evidence/format';
import { verifyPackage } from '../../evidence/verify';
import { ensureTrustBundle } from '../../network/native/trust-bundle';
import { loadTopology } from '../../network/topology';
import { issueTestKeys, startApi, type IssuedKeys, type TestApi } from './support/api';
import { contractInput, newHash, ownedId, uniqueId } from './support/fixtures';
import { allPages, failed, ok, sameRefusal, written } from './support/replies';

type Client = ReturnType<TestApi['as']>;
let keys: IssuedKeys;
let api: TestApi;
let company1: Client, company2: Client, mediator: Client, judge: Client, lawyerA: Client, lawyerB: Client;

beforeAll(async () => {
  keys = issueTestKeys();
  api = await startApi(keys);
  company1 = api.as('housingbureau-company1');
  company2 = api.as('housingbureau-company2');
  mediator = api.as('court-mediator1');
  judge = api.as('court-judge1');
  lawyerA = api.as('lawfirma-lawyer1');
  lawyerB = api.as('lawfirmb-lawyer1');
});

afterAll(async () => {
  await api?.close();
  if (keys) fs.rmSync(keys.dir, { recursive: true, force: true });
});

const now = () => new Date().toISOString();
const letterBody = () => ({ letterId: uniqueId('L'), contentSha256: newHash(), channel: 'SMS', recipientCommitment: newHash(), eventTime: now() });
const receiptBody = (kind: 'DELIVERED' | 'VIEWED') => ({ receiptId: uniqueId('R'), kind, evidenceSha256: newHash(), eventTime: now() });

/** A new contract of company1 in `projectId`, and a dispute on it retained by `lawFirmMspId`. */
async function opened(projectId: string, lawFirmMspId: string) {
  const contract = contractInput(projectId);
  written(await company1.post('/v1/contracts', contract));
  const disputeId = ownedId('D');
  const out = written(await company1.post('/v1/disputes', { disputeId, contractId: contract.contractId, lawFirmMspId, claimedAmountFen: 70_000 })).body;
  return { disputeId, contractId: contract.contractId, opened: out };
}

/** What the court sees of a dispute: its record, its transitions and its letters with their receipts. */
async function snapshot(disputeId: string) {
  const history = ok(await mediator.get(`/v1/disputes/${disputeId}/history`)).body;
  const letters = ok(await mediator.get(`/v1/disputes/${disputeId}/letters`)).body;
  return { dispute: history.dispute, transitions: history.transitions, letters: letters.letters };
}

describe('opening names the retained firm', () => {
  it('requires a law firm of the channel and records it on the dispute and its first transition', async () => {
    const contract = contractInput(ownedId('P'));
    written(await company1.post('/v1/contracts', contract));
    const base = { contractId: contract.contractId, claimedAmountFen: 1_000 };
    const missing = ownedId('D');
    failed(await company1.post('/v1/disputes', { ...base, disputeId: missing }), 400, 'INVALID_ARGUMENT');
    const notAFirm = ownedId('D');
    failed(await company1.post('/v1/disputes', { ...base, disputeId: notAFirm, lawFirmMspId: 'CourtMSP' }), 400, 'INVALID_ARGUMENT');
    for (const id of [missing, notAFirm]) failed(await mediator.get(`/v1/disputes/${id}`), 404, 'NOT_FOUND');

    const disputeId = ownedId('D');
    const out = written(await company1.post('/v1/disputes', { ...base, disputeId, lawFirmMspId: 'LawFirmBMSP' })).body;
    expect(out.dispute).toMatchObject({ disputeId, stage: 'OPENED', lawFirmMspId: 'LawFirmBMSP' });
    expect(out.transition).toMatchObject({ action: 'openDispute', to: 'OPENED', lawFirmMspId: 'LawFirmBMSP' });
  });
});

describe('letters and receipts from the retained firm only', () => {
  let disputeId: string;
  let letterId: string;

  beforeAll(async () => {
    ({ disputeId } = await opened(ownedId('P'), 'LawFirmAMSP'));
  });

  it("refuses firm B's letter on firm A's dispute and changes nothing; firm A's is anchored", async () => {
    const before = await snapshot(disputeId);
    const refused = failed(await lawyerB.post(`/v1/disputes/${disputeId}/letters`, letterBody()), 403, 'FORBIDDEN');
    expect(refused.body.error.message).not.toContain('OPENED');
    expect(await snapshot(disputeId)).toEqual(before);
    expect(before.dispute).toMatchObject({ stage: 'OPENED', version: 1 });
    expect(before.letters).toEqual([]);

    const l = letterBody();
    letterId = l.letterId;
    const out = written(await lawyerA.post(`/v1/disputes/${disputeId}/letters`, l)).body;
    expect(out.letter).toMatchObject({ letterId, lawFirmMspId: 'LawFirmAMSP' });
    expect(out.dispute).toMatchObject({ stage: 'LETTER_SENT', lawFirmMspId: 'LawFirmAMSP' });
  });

  it("refuses firm B's receipt for firm A's letter and changes nothing; firm A's is anchored", async () => {
    const before = await snapshot(disputeId);
    failed(await lawyerB.post(`/v1/disputes/${disputeId}/letters/${letterId}/receipts`, receiptBody('DELIVERED')), 403, 'FORBIDDEN');
    expect(await snapshot(disputeId)).toEqual(before);
    expect(before.letters[0].receipts).toEqual([]);
    const out = written(await lawyerA.post(`/v1/disputes/${disputeId}/letters/${letterId}/receipts`, receiptBody('DELIVERED'))).body;
    expect(out.dispute.stage).toBe('DELIVERED');
  });
});

describe('reads by the retained firm only', () => {
  let disputeId: string;
  let letterId: string;
  let contractId: string;

  beforeAll(async () => {
    ({ disputeId, contractId } = await opened(ownedId('P'), 'LawFirmAMSP'));
    const l = letterBody();
    letterId = l.letterId;
    written(await lawyerA.post(`/v1/disputes/${disputeId}/letters`, l));
  });

  const paths = (id: string, letter: string) => [
    `/v1/disputes/${id}`,
    `/v1/disputes/${id}/history`,
    `/v1/disputes/${id}/letters`,
    `/v1/disputes/${id}/letters/${letter}`,
    `/v1/evidence/disputes/${id}`,
    `/v1/evidence/disputes/${id}/package`,
  ];

  it('lets the retained firm, the owning company and the court read the dispute, its letters and its package', async () => {
    for (const reader of [lawyerA, company1, judge]) {
      for (const p of paths(disputeId, letterId)) ok(await reader.get(p));
    }
    // Its contract is part of its evidence: the retained firm reads it too.
    expect(ok(await lawyerA.get(`/v1/contracts/${contractId}`)).body.contract.contractId).toBe(contractId);
  });

  it('refuses another firm and another company alike for the dispute and for an ID that does not exist', async () => {
    const missing = ownedId('D');
    for (const outsider of [lawyerB, company2]) {
      const [mine, none] = [paths(disputeId, letterId), paths(missing, letterId)];
      for (let i = 0; i < mine.length; i++) sameRefusal(await outsider.get(mine[i]!), disputeId, await outsider.get(none[i]!), missing);
    }
    const missingContract = ownedId('HT');
    sameRefusal(await lawyerB.get(`/v1/contracts/${contractId}`), contractId, await lawyerB.get(`/v1/contracts/${missingContract}`), missingContract);
  });

  it("has the organisations attest the dispute's keys for the retained firm only, and refuses another firm alike for a missing dispute", async () => {
    const ledger = api.app.ledger.ledger;
    const request = (id: string) => ({ keys: [['dispute', id]], prefixes: [['disputeTransition', id]] });
    const attested = await ledger.attest('LawFirmAMSP', 'lawyer1', request(disputeId));
    expect(attested.attestations.length).toBeGreaterThan(2);
    const refusal = async (id: string) => {
      const error = await ledger.attest('LawFirmBMSP', 'lawyer1', request(id)).then(
        () => undefined,
        (e: Error) => e,
      );
      expect(error?.message).toContain('[FORBIDDEN]');
      return error!.message.split(id).join('<id>');
    };
    expect(await refusal(disputeId)).toBe(await refusal(ownedId('D')));
  });

  it("lists to a lawyer only its firm's disputes", async () => {
    const projectDisputes = async (who: Client) =>
      ok(await who.get(`/v1/disputes?projectId=${(await snapshot(disputeId)).dispute.projectId}`)).body.disputes.map((d: { disputeId: string }) => d.disputeId);
    expect(await projectDisputes(lawyerA)).toEqual([disputeId]);
    expect(await projectDisputes(lawyerB)).toEqual([]);
  });

  it("lists the firm's retained disputes to its lawyers and the court, and refuses a lawyer another firm's list", async () => {
    const firmList = async (who: Client, firm: string) => {
      const disputes = await allPages<{ disputeId: string; lawFirmMspId: string }>(who, `/v1/disputes?lawFirmMspId=${firm}`, 'disputes');
      for (const d of disputes) expect(d.lawFirmMspId).toBe(firm);
      return disputes.map((d) => d.disputeId);
    };
    expect(await firmList(lawyerA, 'LawFirmAMSP')).toContain(disputeId);
    expect(await firmList(mediator, 'LawFirmAMSP')).toContain(disputeId);
    expect(await firmList(lawyerB, 'LawFirmBMSP')).not.toContain(disputeId);
    failed(await lawyerB.get('/v1/disputes?lawFirmMspId=LawFirmAMSP'), 403, 'FORBIDDEN');
    failed(await lawyerA.get('/v1/disputes?lawFirmMspId=CourtMSP'), 400, 'INVALID_ARGUMENT');
  });
});

describe('re-assignment to another firm', () => {
  let disputeId: string;
  let letterId: string;
  let projectId: string;

  beforeAll(async () => {
    projectId = ownedId('P');
    ({ disputeId } = await opened(projectId, 'LawFirmAMSP'));
    const l = letterBody();
    letterId = l.letterId;
    written(await lawyerA.post(`/v1/disputes/${disputeId}/letters`, l));
  });

  const reassign = (lawFirmMspId: string) => ({ action: 'reassignLawFirm', lawFirmMspId, documentHashes: [] });

  it('is refused to another company, the firms and the judge, and to the firm already retained; nothing changes', async () => {
    const before = await snapshot(disputeId);
    const missing = ownedId('D');
    sameRefusal(
      await company2.post(`/v1/disputes/${disputeId}/transitions`, reassign('LawFirmBMSP')),
      disputeId,
      await company2.post(`/v1/disputes/${missing}/transitions`, reassign('LawFirmBMSP')),
      missing,
    );
    for (const who of [lawyerA, lawyerB, judge]) failed(await who.post(`/v1/disputes/${disputeId}/transitions`, reassign('LawFirmBMSP')), 403, 'FORBIDDEN');
    failed(await company1.post(`/v1/disputes/${disputeId}/transitions`, reassign('LawFirmAMSP')), 400, 'INVALID_ARGUMENT');
    failed(await company1.post(`/v1/disputes/${disputeId}/transitions`, { action: 'reassignLawFirm', documentHashes: [] }), 400, 'INVALID_ARGUMENT');
    expect(await snapshot(disputeId)).toEqual(before);
  });

  it('is made by the owning company: the stage stays, the transition names the new firm, and the reach moves with it', async () => {
    const before = await snapshot(disputeId);
    const out = written(await company1.post(`/v1/disputes/${disputeId}/transitions`, reassign('LawFirmBMSP'))).body;
    expect(out.dispute).toMatchObject({ stage: 'LETTER_SENT', lawFirmMspId: 'LawFirmBMSP', version: before.dispute.version + 1 });
    expect(out.transition).toMatchObject({ action: 'reassignLawFirm', from: 'LETTER_SENT', to: 'LETTER_SENT', lawFirmMspId: 'LawFirmBMSP' });
    const after = await snapshot(disputeId);
    expect(after.transitions.map((t: { action: string }) => t.action)).toEqual(['openDispute', 'sendLetter', 'reassignLawFirm']);

    failed(await lawyerA.get(`/v1/disputes/${disputeId}`), 403, 'FORBIDDEN');
    expect(ok(await lawyerB.get(`/v1/disputes/${disputeId}`)).body.dispute.lawFirmMspId).toBe('LawFirmBMSP');
    // The firms' lists move with it.
    const listed = async (who: Client, firm: string) =>
      ok(await who.get(`/v1/disputes?lawFirmMspId=${firm}&pageSize=1000`)).body.disputes.map((d: { disputeId: string }) => d.disputeId);
    expect(await listed(lawyerB, 'LawFirmBMSP')).toContain(disputeId);
    expect(await listed(mediator, 'LawFirmAMSP')).not.toContain(disputeId);
    // Firm A is no longer retained, firm B did not send the letter: neither adds its receipt.
    for (const who of [lawyerA, lawyerB]) {
      failed(await who.post(`/v1/disputes/${disputeId}/letters/${letterId}/receipts`, receiptBody('DELIVERED')), 403, 'FORBIDDEN');
    }
    expect(await snapshot(disputeId)).toEqual(after);
  });

  it('is made by the mediator too, and not once the dispute is referred to mediation', async () => {
    const out = written(await mediator.post(`/v1/disputes/${disputeId}/transitions`, reassign('LawFirmAMSP'))).body;
    expect(out.transition).toMatchObject({ action: 'reassignLawFirm', lawFirmMspId: 'LawFirmAMSP', by: { role: 'mediator' } });
    written(await mediator.post(`/v1/disputes/${disputeId}/transitions`, { action: 'referToMediation', documentHashes: [] }));
    const before = await snapshot(disputeId);
    failed(await company1.post(`/v1/disputes/${disputeId}/transitions`, reassign('LawFirmBMSP')), 409, 'STAGE_CONFLICT');
    expect(await snapshot(disputeId)).toEqual(before);
  });

  it('keeps the funnel counting the dispute once per milestone', async () => {
    const funnel = ok(await company1.get(`/v1/funnel?projectId=${projectId}`)).body.funnel;
    expect(funnel).toMatchObject({ contracts: 1, disputes: 1, lettersSent: 1, delivered: 0, referredToMediation: 1 });
  });

  it("exports, to the retained firm, a package that verifies against the court's trust bundle and shows the re-assignments", async () => {
    failed(await lawyerB.get(`/v1/evidence/disputes/${disputeId}/package`), 403, 'FORBIDDEN');
    const pkg = ok(await lawyerA.get(`/v1/evidence/disputes/${disputeId}/package`)).body as EvidencePackage;
    const trust = (await ensureTrustBundle(loadTopology())).bundle;
    const result = verifyPackage(pkg, { trust });
    expect(result.checks.filter((c) => !c.ok)).toEqual([]);
    expect(result.ok).toBe(true);
    const records = pkg.records as { dispute: { transitions: { action: string; lawFirmMspId: string | null }[] } };
    expect(records.dispute.transitions.filter((t) => t.action === 'reassignLawFirm').map((t) => t.lawFirmMspId)).toEqual(['LawFirmBMSP', 'LawFirmAMSP']);
  });
});
