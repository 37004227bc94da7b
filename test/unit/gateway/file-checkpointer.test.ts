import { checkpointers } from '@hyperledger/fabric-gateway';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AtomicFileCheckpointer } from '../../../gateway/file-checkpointer';

describe('AtomicFileCheckpointer', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ckpt-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('starts empty, then survives reopening with the last position', async () => {
    const file = path.join(dir, 'sub', 'events.json');
    const c = await AtomicFileCheckpointer.open(file);
    expect([c.getBlockNumber(), c.getTransactionId()]).toEqual([undefined, undefined]);
    await c.checkpointChaincodeEvent({ blockNumber: 7n, transactionId: 'tx7', chaincodeName: 'notary', eventName: 'X', payload: new Uint8Array() });
    const again = await AtomicFileCheckpointer.open(file);
    expect([again.getBlockNumber(), again.getTransactionId()]).toEqual([7n, 'tx7']);
    await again.checkpointBlock(7n);
    const third = await AtomicFileCheckpointer.open(file);
    expect([third.getBlockNumber(), third.getTransactionId()]).toEqual([8n, undefined]);
    expect(fs.readdirSync(path.dirname(file))).toEqual(['events.json']); // no temporary file left behind
  });

  it("writes the same format fabric-gateway's own file checkpointer reads", async () => {
    const file = path.join(dir, 'events.json');
    await (await AtomicFileCheckpointer.open(file)).checkpointTransaction(12n, 'abc');
    const theirs = await checkpointers.file(file);
    expect([theirs.getBlockNumber(), theirs.getTransactionId()]).toEqual([12n, 'abc']);
  });
});
