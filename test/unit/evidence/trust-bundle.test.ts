// The court's trust bundle: built from a real genesis block (the committed
// fixture package's configuration block 0), refused field by field when
// malformed, and fingerprinted stably.
import { common, msp } from '@hyperledger/fabric-protos';
import { createHash, X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { buildTrustBundle, parseTrustBundle, TRUST_BUNDLE_FORMAT, TrustBundleError, trustBundleHash, type TrustBundle } from '../../../evidence/trust/bundle';

// Read loosely (not through the package type), so the test holds across package
// format versions: block 0 is the package's configuration block (format 1) or
// the first of its configuration blocks (format 2).
interface RawBlock {
  number: string;
  raw: string;
}
const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'fixtures', 'evidence', 'dispute.json'), 'utf8')) as {
  configBlock?: RawBlock;
  configBlocks?: RawBlock[];
  blocks: RawBlock[];
  headers?: { number: string; previousHash: string }[];
};
const genesisEntry = [...(pkg.configBlocks ?? []), ...(pkg.configBlock ? [pkg.configBlock] : [])].find((b) => b.number === '0')!;
const genesis = Buffer.from(genesisEntry.raw, 'base64');
const meta = {
  issuer: 'District court',
  createdAt: '2026-11-27T12:00:00.000Z',
  orgNames: { CourtMSP: 'District court', HousingBureauMSP: 'Housing bureau', LawFirmAMSP: 'Law firm A', LawFirmBMSP: 'Law firm B' },
};
const bundle = () => buildTrustBundle(genesis, meta);
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** Root certificate PEMs per MSP ID, read straight from the block with the protos (not the verifier's decoder). */
function rootPems(): Map<string, string[]> {
  const block = common.Block.deserializeBinary(genesis);
  const payload = common.Payload.deserializeBinary(common.Envelope.deserializeBinary(block.getData()!.getDataList_asU8()[0]!).getPayload_asU8());
  const config = common.ConfigEnvelope.deserializeBinary(payload.getData_asU8()).getConfig()!;
  const out = new Map<string, string[]>();
  for (const section of ['Application', 'Orderer']) {
    config
      .getChannelGroup()!
      .getGroupsMap()
      .get(section)!
      .getGroupsMap()
      .forEach((g: common.ConfigGroup) => {
        const f = msp.FabricMSPConfig.deserializeBinary(msp.MSPConfig.deserializeBinary(g.getValuesMap().get('MSP')!.getValue_asU8()).getConfig_asU8());
        out.set(
          f.getName(),
          f.getRootCertsList_asU8().map((b) => Buffer.from(b).toString('utf8')),
        );
      });
  }
  return out;
}

describe('buildTrustBundle on the genesis block of the real network', () => {
  it('is block 0 of the fixture package', () => {
    expect(genesisEntry).toBeDefined();
    expect(common.Block.deserializeBinary(genesis).getHeader()!.getNumber()).toBe(0);
  });

  it('names the channel, the genesis header hash the next block links to, the issuer and the time', () => {
    const b = bundle();
    expect(b.format).toBe(TRUST_BUNDLE_FORMAT);
    expect(b.channel).toBe('notary');
    // Fabric's header hash of block 0: SHA-256 of DER SEQUENCE { INTEGER 0, OCTET STRING '', OCTET STRING dataHash }.
    const dataHash = Buffer.from(common.Block.deserializeBinary(genesis).getHeader()!.getDataHash_asU8());
    expect(dataHash).toHaveLength(32);
    const der = Buffer.concat([Buffer.from([0x30, 39, 0x02, 0x01, 0x00, 0x04, 0x00, 0x04, 32]), dataHash]);
    expect(b.genesisHeaderHash).toBe(sha256(der));
    // And, where the fixture has it, block 1 names it as its previous hash.
    const next =
      pkg.headers?.find((h) => h.number === '1')?.previousHash ??
      pkg.blocks
        .filter((x) => x.number === '1')
        .map((x) => Buffer.from(common.Block.deserializeBinary(Buffer.from(x.raw, 'base64')).getHeader()!.getPreviousHash_asU8()).toString('hex'))[0];
    if (next !== undefined) expect(b.genesisHeaderHash).toBe(next);
    expect(b.issuer).toBe('District court');
    expect(b.createdAt).toBe('2026-11-27T12:00:00.000Z');
  });

  it('lists every org of the application and orderer groups with its name and root CA fingerprints', () => {
    const b = bundle();
    expect(b.orgs.map((o) => [o.mspId, o.name, o.groups])).toEqual([
      ['CourtMSP', 'District court', ['Application', 'Orderer']],
      ['HousingBureauMSP', 'Housing bureau', ['Application', 'Orderer']],
      ['LawFirmAMSP', 'Law firm A', ['Application', 'Orderer']],
      ['LawFirmBMSP', 'Law firm B', ['Application']],
    ]);
    const pems = rootPems();
    for (const org of b.orgs) {
      expect(org.rootCertSha256).toEqual(pems.get(org.mspId)!.map((pem) => sha256(new X509Certificate(pem).raw)));
      expect(org.intermediateCertSha256).toEqual([]);
    }
    // Four independent CAs: four different roots.
    expect(new Set(b.orgs.flatMap((o) => o.rootCertSha256)).size).toBe(4);
  });

  it('names an org without a known name by its MSP ID, and defaults the time to now', () => {
    const before = Date.now();
    const b = buildTrustBundle(genesis, { issuer: 'District court' });
    expect(b.orgs.find((o) => o.mspId === 'LawFirmBMSP')!.name).toBe('LawFirmBMSP');
    expect(Date.parse(b.createdAt)).toBeGreaterThanOrEqual(before - 1);
  });

  it('refuses a block that is not a genesis configuration block', () => {
    const later = Buffer.from(pkg.blocks.find((x) => x.number !== '0')!.raw, 'base64');
    expect(() => buildTrustBundle(later, meta)).toThrow(/not a genesis block/);
    expect(() => buildTrustBundle(new Uint8Array([1, 2, 3]), meta)).toThrow();
  });

  it('what it builds passes the parser unchanged', () => {
    const b = bundle();
    expect(parseTrustBundle(JSON.parse(JSON.stringify(b)))).toEqual(b);
  });
});

describe('parseTrustBundle refuses malformed bundles, naming the field', () => {
  const good = (): Record<string, unknown> => JSON.parse(JSON.stringify(bundle())) as Record<string, unknown>;
  type Org = Record<string, unknown>;
  const cases: [string, (b: Record<string, unknown>) => unknown, string][] = [
    ['not an object', () => [], '$'],
    ['null', () => null, '$'],
    ['wrong format', (b) => ({ ...b, format: 'notary-trust-bundle/2' }), 'format'],
    ['missing format', ({ format: _f, ...b }) => b, 'format'],
    ['unknown top-level field', (b) => ({ ...b, trusted: true }), 'trusted'],
    ['channel not a string', (b) => ({ ...b, channel: 7 }), 'channel'],
    ['empty channel', (b) => ({ ...b, channel: '' }), 'channel'],
    ['missing genesis hash', ({ genesisHeaderHash: _g, ...b }) => b, 'genesisHeaderHash'],
    ['short genesis hash', (b) => ({ ...b, genesisHeaderHash: 'ab'.repeat(31) }), 'genesisHeaderHash'],
    ['upper-case genesis hash', (b) => ({ ...b, genesisHeaderHash: (b.genesisHeaderHash as string).toUpperCase() }), 'genesisHeaderHash'],
    ['base64 genesis hash', (b) => ({ ...b, genesisHeaderHash: Buffer.from(b.genesisHeaderHash as string, 'hex').toString('base64') }), 'genesisHeaderHash'],
    ['missing issuer', ({ issuer: _i, ...b }) => b, 'issuer'],
    ['blank issuer', (b) => ({ ...b, issuer: '  ' }), 'issuer'],
    ['time not UTC ISO 8601', (b) => ({ ...b, createdAt: '27/11/2026' }), 'createdAt'],
    ['impossible time', (b) => ({ ...b, createdAt: '2026-13-45T99:00:00Z' }), 'createdAt'],
    ['time as a number', (b) => ({ ...b, createdAt: 1764244800000 }), 'createdAt'],
    ['orgs not an array', (b) => ({ ...b, orgs: {} }), 'orgs'],
    ['no orgs', (b) => ({ ...b, orgs: [] }), 'orgs'],
    ['org not an object', (b) => ({ ...b, orgs: ['CourtMSP'] }), 'orgs[0]'],
    ['org without MSP ID', (b) => ({ ...b, orgs: (b.orgs as Org[]).map(({ mspId: _m, ...o }) => o) }), 'orgs[0].mspId'],
    ['org with unknown field', (b) => ({ ...b, orgs: (b.orgs as Org[]).map((o, i) => (i === 2 ? { ...o, tlsRoot: 'x' } : o)) }), 'orgs[2].tlsRoot'],
    ['org without name', (b) => ({ ...b, orgs: (b.orgs as Org[]).map((o, i) => (i === 1 ? { ...o, name: '' } : o)) }), 'orgs[1].name'],
    ['duplicate org', (b) => ({ ...b, orgs: [...(b.orgs as Org[]), (b.orgs as Org[])[0]] }), 'orgs[4].mspId'],
    ['unknown group', (b) => ({ ...b, orgs: (b.orgs as Org[]).map((o, i) => (i === 0 ? { ...o, groups: ['Consortiums'] } : o)) }), 'orgs[0].groups[0]'],
    ['no group', (b) => ({ ...b, orgs: (b.orgs as Org[]).map((o, i) => (i === 0 ? { ...o, groups: [] } : o)) }), 'orgs[0].groups'],
    ['no root', (b) => ({ ...b, orgs: (b.orgs as Org[]).map((o, i) => (i === 3 ? { ...o, rootCertSha256: [] } : o)) }), 'orgs[3].rootCertSha256'],
    [
      'root as a string',
      (b) => ({ ...b, orgs: (b.orgs as Org[]).map((o, i) => (i === 3 ? { ...o, rootCertSha256: (o.rootCertSha256 as string[])[0] } : o)) }),
      'orgs[3].rootCertSha256',
    ],
    [
      'malformed root digest',
      (b) => ({ ...b, orgs: (b.orgs as Org[]).map((o, i) => (i === 1 ? { ...o, rootCertSha256: ['zz'.repeat(32)] } : o)) }),
      'orgs[1].rootCertSha256[0]',
    ],
    [
      'duplicate root digest',
      (b) => ({
        ...b,
        orgs: (b.orgs as Org[]).map((o, i) => (i === 1 ? { ...o, rootCertSha256: [...(o.rootCertSha256 as string[]), ...(o.rootCertSha256 as string[])] } : o)),
      }),
      'orgs[1].rootCertSha256[1]',
    ],
    ['missing intermediates', (b) => ({ ...b, orgs: (b.orgs as Org[]).map(({ intermediateCertSha256: _x, ...o }) => o) }), 'orgs[0].intermediateCertSha256'],
    [
      'malformed intermediate digest',
      (b) => ({ ...b, orgs: (b.orgs as Org[]).map((o, i) => (i === 0 ? { ...o, intermediateCertSha256: [42] } : o)) }),
      'orgs[0].intermediateCertSha256[0]',
    ],
  ];

  it.each(cases)('%s', (_name, mutate, field) => {
    let error: unknown;
    try {
      parseTrustBundle(mutate(good()));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TrustBundleError);
    expect((error as TrustBundleError).field).toBe(field);
    expect((error as Error).message).toContain(`trust bundle: ${field}:`);
  });

  it('accepts intermediates and a time without milliseconds', () => {
    const b = good();
    (b.orgs as Org[])[0]!.intermediateCertSha256 = ['0'.repeat(64)];
    b.createdAt = '2026-11-27T12:00:00Z';
    expect(parseTrustBundle(b).orgs[0]!.intermediateCertSha256).toEqual(['0'.repeat(64)]);
  });
});

describe('trustBundleHash', () => {
  it('is the same for the same bundle, whatever the key order', () => {
    const b = bundle();
    const reordered = JSON.parse(
      JSON.stringify(b, Object.keys(b).reverse().concat(['mspId', 'name', 'groups', 'rootCertSha256', 'intermediateCertSha256'].reverse())),
    ) as TrustBundle;
    expect(JSON.stringify(reordered)).not.toBe(JSON.stringify(b));
    expect(trustBundleHash(reordered)).toBe(trustBundleHash(b));
    expect(trustBundleHash(bundle())).toBe(trustBundleHash(b));
    expect(trustBundleHash(b)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('is pinned (a change of the canonical form would break every published fingerprint)', () => {
    const literal: TrustBundle = {
      format: TRUST_BUNDLE_FORMAT,
      channel: 'notary',
      genesisHeaderHash: 'ab'.repeat(32),
      issuer: 'District court',
      createdAt: '2026-11-27T12:00:00.000Z',
      orgs: [
        { mspId: 'CourtMSP', name: 'District court', groups: ['Application', 'Orderer'], rootCertSha256: ['01'.repeat(32)], intermediateCertSha256: [] },
        { mspId: 'LawFirmBMSP', name: 'Law firm B', groups: ['Application'], rootCertSha256: ['02'.repeat(32)], intermediateCertSha256: ['03'.repeat(32)] },
      ],
    };
    expect(trustBundleHash(literal)).toBe('8eb1e1179157dc84a3b205721844f07920bc8f424aff9318d4a2ecaec1d8b443');
  });

  it('changes with any field', () => {
    const base = trustBundleHash(bundle());
    const b = bundle();
    expect(trustBundleHash({ ...b, issuer: 'Another court' })).not.toBe(base);
    expect(trustBundleHash({ ...b, createdAt: '2026-11-27T12:00:00.001Z' })).not.toBe(base);
    expect(trustBundleHash({ ...b, orgs: b.orgs.slice(1) })).not.toBe(base);
    const org0 = { ...b.orgs[0]!, rootCertSha256: ['0'.repeat(64)] };
    expect(trustBundleHash({ ...b, orgs: [org0, ...b.orgs.slice(1)] })).not.toBe(base);
  });
});
