// Strict decoding of what the package carries: base64 and hex fields, raw
// blocks (common.Block), block metadata, endorser transactions down to their
// read-write sets, and the configuration envelope. Throws DecodeError with
// what could not be read; the checks turn that into a failed check.
import { common, ledger, peer } from '@hyperledger/fabric-protos';
import type { HeaderFields } from './hashes';

export class DecodeError extends Error {}

export function fromBase64Strict(s: unknown, what: string): Uint8Array {
  if (typeof s !== 'string') throw new DecodeError(`${what} is not a string`);
  const bytes = Buffer.from(s, 'base64');
  if (bytes.toString('base64') !== s) throw new DecodeError(`${what} is not canonical base64`);
  return bytes;
}

export function blockNumberOf(s: unknown, what: string): bigint {
  if (typeof s !== 'string' || !/^(?:0|[1-9]\d*)$/.test(s)) throw new DecodeError(`${what} is not a block number`);
  return BigInt(s);
}

interface Message {
  serializeBinary(): Uint8Array;
}

/**
 * Deserializes and insists the bytes are the canonical encoding of what was
 * read: no unknown fields, no second encoding of the same message. Used for
 * the parts of a block no hash or signature covers.
 */
function canonical<T extends Message>(type: { deserializeBinary(b: Uint8Array): T }, bytes: Uint8Array, what: string): T {
  let m: T;
  try {
    m = type.deserializeBinary(bytes);
  } catch (e) {
    throw new DecodeError(`${what} does not decode: ${(e as Error).message}`);
  }
  if (!Buffer.from(m.serializeBinary()).equals(Buffer.from(bytes))) throw new DecodeError(`${what} is not the canonical protobuf encoding`);
  return m;
}

function decode<T>(type: { deserializeBinary(b: Uint8Array): T }, bytes: Uint8Array, what: string): T {
  try {
    return type.deserializeBinary(bytes);
  } catch (e) {
    throw new DecodeError(`${what} does not decode: ${(e as Error).message}`);
  }
}

export interface DecodedBlock {
  header: HeaderFields;
  envelopes: Uint8Array[];
  /** BlockMetadata entries by common.BlockMetadataIndex. */
  metadata: Uint8Array[];
}

export function decodeBlock(raw: Uint8Array, what: string): DecodedBlock {
  const block = canonical(common.Block, raw, what);
  const header = block.getHeader();
  if (!header) throw new DecodeError(`${what} has no header`);
  const envelopes = block.getData()?.getDataList_asU8() ?? [];
  if (envelopes.length === 0) throw new DecodeError(`${what} has no transactions`);
  return {
    header: { number: BigInt(header.getNumber()), previousHash: header.getPreviousHash_asU8(), dataHash: header.getDataHash_asU8() },
    envelopes,
    metadata: block.getMetadata()?.getMetadataList_asU8() ?? [],
  };
}

export interface OrdererSignature {
  signatureHeader: Uint8Array;
  signature: Uint8Array;
  /** SignatureHeader.creator: a serialized identity. */
  creator: Uint8Array;
}

export interface BlockSignatures {
  /** Metadata.value: the signed OrdererBlockMetadata bytes. */
  value: Uint8Array;
  lastConfig: bigint;
  signatures: OrdererSignature[];
}

/** block.metadata[SIGNATURES]: Metadata { value: OrdererBlockMetadata, signatures }. */
export function decodeBlockSignatures(block: DecodedBlock, what: string): BlockSignatures {
  const bytes = block.metadata[common.BlockMetadataIndex.SIGNATURES] ?? new Uint8Array();
  const md = canonical(common.Metadata, bytes, `${what} SIGNATURES metadata`);
  const value = md.getValue_asU8();
  const obm = canonical(common.OrdererBlockMetadata, value, `${what} OrdererBlockMetadata`);
  const lastConfig = obm.getLastConfig();
  if (!lastConfig) throw new DecodeError(`${what} OrdererBlockMetadata names no last configuration block`);
  const signatures = md.getSignaturesList().map((s, i) => {
    if (s.getIdentifierHeader_asU8().length > 0) throw new DecodeError(`${what} signature #${i + 1} uses an identifier header (BFT), not supported`);
    const sh = decode(common.SignatureHeader, s.getSignatureHeader_asU8(), `${what} signature #${i + 1} header`);
    return { signatureHeader: s.getSignatureHeader_asU8(), signature: s.getSignature_asU8(), creator: sh.getCreator_asU8() };
  });
  // The deprecated LAST_CONFIG slot, when filled, must agree with the signed value.
  const legacy = block.metadata[common.BlockMetadataIndex.LAST_CONFIG];
  if (legacy && legacy.length > 0) {
    const lmd = canonical(common.Metadata, legacy, `${what} LAST_CONFIG metadata`);
    const lc = canonical(common.LastConfig, lmd.getValue_asU8(), `${what} LAST_CONFIG value`);
    if (BigInt(lc.getIndex()) !== BigInt(lastConfig.getIndex()))
      throw new DecodeError(`${what} LAST_CONFIG metadata (${lc.getIndex()}) disagrees with the signed last config (${lastConfig.getIndex()})`);
  }
  return { value, lastConfig: BigInt(lastConfig.getIndex()), signatures };
}

