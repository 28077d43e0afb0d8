// The CLI sign-in approval (`/challenge_validator/{token}`, opened by `portico login`): who asks
// to sign in, from which address, and a button that approves with a same-origin POST carrying
// the CSRF token. Only the user the CLI named may approve, from the same address when the
// server requires it; the server says why not otherwise.
import { api, pathOf } from './api.js';
import { clearError, el, element, showError, showNotice } from './dom.js';
import { withProgress } from './progress.js';
import { startPage } from './shell.js';

const token = decodeURIComponent(window.location.pathname.split('/').filter(Boolean).pop() || '');
const apiPath = `/api/v2/challenge_validator/${pathOf(token)}`;

function describe(challenge) {
  const facts = el('dl', { class: 'facts' },
    el('dt', { text: 'Signing in as' }), el('dd', {}, el('strong', { text: challenge.user })),
    el('dt', { text: 'From address' }), el('dd', {}, el('strong', { class: 'mono', text: challenge.address || 'unknown' })),
    el('dt', { text: 'Status' }), el('dd', {}, el('span', { class: `badge ${challenge.status}`, text: challenge.status })));
  element('challenge').replaceChildren(
    el('p', {}, 'A command-line client at ', el('strong', { class: 'mono', text: challenge.address || 'an unknown address' }),
      ' asks to sign in to Portico as ', el('strong', { text: challenge.user }), '.'),
    facts);
}

async function approve(button) {
  clearError();
  button.disabled = true;
  try {
    const answer = await withProgress('Approving', () => api(apiPath, { method: 'POST' }));
    showNotice(answer && answer.message ? answer.message : 'The CLI is signed in; you may close this page.');
    button.hidden = true;
    describe(await api(apiPath));
  } catch (failure) {
    button.disabled = false;
    showError(failure);
  }
}

startPage('challenge', async () => {
  const challenge = await withProgress('Looking up the sign-in', () => api(apiPath));
  describe(challenge);
  const button = element('approve');
  if (challenge.status === 'pending') {
    button.hidden = false;
    button.addEventListener('click', () => approve(button));
  } else {
    showNotice('This sign-in was already approved; nothing to do.');
  }
});
