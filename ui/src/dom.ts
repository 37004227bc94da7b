// A few DOM helpers: elements from a tag and children, and sortable tables
// (click a header; numbers sort as numbers by each cell's data-sort).
type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, string | number | boolean | undefined | ((e: Event) => void)>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) setAttr(el, name, value);
  for (const c of children) if (c !== null && c !== undefined && c !== false) el.append(c instanceof Node ? c : String(c));
  return el;
}

/** `onclick` etc. become listeners, `true` an empty attribute; undefined and false are left out. */
function setAttr(el: HTMLElement, name: string, value: Attrs[string]): void {
  if (value === undefined || value === false) return;
  if (typeof value === 'function') el.addEventListener(name.replace(/^on/, ''), value);
  else el.setAttribute(name, value === true ? '' : String(value));
}

export interface Column<T> {
  title: string;
  cell: (row: T) => Child;
  /** The value sorted on (defaults to the cell's text). */
  sort?: (row: T) => string | number;
  key?: string;
}

/** A table whose columns sort on click, ascending then descending. */
export function sortableTable<T>(id: string, columns: readonly Column<T>[], rows: readonly T[]): HTMLTableElement {
  const body = h('tbody');
  const fill = (ordered: readonly T[]) => {
    body.replaceChildren(
      ...ordered.map((r) =>
        h(
          'tr',
          {},
          ...columns.map((c) => {
            const td = h('td', c.key ? { 'data-key': c.key } : {}, c.cell(r));
            if (c.sort) td.dataset.sort = String(c.sort(r));
            return td;
          }),
        ),
      ),
    );
  };
  let sortedBy = -1;
  let ascending = true;
  // Headers sort by click, or by Enter / Space for keyboard users.
  const onKey = (i: number) => (e: Event) => {
    if ((e as KeyboardEvent).key !== 'Enter' && (e as KeyboardEvent).key !== ' ') return;
    e.preventDefault();
    sortOn(i);
  };
  const headers = columns.map((c, i) => h('th', { scope: 'col', tabindex: 0, 'aria-sort': 'none', onclick: () => sortOn(i), onkeydown: onKey(i) }, c.title));
  function sortOn(i: number) {
    ascending = sortedBy === i ? !ascending : true;
    sortedBy = i;
    const c = columns[i]!;
    const value = (r: T) => (c.sort ? c.sort(r) : String(c.cell(r) ?? ''));
    const ordered = [...rows].sort((a, b) => {
      const x = value(a);
      const y = value(b);
      const cmp = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
      return ascending ? cmp : -cmp;
    });
    headers.forEach((th, k) => th.setAttribute('aria-sort', k === i ? (ascending ? 'ascending' : 'descending') : 'none'));
    fill(ordered);
  }
  fill(rows);
  return h('table', { id, class: 'sortable' }, h('thead', {}, h('tr', {}, ...headers)), body);
}

/** A section with a heading and content, replacing any earlier one with the same id. */
export function section(id: string, title: string, ...children: Child[]): HTMLElement {
  const el = h('section', { id }, h('h2', {}, title), ...children);
  document.getElementById(id)?.replaceWith(el);
  return el;
}

/** Saves text as a file the browser downloads. */
export function download(filename: string, text: string | Blob, type = 'text/csv'): void {
  const blob = typeof text === 'string' ? new Blob([text], { type }) : text;
  const a = h('a', { href: URL.createObjectURL(blob), download: filename });
  document.body.append(a);
  a.click();
  a.remove();
}

export const shortHash = (hex: string): string => (hex.length > 16 ? `${hex.slice(0, 10)}…${hex.slice(-6)}` : hex);
