// Spreadsheet rows → batch items, refused by the chaincode's own validators
// with the row number and the reason; XLSX cells (dates, numbers) read as the
// CSV's text would be.
import { validateContractRegistration } from '../../../chaincode/src/domain';
import { csvRows } from '../../../uploads/csv';
import { cellText, checkRows, columnOf, COLUMNS, contractItem, missingColumns, templateCsv, type Row } from '../../../uploads/rows';

const hex = (c: string) => c.repeat(64);
const contractRow = (n: number, over: Row = {}): Row => ({
  contractId: `HT-${n}`,
  projectId: 'P-1',
  unitId: `U-${n}`,
  ownerCommitment: hex('a'),
  documentSha256: hex('b'),
  monthlyFeeFen: '35000',
  billingCycle: 'MONTHLY',
  dueDayOfMonth: '10',
  termStart: '2024-01-01',
  termEnd: '2026-12-31',
  ...over,
});

describe('contract rows', () => {
  it('map to the registration the chaincode validates, fen and due day as integers', () => {
    const item = contractItem(contractRow(1));
    expect(validateContractRegistration(item)).toEqual(item);
    expect(item).toMatchObject({ feeTerms: { monthlyFeeFen: 35_000, billingCycle: 'MONTHLY', dueDayOfMonth: 10 } });
  });

  it('all good: every item, in row order, nothing bad', () => {
    const out = checkRows('contracts', [contractRow(1), contractRow(2), contractRow(3)]);
    expect(out.bad).toEqual([]);
    expect(out.items.map((i) => (i as { contractId: string }).contractId)).toEqual(['HT-1', 'HT-2', 'HT-3']);
  });

  it('a bad date, a fee in yuan with decimals and a repeated ID are each listed with their row and column', () => {
    const rows = [contractRow(1), contractRow(2, { termStart: '2024-02-30' }), contractRow(3, { monthlyFeeFen: '350.00' }), contractRow(1, { unitId: 'U-9' })];
    const out = checkRows('contracts', rows);
    expect(out.bad).toEqual([
      { row: 2, field: 'termStart', reason: expect.stringContaining('calendar date') },
      { row: 3, field: 'monthlyFeeFen', reason: expect.stringMatching(/monthlyFeeFen/) },
      { row: 4, field: 'contractId', reason: 'contractId: HT-1 repeats row 1' },
    ]);
  });

  it('personal data in an ID column is refused as the chaincode refuses it', () => {
    const out = checkRows('contracts', [contractRow(1, { unitId: '13912345678' })]);
    expect(out.bad).toHaveLength(1);
    expect(out.bad[0]!.field).toBe('unitId');
  });

  it('XLSX cells: a date is its UTC calendar day, a number its digits', () => {
    expect(cellText(new Date(Date.UTC(2024, 0, 31)))).toBe('2024-01-31');
    expect(cellText(35000)).toBe('35000');
    expect(cellText(undefined)).toBe('');
    const out = checkRows('contracts', [contractRow(1, { termStart: new Date(Date.UTC(2024, 0, 1)), monthlyFeeFen: 35000, dueDayOfMonth: 10 })]);
    expect(out.bad).toEqual([]);
  });

  it('names missing columns; the template holds every column and validates as its header', () => {
    expect(missingColumns('contracts', ['contractId', 'projectId'])).toEqual(COLUMNS.contracts.slice(2).map((c) => c.name));
    expect(missingColumns('arrears', ['eventId', 'contractId', 'type', 'period', 'amountFen'])).toEqual([]);
    expect(templateCsv('contracts').split('\n')[0]).toBe(COLUMNS.contracts.map((c) => c.name).join(','));
  });
});

describe('arrears rows', () => {
  const event = (over: Row = {}): Row => ({ eventId: 'E-1', contractId: 'HT-1', type: 'billed', period: '2024-05', amountFen: '35000', note: '', ...over });

  it('map to the event the chaincode validates; an empty note is left out', () => {
    const out = checkRows('arrears', [event()]);
    expect(out.bad).toEqual([]);
    expect(out.items).toEqual([{ eventId: 'E-1', contractId: 'HT-1', type: 'billed', period: '2024-05', amountFen: 35_000 }]);
  });

  it('a note is sent as text for the API to seal (checked as the API will); one with control characters is refused', () => {
    const out = checkRows('arrears', [event({ note: '业主承诺月底前补缴' }), event({ eventId: 'E-2', note: 'bell\u0007' })]);
    expect(out.items).toEqual([{ eventId: 'E-1', contractId: 'HT-1', type: 'billed', period: '2024-05', amountFen: 35_000, note: '业主承诺月底前补缴' }]);
    expect(out.bad.map((b) => [b.row, b.field])).toEqual([[2, 'note']]);
  });

  it('an unknown type and a bad period are refused', () => {
    const out = checkRows('arrears', [event({ type: 'refund' }), event({ eventId: 'E-2', period: '2024-13' })]);
    expect(out.bad.map((b) => [b.row, b.field])).toEqual([
      [1, 'type'],
      [2, 'period'],
    ]);
  });
});

describe('CSV files', () => {
  it('a spreadsheet export (byte-order mark, CRLF, quoted cells, blank lines) gives the same items as clean text', () => {
    const line = 'HT-1,P-1,U-1,' + hex('a') + ',' + hex('b') + ',35000,MONTHLY,10,2024-01-01,2026-12-31';
    const header = COLUMNS.contracts.map((c) => c.name).join(',');
    const clean = csvRows(`${header}\n${line}\n`);
    const exported = csvRows(`\uFEFF${header.replace('unitId', ' unitId ')}\r\n"${line.replace(/,/g, '","')}"\r\n\r\n`);
    expect(exported.header).toEqual(clean.header);
    expect(exported.rows).toEqual(clean.rows);
    expect(checkRows('contracts', exported.rows)).toEqual({ items: [contractItem(clean.rows[0]!)], bad: [] });
  });
});

describe('columnOf', () => {
  it("names the file's column for a nested field, and leaves other fields as they are", () => {
    expect(columnOf('contracts', 'feeTerms.billingCycle')).toBe('billingCycle');
    expect(columnOf('contracts', 'termEnd')).toBe('termEnd');
    expect(columnOf('arrears', 'body')).toBe('body');
  });
});
