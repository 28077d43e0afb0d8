// The self-service wizard (`/selfservice`): 1 the role (typeahead of the roles this person may
// request for) and an optional expiry; 2 a service from the permissions map, its inputs
// (resource typeahead), action groups and advanced options: every "Add to policy" calls
// generate_changes with what is already in the policy (hand edits included: they win) and
// shows the live policy, its plain-English summary and the checker's findings; 3 a dry run
// (every change the request would make, cross-account resource policies too), a required
// justification, submit (or submit and apply for admins where allowed), and a link to the
// request. Step, role and service live in the URL.
import { api } from './api.js';
import { clearError, el, element, showError } from './dom.js';
import { codeEditor, pretty } from './code-editor.js';
import { withProgress } from './progress.js';
import { startPage } from './shell.js';
import { readState, writeState } from './url-state.js';

const defaults = { step: '1', role: '', service: '' };
const state = { config: null, principal: null, candidates: new Map(), generated: null };
let policyEditor;

const list = (text) => text.split(/[\s,]+/).map((s) => s.trim()).filter(Boolean);

function showStep(step) {
  for (const n of [1, 2, 3]) {
    element(`step-${n}`).hidden = n !== step;
    element(`step-${n}-label`).toggleAttribute('aria-current', n === step);
    if (n === step) element(`step-${n}-label`).setAttribute('aria-current', 'step');
  }
  writeState({ step: String(step), role: state.principal ? state.principal.principal_arn : element('role').value, service: element('service').value }, defaults);
  if (step === 2) policyEditor?.editor?.refresh();
}

function debounce(fn, ms) {
  let timer = null;
  return (...args) => { clearTimeout(timer); timer = setTimeout(() => fn(...args), ms); };
}

/** Inventory rows (POST /api/v2/policies, the rows this person may see) of one type whose ARN holds `text`. */
async function inventoryRows(technology, text, limit = 20) {
  const page = await api('/api/v2/policies', { method: 'POST', json: { filters: { technology, arn: text }, limit } });
  return Array.isArray(page && page.data) ? page.data : [];
}

// ConsoleMe's resource typeahead (`/policies/typeahead?resource=s3…`) answered from the inventory.
const typeaheadTechnologies = { s3: 'AWS::S3::Bucket', sqs: 'AWS::SQS::Queue', sns: 'AWS::SNS::Topic', iam_arn: 'AWS::IAM::Role' };

async function typeaheadRoles() {
  const query = element('role').value.trim();
  if (state.candidates.has(query)) { state.principal = state.candidates.get(query).principal; return; }
  if (query.length < 2) return;
  const rows = await inventoryRows('AWS::IAM::Role', query);
  const options = element('role-options');
  options.replaceChildren();
  for (const row of rows) {
    state.candidates.set(row.arn, { principal: { principal_type: 'AwsResource', principal_arn: row.arn } });
    options.append(el('option', { value: row.arn, text: `${row.arn.split('/').pop()} (${row.account_name || row.account_id})` }));
  }
}

/** The suggestions of one wizard input's typeahead endpoint, as strings. */
async function suggestions(endpoint, text) {
  const resource = /^\/policies\/typeahead\?(?:.*&)?resource=([a-z_0-9]+)/.exec(endpoint);
  if (resource && typeaheadTechnologies[resource[1]]) return (await inventoryRows(typeaheadTechnologies[resource[1]], text)).map((row) => row.arn);
  const found = await api(endpoint.replace('{query}', encodeURIComponent(text)));
  return (Array.isArray(found) ? found : []).map((item) => (typeof item === 'string' ? item : item.title || item.permission || '')).filter(Boolean);
}

