// The trust bundle the court publishes (on its website; a judge's machine keeps
// a copy): the channel's genesis block header hash and, for every organisation
// of the genesis configuration, the SHA-256 fingerprints of its root and
// intermediate CA certificates. A verifier given the bundle refuses a package
// that does not tie to it, whatever the package itself says.
//
// Pure: no file system, no network. The launcher writes the bundle
// (scripts/trust-bundle.ts); the verifier reads it with parseTrustBundle.
import { parseConfig } from '../verify/config';
import { decodeBlock, decodeConfigEnvelope } from '../verify/decode';
import { blockHeaderHash, sha256Hex } from '../verify/hashes';
import { parseTrustBundle, TRUST_BUNDLE_FORMAT, TRUST_BUNDLE_GROUPS as GROUPS, type TrustBundle, type TrustBundleOrg } from './bundle-format';

export * from './bundle-format';

export interface TrustBundleMeta {
  issuer: string;
  /** Defaults to now. */
  createdAt?: Date | string;
  /** Human names by MSP ID; an org without one is named by its MSP ID. */
  orgNames?: Record<string, string>;
}

const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The bundle of a channel from its genesis block (block 0, raw common.Block
 * bytes as configtxgen writes them or `peer channel fetch 0` returns them).
 * Throws if the bytes are not a genesis configuration block.
 */
export function buildTrustBundle(genesisBlockBytes: Uint8Array, meta: TrustBundleMeta): TrustBundle {
  const block = decodeBlock(genesisBlockBytes, 'genesis block');
  if (block.header.number !== 0n) throw new Error(`not a genesis block: block number ${block.header.number}`);
  if (block.header.previousHash.length !== 0) throw new Error('not a genesis block: it names a previous hash');
  const { env, config } = decodeConfigEnvelope(block, 'genesis block');
  const parsed = parseConfig(config);
  const createdAt = meta.createdAt === undefined ? new Date() : new Date(meta.createdAt);
  if (Number.isNaN(createdAt.getTime())) throw new Error(`createdAt is not a time: ${String(meta.createdAt)}`);

  const orgs: TrustBundleOrg[] = parsed.orgs.map(({ mspId, groups }) => {
    const info = parsed.msps.get(mspId)!;
    return {
      mspId,
      name: meta.orgNames?.[mspId] ?? mspId,
      groups: GROUPS.filter((g) => groups.includes(g)),
      rootCertSha256: info.roots.map((c) => sha256Hex(c.cert.raw)),
      intermediateCertSha256: info.intermediates.map((c) => sha256Hex(c.cert.raw)),
    };
  });
  orgs.sort((a, b) => byCodeUnits(a.mspId, b.mspId));
  return parseTrustBundle({
    format: TRUST_BUNDLE_FORMAT,
    channel: env.channelHeader.channelId,
    genesisHeaderHash: blockHeaderHash(block.header).toString('hex'),
    issuer: meta.issuer,
    createdAt: createdAt.toISOString(),
    orgs,
  });
}
