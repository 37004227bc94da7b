// The company page's Idempotency-Keys, derived in the browser (WebCrypto) as
// `npm run import` derives them (uploads/upload-keys.ts): sending the same file
// again after an interrupted upload resends every batch with the key it had,
// so the batches that committed are answered as they were and only the rest
// are written.
import { chunkKeyText, riskKeyText, type KeyScope } from '../../uploads/upload-keys';
import { hex } from './sha256';

async function hmacKey(apiKey: string): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', new TextEncoder().encode(apiKey), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
}

export interface UploadKeys {
  /** The key of each of `calls` batches, by index. */
  chunks: string[];
  risk(projectId: string): Promise<string>;
}

export async function uploadKeys(scope: KeyScope, calls: number): Promise<UploadKeys> {
  const key = await hmacKey(scope.apiKey);
  const sign = async (text: string) => hex(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(text)));
  const chunks = await Promise.all(Array.from({ length: calls }, (_, i) => sign(chunkKeyText(scope, i))));
  return { chunks, risk: (projectId) => sign(riskKeyText(scope, projectId)) };
}
