import { ACCESS_TABLE, isAllowed, matchesPattern } from '../../../chaincode/src/domain/access';
import { canonicalJson } from '../../../chaincode/src/domain/canonical-json';
import {
  DISPUTE_ACTIONS,
  DISPUTE_STAGES,
  openDispute,
  referralAllowedFrom,
  REFERRAL_WAITING_MS,
  renderStageDiagram,
  TERMINAL_STAGES,
  transition,
  TRANSITION_TABLE,
  waitingTimeElapsed,
  type Dispute,
  type DisputeAction,
  type DisputeStage,
} from '../../../chaincode/src/domain/stage-machine';
import { ALL_ACTORS, COMPANY_A, H1, H2, H3, actorName, company, expectCode, hex, judge, lawyerA, lawyerB, mediator, otherCompany, regulator } from './fixtures';

// The intended machine, written out independently of TRANSITION_TABLE:
// [from, action, to, actors allowed (role@msp), needs waiting time].
const C = 'property-company@HousingBureauMSP';
const R = 'regulator@HousingBureauMSP';
// Any law firm of the channel, founding or joined since (actors.ts LAW_FIRM_MSP_PATTERN).
const LAW = ['lawyer@LawFirm*MSP'];
const COURT = ['mediator@CourtMSP', 'judge@CourtMSP'];
type Edge = [DisputeStage, DisputeAction, DisputeStage, string[]];
const EXPECTED: Edge[] = [
  ['OPENED', 'sendLetter', 'LETTER_SENT', LAW],
  ['LETTER_SENT', 'recordDelivery', 'DELIVERED', LAW],
  ['DELIVERED', 'recordViewed', 'VIEWED', LAW],
  ['OPENED', 'settleDispute', 'SETTLED', [C]],
  ['LETTER_SENT', 'settleDispute', 'SETTLED', [C]],
  ['DELIVERED', 'settleDispute', 'SETTLED', [C]],
  ['VIEWED', 'settleDispute', 'SETTLED', [C]],
  ['LETTER_SENT', 'referToMediation', 'REFERRED_TO_MEDIATION', [...COURT, C]],
  ['DELIVERED', 'referToMediation', 'REFERRED_TO_MEDIATION', [...COURT, C]],
  ['VIEWED', 'referToMediation', 'REFERRED_TO_MEDIATION', [...COURT, C]],
  ['REFERRED_TO_MEDIATION', 'recordMediation', 'MEDIATED_SETTLED', COURT],
  ['REFERRED_TO_MEDIATION', 'recordMediation', 'MEDIATION_FAILED', COURT],
  ['REFERRED_TO_MEDIATION', 'triage', 'TRIAGED_RECTIFICATION', COURT],
  ['REFERRED_TO_MEDIATION', 'triage', 'TRIAGED_HOUSING_BUREAU', COURT],
  ['REFERRED_TO_MEDIATION', 'triage', 'TRIAGED_STREET_OFFICE', COURT],
  ['TRIAGED_RECTIFICATION', 'resolveTriage', 'RESOLVED', [...COURT, R]],
  ['TRIAGED_HOUSING_BUREAU', 'resolveTriage', 'RESOLVED', [R]],
  ['TRIAGED_STREET_OFFICE', 'resolveTriage', 'RESOLVED', COURT],
  ['MEDIATION_FAILED', 'recommendLitigation', 'LITIGATION_RECOMMENDED', COURT],
  ['LITIGATION_RECOMMENDED', 'fileCase', 'CASE_FILED', ['judge@CourtMSP']],
  ['OPENED', 'reassignLawFirm', 'OPENED', [C, 'mediator@CourtMSP']],
  ['LETTER_SENT', 'reassignLawFirm', 'LETTER_SENT', [C, 'mediator@CourtMSP']],
  ['DELIVERED', 'reassignLawFirm', 'DELIVERED', [C, 'mediator@CourtMSP']],
  ['VIEWED', 'reassignLawFirm', 'VIEWED', [C, 'mediator@CourtMSP']],
];

