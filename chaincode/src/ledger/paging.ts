// Lists are paged: one answer never outgrows a gRPC message as a company's
// contracts pile up. Callers follow `bookmark` until it is empty.
import { integerInRange } from '../domain';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './state';

export interface Page {
  pageSize: number;
  bookmark: string;
}

/** pageSize "" means the default; bookmark "" means the first page. */
export function pageOf(pageSize: string, bookmark: string): Page {
  const size = pageSize === '' ? DEFAULT_PAGE_SIZE : integerInRange(Number(pageSize), 'pageSize', 1, MAX_PAGE_SIZE);
  return { pageSize: size, bookmark: typeof bookmark === 'string' ? bookmark : '' };
}
