// The requests table (`/requests`): POST /api/v2/requests with filters (requester, ARN as text;
// request time as a range), status and "mine" (the default), newest first; paging by cursor,
// CSV of every match (written here: the list has no CSV form). Everything chosen lives in the URL.
import { el, element, showError, dateTime } from './dom.js';
import { RemoteTable } from './remote-table.js';
import { startPage } from './shell.js';
import { readState, writeState } from './url-state.js';

const defaults = { status: '', mine: '1', from: '', to: '' };
const escaped = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const columns = [
  { key: 'request_time', label: 'Requested', filter: false, cell: (row) => dateTime(row.request_time), csv: (row) => new Date(row.request_time * 1000).toISOString() },
  { key: 'username', label: 'Requester', sortable: false },
  { key: 'arn', label: 'ARN', sortable: false, cell: (row) => el('span', { class: 'mono', text: row.arn }) },
  { key: 'status', label: 'Status', filter: false, sortable: false, cell: (row) => el('span', { class: `badge ${row.status}`, text: row.status }) },
  { key: 'justification', label: 'Justification', filter: false, sortable: false, cell: (row) => row.justification || '' },
  { key: 'request_id', label: 'Request', filter: false, sortable: false,
    csv: (row) => row.request_id, cell: (row) => el('a', { href: `/policies/request/${encodeURIComponent(row.request_id)}`, text: 'Review', 'aria-label': `Review request ${row.request_id}` }) },
];

startPage('requests', async () => {
  const state = readState(defaults);
  element('status').value = state.status;
  element('mine').checked = state.mine === '1';
  element('from').value = state.from;
  element('to').value = state.to;
  const table = new RemoteTable(element('requests'), columns, {
    endpoint: '/api/v2/requests', pageSize: 50, csvName: 'portico-requests.csv', caption: 'Policy requests', serverCSV: false,
    empty: 'No requests match.', onError: showError,
    query: (t) => {
      const filters = {};
      for (const [key, value] of Object.entries(t.filters)) if (value) filters[key] = escaped(value);
      const from = element('from').value ? Date.parse(`${element('from').value}T00:00:00`) / 1000 : null;
      const to = element('to').value ? Date.parse(`${element('to').value}T23:59:59`) / 1000 : null;
      if (from || to) filters.request_time = [from || 0, to || 4102444800];
      return { filters, status: element('status').value || undefined, mine: element('mine').checked, sort: t.order === 'asc' ? 'request_time' : '-request_time' };
    },
  });
  table.sort = 'request_time';
  if (!new URLSearchParams(window.location.search).has('order')) table.order = 'desc';
  table.defaults.sort = 'request_time';
  table.defaults.order = 'desc';
  table.renderHead();
  const changed = () => {
    writeState({ status: element('status').value, mine: element('mine').checked ? '1' : '0', from: element('from').value, to: element('to').value }, defaults);
    table.restart();
  };
  for (const id of ['status', 'mine', 'from', 'to']) element(id).addEventListener('change', changed);
  await table.load();
});
