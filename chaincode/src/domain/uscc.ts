// 统一社会信用代码 (unified social credit code, GB 32100-2015): the company ID
// carried in a property company's certificate. Only the standard's check digit
// is verified here; it catches typos and most transpositions.
export const USCC_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
export const USCC_WEIGHTS: readonly number[] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** Check character for the first 17 characters, or undefined if any is outside the charset. */
export function usccCheckCharacter(first17: string): string | undefined {
  if (first17.length !== 17) return undefined;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = USCC_CHARSET.indexOf(first17.charAt(i));
    const weight = USCC_WEIGHTS[i];
    if (value < 0 || weight === undefined) return undefined;
    sum += value * weight;
  }
  const check = (31 - (sum % 31)) % 31; // 31 → 0
  return USCC_CHARSET.charAt(check);
}

/** Upper case only: one canonical spelling per company, so keys never split. */
export function isValidUscc(code: unknown): code is string {
  return typeof code === 'string' && code.length === 18 && usccCheckCharacter(code.slice(0, 17)) === code.charAt(17);
}
