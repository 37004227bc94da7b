import { ACCESS_TABLE, ACTIONS, authorize, isAction, isAllowed, READ_ACTIONS, WRITE_ACTIONS, type Action } from '../../../chaincode/src/domain/access';
import { ALL_ACTORS, actorName, expectCode } from './fixtures';

// The expected policy, written out independently of ACCESS_TABLE.
const C = 'property-company@HousingBureauMSP';
const R = 'regulator@HousingBureauMSP';
const LA = 'lawyer@LawFirmAMSP';
const LB = 'lawyer@LawFirmBMSP';
const M = 'mediator@CourtMSP';
const J = 'judge@CourtMSP';
const ADMINS = ['admin@CourtMSP', 'admin@HousingBureauMSP', 'admin@LawFirmAMSP', 'admin@LawFirmBMSP'];
const READERS = [C, R, LA, LB, M, J, ...ADMINS];

const EXPECTED: Record<Action, string[]> = {
  registerContract: [C],
  amendContract: [C],
  terminateContract: [C],
  depositOwnerData: [C],
  depositCaseNote: [C, R, M, J],
  recordArrears: [C],
  setRiskThreshold: [R],
  evaluateRisk: [C, R, M, J],
  compactProjectDeltas: [C, LA, LB, R, M, J],
  openDispute: [C],
  sendLetter: [LA, LB],
  recordDelivery: [LA, LB],
  recordViewed: [LA, LB],
  referToMediation: [M, J, C],
  recordMediation: [M, J],
  triage: [M, J],
  resolveTriage: [M, J, R],
  recommendLitigation: [M, J],
  fileCase: [J],
  settleDispute: [C],
  reassignLawFirm: [C, M],
  readContract: READERS,
  readOwnerData: [C, R, M, J],
  readCaseNote: [C, R, M, J],
  readArrears: READERS,
  readDispute: READERS,
  readLetter: READERS,
  readProjectRatio: [C, R, M, J, ...ADMINS],
  readRiskWarnings: READERS,
  readFunnel: [C, R, M, J, ...ADMINS],
  lookupDocument: READERS,
  exportEvidence: READERS,
};

describe('access table', () => {
  it('covers every action, and only actions', () => {
    expect(Object.keys(ACCESS_TABLE).sort()).toEqual([...ACTIONS].sort());
    expect(Object.keys(EXPECTED).sort()).toEqual([...ACTIONS].sort());
    expect(ACTIONS).toHaveLength(WRITE_ACTIONS.length + READ_ACTIONS.length);
    for (const a of ACTIONS) expect(isAction(a)).toBe(true);
    expect(isAction('deleteEverything')).toBe(false);
  });

  it('has 11 possible actor shapes', () => {
    expect(ALL_ACTORS.map(actorName).sort()).toEqual([...READERS].sort());
  });

  const cases = ACTIONS.flatMap((action) => ALL_ACTORS.map((a) => [action, actorName(a), a] as const));
  it.each(cases)('%s by %s', (action, name, a) => {
    const allowed = EXPECTED[action].includes(name);
    expect(isAllowed(a, action)).toBe(allowed);
    if (allowed) {
      expect(() => authorize(a, action)).not.toThrow();
    } else {
      const error = expectCode(() => authorize(a, action), 'FORBIDDEN');
      expect(error.details).toEqual({ action, mspId: a.mspId, role: a.role });
    }
  });

  it('lets admins write nothing', () => {
    for (const a of ALL_ACTORS.filter((x) => x.role === 'admin')) {
      for (const action of WRITE_ACTIONS) expect(isAllowed(a, action)).toBe(false);
    }
  });
});
