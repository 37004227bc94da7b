// An XLSX file chosen in the browser, read with exceljs (loaded only when an
// XLSX file is chosen: it is the largest library here); its rows are read by
// the shared uploads/xlsx.ts.
import type { Row } from '../../uploads/rows';
import { workbookRows } from '../../uploads/xlsx';

export async function readXlsx(file: File): Promise<{ header: string[]; rows: Row[] }> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(await file.arrayBuffer());
  return workbookRows(workbook);
}
