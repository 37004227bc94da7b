// Reading Fabric blocks (common.Block protobuf) without a network: header
// fields, the transactions inside and their validation codes. Neutral: shared
// by the gateway, the exporter and the offline verifier; imports nothing of ours.
import { common } from '@hyperledger/fabric-protos';
import { peer } from '@hyperledger/fabric-protos';

export const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

export interface BlockTx {
  index: number;
  txId: string;
  /** common.HeaderType: 1 CONFIG, 3 ENDORSER_TRANSACTION. */
  type: number;
  envelope: common.Envelope;
  validationCode: number;
}

export interface ParsedBlock {
  number: bigint;
  previousHash: string;
  dataHash: string;
  block: common.Block;
  txs: BlockTx[];
}

/** Name of a transaction validation code (VALID, MVCC_READ_CONFLICT, …). */
export const validationCodeName = (code: number): string => Object.entries(peer.TxValidationCode).find(([, v]) => v === code)?.[0] ?? String(code);

export function parseBlock(bytes: Uint8Array): ParsedBlock {
  const block = common.Block.deserializeBinary(bytes);
  const header = block.getHeader();
  if (!header) throw new Error('block has no header');
  const filter = block.getMetadata()?.getMetadataList_asU8()[common.BlockMetadataIndex.TRANSACTIONS_FILTER] ?? new Uint8Array();
  const txs = (block.getData()?.getDataList_asU8() ?? []).map((raw, index) => {
    const envelope = common.Envelope.deserializeBinary(raw);
    const payload = common.Payload.deserializeBinary(envelope.getPayload_asU8());
    const channelHeader = common.ChannelHeader.deserializeBinary(payload.getHeader()?.getChannelHeader_asU8() ?? new Uint8Array());
    return { index, txId: channelHeader.getTxId(), type: channelHeader.getType(), envelope, validationCode: filter[index] ?? 255 };
  });
  return {
    number: BigInt(header.getNumber()),
    previousHash: hex(header.getPreviousHash_asU8()),
    dataHash: hex(header.getDataHash_asU8()),
    block,
    txs,
  };
}

export const isConfigBlock = (b: ParsedBlock) => b.txs.length === 1 && b.txs[0]!.type === common.HeaderType.CONFIG;
