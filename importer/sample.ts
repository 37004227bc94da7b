// npm run import:sample -- N [--projects K] [--tag T] > contracts.csv
//
// A CSV of N valid contracts for `npm run import` (and the upload page), with
// IDs unique to this file (HT-<tag>-<n>, projects P-<tag>-<k>; the tag is random
// unless given, so a file made again with the same tag is the same file) and
// hashes derived from the tag and row.
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

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { projects: { type: 'string' }, tag: { type: 'string' } } });
  const rows = Number(positionals[0]);
  const projects = Number(values.projects ?? '1');
  const tag = values.tag ?? randomBytes(4).toString('hex');
  if (!Number.isInteger(rows) || rows < 1 || !Number.isInteger(projects) || projects < 1 || !/^[A-Za-z0-9]{1,16}$/.test(tag)) {
    console.error('usage: npm run import:sample -- ROWS [--projects K] [--tag LETTERS_AND_DIGITS] > contracts.csv');
    process.exit(2);
  }
  const write = (text: string) => new Promise<void>((resolve) => (process.stdout.write(text) ? resolve() : process.stdout.once('drain', resolve)));
  await write(`${SAMPLE_HEADER}\n`);
  for (let from = 1; from <= rows; from += 5000) {
    const lines: string[] = [];
    for (let n = from; n < Math.min(from + 5000, rows + 1); n++) lines.push(sampleRow(tag, n, projects));
    await write(`${lines.join('\n')}\n`);
  }
}

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
