// Tampering: one changed byte or field anywhere that matters in a valid
// package (or in a document given with it) must make verification against the
// court's trust bundle fail: the records, statements, transactions, blocks,
// every configuration block from the genesis block on, the as-of block, the
// attestations' envelopes and the chaincode definition blocks. A
// property-based test draws the change; named tests show which check catches
// the attacks that fix up hashes on the way.
import { common, peer } from '@hyperledger/fabric-protos';
import fc from 'fast-check';
import { createHash } from 'node:crypto';
import type { EvidencePackage } from '../../../evidence/format';
import { ENDORSEMENT_POLICY, verifyPackageWith } from '../../../evidence/verify';
import type { ChannelConfig, ConfigGroupNode } from '../../../evidence/verify/config';
import { decodeBlock, decodeEndorsedAction, decodeEnvelope } from '../../../evidence/verify/decode';
import { validateIdentity } from '../../../evidence/verify/msp';
import { evaluatePolicyPath } from '../../../evidence/verify/policy';
import { blockLayout, documentFile, inRanges, loadPackage, PACKAGES, TRUST, verify, wireFields, type Range } from './support';

// A longer hunt (TAMPER_RUNS) gets about 100 ms per run.
jest.setTimeout(Math.max(120_000, Number(process.env.TAMPER_RUNS ?? 0) * 100));

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Path = (string | number)[];

/** Paths to every leaf (and every empty array or object) of a JSON value. */
function leaves(v: Json, path: Path = [], out: Path[] = []): Path[] {
  if (Array.isArray(v)) {
    if (v.length === 0) out.push(path);
    v.forEach((x, i) => leaves(x, [...path, i], out));
  } else if (v !== null && typeof v === 'object') {
    const keys = Object.keys(v);
    if (keys.length === 0) out.push(path);
    for (const k of keys) leaves(v[k]!, [...path, k], out);
  } else {
    out.push(path);
  }
  return out;
}

/** A different value of the same kind (or a different kind for null and empty containers). */
function changed(v: Json, x: number): Json {
  if (typeof v === 'string') {
    if (v.length === 0) return 'x';
    const at = x % v.length;
    const code = v.charCodeAt(at);
    const next = code >= 0x20 && code < 0x7f ? 0x20 + ((code - 0x20 + 1 + (x % 90)) % 95) : code ^ 1;
    return v.slice(0, at) + String.fromCharCode(next) + v.slice(at + 1);
  }
  if (typeof v === 'number') return v + 1 + (x % 5);
  if (typeof v === 'boolean') return !v;
  if (v === null) return x % 2 ? 0 : 'null';
  if (Array.isArray(v)) return [0];
  return { x: 1 };
}

function setAt(root: Json, path: Path, value: Json): Json {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  const copy = (Array.isArray(root) ? [...root] : { ...(root as object) }) as Record<string | number, Json>;
  copy[head!] = setAt(copy[head!]!, rest, value);
  return copy as Json;
}

const getAt = (root: Json, path: Path): Json => path.reduce<Json>((v, k) => (v as Record<string | number, Json>)[k]!, root);

const hexDigitChanged = (s: string, x: number) => {
  if (s.length === 0) return '00';
  const at = x % s.length;
  const digit = ((parseInt(s[at]!, 16) + 1 + (x % 15)) % 16).toString(16);
  return s.slice(0, at) + digit + s.slice(at + 1);
};

type BlockField = 'blocks' | 'configBlocks' | 'definitionBlock' | 'validationInfoBlock';

interface RawBlock {
  /** Where the block sits in the package: pkg.blocks[index], pkg.configBlocks[index], or the definition blocks. */
  field: BlockField;
  index: number;
  raw: Buffer;
  /** Positions whose change matters: everything but the unsigned peer-local bytes. */
  positions: number[];
  signatures: Range[];
  certificates: Range[];
}

