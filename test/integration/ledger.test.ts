// The chaincode's domain on the real network: contracts, arrears and risk
// warnings, disputes through every route, letters and receipts, who may do
// what, and concurrency on one project.
import { ACCESS_TABLE, matchesPattern, ownerOfId, type WriteAction } from '../../chaincode/src/domain';
import { Caller } from './support/ledger';
import { contractInput, newHash, ownedId, uniqueId } from './support/fixtures';

const COMPANY_1 = '91110105MA01XQ7T3B';

let company1: Caller, company2: Caller, regulator: Caller, mediator: Caller, judge: Caller, lawyerA: Caller, lawyerB: Caller, courtAdmin: Caller;
let everyone: Caller[];

beforeAll(() => {
  company1 = new Caller('HousingBureauMSP', 'company1');
  company2 = new Caller('HousingBureauMSP', 'company2');
  regulator = new Caller('HousingBureauMSP', 'regulator1');
  mediator = new Caller('CourtMSP', 'mediator1');
  judge = new Caller('CourtMSP', 'judge1', 1);
  lawyerA = new Caller('LawFirmAMSP', 'lawyer1');
  lawyerB = new Caller('LawFirmBMSP', 'lawyer1');
  courtAdmin = new Caller('CourtMSP', 'admin');
  everyone = [company1, company2, regulator, mediator, judge, lawyerA, lawyerB, courtAdmin];
});

afterAll(() => everyone.forEach((c) => c.close()));

const now = () => new Date().toISOString();
const roleOf = (c: Caller) =>
  c === courtAdmin
    ? 'admin'
    : c === company1 || c === company2
      ? 'property-company'
      : c === regulator
        ? 'regulator'
        : c === mediator
          ? 'mediator'
          : c === judge
            ? 'judge'
            : 'lawyer';
const allowed = (c: Caller, action: WriteAction) => ACCESS_TABLE[action].some((p) => matchesPattern({ mspId: c.mspId as never, role: roleOf(c) as never }, p));

async function registered(projectId: string, by = company1) {
  const input = contractInput(projectId);
  await by.submit('Contracts', 'Register', input);
  return input;
}

async function openedDispute(projectId: string, lawFirmMspId = 'LawFirmAMSP') {
  const contract = await registered(projectId);
  const disputeId = ownedId('D');
  await company1.submit('Disputes', 'Open', { disputeId, contractId: contract.contractId, lawFirmMspId, claimedAmountFen: 4_464_700, periods: ['2024-05'] });
  return { contract, disputeId };
}

const letter = (disputeId: string) => ({
  letterId: uniqueId('L'),
  disputeId,
  contentSha256: newHash(),
  channel: 'SMS',
  recipientCommitment: newHash(),
  eventTime: now(),
});
const receipt = (disputeId: string, letterId: string, kind: 'DELIVERED' | 'VIEWED') => ({
  receiptId: uniqueId('R'),
  letterId,
  disputeId,
  kind,
  evidenceSha256: newHash(),
  eventTime: now(),
});
const move = (disputeId: string, action: string, extra: Record<string, unknown> = {}) => ({ disputeId, action, documentHashes: [], ...extra });

/**
 * A dispute's stage through `reader`'s peer. Read with the identity that last wrote: its commit status came from
 * its own org's peer, and another org's peer may commit the same block a moment later.
 */
async function stageOf(disputeId: string, reader: Caller) {
  return (await reader.evaluate<{ dispute: { stage: string } }>('Disputes', 'Get', disputeId)).dispute.stage;
}

