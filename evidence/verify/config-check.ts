// The configuration history: the genesis block must be the one the court's
// trust bundle names (its header hash and every org's CA fingerprints), and
// every later configuration block must be signed by the orderers and produced
// by an update authorised under the configuration before it. Only
// configurations reached that way are used to check anything else.
import { trustBundleHash } from '../trust/bundle-format';
import { parseConfig } from './config';
import { checkConfigUpdate } from './config-update';
import { blockNumberOf, decodeBlock, decodeBlockSignatures, decodeConfigEnvelope, fromBase64Strict, transactionFilter, DecodeError } from './decode';
import { blockDataHash, blockHeaderHash, sha256Hex } from './hashes';
import { describePolicyAt } from './policy';
import { checkOrdererSignatures } from './chain';
import { short, type Context, type VerifiedConfig } from './context';
import { subjectString } from './x509';

import { BLOCK_VALIDATION_POLICY, ENDORSEMENT_POLICY } from './policy-paths';

export { BLOCK_VALIDATION_POLICY, ENDORSEMENT_POLICY };

function describeConfig(v: VerifiedConfig): string {
  const { config } = v;
  const orgs = config.orgs.map((o) => {
    const m = config.msps.get(o.mspId)!;
    return `${o.mspId} [${o.groups.join(', ')}; ${m.roots.length} root, ${m.intermediates.length} intermediate CA${m.nodeOUs ? '; NodeOUs' : ''}]`;
  });
  return (
    `${orgs.join('; ')}. ${ENDORSEMENT_POLICY} = ${describePolicyAt(config, ENDORSEMENT_POLICY)}; ${BLOCK_VALIDATION_POLICY} = ` +
    `${describePolicyAt(config, BLOCK_VALIDATION_POLICY)}`
  );
}

/** The package's genesis block against the trust bundle: what a judge reads first. */
// eslint-disable-next-line complexity -- verifier check: the genesis block against the trust bundle (none, channel, genesis hash, CA certificates)
function checkTrust(ctx: Context, genesis: VerifiedConfig, genesisHash: string): void {
  const { rec, trust, pkg } = ctx;
  const where = { blockNumber: '0' };
  if (!trust) {
    rec.fail(
      'trust.anchor',
      'UNANCHORED: no trust bundle was given, so the package could be checked only against certificates it carries itself; it is not verified ' +
        "evidence of any court's network",
      where,
    );
    return;
  }
  const problems: string[] = [];
  if (trust.channel !== pkg.channel)
    problems.push(`the package is of channel ${JSON.stringify(pkg.channel)}, the trust bundle of ${JSON.stringify(trust.channel)}`);
  if (trust.genesisHeaderHash !== genesisHash)
    problems.push(`genesis block header hash ${short(genesisHash)} differs from the bundle's ${short(trust.genesisHeaderHash)}`);
  const orgs = new Map(trust.orgs.map((o) => [o.mspId, o]));
  for (const [mspId, m] of genesis.config.msps) {
    const o = orgs.get(mspId);
    const roots = m.roots.map((c) => sha256Hex(c.cert.raw));
    const intermediates = m.intermediates.map((c) => sha256Hex(c.cert.raw));
    if (!o) problems.push(`${mspId} is not an organisation of the bundle`);
    else {
      if (roots.join() !== o.rootCertSha256.join())
        problems.push(`${mspId}'s root CA ${short(roots[0] ?? '')} is not the bundle's ${short(o.rootCertSha256[0] ?? '')}`);
      if (intermediates.join() !== o.intermediateCertSha256.join()) problems.push(`${mspId}'s intermediate CAs differ from the bundle's`);
    }
  }
  for (const mspId of orgs.keys()) if (!genesis.config.msps.has(mspId)) problems.push(`the bundle's ${mspId} is not in the package's genesis configuration`);
  ctx.facts.trust = { issuer: trust.issuer, bundleHash: trustBundleHash(trust), genesisHeaderHash: trust.genesisHeaderHash, anchored: problems.length === 0 };
  if (problems.length) {
    rec.fail('trust.anchor', `NOT from the network of ${trust.issuer} (trust bundle ${short(ctx.facts.trust.bundleHash)}): ${problems.join('; ')}`, where);
  } else {
    rec.pass(
      'trust.anchor',
      `from the network of ${trust.issuer} (trust bundle ${short(ctx.facts.trust.bundleHash)}): the genesis block header hash is ${genesisHash} and ` +
        `every organisation's CA certificates are the bundle's`,
      where,
    );
  }
}

