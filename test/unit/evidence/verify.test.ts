// The offline verifier on the committed fixture packages (real blocks from the
// shared network, see scripts/make-evidence-fixtures.ts), checked against that
// network's trust bundle: every check passes, the configuration history spans
// real updates, documents are matched by their bytes, and the building blocks
// (header encoding, policy evaluation) behave as Fabric's.
import { common } from '@hyperledger/fabric-protos';
import { CHECK_IDS, CHECK_TITLES, CHECK_TITLES_ZH, ENDORSEMENT_POLICY, verifyPackage } from '../../../evidence/verify';
import { parseConfig, type ChannelConfig } from '../../../evidence/verify/config';
import { decodeBlock, decodeConfigEnvelope, decodeEndorsedAction, decodeEnvelope } from '../../../evidence/verify/decode';
import { blockHeaderBytes, blockHeaderHash } from '../../../evidence/verify/hashes';
import { validateIdentity, type Identity } from '../../../evidence/verify/msp';
import { evaluatePolicyPath } from '../../../evidence/verify/policy';
import { recordKey } from '../../../evidence/verify/statements';
import { compositeKey } from '../../../evidence/keys';
import { arrearsEventKey } from '../../../chaincode/src/domain';
import { trustBundleHash } from '../../../evidence/trust/bundle';
import { DOCUMENTS, documentFile, failedIds, loadPackage, PACKAGES, TRUST, verify } from './support';