/** The peers' validation flags, one byte per transaction. */
export function transactionFilter(block: DecodedBlock): Uint8Array {
  return block.metadata[common.BlockMetadataIndex.TRANSACTIONS_FILTER] ?? new Uint8Array();
}

export interface ChannelHeaderFields {
  type: number;
  channelId: string;
  txId: string;
  /** ISO 8601 with milliseconds. */
  timestamp: string;
  timestampNanos: number;
}

export interface DecodedEnvelope {
  payload: Uint8Array;
  signature: Uint8Array;
  channelHeaderBytes: Uint8Array;
  signatureHeaderBytes: Uint8Array;
  channelHeader: ChannelHeaderFields;
  creator: Uint8Array;
  nonce: Uint8Array;
  data: Uint8Array;
}

export function decodeEnvelope(bytes: Uint8Array, what: string): DecodedEnvelope {
  const env = decode(common.Envelope, bytes, what);
  const payload = env.getPayload_asU8();
  const p = decode(common.Payload, payload, `${what} payload`);
  const header = p.getHeader();
  if (!header) throw new DecodeError(`${what} has no header`);
  const ch = decode(common.ChannelHeader, header.getChannelHeader_asU8(), `${what} channel header`);
  const sh = decode(common.SignatureHeader, header.getSignatureHeader_asU8(), `${what} signature header`);
  const ts = ch.getTimestamp();
  const seconds = ts?.getSeconds() ?? 0;
  const nanos = ts?.getNanos() ?? 0;
  return {
    payload,
    signature: env.getSignature_asU8(),
    channelHeaderBytes: header.getChannelHeader_asU8(),
    signatureHeaderBytes: header.getSignatureHeader_asU8(),
    channelHeader: {
      type: ch.getType(),
      channelId: ch.getChannelId(),
      txId: ch.getTxId(),
      timestamp: isoTime(seconds, nanos),
      timestampNanos: nanos,
    },
    creator: sh.getCreator_asU8(),
    nonce: sh.getNonce_asU8(),
    data: p.getData_asU8(),
  };
}

function isoTime(seconds: number, nanos: number): string {
  const ms = seconds * 1000 + Math.floor(nanos / 1e6);
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? `invalid time (${seconds}s)` : d.toISOString();
}

export interface KvWrite {
  key: string;
  isDelete: boolean;
  value: Uint8Array;
}

export interface EndorsedAction {
  /** TransactionAction.header: the proposal's SignatureHeader. */
  actionHeader: Uint8Array;
  chaincodeProposalPayload: Uint8Array;
  proposalResponsePayload: Uint8Array;
  proposalHash: Uint8Array;
  endorsements: { endorser: Uint8Array; signature: Uint8Array }[];
  chaincodeName: string;
  chaincodeVersion: string;
  responseStatus: number;
  /** "Contract:Function", the first argument of the invocation. */
  function: string;
  /** The invocation's further arguments (UTF-8). */
  args: string[];
  /** The chaincode's response payload (what it returned). */
  responsePayload: Uint8Array;
  /** Writes per namespace of the read-write set. */
  writes: Map<string, KvWrite[]>;
  /** Reads per namespace: key and the version (block, tx) read, absent when the key did not exist. */
  reads: Map<string, { key: string; version?: { block: bigint; tx: bigint } }[]>;
}

