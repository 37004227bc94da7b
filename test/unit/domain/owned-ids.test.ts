// Contract, dispute and project IDs live in their owner's namespace: a company's short ID takes its USCC,
// a qualified ID must carry a valid USCC, and only the owner may create in its namespace.
import { DomainError, OWNED_ID, ownedIdentifier, ownerOfId, ownIdFor, qualifyFor } from '../../../chaincode/src/domain';

const A = '91110105MA01XQ7T3B';
const B = '91110105MA00K5Y2R0';
const company = { companyId: A };
const court = { companyId: undefined };

function codeOf(f: () => unknown): string | undefined {
  try {
    f();
    return undefined;
  } catch (e) {
    return e instanceof DomainError ? e.code : 'not a DomainError';
  }
}

describe('owned IDs', () => {
  it("a company's short ID is qualified by its own USCC; a qualified one stays as sent", () => {
    expect(qualifyFor(company, 'C-001', 'contractId')).toBe(`${A}:C-001`);
    expect(qualifyFor(company, `${B}:C-001`, 'contractId')).toBe(`${B}:C-001`);
    expect(qualifyFor(court, `${A}:C-001`, 'contractId')).toBe(`${A}:C-001`);
    expect(ownerOfId(`${A}:C-001`)).toBe(A);
    expect(ownerOfId('*')).toBeUndefined();
  });

  it('two companies may use the same short ID: they are different records', () => {
    expect(ownIdFor({ companyId: A }, 'C-001', 'contractId')).not.toBe(ownIdFor({ companyId: B }, 'C-001', 'contractId'));
  });

  it('creating in another company’s namespace is FORBIDDEN; a caller without a company must qualify', () => {
    expect(codeOf(() => ownIdFor(company, `${B}:C-001`, 'contractId'))).toBe('FORBIDDEN');
    expect(codeOf(() => ownIdFor(court, 'C-001', 'contractId'))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => qualifyFor(court, 'C-001', 'contractId'))).toBe('INVALID_ARGUMENT');
  });

  it.each([
    ['a USCC with a wrong check character', '91110105MA01XQ7T3C:C-1'],
    ['a lower-case USCC', '91110105ma01xq7t3b:C-1'],
    ['two separators', `${A}:${A}:C-1`],
    ['an empty local part', `${A}:`],
    ['an empty owner', ':C-1'],
    ['a local part with a space', `${A}:C 1`],
  ])('refuses %s, and the API schema pattern agrees', (_what, id) => {
    expect(codeOf(() => ownedIdentifier(id, 'contractId'))).toBe('INVALID_ARGUMENT');
    // The check character is beyond a pattern; everything else the schema refuses too.
    if (!id.startsWith('91110105MA01XQ7T3C')) expect(OWNED_ID.test(id)).toBe(false);
  });

  it('accepts the short and the qualified forms, in the schema too', () => {
    for (const id of ['C-001', `${A}:C-001`, `${B}:P.2026_01`]) {
      expect(ownedIdentifier(id, 'contractId')).toBe(id);
      expect(OWNED_ID.test(id)).toBe(true);
    }
  });
});