interface Fixture {
  name: string;
  pkg: EvidencePackage;
  text: string;
  blocks: RawBlock[];
  /** The attestation envelopes, decoded from base64 (an unsigned envelope: every byte is covered by the peer's endorsement or the proposal hash). */
  attestations: Buffer[];
  recordLeaves: Path[];
  documents: { name: string; bytes: Uint8Array }[];
}

/**
 * The genesis block's metadata: nobody signs the genesis block (the trust
 * bundle pins its header hash, which covers its data, not its metadata), and
 * nothing in it is used. Its entries' contents are unsigned bytes.
 */
function genesisMetadata(raw: Buffer): Range[] {
  const metadata = wireFields(raw).find((f) => f.field === 3)!;
  return wireFields(raw, metadata.start, metadata.end)
    .map((e): Range => [e.start, e.end])
    .filter(([a, b]) => b > a);
}

function fixture(name: string): Fixture {
  const pkg = loadPackage(name);
  const raws: { field: BlockField; index: number; b: { number: string; raw: string }; txId?: string }[] = [
    ...pkg.blocks.map((b, index) => ({ field: 'blocks' as const, index, b })),
    ...pkg.configBlocks.map((b, index) => ({ field: 'configBlocks' as const, index, b })),
    { field: 'definitionBlock', index: 0, b: pkg.definitionBlock, txId: pkg.definitionBlock.txId },
    ...(pkg.validationInfoBlock ? [{ field: 'validationInfoBlock' as const, index: 0, b: pkg.validationInfoBlock, txId: pkg.validationInfoBlock.txId }] : []),
  ];
  const blocks = raws.map(({ field, index, b, txId }): RawBlock => {
    const raw = Buffer.from(b.raw, 'base64');
    const packaged =
      field === 'configBlocks'
        ? [0]
        : txId
          ? [decodeBlock(raw, 'definition').envelopes.findIndex((e) => decodeEnvelope(e, 'tx').channelHeader.txId === txId)]
          : pkg.transactions.filter((t) => t.blockNumber === b.number).map((t) => t.txIndex);
    const layout = blockLayout(raw, packaged);
    const unsigned = field === 'configBlocks' && index === 0 ? [...layout.unsigned, ...genesisMetadata(raw)] : layout.unsigned;
    const positions: number[] = [];
    for (let p = 0; p < raw.length; p++) if (!inRanges(p, unsigned)) positions.push(p);
    return { field, index, raw, positions, signatures: layout.signatures, certificates: layout.certificates };
  });
  // Record entries no statement can back: the query's own txId (records.<section>.txId), not on the ledger.
  const recordLeaves = leaves(pkg.records as Json).filter((p) => !(p.length === 2 && p[1] === 'txId'));
  const documents = (
    name === 'dispute.json'
      ? ['contract-document.txt', 'contract-amendment.txt', 'lawyer-letter.txt', 'mediation-agreement.txt']
      : ['contract-document.txt', 'contract-amendment.txt']
  ).map(documentFile);
  const attestations = pkg.attestations.map((a) => Buffer.from(a.envelope, 'base64'));
  return { name, pkg, text: JSON.stringify(pkg), blocks, attestations, recordLeaves, documents };
}

const FIXTURES = PACKAGES.map(fixture);

const KINDS = [
  'statement.value',
  'statement.field',
  'block.byte',
  'block.byte',
  'config.byte',
  'config.byte',
  'definition.byte',
  'signature.byte',
  'certificate.byte',
  'attestation.byte',
  'attestation.byte',
  'attestation.field',
  'asOf.field',
  'definition.field',
  'transaction.field',
  'document.field',
  'top.field',
  'records.leaf',
  'remove',
  'document.bytes',
] as const;
type Kind = (typeof KINDS)[number];

interface Mutation {
  fixture: number;
  kind: Kind;
  i: number;
  j: number;
  k: number;
  x: number;
}

