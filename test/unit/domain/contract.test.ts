import { canonicalJson } from '../../../chaincode/src/domain/canonical-json';
import { amendContract, createContract, terminateContract } from '../../../chaincode/src/domain/contract';
import { validateContractRegistration } from '../../../chaincode/src/domain/validation';
import { COMPANY_A, H1, H2, H3, company, expectCode, otherCompany, regulator } from './fixtures';

const reg = validateContractRegistration({
  contractId: 'HT-1',
  projectId: 'P-1',
  unitId: 'U-1',
  ownerCommitment: H1,
  documentSha256: H2,
  feeTerms: { monthlyFeeFen: 100, billingCycle: 'MONTHLY', dueDayOfMonth: 1 },
  termStart: '2024-01-01',
  termEnd: '2025-01-01',
});
const T0 = '2024-01-01T00:00:00.000Z';
const T1 = '2024-02-01T00:00:00.000Z';

describe('contract version chain', () => {
  const v1 = createContract(reg, company, T0);

  it('takes the company from the certificate', () => {
    expect(v1).toMatchObject({ companyId: COMPANY_A, version: 1, previousVersion: null, status: 'ACTIVE', createdAt: T0 });
    expect(() => canonicalJson(v1)).not.toThrow();
    expectCode(() => createContract(reg, regulator, T0), 'FORBIDDEN');
  });

  it('amends into a new version pointing at the previous one', () => {
    const v2 = amendContract(v1, { contractId: 'HT-1', previousVersion: 1, documentSha256: H3, termEnd: '2026-01-01' }, company, T1);
    expect(v2).toMatchObject({
      version: 2,
      previousVersion: 1,
      previousDocumentSha256: H2,
      documentSha256: H3,
      termEnd: '2026-01-01',
      termStart: '2024-01-01',
      feeTerms: reg.feeTerms,
      createdAt: T0,
      updatedAt: T1,
    });
    expect(v1.version).toBe(1);
  });

  it('rejects stale versions, other companies, bad terms and closed contracts', () => {
    const amendment = { contractId: 'HT-1', previousVersion: 1, documentSha256: H3 };
    expectCode(() => amendContract(v1, { ...amendment, previousVersion: 2 }, company, T1), 'STAGE_CONFLICT');
    expectCode(() => amendContract(v1, amendment, otherCompany, T1), 'FORBIDDEN');
    expectCode(() => amendContract(v1, { ...amendment, contractId: 'HT-2' }, company, T1), 'INVALID_ARGUMENT', 'contractId');
    expectCode(() => amendContract(v1, { ...amendment, termEnd: '2023-12-31' }, company, T1), 'INVALID_ARGUMENT', 'termEnd');
    const ended = terminateContract(v1, { contractId: 'HT-1', effectiveDate: '2024-06-30' }, company, T1);
    expect(ended).toMatchObject({ status: 'TERMINATED', terminatedOn: '2024-06-30', version: 2, previousVersion: 1 });
    expectCode(() => amendContract(ended, { ...amendment, previousVersion: 2 }, company, T1), 'STAGE_CONFLICT');
    expectCode(() => terminateContract(ended, { contractId: 'HT-1', effectiveDate: '2024-06-30' }, company, T1), 'STAGE_CONFLICT');
    expectCode(() => terminateContract(v1, { contractId: 'HT-1', effectiveDate: '2023-06-30' }, company, T1), 'INVALID_ARGUMENT', 'effectiveDate');
  });
});