describe('property contracts', () => {
  it('registers for the company in the certificate, never one named in the request', async () => {
    const input = contractInput(ownedId('P'));
    const out = await company1.submit<{ txId: string; contract: Record<string, unknown> }>('Contracts', 'Register', input);
    expect(out.contract).toMatchObject({ contractId: input.contractId, companyId: COMPANY_1, version: 1, status: 'ACTIVE' });
    expect(out.txId).toMatch(/^[0-9a-f]{64}$/);
    expect(await company1.refused('Contracts', 'Register', { ...contractInput('P-x'), companyId: '91110105MA00K5Y2R0' })).toBe('INVALID_ARGUMENT');
  });

  it('registers a batch all or nothing', async () => {
    const project = ownedId('P');
    const items = Array.from({ length: 50 }, () => contractInput(project));
    const bad = [...items.slice(0, 10).map((c) => ({ ...c, contractId: `${c.contractId}-b` })), { ...contractInput(project), documentSha256: 'nothex' }];
    expect(await company1.refused('Contracts', 'RegisterBatch', { items: bad })).toBe('INVALID_ARGUMENT');
    expect(await regulator.refusedRead('Contracts', 'Get', bad[0]!.contractId)).toBe('NOT_FOUND');
    const out = await company1.submit<{ count: number }>('Contracts', 'RegisterBatch', { items });
    expect(out.count).toBe(50);
    const listed = await regulator.evaluate<{ contracts: unknown[] }>('Contracts', 'ListByProject', project, '1000', '');
    expect(listed.contracts).toHaveLength(50);
    // The project is listed through its contracts' arrears summaries; no separate project index is written.
    const under = async (prefix: string[]) =>
      (await regulator.evaluate<{ prefixes: { keys: string[] }[] }>('Evidence', 'Attest', { keys: [], prefixes: [prefix] })).prefixes[0]!.keys;
    expect(await under(['project~arrearsSummary', project])).toHaveLength(50);
    expect(await under(['project~contract', project])).toHaveLength(0);
    const tooMany = Array.from({ length: 501 }, () => contractInput(project));
    expect(await company1.refused('Contracts', 'RegisterBatch', { items: tooMany })).toBe('LIMIT_EXCEEDED');
  });

  it('amends as a version chain and terminates; another company may not touch it', async () => {
    const c = await registered(ownedId('P'));
    const amendedDoc = newHash();
    const amended = await company1.submit<{ contract: { version: number; previousVersion: number; previousDocumentSha256: string } }>('Contracts', 'Amend', {
      contractId: c.contractId,
      previousVersion: 1,
      documentSha256: amendedDoc,
      feeTerms: { ...c.feeTerms, monthlyFeeFen: 38_000 },
    });
    expect(amended.contract).toMatchObject({ version: 2, previousVersion: 1, previousDocumentSha256: c.documentSha256 });
    expect(await company1.refused('Contracts', 'Amend', { contractId: c.contractId, previousVersion: 1, documentSha256: newHash() })).toBe('STAGE_CONFLICT');
    expect(await company2.refused('Contracts', 'Terminate', { contractId: c.contractId, effectiveDate: '2025-01-01' })).toBe('FORBIDDEN');
    expect(await company2.refusedRead('Contracts', 'Get', c.contractId)).toBe('FORBIDDEN');
    await company1.submit('Contracts', 'Terminate', { contractId: c.contractId, effectiveDate: '2025-01-01' });
    const history = await judge.evaluate<{ versions: { version: number }[]; writes: { txId: string }[] }>('Contracts', 'History', c.contractId);
    expect(history.versions.map((v) => v.version)).toEqual([1, 2, 3]);
    expect(history.writes).toHaveLength(3);
    const index = await judge.evaluate<{ anchors: { recordId: string; txId: string }[] }>('Documents', 'Lookup', amendedDoc);
    expect(index.anchors).toEqual([expect.objectContaining({ recordType: 'contract', recordId: `${c.contractId}@2` })]);
  });
});

