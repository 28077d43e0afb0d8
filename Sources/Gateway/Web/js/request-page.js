// One policy request (`/policies/request/{id}`): who asks and why, its status, the timeline of
// comments and decisions, one block per change (side-by-side diff of the current and proposed
// document, what becomes allowed or stops being allowed, a temporary grant's expiry and
// countdown) and only the actions the server says this person may take (request_config):
// approve all, reject, cancel, apply / edit (with lint) / cancel one change, end access early,
// change the expiry, comment. Every action is PUT /api/v2/requests/{id}; a 409 (someone else
// decided first) reloads the request and says who acted.
import { api, APIFailure, pathOf } from './api.js';
import { clearError, dateTime, duration, el, element, showError, showNotice } from './dom.js';
import { codeEditor, pretty } from './code-editor.js';
import { policyDiff } from './policy-diff.js';
import { withProgress } from './progress.js';
import { startPage } from './shell.js';

const id = decodeURIComponent(window.location.pathname.split('/').filter(Boolean).pop() || '');
const apiPath = `/api/v2/requests/${pathOf(id)}`;
let current = null;
let config = {};
let me = null;
let countdowns = [];

async function load() {
  const detail = await withProgress('Loading the request', () => api(apiPath), element('request'));
  current = typeof detail.request === 'string' ? JSON.parse(detail.request) : detail.request;
  config = detail.request_config || {};
  render();
}

async function command(body, done) {
  clearError();
  try {
    const answer = await withProgress('Saving', () => api(apiPath, { method: 'PUT', json: { modification_model: body } }));
    const failed = (answer.action_results || []).filter((result) => result.status === 'error');
    if (failed.length > 0) showError(new Error(failed.map((result) => result.message).join('; ')));
    else showNotice(done);
  } catch (failure) {
    if (failure instanceof APIFailure && failure.status === 409) {
      const other = failure.body && failure.body.request;
      const who = other ? (other.reviewer || (other.comments || []).slice(-1)[0]?.user_email || 'someone else') : 'someone else';
      showError(new Error(`${who} acted on this request first (it is now ${other ? other.request_status : 'changed'}); it has been reloaded. ${failure.message}`));
    } else {
      showError(failure);
    }
  }
  await load();
}

function button(label, action, { kind = '', describe = label } = {}) {
  return el('button', { type: 'button', class: kind, text: label, 'aria-label': describe, on: { click: action } });
}

