import { detectPii } from '../../../chaincode/src/domain/pii';
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
