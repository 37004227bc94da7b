import { canonicalJson } from '../../../chaincode/src/domain/canonical-json';
import { isValidResidentId, ownerCommitmentDocument, validateOwnerData } from '../../../chaincode/src/domain/owner';
import { expectCode } from './fixtures';

// 11010519491231002X is the standard's own worked example.
const owner = { name: '张三', phone: '13800138000', idNumber: '11010519491231002X', salt: 'a'.repeat(64) };

describe('resident ID check character (GB 11643)', () => {
  it('accepts valid numbers and rejects any other check character', () => {
    expect(isValidResidentId('11010519491231002X')).toBe(true);
    for (const c of '0123456789') expect(isValidResidentId(`11010519491231002${c}`)).toBe(false);
    expect(isValidResidentId('11010519491231002x')).toBe(false);
    expect(isValidResidentId('1101051949123100')).toBe(false);
  });
});

describe('owner data', () => {
  it('validates every field and names the one it rejects', () => {
    expect(validateOwnerData(owner)).toEqual(owner);
    expectCode(() => validateOwnerData({ ...owner, phone: '12800138000' }), 'INVALID_ARGUMENT', 'owner.phone');
    expectCode(() => validateOwnerData({ ...owner, idNumber: '110105194912310021' }), 'INVALID_ARGUMENT', 'owner.idNumber');
    expectCode(() => validateOwnerData({ ...owner, name: ' 张三' }), 'INVALID_ARGUMENT', 'owner.name');
    expectCode(() => validateOwnerData({ ...owner, name: '' }), 'INVALID_ARGUMENT', 'owner.name');
    expectCode(() => validateOwnerData({ ...owner, salt: 'short' }), 'INVALID_ARGUMENT', 'owner.salt');
    expectCode(() => validateOwnerData({ ...owner, address: 'x' }), 'INVALID_ARGUMENT', 'owner.address');
  });

  it('commits to the canonical form, independent of key order', () => {
    const reordered = { salt: owner.salt, idNumber: owner.idNumber, phone: owner.phone, name: owner.name };
    expect(ownerCommitmentDocument(validateOwnerData(reordered))).toBe(ownerCommitmentDocument(owner));
    expect(ownerCommitmentDocument(owner)).toBe(canonicalJson(owner));
  });
});
