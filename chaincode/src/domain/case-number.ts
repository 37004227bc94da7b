// A court case number (案号) is a code, not text: the shared ledger takes only
// the structure the Supreme People's Court's rules on case numbers give it,
// （收案年度）+ 法院代字 + 类型代字 + 案件编号 + 号, e.g. （2024）京0105民初12345号.
// Anything else (a name, an address) is refused, as free text would be.

/** 法院代字: 最高法, or a province-level abbreviation (兵 for the XPCC courts, 军 for military courts) and up to 4 digits. */
const COURT = '(?:最高法|[京津冀晋蒙辽吉黑沪苏浙皖闽赣鲁豫鄂湘粤桂琼渝川贵云藏陕甘青宁新兵军]\\d{0,4})';
/**
 * 类型代字 are short combinations of these characters (民初, 民终, 执异, 行初, 刑终, 财保, 协外认, …). A
 * character class rather than the full list keeps new codes working while leaving no room for a name.
 */
const CASE_TYPE = '[民刑行执初终申再监抗特催督破强清异复恢保财证司惩救委赔协外认港澳台请他辖知商算更提移送撤医合]{1,6}';
export const CASE_NUMBER = new RegExp(`^（\\d{4}）${COURT}${CASE_TYPE}\\d{1,8}号$`);
export const MAX_CASE_NUMBER_LENGTH = 32;

export function isCaseNumber(value: string): boolean {
  return value.length <= MAX_CASE_NUMBER_LENGTH && CASE_NUMBER.test(value);
}
