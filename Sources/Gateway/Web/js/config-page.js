// The dynamic configuration editor (`/config`, can_edit_config): the YAML in an editor, saved
// with the hash it was read at (a concurrent save is a 409: reload and try again); the
// server's key-path error (a wrong key or type) is shown on the line of that key; history
// with restore (puts an old version in the editor; saving stores it as the newest).
import { api, APIFailure } from './api.js';
import { clearError, el, element, showError, showNotice } from './dom.js';
import { codeEditor } from './code-editor.js';
import { withProgress } from './progress.js';
import { startPage } from './shell.js';

let editor;
let sha = '';

/**
 * The line (1-based) of `path` (`groups.can_admin`, `group_mapping[2]`, keys holding dots such
 * as `group_mapping.eng@example.com.roles` too) in `yaml`, or null.
 */
export function lineOfKeyPath(yaml, path) {
  const segments = path.replace(/\[\d+\]/g, '').split('.').filter(Boolean);
  const lines = yaml.split('\n');
  const keyAt = (i) => /^(\s*)(?:- )?["']?([^"'#]+?)["']?\s*:(\s|$)/.exec(lines[i]);
  // Below the key on line `from - 1` (indented more than `indent`), the rest of `segments`.
  const find = (rest, from, indent) => {
    if (rest.length === 0) return from;
    for (let i = from; i < lines.length; i += 1) {
      const match = keyAt(i);
      if (!match) continue;
      const depth = match[1].length;
      if (depth <= indent) return null;
      for (let take = 1; take <= rest.length; take += 1) {
        if (match[2].trim() !== rest.slice(0, take).join('.')) continue;
        const found = find(rest.slice(take), i + 1, depth);
        if (found !== null) return found;
      }
    }
    return null;
  };
  const after = find(segments, 0, -1);
  return after === null ? null : after;
}

function keyPathOf(failure) {
  const body = failure.body || {};
  if (typeof body.key_path === 'string') return body.key_path;
  if (typeof body.path === 'string') return body.path;
  const match = /([A-Za-z_][\w-]*(?:\[\d+\])?(?:\.[A-Za-z_][\w-]*(?:\[\d+\])?)*)\s*:/.exec(failure.message);
  return match ? match[1] : null;
}

async function load() {
  const answer = await withProgress('Loading the configuration', () => api('/api/v2/dynamic_config'));
  editor.value = answer.dynamicConfig || '';
  sha = answer.sha256 || '';
  element('sha').textContent = sha ? `version ${sha.slice(0, 12)}` : 'empty';
  editor.setFindings([]);
}

async function save() {
  clearError();
  try {
    const answer = await withProgress('Saving', () => api('/api/v2/dynamic_config', { method: 'POST', json: { existing_sha256: sha, new_config: editor.value } }));
    if (answer.status === 'error') throw new Error(answer.error || 'the configuration was not saved');
    sha = answer.newsha256 || answer.newsha56 || sha;
    element('sha').textContent = `version ${sha.slice(0, 12)}`;
    editor.setFindings([]);
    showNotice('Saved. Every service uses it within seconds.');
    await loadHistory();
  } catch (failure) {
    if (failure instanceof APIFailure && failure.status === 400) {
      const path = keyPathOf(failure);
      const line = path ? lineOfKeyPath(editor.value, path) : null;
      editor.setFindings(line ? [{ line, message: failure.message }] : []);
      element('config-text').dataset.errorLine = line ? String(line) : '';
      showError(new Error(`Not saved: ${failure.message}${line ? ` (line ${line})` : ''}`));
      return;
    }
    showError(failure);
  }
}

async function loadHistory() {
  let answer;
  try {
    answer = await api('/api/v2/dynamic_config/history');
  } catch (failure) {
    element('history').replaceChildren(el('p', { class: 'muted', text: `No history: ${failure.readable || failure.message}` }));
    return;
  }
  const versions = Array.isArray(answer) ? answer : (answer.versions || answer.history || answer.data || []);
  element('history').replaceChildren(el('table', {}, el('thead', {}, el('tr', {}, ['When', 'Who', 'Version', ''].map((t) => el('th', { scope: 'col', text: t })))),
    el('tbody', {}, versions.map((v) => el('tr', {},
      el('td', { text: v.updated_at ? new Date(Number(v.updated_at) > 1e12 ? Number(v.updated_at) : Number(v.updated_at) * 1000).toLocaleString() : '' }),
      el('td', { text: v.updated_by || '' }), el('td', { class: 'mono', text: (v.sha256 || '').slice(0, 12) }),
      el('td', {}, typeof (v.config ?? v.dynamicConfig) === 'string'
        ? el('button', { type: 'button', text: 'Restore', 'aria-label': `Restore the version of ${v.updated_at}`, on: { click: () => { editor.value = v.config ?? v.dynamicConfig; showNotice('That version is in the editor: Save to make it current.'); } } })
        : '')))))); 
}

startPage('config', async (profile) => {
  editor = codeEditor(element('config-text'), 'yaml');
  element('save').addEventListener('click', save);
  element('reload').addEventListener('click', () => load().catch(showError));
  if (!profile.authorization || !(profile.authorization.can_edit_config || profile.authorization.can_admin)) {
    showError(new Error('Only people with can_edit_config may edit the dynamic configuration.'));
    element('save').disabled = true;
  }
  await load();
  await loadHistory();
});