describe('arrears and risk warnings', () => {
  it('raises a warning once when the project crosses the threshold, with the hash of its inputs', async () => {
    const project = ownedId('P');
    // The first registration claims the project for company1 (one key, written once); the rest may then run concurrently.
    const first = await registered(project);
    const contracts = [first, ...(await Promise.all([2, 3, 4].map(() => registered(project))))];
    await regulator.submit('Arrears', 'SetThreshold', { projectId: project, thresholdBp: 5000 });
    const bill = (c: { contractId: string }) => ({ eventId: uniqueId('E'), contractId: c.contractId, type: 'billed', period: '2024-05', amountFen: 35_000 });
    await company1.submit('Arrears', 'RecordBatch', { items: contracts.map(bill) });
    // Two of four pay: 50 % overdue, exactly the threshold.
    for (const c of contracts.slice(0, 2)) {
      await company1.submit('Arrears', 'Record', { eventId: uniqueId('E'), contractId: c.contractId, type: 'paid', period: '2024-05', amountFen: 35_000 });
    }
    expect(
      await company1.refused('Arrears', 'Record', {
        eventId: uniqueId('E'),
        contractId: contracts[0]!.contractId,
        type: 'paid',
        period: '2024-05',
        amountFen: 1,
      }),
    ).toBe('INVALID_ARGUMENT');

    const events = await company1.network.getChaincodeEvents('notary');
    try {
      const first = await regulator.submit<{ atRisk: boolean; warning: { inputHash: string; ratio: { numerator: number; denominator: number } } | null }>(
        'Arrears',
        'EvaluateRisk',
        project,
      );
      expect(first.atRisk).toBe(true);
      expect(first.warning!.ratio).toMatchObject({ numerator: 2, denominator: 4 });
      expect(first.warning!.inputHash).toMatch(/^[0-9a-f]{64}$/);
      const again = await regulator.submit<{ warning: unknown }>('Arrears', 'EvaluateRisk', project);
      expect(again.warning).toBeNull();
      for await (const e of events) {
        if (e.eventName !== 'RiskWarningRaised') continue;
        const payload = JSON.parse(new TextDecoder().decode(e.payload)) as { projectId: string };
        if (payload.projectId === project) break;
      }
    } finally {
      events.close();
    }
    const warnings = await company1.evaluate<{ warnings: unknown[] }>('Arrears', 'Warnings', project);
    expect(warnings.warnings).toHaveLength(1);
    expect(await lawyerA.refused('Arrears', 'EvaluateRisk', project)).toBe('FORBIDDEN');
  });

  it('takes 200 concurrent arrears writes to one project without a failure', async () => {
    const project = ownedId('P');
    const items = Array.from({ length: 200 }, () => contractInput(project));
    await company1.submit('Contracts', 'RegisterBatch', { items });
    const results = await Promise.allSettled(
      items.map((c, i) =>
        company1.submit('Arrears', 'Record', {
          eventId: `E-${i}-${c.contractId.split(':')[1]}`,
          contractId: c.contractId,
          type: 'billed',
          period: '2024-06',
          amountFen: 35_000 + i,
        }),
      ),
    );
    const failures = results.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason));
    expect(failures).toEqual([]);
    const ratio = await regulator.evaluate<{ ratio: { numerator: number; denominator: number } }>('Arrears', 'Ratio', project);
    expect(ratio.ratio).toMatchObject({ numerator: 200, denominator: 200 });

    // The ratio is a sum of one delta per writing transaction (the registration batch's and each event's); the risk evaluation compacts them into one.
    const deltaKeys = async () =>
      (
        await regulator.evaluate<{ prefixes: { keys: string[] }[] }>('Evidence', 'Attest', {
          keys: [],
          prefixes: [['projectDelta', ownerOfId(project)!, project]],
        })
      ).prefixes[0]!.keys;
    expect(await deltaKeys()).toHaveLength(201);
    const funnel = async () => (await regulator.evaluate<{ funnel: { contracts: number } }>('Disputes', 'Funnel', project)).funnel;
    expect((await funnel()).contracts).toBe(200);
    const evaluated = await regulator.submit<{ txId: string; ratio: { numerator: number; denominator: number } }>('Arrears', 'EvaluateRisk', project);
    expect(evaluated.ratio).toMatchObject({ numerator: 200, denominator: 200 });
    const compacted = await deltaKeys();
    expect(compacted).toHaveLength(1);
    expect(compacted[0]).toContain(evaluated.txId);
    const after = await regulator.evaluate<{ ratio: { numerator: number; denominator: number } }>('Arrears', 'Ratio', project);
    expect(after.ratio).toEqual(ratio.ratio);
    // The same keys carry the funnel: compacted, it still counts the 200 contracts.
    expect((await funnel()).contracts).toBe(200);
  });

  it("folds the named transactions' deltas of a project into one, for those who reach it only, counting the same, beside concurrent writes", async () => {
    const project = ownedId('P');
    type Registered = { txId: string; deltaProjects?: string[] };
    // The first registration names the project's owner; the other 39 at once.
    const first = await company1.submit<Registered>('Contracts', 'Register', contractInput(project));
    const answers = [
      first,
      ...(await Promise.all(Array.from({ length: 39 }, () => company1.submit<Registered>('Contracts', 'Register', contractInput(project))))),
    ];
    // Each write names the project it added a delta to, which is how the API knows what to fold.
    expect(answers.map((a) => a.deltaProjects)).toEqual(answers.map(() => [project]));
    const txIds = answers.map((a) => a.txId);
    const deltaKeys = async () =>
      (
        await regulator.evaluate<{ prefixes: { keys: string[] }[] }>('Evidence', 'Attest', {
          keys: [],
          prefixes: [['projectDelta', ownerOfId(project)!, project]],
        })
      ).prefixes[0]!.keys;
    const counts = async () => ({
      funnel: (await regulator.evaluate<{ funnel: { contracts: number } }>('Disputes', 'Funnel', project)).funnel,
      ratio: (await regulator.evaluate<{ ratio: { denominator: number } }>('Arrears', 'Ratio', project)).ratio,
    });
    const before = await counts();
    expect(before.funnel).toMatchObject({ contracts: 40 });
    expect(before.ratio.denominator).toBe(40);
    expect(await deltaKeys()).toHaveLength(40);

    // Refused: another company, a law firm with no dispute in the project, an admin; nothing changes.
    const fold = { projectId: project, txIds };
    expect(await company2.refused('Arrears', 'CompactDeltas', fold)).toBe('FORBIDDEN');
    expect(await lawyerA.refused('Arrears', 'CompactDeltas', fold)).toBe('FORBIDDEN');
    expect(await courtAdmin.refused('Arrears', 'CompactDeltas', fold)).toBe('FORBIDDEN');
    expect(await company1.refused('Arrears', 'CompactDeltas', { projectId: project, txIds: [txIds[0]] })).toBe('INVALID_ARGUMENT');
    expect(await deltaKeys()).toHaveLength(40);

    // What a fold may name, listed read-only for the same callers: refused to the others, allowed to the company.
    type Waiting = { projectId: string; txIds: string[]; more: boolean };
    expect(await company2.refusedRead('Arrears', 'DeltaTxIds', project)).toBe('FORBIDDEN');
    expect(await lawyerA.refusedRead('Arrears', 'DeltaTxIds', project)).toBe('FORBIDDEN');
    expect(await courtAdmin.refusedRead('Arrears', 'DeltaTxIds', project)).toBe('FORBIDDEN');
    expect(await company1.evaluate<Waiting>('Arrears', 'DeltaTxIds', project)).toMatchObject({ projectId: project, txIds: [...txIds].sort(), more: false });

    // Allowed, while 20 more registrations to the project commit: the fold reads only the keys it names, so neither side conflicts.
    const [folded, ...more] = await Promise.all([
      company1.submit<{ txId: string; folded: number; skipped: number; deltaTxId: string | null; deltaProjects?: string[] }>('Arrears', 'CompactDeltas', fold),
      ...Array.from({ length: 20 }, () => company1.submit<Registered>('Contracts', 'Register', contractInput(project))),
    ]);
    expect(more).toHaveLength(20);
    expect(folded).toMatchObject({ projectId: project, folded: 40, skipped: 0, deltaTxId: folded.txId });
    // A fold adds no delta, so it names no project to fold again.
    expect(folded.deltaProjects).toBeUndefined();
    const keys = await deltaKeys();
    expect(keys).toHaveLength(21);
    expect(keys.filter((k) => k.includes(folded.txId))).toHaveLength(1);
    const listed = await regulator.evaluate<Waiting>('Arrears', 'DeltaTxIds', project);
    expect(listed.txIds).toEqual([folded.txId, ...more.map((m) => m.txId)].sort());
    const after = await counts();
    expect(after.funnel).toEqual({ ...before.funnel, contracts: 60 });
    expect(after.ratio.denominator).toBe(60);

    // Named keys already folded are skipped; fewer than two found: nothing written.
    const again = await mediator.submit<{ folded: number; skipped: number; deltaTxId: string | null }>('Arrears', 'CompactDeltas', {
      projectId: project,
      txIds: [folded.txId, txIds[0]],
    });
    expect(again).toMatchObject({ folded: 0, skipped: 1, deltaTxId: null });
    expect(await deltaKeys()).toEqual(keys);

    // A law firm retained on a dispute of the project reaches it, and may fold its receipts' deltas with the rest.
    const c = contractInput(project);
    const registration = await company1.submit<Registered>('Contracts', 'Register', c);
    const opened = await company1.submit<Registered>('Disputes', 'Open', {
      disputeId: ownedId('D'),
      contractId: c.contractId,
      lawFirmMspId: 'LawFirmAMSP',
      claimedAmountFen: 4_464_700,
      periods: ['2024-05'],
    });
    expect(opened.deltaProjects).toEqual([project]);
    const byLawyer = await lawyerA.submit<{ txId: string; folded: number; skipped: number }>('Arrears', 'CompactDeltas', {
      projectId: project,
      txIds: [folded.txId, registration.txId, opened.txId],
    });
    expect(byLawyer).toMatchObject({ folded: 3, skipped: 0 });
    // The law firm lists the project too: its sum in place of the three.
    const lawyerList = (await lawyerA.evaluate<Waiting>('Arrears', 'DeltaTxIds', project)).txIds;
    expect(lawyerList).toContain(byLawyer.txId);
    expect(lawyerList).toHaveLength(keys.length);
    expect(lawyerList.filter((t) => [folded.txId, registration.txId, opened.txId].includes(t))).toEqual([]);
    expect(await deltaKeys()).toHaveLength(keys.length);
    expect((await counts()).funnel).toEqual({ ...before.funnel, contracts: 61, disputes: 1 });
  });
});

