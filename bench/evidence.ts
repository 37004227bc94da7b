// Export and verification time of an evidence package (notary-evidence-package/2)
// for a dispute of about 20 events, and its size. Median of several runs.
//   npx tsx bench/evidence.ts [--runs 5]
//
// The measurement functions are exported for other benchmarks (e.g. against
// channel height): buildBenchDispute writes the dispute, benchTrustBundle reads
// the court's trust bundle from the ledger's genesis block, measureDisputeExport
// exports and verifies it.
import { gzipSync } from 'node:zlib';
import { parseArgs } from 'node:util';
import { EvidenceExporter } from '../evidence/export';
import type { EvidencePackage } from '../evidence/format';
import { buildTrustBundle, trustBundleHash, type TrustBundle } from '../evidence/trust/bundle';
import { verifyPackage } from '../evidence/verify';
import { Ledger } from '../gateway/ledger';
import { NETWORK_JSON } from '../network/native/paths';
import { trustBundleMeta } from '../network/native/trust-bundle';
import { loadTopology } from '../network/topology';
import { contractInput, newHash, ownedId, uniqueId } from '../scripts/fixtures';

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const now = () => new Date().toISOString();

/**
 * Writes one dispute of about 20 events (contract and amendment, 8 arrears
 * events, a threshold and risk warning, the dispute, a letter with delivered
 * and viewed receipts, referral, failed mediation, litigation recommendation,
 * case filing) and returns its ID.
 */
export async function buildBenchDispute(ledger: Ledger): Promise<string> {
  const as = (msp: string, id: string) => ({
    submit: (contract: string, fn: string, ...args: unknown[]) =>
      ledger.submit(msp, id, { contract, fn, args: args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))) }),
  });
  const company = as('HousingBureauMSP', 'company1');
  const regulator = as('HousingBureauMSP', 'regulator1');
  const lawyer = as('LawFirmAMSP', 'lawyer1');
  const mediator = as('CourtMSP', 'mediator1');
  const judge = as('CourtMSP', 'judge1');
  const project = ownedId('P-BENCH');
  const c = contractInput(project);
  await company.submit('Contracts', 'Register', c);
  await company.submit('Contracts', 'Amend', { contractId: c.contractId, previousVersion: 1, documentSha256: newHash() });
  for (const period of ['2024-01', '2024-02', '2024-03', '2024-04', '2024-05', '2024-06']) {
    await company.submit('Arrears', 'Record', { eventId: uniqueId('E'), contractId: c.contractId, type: 'billed', period, amountFen: 35_000 });
  }
  for (const period of ['2024-01', '2024-02']) {
    await company.submit('Arrears', 'Record', { eventId: uniqueId('E'), contractId: c.contractId, type: 'paid', period, amountFen: 35_000 });
  }
  await regulator.submit('Arrears', 'SetThreshold', { projectId: project, thresholdBp: 3000 });
  await regulator.submit('Arrears', 'EvaluateRisk', project);
  const disputeId = ownedId('D');
  await company.submit('Disputes', 'Open', {
    disputeId,
    contractId: c.contractId,
    lawFirmMspId: 'LawFirmAMSP',
    claimedAmountFen: 140_000,
    periods: ['2024-03', '2024-04', '2024-05', '2024-06'],
  });
  const letterId = uniqueId('L');
  await lawyer.submit('Letters', 'Send', { letterId, disputeId, contentSha256: newHash(), channel: 'SMS', recipientCommitment: newHash(), eventTime: now() });
  await lawyer.submit('Letters', 'Receipt', { receiptId: uniqueId('R'), letterId, disputeId, kind: 'DELIVERED', evidenceSha256: newHash(), eventTime: now() });
  await lawyer.submit('Letters', 'Receipt', { receiptId: uniqueId('R'), letterId, disputeId, kind: 'VIEWED', evidenceSha256: newHash(), eventTime: now() });
  await mediator.submit('Disputes', 'Transition', { disputeId, action: 'referToMediation', documentHashes: [newHash()] });
  await mediator.submit('Disputes', 'Transition', { disputeId, action: 'recordMediation', to: 'MEDIATION_FAILED', documentHashes: [newHash()] });
  await mediator.submit('Disputes', 'Transition', { disputeId, action: 'recommendLitigation', documentHashes: [] });
  await judge.submit('Disputes', 'Transition', { disputeId, action: 'fileCase', caseNumber: '（2026）京0105民初1号', documentHashes: [newHash()] });
  return disputeId;
}

