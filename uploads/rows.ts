// Spreadsheet rows → the batch routes' items, checked with the chaincode's own
// validators (chaincode/src/domain/validation.ts) before anything is sent: one
// source of validation for the browser, the API and the ledger. A row is a
// header → cell map, as papaparse (CSV) or the XLSX reader give it.
import { isDomainError } from '../chaincode/src/domain/errors';
import { validateArrearsEventRequest, validateContractRegistration } from '../chaincode/src/domain/validation';

export const UPLOAD_KINDS = ['contracts', 'arrears'] as const;
export type UploadKind = (typeof UPLOAD_KINDS)[number];

/** The columns of each upload, in template order; `optional` ones may be left empty. */
export const COLUMNS: Record<UploadKind, readonly { name: string; optional?: boolean; example: string }[]> = {
  contracts: [
    { name: 'contractId', example: 'HT-2024-0001' },
    { name: 'projectId', example: 'P-CHAOYANG-01' },
    { name: 'unitId', example: 'U-3-1201' },
    { name: 'ownerCommitment', example: 'a3f1…64 hex (SHA-256 of the owner data and salt)' },
    { name: 'documentSha256', example: '5d2c…64 hex (SHA-256 of the signed contract file)' },
    { name: 'monthlyFeeFen', example: '35000' },
    { name: 'billingCycle', example: 'MONTHLY' },
    { name: 'dueDayOfMonth', example: '10' },
    { name: 'termStart', example: '2024-01-01' },
    { name: 'termEnd', example: '2026-12-31' },
  ],
  arrears: [
    { name: 'eventId', example: 'E-2024-05-0001' },
    { name: 'contractId', example: 'HT-2024-0001' },
    { name: 'type', example: 'billed' },
    { name: 'period', example: '2024-05' },
    { name: 'amountFen', example: '35000' },
    { name: 'note', optional: true, example: '' },
  ],
};

export type Cell = string | number | Date | null | undefined;
export type Row = Record<string, Cell>;

export interface BadRow {
  /** 1-based data row number (the header is row 0), as a spreadsheet user counts them after the header. */
  row: number;
  field: string;
  reason: string;
}

export interface CheckedRows<T> {
  items: T[];
  bad: BadRow[];
}

const pad = (n: number) => String(n).padStart(2, '0');

/** A cell as text: XLSX dates become YYYY-MM-DD (their UTC day), numbers their plain digits. */
export function cellText(cell: Cell): string {
  if (cell === null || cell === undefined) return '';
  if (cell instanceof Date) return `${cell.getUTCFullYear()}-${pad(cell.getUTCMonth() + 1)}-${pad(cell.getUTCDate())}`;
  return String(cell).trim();
}

/** A whole-number cell as a number; anything else stays text, so the validator names it. */
export function integerCell(cell: Cell): number | string {
  const text = cellText(cell);
  return /^-?\d+$/.test(text) ? Number(text) : text;
}

export function contractItem(row: Row): unknown {
  return {
    contractId: cellText(row.contractId),
    projectId: cellText(row.projectId),
    unitId: cellText(row.unitId),
    ownerCommitment: cellText(row.ownerCommitment),
    documentSha256: cellText(row.documentSha256),
    feeTerms: {
      monthlyFeeFen: integerCell(row.monthlyFeeFen),
      billingCycle: cellText(row.billingCycle),
      dueDayOfMonth: integerCell(row.dueDayOfMonth),
    },
    termStart: cellText(row.termStart),
    termEnd: cellText(row.termEnd),
  };
}

export function arrearsItem(row: Row): unknown {
  const note = cellText(row.note);
  return {
    eventId: cellText(row.eventId),
    contractId: cellText(row.contractId),
    type: cellText(row.type),
    period: cellText(row.period),
    amountFen: integerCell(row.amountFen),
    ...(note ? { note } : {}),
  };
}

const MAPPERS: Record<UploadKind, { item: (row: Row) => unknown; validate: (input: unknown) => unknown; id: (row: Row) => string; idField: string }> = {
  contracts: { item: contractItem, validate: validateContractRegistration, id: (r) => cellText(r.contractId), idField: 'contractId' },
  arrears: { item: arrearsItem, validate: validateArrearsEventRequest, id: (r) => cellText(r.eventId), idField: 'eventId' },
};

/** The file's column a validator's field is read from: `feeTerms.billingCycle` is the column billingCycle. */
export function columnOf(kind: UploadKind, field: string): string {
  const last = field.split('.').pop() ?? field;
  return COLUMNS[kind].some((c) => c.name === last) ? last : field;
}

/** Columns the header lacks (every required one must be there). */
export function missingColumns(kind: UploadKind, header: readonly string[]): string[] {
  return COLUMNS[kind].filter((c) => !c.optional && !header.includes(c.name)).map((c) => c.name);
}

/**
 * Every row mapped and validated; `bad` lists each refused row with the field
 * and the validator's reason, and IDs repeated within the file. The items are
 * what the batch route takes, in row order; send them only when `bad` is empty.
 */
export function checkRows<T = unknown>(kind: UploadKind, rows: readonly Row[]): CheckedRows<T> {
  const m = MAPPERS[kind];
  const items: T[] = [];
  const bad: BadRow[] = [];
  const seen = new Map<string, number>();
  rows.forEach((row, i) => {
    const item = m.item(row);
    try {
      m.validate(item);
    } catch (e) {
      if (!isDomainError(e)) throw new Error(`row ${i + 1}: the validator failed`, { cause: e });
      const field = typeof e.details.field === 'string' ? columnOf(kind, e.details.field) : '';
      bad.push({ row: i + 1, field, reason: e.message });
      return;
    }
    const id = m.id(row);
    const first = seen.get(id);
    if (first !== undefined) {
      bad.push({ row: i + 1, field: m.idField, reason: `${m.idField}: ${id} repeats row ${first}` });
      return;
    }
    seen.set(id, i + 1);
    items.push(item as T);
  });
  return { items, bad };
}

/** A template: the header and one example row, as CSV. */
export const templateCsv = (kind: UploadKind): string =>
  `${COLUMNS[kind].map((c) => c.name).join(',')}\n${COLUMNS[kind].map((c) => csvCell(c.example)).join(',')}\n`;

/** A CSV cell, quoted when it holds a comma, quote or line break. */
export const csvCell = (value: string): string => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