const OPENED_AT = '2024-05-01T00:00:00.000Z';
const LETTER_AT = '2024-05-02T00:00:00.000Z';
const LATER = '2024-06-01T00:00:00.000Z'; // more than 15 days after the letter
const AFTER_LETTER: readonly DisputeStage[] = DISPUTE_STAGES.filter((s) => s !== 'OPENED');

function disputeAt(stage: DisputeStage, overrides: Partial<Dispute> = {}): Dispute {
  const hasLetter = AFTER_LETTER.includes(stage) && stage !== 'SETTLED';
  return {
    disputeId: 'D-1',
    contractId: 'HT-1',
    companyId: COMPANY_A,
    projectId: 'P-1',
    claimedAmountFen: 120_000,
    periods: ['2024-03'],
    stage,
    openedAt: OPENED_AT,
    updatedAt: LETTER_AT,
    version: 3,
    letterSentAt: hasLetter ? LETTER_AT : null,
    lawFirmMspId: 'LawFirmAMSP',
    caseNumber: null,
    ...overrides,
  };
}

// Firm A is retained and sent the letter; a reassignment names firm B.
const OPTIONS = { caseNumber: '（2024）京0105民初12345号', lawFirmMspId: 'LawFirmBMSP', letter: { lawFirmMspId: 'LawFirmAMSP' } } as const;

describe('transition table', () => {
  it('is exactly the intended machine', () => {
    const actual = TRANSITION_TABLE.flatMap((r) => r.allowed.map((p) => `${r.from} -${r.action}-> ${r.to} by ${p.role}@${p.mspId}`)).sort();
    const expected = EXPECTED.flatMap(([from, action, to, who]) => who.map((w) => `${from} -${action}-> ${to} by ${w}`)).sort();
    expect(actual).toEqual(expected);
    expect(new Set(actual).size).toBe(actual.length);
  });

  it('never allows a pair the access table forbids', () => {
    for (const r of TRANSITION_TABLE) {
      for (const p of r.allowed) {
        expect(ACCESS_TABLE[r.action].some((q) => q.role === p.role && (q.mspId === '*' || q.mspId === p.mspId))).toBe(true);
      }
    }
  });

  it('has no way out of terminal stages and a way out of all others', () => {
    for (const stage of DISPUTE_STAGES) {
      const outgoing = TRANSITION_TABLE.filter((r) => r.from === stage);
      expect(outgoing.length === 0).toBe(TERMINAL_STAGES.includes(stage));
    }
  });

  it('reaches every stage from OPENED', () => {
    const seen = new Set<DisputeStage>(['OPENED']);
    for (let grew = true; grew;) {
      grew = false;
      for (const r of TRANSITION_TABLE) {
        if (seen.has(r.from) && !seen.has(r.to)) {
          seen.add(r.to);
          grew = true;
        }
      }
    }
    expect([...seen].sort()).toEqual([...DISPUTE_STAGES].sort());
  });

  it('puts the waiting time only on the company referral, receipts only with the sender, letters only with the retained firm', () => {
    for (const r of TRANSITION_TABLE) {
      const companyReferral = r.action === 'referToMediation' && r.allowed.some((p) => p.role === 'property-company');
      const receipt = r.action === 'recordDelivery' || r.action === 'recordViewed';
      expect(r.guards.includes('LETTER_WAIT_ELAPSED')).toBe(companyReferral);
      expect(r.guards.includes('LETTER_SENDER')).toBe(receipt);
      expect(r.guards.includes('RETAINED_FIRM')).toBe(receipt || r.action === 'sendLetter');
      expect(r.guards.includes('NEW_LAW_FIRM')).toBe(r.action === 'reassignLawFirm');
      expect(r.guards.includes('CASE_NUMBER_REQUIRED')).toBe(r.action === 'fileCase');
    }
  });
});

