// The role, user and resource editor (`/policies/edit/{account}/{kind}/…`): tabs for inline
// policies (add with templates, edit with lint, delete), trust policy, managed policies
// (attach from a typeahead, detach), permissions boundary, tags, resource policy; who may get
// credentials; pending and temporary grants; refresh from AWS. Every edit becomes a policy
// request (POST /api/v2/request) after a justification dialog, applied at once where an
// administrator chooses to. A role links to its clone form (can_create_roles) and can be
// deleted (DELETE /api/v2/roles/{account}/{name}, can_delete_iam_principals) after a
// confirmation. The open tab lives in the URL.
import { api, pathOf } from './api.js';
import { clearError, duration, el, element, showError } from './dom.js';
import { codeEditor, pretty } from './code-editor.js';
import { editorTarget } from './links.js';
import { withProgress } from './progress.js';
import { startPage } from './shell.js';
import { readState, writeState } from './url-state.js';

const target = editorTarget(window.location.pathname);
let item = null;
let me = null;
let templates = [];

const principal = () => ({ principal_type: 'AwsResource', principal_arn: item.arn });
const isIAM = () => target.kind === 'iamrole' || target.kind === 'iamuser';

function tabsFor() {
  if (isIAM()) {
    return [['inline', 'Inline policies'], target.kind === 'iamrole' ? ['trust', 'Trust policy'] : null, ['managed', 'Managed policies'],
      ['boundary', 'Permissions boundary'], ['tags', 'Tags'], ['access', 'Who may use it'], ['grants', 'Pending and temporary']].filter(Boolean);
  }
  if (target.kind === 'managed_policy') return [['document', 'Policy document']];
  return [['resource', 'Resource policy'], ['tags', 'Tags']];
}

/** Asks why, then submits `change` as a request; where chosen, applied at once. */
function submitChange(change, what) {
  const dialog = element('justify-dialog');
  element('justify-what').textContent = what;
  element('justify-text').value = '';
  element('justify-apply-label').hidden = !(me.authorization && me.authorization.can_admin_policies);
  dialog.onclose = async () => {
    if (dialog.returnValue !== 'submit') return;
    clearError();
    try {
      const answer = await withProgress('Submitting the change', () => api('/api/v2/request', { method: 'POST', json: {
        justification: element('justify-text').value.trim(), admin_auto_approve: element('justify-apply').checked,
        changes: { changes: [Object.assign({ principal: principal() }, change)] },
      } }));
      const url = answer.request_url || `/policies/request/${answer.request_id}`;
      element('notice').replaceChildren(answer.extended_request && answer.extended_request.request_status === 'approved' ? 'Applied. ' : 'Request submitted. ',
        el('a', { href: url, text: `See request ${answer.request_id}` }));
      element('notice').hidden = false;
      await load(false);
    } catch (failure) { showError(failure); }
  };
  dialog.showModal();
  element('justify-text').focus();
}

function documentEditor(label, text, onSave, { saveLabel = 'Submit change', withTemplates = false } = {}) {
  const id = `doc-${Math.random().toString(36).slice(2, 8)}`;
  const area = el('textarea', { id, 'aria-label': label });
  const wrapper = el('div', { class: 'card' }, el('label', { for: id, text: label }), area);
  const status = el('p', { class: 'muted', 'aria-live': 'polite' });
  const row = el('p', { class: 'row' });
  wrapper.append(status, row);
  setTimeout(() => {
    const editor = codeEditor(area, 'json');
    editor.value = text;
    if (withTemplates && templates.length) {
      const choice = el('select', { id: `${id}-template`, on: { change: () => { const t = templates.find((x) => x.key === choice.value); if (t) editor.value = pretty(JSON.parse(t.value)); } } },
        el('option', { value: '', text: 'start from a template…' }), ...templates.map((t) => el('option', { value: t.key, text: t.text || t.key })));
      row.append(el('label', { for: choice.id, class: 'visually-hidden', text: 'Template' }), choice);
    }
    row.append(el('button', { type: 'button', class: 'primary', text: saveLabel, on: { click: async () => {
      let document;
      try { document = JSON.parse(editor.value); } catch (error) { showError(new Error(`The policy is not valid JSON: ${error.message}`)); return; }
      try {
        const findings = await api('/api/v2/policies/check', { method: 'POST', json: document });
        const list = Array.isArray(findings) ? findings : (findings.findings || []);
        editor.setFindings(list.filter((f) => f.location && f.location.line).map((f) => ({ line: f.location.line, message: f.title || f.issue })));
        status.textContent = list.length ? `${list.length} finding(s): ${list.map((f) => f.title || f.issue).join('; ')}` : 'No findings.';
        if (list.some((f) => f.severity === 'ERROR')) return;
      } catch (_) { status.textContent = 'The checker is not available; the server checks again on submit.'; }
      onSave(document);
    } } }));
  }, 0);
  return wrapper;
}