function renderService() {
  const map = state.config.permissions_map || {};
  const service = map[element('service').value];
  element('service-help').textContent = service ? service.description || '' : '';
  const inputs = element('service-inputs');
  inputs.replaceChildren();
  for (const input of (service && service.inputs) || []) {
    const id = `input-${input.name}`;
    const field = el('input', { id, type: 'text', autocomplete: 'off', value: input.default || '', dataset: { name: input.name }, 'aria-required': input.required ? 'true' : null });
    const wrapper = el('div', { class: 'field' }, el('label', { for: id, text: input.text || input.name }), field);
    if (input.typeahead_endpoint) {
      const options = el('datalist', { id: `${id}-options` });
      field.setAttribute('list', options.id);
      wrapper.append(options);
      field.addEventListener('input', debounce(async () => {
        if (field.value.trim().length < 2) return;
        try {
          const found = await suggestions(input.typeahead_endpoint, field.value.trim());
          options.replaceChildren(...found.map((value) => el('option', { value })));
        } catch (_) { /* typeahead is a help only */ }
      }, 200));
    }
    inputs.append(wrapper);
  }
  const groups = element('action-groups');
  groups.replaceChildren(el('legend', { text: 'What may it do' }));
  for (const group of (service && service.action_map) || []) {
    groups.append(el('label', { class: 'row' }, el('input', { type: 'checkbox', value: group.name, name: 'action-group' }), ` ${group.text || group.name}`));
  }
  writeState({ service: element('service').value }, defaults);
}

function generator() {
  const type = element('service').value;
  const change = { principal: state.principal, generator_type: type, action_groups: [...document.querySelectorAll('input[name=action-group]:checked')].map((c) => c.value),
    effect: 'Allow', extra_actions: list(element('extra-actions').value) };
  for (const field of element('service-inputs').querySelectorAll('input[data-name]')) {
    const name = field.dataset.name;
    if (!field.value.trim()) continue;
    change[name] = name === 'resource_arn' ? list(field.value) : field.value.trim();
  }
  if (list(element('include-accounts').value).length) change.include_accounts = list(element('include-accounts').value);
  if (list(element('exclude-accounts').value).length) change.exclude_accounts = list(element('exclude-accounts').value);
  return change;
}

/** The document in the editor, when it parses (hand edits win over what was generated). */
function editedDocument() {
  const text = policyEditor.value.trim();
  if (!text) return null;
  try { return JSON.parse(text); } catch (error) { throw new Error(`The policy is not valid JSON: ${error.message}`); }
}

async function addToPolicy() {
  clearError();
  const changes = [generator()];
  const existing = editedDocument();
  if (existing) changes.push({ principal: state.principal, generator_type: 'custom_iam', policy: existing });
  const answer = await withProgress('Generating the policy', () => api('/api/v2/generate_changes', { method: 'POST', json: { changes } }));
  const change = (answer.changes || [])[0];
  if (!change || !change.policy) throw new Error('the server generated no policy');
  state.generated = change;
  policyEditor.value = pretty(change.policy.policy_document);
  element('policy').dataset.statements = String((change.policy.policy_document.Statement || []).length);
  renderSummary(change.explanations || []);
  await check();
}

function renderSummary(summary) {
  const lines = (Array.isArray(summary) ? summary : [summary]).filter((line) => typeof line === 'string' && line);
  element('summary').replaceChildren(...lines.map((line) => el('li', { text: line })));
}

/** The checker's findings on the policy in the editor (`[{issue, title, severity, detail, description, location}]`). */
async function check() {
  const document = editedDocument();
  if (!document) return;
  const answer = await api('/api/v2/policies/check', { method: 'POST', json: document });
  const findings = Array.isArray(answer) ? answer : [];
  element('findings').replaceChildren(...findings.map((f) => el('li', { class: f.severity === 'ERROR' ? 'error' : 'warning' },
    el('strong', { text: `${f.severity || ''} ${f.title || f.issue}: ` }), f.description || f.detail || '',
    f.location ? el('span', { class: 'mono', text: ` (${f.location})` }) : null)));
  element('findings').dataset.count = String(findings.length);
}

