// A file's SHA-256 computed in the browser (WebCrypto): the file never leaves
// the machine, only its hash is anchored.
export async function fileSha256(file: Blob): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', await file.arrayBuffer());
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}