/** The court's trust bundle, built from the genesis block the ledger holds (read only; nothing is written). */
export async function benchTrustBundle(ledger: Ledger): Promise<TrustBundle> {
  const org = ledger.description.orgs[0]!;
  const reader = org.identities.find((i) => i.role !== 'admin') ?? org.identities[0]!;
  return buildTrustBundle(await ledger.blockByNumber(org.mspId, reader.name, 0n), trustBundleMeta(loadTopology()));
}

export interface DisputeExportMeasure {
  /** Size of the package's JSON (UTF-8 bytes, as the API sends it). */
  bytes: number;
  gzipBytes: number;
  /** Median export time of `runs` exports (ms). */
  exportMs: number;
  /** Median time of `runs` verifications against the trust bundle (ms). */
  verifyMs: number;
  statements: number;
  transactions: number;
  blocks: number;
  configBlocks: number;
  asOfBlock: string;
  /** The last package exported. */
  package: EvidencePackage;
}

/**
 * Exports the dispute's package `runs` times as `mspId`/`identity` (default
 * the court's judge1) and verifies it `runs` times against `trust`; throws if
 * it does not verify.
 */
export async function measureDisputeExport(
  ledger: Ledger,
  disputeId: string,
  trust: TrustBundle,
  { runs = 5, mspId = 'CourtMSP', identity = 'judge1' }: { runs?: number; mspId?: string; identity?: string } = {},
): Promise<DisputeExportMeasure> {
  const exporter = new EvidenceExporter(ledger);
  const exports: number[] = [];
  const verifies: number[] = [];
  let pkg: EvidencePackage | undefined;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    pkg = await exporter.exportDispute(mspId, identity, disputeId);
    exports.push(performance.now() - t);
  }
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const r = verifyPackage(pkg!, { trust });
    verifies.push(performance.now() - t);
    if (!r.ok) throw new Error(`the package of ${disputeId} does not verify: ${r.firstFailure?.id}: ${r.firstFailure?.detail}`);
  }
  const json = JSON.stringify(pkg);
  return {
    bytes: Buffer.byteLength(json, 'utf8'),
    gzipBytes: gzipSync(json).length,
    exportMs: median(exports),
    verifyMs: median(verifies),
    statements: pkg!.statements.length,
    transactions: pkg!.transactions.length,
    blocks: pkg!.blocks.length,
    configBlocks: pkg!.configBlocks.length,
    asOfBlock: pkg!.asOf.blockNumber,
    package: pkg!,
  };
}

async function main() {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' } } });
  const runs = Number(values.runs);
  const ledger = Ledger.open(NETWORK_JSON);
  try {
    const trust = await benchTrustBundle(ledger);
    const disputeId = await buildBenchDispute(ledger);
    const m = await measureDisputeExport(ledger, disputeId, trust, { runs });
    console.log(
      `dispute ${disputeId}: ${m.statements} statements, ${m.transactions} transactions in ${m.blocks} blocks (as-of block ${m.asOfBlock} included), ` +
        `${m.configBlocks} configuration blocks; channel height ${Number(m.asOfBlock) + 1}; trust bundle ${trustBundleHash(trust).slice(0, 16)} of ` +
        `${trust.issuer}`,
    );
    console.log(`| measure | median of ${runs} |`);
    console.log('|---|---|');
    console.log(
      `| export as CourtMSP judge1 (records, blocks, configuration history, attestations of 4 orgs, definition block) | ${m.exportMs.toFixed(0)} ms |`,
    );
    console.log(`| offline verification against the trust bundle (verifyPackage) | ${m.verifyMs.toFixed(0)} ms |`);
    console.log(`| package size | ${(m.bytes / 1024).toFixed(0)} KiB (${(m.gzipBytes / 1024).toFixed(0)} KiB gzipped) |`);
  } finally {
    ledger.close();
  }
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