const hexOf = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe.each(PACKAGES)('fixture %s', (name) => {
  const pkg = loadPackage(name);
  const result = verify(pkg);

  it('verifies with every check passing', () => {
    expect(result.checks.filter((c) => !c.ok)).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.firstFailure).toBeUndefined();
  });

  it('runs every kind of check (documents only when given)', () => {
    const kinds = new Set(result.checks.map((c) => c.id));
    expect(CHECK_IDS.filter((id) => !kinds.has(id))).toEqual(['document.match']);
    // One per block / transaction / statement / signature.
    const count = (id: string) => result.checks.filter((c) => c.id === id).length;
    // The packaged blocks and the chaincode definition's lifecycle block(s).
    expect(count('block.dataHash')).toBe(pkg.blocks.length + 1 + (pkg.validationInfoBlock ? 1 : 0));
    expect(count('block.config')).toBe(count('block.dataHash'));
    // Every configuration after the genesis block is one authorised update; the shared network has had several.
    expect(count('config.genesis')).toBe(1);
    expect(count('config.update')).toBe(pkg.configBlocks.length - 1);
    expect(pkg.configBlocks.length).toBeGreaterThanOrEqual(3);
    // Every block (packaged, definition, configuration update) is orderer-signed under its configuration.
    expect(count('orderer.policy')).toBe(count('block.dataHash') + pkg.configBlocks.length - 1);
    expect(count('attestation.signature')).toBe(pkg.attestations.length);
    expect(pkg.attestations.map((a) => a.mspId).sort()).toEqual(['CourtMSP', 'HousingBureauMSP', 'LawFirmAMSP', 'LawFirmBMSP']);
    for (const id of ['trust.anchor', 'attestation.quorum', 'completeness', 'definition.policy', 'records.consistent'])
      expect([id, count(id)]).toEqual([id, 1]);
    expect(count('tx.creator')).toBe(pkg.transactions.length);
    expect(count('endorsement.policy')).toBe(pkg.transactions.length);
    expect(count('statement.write')).toBe(pkg.statements.length);
    expect(count('endorsement.signature')).toBeGreaterThanOrEqual(3 * pkg.transactions.length);
  });

  it('names the block and transaction of every per-transaction check', () => {
    for (const c of result.checks.filter((x) => x.id.startsWith('tx.') || x.id.startsWith('endorsement.'))) {
      expect(c.txId).toMatch(/^[0-9a-f]{64}$/);
      expect(pkg.transactions.find((t) => t.txId === c.txId)?.blockNumber).toBe(c.blockNumber);
    }
  });

  it('reports the facts a judge needs', () => {
    const f = result.facts;
    const newestConfig = pkg.configBlocks[pkg.configBlocks.length - 1]!;
    expect(f).toMatchObject({ kind: pkg.kind, subject: pkg.subject, channel: 'notary', chaincode: 'notary', configBlock: { number: newestConfig.number } });
    expect(f.orgs.map((o) => o.mspId).sort()).toEqual(['CourtMSP', 'HousingBureauMSP', 'LawFirmAMSP', 'LawFirmBMSP']);
    expect(f.policies).toMatchObject({ endorsement: 'ImplicitMeta MAJORITY Endorsement', blockValidation: 'ImplicitMeta ANY Writers', definitionProven: true });
    expect(f.policies.definition).toMatch(
      /^chaincode notary sequence \d+, committed in block \d+: validation vscc, endorsement policy \/Channel\/Application\/Endorsement$/,
    );
    // Tied to the court's bundle: the genesis header hash and every root CA are the bundle's.
    expect(f.trust).toEqual({ issuer: TRUST.issuer, bundleHash: trustBundleHash(TRUST), genesisHeaderHash: TRUST.genesisHeaderHash, anchored: true });
    expect(f.trustAnchors?.genesisBlockHeaderHash).toBe(TRUST.genesisHeaderHash);
    expect(f.trustAnchors?.rootCertificates).toHaveLength(4);
    for (const r of f.trustAnchors!.rootCertificates) expect(TRUST.orgs.find((o) => o.mspId === r.mspId)?.rootCertSha256).toContain(r.sha256);
    // The configuration history, genesis first, each update with its signers and what it changed.
    expect(f.configHistory.map((c) => c.number)).toEqual(pkg.configBlocks.map((b) => b.number));
    expect(f.configHistory[0]).toEqual({ number: '0', sequence: expect.any(String), signers: [], changes: ['genesis'] });
    f.configHistory.slice(1).forEach((c, i) => {
      expect(BigInt(c.sequence)).toBe(BigInt(f.configHistory[i]!.sequence) + 1n);
      expect(c.signers.length).toBeGreaterThan(0);
      expect(c.changes.length).toBeGreaterThan(0);
    });
    // The shared network's updates change the orderer's batch timeout.
    expect(f.configHistory.slice(1).some((c) => c.changes.some((x) => /BatchTimeout/.test(x)))).toBe(true);
    // Complete as of the as-of block, attested by every organisation.
    expect(f.asOf?.blockNumber).toBe(pkg.asOf.blockNumber);
    expect([...f.asOf!.attestingOrgs].sort()).toEqual(['CourtMSP', 'HousingBureauMSP', 'LawFirmAMSP', 'LawFirmBMSP']);
    expect(Date.parse(f.asOf!.attestedAt!)).toBeGreaterThanOrEqual(Math.max(...f.transactions.map((t) => Date.parse(t.timestamp))));
    expect(f.transactions).toHaveLength(pkg.transactions.length);
    for (const t of f.transactions) {
      expect(t.validationCode).toBe('VALID');
      expect(t.endorsingOrgs.length).toBeGreaterThanOrEqual(3);
      expect(t.endorsers.every((e) => e.roles.includes('peer'))).toBe(true);
      expect(t.creator?.roles).toEqual(['client']);
      expect(Date.parse(t.timestamp)).not.toBeNaN();
    }
    expect(f.transactions[0]).toMatchObject({
      function: 'Contracts:Register',
      creator: { commonName: 'company1', mspId: 'HousingBureauMSP', attributes: { role: 'property-company' } },
    });
    for (const b of f.blocks) expect(b.signers[0]?.roles).toEqual(['orderer']);
  });

  it('is not verified evidence without a trust bundle, however consistent (UNANCHORED)', () => {
    const r = verifyPackage(pkg);
    expect(r.ok).toBe(false);
    expect(failedIds(r)).toEqual(['trust.anchor']);
    expect(r.firstFailure).toMatchObject({ id: 'trust.anchor' });
    expect(r.firstFailure!.detail).toMatch(/^UNANCHORED: no trust bundle was given/);
    expect(r.facts.trust).toBeUndefined();
  });
});