const panels = {
  inline: () => {
    const list = (item.inline_policies || []).map((p) => el('details', { class: 'card' }, el('summary', { text: p.PolicyName || p.policy_name }),
      documentEditor(`Inline policy ${p.PolicyName || p.policy_name}`, pretty(p.PolicyDocument || p.policy_document),
        (doc) => submitChange({ change_type: 'inline_policy', policy_name: p.PolicyName || p.policy_name, new: false, action: 'attach', policy: { policy_document: doc } }), `Update inline policy ${p.PolicyName || p.policy_name}`),
      el('button', { type: 'button', class: 'danger', text: 'Delete this policy', on: { click: () => submitChange({ change_type: 'inline_policy', policy_name: p.PolicyName || p.policy_name, new: false, action: 'detach' }, `Delete inline policy ${p.PolicyName || p.policy_name}`) } })));
    const nameInput = el('input', { id: 'new-policy-name', pattern: '[A-Za-z0-9+=,.@_-]+', placeholder: 'optional: a name is made for you' });
    const fresh = el('details', { class: 'card' }, el('summary', { text: 'Add an inline policy' }),
      el('div', { class: 'field' }, el('label', { for: 'new-policy-name', text: 'Policy name' }), nameInput),
      documentEditor('New inline policy', pretty({ Version: '2012-10-17', Statement: [] }),
        (doc) => submitChange({ change_type: 'inline_policy', policy_name: nameInput.value.trim() || undefined, new: true, action: 'attach', policy: { policy_document: doc } }, 'Add an inline policy'),
        { withTemplates: true, saveLabel: 'Add policy' }));
    return [el('h2', { text: `Inline policies (${(item.inline_policies || []).length})` }), list, fresh];
  },
  trust: () => [documentEditor('Trust policy', pretty(item.assume_role_policy_document),
    (doc) => submitChange({ change_type: 'assume_role_policy', policy: { policy_document: doc } }, 'Update the trust policy'))],
  managed: () => {
    const input = el('input', { id: 'attach-arn', list: 'managed-options', autocomplete: 'off', placeholder: 'arn:aws:iam::aws:policy/ReadOnlyAccess' });
    const options = el('datalist', { id: 'managed-options' });
    api(`/api/v2/managed_policies/${pathOf(target.account)}`).then((arns) => {
      const list = Array.isArray(arns) ? arns : (arns && arns.data) || [];
      options.replaceChildren(...list.map((arn) => el('option', { value: typeof arn === 'string' ? arn : arn.arn })));
    }).catch(() => {});
    return [el('table', {}, el('tbody', {}, (item.managed_policies || []).map((p) => el('tr', {}, el('td', { text: p.PolicyName || p.policy_name }), el('td', { class: 'mono', text: p.PolicyArn || p.policy_arn }),
      el('td', {}, el('button', { type: 'button', text: 'Detach', 'aria-label': `Detach ${p.PolicyName || p.policy_name}`, on: { click: () => submitChange({ change_type: 'managed_policy', arn: p.PolicyArn || p.policy_arn, action: 'detach' }, `Detach ${p.PolicyArn || p.policy_arn}`) } })))))),
    el('div', { class: 'field' }, el('label', { for: 'attach-arn', text: 'Attach a managed policy' }), input, options),
    el('button', { type: 'button', text: 'Attach', on: { click: () => input.value.trim() && submitChange({ change_type: 'managed_policy', arn: input.value.trim(), action: 'attach' }, `Attach ${input.value.trim()}`) } })];
  },
  boundary: () => {
    const current = (item.permissions_boundary || {}).PermissionsBoundaryArn || (item.permissions_boundary || {}).permissions_boundary_arn || '';
    const input = el('input', { id: 'boundary-arn', value: current, placeholder: 'arn:aws:iam::…:policy/…' });
    return [el('p', { text: current ? `Current boundary: ${current}` : 'No permissions boundary.' }),
      el('div', { class: 'field' }, el('label', { for: 'boundary-arn', text: 'Boundary policy ARN' }), input),
      el('p', { class: 'row' }, el('button', { type: 'button', text: 'Set boundary', on: { click: () => submitChange({ change_type: 'permissions_boundary', arn: input.value.trim(), action: 'attach' }, 'Set the permissions boundary') } }),
        current ? el('button', { type: 'button', class: 'danger', text: 'Remove boundary', on: { click: () => submitChange({ change_type: 'permissions_boundary', arn: current, action: 'detach' }, 'Remove the permissions boundary') } }) : null)];
  },
  tags: () => {
    const tags = item.tags || (item.resource_details && item.resource_details.TagSet) || [];
    const key = el('input', { id: 'tag-key' });
    const value = el('input', { id: 'tag-value' });
    return [el('table', {}, el('thead', {}, el('tr', {}, el('th', { scope: 'col', text: 'Key' }), el('th', { scope: 'col', text: 'Value' }), el('th', {}))),
      el('tbody', {}, tags.map((t) => el('tr', {}, el('td', { text: t.Key ?? t.key }), el('td', { text: t.Value ?? t.value }),
        el('td', {}, el('button', { type: 'button', text: 'Delete', 'aria-label': `Delete tag ${t.Key ?? t.key}`, on: { click: () => submitChange({ change_type: 'resource_tag', tag_action: 'delete', key: t.Key ?? t.key }, `Delete tag ${t.Key ?? t.key}`) } })))))),
    el('div', { class: 'row' }, el('label', { for: 'tag-key', text: 'Key' }), key, el('label', { for: 'tag-value', text: 'Value' }), value,
      el('button', { type: 'button', text: 'Add or update tag', on: { click: () => key.value.trim() && submitChange({ change_type: 'resource_tag', tag_action: 'create', key: key.value.trim(), value: value.value }, `Tag ${key.value.trim()}=${value.value}`) } }))];
  },
  access: () => {
    const grants = item.credential_grants || [];
    return [el('p', { class: 'muted', text: 'Who may get credentials for this role, from its tags and the configuration.' }),
      grants.length ? el('ul', {}, grants.map((g) => el('li', {}, g.principal, g.cli_only ? el('span', { class: 'badge', text: 'CLI only' }) : null, g.source ? el('span', { class: 'muted', text: ` (${g.source})` }) : null)))
        : el('p', { text: 'Nobody is granted credentials for it.' })];
  },
  grants: () => {
    const pending = item.pending_requests || [];
    const temporary = item.temporary_grants || [];
    const link = (r) => el('a', { href: r.request_url || `/policies/request/${r.request_id || r.id}`, text: r.request_id || r.id || 'request' });
    return [el('h2', { text: 'Pending requests' }), pending.length ? el('ul', {}, pending.map((r) => el('li', {}, link(r), ` by ${r.requester_email || r.username || ''}`))) : el('p', { class: 'muted', text: 'None.' }),
      el('h2', { text: 'Temporary grants' }), temporary.length ? el('ul', {}, temporary.map((g) => {
        const end = Date.parse(g.expires_at);
        return el('li', {}, `${g.policy_name || g.change_type || 'grant'}: ends ${new Date(end).toLocaleString()} (${duration((end - Date.now()) / 1000)} left) `, link(g));
      })) : el('p', { class: 'muted', text: 'None.' })];
  },
  resource: () => [documentEditor('Resource policy', pretty((item.resource_details || {}).Policy || {}),
    (doc) => submitChange({ change_type: 'resource_policy', arn: item.arn, policy: { policy_document: doc } }, 'Update the resource policy'))],
  document: () => [documentEditor('Policy document', pretty((item.resource_details || {}).Policy || (item.resource_details || {}).PolicyDocument || {}),
    (doc) => submitChange({ change_type: 'managed_policy_resource', new: false, policy: { policy_document: doc } }, 'Update the managed policy'))],
};

