// Regenerates the evidence fixtures under test/fixtures/evidence/ from the
// running network (`npx tsx scripts/make-evidence-fixtures.ts`):
//
//  - contract.json  a contract registered by company1 (HousingBureauMSP) with
//                   the SHA-256 of contract-document.txt, then amended with
//                   the SHA-256 of contract-amendment.txt;
//  - dispute.json   a dispute on that contract, after an unpaid monthly fee
//                   (an arrears event) and the risk warning the regulator's
//                   evaluation raises for the project: opened by company1, a lawyer
//                   letter (lawyer-letter.txt) from lawyer1 of LawFirmAMSP with
//                   its DELIVERED and VIEWED receipts, referred to mediation by
//                   judge1 and settled in mediation by mediator1 with the
//                   agreement mediation-agreement.txt anchored.
//
// Both are exported as CourtMSP judge1. Every run writes new records (fresh
// IDs) and new document files, and replaces the fixtures. The running
// network's trust bundle (.fabric/trust-bundle.json, what the court publishes)
// is copied next to them as trust-bundle.json: the unit tests verify the
// packages against it.
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { EvidenceExporter } from '../evidence/export';
import type { EvidencePackage } from '../evidence/format';
import { parseTrustBundle } from '../evidence/trust/bundle';
import { decodeBlock } from '../evidence/verify/decode';
import { blockHeaderHash } from '../evidence/verify/hashes';
import { Ledger } from '../gateway/ledger';
import { sleep } from '../fabric/sleep';

const ROOT = path.join(__dirname, '..');
const NETWORK_JSON = process.env.NETWORK_JSON ?? path.join(ROOT, '.fabric', 'network.json');
const OUT = path.join(ROOT, 'test', 'fixtures', 'evidence');
const TRUST_BUNDLE = process.env.TRUST_BUNDLE ?? path.join(path.dirname(NETWORK_JSON), 'trust-bundle.json');
/** A package above this size is refused: the fixtures must stay small. */
const MAX_PACKAGE_BYTES = 1_500_000;
/**
 * Other engineers use the network at the same time, and their transactions
 * share our blocks: a block above this size (a batch of theirs) makes the
 * attempt start over with fresh records, after a pause.
 */
const MAX_BLOCK_BYTES = 40_000;
const ATTEMPTS = 30;

class BigBlock extends Error {}

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const id = (prefix: string) => `${prefix}-${randomBytes(5).toString('hex')}`;
const now = () => new Date().toISOString();

function writeDocument(name: string, text: string): string {
  fs.writeFileSync(path.join(OUT, name), text);
  return sha256(text);
}

function writePackage(name: string, pkg: EvidencePackage): number {
  const text = `${JSON.stringify(pkg, null, 1)}\n`;
  if (process.env.FIXTURE_DUMP) fs.writeFileSync(path.join(process.env.FIXTURE_DUMP, name), text);
  if (text.length > MAX_PACKAGE_BYTES)
    throw new Error(`${name}: ${text.length} bytes, more than ${MAX_PACKAGE_BYTES}; run again (a big block from someone else's batch?)`);
  fs.writeFileSync(path.join(OUT, name), text);
  return text.length;
}

async function main(): Promise<void> {
  fs.mkdirSync(OUT, { recursive: true });
  const ledger = Ledger.open(NETWORK_JSON);
  try {
    for (let attempt = 1; ; attempt++) {
      try {
        await scenario(ledger);
        return;
      } catch (e) {
        if (!(e instanceof BigBlock) || attempt >= ATTEMPTS) throw e;
        console.log(`attempt ${attempt}: ${e.message}; starting over`);
        await sleep(5_000 + Math.random() * 10_000);
      }
    }
  } finally {
    ledger.close();
  }
}

/**
 * A block as CourtMSP's peer (the exporter's) has it: the submitter's own peer
 * may have committed it a moment before CourtMSP's did, so wait for it.
 */
async function committedBlock(ledger: Ledger, n: bigint): Promise<Uint8Array> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await ledger.blockByNumber('CourtMSP', 'judge1', n);
    } catch (e) {
      if (attempt >= 40 || !/no such block/i.test(String((e as Error).message))) throw e;
      await sleep(250);
    }
  }
}

