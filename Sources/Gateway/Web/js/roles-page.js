// Portico's roles page: who is signed in, their eligible roles, a console link and shell
// credentials per role. Plain DOM, no dependencies. Everything shown goes in through
// textContent, never as markup; credentials go into the page only, never to the console or to
// storage.
import { api } from './api.js';
import { clearError, element, showError } from './dom.js';

const state = { csrfToken: null, roles: [], cliOnly: new Set() };

async function loadProfile() {
  const profile = await api('/api/v2/user_profile');
  state.csrfToken = profile.csrf_token;
  const groups = Array.isArray(profile.groups) && profile.groups.length > 0 ? ` (${profile.groups.join(', ')})` : '';
  element('who').textContent = `Signed in as ${profile.user}${groups}`;
}

function rolesOf(body) {
  const roles = body && body.data && Array.isArray(body.data.roles) ? body.data.roles : [];
  return roles.filter((role) => role && typeof role.arn === 'string');
}

async function loadRoles() {
  const includeCLI = element('include-cli').checked;
  element('status').textContent = 'Loading roles…';
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

function render() {
  const filter = element('filter').value.trim().toLowerCase();
  const body = element('roles').tBodies[0];
  body.replaceChildren();
  const shown = state.roles.filter((role) => matches(role, filter));
  for (const role of shown) body.append(row(role));
  element('status').textContent = state.roles.length === 0
    ? 'No roles: you are not authorized for any role yet.'
    : `${shown.length} of ${state.roles.length} roles`;
}

function row(role) {
  const tr = document.createElement('tr');
  const account = document.createElement('td');
  account.textContent = accountLabel(role);
  const name = document.createElement('td');
  name.textContent = role.role_name ? String(role.role_name) : role.arn;
  const cliOnly = state.cliOnly.has(role.arn);
  if (cliOnly) {
    const badge = document.createElement('span');
    badge.className = 'badge';
    badge.textContent = 'CLI only';
    name.append(badge);
  }
  const arn = document.createElement('span');
  arn.className = 'arn';
  arn.textContent = role.arn;
  name.append(arn);

  const actions = document.createElement('td');
  actions.className = 'actions';
  if (!cliOnly) {
    const consoleLink = document.createElement('a');
    consoleLink.href = `/role/${encodeURIComponent(role.arn)}`;
    consoleLink.target = '_blank';
    consoleLink.rel = 'noopener noreferrer';
    consoleLink.textContent = 'Console';
    actions.append(consoleLink);
  }
  const credentials = document.createElement('button');
  credentials.type = 'button';
  credentials.textContent = 'Credentials';
  credentials.addEventListener('click', () => getCredentials(role.arn, credentials));
  actions.append(credentials);
  tr.append(account, name, actions);
  return tr;
}

/** A value single-quoted for a POSIX shell. */
function shellQuoted(value) {
  return `'${String(value).replace(/'/g, `'\\''`)}'`;
}

async function getCredentials(arn, button) {
  clearError();
  button.disabled = true;
  try {
    const body = await api('/api/v1/get_credentials', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': state.csrfToken || '' },
      body: JSON.stringify({ requested_role: arn }),
    });
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
    element('credentials').scrollIntoView?.({ block: 'nearest' });
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

async function copyCredentials() {
  try {
    await navigator.clipboard.writeText(element('credentials-exports').textContent);
    element('credentials-copy').textContent = 'Copied';
    setTimeout(() => { element('credentials-copy').textContent = 'Copy'; }, 1500);
  } catch (_) {
    showError(new Error('the clipboard is not available here: select the text and copy it'));
  }
}

async function refreshRoles() {
  clearError();
  try {
    await loadRoles();
  } catch (failure) {
    element('status').textContent = '';
    showError(failure);
  }
}

async function start() {
  element('filter').addEventListener('input', render);
  element('include-cli').addEventListener('change', refreshRoles);
  element('credentials-clear').addEventListener('click', clearCredentials);
  element('credentials-copy').addEventListener('click', copyCredentials);
  try {
    await loadProfile();
  } catch (failure) {
    element('who').textContent = 'Not signed in';
    showError(failure);
    return;
  }
  await refreshRoles();
}

// A module runs once the document is parsed; wait only if it is not yet.
if (document.readyState === 'loading') {
  document.addEventListener('DOMContentLoaded', start);
} else {
  start();
}