function showTab(key) {
  const tabs = tabsFor();
  if (!tabs.some(([k]) => k === key)) key = tabs[0][0];
  for (const button of element('tabs').children) button.setAttribute('aria-selected', String(button.dataset.tab === key));
  element('panel').setAttribute('aria-labelledby', `tab-${key}`);
  element('panel').replaceChildren(...[panels[key]()].flat(Infinity));
  writeState({ tab: key }, { tab: tabs[0][0] });
}

function renderTabs(selected) {
  const tabs = tabsFor();
  element('tabs').replaceChildren(...tabs.map(([key, label]) => el('button', { type: 'button', role: 'tab', id: `tab-${key}`, dataset: { tab: key }, text: label,
    on: { click: () => showTab(key), keydown: (event) => {
      const index = tabs.findIndex(([k]) => k === key);
      const next = event.key === 'ArrowRight' ? tabs[(index + 1) % tabs.length] : event.key === 'ArrowLeft' ? tabs[(index + tabs.length - 1) % tabs.length] : null;
      if (next) { showTab(next[0]); element(`tab-${next[0]}`).focus(); }
    } } })));
  showTab(selected);
}

async function load(refresh) {
  const path = refresh && target.kind === 'iamrole' ? `${target.api}?force_refresh=true` : target.api;
  item = await withProgress(refresh ? 'Refreshing from AWS' : 'Loading', () => api(path), element('panel'));
  element('title').textContent = `${item.name || target.name} · ${item.account_name || target.account}`;
  element('subtitle').textContent = item.arn;
  element('swept').textContent = item.last_swept ? `read from AWS ${new Date(item.last_swept).toLocaleString()}` : '';
  renderTabs(readState({ tab: '' }).tab);
}

