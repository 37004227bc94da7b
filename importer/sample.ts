// npm run import:sample -- N [--projects K] [--tag T] > contracts.csv
// npm run import:sample -- N --tag T --bill 2024-05 > bills.csv
//
// A CSV of N valid contracts for `npm run import` (and the upload page), with
// IDs unique to this file (HT-<tag>-<n>, projects P-<tag>-<k>; the tag is random
// unless given, so a file made again with the same tag is the same file) and
// hashes derived from the tag and row. With --bill, the month's bill of each of
// the same tag's N contracts instead (`--kind arrears`): one billed event of its
// monthly fee, B-<tag>-<period>-<n>.
import { createHash, randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { COLUMNS } from '../uploads/rows';

const hash = (s: string) => createHash('sha256').update(s).digest('hex');

/** Row n (from 1) of the sample with this tag. */
export function sampleRow(tag: string, n: number, projects: number): string {
  const project = `P-${tag}-${((n - 1) % projects) + 1}`;
  const due = ((n - 1) % 28) + 1;
  const fee = 20_000 + ((n * 37) % 300) * 100;
  return [`HT-${tag}-${n}`, project, `U-${n}`, hash(`${tag}:${n}:owner`), hash(`${tag}:${n}:document`), fee, 'MONTHLY', due, '2024-01-01', '2026-12-31'].join(
    ',',
  );
}

export const SAMPLE_HEADER = COLUMNS.contracts.map((c) => c.name).join(',');

/** Contract n's bill for `period` (YYYY-MM): its monthly fee, as sampleRow set it. */
export function sampleBillRow(tag: string, n: number, period: string): string {
  const fee = sampleRow(tag, n, 1).split(',')[5]!;
  return [`B-${tag}-${period}-${n}`, `HT-${tag}-${n}`, 'billed', period, fee, ''].join(',');
}

export const BILL_HEADER = COLUMNS.arrears.map((c) => c.name).join(',');

interface SampleArgs {
  rows: number;
  projects: number;
  tag: string;
  bill?: string;
}

/** The command's arguments, or undefined when they are not usable. */
function sampleArgs(): SampleArgs | undefined {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { projects: { type: 'string' }, tag: { type: 'string' }, bill: { type: 'string' } },
  });
  const rows = Number(positionals[0]);
  const projects = Number(values.projects ?? '1');
  const tag = values.tag ?? randomBytes(4).toString('hex');
  const counts = [rows, projects].every((n) => Number.isInteger(n) && n >= 1);
  // Bills name the contracts of a sample made before, so its tag must be given.
  const billing = values.bill === undefined || (values.tag !== undefined && /^\d{4}-(0[1-9]|1[0-2])$/.test(values.bill));
  if (!counts || !billing || !/^[A-Za-z0-9]{1,16}$/.test(tag)) return undefined;
  return { rows, projects, tag, ...(values.bill === undefined ? {} : { bill: values.bill }) };
}

async function main(): Promise<void> {
  const args = sampleArgs();
  if (!args) {
    console.error('usage: npm run import:sample -- ROWS [--projects K] [--tag LETTERS_AND_DIGITS] > contracts.csv');
    console.error('       npm run import:sample -- ROWS --tag THE_CONTRACTS_TAG --bill YYYY-MM > bills.csv');
    process.exit(2);
  }
  const { rows, projects, tag, bill } = args;
  const row = (n: number) => (bill === undefined ? sampleRow(tag, n, projects) : sampleBillRow(tag, n, bill));
  const write = (text: string) => new Promise<void>((resolve) => (process.stdout.write(text) ? resolve() : process.stdout.once('drain', resolve)));
  await write(`${bill === undefined ? SAMPLE_HEADER : BILL_HEADER}\n`);
  for (let from = 1; from <= rows; from += 5000) {
    const lines: string[] = [];
    for (let n = from; n < Math.min(from + 5000, rows + 1); n++) lines.push(row(n));
    await write(`${lines.join('\n')}\n`);
  }
}

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
