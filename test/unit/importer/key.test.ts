// Each call's Idempotency-Key: the same for the same file, caller, split and
// index (so a resumed run sends the keys of the first), different otherwise.
import { chunkKey, fileSha256 } from '../../../importer/key';

const scope = { apiKey: 'nk_a', kind: 'contracts', fileSha256: fileSha256(Buffer.from('contractId\nHT-1\n')), chunkSize: 500 };

describe('chunkKey', () => {
  it('is deterministic: the same scope and index give the same key, 64 hex digits', () => {
    expect(chunkKey(scope, 3)).toBe(chunkKey({ ...scope }, 3));
    expect(chunkKey(scope, 3)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('differs by index, file, kind, split and caller', () => {
    const keys = [
      chunkKey(scope, 0),
      chunkKey(scope, 1),
      chunkKey({ ...scope, fileSha256: fileSha256(Buffer.from('other')) }, 0),
      chunkKey({ ...scope, kind: 'arrears' }, 0),
      chunkKey({ ...scope, chunkSize: 250 }, 0),
      chunkKey({ ...scope, apiKey: 'nk_b' }, 0),
    ];
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('cannot be computed from the file alone: it is not a plain hash of the file and index', () => {
    expect(chunkKey(scope, 0)).not.toBe(fileSha256(Buffer.from(`${scope.fileSha256}0`)));
    expect(chunkKey(scope, 0)).not.toContain(scope.fileSha256.slice(0, 16));
  });

  it('refuses an index that is not a whole number from 0', () => {
    expect(() => chunkKey(scope, -1)).toThrow('whole number');
    expect(() => chunkKey(scope, 1.5)).toThrow('whole number');
  });
});