/** Deletes the role (its policies and instance profiles first) once the person confirms. */
async function deleteRole() {
  if (!window.confirm(`Delete ${item.arn}? Its inline policies and instance profiles are deleted and its managed policies detached. This cannot be undone.`)) return;
  clearError();
  await withProgress('Deleting the role', () => api(target.api, { method: 'DELETE' }));
  window.location.assign('/policies');
}

startPage('policies', async (profile) => {
  me = profile;
  const rights = profile.authorization || {};
  if (target && target.kind === 'iamrole') {
    element('clone-role').hidden = !(rights.can_create_roles || rights.can_admin);
    element('clone-role').href = `/create_role?from=${encodeURIComponent(`arn:aws:iam::${target.account}:role/${target.name}`)}`;
    element('delete-role').hidden = !(rights.can_delete_iam_principals || rights.can_admin);
    element('delete-role').addEventListener('click', () => deleteRole().catch(showError));
  }
  if (!target) throw new Error('This address names no role, user or resource: /policies/edit/<account>/<iamrole|iamuser|s3|sqs|sns|managed_policy>/<name>.');
  element('refresh').hidden = target.kind !== 'iamrole';
  element('refresh').addEventListener('click', () => load(true).catch(showError));
  api('/api/v2/permission_templates').then((answer) => { templates = (answer && answer.permission_templates) || []; }).catch(() => {});
  await load(false);
});
