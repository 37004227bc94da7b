// What an upload's Idempotency-Keys are derived from: the file's content (its
// SHA-256), what its rows are, the rows per call and the call's index (or the
// project of a risk evaluation), so that sending the same file again after an
// interruption sends every call with the key it had, and the API answers a
// call that did commit with its first transaction and writes nothing. The key
// is an HMAC-SHA256 of this text keyed with the caller's API key: the API
// seals free text with a salt derived from the Idempotency-Key, so the key must
// stay the client's secret, not a function of the file alone. The import
// (Node crypto) and the company page (WebCrypto) derive their keys from it.

export interface KeyScope {
  /** The caller's API key: the secret of the derivation. */
  apiKey: string;
  /** What the rows are (`contracts`, `arrears`): the same file sent to another route is another request. */
  kind: string;
  fileSha256: string;
  /** Rows per call: another split is another set of requests. */
  chunkSize: number;
}

const scopeText = (scope: KeyScope): string => `notary-import/1\n${scope.kind}\n${scope.fileSha256}\n${scope.chunkSize}`;

/** The text whose HMAC is the key of call `index` (from 0). */
export function chunkKeyText(scope: KeyScope, index: number): string {
  if (!Number.isInteger(index) || index < 0) throw new Error(`a call index is a whole number from 0, not ${index}`);
  return `${scopeText(scope)}\n${index}`;
}

/** The text whose HMAC is the key of the evaluation of `projectId` once every call is answered. */
export const riskKeyText = (scope: KeyScope, projectId: string): string => `${scopeText(scope)}\nrisk\n${projectId}`;
