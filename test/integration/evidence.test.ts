// Evidence packages against an independent client: the same blocks fetched
// with the real peer CLI and decoded by configtxlator must show the same
// block numbers, data hashes and transaction IDs as our package.
import { common } from '@hyperledger/fabric-protos';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EvidenceExporter } from '../../evidence/export';
import { verifyPackage } from '../../evidence/verify';
import { blockHeaderHashHex } from '../../evidence/blocks';
import type { TrustBundle } from '../../evidence/trust/bundle';
import { ensureTrustBundle } from '../../network/native/trust-bundle';
import { deployChaincode } from '../../network/native/chaincode';
import type { EvidencePackage } from '../../evidence/format';
import { Ledger } from '../../gateway/ledger';
import { ordererFlags, peerCli } from '../../network/native/admin';
import { run } from '../../network/native/exec';
import { bin, NETWORK_JSON } from '../../network/native/paths';
import { loadTopology } from '../../network/topology';
import { Caller } from './support/ledger';
import { contractInput, newHash, ownedId, uniqueId } from './support/fixtures';

const t = loadTopology();
let ledger: Ledger;
let pkg: EvidencePackage;
let disputeId: string;
let trust: TrustBundle;

beforeAll(async () => {
  const company = new Caller('HousingBureauMSP', 'company1');
  const lawyer = new Caller('LawFirmAMSP', 'lawyer1');
  const mediator = new Caller('CourtMSP', 'mediator1');
  try {
    const c = contractInput(ownedId('P'));
    await company.submit('Contracts', 'Register', c);
    disputeId = ownedId('D');
    await company.submit('Disputes', 'Open', { disputeId, contractId: c.contractId, lawFirmMspId: 'LawFirmAMSP', claimedAmountFen: 100_000 });
    const letterId = uniqueId('L');
    await lawyer.submit('Letters', 'Send', {
      letterId,
      disputeId,
      contentSha256: newHash(),
      channel: 'EMAIL',
      recipientCommitment: newHash(),
      eventTime: new Date().toISOString(),
    });
    await lawyer.submit('Letters', 'Receipt', {
      receiptId: uniqueId('R'),
      letterId,
      disputeId,
      kind: 'DELIVERED',
      evidenceSha256: newHash(),
      eventTime: new Date().toISOString(),
    });
    await mediator.submit('Disputes', 'Transition', { disputeId, action: 'referToMediation', documentHashes: [] });
  } finally {
    [company, lawyer, mediator].forEach((x) => x.close());
  }
  ledger = Ledger.open(NETWORK_JSON);
  trust = (await ensureTrustBundle(t)).bundle;
  pkg = await new EvidenceExporter(ledger).exportDispute('CourtMSP', 'judge1', disputeId);
});

afterAll(() => ledger?.close());