describe('every stage × action × actor', () => {
  const pairs = DISPUTE_STAGES.flatMap((stage) => DISPUTE_ACTIONS.map((action) => [stage, action] as const));
  it.each(pairs)('%s + %s', (stage, action) => {
    const edges = EXPECTED.filter(([from, a]) => from === stage && a === action);
    const targets = edges.length === 0 ? [undefined] : edges.map(([, , to]) => to);
    for (const a of ALL_ACTORS) {
      for (const to of targets) {
        const run = () => transition(disputeAt(stage), action, a, LATER, [H2, H1], { ...OPTIONS, ...(to ? { to } : {}) });
        const edge = edges.find(([, , t]) => t === to);
        const label = `${actorName(a)} ${stage} -${action}-> ${String(to)}`;
        if (!isAllowed(a, action)) {
          expect([label, expectCode(run, 'FORBIDDEN').details.action]).toEqual([label, action]);
        } else if (a.role === 'lawyer' && a.mspId !== 'LawFirmAMSP') {
          // Firm A is retained: firm B is refused before the stage is looked at.
          expect([label, expectCode(run, 'FORBIDDEN').message]).toEqual([label, 'only the law firm retained for the dispute may act on it']);
        } else if (edge === undefined) {
          expect([label, expectCode(run, 'STAGE_CONFLICT').code]).toEqual([label, 'STAGE_CONFLICT']);
        } else if (!edge[3].includes(a.role === 'lawyer' ? 'lawyer@LawFirm*MSP' : actorName(a))) {
          expect([label, expectCode(run, 'FORBIDDEN').code]).toEqual([label, 'FORBIDDEN']);
        } else {
          const { dispute, record } = run();
          expect([label, dispute.stage, record.from, record.to]).toEqual([label, edge[2], stage, edge[2]]);
        }
      }
    }
  });
});

