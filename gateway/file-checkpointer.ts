// A chaincode-event checkpoint that survives a crash at any instant: each
// position is written to a temporary file, flushed, then renamed over the old
// one, so the file always holds a complete position (old or new). Same JSON
// as fabric-gateway's file checkpointer: {"blockNumber": "…", "transactionId": "…"}.
import type { ChaincodeEvent, Checkpointer } from '@hyperledger/fabric-gateway';
import fs from 'node:fs';
import path from 'node:path';

interface Stored {
  blockNumber?: string;
  transactionId?: string;
}

export class AtomicFileCheckpointer implements Checkpointer {
  private blockNumber?: bigint;
  private transactionId?: string;

  private constructor(private readonly file: string) {}

  static async open(file: string): Promise<AtomicFileCheckpointer> {
    const c = new AtomicFileCheckpointer(file);
    await fs.promises.mkdir(path.dirname(file), { recursive: true });
    const text = await fs.promises.readFile(file, 'utf8').catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') return undefined;
      throw e;
    });
    if (text !== undefined) {
      const stored = JSON.parse(text) as Stored; // never torn: written by rename
      c.blockNumber = stored.blockNumber === undefined ? undefined : BigInt(stored.blockNumber);
      c.transactionId = stored.transactionId;
    }
    return c;
  }

  getBlockNumber(): bigint | undefined {
    return this.blockNumber;
  }

  getTransactionId(): string | undefined {
    return this.transactionId;
  }

  /** The block is fully processed: resume at the next one. */
  async checkpointBlock(blockNumber: bigint): Promise<void> {
    await this.save(blockNumber + 1n, undefined);
  }

  async checkpointTransaction(blockNumber: bigint, transactionId: string): Promise<void> {
    await this.save(blockNumber, transactionId);
  }

  async checkpointChaincodeEvent(event: ChaincodeEvent): Promise<void> {
    await this.save(event.blockNumber, event.transactionId);
  }

  private async save(blockNumber: bigint, transactionId: string | undefined): Promise<void> {
    const tmp = `${this.file}.${process.pid}.tmp`;
    const body: Stored = { blockNumber: blockNumber.toString(), ...(transactionId ? { transactionId } : {}) };
    const handle = await fs.promises.open(tmp, 'w');
    try {
      await handle.writeFile(JSON.stringify(body));
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.promises.rename(tmp, this.file);
    this.blockNumber = blockNumber;
    this.transactionId = transactionId;
  }
}