function isoInput(expiresAt) {
  const date = new Date(expiresAt);
  const pad = (n) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

function changeBlock(change, index) {
  const title = `${change.change_type.replace(/_/g, ' ')}${change.policy_name ? `: ${change.policy_name}` : ''}`;
  const block = el('section', { class: 'card change', dataset: { changeId: change.id || '' }, 'aria-label': `Change ${index + 1}` },
    el('h3', {}, title, ' ', el('span', { class: `badge ${change.status || 'not_applied'}`, text: (change.status || 'not_applied').replace('_', ' ') })),
    el('p', { class: 'arn', text: change.arn || current.principal.principal_arn }));
  if (change.failure) block.append(el('p', { class: 'error', text: `AWS refused this change: ${change.failure}` }));
  const lists = el('div', { class: 'row' });
  if ((change.newly_allowed || []).length) lists.append(el('div', {}, el('h4', { text: 'Newly allowed' }), el('ul', { class: 'allowed' }, change.newly_allowed.map((a) => el('li', { class: 'mono', text: a })))));
  if ((change.no_longer_allowed || []).length) lists.append(el('div', {}, el('h4', { text: 'No longer allowed' }), el('ul', {}, change.no_longer_allowed.map((a) => el('li', { class: 'mono', text: a })))));
  block.append(lists);
  const diffSlot = el('div');
  block.append(diffSlot);
  if (change.policy) {
    policyDiff(change.old_policy ? pretty(change.old_policy.policy_document) : '', pretty(change.policy.policy_document))
      .then((diff) => diffSlot.replaceChildren(diff));
  } else if (change.change_type === 'resource_tag') {
    diffSlot.append(el('p', { text: `${change.tag_action || 'create'} tag ${change.key}=${change.value ?? ''}` }));
  } else if (change.arn && change.change_type !== 'inline_policy') {
    diffSlot.append(el('p', { text: `${change.action || 'attach'} ${change.arn}` }));
  }
  if (change.expires_at) {
    const countdown = el('strong', { class: 'countdown' });
    if (change.status === 'cancelled') countdown.textContent = current.request_status === 'expired' || change.applied_at ? 'access ended' : 'cancelled';
    else countdowns.push([countdown, Date.parse(change.expires_at)]);
    const expiry = el('p', { class: 'expiry' }, 'Temporary: ends ', el('time', { datetime: change.expires_at, text: new Date(change.expires_at).toLocaleString() }), ' (', countdown, ')');
    block.append(expiry);
    // The requester may move the end of a change nobody applied yet; once applied, only reviewers.
    const reviewer = Boolean(me && me.authorization && me.authorization.can_admin_policies);
    const open = ['pending', 'approved'].includes(current.request_status);
    if (open && config.can_update_cancel && ['not_applied', 'applied'].includes(change.status || 'not_applied') && (change.status !== 'applied' || reviewer)) {
      const input = el('input', { type: 'datetime-local', id: `expiry-${index}`, value: isoInput(change.expires_at) });
      block.append(el('p', { class: 'row' }, el('label', { for: input.id, text: 'New end' }), input,
        button('Change expiry', () => command({ command: 'update_change', change_id: change.id, expires_at: new Date(input.value).toISOString().replace(/\.\d{3}Z$/, 'Z') }, 'The expiry was changed.'),
          { describe: `Change the end of change ${index + 1}` })));
    }
    if (config.can_update_cancel && change.status === 'applied') {
      block.append(el('p', {}, button('End access now', () => command({ command: 'end_access', change_id: change.id }, 'Access ended.'), { kind: 'danger', describe: `End access now for change ${index + 1}` })));
    }
  }
  const actions = el('p', { class: 'row' });
  if (change.status === 'not_applied' || !change.status) {
    if (config.can_approve_reject) actions.append(button('Apply change', () => command({ command: 'apply_change', change_id: change.id }, 'The change was applied.'), { kind: 'primary', describe: `Apply change ${index + 1}` }));
    if (change.policy && (config.can_approve_reject || config.can_update_cancel)) actions.append(button('Edit policy', () => editPolicy(change), { describe: `Edit the proposed policy of change ${index + 1}` }));
    if (config.can_approve_reject || config.can_update_cancel) actions.append(button('Cancel change', () => command({ command: 'cancel_change', change_id: change.id }, 'The change was cancelled.'), { describe: `Cancel change ${index + 1}` }));
  }
  block.append(actions);
  return block;
}

let dialogEditor = null;
function editPolicy(change) {
  const dialog = element('edit-dialog');
  if (!dialogEditor) dialogEditor = codeEditor(element('edit-policy'), 'json');
  dialogEditor.value = pretty(change.policy.policy_document);
  dialog.onclose = async () => {
    if (dialog.returnValue !== 'save') return;
    let document;
    try { document = JSON.parse(dialogEditor.value); } catch (error) { showError(new Error(`The policy is not valid JSON: ${error.message}`)); return; }
    await command({ command: 'update_change', change_id: change.id, policy_document: document }, 'The proposed policy was updated.');
  };
  dialog.showModal();
  dialogEditor.editor?.refresh();
  dialogEditor.focus();
}

/** Time left to the second under a day (`1 h 59 min 58 s`), else days and hours. */
function remaining(seconds) {
  const s = Math.max(0, Math.floor(seconds));
  if (s >= 86400) return duration(s);
  const parts = [[Math.floor(s / 3600), 'h'], [Math.floor((s % 3600) / 60), 'min'], [s % 60, 's']];
  return parts.slice(parts.findIndex(([n], i) => n > 0 || i === 2)).map(([n, unit]) => `${n} ${unit}`).join(' ');
}

function tick() {
  const now = Date.now();
  for (const [node, end] of countdowns) node.textContent = end > now ? `${remaining((end - now) / 1000)} left` : 'ended';
}

function render() {
  countdowns = [];
  const r = current;
  element('title').textContent = `Request for ${r.principal.principal_arn.split('/').pop()}`;
  document.title = `Request ${r.id} · Portico`;
  const facts = el('dl', { class: 'facts' },
    el('dt', { text: 'Status' }), el('dd', {}, el('span', { id: 'request-status', class: `badge ${r.request_status}`, text: r.request_status })),
    el('dt', { text: 'Requester' }), el('dd', { id: 'requester', text: r.requester_email }),
    el('dt', { text: 'For' }), el('dd', { class: 'mono', text: r.principal.principal_arn }),
    el('dt', { text: 'Requested' }), el('dd', { text: new Date(r.timestamp).toLocaleString() }),
    el('dt', { text: 'Justification' }), el('dd', { id: 'justification', text: r.justification || '—' }),
    el('dt', { text: 'Reviewer' }), el('dd', { text: r.reviewer || '—' }),
    el('dt', { text: 'Last updated' }), el('dd', { text: dateTime(r.last_updated) }));
  const actions = el('p', { class: 'row', id: 'request-actions' });
  if (r.request_status === 'pending') {
    if (config.can_approve_reject) {
      actions.append(button('Approve all', () => command({ command: 'approve_request' }, 'Approved: every change was applied.'), { kind: 'primary', describe: 'Approve and apply every change' }));
      actions.append(button('Reject', () => command({ command: 'reject_request' }, 'The request was rejected.'), { kind: 'danger', describe: 'Reject the request' }));
    }
    if (config.can_update_cancel) actions.append(button('Cancel request', () => command({ command: 'cancel_request' }, 'The request was cancelled.')));
  }
  if (config.can_move_back_to_pending && ['rejected', 'cancelled'].includes(r.request_status)) {
    actions.append(button('Move back to pending', () => command({ command: 'move_back_to_pending' }, 'Back to pending.')));
  }
  const changes = (r.changes && r.changes.changes) || [];
  const timeline = el('ol', { class: 'timeline', 'aria-label': 'Timeline' },
    el('li', {}, el('strong', { text: r.requester_email }), ` asked on ${new Date(r.timestamp).toLocaleString()}`),
    (r.comments || []).map((c) => el('li', {}, el('strong', { text: c.user_email }), ` · ${new Date(c.timestamp).toLocaleString()}: `, c.text)));
  const comment = el('textarea', { id: 'comment', rows: 3 });
  const commentForm = el('form', { class: 'field', on: { submit: (event) => {
    event.preventDefault();
    if (!comment.value.trim()) { showError(new Error('Write a comment first.')); return; }
    command({ command: 'add_comment', comment_text: comment.value.trim() }, 'Comment added.');
  } } }, el('label', { for: 'comment', text: 'Add a comment' }), comment, el('p', {}, el('button', { type: 'submit', text: 'Comment' })));
  element('request').replaceChildren(facts, actions, el('h2', { text: `Changes (${changes.length})` }), ...changes.map(changeBlock),
    el('h2', { text: 'Timeline' }), timeline, commentForm);
  tick();
}

startPage('requests', async (user) => {
  me = user;
  await load();
  setInterval(tick, 1000);
});
