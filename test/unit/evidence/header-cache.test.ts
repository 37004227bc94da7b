import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { HeaderCache } from '../../../evidence/export';

it('keeps block headers and config blocks across restarts, skipping a torn last line', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'headers-'));
  const file = path.join(dir, 'h.jsonl');
  try {
    const a = new HeaderCache(file);
    a.add({ number: '0', previousHash: '', dataHash: 'aa'.repeat(32) }, Uint8Array.from([1, 2, 3]));
    a.add({ number: '1', previousHash: 'bb'.repeat(32), dataHash: 'cc'.repeat(32) }, undefined, [['notary', 2, true]]);
    fs.appendFileSync(file, '{"number":"2","previ');
    const b = new HeaderCache(file);
    expect([...b.headers.keys()]).toEqual([0n, 1n]);
    expect(b.headers.get(1n)).toEqual({ number: '1', previousHash: 'bb'.repeat(32), dataHash: 'cc'.repeat(32) });
    expect([...b.configBlocks.entries()].map(([n, v]) => [n, [...v]])).toEqual([[0n, [1, 2, 3]]]);
    // Lifecycle commits are remembered per block; block 0 was cached without a scan.
    expect([...b.lifecycle.entries()]).toEqual([[1n, [['notary', 2, true]]]]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
