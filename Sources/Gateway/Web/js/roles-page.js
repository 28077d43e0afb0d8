// Portico's roles page: the signed-in user's eligible roles, the ones used last first, a console
// link per role for the chosen region, shell credentials, and a `credential_process` profile to
// copy. Filter, "include CLI-only" and region live in the URL. Credentials go into the page only,
// never to the console or to storage; only role ARNs and the region are remembered.
import { api, pathOf } from './api.js';
import { clearError, copyText, el, element, showError } from './dom.js';
import { withProgress } from './progress.js';
import { preferredRegion, regions, rememberRegion } from './regions.js';
import { startPage } from './shell.js';
import { readState, writeState } from './url-state.js';

const recentKey = 'portico.recentRoles';
const recentLimit = 5;
const defaults = { q: '', cli: '', region: '' };
const state = { roles: [], cliOnly: new Set() };

function rolesOf(body) {
  const roles = body && body.data && Array.isArray(body.data.roles) ? body.data.roles : [];
  return roles.filter((role) => role && typeof role.arn === 'string');
}

async function loadRoles() {
  const includeCLI = element('include-cli').checked;
  const consoleRoles = rolesOf(await api('/api/v2/get_roles'));
  let roles = consoleRoles;
  state.cliOnly = new Set();
  if (includeCLI) {
    const consoleARNs = new Set(consoleRoles.map((role) => role.arn));
    roles = rolesOf(await api('/api/v2/get_roles?all=true'));
    for (const role of roles) if (!consoleARNs.has(role.arn)) state.cliOnly.add(role.arn);
  }
  roles.sort((a, b) => accountLabel(a).localeCompare(accountLabel(b)) || String(a.role_name).localeCompare(String(b.role_name)));
  state.roles = roles;
  render();
}

function accountLabel(role) {
  const name = role.account_friendly_name ? String(role.account_friendly_name) : '';
  const id = role.account_id ? String(role.account_id) : '';
  return name && name !== id ? `${name} (${id})` : id;
}

function matches(role, filter) {
  if (!filter) return true;
  return [role.arn, role.role_name, role.account_id, role.account_friendly_name]
    .some((field) => field && String(field).toLowerCase().includes(filter));
}

function recentARNs() {
  try {
    const stored = JSON.parse(window.localStorage.getItem(recentKey) || '[]');
    return Array.isArray(stored) ? stored.filter((arn) => typeof arn === 'string') : [];
  } catch (_) {
    return [];
  }
}

function remember(arn) {
  const recent = [arn, ...recentARNs().filter((other) => other !== arn)].slice(0, recentLimit);
  try { window.localStorage.setItem(recentKey, JSON.stringify(recent)); } catch (_) { /* storage disabled */ }
  renderRecent();
}

function renderRecent() {
  const byARN = new Map(state.roles.map((role) => [role.arn, role]));
  const recent = recentARNs().map((arn) => byARN.get(arn)).filter(Boolean);
  element('recent-roles').tBodies[0].replaceChildren(...recent.map(row));
  element('recent').hidden = recent.length === 0;
}

function render() {
  const filter = element('filter').value.trim().toLowerCase();
  const shown = state.roles.filter((role) => matches(role, filter));
  element('roles').tBodies[0].replaceChildren(...shown.map(row));
  element('status').textContent = state.roles.length === 0
    ? 'No roles: you are not authorized for any role yet. Request access from "Request access".'
    : `${shown.length} of ${state.roles.length} roles`;
  renderRecent();
  writeState({ q: element('filter').value, cli: element('include-cli').checked ? '1' : '', region: element('region').value }, defaults);
}

function consoleHref(arn) {
  return `/role/${pathOf(arn)}?r=${encodeURIComponent(element('region').value)}`;
}

