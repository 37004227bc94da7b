// The packaged blocks: each decoded, its data hash recomputed, cut under a
// configuration of the package's verified history (the newest one at or
// before it, as its orderer-signed metadata must say) and signed by orderers
// satisfying that configuration's BlockValidation policy. Blocks need no hash
// chain back to the genesis block: the orderers' signatures, checked against
// the configuration history that starts at the pinned genesis block, fix them.
import type { ChannelConfig } from './config';
import { blockNumberOf, decodeBlock, decodeBlockSignatures, fromBase64Strict, transactionFilter, type DecodedBlock } from './decode';
import { blockDataHash, blockHeaderBytes } from './hashes';
import { identityFact, type Identity } from './msp';
import { evaluatePolicyPath } from './policy';
import { checkSigner } from './signatures';
import { BLOCK_VALIDATION_POLICY } from './policy-paths';
import { short, type Context, type VerifiedBlock } from './context';
import { DecodeError } from './decode';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

/** Orderer signatures on a block and the BlockValidation policy of `config`; true when both hold. */
export function checkOrdererSignatures(
  ctx: Context,
  decoded: DecodedBlock,
  { value, signatures, lastConfig }: ReturnType<typeof decodeBlockSignatures>,
  config: ChannelConfig,
): boolean {
  const { rec } = ctx;
  const n = String(decoded.header.number);
  const where = { blockNumber: n };
  const headerBytes = blockHeaderBytes(decoded.header);
  const valid: Identity[] = [];
  let allOk = true;
  signatures.forEach((s, i) => {
    const r = checkSigner(s.creator, [value, s.signatureHeader, headerBytes], s.signature, config.msps);
    if (r.ok) {
      valid.push(r.identity);
      rec.pass('orderer.signature', `block ${n} signature #${i + 1} by ${r.who}: verifies, certificate chains to ${r.identity.mspId}'s root`, where);
    } else {
      allOk = rec.fail('orderer.signature', `block ${n} signature #${i + 1} by ${r.who}: ${r.reason}`, where);
    }
  });
  ctx.facts.blocks.push({ number: n, lastConfig: String(lastConfig), signers: valid.map(identityFact) });
  const outcome = evaluatePolicyPath(config, BLOCK_VALIDATION_POLICY, valid);
  const policyOk = rec.add(
    'orderer.policy',
    outcome.ok && signatures.length > 0,
    `block ${n}: ${signatures.length === 0 ? 'no orderer signature; ' : ''}${outcome.detail}`,
    where,
  );
  return allOk && policyOk;
}

export function checkBlocks(ctx: Context): void {
  for (const [i, b] of ctx.pkg.blocks.entries()) {
    const v = checkBlock(ctx, b, `blocks[${i}]`);
    if (v) ctx.blocks.set(v.decoded.header.number, v);
  }
}

/** The configuration in force for block `n`: the newest configuration block of the package at or before it. */
function configInForce(ctx: Context, n: bigint): bigint | undefined {
  let best: bigint | undefined;
  for (const c of ctx.pkg.configBlocks) {
    const k = /^(?:0|[1-9]\d*)$/.test(c.number) ? BigInt(c.number) : undefined;
    if (k !== undefined && k <= n && (best === undefined || k > best)) best = k;
  }
  return best;
}

/** One raw block: decoded, data hash, configuration, orderer signatures. */
// eslint-disable-next-line complexity -- verifier check: a raw block's decoding, data hash, configuration reference and orderer signatures
export function checkBlock(ctx: Context, b: { number: string; raw: string }, field: string): VerifiedBlock | undefined {
  const { rec } = ctx;
  const label = typeof b.number === 'string' ? b.number : field;
  const where = { blockNumber: label };
  const decoded = rec.guard('block.decode', where, () => {
    const n = blockNumberOf(b.number, `${field}.number`);
    const d = decodeBlock(fromBase64Strict(b.raw, `block ${n}`), `block ${n}`);
    if (d.header.number !== n) throw new DecodeError(`block listed as ${n} has header number ${d.header.number}`);
    return d;
  });
  if (!decoded) return undefined;
  const n = decoded.header.number;
  rec.pass('block.decode', `block ${n}: ${decoded.envelopes.length} transaction(s)`, where);
  let trusted = true;
  const dataHash = blockDataHash(decoded.envelopes);
  if (dataHash.equals(Buffer.from(decoded.header.dataHash)))
    rec.pass(
      'block.dataHash',
      `block ${n}: SHA-256 over its ${decoded.envelopes.length} envelope(s) = ${short(dataHash.toString('hex'))}, as in its header`,
      where,
    );
  else
    trusted = rec.fail(
      'block.dataHash',
      `block ${n}: recomputed data hash ${short(dataHash.toString('hex'))} differs from the header's ${short(hex(decoded.header.dataHash))}`,
      where,
    );

  const sigs = rec.guard('block.config', where, () => decodeBlockSignatures(decoded, `block ${n}`));
  if (!sigs) return { decoded, trusted: false };
  const expected = configInForce(ctx, n);
  const config = ctx.configs.get(sigs.lastConfig);
  const filter = transactionFilter(decoded);
  if (sigs.lastConfig !== expected) {
    trusted = rec.fail(
      'block.config',
      `block ${n} names configuration block ${sigs.lastConfig} as in force, but the package's newest configuration block at or before it is ` +
        `${expected ?? 'none'}`,
      where,
    );
  } else if (!config) {
    trusted = rec.fail('block.config', `block ${n} was cut under configuration block ${sigs.lastConfig}, which did not verify`, where);
  } else if (filter.length !== decoded.envelopes.length) {
    trusted = rec.fail('block.config', `block ${n} has ${filter.length} validation flags for ${decoded.envelopes.length} transactions`, where);
  } else {
    rec.pass(
      'block.config',
      `block ${n}: its orderer-signed metadata names configuration block ${sigs.lastConfig} (sequence ${config.config.sequence}), verified from the ` +
        `genesis block`,
      where,
    );
  }
  if (!config) return { decoded, trusted: false };
  if (!checkOrdererSignatures(ctx, decoded, sigs, config.config)) trusted = false;
  return { decoded, configNumber: sigs.lastConfig, trusted };
}
