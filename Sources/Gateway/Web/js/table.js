// A table for thousands of rows: per-column filters, sorting by any column, paging (only the
// page shown is in the DOM), the count shown, and CSV export of every row that matches. Filters,
// sort and page live in the URL (`url-state.js`), under an optional prefix, so a link shares the
// view. Every control has a label and works from the keyboard (sort headers are buttons).
import { el } from './dom.js';
import { readState, writeState } from './url-state.js';

/**
 * columns: [{ key, label, value(row) → string (filtering, sorting, CSV), cell(row) → Node|string
 *   (optional; the shown cell), filter: 'text' | 'select' | false, numeric: bool }]
 * options: { pageSize = 50, prefix = '', csvName = 'export.csv', caption, empty, defaultSort, onChange }
 */
export class DataTable {
  constructor(container, columns, options = {}) {
    this.container = container;
    this.columns = columns;
    this.options = Object.assign({ pageSize: 50, prefix: '', csvName: 'export.csv', empty: 'Nothing to show.' }, options);
    this.rows = [];
    this.keys = [];
    this.filtered = [];
    const p = this.options.prefix;
    this.defaults = { [`${p}sort`]: options.defaultSort || '', [`${p}dir`]: 'asc', [`${p}page`]: '1' };
    for (const column of columns) if (column.filter !== false) this.defaults[`${p}f_${column.key}`] = '';
    const state = readState(this.defaults);
    this.filters = {};
    for (const column of columns) if (column.filter !== false) this.filters[column.key] = state[`${p}f_${column.key}`] || '';
    this.sortKey = state[`${p}sort`] || '';
    this.sortDir = state[`${p}dir`] === 'desc' ? 'desc' : 'asc';
    this.page = Math.max(1, parseInt(state[`${p}page`], 10) || 1);
    this.build();
  }

  build() {
    const id = (suffix) => `${this.options.prefix || 'table'}-${suffix}`;
    this.filterInputs = {};
    const filters = el('div', { class: 'table-filters', role: 'search' });
    for (const column of this.columns) {
      if (column.filter === false) continue;
      let input;
      if (column.filter === 'select') {
        input = el('select', { id: id(`filter-${column.key}`) }, el('option', { value: '', text: 'any' }));
        input.addEventListener('change', () => this.setFilter(column.key, input.value));
      } else {
        input = el('input', { id: id(`filter-${column.key}`), type: 'search', autocomplete: 'off', placeholder: 'contains…' });
        let timer = null;
        input.addEventListener('input', () => {
          clearTimeout(timer);
          timer = setTimeout(() => this.setFilter(column.key, input.value), 120);
        });
      }
      input.value = this.filters[column.key];
      this.filterInputs[column.key] = input;
      filters.append(el('label', { for: input.id }, `${column.label} `, input));
    }
    this.status = el('p', { class: 'muted table-status', 'aria-live': 'polite' });
    this.csvButton = el('button', { type: 'button', text: 'Export CSV', on: { click: () => this.exportCSV() } });
    this.head = el('thead');
    this.body = el('tbody');
    this.table = el('table', { class: 'data-table' },
      this.options.caption ? el('caption', { class: 'visually-hidden', text: this.options.caption }) : null, this.head, this.body);
    this.previous = el('button', { type: 'button', text: '‹ Previous', on: { click: () => this.goTo(this.page - 1) } });
    this.next = el('button', { type: 'button', text: 'Next ›', on: { click: () => this.goTo(this.page + 1) } });
    this.pageLabel = el('span', { class: 'muted' });
    const pager = el('nav', { class: 'pager', 'aria-label': 'Pages' }, this.previous, this.pageLabel, this.next);
    this.container.replaceChildren(filters, el('div', { class: 'table-tools' }, this.status, this.csvButton), this.table, pager);
    this.renderHead();
  }

  renderHead() {
    const row = el('tr');
    for (const column of this.columns) {
      const sorted = this.sortKey === column.key;
      const button = el('button', { type: 'button', class: 'sort', text: column.label,
        on: { click: () => this.sortBy(column.key) } });
      if (sorted) button.append(el('span', { 'aria-hidden': 'true', text: this.sortDir === 'asc' ? ' ▲' : ' ▼' }));
      row.append(el('th', { scope: 'col', 'aria-sort': sorted ? (this.sortDir === 'asc' ? 'ascending' : 'descending') : 'none' },
        column.sortable === false ? column.label : button));
    }
    this.head.replaceChildren(row);
  }

