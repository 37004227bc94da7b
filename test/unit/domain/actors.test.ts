import { actorRef, isLawFirmMspId, makeActor, MSP_IDS, ROLE_ISSUERS, ROLES } from '../../../chaincode/src/domain/actors';
import { COMPANY_A, expectCode } from './fixtures';

describe('makeActor', () => {
  const subject = 'x509::CN=someone';

  it.each(ROLES.flatMap((role) => MSP_IDS.map((mspId) => [role, mspId] as const)))('role %s from %s: allowed only from its issuing orgs', (role, mspId) => {
    const companyId = role === 'property-company' ? COMPANY_A : undefined;
    const make = () => makeActor({ mspId, role, companyId, subject });
    if (ROLE_ISSUERS[role].includes(mspId)) {
      expect(make()).toEqual(companyId === undefined ? { mspId, role, subject } : { mspId, role, companyId, subject });
    } else {
      expectCode(make, 'FORBIDDEN');
    }
  });

  it('pins the issuer table', () => {
    expect(ROLE_ISSUERS).toEqual({
      'property-company': ['HousingBureauMSP'],
      lawyer: ['LawFirmAMSP', 'LawFirmBMSP'],
      mediator: ['CourtMSP'],
      judge: ['CourtMSP'],
      regulator: ['HousingBureauMSP'],
      admin: ['CourtMSP', 'HousingBureauMSP', 'LawFirmAMSP', 'LawFirmBMSP'],
    });
  });

  it('requires a valid companyId for a property company', () => {
    for (const companyId of [undefined, null, '', '91110105MA01XQ7T3C', COMPANY_A.toLowerCase()]) {
      expectCode(() => makeActor({ mspId: 'HousingBureauMSP', role: 'property-company', companyId, subject }), 'FORBIDDEN');
    }
  });

  it('refuses a companyId on any other role', () => {
    expectCode(() => makeActor({ mspId: 'CourtMSP', role: 'judge', companyId: COMPANY_A, subject }), 'FORBIDDEN');
    expect(makeActor({ mspId: 'CourtMSP', role: 'judge', companyId: '', subject })).toEqual({ mspId: 'CourtMSP', role: 'judge', subject });
    expect(makeActor({ mspId: 'CourtMSP', role: 'judge', companyId: null, subject }).companyId).toBeUndefined();
  });

  it.each([
    ['unknown MSP', { mspId: 'Org1MSP', role: 'judge', subject }],
    ['missing role', { mspId: 'CourtMSP', role: undefined, subject }],
    ['null role', { mspId: 'CourtMSP', role: null, subject }],
    ['unknown role', { mspId: 'CourtMSP', role: 'clerk', subject }],
    ['empty subject', { mspId: 'CourtMSP', role: 'judge', subject: '' }],
  ])('refuses %s', (_name, claims) => {
    expectCode(() => makeActor(claims), 'FORBIDDEN');
  });

  it('a law firm that joined at run time issues lawyers and its admin, and nothing else', () => {
    expect(makeActor({ mspId: 'LawFirmCMSP', role: 'lawyer', subject })).toMatchObject({ mspId: 'LawFirmCMSP', role: 'lawyer' });
    expect(makeActor({ mspId: 'LawFirmCMSP', role: 'admin', subject })).toMatchObject({ mspId: 'LawFirmCMSP', role: 'admin' });
    for (const role of ['judge', 'mediator', 'regulator']) expectCode(() => makeActor({ mspId: 'LawFirmCMSP', role, subject }), 'FORBIDDEN');
    expectCode(() => makeActor({ mspId: 'LawFirmCMSP', role: 'property-company', companyId: COMPANY_A, subject }), 'FORBIDDEN');
    for (const mspId of ['LawfirmCMSP', 'LawFirmMSP', 'LawFirmcMSP', 'LawFirmC', 'XLawFirmCMSP', `LawFirm${'A'.repeat(17)}MSP`]) {
      expect([mspId, isLawFirmMspId(mspId)]).toEqual([mspId, false]);
      expectCode(() => makeActor({ mspId, role: 'lawyer', subject }), 'FORBIDDEN');
    }
  });

  it('actorRef keeps who, and the company only when there is one', () => {
    const c = makeActor({ mspId: 'HousingBureauMSP', role: 'property-company', companyId: COMPANY_A, subject });
    expect(actorRef(c)).toEqual({ mspId: 'HousingBureauMSP', role: 'property-company', companyId: COMPANY_A, subject });
    const j = makeActor({ mspId: 'CourtMSP', role: 'judge', subject });
    expect(actorRef(j)).toEqual({ mspId: 'CourtMSP', role: 'judge', subject });
    expect('companyId' in actorRef(j)).toBe(false);
  });
});
