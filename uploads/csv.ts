// CSV text → header and rows (papaparse): the first line names the columns;
// blank lines, a UTF-8 byte-order mark and spaces around names are ignored.
import Papa from 'papaparse';
import type { Row } from './rows';

export function csvRows(text: string): { header: string[]; rows: Row[] } {
  const parsed = Papa.parse<Row>(text, { header: true, skipEmptyLines: 'greedy', transformHeader: (name) => name.replace(/^\uFEFF/, '').trim() });
  return { header: parsed.meta.fields ?? [], rows: parsed.data };
}
