// Check 1: the configuration block decodes to the channel's MSPs and
// policies, and sits in the header chain (its data hash recomputed, its
// header equal to the chain's header of that number).
import { parseConfig, type ChannelConfig } from './config';
import { blockNumberOf, decodeBlock, decodeBlockSignatures, decodeConfigEnvelope, fromBase64Strict, transactionFilter, DecodeError, type DecodedBlock } from './decode';
import { blockDataHash, blockHeaderHash, sha256Hex } from './hashes';
import { describePolicyAt } from './policy';
import { headerOf, short, type Context } from './context';
import { subjectString } from './x509';

export const ENDORSEMENT_POLICY = '/Channel/Application/Endorsement';
export const BLOCK_VALIDATION_POLICY = '/Channel/Orderer/BlockValidation';

interface ParsedConfigBlock {
  decoded: DecodedBlock;
  config: ChannelConfig;
  channelId: string;
}

/** Decoded configurations by their raw base64: a package's configuration is read once per process. */
const configCache = new Map<string, ParsedConfigBlock>();

function parseConfigBlock(raw: string): ParsedConfigBlock {
  const hit = configCache.get(raw);
  if (hit) return hit;
  const decoded = decodeBlock(fromBase64Strict(raw, 'configBlock.raw'), 'configuration block');
  const { env, config } = decodeConfigEnvelope(decoded, 'configuration block');
  const parsed = { decoded, config: parseConfig(config), channelId: env.channelHeader.channelId };
  if (configCache.size > 16) configCache.clear();
  configCache.set(raw, parsed);
  return parsed;
}

export function checkConfig(ctx: Context): void {
  const { pkg, rec } = ctx;
  const parsed = rec.guard('config.decode', {}, () => {
    const n = blockNumberOf(pkg.configBlock.number, 'configBlock.number');
    const p = parseConfigBlock(pkg.configBlock.raw);
    if (p.decoded.header.number !== n) throw new DecodeError(`configBlock.number is ${n} but the block's header says ${p.decoded.header.number}`);
    if (p.channelId !== pkg.channel) throw new DecodeError(`configuration is for channel ${JSON.stringify(p.channelId)}, the package names ${JSON.stringify(pkg.channel)}`);
    return p;
  });
  if (!parsed) return;
  const { decoded } = parsed;
  const config = ctx.configHook ? ctx.configHook(parsed.config) : parsed.config;
  const n = decoded.header.number;
  const where = { blockNumber: String(n) };
  ctx.config = config;
  ctx.configNumber = n;
  const endorsement = describePolicyAt(config, ENDORSEMENT_POLICY);
  const blockValidation = describePolicyAt(config, BLOCK_VALIDATION_POLICY);
  ctx.facts.configBlock = { number: String(n), sequence: String(config.sequence) };
  ctx.facts.orgs = config.orgs.map((o) => ({ ...o, nodeOUs: config.msps.get(o.mspId)?.nodeOUs !== undefined }));
  ctx.facts.policies = { endorsement, blockValidation };
  ctx.facts.trustAnchors = {
    ...ctx.facts.trustAnchors,
    rootCertificates: [...config.msps.values()].flatMap((m) => m.roots.map((r) => ({ mspId: m.mspId, subject: subjectString(r), sha256: sha256Hex(r.cert.raw) }))),
  };
  const missing = [!endorsement && ENDORSEMENT_POLICY, !blockValidation && BLOCK_VALIDATION_POLICY].filter(Boolean);
  if (missing.length) {
    rec.fail('config.decode', `configuration block ${n} lacks ${missing.join(' and ')}`, where);
  } else {
    const orgs = config.orgs.map((o) => {
      const m = config.msps.get(o.mspId)!;
      return `${o.mspId} [${o.groups.join(', ')}; ${m.roots.length} root, ${m.intermediates.length} intermediate CA${m.nodeOUs ? '; NodeOUs' : ''}]`;
    });
    rec.pass('config.decode', `configuration block ${n} (sequence ${config.sequence}) of channel ${pkg.channel}: ${orgs.join('; ')}. `
      + `${ENDORSEMENT_POLICY} = ${endorsement}; ${BLOCK_VALIDATION_POLICY} = ${blockValidation}`, where);
  }

  rec.guard('config.anchored', where, () => {
    const header = headerOf(ctx, n);
    const problems: string[] = [];
    const dataHash = blockDataHash(decoded.envelopes);
    if (!dataHash.equals(Buffer.from(decoded.header.dataHash))) problems.push(`recomputed data hash ${short(dataHash.toString('hex'))} differs from its header's ${short(Buffer.from(decoded.header.dataHash).toString('hex'))}`);
    if (!header) problems.push(`the package has no header ${n}`);
    else if (!blockHeaderHash(header).equals(blockHeaderHash(decoded.header))) problems.push(`its header differs from the chain's header ${n}`);
    const sigs = decodeBlockSignatures(decoded, `configuration block ${n}`);
    if (sigs.lastConfig !== n) problems.push(`its signed metadata names configuration block ${sigs.lastConfig}, not itself`);
    const filter = transactionFilter(decoded);
    if (filter.length !== 1 || filter[0] !== 0) problems.push(`its validation flags are [${[...filter].join(', ')}], not [VALID]`);
    if (n > 0n && sigs.signatures.length === 0) problems.push('it carries no orderer signature');
    if (problems.length) return rec.fail('config.anchored', `configuration block ${n}: ${problems.join('; ')}`, where);
    return rec.pass('config.anchored', `configuration block ${n}: data hash recomputed, header equals header ${n} of the chain`
      + `${n === 0n ? ' (the genesis block: the chain anchors it; it carries no orderer signatures)' : ''}`, where);
  });
}
