// Checks 2–4: the header chain from the genesis block, each packaged block
// against it (header, recomputed data hash, the configuration it was cut
// under) and the orderers' signatures on it against BlockValidation.
import { blockNumberOf, decodeBlock, decodeBlockSignatures, fromBase64Strict, transactionFilter, type DecodedBlock } from './decode';
import { blockDataHash, blockHeaderBytes, blockHeaderHash, type HeaderFields } from './hashes';
import { identityFact, type Identity } from './msp';
import { evaluatePolicyPath } from './policy';
import { checkSigner } from './signatures';
import { BLOCK_VALIDATION_POLICY } from './config-check';
import { headerOf, short, type Context, type VerifiedBlock } from './context';
import { DecodeError } from './decode';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

export function checkHeaderChain(ctx: Context): void {
  const { pkg, rec } = ctx;
  // The package format check has already required decimal numbers and lowercase hex.
  const headers = rec.guard('chain.genesis', {}, () => pkg.headers.map((h, i): HeaderFields => {
    if (h.number !== String(i)) throw new DecodeError(`headers[${i}] is numbered ${h.number}; headers must run 0, 1, 2, … without gaps`);
    return { number: BigInt(i), previousHash: Buffer.from(h.previousHash, 'hex'), dataHash: Buffer.from(h.dataHash, 'hex') };
  }));
  if (!headers) return;
  if (headers.length === 0) {
    rec.fail('chain.genesis', 'the package has no headers');
    return;
  }
  ctx.headers = headers;
  const genesisHash = blockHeaderHash(headers[0]!).toString('hex');
  ctx.facts.trustAnchors = { rootCertificates: [], ...ctx.facts.trustAnchors, genesisBlockHeaderHash: genesisHash };
  if (headers[0]!.previousHash.length !== 0) rec.fail('chain.genesis', `header 0 has previous hash ${short(hex(headers[0]!.previousHash))}; the genesis block has none`, { blockNumber: '0' });
  else rec.pass('chain.genesis', `headers 0..${headers.length - 1} numbered without gaps; header 0 has no previous hash; genesis header hash ${genesisHash}`, { blockNumber: '0' });

  let previous: Buffer = blockHeaderHash(headers[0]!);
  for (let i = 1; i < headers.length; i++) {
    const h = headers[i]!;
    if (!previous.equals(Buffer.from(h.previousHash))) {
      rec.fail('chain.links', `header ${i}'s previous hash ${short(hex(h.previousHash))} is not the hash of header ${i - 1} (${short(previous.toString('hex'))})`, { blockNumber: String(i) });
      return;
    }
    previous = blockHeaderHash(h);
  }
  rec.pass('chain.links', `${headers.length - 1} links verified: each header's previous hash is the SHA-256 of the ASN.1 encoding of the header before it`);
}

/** Orderer signatures on a block and the BlockValidation policy; true when both hold. */
function checkOrdererSignatures(ctx: Context, decoded: DecodedBlock, { value, signatures, lastConfig }: ReturnType<typeof decodeBlockSignatures>): boolean {
  const { rec, config } = ctx;
  const n = String(decoded.header.number);
  const where = { blockNumber: n };
  if (!config) return rec.fail('orderer.signature', `block ${n}: no channel configuration to check orderer signatures against`, where);
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
  const policyOk = rec.add('orderer.policy', outcome.ok && signatures.length > 0, `block ${n}: ${signatures.length === 0 ? 'no orderer signature; ' : ''}${outcome.detail}`, where);
  return allOk && policyOk;
}

export function checkBlocks(ctx: Context): void {
  const { pkg } = ctx;
  for (const [i, b] of pkg.blocks.entries()) {
    const v = checkBlock(ctx, b, `blocks[${i}]`);
    if (v) ctx.blocks.set(v.decoded.header.number, v);
  }
  checkConfigSignatures(ctx);
}