function withRaw(pkg: EvidencePackage, block: RawBlock, raw: Buffer): EvidencePackage {
  const b64 = raw.toString('base64');
  switch (block.field) {
    case 'definitionBlock':
      return { ...pkg, definitionBlock: { ...pkg.definitionBlock, raw: b64 } };
    case 'validationInfoBlock':
      return { ...pkg, validationInfoBlock: { ...pkg.validationInfoBlock!, raw: b64 } };
    default:
      return { ...pkg, [block.field]: pkg[block.field].map((b, n) => (n === block.index ? { ...b, raw: b64 } : b)) };
  }
}

function flip(bytes: Buffer, position: number, x: number): Buffer {
  const raw = Buffer.from(bytes);
  raw[position] = raw[position]! ^ (1 + (x % 255));
  return raw;
}

const label = (b: RawBlock) => (b.field === 'blocks' || b.field === 'configBlocks' ? `${b.field}[${b.index}]` : b.field);

/** The package and documents after one change (unchanged parts are shared, never modified). */
// eslint-disable-next-line complexity -- the tamper test's table of mutations: one case per way a package is altered
function mutate(f: Fixture, m: Mutation): { pkg: EvidencePackage; documents: { name: string; bytes: Uint8Array }[]; what: string } {
  const { pkg } = f;
  const pick = <T>(list: readonly T[], n: number): T => list[n % list.length]!;
  switch (m.kind) {
    case 'statement.value': {
      const si = m.i % pkg.statements.length;
      const s = pkg.statements[si]!;
      const path = pick(leaves(s.value as Json), m.j);
      const value = setAt(s.value as Json, path, changed(getAt(s.value as Json, path), m.x));
      return {
        pkg: { ...pkg, statements: pkg.statements.map((x, n) => (n === si ? { ...x, value } : x)) },
        documents: [],
        what: `statements[${si}].value.${path.join('.')}`,
      };
    }
    case 'statement.field': {
      const si = m.i % pkg.statements.length;
      const field = pick(['key', 'recordType', 'recordId', 'txId'] as const, m.j);
      const old = pkg.statements[si]![field];
      const value = field === 'txId' ? hexDigitChanged(old, m.x) : (changed(old, m.x) as string);
      return {
        pkg: { ...pkg, statements: pkg.statements.map((x, n) => (n === si ? { ...x, [field]: value } : x)) },
        documents: [],
        what: `statements[${si}].${field}`,
      };
    }
    case 'block.byte':
    case 'config.byte':
    case 'definition.byte': {
      const field = m.kind === 'block.byte' ? ['blocks'] : m.kind === 'config.byte' ? ['configBlocks'] : ['definitionBlock', 'validationInfoBlock'];
      const block = pick(
        f.blocks.filter((b) => field.includes(b.field)),
        m.i,
      );
      const position = pick(block.positions, m.j * 7919 + m.k);
      return { pkg: withRaw(pkg, block, flip(block.raw, position, m.x)), documents: [], what: `${label(block)} byte ${position}` };
    }
    case 'signature.byte':
    case 'certificate.byte': {
      const candidates = f.blocks.filter((b) => (m.kind === 'signature.byte' ? b.signatures : b.certificates).length > 0);
      const block = pick(candidates, m.i);
      const [start, end] = pick(m.kind === 'signature.byte' ? block.signatures : block.certificates, m.j);
      const position = start + (m.k % (end - start));
      return { pkg: withRaw(pkg, block, flip(block.raw, position, m.x)), documents: [], what: `${m.kind} in ${label(block)} at ${position}` };
    }
    case 'attestation.byte': {
      const ai = m.i % f.attestations.length;
      const envelope = f.attestations[ai]!;
      const position = (m.j * 7919 + m.k) % envelope.length;
      const attestations = pkg.attestations.map((a, n) => (n === ai ? { ...a, envelope: flip(envelope, position, m.x).toString('base64') } : a));
      return { pkg: { ...pkg, attestations }, documents: [], what: `attestations[${ai}] byte ${position}` };
    }
    case 'attestation.field': {
      const ai = m.i % pkg.attestations.length;
      const a = pkg.attestations[ai]!;
      const mspId =
        m.x % 2
          ? pick(
              pkg.attestations.filter((o) => o.mspId !== a.mspId),
              m.j,
            ).mspId
          : (changed(a.mspId, m.x) as string);
      return {
        pkg: { ...pkg, attestations: pkg.attestations.map((o, n) => (n === ai ? { ...o, mspId } : o)) },
        documents: [],
        what: `attestations[${ai}].mspId ${mspId}`,
      };
    }
    case 'asOf.field': {
      const n = BigInt(pkg.asOf.blockNumber);
      const blockNumber = pick(
        [String(n + 1n + BigInt(m.x % 5)), String(n - 1n - BigInt(m.x % 5)), pick(pkg.blocks, m.i).number, pick(pkg.configBlocks, m.i).number, '0'],
        m.j,
      );
      return { pkg: { ...pkg, asOf: { blockNumber } }, documents: [], what: `asOf.blockNumber ${blockNumber}` };
    }
    case 'definition.field': {
      const key = pick(pkg.validationInfoBlock ? (['definitionBlock', 'validationInfoBlock'] as const) : (['definitionBlock'] as const), m.i);
      const d = pkg[key]!;
      const field = pick(['number', 'txId'] as const, m.j);
      const value = field === 'txId' ? hexDigitChanged(d.txId, m.x) : String(Number(d.number) + (m.x % 2 ? 1 : -1));
      return { pkg: { ...pkg, [key]: { ...d, [field]: value } }, documents: [], what: `${key}.${field}` };
    }
    case 'transaction.field': {
      const ti = m.i % pkg.transactions.length;
      const t = pkg.transactions[ti]!;
      const field = pick(['txId', 'blockNumber', 'txIndex', 'validationCode'] as const, m.j);
      const value =
        field === 'txId'
          ? hexDigitChanged(t.txId, m.x)
          : field === 'blockNumber'
            ? String(Number(t.blockNumber) + (m.x % 2 ? 1 : -1))
            : field === 'txIndex'
              ? t.txIndex + 1 + (m.x % 3)
              : pick(['MVCC_READ_CONFLICT', 'ENDORSEMENT_POLICY_FAILURE', 'valid', 'NOT_VALIDATED'], m.x);
      return {
        pkg: { ...pkg, transactions: pkg.transactions.map((x, n) => (n === ti ? { ...x, [field]: value } : x)) },
        documents: [],
        what: `transactions[${ti}].${field}`,
      };
    }
    case 'document.field': {
      const di = m.i % pkg.documents.length;
      const d = pkg.documents[di]!;
      const field = pick(['sha256', 'recordType', 'recordId', 'txId'] as const, m.j);
      const value = field === 'sha256' || field === 'txId' ? hexDigitChanged(d[field], m.x) : (changed(d[field], m.x) as string);
      return {
        pkg: { ...pkg, documents: pkg.documents.map((x, n) => (n === di ? { ...x, [field]: value } : x)) },
        documents: [],
        what: `documents[${di}].${field}`,
      };
    }
    case 'top.field': {
      const field = pick(['format', 'kind', 'subject', 'channel', 'chaincode', 'configBlocks.number', 'blocks.number'] as const, m.j);
      if (field === 'kind') return { pkg: { ...pkg, kind: pkg.kind === 'dispute' ? 'contract' : 'dispute' }, documents: [], what: 'kind' };
      if (field === 'configBlocks.number' || field === 'blocks.number') {
        const list = field === 'blocks.number' ? 'blocks' : 'configBlocks';
        const bi = m.i % pkg[list].length;
        const moved = (n: string) => String(Number(n) + (m.x % 2 || n === '0' ? 1 : -1));
        return {
          pkg: { ...pkg, [list]: pkg[list].map((b, n) => (n === bi ? { ...b, number: moved(b.number) } : b)) },
          documents: [],
          what: `${list}[${bi}].number`,
        };
      }
      return { pkg: { ...pkg, [field]: changed(pkg[field], m.x) }, documents: [], what: field };
    }
    case 'records.leaf': {
      const path = pick(f.recordLeaves, m.i * 31 + m.j);
      const records = setAt(pkg.records as Json, path, changed(getAt(pkg.records as Json, path), m.x)) as Record<string, unknown>;
      return { pkg: { ...pkg, records }, documents: [], what: `records.${path.join('.')}` };
    }
    case 'remove': {
      // Attestations are left out of this: 3 of 4 still make a majority (see attestations.test.ts for 2 of 4).
      const field = pick(['statements', 'documents', 'transactions', 'blocks', 'configBlocks'] as const, m.j);
      const list = pkg[field] as unknown[];
      const at = m.i % list.length;
      return { pkg: { ...pkg, [field]: list.filter((_, n) => n !== at) }, documents: [], what: `${field}[${at}] removed` };
    }
    case 'document.bytes': {
      const doc = pick(f.documents, m.i);
      const bytes = Uint8Array.from(doc.bytes);
      const at = m.k % bytes.length;
      bytes[at] = bytes[at]! ^ (1 + (m.x % 255));
      return { pkg, documents: [{ name: doc.name, bytes }], what: `byte ${at} of ${doc.name}` };
    }
  }
}