describe('transition results', () => {
  it('walks the happy path with full records', () => {
    const { dispute: d0, record: r0 } = openDispute(
      { disputeId: 'D-9', contractId: 'HT-1', lawFirmMspId: 'LawFirmBMSP', claimedAmountFen: 50_000, periods: ['2024-03', '2024-04'] },
      { contractId: 'HT-1', companyId: COMPANY_A, projectId: 'P-1', status: 'ACTIVE' },
      company,
      '2024-05-01T08:00:00+08:00',
      [H3],
    );
    expect(d0).toEqual({
      disputeId: 'D-9',
      contractId: 'HT-1',
      companyId: COMPANY_A,
      projectId: 'P-1',
      claimedAmountFen: 50_000,
      periods: ['2024-03', '2024-04'],
      stage: 'OPENED',
      openedAt: OPENED_AT,
      updatedAt: OPENED_AT,
      version: 1,
      letterSentAt: null,
      lawFirmMspId: 'LawFirmBMSP',
      caseNumber: null,
    });
    expect(r0).toEqual({
      disputeId: 'D-9',
      seq: 1,
      from: null,
      to: 'OPENED',
      action: 'openDispute',
      by: { mspId: 'HousingBureauMSP', role: 'property-company', companyId: COMPANY_A, subject: company.subject },
      at: OPENED_AT,
      documentHashes: [H3],
      caseNumber: null,
      lawFirmMspId: 'LawFirmBMSP',
    });

    const s1 = transition(d0, 'sendLetter', lawyerB, LETTER_AT, [H2, H1]);
    expect(s1.dispute).toMatchObject({ stage: 'LETTER_SENT', version: 2, letterSentAt: LETTER_AT, lawFirmMspId: 'LawFirmBMSP' });
    expect(s1.record).toEqual({
      disputeId: 'D-9',
      seq: 2,
      from: 'OPENED',
      to: 'LETTER_SENT',
      action: 'sendLetter',
      by: { mspId: 'LawFirmBMSP', role: 'lawyer', subject: lawyerB.subject },
      at: LETTER_AT,
      documentHashes: [H1, H2],
      caseNumber: null,
      lawFirmMspId: null,
    });
    const sentByB = { letter: { lawFirmMspId: 'LawFirmBMSP' } } as const;
    expectCode(() => transition(s1.dispute, 'recordDelivery', lawyerA, LETTER_AT, [H3], sentByB), 'FORBIDDEN');
    const s2 = transition(s1.dispute, 'recordDelivery', lawyerB, LETTER_AT, [H3], sentByB);
    const s3 = transition(s2.dispute, 'recordViewed', lawyerB, LETTER_AT, [H3], sentByB);
    const s4 = transition(s3.dispute, 'referToMediation', mediator, LETTER_AT);
    const s5 = transition(s4.dispute, 'recordMediation', mediator, LATER, [], { to: 'MEDIATION_FAILED' });
    const s6 = transition(s5.dispute, 'recommendLitigation', judge, LATER);
    const s7 = transition(s6.dispute, 'fileCase', judge, LATER, [], OPTIONS);
    expect(s7.dispute).toMatchObject({ stage: 'CASE_FILED', version: 8, caseNumber: OPTIONS.caseNumber, updatedAt: LATER });
    expect(s7.record).toMatchObject({ seq: 8, from: 'LITIGATION_RECOMMENDED', to: 'CASE_FILED', caseNumber: OPTIONS.caseNumber });
    expect(s6.record.caseNumber).toBeNull();
    // Everything produced is storable as canonical JSON.
    for (const s of [s1, s2, s3, s4, s5, s6, s7]) {
      expect(() => canonicalJson(s.dispute)).not.toThrow();
      expect(() => canonicalJson(s.record)).not.toThrow();
    }
  });

  it('does not mutate the input dispute', () => {
    const before = disputeAt('OPENED');
    const copy = JSON.parse(JSON.stringify(before)) as Dispute;
    transition(before, 'sendLetter', lawyerA, LETTER_AT, [H1]);
    expect(before).toEqual(copy);
  });

  it('checks ownership before revealing the stage', () => {
    for (const stage of DISPUTE_STAGES) {
      expectCode(() => transition(disputeAt(stage), 'settleDispute', otherCompany, LATER), 'FORBIDDEN');
    }
  });
});

describe('company referral waiting time', () => {
  const exactly = new Date(Date.parse(LETTER_AT) + REFERRAL_WAITING_MS).toISOString();
  const oneMsEarly = new Date(Date.parse(LETTER_AT) + REFERRAL_WAITING_MS - 1).toISOString();

  it('is 15 days, inclusive', () => {
    expect(REFERRAL_WAITING_MS).toBe(15 * 86_400_000);
    expect(referralAllowedFrom(LETTER_AT)).toBe('2024-05-17T00:00:00.000Z');
    expect(waitingTimeElapsed(LETTER_AT, exactly)).toBe(true);
    expect(waitingTimeElapsed(LETTER_AT, oneMsEarly)).toBe(false);
  });

  it.each(['LETTER_SENT', 'DELIVERED', 'VIEWED'] as const)('applies from %s to the company only', (stage) => {
    expect(transition(disputeAt(stage), 'referToMediation', company, exactly).dispute.stage).toBe('REFERRED_TO_MEDIATION');
    const error = expectCode(() => transition(disputeAt(stage), 'referToMediation', company, oneMsEarly), 'STAGE_CONFLICT');
    expect(error.details.allowedFrom).toBe(exactly);
    for (const courtActor of [mediator, judge]) {
      expect(transition(disputeAt(stage), 'referToMediation', courtActor, LETTER_AT).dispute.stage).toBe('REFERRED_TO_MEDIATION');
    }
  });

  it('treats a letter stage without letter facts as a conflict', () => {
    const corrupt = disputeAt('LETTER_SENT', { letterSentAt: null });
    expectCode(() => transition(corrupt, 'referToMediation', company, LATER), 'STAGE_CONFLICT');
  });
});