function expiresAt() {
  const amount = Number(element('expiry-amount').value);
  if (!amount) return undefined;
  const ms = amount * (element('expiry-unit').value === 'days' ? 86400000 : 3600000);
  // Whole seconds: the request service reads ISO 8601 without fractions.
  return new Date(Date.now() + ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The request: the generated inline policy change (its name, action attach) with the editor's document. */
function requestBody(dryRun, autoApprove) {
  const generated = state.generated || {};
  const change = { principal: state.principal, change_type: 'inline_policy', new: true, action: 'attach',
    policy_name: generated.policy_name || `portico_${Date.now()}`, policy: { policy_document: editedDocument() } };
  const expiry = expiresAt();
  if (expiry) change.expires_at = expiry;
  return { justification: element('justification').value.trim(), dry_run: dryRun, admin_auto_approve: autoApprove, changes: { changes: [change] } };
}

async function dryRun() {
  const answer = await withProgress('Checking what would change', () => api('/api/v2/request', { method: 'POST', json: Object.assign(requestBody(true, false), { justification: 'dry run' }) }));
  const changes = (answer.extended_request && answer.extended_request.changes && answer.extended_request.changes.changes) || [];
  element('dry-run').replaceChildren(el('h2', { text: `This request makes ${changes.length} change${changes.length === 1 ? '' : 's'}` }),
    ...changes.map((c) => el('section', { class: 'card' }, el('h3', { text: `${c.change_type.replace(/_/g, ' ')} on ${c.arn || c.principal.principal_arn}` }),
      c.policy ? el('pre', { text: pretty(c.policy.policy_document) }) : null,
      (c.newly_allowed || []).length ? el('p', {}, 'Newly allowed: ', c.newly_allowed.join(', ')) : null)));
}

async function submit(autoApprove) {
  clearError();
  if (!element('justification').value.trim()) {
    element('justification').setAttribute('aria-invalid', 'true');
    element('justification').focus();
    throw new Error('A justification is required: say why you need this access.');
  }
  const answer = await withProgress('Submitting', () => api('/api/v2/request', { method: 'POST', json: requestBody(false, autoApprove) }));
  const url = answer.request_url || `/policies/request/${answer.request_id}`;
  element('result').replaceChildren(el('p', { class: 'notice' }, autoApprove ? 'Applied. ' : 'Request submitted. ', el('a', { id: 'request-link', href: url, text: `See request ${answer.request_id}` })));
  element('submit').disabled = true;
  element('submit-apply').disabled = true;
}

const guarded = (fn) => async (...args) => { try { await fn(...args); } catch (failure) { showError(failure); } };

startPage('selfservice', async () => {
  const initial = readState(defaults);
  policyEditor = codeEditor(element('policy'), 'json');
  state.config = await withProgress('Loading the permissions map', () => api('/api/v2/self_service_config'));
  const map = state.config.permissions_map || {};
  for (const [key, service] of Object.entries(map)) element('service').append(el('option', { value: key, text: service.text || key }));
  if (initial.service && map[initial.service]) element('service').value = initial.service;
  renderService();
  element('service').addEventListener('change', renderService);
  element('role').value = initial.role;
  element('role').addEventListener('input', debounce(guarded(typeaheadRoles), 200));
  element('submit-apply').hidden = !state.config.admin_bypass_approval_enabled;
  element('to-step-2').addEventListener('click', guarded(async () => {
    clearError();
    const value = element('role').value.trim();
    if (!value) throw new Error('Choose the role to grant to first.');
    state.principal = state.candidates.has(value) ? state.candidates.get(value).principal : { principal_type: 'AwsResource', principal_arn: value };
    showStep(2);
  }));
  element('back-1').addEventListener('click', () => showStep(1));
  element('back-2').addEventListener('click', () => showStep(2));
  element('add').addEventListener('click', guarded(addToPolicy));
  element('policy').addEventListener('change', guarded(check));
  element('to-step-3').addEventListener('click', guarded(async () => {
    if (!editedDocument()) throw new Error('Add at least one permission first.');
    showStep(3);
    await dryRun();
  }));
  element('submit').addEventListener('click', guarded(() => submit(false)));
  element('submit-apply').addEventListener('click', guarded(() => submit(true)));
  if (initial.role && initial.step !== '1') {
    state.principal = { principal_type: 'AwsResource', principal_arn: initial.role };
    showStep(2);
  } else {
    showStep(1);
  }
});