const mutation = fc.record({
  fixture: fc.nat({ max: FIXTURES.length - 1 }),
  kind: fc.constantFrom(...KINDS),
  i: fc.nat(),
  j: fc.nat(),
  k: fc.nat(),
  x: fc.nat(),
});

describe('tampering with a valid package', () => {
  it('the fixtures verify against the trust bundle, with and without their documents, and are not modified by verification', () => {
    for (const f of FIXTURES) {
      expect(verify(f.pkg, { documents: f.documents }).ok).toBe(true);
      expect(verify(f.pkg).ok).toBe(true);
      expect(JSON.stringify(f.pkg)).toBe(f.text);
      // The config blocks span real updates; four orgs attested.
      expect(f.blocks.filter((b) => b.field === 'configBlocks').length).toBeGreaterThanOrEqual(3);
      expect(f.attestations).toHaveLength(4);
    }
  });

  it('rejects any single change of a byte or field that matters (property-based)', () => {
    const seen: Record<string, number> = {};
    fc.assert(
      fc.property(mutation, (m) => {
        const f = FIXTURES[m.fixture]!;
        const { pkg, documents, what } = mutate(f, m);
        // A change that leaves the package (and the documents) as they were is no tampering.
        fc.pre(documents.length > 0 || JSON.stringify(pkg) !== f.text);
        const result = verify(pkg, { documents });
        seen[m.kind] = (seen[m.kind] ?? 0) + 1;
        if (result.ok) throw new Error(`accepted after changing ${what} in ${f.name}`);
        expect(result.firstFailure).toBeDefined();
        expect(result.firstFailure!.ok).toBe(false);
        expect(result.firstFailure!.detail.length).toBeGreaterThan(10);
        if (m.kind === 'document.bytes') expect(result.firstFailure!.id).toBe('document.match');
      }),
      // TAMPER_RUNS=20000 for a longer hunt; 1,000 keeps the file under a minute.
      { numRuns: Number(process.env.TAMPER_RUNS ?? 1_000) },
    );
    // Every kind of change was drawn.
    expect(Object.keys(seen).sort()).toEqual([...new Set(KINDS)].sort());
  });
});

