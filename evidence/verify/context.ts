// What the checks share while a package is verified.
import type { common } from '@hyperledger/fabric-protos';
import type { EvidencePackage, PackageTransaction } from '../format';
import type { TrustBundle } from '../trust/bundle-format';
import type { ChannelConfig } from './config';
import type { DecodedBlock, DecodedEnvelope, EndorsedAction } from './decode';
import type { Identity } from './msp';
import type { Recorder } from './recorder';
import type { Facts, TransactionFact } from './types';

export interface VerifiedBlock {
  decoded: DecodedBlock;
  /** The configuration block it was cut under (its signed metadata names it). */
  configNumber?: bigint;
  /** Decoded, data hash, configuration and orderer signatures all verified. */
  trusted: boolean;
}

/** A configuration of the package's history, verified from the genesis block. */
export interface VerifiedConfig {
  number: bigint;
  config: ChannelConfig;
  raw: common.Config;
  channelId: string;
}

export interface TxState {
  tx: PackageTransaction;
  env?: DecodedEnvelope;
  action?: EndorsedAction;
  creator?: Identity;
  fact?: TransactionFact;
  /** Timestamp in ms (channel header). */
  time?: number;
  /** The configuration its block was cut under. */
  config?: ChannelConfig;
}

export interface Context {
  pkg: EvidencePackage;
  trust?: TrustBundle;
  rec: Recorder;
  facts: Facts;
  /** Verified configurations by block number: only those whose whole history from the genesis block verified. */
  configs: Map<bigint, VerifiedConfig>;
  /** Substitutes each decoded configuration (VerifyHooks.config). */
  configHook?: (decoded: ChannelConfig) => ChannelConfig;
  blocks: Map<bigint, VerifiedBlock>;
  txs: Map<string, TxState>;
}

/** The newest verified configuration (the one the attestations and the as-of block are checked under). */
export function newestConfig(ctx: Context): VerifiedConfig | undefined {
  let newest: VerifiedConfig | undefined;
  for (const c of ctx.configs.values()) if (!newest || c.number > newest.number) newest = c;
  return newest;
}

export const short = (hex: string) => (hex.length > 16 ? `${hex.slice(0, 12)}…` : hex);