describe('the dispute fixture', () => {
  const pkg = loadPackage('dispute.json');

  it('holds letters, receipts, mediation and a risk warning, signed by who did them', () => {
    const fns = verify(pkg).facts.transactions.map((t) => `${t.function} by ${t.creator?.commonName}@${t.creator?.mspId}`);
    expect(fns).toEqual(
      expect.arrayContaining([
        'Disputes:Open by company1@HousingBureauMSP',
        'Letters:Send by lawyer1@LawFirmAMSP',
        'Letters:Receipt by lawyer1@LawFirmAMSP',
        'Disputes:Transition by judge1@CourtMSP',
        'Disputes:Transition by mediator1@CourtMSP',
        'Arrears:EvaluateRisk by regulator1@HousingBureauMSP',
      ]),
    );
    const types = new Set(pkg.statements.map((s) => s.recordType));
    expect([...types].sort()).toEqual([
      'arrearsEvent',
      'contract',
      'contractVersion',
      'dispute',
      'disputeTransition',
      'documentAnchor',
      'letter',
      'receipt',
      'riskWarning',
    ]);
  });

  it('matches each document file given with the right bytes, naming who anchored it and when', () => {
    const docs = ['contract-document.txt', 'lawyer-letter.txt', 'mediation-agreement.txt'].map(documentFile);
    const r = verify(pkg, { documents: docs });
    expect(r.ok).toBe(true);
    const matches = r.checks.filter((c) => c.id === 'document.match');
    expect(matches).toHaveLength(3);
    expect(matches[0]!.detail).toMatch(
      /contract-document\.txt .*anchored by contract HT-FIX-[0-9a-f]+@1 in transaction .* \(block \d+\) at 20\d\d-.* by company1 \(client, .*role=property-company\) of HousingBureauMSP/,
    );
    expect(matches[1]!.detail).toMatch(/lawyer-letter\.txt .*by lawyer1 \(client, role=lawyer\) of LawFirmAMSP/);
    expect(matches[2]!.detail).toMatch(
      /mediation-agreement\.txt .*disputeTransition D-FIX-[0-9a-f]+#\d+ .* by mediator1 \(client, role=mediator\) of CourtMSP/,
    );
    expect(r.facts.providedDocuments.map((d) => d.matched)).toEqual([true, true, true]);
    expect(
      r.facts.documents
        .find((d) => d.file === 'lawyer-letter.txt')
        ?.anchors.map((a) => a.recordType)
        .sort(),
    ).toEqual(['disputeTransition', 'letter']);
  });

  it('rejects a document with one byte changed, naming the document check', () => {
    const good = documentFile('lawyer-letter.txt');
    const bytes = Uint8Array.from(good.bytes);
    bytes[10] = bytes[10]! ^ 0x01;
    const r = verify(pkg, { documents: [{ name: 'lawyer-letter.txt', bytes }] });
    expect(r.ok).toBe(false);
    expect(r.firstFailure).toMatchObject({ id: 'document.match', ok: false });
    expect(r.firstFailure!.detail).toMatch(/lawyer-letter\.txt .*matches no document the package anchors/);
    expect(r.checks.filter((c) => !c.ok)).toHaveLength(1);
  });

  it('backs every arrears entry with a statement, and refuses one that no statement backs (records.consistent)', () => {
    const records = pkg.records as { arrears: Record<string, unknown>[] };
    expect(records.arrears.length).toBeGreaterThan(0);
    expect(records.arrears.every((e) => typeof e.txId === 'string')).toBe(true);
    expect(records.arrears).toHaveLength(pkg.statements.filter((s) => s.recordType === 'arrearsEvent').length);
    const genuine = records.arrears[0]!;
    const madeUp: Record<string, unknown> = { ...genuine, eventId: 'E-made-up', amountFen: 99_900 };
    // Without a transaction: no statement can back it.
    const { txId, ...withoutTx } = madeUp;
    void txId;
    for (const [entry, message] of [
      [withoutTx, /records\.arrears\[1\]\.txId: names no transaction: no statement backs this entry/],
      // With a genuine transaction of the package: still no arrearsEvent statement of that event.
      [madeUp, /records\.arrears\[1\]/],
    ] as const) {
      const r = verify({ ...pkg, records: { ...pkg.records, arrears: [...records.arrears, entry] } });
      expect(r.ok).toBe(false);
      expect(failedIds(r)).toEqual(['records.consistent']);
      expect(r.firstFailure).toMatchObject({ id: 'records.consistent' });
      expect(r.firstFailure!.detail).toMatch(message);
    }
  });
});