/** Re-serializes a block after changing one of its endorser transactions. */
function rewriteTransaction(raw: Buffer, txIndex: number, change: (cap: peer.ChaincodeActionPayload) => void): Buffer {
  const block = common.Block.deserializeBinary(raw);
  const data = block.getData()!.getDataList_asU8();
  const env = common.Envelope.deserializeBinary(data[txIndex]!);
  const payload = common.Payload.deserializeBinary(env.getPayload_asU8());
  const tx = peer.Transaction.deserializeBinary(payload.getData_asU8());
  const action = tx.getActionsList()[0]!;
  const cap = peer.ChaincodeActionPayload.deserializeBinary(action.getPayload_asU8());
  change(cap);
  action.setPayload(cap.serializeBinary());
  payload.setData(tx.serializeBinary());
  env.setPayload(payload.serializeBinary());
  block.getData()!.setDataList(data.map((d, i) => (i === txIndex ? env.serializeBinary() : d)));
  return Buffer.from(block.serializeBinary());
}

describe('endorsements stripped to 2 of the 4 orgs', () => {
  const pkg = loadPackage('dispute.json');
  const tx = pkg.transactions[0]!;

  it('is rejected: the re-serialized block breaks its data hash, and the policy check names the transaction', () => {
    const bi = pkg.blocks.findIndex((b) => b.number === tx.blockNumber);
    const raw = rewriteTransaction(Buffer.from(pkg.blocks[bi]!.raw, 'base64'), tx.txIndex, (cap) => {
      const e = cap.getAction()!;
      e.setEndorsementsList(e.getEndorsementsList().slice(0, 2));
    });
    const tampered = { ...pkg, blocks: pkg.blocks.map((b, n) => (n === bi ? { ...b, raw: raw.toString('base64') } : b)) };
    const r = verify(tampered);
    expect(r.ok).toBe(false);
    expect(r.firstFailure).toMatchObject({ id: 'block.dataHash', blockNumber: tx.blockNumber });
    const policy = r.checks.find((c) => c.id === 'endorsement.policy' && c.txId === tx.txId)!;
    expect(policy).toMatchObject({ ok: false, blockNumber: tx.blockNumber });
    expect(policy.detail).toMatch(/\/Channel\/Application\/Endorsement = MAJORITY of Endorsement over 4 groups .*needs 3, met by 2/);
    // The creator signed the original payload, which no longer is this one.
    expect(r.checks.find((c) => c.id === 'tx.creator' && c.txId === tx.txId)?.ok).toBe(false);
  });

  it('is rejected by the policy alone when the endorsements themselves are genuine (policy evaluator)', () => {
    const block = decodeBlock(Buffer.from(pkg.blocks.find((b) => b.number === tx.blockNumber)!.raw, 'base64'), 'block');
    const action = decodeEndorsedAction(decodeEnvelope(block.envelopes[tx.txIndex]!, 'tx'), 'tx');
    let config: ChannelConfig | undefined;
    // The configuration the transaction's block was cut under (the hook sees each configuration, genesis first).
    const cutUnder = pkg.configBlocks.filter((b) => BigInt(b.number) <= BigInt(tx.blockNumber)).length;
    let seen = 0;
    verifyPackageWith(pkg, { trust: TRUST }, { config: (c) => (++seen === cutUnder ? (config = c) : c) });
    const peers = action.endorsements.map((e) => {
      const v = validateIdentity(e.endorser, config!.msps);
      if (!v.ok) throw new Error(v.reason);
      return v.identity;
    });
    const orgs = (ids: typeof peers) => new Set(ids.map((p) => p.mspId)).size;
    expect(orgs(peers)).toBe(3);
    expect(evaluatePolicyPath(config!, ENDORSEMENT_POLICY, peers).ok).toBe(true);
    for (const dropped of peers) {
      const two = peers.filter((p) => p !== dropped);
      expect(orgs(two)).toBe(2);
      const outcome = evaluatePolicyPath(config!, ENDORSEMENT_POLICY, two);
      expect(outcome).toMatchObject({ ok: false, satisfiedGroups: expect.not.arrayContaining([dropped.mspId]) });
      expect(outcome.detail).toMatch(/needs 3, met by 2/);
    }
  });

  it('fails only the endorsement policy check when the configuration requires all 4 orgs', () => {
    const requireAll = (c: ChannelConfig): ChannelConfig => {
      const app = c.root.groups.get('Application')!;
      const strict: ConfigGroupNode = {
        ...app,
        policies: new Map(app.policies).set('Endorsement', { type: 'implicitMeta', rule: 'ALL', subPolicy: 'Endorsement' }),
      };
      return { ...c, root: { ...c.root, groups: new Map(c.root.groups).set('Application', strict) } };
    };
    const r = verifyPackageWith(pkg, { trust: TRUST }, { config: requireAll });
    expect(r.ok).toBe(false);
    const failed = r.checks.filter((c) => !c.ok);
    expect(new Set(failed.map((c) => c.id))).toEqual(new Set(['endorsement.policy']));
    expect(failed).toHaveLength(pkg.transactions.length);
    expect(r.firstFailure).toMatchObject({ id: 'endorsement.policy', txId: pkg.transactions[0]!.txId, blockNumber: pkg.transactions[0]!.blockNumber });
    expect(r.firstFailure!.detail).toMatch(/ALL of Endorsement over 4 groups .*needs 4, met by 3/);
    // The same package passes under the real configuration.
    expect(verify(pkg).ok).toBe(true);
  });
});

