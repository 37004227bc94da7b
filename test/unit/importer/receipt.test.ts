// The receipt from the journal, the progress numbers, the kind read from the
// header, and the sample generator's rows (valid by the chaincode's rules).
import ExcelJS from 'exceljs';
import { JOURNAL_FORMAT, type ChunkDone, type JournalHeader } from '../../../importer/journal';
import { formatDuration, pace } from '../../../importer/progress';
import { receiptFromJournal } from '../../../importer/receipt';
import { BILL_HEADER, sampleBillRow, sampleRow, SAMPLE_HEADER } from '../../../importer/sample';
import { kindOfHeader } from '../../../importer/source';
import { csvRows } from '../../../uploads/csv';
import { checkRows } from '../../../uploads/rows';
import { workbookRows } from '../../../uploads/xlsx';

const header: JournalHeader = {
  journal: JOURNAL_FORMAT,
  kind: 'contracts',
  fileSha256: 'f'.repeat(64),
  chunkSize: 2,
  rows: 3,
  chunks: 2,
  clientId: 'c',
  mspId: 'M',
};
const done = new Map<number, ChunkDone>([
  [1, { chunk: 1, firstRow: 3, count: 1, transactions: [{ txId: 'tB', blockNumber: '8', count: 1 }], ids: ['Q:HT-3'] }],
  [0, { chunk: 0, firstRow: 1, count: 2, transactions: [{ txId: 'tA', blockNumber: '7', count: 2 }] }],
]);

describe('receiptFromJournal', () => {
  it("every row in order with its transaction and block; the ledger's ID when the API named it", () => {
    expect(receiptFromJournal(header, done, ['HT-1', 'HT-2', 'HT-3'])).toEqual([
      { row: 1, id: 'HT-1', txId: 'tA', blockNumber: '7' },
      { row: 2, id: 'HT-2', txId: 'tA', blockNumber: '7' },
      { row: 3, id: 'Q:HT-3', txId: 'tB', blockNumber: '8' },
    ]);
  });

  it('refuses while a call has no answer, or for another number of rows', () => {
    expect(() => receiptFromJournal(header, new Map([[0, done.get(0)!]]), ['a', 'b', 'c'])).toThrow('call 2 of 2 has no answer');
    expect(() => receiptFromJournal(header, done, ['a'])).toThrow('journal is of 3 rows');
  });
});

describe('progress numbers', () => {
  it("pace counts this run's rows only; nothing before the first answer", () => {
    expect(pace(0, 100, 1000)).toBeUndefined();
    expect(pace(500, 1500, 5000)).toEqual({ rate: 100, secondsLeft: 15 });
  });

  it('durations read as people say them', () => {
    expect([formatDuration(42.4), formatDuration(185), formatDuration(3720), formatDuration(-3)]).toEqual(['42s', '3m 05s', '1h 02m', '0s']);
  });
});

describe('kindOfHeader', () => {
  it('billing events name eventId, contracts projectId; neither is unknown', () => {
    expect(kindOfHeader(['eventId', 'contractId', 'type'])).toBe('arrears');
    expect(kindOfHeader(SAMPLE_HEADER.split(','))).toBe('contracts');
    expect(kindOfHeader(['a', 'b'])).toBeUndefined();
  });
});

describe('the sample generator', () => {
  it('makes rows the chaincode accepts, unique by tag and row, the same again for the same tag', () => {
    const csv = `${SAMPLE_HEADER}\n${Array.from({ length: 60 }, (_, i) => sampleRow('t1', i + 1, 3)).join('\n')}\n`;
    const { header: cols, rows } = csvRows(csv);
    const checked = checkRows<{ contractId: string; projectId: string }>('contracts', rows);
    expect([cols.length, checked.bad, checked.items.length]).toEqual([10, [], 60]);
    expect(new Set(checked.items.map((c) => c.projectId))).toEqual(new Set(['P-t1-1', 'P-t1-2', 'P-t1-3']));
    expect(sampleRow('t1', 7, 3)).toBe(sampleRow('t1', 7, 3));
    expect(sampleRow('t2', 7, 3)).not.toBe(sampleRow('t1', 7, 3));
  });

  it("bills each of the same tag's contracts its monthly fee for the period, as arrears rows the chaincode accepts", () => {
    const n = 40;
    const contracts = checkRows<{ contractId: string; feeTerms: { monthlyFeeFen: number } }>(
      'contracts',
      csvRows(`${SAMPLE_HEADER}\n${Array.from({ length: n }, (_, i) => sampleRow('t1', i + 1, 3)).join('\n')}\n`).rows,
    ).items;
    const { header: cols, rows } = csvRows(`${BILL_HEADER}\n${Array.from({ length: n }, (_, i) => sampleBillRow('t1', i + 1, '2024-05')).join('\n')}\n`);
    expect(kindOfHeader(cols)).toBe('arrears');
    const bills = checkRows<{ eventId: string; contractId: string; type: string; period: string; amountFen: number }>('arrears', rows);
    expect(bills.bad).toEqual([]);
    expect(bills.items.map((b) => [b.contractId, b.type, b.period, b.amountFen])).toEqual(
      contracts.map((c) => [c.contractId, 'billed', '2024-05', c.feeTerms.monthlyFeeFen]),
    );
    expect(new Set(bills.items.map((b) => b.eventId)).size).toBe(n);
    expect(sampleBillRow('t1', 1, '2024-06')).not.toBe(sampleBillRow('t1', 1, '2024-05'));
  });
});

describe('workbookRows (XLSX, shared with the upload page)', () => {
  it('reads the header and rows of the first sheet: dates as cells, formulas as results, blank rows skipped', async () => {
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('contracts');
    sheet.addRow(SAMPLE_HEADER.split(','));
    const cells = sampleRow('x', 1, 1).split(',');
    sheet.addRow([...cells.slice(0, 8), new Date(Date.UTC(2024, 0, 1)), new Date(Date.UTC(2026, 11, 31))]);
    sheet.addRow([]);
    sheet.getCell('F2').value = { formula: '30000+5000', result: 35000 };
    const loaded = new ExcelJS.Workbook();
    await loaded.xlsx.load(await wb.xlsx.writeBuffer());
    const { header: cols, rows } = workbookRows(loaded);
    expect(cols).toEqual(SAMPLE_HEADER.split(','));
    expect(rows).toHaveLength(1);
    const checked = checkRows<{ feeTerms: { monthlyFeeFen: number }; termStart: string }>('contracts', rows);
    expect(checked.bad).toEqual([]);
    expect([checked.items[0]!.feeTerms.monthlyFeeFen, checked.items[0]!.termStart]).toEqual([35000, '2024-01-01']);
  });
});
