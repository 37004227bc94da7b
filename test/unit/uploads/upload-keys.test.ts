import { chunkKey, riskKey } from '../../../importer/key';
import { uploadKeys } from '../../../ui/src/upload-keys';
import { chunkKeyText, riskKeyText } from '../../../uploads/upload-keys';

const scope = { apiKey: 'nk_x', kind: 'arrears', fileSha256: 'ab'.repeat(32), chunkSize: 500 };

describe("an upload's Idempotency-Keys", () => {
  it('are derived from the kind, the file, the split and the call or project', () => {
    expect(chunkKeyText(scope, 3)).toBe(`notary-import/1\narrears\n${'ab'.repeat(32)}\n500\n3`);
    expect(riskKeyText(scope, 'C:P1')).toBe(`notary-import/1\narrears\n${'ab'.repeat(32)}\n500\nrisk\nC:P1`);
    expect(() => chunkKeyText(scope, -1)).toThrow(/whole number/);
    expect(() => chunkKeyText(scope, 1.5)).toThrow(/whole number/);
  });

  it('stay what they were, so an import interrupted before an upgrade resumes with the keys it journaled', () => {
    expect(chunkKey(scope, 3)).toBe('24315444b36f78f3e67b6971c6ac877993d125ea581acd740471f944924021c4');
    expect(riskKey(scope, 'C:P1')).toBe('062286c9f161b4b28b8ea3fb16647284fdc26ed0c0e793a9d693b4a4b3c9a827');
  });

  it('are the same in the browser (WebCrypto) as in the import (Node), and differ with the API key', async () => {
    const page = await uploadKeys(scope, 4);
    expect(page.chunks).toEqual([0, 1, 2, 3].map((i) => chunkKey(scope, i)));
    expect(await page.risk('C:P1')).toBe(riskKey(scope, 'C:P1'));
    const other = await uploadKeys({ ...scope, apiKey: 'nk_other' }, 1);
    expect(other.chunks[0]).not.toBe(page.chunks[0]);
    expect(new Set(page.chunks).size).toBe(4);
  });
});