describe('a forger who recomputes every hash', () => {
  it('is caught by the endorsement, creator and orderer signatures, and by the attested current value', () => {
    const pkg = loadPackage('dispute.json');
    const letter = pkg.statements.find((s) => s.recordType === 'letter')!;
    const tx = pkg.transactions.find((t) => t.txId === letter.txId)!;
    const bi = pkg.blocks.findIndex((b) => b.number === tx.blockNumber);
    // Rewrite the letter's channel in the ledger bytes, the statement and the records alike.
    const from = Buffer.from('"channel":"SMS"');
    const to = Buffer.from('"channel":"EMS"');
    const raw = Buffer.from(pkg.blocks[bi]!.raw, 'base64');
    let replaced = 0;
    for (let at = raw.indexOf(from); at >= 0; at = raw.indexOf(from, at + 1)) {
      to.copy(raw, at);
      replaced++;
    }
    expect(replaced).toBeGreaterThan(0);
    const forge = <T>(v: T): T => JSON.parse(JSON.stringify(v).replace(/"channel":"SMS"/g, '"channel":"EMS"')) as T;
    // Recompute the data hash (no hash chain links the packaged blocks any more: the orderers' signatures fix each one).
    const block = common.Block.deserializeBinary(raw);
    const dataHash = decodeBlock(raw, 'forged')
      .envelopes.reduce((h, e) => h.update(e), createHash('sha256'))
      .digest();
    block.getHeader()!.setDataHash(dataHash);
    const blocks = pkg.blocks.map((b, n) => (n === bi ? { ...b, raw: Buffer.from(block.serializeBinary()).toString('base64') } : b));
    const forged: EvidencePackage = { ...pkg, blocks, statements: forge(pkg.statements), records: forge(pkg.records) };
    const r = verify(forged);
    expect(r.ok).toBe(false);
    const failed = (id: string) => r.checks.filter((c) => c.id === id && !c.ok);
    // Hashes and statements all agree again...
    for (const id of ['block.dataHash', 'block.decode', 'block.config', 'statement.write', 'records.consistent', 'attestation.signature'])
      expect([id, failed(id)]).toEqual([id, []]);
    // ...but no key signed the forged bytes.
    expect(r.firstFailure).toMatchObject({ id: 'orderer.signature', blockNumber: tx.blockNumber });
    expect(failed('orderer.signature').map((c) => c.blockNumber)).toEqual([tx.blockNumber]);
    expect(failed('endorsement.signature').every((c) => c.txId === tx.txId)).toBe(true);
    expect(failed('endorsement.signature').length).toBeGreaterThanOrEqual(3);
    expect(failed('tx.creator').map((c) => c.txId)).toEqual([tx.txId]);
    // And the organisations attested the SHA-256 of the letter's real current value.
    expect(failed('completeness').length).toBeGreaterThan(0);
    expect(failed('completeness')[0]!.detail).toMatch(/the current value of "␀letter␀.*" is not the package's latest write of it/);
  });
});