/** One raw block: decoded, header in the chain, data hash, configuration, orderer signatures. */
export function checkBlock(ctx: Context, b: { number: string; raw: string }, field: string): VerifiedBlock | undefined {
  const { rec } = ctx;
  {
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
    const header = headerOf(ctx, n);
    let trusted = true;
    if (!header) trusted = rec.fail('block.decode', `block ${n}: the package has no header ${n} in its chain`, where);
    else if (!blockHeaderHash(header).equals(blockHeaderHash(decoded.header))) {
      const diff = !Buffer.from(header.previousHash).equals(Buffer.from(decoded.header.previousHash)) ? 'previous hash' : 'data hash';
      trusted = rec.fail('block.decode', `block ${n}: its header's ${diff} differs from header ${n} of the chain`, where);
    } else rec.pass('block.decode', `block ${n}: ${decoded.envelopes.length} transaction(s); header equals header ${n} of the chain`, where);

    const dataHash = blockDataHash(decoded.envelopes);
    if (dataHash.equals(Buffer.from(decoded.header.dataHash))) rec.pass('block.dataHash', `block ${n}: SHA-256 over its ${decoded.envelopes.length} envelope(s) = ${short(dataHash.toString('hex'))}, as in its header`, where);
    else trusted = rec.fail('block.dataHash', `block ${n}: recomputed data hash ${short(dataHash.toString('hex'))} differs from the header's ${short(hex(decoded.header.dataHash))}`, where);

    const sigs = rec.guard('block.config', where, () => decodeBlockSignatures(decoded, `block ${n}`));
    if (!sigs) {
      trusted = false;
    } else {
      const filter = transactionFilter(decoded);
      if (sigs.lastConfig !== ctx.configNumber) {
        trusted = rec.fail('block.config', `block ${n} was cut under configuration block ${sigs.lastConfig}, but the package carries configuration block ${ctx.configNumber ?? '?'}`, where);
      } else if (filter.length !== decoded.envelopes.length) {
        trusted = rec.fail('block.config', `block ${n} has ${filter.length} validation flags for ${decoded.envelopes.length} transactions`, where);
      } else {
        rec.pass('block.config', `block ${n}: its orderer-signed metadata names configuration block ${sigs.lastConfig}, the one in the package`, where);
      }
      if (!checkOrdererSignatures(ctx, decoded, sigs)) trusted = false;
    }
    return { decoded, trusted };
  }
}

function checkConfigSignatures(ctx: Context): void {
  const { pkg } = ctx;
  // A configuration block after the genesis block is itself signed by the orderers.
  if (ctx.configNumber !== undefined && ctx.configNumber > 0n && !ctx.blocks.has(ctx.configNumber)) {
    ctx.rec.guard('orderer.signature', { blockNumber: String(ctx.configNumber) }, () => {
      const decoded = decodeBlock(fromBase64Strict(pkg.configBlock.raw, 'configBlock.raw'), 'configuration block');
      const sigs = decodeBlockSignatures(decoded, `configuration block ${ctx.configNumber}`);
      checkOrdererSignatures(ctx, decoded, sigs);
    });
  }
}

/** Every header is covered: the newest one is the header of a fully verified, orderer-signed block. */
export function checkChainAnchored(ctx: Context): void {
  const { rec, headers } = ctx;
  if (!headers || headers.length === 0) return void rec.fail('chain.anchored', 'no header chain to anchor');
  const newest = BigInt(headers.length - 1);
  ctx.facts.newestBlock = String(newest);
  const block = ctx.blocks.get(newest);
  if (block?.trusted) {
    rec.pass('chain.anchored', `the newest header (${newest}) is that of block ${newest}, whose orderer signatures verified: through the previous-hash links it fixes headers 0..${newest}`, { blockNumber: String(newest) });
  } else {
    rec.fail('chain.anchored', block
      ? `block ${newest}, whose header is the newest of the chain, did not verify: headers 0..${newest} are not covered by an orderer signature`
      : `the newest header (${newest}) belongs to no block in the package: headers up to it are covered by no orderer signature`, { blockNumber: String(newest) });
  }
}
