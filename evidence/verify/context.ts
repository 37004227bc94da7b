// What the checks share while a package is verified.
import type { EvidencePackage, PackageTransaction } from '../format';
import type { ChannelConfig } from './config';
import type { DecodedBlock, DecodedEnvelope, EndorsedAction } from './decode';
import type { HeaderFields } from './hashes';
import type { Identity } from './msp';
import type { Recorder } from './recorder';
import type { Facts, TransactionFact } from './types';

export interface VerifiedBlock {
  decoded: DecodedBlock;
  /** Decoded, header in the chain, data hash and orderer signatures all verified. */
  trusted: boolean;
}

export interface TxState {
  tx: PackageTransaction;
  env?: DecodedEnvelope;
  action?: EndorsedAction;
  creator?: Identity;
  fact?: TransactionFact;
  /** Timestamp in ms (channel header). */
  time?: number;
}

export interface Context {
  pkg: EvidencePackage;
  rec: Recorder;
  facts: Facts;
  config?: ChannelConfig;
  configNumber?: bigint;
  /** Substitutes the decoded configuration (VerifyHooks.config). */
  configHook?: (decoded: ChannelConfig) => ChannelConfig;
  /** headers[i] decoded, when the headers section is readable. */
  headers?: HeaderFields[];
  blocks: Map<bigint, VerifiedBlock>;
  txs: Map<string, TxState>;
}

/** The header the chain gives for block `n`, if any. */
export const headerOf = (ctx: Context, n: bigint): HeaderFields | undefined =>
  ctx.headers && n < BigInt(ctx.headers.length) ? ctx.headers[Number(n)] : undefined;

export const short = (hex: string) => (hex.length > 16 ? `${hex.slice(0, 12)}…` : hex);
