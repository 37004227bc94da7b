// The file to import: its bytes (whose SHA-256 names the import), and its
// header and rows, read as the upload page reads them (uploads/csv.ts,
// uploads/xlsx.ts), so a file the page takes the command takes the same way.
import ExcelJS from 'exceljs';
import fs from 'node:fs';
import { csvRows } from '../uploads/csv';
import { UPLOAD_KINDS, type Row, type UploadKind } from '../uploads/rows';
import { workbookRows } from '../uploads/xlsx';

export interface Source {
  bytes: Buffer;
  header: string[];
  rows: Row[];
}

export const isXlsx = (file: string): boolean => /\.xlsx$/i.test(file);

export async function readSource(file: string): Promise<Source> {
  const bytes = fs.readFileSync(file);
  if (!isXlsx(file)) return { bytes, ...csvRows(bytes.toString('utf8')) };
  const workbook = new ExcelJS.Workbook();
  // exceljs's typings predate Node's generic Buffer.
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  return { bytes, ...workbookRows(workbook) };
}

/** What the header's columns say the file holds: billing events name `eventId`, contracts `projectId`. */
export function kindOfHeader(header: readonly string[]): UploadKind | undefined {
  if (header.includes('eventId')) return 'arrears';
  if (header.includes('projectId')) return 'contracts';
  return undefined;
}

export const isUploadKind = (v: string): v is UploadKind => (UPLOAD_KINDS as readonly string[]).includes(v);

/** The batch route of each kind (api/routes/contracts.ts, api/routes/arrears.ts). */
export const ROUTES: Record<UploadKind, string> = { contracts: '/v1/contracts/batch', arrears: '/v1/arrears-events/batch' };

/** The field of an item that is its ID. */
export const ID_FIELDS: Record<UploadKind, string> = { contracts: 'contractId', arrears: 'eventId' };