describe('disputes through every route', () => {
  it('goes from contract to a filed case, recording who, when and which documents at each step', async () => {
    const { disputeId } = await openedDispute(ownedId('P'));
    const l = letter(disputeId);
    await lawyerA.submit('Letters', 'Send', l);
    await lawyerA.submit('Letters', 'Receipt', receipt(disputeId, l.letterId, 'DELIVERED'));
    await lawyerA.submit('Letters', 'Receipt', receipt(disputeId, l.letterId, 'VIEWED'));
    await mediator.submit('Disputes', 'Transition', move(disputeId, 'referToMediation'));
    await mediator.submit('Disputes', 'Transition', move(disputeId, 'recordMediation', { to: 'MEDIATION_FAILED', documentHashes: [newHash()] }));
    await mediator.submit('Disputes', 'Transition', move(disputeId, 'recommendLitigation'));
    expect(await mediator.refused('Disputes', 'Transition', move(disputeId, 'fileCase', { caseNumber: '（2026）京0105民初12345号' }))).toBe('FORBIDDEN');
    await judge.submit('Disputes', 'Transition', move(disputeId, 'fileCase', { caseNumber: '（2026）京0105民初12345号' }));

    const h = await judge.evaluate<{
      dispute: { stage: string; caseNumber: string };
      transitions: { to: string; by: { mspId: string; role: string }; at: string; documentHashes: string[] }[];
    }>('Disputes', 'History', disputeId);
    expect(h.dispute).toMatchObject({ stage: 'CASE_FILED', caseNumber: '（2026）京0105民初12345号' });
    expect(h.transitions.map((t) => t.to)).toEqual([
      'OPENED',
      'LETTER_SENT',
      'DELIVERED',
      'VIEWED',
      'REFERRED_TO_MEDIATION',
      'MEDIATION_FAILED',
      'LITIGATION_RECOMMENDED',
      'CASE_FILED',
    ]);
    expect(h.transitions.map((t) => `${t.by.role}@${t.by.mspId}`)).toEqual([
      'property-company@HousingBureauMSP',
      'lawyer@LawFirmAMSP',
      'lawyer@LawFirmAMSP',
      'lawyer@LawFirmAMSP',
      'mediator@CourtMSP',
      'mediator@CourtMSP',
      'mediator@CourtMSP',
      'judge@CourtMSP',
    ]);
    expect(h.transitions[1]!.documentHashes).toEqual([l.contentSha256]);
    const times = h.transitions.map((t) => Date.parse(t.at));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });

  it('settles after the letter is delivered', async () => {
    const { disputeId } = await openedDispute(ownedId('P'), 'LawFirmBMSP');
    const l = letter(disputeId);
    await lawyerB.submit('Letters', 'Send', l);
    await lawyerB.submit('Letters', 'Receipt', receipt(disputeId, l.letterId, 'DELIVERED'));
    await company1.submit('Disputes', 'Transition', move(disputeId, 'settleDispute', { documentHashes: [newHash()] }));
    expect(await stageOf(disputeId, company1)).toBe('SETTLED');
    expect(await company1.refused('Disputes', 'Transition', move(disputeId, 'settleDispute'))).toBe('STAGE_CONFLICT');
  });

  it.each([
    ['TRIAGED_RECTIFICATION', 'regulator'],
    ['TRIAGED_HOUSING_BUREAU', 'regulator'],
    ['TRIAGED_STREET_OFFICE', 'mediator'],
  ])('triages to %s and is resolved by the %s', async (route, resolver) => {
    const { disputeId } = await openedDispute(ownedId('P'));
    const l = letter(disputeId);
    await lawyerA.submit('Letters', 'Send', l);
    await mediator.submit('Disputes', 'Transition', move(disputeId, 'referToMediation'));
    await mediator.submit('Disputes', 'Transition', move(disputeId, 'triage', { to: route }));
    const by = resolver === 'regulator' ? regulator : mediator;
    await by.submit('Disputes', 'Transition', move(disputeId, 'resolveTriage', { documentHashes: [newHash()] }));
    expect(await stageOf(disputeId, by)).toBe('RESOLVED');
  });

  it('settles in mediation with the agreement anchored', async () => {
    const { disputeId } = await openedDispute(ownedId('P'));
    await lawyerA.submit('Letters', 'Send', letter(disputeId));
    await judge.submit('Disputes', 'Transition', move(disputeId, 'referToMediation'));
    const agreement = newHash();
    expect(await mediator.refused('Disputes', 'Transition', move(disputeId, 'recordMediation', { to: 'MEDIATED_SETTLED' }))).toBe('INVALID_ARGUMENT');
    await mediator.submit('Disputes', 'Transition', move(disputeId, 'recordMediation', { to: 'MEDIATED_SETTLED', documentHashes: [agreement] }));
    const found = await company1.evaluate<{ anchors: { recordType: string; recordId: string }[] }>('Documents', 'Lookup', agreement);
    expect(found.anchors).toEqual([expect.objectContaining({ recordType: 'disputeTransition', recordId: `${disputeId}#4` })]);
  });

  it('counts the funnel of a project', async () => {
    const project = ownedId('P');
    const a = await openedDispute(project);
    const b = await openedDispute(project);
    const la = letter(a.disputeId);
    await lawyerA.submit('Letters', 'Send', la);
    await lawyerA.submit('Letters', 'Receipt', receipt(a.disputeId, la.letterId, 'DELIVERED'));
    await lawyerA.submit('Letters', 'Send', letter(b.disputeId));
    await company1.submit('Disputes', 'Transition', move(a.disputeId, 'settleDispute'));
    const f = await regulator.evaluate<{ funnel: Record<string, number> }>('Disputes', 'Funnel', project);
    expect(f.funnel).toEqual({
      contracts: 2,
      disputes: 2,
      lettersSent: 2,
      delivered: 1,
      viewed: 0,
      settled: 1,
      referredToMediation: 0,
      mediated: 0,
      litigation: 0,
    });
    // Lists are paged: follow the bookmarks through every dispute at this stage.
    const atStage: string[] = [];
    let bookmark = '';
    do {
      const page = await regulator.evaluate<{ disputes: { disputeId: string }[]; bookmark: string }>('Disputes', 'ListByStage', 'LETTER_SENT', '200', bookmark);
      atStage.push(...page.disputes.map((d) => d.disputeId));
      bookmark = page.bookmark;
    } while (bookmark);
    expect(atStage).toContain(b.disputeId);
  });
});