async function scenario(ledger: Ledger): Promise<void> {
  const submit = async (mspId: string, who: string, contract: string, fn: string, body: unknown) => {
    const out = await ledger.submit<unknown>(mspId, who, { contract, fn, args: [typeof body === 'string' ? body : JSON.stringify(body)] });
    const size = (await committedBlock(ledger, BigInt(out.blockNumber))).length;
    console.log(`${contract}:${fn} by ${who}@${mspId}: tx ${out.txId} in block ${out.blockNumber} (${size} bytes)`);
    if (size > MAX_BLOCK_BYTES) throw new BigBlock(`block ${out.blockNumber} has ${size} bytes`);
    return out;
  };
  const contractId = id('HT-FIX');
  const projectId = id('P-FIX');
  const documentHash = writeDocument(
    'contract-document.txt',
    `物业服务合同 (fixture)\nProperty service contract ${contractId}, project ${projectId}\nMonthly fee 350.00 CNY, due on the 10th.\n`,
  );
  const amendmentHash = writeDocument('contract-amendment.txt', `物业服务合同补充协议 (fixture)\nAmendment 1 to ${contractId}: monthly fee 380.00 CNY.\n`);
  const feeTerms = { monthlyFeeFen: 35_000, billingCycle: 'MONTHLY', dueDayOfMonth: 10 };
  await submit('HousingBureauMSP', 'company1', 'Contracts', 'Register', {
    contractId,
    projectId,
    unitId: id('U'),
    ownerCommitment: sha256(randomBytes(32)),
    documentSha256: documentHash,
    feeTerms,
    termStart: '2024-01-01',
    termEnd: '2026-12-31',
  });
  await submit('HousingBureauMSP', 'company1', 'Contracts', 'Amend', {
    contractId,
    previousVersion: 1,
    documentSha256: amendmentHash,
    feeTerms: { ...feeTerms, monthlyFeeFen: 38_000 },
  });

  await submit('HousingBureauMSP', 'company1', 'Arrears', 'Record', {
    eventId: id('E'),
    contractId,
    type: 'billed',
    period: '2024-05',
    amountFen: 38_000,
  });
  await submit('HousingBureauMSP', 'regulator1', 'Arrears', 'SetThreshold', { projectId, thresholdBp: 5000 });
  await submit('HousingBureauMSP', 'regulator1', 'Arrears', 'EvaluateRisk', projectId);

  const disputeId = id('D-FIX');
  await submit('HousingBureauMSP', 'company1', 'Disputes', 'Open', {
    disputeId,
    contractId,
    lawFirmMspId: 'LawFirmAMSP',
    claimedAmountFen: 4_464_700,
    periods: ['2024-05'],
  });
  const letterId = id('L');
  const letterHash = writeDocument(
    'lawyer-letter.txt',
    `律师函 (fixture)\nLetter ${letterId} in dispute ${disputeId}: arrears of 44,647.00 CNY for 2024-05.\n`,
  );
  await submit('LawFirmAMSP', 'lawyer1', 'Letters', 'Send', {
    letterId,
    disputeId,
    contentSha256: letterHash,
    channel: 'SMS',
    recipientCommitment: sha256(randomBytes(32)),
    eventTime: now(),
  });
  for (const kind of ['DELIVERED', 'VIEWED'] as const) {
    await submit('LawFirmAMSP', 'lawyer1', 'Letters', 'Receipt', {
      receiptId: id('R'),
      letterId,
      disputeId,
      kind,
      evidenceSha256: sha256(randomBytes(32)),
      eventTime: now(),
    });
  }
  await submit('CourtMSP', 'judge1', 'Disputes', 'Transition', { disputeId, action: 'referToMediation', documentHashes: [] });
  const agreementHash = writeDocument(
    'mediation-agreement.txt',
    `调解协议 (fixture)\nMediation agreement in dispute ${disputeId}: the owner pays 40,000.00 CNY by 2025-01-31.\n`,
  );
  await submit('CourtMSP', 'mediator1', 'Disputes', 'Transition', {
    disputeId,
    action: 'recordMediation',
    to: 'MEDIATED_SETTLED',
    documentHashes: [agreementHash],
  });

  const exporter = new EvidenceExporter(ledger);
  const dispute = await exporter.exportDispute('CourtMSP', 'judge1', disputeId);
  const contract = await exporter.exportContract('CourtMSP', 'judge1', contractId);
  // The bundle must be the one of the network the packages come from: the genesis header hash the packages start at.
  const bundleText = fs.readFileSync(TRUST_BUNDLE, 'utf8');
  const bundle = parseTrustBundle(JSON.parse(bundleText));
  for (const pkg of [dispute, contract]) {
    const genesis = pkg.configBlocks.find((b) => b.number === '0');
    const hash = genesis && blockHeaderHash(decodeBlock(Buffer.from(genesis.raw, 'base64'), 'genesis block').header).toString('hex');
    if (hash !== bundle.genesisHeaderHash)
      throw new Error(
        `${TRUST_BUNDLE} names genesis header hash ${bundle.genesisHeaderHash}, the ${pkg.kind} package starts at ${hash ?? 'no genesis block'}; run ` +
          `npm run trust-bundle`,
      );
  }
  const sizes = { 'dispute.json': writePackage('dispute.json', dispute), 'contract.json': writePackage('contract.json', contract) };
  fs.writeFileSync(path.join(OUT, 'trust-bundle.json'), bundleText);
  console.log(`wrote ${OUT}:`, sizes, `and trust-bundle.json (${bundle.issuer}, genesis ${bundle.genesisHeaderHash})`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
