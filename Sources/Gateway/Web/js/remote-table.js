// A table whose rows the server filters, sorts and pages (the policies table: 100,000 rows stay
// on the server; the browser holds one page). Per-column filters (debounced), sortable headers,
// Previous/Next over the server's cursors, the total count, and CSV of every matching row.
// Filters, sort, order and the page's cursor live in the URL so a link opens the same page.
import { api, profile } from './api.js';
import { el } from './dom.js';
import { withProgress } from './progress.js';
import { readState, writeState } from './url-state.js';

/**
 * columns: [{ key (the server's column), label, cell(row) → Node|string, filter: bool, hint }]
 * options: { endpoint, pageSize = 50, csvName, caption, empty, onError(failure), onPage(page, ms),
 *            serverCSV = true (false: the browser pages through every match and writes the CSV) }
 */
export class RemoteTable {
  constructor(container, columns, options) {
    this.container = container;
    this.columns = columns;
    this.options = Object.assign({ pageSize: 50, csvName: 'export.csv', empty: 'Nothing matches.', serverCSV: true }, options);
    this.defaults = { sort: 'arn', order: 'asc', after: '' };
    for (const column of columns) if (column.filter !== false) this.defaults[`f_${column.key}`] = '';
    const state = readState(this.defaults);
    this.filters = {};
    for (const column of columns) if (column.filter !== false) this.filters[column.key] = state[`f_${column.key}`];
    this.sort = state.sort;
    this.order = state.order === 'desc' ? 'desc' : 'asc';
    this.cursor = state.after || '';
    this.previousCursors = [];
    this.generation = 0;
    this.build();
  }

  build() {
    const filters = el('div', { class: 'table-filters', role: 'search' });
    this.inputs = {};
    for (const column of this.columns) {
      if (column.filter === false) continue;
      const input = el('input', { id: `filter-${column.key}`, type: 'search', autocomplete: 'off', placeholder: column.hint || 'contains…', value: this.filters[column.key] });
      let timer = null;
      input.addEventListener('input', () => {
        clearTimeout(timer);
        timer = setTimeout(() => { this.filters[column.key] = input.value.trim(); this.restart(); }, 250);
      });
      this.inputs[column.key] = input;
      filters.append(el('label', { for: input.id }, `${column.label} `, input));
    }
    this.status = el('p', { class: 'muted table-status', 'aria-live': 'polite' });
    this.csvButton = el('button', { type: 'button', text: 'Export CSV', on: { click: () => this.exportCSV() } });
    this.head = el('thead');
    this.body = el('tbody');
    this.previous = el('button', { type: 'button', text: '‹ Previous', on: { click: () => this.back() } });
    this.next = el('button', { type: 'button', text: 'Next ›', on: { click: () => this.forward() } });
    this.pageLabel = el('span', { class: 'muted' });
    this.container.replaceChildren(filters, el('div', { class: 'table-tools' }, this.status, this.csvButton),
      el('table', { class: 'data-table' }, this.options.caption ? el('caption', { class: 'visually-hidden', text: this.options.caption }) : null,
        this.head, this.body),
      el('nav', { class: 'pager', 'aria-label': 'Pages' }, this.previous, this.pageLabel, this.next));
    this.renderHead();
  }

  renderHead() {
    this.head.replaceChildren(el('tr', {}, this.columns.map((column) => {
      const sorted = this.sort === column.key;
      const label = column.sortable === false ? column.label : el('button', { type: 'button', class: 'sort', on: { click: () => this.sortBy(column.key) } },
        column.label, sorted ? el('span', { 'aria-hidden': 'true', text: this.order === 'asc' ? ' ▲' : ' ▼' }) : null);
      return el('th', { scope: 'col', 'aria-sort': sorted ? (this.order === 'asc' ? 'ascending' : 'descending') : 'none' }, label);
    })));
  }

  query() {
    if (this.options.query) return this.options.query(this);
    const filters = {};
    for (const [key, value] of Object.entries(this.filters)) if (value) filters[key] = value;
    return { filters, sort: this.sort, order: this.order };
  }

  restart() {
    this.cursor = '';
    this.previousCursors = [];
    return this.load();
  }

  sortBy(key) {
    if (this.sort === key) this.order = this.order === 'asc' ? 'desc' : 'asc';
    else { this.sort = key; this.order = 'asc'; }
    this.renderHead();
    this.restart();
    this.head.querySelector(`th:nth-child(${this.columns.findIndex((c) => c.key === key) + 1}) button`)?.focus();
  }