export function checkConfigHistory(ctx: Context): void {
  const { pkg, rec } = ctx;
  let previous: VerifiedConfig | undefined;
  for (const [i, b] of pkg.configBlocks.entries()) {
    const field = `configBlocks[${i}]`;
    const label = typeof b.number === 'string' ? b.number : field;
    const where = { blockNumber: label };
    const id = i === 0 ? 'config.genesis' : 'config.update';
    // eslint-disable-next-line complexity -- verifier check: one configuration block (genesis or update, number, sequence, chaining)
    const ok = rec.guard(id, where, () => {
      const n = blockNumberOf(b.number, `${field}.number`);
      const decoded = decodeBlock(fromBase64Strict(b.raw, `${field}.raw`), `configuration block ${n}`);
      if (decoded.header.number !== n) throw new DecodeError(`${field} is listed as block ${n} but its header says ${decoded.header.number}`);
      if (previous && n <= previous.number) throw new DecodeError(`configuration blocks must be in ascending order; ${n} follows ${previous.number}`);
      const dataHash = blockDataHash(decoded.envelopes);
      if (!dataHash.equals(Buffer.from(decoded.header.dataHash)))
        throw new DecodeError(`block ${n}: recomputed data hash ${short(dataHash.toString('hex'))} differs from its header's`);
      const { env, config } = decodeConfigEnvelope(decoded, `configuration block ${n}`);
      if (env.channelHeader.channelId !== pkg.channel)
        throw new DecodeError(`configuration block ${n} is of channel ${JSON.stringify(env.channelHeader.channelId)}, the package names ${pkg.channel}`);
      const parsed = parseConfig(config);
      const verified: VerifiedConfig = {
        number: n,
        config: ctx.configHook ? ctx.configHook(parsed) : parsed,
        raw: config,
        channelId: env.channelHeader.channelId,
      };
      if (!previous) {
        if (n !== 0n || decoded.header.previousHash.length !== 0)
          throw new DecodeError(`the first configuration block must be the genesis block (number 0, no previous hash); it is block ${n}`);
        const genesisHash = blockHeaderHash(decoded.header).toString('hex');
        ctx.facts.trustAnchors = {
          genesisBlockHeaderHash: genesisHash,
          rootCertificates: [...parsed.msps.values()].flatMap((m) =>
            m.roots.map((r) => ({ mspId: m.mspId, subject: subjectString(r), sha256: sha256Hex(r.cert.raw) })),
          ),
        };
        checkTrust(ctx, verified, genesisHash);
        ctx.facts.configHistory.push({ number: '0', sequence: String(parsed.sequence), signers: [], changes: ['genesis'] });
        rec.pass(
          'config.genesis',
          `genesis block of channel ${pkg.channel}, header hash ${genesisHash} (sequence ${parsed.sequence}): ${describeConfig(verified)}`,
          where,
        );
        return verified;
      }
      // A later configuration: cut and signed under the previous one, produced by an authorised update.
      const sigs = decodeBlockSignatures(decoded, `configuration block ${n}`);
      if (sigs.lastConfig !== n) throw new DecodeError(`configuration block ${n}'s signed metadata names configuration block ${sigs.lastConfig}, not itself`);
      const filter = transactionFilter(decoded);
      if (filter.length !== 1 || filter[0] !== 0)
        throw new DecodeError(`configuration block ${n}'s validation flags are [${[...filter].join(', ')}], not [VALID]`);
      if (!checkOrdererSignatures(ctx, decoded, sigs, previous.config))
        throw new DecodeError(
          `configuration block ${n} is not signed by orderers satisfying ${BLOCK_VALIDATION_POLICY} of configuration block ${previous.number}`,
        );
      const update = checkConfigUpdate(previous, env, config);
      const signers = update.signers.map((s) => `${s.cert.commonName}@${s.mspId}`);
      ctx.facts.configHistory.push({ number: String(n), sequence: String(parsed.sequence), signers, changes: update.changes.map((c) => c.element) });
      rec.pass(
        'config.update',
        `configuration block ${n} (sequence ${parsed.sequence}) follows from block ${previous.number} by an update signed by ${signers.join(', ')}; ` +
          `${update.changes.map((c) => `${c.element} needed ${c.policy}: ${c.outcome.detail}`).join('; ')}. Now: ${describeConfig(verified)}`,
        where,
      );
      return verified;
    });
    if (!ok) return; // nothing after a configuration that did not verify can be trusted
    ctx.configs.set(ok.number, ok);
    previous = ok;
  }
  if (!previous) rec.fail('config.genesis', 'the package has no configuration blocks: the genesis block must come first');
  else {
    ctx.facts.configBlock = { number: String(previous.number), sequence: String(previous.config.sequence) };
    ctx.facts.policies.endorsement = describePolicyAt(previous.config, ENDORSEMENT_POLICY);
    ctx.facts.policies.blockValidation = describePolicyAt(previous.config, BLOCK_VALIDATION_POLICY);
  }
}