describe('transition arguments', () => {
  it('requires a document where the row says so', () => {
    expectCode(() => transition(disputeAt('OPENED'), 'sendLetter', lawyerA, LATER), 'INVALID_ARGUMENT', 'documentHashes');
    expectCode(() => transition(disputeAt('LETTER_SENT'), 'recordDelivery', lawyerA, LATER, [], OPTIONS), 'INVALID_ARGUMENT', 'documentHashes');
    expectCode(
      () => transition(disputeAt('REFERRED_TO_MEDIATION'), 'recordMediation', mediator, LATER, [], { to: 'MEDIATED_SETTLED' }),
      'INVALID_ARGUMENT',
      'documentHashes',
    );
    expect(transition(disputeAt('VIEWED'), 'settleDispute', company, LATER).record.documentHashes).toEqual([]);
  });

  it('requires a valid case number to file', () => {
    const d = disputeAt('LITIGATION_RECOMMENDED');
    expectCode(() => transition(d, 'fileCase', judge, LATER), 'INVALID_ARGUMENT', 'caseNumber');
    expectCode(() => transition(d, 'fileCase', judge, LATER, [], { caseNumber: ' ' }), 'INVALID_ARGUMENT', 'caseNumber');
    expectCode(() => transition(d, 'fileCase', judge, LATER, [], { caseNumber: '（2024）京 01号' }), 'INVALID_ARGUMENT', 'caseNumber');
    expectCode(() => transition(d, 'fileCase', judge, LATER, [], { caseNumber: 'x'.repeat(65) }), 'INVALID_ARGUMENT', 'caseNumber');
    expectCode(() => transition(d, 'fileCase', judge, LATER, [], { caseNumber: '13812345678' }), 'INVALID_ARGUMENT', 'caseNumber');
    expectCode(() => transition(d, 'fileCase', judge, LATER, [], { caseNumber: 'x'.repeat(64) }), 'INVALID_ARGUMENT', 'caseNumber');
    expectCode(() => transition(d, 'fileCase', judge, LATER, [], { caseNumber: '（2024）王小明1号' }), 'INVALID_ARGUMENT', 'caseNumber');
    expect(transition(d, 'fileCase', judge, LATER, [], { caseNumber: '（2024）最高法民申1号' }).dispute.caseNumber).toBe('（2024）最高法民申1号');
  });

  it('needs a target when an action has several, and rejects a wrong one', () => {
    const d = disputeAt('REFERRED_TO_MEDIATION');
    const error = expectCode(() => transition(d, 'triage', mediator, LATER), 'INVALID_ARGUMENT', 'to');
    expect(error.details.targets).toEqual(['TRIAGED_RECTIFICATION', 'TRIAGED_HOUSING_BUREAU', 'TRIAGED_STREET_OFFICE']);
    expectCode(() => transition(d, 'triage', mediator, LATER, [], { to: 'MEDIATED_SETTLED' }), 'STAGE_CONFLICT');
    expectCode(() => transition(disputeAt('OPENED'), 'sendLetter', lawyerA, LATER, [H1], { to: 'VIEWED' }), 'STAGE_CONFLICT');
    expect(transition(disputeAt('OPENED'), 'sendLetter', lawyerA, LATER, [H1], { to: 'LETTER_SENT' }).dispute.stage).toBe('LETTER_SENT');
  });

  it('resolves each triage route only by its owners', () => {
    expect(transition(disputeAt('TRIAGED_HOUSING_BUREAU'), 'resolveTriage', regulator, LATER).dispute.stage).toBe('RESOLVED');
    expectCode(() => transition(disputeAt('TRIAGED_HOUSING_BUREAU'), 'resolveTriage', judge, LATER), 'FORBIDDEN');
    expectCode(() => transition(disputeAt('TRIAGED_STREET_OFFICE'), 'resolveTriage', regulator, LATER), 'FORBIDDEN');
  });

  it('validates document hashes and time', () => {
    const d = disputeAt('OPENED');
    expectCode(() => transition(d, 'sendLetter', lawyerA, LATER, [H1, H1]), 'INVALID_ARGUMENT', 'documentHashes');
    expectCode(() => transition(d, 'sendLetter', lawyerA, LATER, [H1.toUpperCase()]), 'INVALID_ARGUMENT', 'documentHashes[0]');
    const many = Array.from({ length: 17 }, (_, i) => hex(i.toString(16)));
    expectCode(() => transition(d, 'sendLetter', lawyerA, LATER, many), 'LIMIT_EXCEEDED', 'documentHashes');
    expect(transition(d, 'sendLetter', lawyerA, LATER, many.slice(0, 16)).record.documentHashes).toHaveLength(16);
    expectCode(() => transition(d, 'sendLetter', lawyerA, '2024-05-01', [H1]), 'INVALID_ARGUMENT', 'at');
  });
});

