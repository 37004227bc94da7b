import { validateCaseNumber } from '../../../chaincode/src/domain';
import { expectCode } from './fixtures';

describe('case numbers (案号) are codes, not text', () => {
  it.each([
    '（2024）京0105民初12345号',
    '（2026）京01民终1号',
    '（2023）最高法民申4567号',
    '（2025）沪0115执异88号',
    '（2024）粤03财保12号',
    '（2024）兵0101民初7号',
  ])('accepts %s', (value) => {
    expect(validateCaseNumber(value)).toBe(value);
  });

  it.each([
    ['a name', '王小明'],
    ['a name in the type code', '（2024）京0105王小明1号'],
    ['an address', '（2024）北京市朝阳区幸福路88号'],
    ['a mobile number as the case number', '（2024）京0105民初13912345678号'],
    ['half-width brackets', '(2024)京0105民初1号'],
    ['a space', '（2024）京 0105民初1号'],
    ['no 号', '（2024）京0105民初1'],
    ['an ASCII code', 'X1'],
    ['too long', `（2024）京0105${'民'.repeat(6)}12345678号`.padEnd(40, '号')],
    ['not a string', 12345],
  ])('refuses %s', (_, value) => {
    expectCode(() => validateCaseNumber(value), 'INVALID_ARGUMENT', 'caseNumber');
  });
});