  forward() {
    if (!this.nextCursor) return;
    this.previousCursors.push(this.cursor);
    this.cursor = this.nextCursor;
    this.load();
  }

  back() {
    this.cursor = this.previousCursors.pop() || '';
    this.load();
  }

  /** Loads the page at the current cursor; a newer load makes an older answer moot. */
  async load() {
    const generation = ++this.generation;
    const started = performance.now();
    writeState(Object.assign({ sort: this.sort, order: this.order, after: this.cursor },
      Object.fromEntries(Object.entries(this.filters).map(([k, v]) => [`f_${k}`, v]))), this.defaults);
    let page;
    try {
      page = await withProgress('Loading', () => api(this.options.endpoint, {
        method: 'POST', json: Object.assign(this.query(), { limit: this.options.pageSize, cursor: this.cursor || undefined }),
      }), this.body);
    } catch (failure) {
      if (generation !== this.generation) return;
      this.status.textContent = '';
      this.options.onError?.(failure);
      return;
    }
    if (generation !== this.generation) return;
    const rows = Array.isArray(page && page.data) ? page.data : [];
    this.body.replaceChildren(...(rows.length === 0
      ? [el('tr', {}, el('td', { colspan: this.columns.length, class: 'muted', text: this.options.empty }))]
      : rows.map((row) => el('tr', { dataset: { arn: row.arn || '' } }, this.columns.map((column) => el('td', { 'data-label': column.label },
        column.cell ? column.cell(row) : String(row[column.key] ?? '')))))));
    const total = Number(page.filteredCount ?? page.totalCount ?? rows.length);
    this.nextCursor = page.next_cursor || '';
    const first = this.previousCursors.length * this.options.pageSize;
    this.status.textContent = total === 0 ? 'No rows match.' : `${(first + 1).toLocaleString()}–${(first + rows.length).toLocaleString()} of ${total.toLocaleString()} rows`;
    this.pageLabel.textContent = ` Page ${this.previousCursors.length + 1} of ${Math.max(1, Math.ceil(total / this.options.pageSize)).toLocaleString()} `;
    this.previous.disabled = this.previousCursors.length === 0 && !this.cursor;
    this.next.disabled = !this.nextCursor;
    this.options.onPage?.(page, performance.now() - started);
  }

  /** Every matching row as CSV (streamed by the server, or paged through here), saved as a download. */
  async exportCSV() {
    this.csvButton.disabled = true;
    try {
      const text = await withProgress('Exporting CSV', () => (this.options.serverCSV ? this.serverCSV() : this.browserCSV()));
      const url = URL.createObjectURL(new Blob([text], { type: 'text/csv' }));
      const link = el('a', { href: url, download: this.options.csvName, class: 'visually-hidden', text: 'download' });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
    } catch (failure) {
      this.options.onError?.(failure);
    } finally {
      this.csvButton.disabled = false;
    }
  }

  async serverCSV() {
    const response = await fetch(`${this.options.endpoint}?format=csv`, {
      method: 'POST', credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', Accept: 'text/csv', 'X-CSRF-Token': (await profile()).csrf_token },
      body: JSON.stringify(this.query()),
    });
    if (!response.ok) {
      const body = await response.json().catch(() => ({}));
      throw new Error(`the export failed (HTTP ${response.status}): ${body.message || response.statusText}`);
    }
    return response.text();
  }

  /** For an endpoint without CSV: every page of matches (at most 100,000 rows), the columns' text,
   * RFC 4180 quoting, and cells a spreadsheet would run as formulas prefixed with '. */
  async browserCSV() {
    const quote = (value) => {
      const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
      return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
    };
    const columns = this.columns.filter((column) => column.label);
    const lines = [columns.map((column) => quote(column.label)).join(',')];
    let cursor;
    for (let pages = 0; pages < 100; pages += 1) {
      const page = await api(this.options.endpoint, { method: 'POST', json: Object.assign(this.query(), { limit: 1000, cursor }) });
      for (const row of (page && page.data) || []) {
        lines.push(columns.map((column) => quote(String(column.csv ? column.csv(row) : row[column.key] ?? ''))).join(','));
      }
      cursor = page && page.next_cursor;
      if (!cursor) break;
    }
    return `${lines.join('\r\n')}\r\n`;
  }
}
