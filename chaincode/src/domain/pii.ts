// Owners' personal data must never reach the shared ledger in clear (PIPL;
// chaincode/README.md "Privacy"). Every identifier and free-text field is scanned
// for the two identifiers people paste most often: mobile numbers and
// resident ID numbers. Hex fields (hashes, commitments) are not scanned: a
// random SHA-256 contains a phone-shaped digit run about 2% of the time.

/** 11-digit mainland mobile, optionally +86/86-prefixed, optionally split 3-4-4 by a space or hyphen. */
const MOBILE = /(?<!\d)(?:\+?86[ -]?)?1[3-9]\d[ -]?\d{4}[ -]?\d{4}(?!\d)/;
/**
 * 18-character resident ID: 17 digits and a digit or X, not part of a longer digit run.
 * Checksum deliberately not required: a mistyped ID is still personal data.
 */
const RESIDENT_ID = /(?<!\d)\d{17}[\dXx](?!\d)/;

/**
 * In machine-made identifiers (hex, UUIDs, base32/base64 IDs) a phone-shaped
 * digit run inside a random token is chance, not data: there a number counts
 * only as a whole token, bounded by the ID's ends or its separators (- _ .).
 */
const MOBILE_TOKEN = /(?<![A-Za-z0-9])(?:\+?86[ -]?)?1[3-9]\d[ -]?\d{4}[ -]?\d{4}(?![A-Za-z0-9])/;
const RESIDENT_ID_TOKEN = /(?<![A-Za-z0-9])\d{17}[\dXx](?![A-Za-z0-9])/;

export type PiiKind = 'MOBILE_NUMBER' | 'RESIDENT_ID';

/** Full-width digits (０-９) and the ideographic plus are folded to ASCII before scanning. */
function foldWidth(text: string): string {
  return text.replace(/[\uFF10-\uFF19\uFF0B\uFF0D\uFF38\uFF58]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
}

export function detectPii(text: string): PiiKind | undefined {
  const folded = foldWidth(text);
  if (RESIDENT_ID.test(folded)) return 'RESIDENT_ID';
  if (MOBILE.test(folded)) return 'MOBILE_NUMBER';
  return undefined;
}

/** detectPii for identifiers: a mobile or resident ID number only as a whole token of the ID. */
export function detectPiiInIdentifier(id: string): PiiKind | undefined {
  if (RESIDENT_ID_TOKEN.test(id)) return 'RESIDENT_ID';
  if (MOBILE_TOKEN.test(id)) return 'MOBILE_NUMBER';
  return undefined;
}