/** Transaction → TransactionAction → ChaincodeActionPayload → ChaincodeEndorsedAction, down to the KV writes. */
// eslint-disable-next-line complexity -- protobuf decoding down the transaction's nesting, one refusal per missing or malformed level
export function decodeEndorsedAction(env: DecodedEnvelope, what: string): EndorsedAction {
  const tx = decode(peer.Transaction, env.data, `${what} transaction`);
  const actions = tx.getActionsList();
  if (actions.length !== 1) throw new DecodeError(`${what} has ${actions.length} actions; an endorser transaction has exactly one`);
  const action = actions[0]!;
  const cap = decode(peer.ChaincodeActionPayload, action.getPayload_asU8(), `${what} ChaincodeActionPayload`);
  const ea = cap.getAction();
  if (!ea) throw new DecodeError(`${what} has no endorsed action`);
  const prpBytes = ea.getProposalResponsePayload_asU8();
  const prp = decode(peer.ProposalResponsePayload, prpBytes, `${what} ProposalResponsePayload`);
  const cca = decode(peer.ChaincodeAction, prp.getExtension_asU8(), `${what} ChaincodeAction`);
  const rws = decode(ledger.rwset.TxReadWriteSet, cca.getResults_asU8(), `${what} TxReadWriteSet`);
  const writes = new Map<string, KvWrite[]>();
  const reads: EndorsedAction['reads'] = new Map();
  for (const ns of rws.getNsRwsetList()) {
    const kv = decode(ledger.rwset.kvrwset.KVRWSet, ns.getRwset_asU8(), `${what} KVRWSet of ${ns.getNamespace()}`);
    reads.set(ns.getNamespace(), [
      ...(reads.get(ns.getNamespace()) ?? []),
      ...kv.getReadsList().map((r) => {
        const v = r.getVersion();
        return { key: r.getKey(), ...(v ? { version: { block: BigInt(v.getBlockNum()), tx: BigInt(v.getTxNum()) } } : {}) };
      }),
    ]);
    writes.set(ns.getNamespace(), [
      ...(writes.get(ns.getNamespace()) ?? []),
      ...kv.getWritesList().map((w) => ({ key: w.getKey(), isDelete: w.getIsDelete(), value: w.getValue_asU8() })),
    ]);
  }
  let fn = '';
  let args: string[] = [];
  try {
    const cpp = peer.ChaincodeProposalPayload.deserializeBinary(cap.getChaincodeProposalPayload_asU8());
    const spec = peer.ChaincodeInvocationSpec.deserializeBinary(cpp.getInput_asU8()).getChaincodeSpec();
    const [first, ...rest] = (spec?.getInput()?.getArgsList_asU8() ?? []).map((a) => Buffer.from(a).toString('utf8'));
    fn = first ?? '';
    args = rest;
  } catch {
    fn = '';
  }
  return {
    actionHeader: action.getHeader_asU8(),
    chaincodeProposalPayload: cap.getChaincodeProposalPayload_asU8(),
    proposalResponsePayload: prpBytes,
    proposalHash: prp.getProposalHash_asU8(),
    endorsements: ea.getEndorsementsList().map((e) => ({ endorser: e.getEndorser_asU8(), signature: e.getSignature_asU8() })),
    chaincodeName: cca.getChaincodeId()?.getName() ?? '',
    chaincodeVersion: cca.getChaincodeId()?.getVersion() ?? '',
    responseStatus: cca.getResponse()?.getStatus() ?? 0,
    function: fn,
    args,
    responsePayload: cca.getResponse()?.getPayload_asU8() ?? new Uint8Array(),
    writes,
    reads,
  };
}

/** The configuration in a config block's only envelope. */
export function decodeConfigEnvelope(block: DecodedBlock, what: string): { env: DecodedEnvelope; config: common.Config } {
  if (block.envelopes.length !== 1) throw new DecodeError(`${what} has ${block.envelopes.length} envelopes; a configuration block has one`);
  const env = decodeEnvelope(block.envelopes[0]!, what);
  if (env.channelHeader.type !== common.HeaderType.CONFIG)
    throw new DecodeError(`${what} holds a transaction of type ${env.channelHeader.type}, not CONFIG (1)`);
  const ce = decode(common.ConfigEnvelope, env.data, `${what} ConfigEnvelope`);
  const config = ce.getConfig();
  if (!config) throw new DecodeError(`${what} ConfigEnvelope has no config`);
  return { env, config };
}