describe('retention', () => {
  it('lets only the retained firm send the letter, and only the sender, still retained, add receipts', () => {
    expectCode(() => transition(disputeAt('OPENED'), 'sendLetter', lawyerB, LATER, [H1]), 'FORBIDDEN');
    expect(transition(disputeAt('OPENED'), 'sendLetter', lawyerA, LATER, [H1]).dispute.lawFirmMspId).toBe('LawFirmAMSP');
    // Firm A sent the letter, then firm B was retained: neither may add its receipt.
    const reassigned = transition(disputeAt('LETTER_SENT'), 'reassignLawFirm', company, LATER, [], { lawFirmMspId: 'LawFirmBMSP' }).dispute;
    const sentByA = { letter: { lawFirmMspId: 'LawFirmAMSP' } } as const;
    expectCode(() => transition(reassigned, 'recordDelivery', lawyerA, LATER, [H1], sentByA), 'FORBIDDEN');
    const error = expectCode(() => transition(reassigned, 'recordDelivery', lawyerB, LATER, [H1], sentByA), 'FORBIDDEN');
    expect(error.details.lawFirmMspId).toBe('LawFirmAMSP');
    expectCode(() => transition(disputeAt('LETTER_SENT'), 'recordDelivery', lawyerA, LATER, [H1]), 'INVALID_ARGUMENT', 'letterId');
  });

  it('re-assigns as a recorded transition that keeps the stage', () => {
    for (const [who, actor] of [
      ['company', company],
      ['mediator', mediator],
    ] as const) {
      const { dispute, record } = transition(disputeAt('DELIVERED'), 'reassignLawFirm', actor, LATER, [H1], { lawFirmMspId: 'LawFirmBMSP' });
      expect([who, dispute.stage, dispute.lawFirmMspId, dispute.version, dispute.letterSentAt]).toEqual([who, 'DELIVERED', 'LawFirmBMSP', 4, LETTER_AT]);
      expect([who, record]).toMatchObject([
        who,
        { seq: 4, from: 'DELIVERED', to: 'DELIVERED', action: 'reassignLawFirm', lawFirmMspId: 'LawFirmBMSP', documentHashes: [H1] },
      ]);
    }
  });

  it('refuses a re-assignment without a new law firm of the channel, by another company, or after mediation began', () => {
    const d = disputeAt('OPENED');
    expectCode(() => transition(d, 'reassignLawFirm', company, LATER), 'INVALID_ARGUMENT', 'lawFirmMspId');
    expectCode(() => transition(d, 'reassignLawFirm', company, LATER, [], { lawFirmMspId: 'LawFirmAMSP' }), 'INVALID_ARGUMENT', 'lawFirmMspId');
    expectCode(() => transition(d, 'reassignLawFirm', company, LATER, [], { lawFirmMspId: 'CourtMSP' }), 'INVALID_ARGUMENT', 'lawFirmMspId');
    expectCode(() => transition(d, 'reassignLawFirm', otherCompany, LATER, [], { lawFirmMspId: 'LawFirmBMSP' }), 'FORBIDDEN');
    expectCode(() => transition(d, 'reassignLawFirm', judge, LATER, [], { lawFirmMspId: 'LawFirmBMSP' }), 'FORBIDDEN');
    expectCode(() => transition(disputeAt('REFERRED_TO_MEDIATION'), 'reassignLawFirm', mediator, LATER, [], { lawFirmMspId: 'LawFirmBMSP' }), 'STAGE_CONFLICT');
  });
});