describe('the contract fixture', () => {
  it('matches its contract document and rejects the dispute-only ones', () => {
    const pkg = loadPackage('contract.json');
    expect(verify(pkg, { documents: ['contract-document.txt', 'contract-amendment.txt'].map(documentFile) }).ok).toBe(true);
    const r = verify(pkg, { documents: [documentFile('mediation-agreement.txt')] });
    expect(r.firstFailure?.id).toBe('document.match');
  });

  it('has every committed document anchored in the dispute package', () => {
    expect(DOCUMENTS).toEqual(['contract-amendment.txt', 'contract-document.txt', 'lawyer-letter.txt', 'mediation-agreement.txt']);
    expect(verify(loadPackage('dispute.json'), { documents: DOCUMENTS.map(documentFile) }).ok).toBe(true);
  });
});

describe('check titles', () => {
  it('has an English and a Chinese title for every check', () => {
    for (const id of CHECK_IDS) {
      expect(CHECK_TITLES[id]).toMatch(/^[A-Z]/);
      expect(CHECK_TITLES_ZH[id]).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(Object.keys(CHECK_TITLES_ZH).sort()).toEqual([...CHECK_IDS].sort());
  });
});

describe('block header hashing (protoutil.BlockHeaderBytes)', () => {
  it('is SHA-256 over DER SEQUENCE { INTEGER, OCTET STRING, OCTET STRING }', () => {
    const h = { number: 0n, previousHash: new Uint8Array(), dataHash: Buffer.alloc(32, 0xab) };
    expect(hexOf(blockHeaderBytes(h))).toBe(`3027020100040004 20${'ab'.repeat(32)}`.replace(/ /g, ''));
    expect(hexOf(blockHeaderBytes({ ...h, number: 128n })).slice(0, 12)).toBe('302802020080');
    expect(hexOf(blockHeaderBytes({ ...h, number: 2n ** 56n })).slice(0, 24)).toBe('302e02080100000000000000');
  });

  it("gives the trust bundle's genesis header hash for the fixtures' genesis block", () => {
    const pkg = loadPackage('contract.json');
    const genesis = decodeBlock(Buffer.from(pkg.configBlocks[0]!.raw, 'base64'), 'genesis');
    expect(genesis.header.number).toBe(0n);
    expect(blockHeaderHash(genesis.header).toString('hex')).toBe(TRUST.genesisHeaderHash);
    // The next configuration block is not the genesis block: a hash chain is no longer needed, but its header names a previous hash.
    expect(decodeBlock(Buffer.from(pkg.configBlocks[1]!.raw, 'base64'), 'config').header.previousHash).toHaveLength(32);
  });
});

describe('record keys', () => {
  it("derives each record type's world-state key, arrears events from their value", () => {
    const ref = recordKey('arrearsEvent', 'E-1', { contractId: 'HT-1', period: '2024-05', eventId: 'E-1' });
    expect(ref).toMatchObject({ key: compositeKey(arrearsEventKey('HT-1', '2024-05', 'E-1')), contractId: 'HT-1' });
    expect(recordKey('arrearsEvent', 'E-1', { contractId: 'HT-1', period: '2024-05', eventId: 'E-2' })).toMatch(/must name/);
    expect(recordKey('contractVersion', 'HT-1@01')).toMatch(/is not <contractId>@<version>/);
    expect(recordKey('riskWarning', 'P-1/abc')).toMatchObject({ projectId: 'P-1' });
    expect(recordKey('somethingElse', 'x')).toMatch(/unknown record type/);
  });
});

/** The fixture's channel configuration and the valid endorsers of one of its transactions. */
function endorsersOf(pkgName: string, txIndex: number): { config: ChannelConfig; peers: Identity[] } {
  const pkg = loadPackage(pkgName);
  const tx = pkg.transactions[txIndex]!;
  // The configuration the transaction's block was cut under: the newest configuration block at or before it.
  const configBlock = pkg.configBlocks.filter((b) => BigInt(b.number) <= BigInt(tx.blockNumber)).pop()!;
  const { config } = decodeConfigEnvelope(decodeBlock(Buffer.from(configBlock.raw, 'base64'), 'config'), 'config');
  const channel = parseConfig(config);
  const block = decodeBlock(Buffer.from(pkg.blocks.find((b) => b.number === tx.blockNumber)!.raw, 'base64'), 'block');
  const action = decodeEndorsedAction(decodeEnvelope(block.envelopes[tx.txIndex]!, 'tx'), 'tx');
  const peers = action.endorsements.map((e) => {
    const v = validateIdentity(e.endorser, channel.msps);
    if (!v.ok) throw new Error(v.reason);
    return v.identity;
  });
  return { config: channel, peers };
}

describe('policy evaluation', () => {
  it("needs a majority (3 of 4) of the orgs' peers for /Channel/Application/Endorsement", () => {
    const { config, peers } = endorsersOf('dispute.json', 0);
    expect(new Set(peers.map((p) => p.mspId)).size).toBe(3);
    expect(evaluatePolicyPath(config, ENDORSEMENT_POLICY, peers)).toMatchObject({ ok: true });
    const two = evaluatePolicyPath(config, ENDORSEMENT_POLICY, peers.slice(0, 2));
    expect(two.ok).toBe(false);
    expect(two.detail).toMatch(/MAJORITY of Endorsement over 4 groups .*needs 3, met by 2/);
    // The same endorser twice counts once.
    expect(evaluatePolicyPath(config, ENDORSEMENT_POLICY, [peers[0]!, peers[0]!, peers[1]!]).ok).toBe(false);
  });

  it("does not count a client or an orderer as a peer, and takes any org's orderer for BlockValidation", () => {
    const pkg = loadPackage('dispute.json');
    const { config, peers } = endorsersOf('dispute.json', 0);
    const block = decodeBlock(Buffer.from(pkg.blocks[0]!.raw, 'base64'), 'block');
    const creator = validateIdentity(decodeEnvelope(block.envelopes[0]!, 'tx').creator, config.msps);
    const sig = common.Metadata.deserializeBinary(block.metadata[0]!).getSignaturesList()[0]!;
    const orderer = validateIdentity(common.SignatureHeader.deserializeBinary(sig.getSignatureHeader_asU8()).getCreator_asU8(), config.msps);
    if (!creator.ok || !orderer.ok) throw new Error('fixture identities must be valid');
    expect(creator.identity.roles).toEqual(new Set(['client']));
    expect(orderer.identity.roles).toEqual(new Set(['orderer']));
    expect(evaluatePolicyPath(config, ENDORSEMENT_POLICY, [peers[0]!, peers[1]!, creator.identity, orderer.identity]).ok).toBe(false);
    expect(evaluatePolicyPath(config, '/Channel/Orderer/BlockValidation', [orderer.identity]).ok).toBe(true);
    // Writers of an orderer org = OR(admin, client, orderer): a client signature would also satisfy it, a peer's would not.
    expect(evaluatePolicyPath(config, '/Channel/Orderer/BlockValidation', peers.filter((p) => p.mspId !== 'LawFirmBMSP').slice(0, 1)).ok).toBe(false);
  });

  it('rejects an identity from an MSP the configuration does not know', () => {
    const { config, peers } = endorsersOf('contract.json', 0);
    const msps = new Map([...config.msps].filter(([id]) => id !== peers[0]!.mspId));
    const v = validateIdentity(peers[0]!.serialized, msps);
    expect(v).toMatchObject({ ok: false, reason: expect.stringMatching(/is not in the channel configuration/) });
  });
});