function row(role) {
  const cliOnly = state.cliOnly.has(role.arn);
  const name = role.role_name ? String(role.role_name) : role.arn;
  const actions = el('td', { class: 'actions' });
  if (!cliOnly) {
    const link = el('a', { class: 'button console-link', href: consoleHref(role.arn), target: '_blank', rel: 'noopener noreferrer',
      text: 'Console', 'aria-label': `Open the AWS console as ${name} in ${accountLabel(role)}` });
    // The region may change after the row was drawn: the link follows it.
    link.addEventListener('click', () => { link.href = consoleHref(role.arn); remember(role.arn); });
    actions.append(link);
  }
  const credentials = el('button', { type: 'button', text: 'Credentials', 'aria-label': `Shell credentials for ${name}` });
  credentials.addEventListener('click', () => getCredentials(role.arn, credentials));
  const cli = el('button', { type: 'button', text: 'CLI profile', 'aria-label': `A credential_process profile for ${name}` });
  cli.addEventListener('click', () => showCLI(role));
  actions.append(credentials, cli);
  return el('tr', { dataset: { arn: role.arn } },
    el('td', { text: accountLabel(role) }),
    el('td', {}, el('a', { href: `/policies/edit/${pathOf(role.account_id || '')}/iamrole/${pathOf(role.role_name || '')}`, text: name }),
      cliOnly ? el('span', { class: 'badge', text: 'CLI only' }) : null,
      el('span', { class: 'arn', text: role.arn })),
    actions);
}

/** A value single-quoted for a POSIX shell. */
function shellQuoted(value) {
  return `'${String(value).replace(/'/g, `'\\''`)}'`;
}

function profileName(role) {
  const account = role.account_friendly_name || role.account_id || 'aws';
  return `${account}-${role.role_name || 'role'}`.replace(/[^A-Za-z0-9_.-]+/g, '-');
}

function showCLI(role) {
  element('cli-role').textContent = role.arn;
  element('cli-snippet').textContent = [
    `[profile ${profileName(role)}]`,
    `credential_process = portico credential_process ${role.arn}`,
    `region = ${element('region').value}`,
  ].join('\n');
  element('cli').hidden = false;
  remember(role.arn);
  element('cli-copy').focus();
}

async function getCredentials(arn, button) {
  clearError();
  button.disabled = true;
  try {
    const body = await withProgress('Getting credentials', () => api('/api/v1/get_credentials', {
      method: 'POST', json: { requested_role: arn },
    }));
    const credentials = body && body.Credentials;
    if (!credentials) throw new Error('the answer held no credentials');
    element('credentials-role').textContent = arn;
    const expiry = Number(credentials.Expiration);
    element('credentials-expiry').textContent = Number.isFinite(expiry) ? new Date(expiry * 1000).toLocaleString() : 'soon';
    element('credentials-exports').textContent = [
      `export AWS_ACCESS_KEY_ID=${shellQuoted(credentials.AccessKeyId)}`,
      `export AWS_SECRET_ACCESS_KEY=${shellQuoted(credentials.SecretAccessKey)}`,
      `export AWS_SESSION_TOKEN=${shellQuoted(credentials.SessionToken)}`,
    ].join('\n');
    element('credentials').hidden = false;
    element('credentials-copy').focus();
    remember(arn);
  } catch (failure) {
    showError(failure);
  } finally {
    button.disabled = false;
  }
}

function clearCredentials() {
  element('credentials-exports').textContent = '';
  element('credentials-role').textContent = '';
  element('credentials').hidden = true;
}

async function refreshRoles() {
  clearError();
  try {
    await withProgress('Loading roles', loadRoles, element('roles'));
  } catch (failure) {
    element('status').textContent = '';
    showError(failure);
  }
}

startPage('roles', async () => {
  const initial = readState(defaults);
  const region = element('region');
  for (const name of regions) region.append(el('option', { value: name, text: name }));
  region.value = regions.includes(initial.region) ? initial.region : preferredRegion();
  element('filter').value = initial.q || initial.arn || '';
  element('include-cli').checked = initial.cli === '1';
  region.addEventListener('change', () => { rememberRegion(region.value); render(); });
  element('filter').addEventListener('input', render);
  element('include-cli').addEventListener('change', refreshRoles);
  element('credentials-clear').addEventListener('click', clearCredentials);
  element('credentials-copy').addEventListener('click', (event) => copyText(element('credentials-exports').textContent, event.target));
  element('cli-copy').addEventListener('click', (event) => copyText(element('cli-snippet').textContent, event.target));
  element('cli-close').addEventListener('click', () => { element('cli').hidden = true; });
  await refreshRoles();
});