describe('an evidence package', () => {
  it('holds every transaction that wrote the dispute, its contract, letter and receipt', () => {
    expect(pkg.subject).toBe(disputeId);
    const types = new Set(pkg.statements.map((s) => s.recordType));
    for (const type of ['dispute', 'disputeTransition', 'contract', 'contractVersion', 'letter', 'receipt', 'documentAnchor']) expect(types).toContain(type);
    for (const s of pkg.statements) expect(pkg.transactions.map((x) => x.txId)).toContain(s.txId);
    expect(pkg.transactions.every((x) => x.validationCode === 'VALID')).toBe(true);
    // No header chain: the configuration history from the genesis block, which is the trust bundle's.
    expect(pkg.configBlocks[0]!.number).toBe('0');
    expect(blockHeaderHashHex(Buffer.from(pkg.configBlocks[0]!.raw, 'base64'))).toBe(trust.genesisHeaderHash);
    expect(pkg.blocks.map((b) => b.number)).toContain(pkg.asOf.blockNumber);
    expect(verifyPackage(pkg, { trust }).ok).toBe(true);
  });

  it('agrees with the peer CLI on block numbers, data hashes and transaction IDs', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'evidence-'));
    const court = t.orgs.find((o) => o.mspId === 'CourtMSP')!;
    try {
      for (const block of pkg.blocks) {
        const file = path.join(dir, `${block.number}.block`);
        await peerCli(court, undefined, ['channel', 'fetch', block.number, file, '-c', t.channel, ...ordererFlags(t)], 30_000);
        await run(bin('configtxlator'), ['proto_decode', '--input', file, '--type', 'common.Block', '--output', `${file}.json`]);
        const decoded = JSON.parse(fs.readFileSync(`${file}.json`, 'utf8')) as {
          header: { number: string; data_hash: string; previous_hash: string };
          data: { data: { payload: { header: { channel_header: { tx_id: string } } } }[] };
        };
        const header = common.Block.deserializeBinary(Buffer.from(block.raw, 'base64')).getHeader()!;
        expect(decoded.header.number).toBe(block.number);
        expect(Buffer.from(decoded.header.data_hash, 'base64').toString('hex')).toBe(Buffer.from(header.getDataHash_asU8()).toString('hex'));
        expect(Buffer.from(decoded.header.previous_hash ?? '', 'base64').toString('hex')).toBe(Buffer.from(header.getPreviousHash_asU8()).toString('hex'));
        const txIds = decoded.data.data.map((d) => d.payload.header.channel_header.tx_id);
        for (const tx of pkg.transactions.filter((x) => x.blockNumber === block.number)) {
          expect(txIds[tx.txIndex]).toBe(tx.txId);
        }
        // Header and every transaction envelope are byte for byte the orderer's; only the
        // metadata differs (peers add the validation flags after ordering).
        const ours = common.Block.deserializeBinary(Buffer.from(block.raw, 'base64'));
        const theirs = common.Block.deserializeBinary(fs.readFileSync(file));
        expect(Buffer.from(ours.getHeader()!.serializeBinary()).equals(Buffer.from(theirs.getHeader()!.serializeBinary()))).toBe(true);
        const envelopes = (b: common.Block) => (b.getData()?.getDataList_asU8() ?? []).map((d) => Buffer.from(d).toString('hex'));
        expect(envelopes(ours)).toEqual(envelopes(theirs));
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a dispute that spans a chaincode upgrade', () => {
  it('still verifies; its transactions from before the upgrade are listed, not claimed as proven', async () => {
    const company = new Caller('HousingBureauMSP', 'company1');
    const lawyer = new Caller('LawFirmAMSP', 'lawyer1');
    const id = ownedId('D');
    try {
      const c = contractInput(ownedId('P'));
      await company.submit('Contracts', 'Register', c);
      await company.submit('Disputes', 'Open', { disputeId: id, contractId: c.contractId, lawFirmMspId: 'LawFirmAMSP', claimedAmountFen: 50_000 });
      await deployChaincode(t, () => {}, { upgrade: true });
      await lawyer.submit('Letters', 'Send', {
        letterId: uniqueId('L'),
        disputeId: id,
        contentSha256: newHash(),
        channel: 'APP',
        recipientCommitment: newHash(),
        eventTime: new Date().toISOString(),
      });
    } finally {
      [company, lawyer].forEach((x) => x.close());
    }
    const spanning = await new EvidenceExporter(ledger).exportDispute('CourtMSP', 'judge1', id);
    const result = verifyPackage(spanning, { trust });
    expect([result.ok, result.firstFailure?.detail]).toEqual([true, undefined]);
    expect(result.checks.find((c) => c.id === 'definition.policy')).toMatchObject({
      ok: true,
      detail: expect.stringMatching(/endorsed under an earlier definition/),
    });
    expect(result.facts.policies.definitionProven).toBe(false);
    const before = result.facts.policies.endorsedUnderEarlierDefinition ?? [];
    expect(before.length).toBeGreaterThan(0);
    const letterTx = spanning.statements.find((s) => s.recordType === 'letter')!.txId;
    expect(before).not.toContain(letterTx);
  });
});