  /** Replaces every row; filter options of `select` columns come from the rows. */
  setRows(rows) {
    this.rows = rows;
    // Lower-cased values once, so filtering and sorting 100,000 rows stays fast.
    this.keys = rows.map((row) => this.columns.map((column) => String(column.value(row) ?? '')));
    this.lowered = this.keys.map((values) => values.map((value) => value.toLowerCase()));
    this.columns.forEach((column, index) => {
      if (column.filter !== 'select') return;
      const input = this.filterInputs[column.key];
      const values = [...new Set(this.keys.map((k) => k[index]))].filter(Boolean).sort();
      input.replaceChildren(el('option', { value: '', text: 'any' }), ...values.map((value) => el('option', { value, text: value })));
      input.value = this.filters[column.key];
    });
    this.apply();
  }

  setFilter(key, value) {
    this.filters[key] = value;
    this.page = 1;
    this.apply();
  }

  sortBy(key) {
    if (this.sortKey === key) this.sortDir = this.sortDir === 'asc' ? 'desc' : 'asc';
    else { this.sortKey = key; this.sortDir = 'asc'; }
    this.renderHead();
    this.apply();
    this.head.querySelector(`th:nth-child(${this.columns.findIndex((c) => c.key === key) + 1}) button`)?.focus();
  }

  goTo(page) {
    this.page = page;
    this.render();
  }

  apply() {
    const active = this.columns.map((column, index) => [index, column.filter === false ? '' : (this.filters[column.key] || '').toLowerCase(), column.filter])
      .filter(([, value]) => value);
    let indices = [];
    for (let i = 0; i < this.rows.length; i += 1) {
      const values = this.lowered[i];
      if (active.every(([index, value, kind]) => (kind === 'select' ? values[index] === value : values[index].includes(value)))) indices.push(i);
    }
    const sortIndex = this.columns.findIndex((column) => column.key === this.sortKey);
    if (sortIndex >= 0) {
      const numeric = this.columns[sortIndex].numeric;
      const sign = this.sortDir === 'asc' ? 1 : -1;
      indices.sort((a, b) => {
        const x = numeric ? Number(this.keys[a][sortIndex]) : this.lowered[a][sortIndex];
        const y = numeric ? Number(this.keys[b][sortIndex]) : this.lowered[b][sortIndex];
        return x < y ? -sign : x > y ? sign : a - b;
      });
    }
    this.filtered = indices;
    this.render();
  }

  render() {
    const size = this.options.pageSize;
    const pages = Math.max(1, Math.ceil(this.filtered.length / size));
    this.page = Math.min(Math.max(1, this.page), pages);
    const start = (this.page - 1) * size;
    const shown = this.filtered.slice(start, start + size);
    const fragment = document.createDocumentFragment();
    for (const index of shown) {
      const row = this.rows[index];
      fragment.append(el('tr', {}, this.columns.map((column, c) => el('td', { 'data-label': column.label },
        column.cell ? column.cell(row) : this.keys[index][c]))));
    }
    if (shown.length === 0) fragment.append(el('tr', {}, el('td', { colspan: this.columns.length, class: 'muted', text: this.options.empty })));
    this.body.replaceChildren(fragment);
    this.status.textContent = this.filtered.length === this.rows.length
      ? `${this.rows.length.toLocaleString()} rows`
      : `${this.filtered.length.toLocaleString()} of ${this.rows.length.toLocaleString()} rows`;
    this.pageLabel.textContent = ` Page ${this.page} of ${pages} `;
    this.previous.disabled = this.page <= 1;
    this.next.disabled = this.page >= pages;
    const p = this.options.prefix;
    const state = { [`${p}sort`]: this.sortKey, [`${p}dir`]: this.sortDir, [`${p}page`]: String(this.page) };
    for (const [key, value] of Object.entries(this.filters)) state[`${p}f_${key}`] = value;
    writeState(state, this.defaults);
    this.options.onChange?.(this);
  }

  /** Every matching row, sorted as shown, as CSV (RFC 4180 quoting). */
  csv() {
    const quote = (value) => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
    const lines = [this.columns.map((column) => quote(column.label)).join(',')];
    for (const index of this.filtered) lines.push(this.keys[index].map(quote).join(','));
    return `${lines.join('\r\n')}\r\n`;
  }

  exportCSV() {
    const url = URL.createObjectURL(new Blob([this.csv()], { type: 'text/csv' }));
    const link = el('a', { href: url, download: this.options.csvName, class: 'visually-hidden', text: 'download' });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }
}
