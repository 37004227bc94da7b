import { randomBytes, randomUUID } from 'node:crypto';
import { identifier, IDENTIFIER } from '../../../chaincode/src/domain/fields';
import { detectPii, detectPiiInIdentifier } from '../../../chaincode/src/domain/pii';
import { isValidUscc, USCC_CHARSET, usccCheckCharacter } from '../../../chaincode/src/domain/uscc';
import { COMPANY_A, COMPANY_B } from './fixtures';

describe('unified social credit code (GB 32100-2015)', () => {
  it('accepts the known valid codes', () => {
    expect(isValidUscc(COMPANY_A)).toBe(true);
    expect(isValidUscc(COMPANY_B)).toBe(true);
    expect(usccCheckCharacter(COMPANY_A.slice(0, 17))).toBe('B');
    expect(usccCheckCharacter(COMPANY_B.slice(0, 17))).toBe('0');
  });

  it('rejects every wrong check character', () => {
    for (const c of USCC_CHARSET) {
      if (c !== 'B') expect(isValidUscc(`${COMPANY_A.slice(0, 17)}${c}`)).toBe(false);
    }
  });

  it('catches a single changed character and an adjacent swap', () => {
    expect(isValidUscc(`92${COMPANY_A.slice(2)}`)).toBe(false);
    expect(isValidUscc(`${COMPANY_A.slice(0, 8)}AM${COMPANY_A.slice(10)}`)).toBe(false);
  });

  it('maps a sum divisible by 31 to check character 0', () => {
    // Weight 28 is coprime to 31, so varying the 17th character over the charset hits every residue.
    const bodies = [...USCC_CHARSET].map((c) => `9111010500000000${c}`);
    const zero = bodies.find((b) => usccCheckCharacter(b) === '0');
    expect(zero).toBeDefined();
    expect(isValidUscc(`${String(zero)}0`)).toBe(true);
  });

  it.each([
    ['lower case', COMPANY_A.toLowerCase()],
    ['too short', COMPANY_A.slice(0, 17)],
    ['too long', `${COMPANY_A}0`],
    ['letter outside charset (I)', `91110105MI01XQ7T3B`],
    ['letter outside charset (O, S, V, Z)', `91110105MO01XQ7T3B`],
    ['not a string', 911101],
    ['undefined', undefined],
  ])('rejects %s', (_name, value) => {
    expect(isValidUscc(value)).toBe(false);
  });
});

describe('PII detection', () => {
  it.each([
    ['13812345678', 'MOBILE_NUMBER'],
    ['call 19912345678 now', 'MOBILE_NUMBER'],
    ['电话:13912345678。', 'MOBILE_NUMBER'],
    ['+86 138 1234 5678', 'MOBILE_NUMBER'],
    ['8613812345678', 'MOBILE_NUMBER'],
    ['138-1234-5678', 'MOBILE_NUMBER'],
    ['１３８１２３４５６７８', 'MOBILE_NUMBER'],
    ['110105199003071234', 'RESIDENT_ID'],
    ['id 11010519900307123X.', 'RESIDENT_ID'],
    ['11010519900307123x', 'RESIDENT_ID'],
    ['身份证１１０１０５１９９００３０７１２３４', 'RESIDENT_ID'],
  ])('finds PII in %p', (text, kind) => {
    expect(detectPii(text)).toBe(kind);
  });

  it.each([
    'Unit 3-2-501',
    '12812345678', // second digit 2: not a mobile prefix
    '1381234567', // 10 digits
    '138123456789', // 12 digits
    '2024-05-01T08:00:00Z',
    '（2024）京0105民初12345号',
    '1101051990030712345', // 19 digits
    'HT-2024-000123',
  ])('leaves %p alone', (text) => {
    expect(detectPii(text)).toBeUndefined();
  });
});

describe('PII in identifiers: a number counts only as a whole token of the ID', () => {
  it.each([
    ['13812345678', 'MOBILE_NUMBER'],
    ['HT-13812345678', 'MOBILE_NUMBER'],
    ['owner_13812345678_unit', 'MOBILE_NUMBER'],
    ['138-1234-5678', 'MOBILE_NUMBER'],
    ['D.8613812345678', 'MOBILE_NUMBER'],
    ['110105199003071234', 'RESIDENT_ID'],
    ['U-11010519900307123X', 'RESIDENT_ID'],
  ])('refuses %p', (id, kind) => {
    expect(detectPiiInIdentifier(id)).toBe(kind);
    expect(() => identifier(id, 'contractId')).toThrow(/looks like personal data/);
  });

  it.each(['HT-a13812345678b', 'c0ffee13812345678', 'HT-2024-000123', '1381234567', 'D-19912345678x'])('accepts %p', (id) => {
    expect(detectPiiInIdentifier(id)).toBeUndefined();
  });

  // The formats clients use for machine-made IDs, 20,000 of each: none may be taken for personal data.
  const FORMATS: [string, () => string][] = [
    ['UUID v4', () => randomUUID()],
    ['prefix + 10 hex', () => `HT-${randomBytes(5).toString('hex')}`],
    ['prefix + 20 hex', () => `C-${randomBytes(10).toString('hex')}`],
    ['ULID (Crockford base32)', () => Array.from(randomBytes(26), (b) => '0123456789ABCDEFGHJKMNPQRSTVWXYZ'[b % 32]).join('')],
    ['nanoid (A-Za-z0-9_-)', () => Array.from(randomBytes(21), (b) => 'ModuleSymbhasOwnPr-0123456789ABCDEFGHNRVfgctiUvz_KqYTJkLxpZXIjQW'[b % 64]).join('')],
  ];
  it.each(FORMATS)('accepts 20,000 random %s IDs', (_name, make) => {
    const refused: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      const id = make();
      if (!IDENTIFIER.test(id)) continue;
      try {
        identifier(id, 'contractId');
      } catch {
        refused.push(id);
      }
    }
    expect(refused).toEqual([]);
  });
});
