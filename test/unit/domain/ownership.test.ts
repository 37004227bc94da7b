import {
  assertLetterSender,
  assertOwnsCompanyRecord,
  assertRetainedFirm,
  isLetterSender,
  mayReachDispute,
  ownsCompanyRecord,
  requireReachable,
} from '../../../chaincode/src/domain/ownership';
import { ALL_ACTORS, COMPANY_A, COMPANY_B, company, expectCode, judge, lawyerA, lawyerB, mediator, otherCompany, regulator } from './fixtures';

describe('company ownership', () => {
  const record = { companyId: COMPANY_A };

  it('lets a company act on its own records only', () => {
    expect(ownsCompanyRecord(company, record)).toBe(true);
    expect(() => assertOwnsCompanyRecord(company, record)).not.toThrow();
    expect(ownsCompanyRecord(otherCompany, record)).toBe(false);
    expectCode(() => assertOwnsCompanyRecord(otherCompany, record), 'FORBIDDEN');
    expectCode(() => assertOwnsCompanyRecord(company, { companyId: COMPANY_B }), 'FORBIDDEN');
  });

  it('does not constrain other roles (the access table does)', () => {
    for (const a of ALL_ACTORS.filter((x) => x.role !== 'property-company')) {
      expect(ownsCompanyRecord(a, record)).toBe(true);
    }
  });
});

describe('letter sender', () => {
  it('only the sending firm adds receipts', () => {
    const letter = { lawFirmMspId: 'LawFirmAMSP' as const };
    expect(isLetterSender(lawyerA, letter)).toBe(true);
    expect(() => assertLetterSender(lawyerA, letter)).not.toThrow();
    expectCode(() => assertLetterSender(lawyerB, letter), 'FORBIDDEN');
    for (const a of ALL_ACTORS.filter((x) => x !== lawyerA && !(x.role === 'lawyer' && x.mspId === 'LawFirmAMSP'))) {
      expect(isLetterSender(a, letter)).toBe(false);
    }
  });
});

describe('retained firm', () => {
  const dispute = { companyId: COMPANY_A, lawFirmMspId: 'LawFirmAMSP' as const };

  it("lets the court, the bureau and admins reach every dispute, a company its own, a lawyer its firm's", () => {
    for (const a of ALL_ACTORS) {
      const expected = a.role === 'property-company' ? a.companyId === COMPANY_A : a.role === 'lawyer' ? a.mspId === 'LawFirmAMSP' : true;
      expect([a.role, a.mspId, mayReachDispute(a, dispute)]).toEqual([a.role, a.mspId, expected]);
    }
    expect(mayReachDispute(company, dispute)).toBe(true);
    expect(mayReachDispute(otherCompany, dispute)).toBe(false);
    // A record from before retention names no firm: no lawyer reaches it.
    expect(mayReachDispute(lawyerA, { ...dispute, lawFirmMspId: null })).toBe(false);
  });

  it('refuses only lawyers of other firms', () => {
    expect(() => assertRetainedFirm(lawyerA, dispute)).not.toThrow();
    expectCode(() => assertRetainedFirm(lawyerB, dispute), 'FORBIDDEN');
    for (const a of [company, mediator, judge, regulator]) expect(() => assertRetainedFirm(a, dispute)).not.toThrow();
  });
});

describe('requireReachable', () => {
  const yes = () => true;
  const no = () => false;

  it("gives a company or a lawyer one answer for a missing record and another party's", () => {
    for (const a of [company, lawyerB]) {
      const missing = expectCode(() => requireReachable(a, undefined, yes, 'dispute D-1'), 'FORBIDDEN');
      const theirs = expectCode(() => requireReachable(a, { id: 1 }, no, 'dispute D-1'), 'FORBIDDEN');
      expect([missing.message, missing.details]).toEqual([theirs.message, theirs.details]);
    }
  });

  it('tells the court and the bureau that a record is missing', () => {
    for (const a of [mediator, judge, regulator]) expectCode(() => requireReachable(a, undefined, yes, 'dispute D-1'), 'NOT_FOUND');
    expect(requireReachable(mediator, { id: 1 }, yes, 'dispute D-1')).toEqual({ id: 1 });
  });
});
