// Create or clone a role (`/create_role`, can_create_roles): POST /api/v2/roles and POST
// /api/v2/clone/role in ConsoleMe's shapes; the result links to the new role's editor. The tab
// shown lives in the URL.
import { api } from './api.js';
import { clearError, el, element, showError } from './dom.js';
import { withProgress } from './progress.js';
import { startPage } from './shell.js';
import { readState, writeState } from './url-state.js';

function select(tab) {
  for (const name of ['create', 'clone']) {
    element(`tab-${name}`).setAttribute('aria-selected', String(name === tab));
    element(`${name}-form`).hidden = name !== tab;
  }
  writeState({ tab }, { tab: 'create' });
}

function done(account, name, message) {
  element('result').replaceChildren(el('p', { class: 'notice' }, `${message} `,
    el('a', { href: `/policies/edit/${account}/iamrole/${encodeURIComponent(name)}`, text: `Open ${name}` })));
}

async function create(event) {
  event.preventDefault();
  clearError();
  const account = element('create-account').value.trim();
  const name = element('create-name').value.trim();
  try {
    await withProgress('Creating the role', () => api('/api/v2/roles', { method: 'POST', json: {
      account_id: account, role_name: name, description: element('create-description').value.trim() || undefined,
      instance_profile: element('create-instance-profile').checked,
    } }));
    done(account, name, 'Created.');
  } catch (failure) { showError(failure); }
}

async function clone(event) {
  event.preventDefault();
  clearError();
  const source = element('clone-source').value.trim();
  const match = /^arn:aws[\w-]*:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(source);
  if (!match) { showError(new Error('The role to clone must be a role ARN (arn:aws:iam::<account>:role/<name>).')); return; }
  const options = {};
  for (const box of document.querySelectorAll('input[name=clone-option]')) options[box.value] = box.checked;
  const account = element('clone-account').value.trim();
  const name = element('clone-name').value.trim();
  try {
    const answer = await withProgress('Cloning the role', () => api('/api/v2/clone/role', { method: 'POST', json: {
      account_id: match[1], role_name: match[2], dest_account_id: account, dest_role_name: name, options,
    } }));
    const failed = (answer.action_results || []).filter((r) => r.status === 'error');
    if (failed.length) throw new Error(failed.map((r) => r.message).join('; '));
    done(account, name, 'Cloned.');
  } catch (failure) { showError(failure); }
}

startPage('create-role', async (profile) => {
  const state = readState({ tab: 'create', from: '' });
  element('tab-create').addEventListener('click', () => select('create'));
  element('tab-clone').addEventListener('click', () => select('clone'));
  element('create-form').addEventListener('submit', create);
  element('clone-form').addEventListener('submit', clone);
  for (const [id, name] of Object.entries(profile.accounts || {})) element('accounts').append(el('option', { value: id, text: `${name} (${id})` }));
  if (state.from) element('clone-source').value = state.from;
  select(state.tab === 'clone' || state.from ? 'clone' : 'create');
  if (!profile.authorization || !(profile.authorization.can_create_roles || profile.authorization.can_admin)) {
    element('result').replaceChildren(el('p', { class: 'warning', text: 'Only people with can_create_roles may create or clone roles; the server will refuse.' }));
  }
});
