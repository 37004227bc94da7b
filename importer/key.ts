// The Idempotency-Key of each call of an import, derived from the file's
// content (its SHA-256) and the call's index, so that running the same command
// again after an interruption sends every unfinished call with the key it had:
// the API answers a call that did commit with its first transaction and writes
// nothing. The derivation is keyed with the caller's API key (HMAC-SHA256):
// the API seals free text (an arrears note) with a salt derived from the
// Idempotency-Key, so the key must stay the client's secret and cannot be a
// function of the file alone, whose fields may be guessable.
import { createHash, createHmac } from 'node:crypto';

export const fileSha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

export interface KeyScope {
  /** The caller's API key: the secret of the derivation. */
  apiKey: string;
  /** What the rows are (`contracts`, `arrears`): the same file sent to another route is another request. */
  kind: string;
  fileSha256: string;
  /** Rows per call: another split is another set of requests. */
  chunkSize: number;
}

/** The key of the evaluation of `projectId` once every call of the import is answered: the same for the same scope and project. */
export function riskKey(scope: KeyScope, projectId: string): string {
  return createHmac('sha256', scope.apiKey).update(`notary-import/1\n${scope.kind}\n${scope.fileSha256}\n${scope.chunkSize}\nrisk\n${projectId}`).digest('hex');
}

/** The key of call `index` (from 0): 64 hex digits, the same for the same scope and index. */
export function chunkKey(scope: KeyScope, index: number): string {
  if (!Number.isInteger(index) || index < 0) throw new Error(`a call index is a whole number from 0, not ${index}`);
  return createHmac('sha256', scope.apiKey).update(`notary-import/1\n${scope.kind}\n${scope.fileSha256}\n${scope.chunkSize}\n${index}`).digest('hex');
}