describe('letters and receipts', () => {
  it('takes receipts only from the sending firm, in order, and not backdated', async () => {
    const { disputeId } = await openedDispute(ownedId('P'));
    const l = letter(disputeId);
    expect(await lawyerA.refused('Letters', 'Send', { ...l, eventTime: new Date(Date.now() - 10 * 60_000).toISOString() })).toBe('INVALID_ARGUMENT');
    await lawyerA.submit('Letters', 'Send', l);
    expect(await lawyerB.refused('Letters', 'Receipt', receipt(disputeId, l.letterId, 'DELIVERED'))).toBe('FORBIDDEN');
    expect(await lawyerA.refused('Letters', 'Receipt', receipt(disputeId, l.letterId, 'VIEWED'))).toBe('STAGE_CONFLICT');
    await lawyerA.submit('Letters', 'Receipt', receipt(disputeId, l.letterId, 'DELIVERED'));
    expect(await lawyerA.refused('Letters', 'Receipt', receipt(disputeId, l.letterId, 'DELIVERED'))).toBe('STAGE_CONFLICT');
    // The company may refer only after the waiting time.
    expect(await company1.refused('Disputes', 'Transition', move(disputeId, 'referToMediation'))).toBe('STAGE_CONFLICT');
    const got = await company1.evaluate<{ letter: { lawFirmMspId: string }; receipts: { kind: string }[] }>('Letters', 'Get', disputeId, l.letterId);
    expect(got.letter.lawFirmMspId).toBe('LawFirmAMSP');
    expect(got.receipts.map((r) => r.kind)).toEqual(['DELIVERED']);
  });
});