describe('openDispute', () => {
  const input = { disputeId: 'D-2', contractId: 'HT-1', lawFirmMspId: 'LawFirmAMSP', claimedAmountFen: 1 } as const;
  const contract = { contractId: 'HT-1', companyId: COMPANY_A, projectId: 'P-1', status: 'ACTIVE' };

  it('is for the owning company on an active contract', () => {
    expect(openDispute(input, contract, company, OPENED_AT).dispute.periods).toEqual([]);
    expect(openDispute(input, contract, company, OPENED_AT).dispute.lawFirmMspId).toBe('LawFirmAMSP');
    expectCode(() => openDispute({ ...input, lawFirmMspId: 'CourtMSP' as never }, contract, company, OPENED_AT), 'INVALID_ARGUMENT', 'lawFirmMspId');
    expectCode(() => openDispute(input, contract, otherCompany, OPENED_AT), 'FORBIDDEN');
    expectCode(() => openDispute(input, contract, lawyerA, OPENED_AT), 'FORBIDDEN');
    expectCode(() => openDispute(input, { ...contract, status: 'TERMINATED' }, company, OPENED_AT), 'STAGE_CONFLICT');
    expectCode(() => openDispute({ ...input, contractId: 'HT-2' }, contract, company, OPENED_AT), 'INVALID_ARGUMENT', 'contractId');
  });
});

describe('renderStageDiagram', () => {
  const diagram = renderStageDiagram();

  it('draws one edge per (from, to, action) and the terminal stages', () => {
    const lines = diagram.trimEnd().split('\n');
    expect(lines[0]).toBe('stateDiagram-v2');
    expect(lines[1]).toBe('    [*] --> OPENED: openDispute (property-company)');
    const edgeKeys = new Set(TRANSITION_TABLE.map((r) => `${r.from} --> ${r.to}: ${r.action} `));
    for (const key of edgeKeys) expect(lines.filter((l) => l.startsWith(`    ${key}`))).toHaveLength(1);
    for (const stage of TERMINAL_STAGES) expect(lines).toContain(`    ${stage} --> [*]`);
    expect(lines).toHaveLength(2 + edgeKeys.size + TERMINAL_STAGES.length);
  });

  it('labels roles and guards', () => {
    expect(diagram).toContain('    VIEWED --> REFERRED_TO_MEDIATION: referToMediation (mediator, judge / property-company after 15 days)\n');
    expect(diagram).toContain('    LITIGATION_RECOMMENDED --> CASE_FILED: fileCase (judge with case number)\n');
    expect(diagram).toContain('    OPENED --> LETTER_SENT: sendLetter (lawyer of the retained firm)\n');
    expect(diagram).toContain('    LETTER_SENT --> DELIVERED: recordDelivery (lawyer of the retained firm that sent the letter)\n');
    expect(diagram).toContain('    VIEWED --> VIEWED: reassignLawFirm (property-company, mediator naming another firm)\n');
  });

  it('is deterministic', () => {
    expect(renderStageDiagram()).toBe(diagram);
  });
});

it('matchesPattern honours the wildcard', () => {
  expect(matchesPattern({ mspId: 'LawFirmBMSP', role: 'admin' }, { mspId: '*', role: 'admin' })).toBe(true);
  expect(matchesPattern({ mspId: 'LawFirmBMSP', role: 'lawyer' }, { mspId: 'LawFirmAMSP', role: 'lawyer' })).toBe(false);
});
