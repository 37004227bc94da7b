// A risk warning over a project larger than one range query reaches. The
// warning records every contract's standing, read in one unpaged scan of the
// project's arrears summaries (a writing transaction may not page), and a peer
// ends such a scan after its totalQueryLimit results as if it were complete.
// This sets the project's threshold just under its ratio, so the next
// evaluation must raise a warning, and sets what that warning counts next to
// the project's active contracts (the ratio's denominator, from its deltas).
// Then it puts the threshold back above the ratio and evaluates again, so the
// run can be repeated. Fill a project first, e.g. `npx tsx bench/scale.ts
// --fill 100500 --skip-billing` (its measured project ends with 101,500).
//   npx tsx bench/range-limit.ts --project <qualified project ID>
import { parseArgs } from 'node:util';
import { Ledger } from '../gateway/ledger';
import { readNetworkDescription } from '../network/description';
import { NETWORK_JSON } from '../network/native/paths';

const { values } = parseArgs({ options: { project: { type: 'string' } } });
if (!values.project) {
  console.error('usage: npx tsx bench/range-limit.ts --project <qualified project ID>');
  process.exit(2);
}
const project: string = values.project;

interface Ratio {
  numerator: number;
  denominator: number;
  basisPoints: number;
}
interface Evaluation {
  atRisk: boolean;
  ratio: Ratio;
  warning: { activeContracts: number; overdueContracts: number; ratio: Ratio } | null;
}

const regulator = { mspId: 'HousingBureauMSP', identity: 'regulator1' };

async function main() {
  const ledger = new Ledger(readNetworkDescription(NETWORK_JSON));
  const call = (contract: string, fn: string, args: string[]) => ({ contract, fn, args });
  const read = <T>(fn: string) => ledger.evaluate<T>(regulator.mspId, regulator.identity, call('Arrears', fn, [project]));
  const setThreshold = (thresholdBp: number) =>
    ledger.submit(regulator.mspId, regulator.identity, call('Arrears', 'SetThreshold', [JSON.stringify({ projectId: project, thresholdBp })]));
  const evaluateRisk = () => ledger.submit<Evaluation>(regulator.mspId, regulator.identity, call('Arrears', 'EvaluateRisk', [project]));
  try {
    const { ratio } = await read<{ ratio: Ratio }>('Ratio');
    console.log(`project ${project}: ${ratio.denominator} active contracts, ${ratio.numerator} overdue (${ratio.basisPoints} bp)`);
    // Below the threshold first, so that the evaluation after it crosses upward and reads every contract.
    await setThreshold(10_000);
    await evaluateRisk();
    const before = (await read<{ warnings: unknown[] }>('Warnings')).warnings.length;
    await setThreshold(Math.max(1, ratio.basisPoints));
    const t0 = performance.now();
    try {
      const { result } = await evaluateRisk();
      const w = result.warning;
      console.log(`EvaluateRisk answered in ${(performance.now() - t0).toFixed(0)} ms: atRisk ${result.atRisk}`);
      if (w) {
        const counts = `${w.activeContracts} active and ${w.overdueContracts} overdue contracts`;
        console.log(`the warning counts ${counts} (its ratio ${w.ratio.numerator} / ${w.ratio.denominator})`);
        const missing = ratio.denominator - w.activeContracts;
        console.log(`the project has ${ratio.denominator} active: ${missing === 0 ? 'the same' : `${missing} left out`}`);
      }
    } catch (e) {
      console.log(`EvaluateRisk refused in ${(performance.now() - t0).toFixed(0)} ms: ${(e as Error).message.slice(0, 400)}`);
    }
    const after = (await read<{ warnings: unknown[] }>('Warnings')).warnings.length;
    console.log(`warnings of the project: ${before} before, ${after} after`);
    await setThreshold(10_000);
    await evaluateRisk();
  } finally {
    ledger.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
