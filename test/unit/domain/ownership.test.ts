import { assertLetterSender, assertOwnsCompanyRecord, isLetterSender, ownsCompanyRecord } from '../../../chaincode/src/domain/ownership';
import { ALL_ACTORS, COMPANY_A, COMPANY_B, company, expectCode, lawyerA, lawyerB, otherCompany } from './fixtures';

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
