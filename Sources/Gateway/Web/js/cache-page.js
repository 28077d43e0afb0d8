// The inventory cache's health for administrators (`/cache`, can_admin): one row per account,
// kind and region from GET /api/v2/cache_status, stale ones first as the server orders them,
// sortable and filterable like every table, refreshed on demand.
import { api } from './api.js';
import { clearError, dateTime, duration, el, element, showError } from './dom.js';
import { withProgress } from './progress.js';
import { startPage } from './shell.js';
import { DataTable } from './table.js';

const columns = [
  { key: 'state', label: 'State', filter: 'select', value: (s) => (s.stale ? 'stale' : 'fresh'),
    cell: (s) => el('span', { class: `badge ${s.stale ? 'stale' : 'ok'}`, text: s.stale ? 'stale' : 'fresh' }) },
  { key: 'account', label: 'Account', value: (s) => s.account_id },
  { key: 'kind', label: 'Kind', filter: 'select', value: (s) => s.kind },
  { key: 'region', label: 'Region', value: (s) => s.region || '—' },
  { key: 'success', label: 'Last success', filter: false, value: (s) => (s.last_success_unix_ms ? dateTime(s.last_success_unix_ms / 1000) : 'never') },
  { key: 'age', label: 'Age', filter: false, numeric: true, value: (s) => (s.age_seconds ?? Number.MAX_SAFE_INTEGER),
    cell: (s) => (s.age_seconds === undefined || s.age_seconds === null ? 'never' : `${duration(s.age_seconds)} (every ${duration(s.interval_seconds)})`) },
  { key: 'duration', label: 'Took', filter: false, numeric: true, value: (s) => s.last_duration_ms,
    cell: (s) => `${(s.last_duration_ms / 1000).toFixed(1)} s` },
  { key: 'items', label: 'Items', filter: false, numeric: true, value: (s) => s.item_count, cell: (s) => Number(s.item_count).toLocaleString() },
  { key: 'error', label: 'Last error', value: (s) => s.last_error || '',
    cell: (s) => (s.last_error ? el('span', {}, s.last_error, el('span', { class: 'arn', text: s.last_error_unix_ms ? dateTime(s.last_error_unix_ms / 1000) : '' })) : '—') },
];

let table;

async function load() {
  clearError();
  const answer = await withProgress('Reading the cache status', () => api('/api/v2/cache_status'), element('scopes'));
  const scopes = Array.isArray(answer && answer.scopes) ? answer.scopes : [];
  table.setRows(scopes);
  const stale = scopes.filter((s) => s.stale).length;
  element('summary').textContent = scopes.length === 0
    ? 'Nothing swept yet.'
    : `${scopes.length} scopes, ${stale} stale; as of ${dateTime(answer.now_unix_ms / 1000)}`;
}

startPage('cache', async (profile) => {
  if (!profile.authorization || !profile.authorization.can_admin) {
    element('scopes').replaceChildren(el('p', { class: 'warning', text: 'Only Portico administrators (can_admin) may see the cache status.' }));
    element('refresh').hidden = true;
    return;
  }
  table = new DataTable(element('scopes'), columns, { pageSize: 100, csvName: 'portico-cache-status.csv', caption: 'Cache sweeps', empty: 'Nothing swept yet.' });
  element('refresh').addEventListener('click', () => load().catch(showError));
  await load();
});
