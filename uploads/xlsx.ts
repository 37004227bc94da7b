// The first worksheet of an XLSX workbook (exceljs) as header → cell rows: the
// browser's upload page and the import command load the workbook their own way
// (a File, a file on disk) and read its rows here.
import type { Workbook } from 'exceljs';
import type { Cell, Row } from './rows';

type ExcelValue = Cell | boolean | { result?: unknown; text?: string; richText?: { text: string }[]; hyperlink?: string };

/** A cell's value as the rows module takes it: formulas give their result, rich text its text. */
function plain(value: ExcelValue): Cell {
  if (value === null || value === undefined || value instanceof Date || typeof value !== 'object') return typeof value === 'boolean' ? String(value) : value;
  return objectCell(value);
}

function objectCell(value: Exclude<ExcelValue, Cell | boolean>): Cell {
  if (value.richText) return value.richText.map((r) => r.text).join('');
  if ('result' in value) return plain(value.result as ExcelValue);
  return value.text ?? String(value);
}

/** The header (row 1) and every later row that is not blank, as the CSV reader gives them. */
export function workbookRows(workbook: Workbook): { header: string[]; rows: Row[] } {
  const sheet = workbook.worksheets[0];
  if (!sheet) return { header: [], rows: [] };
  const header: string[] = [];
  sheet.getRow(1).eachCell((cell, col) => (header[col - 1] = String(plain(cell.value as ExcelValue) ?? '').trim()));
  const rows: Row[] = [];
  sheet.eachRow((row, n) => {
    if (n === 1) return;
    const out: Row = {};
    header.forEach((name, i) => (out[name] = plain(row.getCell(i + 1).value as ExcelValue)));
    if (Object.values(out).some((v) => v !== null && v !== undefined && String(v).trim() !== '')) rows.push(out);
  });
  return { header, rows };
}
