// A file's SHA-256 computed in the browser (WebCrypto): the file never leaves
// the machine, only its hash is anchored.

/** Bytes as lower-case hex, as the ledger writes hashes. */
export const hex = (bytes: ArrayBuffer): string => [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, '0')).join('');

export async function fileSha256(file: Blob): Promise<string> {
  return hex(await crypto.subtle.digest('SHA-256', await file.arrayBuffer()));
}
