// Block and transaction queries through the peer's system chaincode (qscc).
import type { Gateway } from '@hyperledger/fabric-gateway';
import { common, peer as peerProto } from '@hyperledger/fabric-protos';
import { validationCodeName } from '../fabric/blocks';
import { toLedgerError } from './errors';
import type { TransactionStatus } from './invocation';

/** The peer's system chaincode for blocks and transactions. */
const qscc = (gw: Gateway, channel: string) => gw.getNetwork(channel).getContract('qscc');

/** Validation code and block of a committed transaction, from qscc; undefined if not (yet) on this peer. */
export async function transactionStatusOn(gw: Gateway, channel: string, txId: string): Promise<TransactionStatus | undefined> {
  const q = qscc(gw, channel);
  let processed;
  try {
    processed = peerProto.ProcessedTransaction.deserializeBinary(await q.evaluateTransaction('GetTransactionByID', channel, txId));
  } catch (e) {
    const err = toLedgerError(e);
    if (/not found|no such transaction/i.test([err.message, ...err.details.map((d) => d.message)].join(' '))) return undefined;
    throw err;
  }
  const block = common.Block.deserializeBinary(await q.evaluateTransaction('GetBlockByTxID', channel, txId));
  const code = processed.getValidationcode();
  const blockNumber = String(block.getHeader()?.getNumber() ?? 0);
  return { txId, validationCode: validationCodeName(code), valid: code === peerProto.TxValidationCode.VALID, blockNumber };
}

/** A raw block by number. */
export const blockByNumberOn = (gw: Gateway, channel: string, n: bigint): Promise<Uint8Array> =>
  qscc(gw, channel).evaluateTransaction('GetBlockByNumber', channel, n.toString());

/** The raw block containing a transaction. */
export const blockOfOn = (gw: Gateway, channel: string, txId: string): Promise<Uint8Array> =>
  qscc(gw, channel).evaluateTransaction('GetBlockByTxID', channel, txId);

/** Channel height on the peer. */
export async function heightOn(gw: Gateway, channel: string): Promise<string> {
  const bytes = await qscc(gw, channel).evaluateTransaction('GetChainInfo', channel);
  return String(common.BlockchainInfo.deserializeBinary(bytes).getHeight());
}
