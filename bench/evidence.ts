// Export and verification time of an evidence package for a dispute of about
// 20 events, and its size. Median of several runs.
//   npx tsx bench/evidence.ts [--runs 5]
import { gzipSync } from 'node:zlib';
import { parseArgs } from 'node:util';
import { EvidenceExporter, HeaderCache } from '../evidence/export';
import { verifyPackage } from '../evidence/verify';
import { Ledger } from '../gateway/ledger';
import { NETWORK_JSON } from '../network/native/paths';
import { contractInput, newHash, uniqueId } from '../test/integration/support/fixtures';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' } } });
const runs = Number(values.runs);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const now = () => new Date().toISOString();

async function main() {
  const ledger = Ledger.open(NETWORK_JSON);
  const as = (msp: string, id: string) => ({
    submit: (contract: string, fn: string, ...args: unknown[]) =>
      ledger.submit(msp, id, { contract, fn, args: args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))) }),
  });
  const company = as('HousingBureauMSP', 'company1');
  const regulator = as('HousingBureauMSP', 'regulator1');
  const lawyer = as('LawFirmAMSP', 'lawyer1');
  const mediator = as('CourtMSP', 'mediator1');
  const judge = as('CourtMSP', 'judge1');
  try {
    // About 20 events: contract and amendment, 8 arrears events, a risk warning, a dispute through litigation.
    const project = uniqueId('P-BENCH');
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
    const disputeId = uniqueId('D');
    await company.submit('Disputes', 'Open', { disputeId, contractId: c.contractId, claimedAmountFen: 140_000, periods: ['2024-03', '2024-04', '2024-05', '2024-06'] });
    const letterId = uniqueId('L');
    await lawyer.submit('Letters', 'Send', { letterId, disputeId, contentSha256: newHash(), channel: 'SMS', recipientCommitment: newHash(), eventTime: now() });
    await lawyer.submit('Letters', 'Receipt', { receiptId: uniqueId('R'), letterId, disputeId, kind: 'DELIVERED', evidenceSha256: newHash(), eventTime: now() });
    await lawyer.submit('Letters', 'Receipt', { receiptId: uniqueId('R'), letterId, disputeId, kind: 'VIEWED', evidenceSha256: newHash(), eventTime: now() });
    await mediator.submit('Disputes', 'Transition', { disputeId, action: 'referToMediation', documentHashes: [newHash()] });
    await mediator.submit('Disputes', 'Transition', { disputeId, action: 'recordMediation', to: 'MEDIATION_FAILED', documentHashes: [newHash()] });
    await mediator.submit('Disputes', 'Transition', { disputeId, action: 'recommendLitigation', documentHashes: [] });
    await judge.submit('Disputes', 'Transition', { disputeId, action: 'fileCase', caseNumber: '（2026）京0105民初1号', documentHashes: [newHash()] });

    const cold: number[] = [];
    const warm: number[] = [];
    const verify: number[] = [];
    const cache = new HeaderCache();
    let pkg;
    for (let i = 0; i < runs; i++) {
      let t = performance.now();
      pkg = await new EvidenceExporter(ledger).exportDispute('CourtMSP', 'judge1', disputeId);
      cold.push(performance.now() - t);
      t = performance.now();
      pkg = await new EvidenceExporter(ledger, cache).exportDispute('CourtMSP', 'judge1', disputeId);
      warm.push(performance.now() - t);
    }
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      const r = verifyPackage(pkg!);
      verify.push(performance.now() - t);
      if (!r.ok) throw new Error(`package does not verify: ${r.firstFailure?.detail}`);
    }
    const json = JSON.stringify(pkg);
    console.log(`dispute ${disputeId}: ${pkg!.statements.length} statements, ${pkg!.transactions.length} transactions in ${pkg!.blocks.length} blocks, ${pkg!.headers.length} headers`);
    console.log('| measure | median of ' + runs + ' |');
    console.log('|---|---|');
    console.log(`| export, header cache empty (fetches every block 0..${pkg!.headers.length - 1}) | ${median(cold).toFixed(0)} ms |`);
    console.log(`| export, header cache warm (as in the running API) | ${median(warm).toFixed(0)} ms |`);
    console.log(`| offline verification (verifyPackage) | ${median(verify).toFixed(0)} ms |`);
    console.log(`| package size | ${(json.length / 1024).toFixed(0)} KiB (${(gzipSync(json).length / 1024).toFixed(0)} KiB gzipped) |`);
  } finally {
    ledger.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