describe('who may do what', () => {
  // One valid request per write action, against records in the right stage;
  // every identity the access table does not allow is refused with FORBIDDEN.
  let requests: [WriteAction, string, string, () => unknown][];

  beforeAll(async () => {
    const project = ownedId('P');
    const { contract, disputeId } = await openedDispute(project);
    const sent = await openedDispute(project);
    const l = letter(sent.disputeId);
    await lawyerA.submit('Letters', 'Send', l);
    requests = [
      ['registerContract', 'Contracts', 'Register', () => contractInput(project)],
      ['amendContract', 'Contracts', 'Amend', () => ({ contractId: contract.contractId, previousVersion: 1, documentSha256: newHash() })],
      ['terminateContract', 'Contracts', 'Terminate', () => ({ contractId: contract.contractId, effectiveDate: '2025-01-01' })],
      [
        'recordArrears',
        'Arrears',
        'Record',
        () => ({ eventId: uniqueId('E'), contractId: contract.contractId, type: 'billed', period: '2024-07', amountFen: 100 }),
      ],
      ['setRiskThreshold', 'Arrears', 'SetThreshold', () => ({ projectId: project, thresholdBp: 3000 })],
      [
        'openDispute',
        'Disputes',
        'Open',
        () => ({ disputeId: ownedId('D'), contractId: contract.contractId, lawFirmMspId: 'LawFirmAMSP', claimedAmountFen: 100 }),
      ],
      ['sendLetter', 'Letters', 'Send', () => letter(disputeId)],
      ['recordDelivery', 'Letters', 'Receipt', () => receipt(sent.disputeId, l.letterId, 'DELIVERED')],
      ['recordMediation', 'Disputes', 'Transition', () => move(sent.disputeId, 'recordMediation', { to: 'MEDIATION_FAILED' })],
      ['triage', 'Disputes', 'Transition', () => move(sent.disputeId, 'triage', { to: 'TRIAGED_RECTIFICATION' })],
      ['recommendLitigation', 'Disputes', 'Transition', () => move(sent.disputeId, 'recommendLitigation')],
      ['fileCase', 'Disputes', 'Transition', () => move(sent.disputeId, 'fileCase', { caseNumber: '（2026）京0105民初1号' })],
      ['settleDispute', 'Disputes', 'Transition', () => move(disputeId, 'settleDispute')],
    ];
  });

  it('refuses every identity the access table does not allow, and writes nothing', async () => {
    const outcomes: string[] = [];
    for (const [action, contract, fn, body] of requests) {
      for (const c of everyone.filter((x) => !allowed(x, action))) {
        outcomes.push(`${action} by ${c.name}@${c.mspId}: ${await c.refused(contract, fn, body())}`);
      }
    }
    expect(outcomes.length).toBeGreaterThan(60);
    expect(outcomes.filter((o) => !o.endsWith(': FORBIDDEN'))).toEqual([]);
  });

  it('keeps a property company to its own records', async () => {
    const c = await registered(ownedId('P'));
    expect(
      await company2.refused('Disputes', 'Open', { disputeId: ownedId('D'), contractId: c.contractId, lawFirmMspId: 'LawFirmAMSP', claimedAmountFen: 100 }),
    ).toBe('FORBIDDEN');
    expect(
      await company2.refused('Arrears', 'Record', { eventId: uniqueId('E'), contractId: c.contractId, type: 'billed', period: '2024-05', amountFen: 1 }),
    ).toBe('FORBIDDEN');
    expect(await company2.refusedRead('Contracts', 'ListByCompany', COMPANY_1, '', '')).toBe('FORBIDDEN');
  });
});
