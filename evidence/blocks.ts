// Block helpers of the evidence; the neutral ones (parsing, validation-code
// names) live in fabric/blocks.ts.
import { parseBlock } from '../fabric/blocks';
import { blockHeaderHash } from './verify/hashes';

/** SHA-256 of a block's header (protoutil.BlockHeaderBytes), hex: for block 0, the channel's identity. */
export function blockHeaderHashHex(bytes: Uint8Array): string {
  const b = parseBlock(bytes);
  return blockHeaderHash({ number: b.number, previousHash: Buffer.from(b.previousHash, 'hex'), dataHash: Buffer.from(b.dataHash, 'hex') }).toString('hex');
}
