// The Idempotency-Key of each call of an import and of each risk evaluation
// after it: an HMAC-SHA256, keyed with the caller's API key, of the text
// uploads/upload-keys.ts derives from the file's content and the call's index
// (or the project). Running the same command again after an interruption sends
// every unfinished call with the key it had; the company page derives the same
// keys in the browser.
import { createHash, createHmac } from 'node:crypto';
import { chunkKeyText, riskKeyText, type KeyScope } from '../uploads/upload-keys';

export type { KeyScope } from '../uploads/upload-keys';

export const fileSha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** The key of the evaluation of `projectId` once every call of the import is answered: the same for the same scope and project. */
export const riskKey = (scope: KeyScope, projectId: string): string => createHmac('sha256', scope.apiKey).update(riskKeyText(scope, projectId)).digest('hex');

/** The key of call `index` (from 0): 64 hex digits, the same for the same scope and index. */
export const chunkKey = (scope: KeyScope, index: number): string => createHmac('sha256', scope.apiKey).update(chunkKeyText(scope, index)).digest('hex');
