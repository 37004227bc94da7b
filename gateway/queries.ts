// Block and transaction queries through the peer's system chaincode (qscc).
import type { Gateway } from '@hyperledger/fabric-gateway';
import { common, peer as peerProto } from '@hyperledger/fabric-protos';
import { validationCodeName } from '../fabric/blocks';
import { toLedgerError } from './errors';
import type { TransactionStatus } from './invocation';

/** The peer's system chaincode for blocks and transactions. */
const qscc = (gw: Gateway, channel: string) => gw.getNetwork(channel).getContract('qscc');

/** A transaction as the peer stored it, and the number of its block; undefined if not (yet) on this peer. */
async function processedOn(
  gw: Gateway,
  channel: string,
  txId: string,
): Promise<{ processed: peerProto.ProcessedTransaction; blockNumber: string } | undefined> {
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
  return { processed, blockNumber: String(block.getHeader()?.getNumber() ?? 0) };
}

const statusOf = (txId: string, processed: peerProto.ProcessedTransaction, blockNumber: string): TransactionStatus => {
  const code = processed.getValidationcode();
  return { txId, validationCode: validationCodeName(code), valid: code === peerProto.TxValidationCode.VALID, blockNumber };
};

/** Validation code and block of a committed transaction, from qscc; undefined if not (yet) on this peer. */
export async function transactionStatusOn(gw: Gateway, channel: string, txId: string): Promise<TransactionStatus | undefined> {
  const found = await processedOn(gw, channel, txId);
  return found && statusOf(txId, found.processed, found.blockNumber);
}

/**
 * The chaincode's answer as the transaction's endorsers signed it: the
 * response payload of the envelope's (single) chaincode action. It is exactly
 * what the submitter got back when the transaction was endorsed.
 */
export function chaincodeResponseOf(envelope: common.Envelope): Uint8Array {
  const payload = common.Payload.deserializeBinary(envelope.getPayload_asU8());
  const action = peerProto.Transaction.deserializeBinary(payload.getData_asU8()).getActionsList()[0];
  if (!action) throw new Error('the transaction has no action');
  const ccPayload = peerProto.ChaincodeActionPayload.deserializeBinary(action.getPayload_asU8());
  const prp = peerProto.ProposalResponsePayload.deserializeBinary(ccPayload.getAction()?.getProposalResponsePayload_asU8() ?? new Uint8Array());
  const response = peerProto.ChaincodeAction.deserializeBinary(prp.getExtension_asU8()).getResponse();
  if (!response) throw new Error('the transaction carries no chaincode response');
  return response.getPayload_asU8();
}

/** A committed transaction's status and the chaincode's answer (raw bytes); undefined if not (yet) on this peer. */
export async function transactionResultOn(
  gw: Gateway,
  channel: string,
  txId: string,
): Promise<{ status: TransactionStatus; response: Uint8Array } | undefined> {
  const found = await processedOn(gw, channel, txId);
  if (!found) return undefined;
  const envelope = found.processed.getTransactionenvelope();
  if (!envelope) throw new Error(`transaction ${txId} came back without its envelope`);
  return { status: statusOf(txId, found.processed, found.blockNumber), response: chaincodeResponseOf(envelope) };
}

/** A raw block by number. */
export const blockByNumberOn = (gw: Gateway, channel: string, n: bigint): Promise<Uint8Array> =>
  qscc(gw, channel).evaluateTransaction('GetBlockByNumber', channel, n.toString());

/** The raw block containing a transaction. */
export const blockOfOn = (gw: Gateway, channel: string, txId: string): Promise<Uint8Array> =>
  qscc(gw, channel).evaluateTransaction('GetBlockByTxID', channel, txId);

/** Channel height on the peer; on a peer of `org` when given (the gateway routes the query there). */
export async function heightOn(gw: Gateway, channel: string, org?: string): Promise<string> {
  const proposal = qscc(gw, channel).newProposal('GetChainInfo', { arguments: [channel], ...(org ? { endorsingOrganizations: [org] } : {}) });
  return String(common.BlockchainInfo.deserializeBinary(await proposal.evaluate()).getHeight());
}
