// What every page has around its content: the menu (the pages the signed-in user may use, the
// current one marked), who is signed in, and a sign-out (POST /api/v2/logout). A page calls
// `startPage(name, run)`; `run(profile)` fills the page, and whatever it throws is shown.
import { api, profile } from './api.js';
import { clearError, el, element, showError, whenReady } from './dom.js';

const pages = [
  { name: 'roles', href: '/', label: 'Roles' },
  { name: 'selfservice', href: '/selfservice', label: 'Request access' },
  { name: 'requests', href: '/requests', label: 'Requests' },
  { name: 'policies', href: '/policies', label: 'Policies' },
  { name: 'create-role', href: '/create_role', label: 'Create role', right: 'can_create_roles' },
  { name: 'config', href: '/config', label: 'Config', right: 'can_edit_config' },
  { name: 'cache', href: '/cache', label: 'Cache', right: 'can_admin' },
];

function renderMenu(current, user) {
  const rights = (user && user.authorization) || {};
  const nav = element('site-nav');
  if (!nav) return;
  nav.replaceChildren(el('ul', {}, pages
    .filter((page) => !page.right || rights[page.right] || (page.right !== 'can_admin' && rights.can_admin))
    .map((page) => el('li', {}, el('a', { href: page.href, text: page.label, 'aria-current': page.name === current ? 'page' : null })))));
}

async function signOut() {
  clearError();
  try {
    await api('/api/v2/logout', { method: 'POST' });
  } catch (failure) {
    showError(failure);
    return;
  }
  element('sign-out').hidden = true;
  element('who').textContent = 'Signed out';
  element('site-nav')?.replaceChildren();
  element('main').replaceChildren(el('section', { class: 'signed-out' },
    el('h1', { text: 'You are signed out' }),
    el('p', {}, 'Your Portico session has ended on every server. ', el('a', { href: '/', text: 'Sign in again' }))));
}

/** Builds the page's frame, then runs `run(profile)`, showing any failure. */
export function startPage(current, run) {
  whenReady(async () => {
    renderMenu(current, null);
    element('sign-out')?.addEventListener('click', signOut);
    let user;
    try {
      user = await profile();
    } catch (failure) {
      element('who').textContent = 'Not signed in';
      showError(failure);
      return;
    }
    const groups = Array.isArray(user.groups) && user.groups.length > 0 ? ` (${user.groups.join(', ')})` : '';
    element('who').textContent = `${user.user}${groups}`;
    element('who').title = `Signed in as ${user.user}`;
    if (user.can_logout) element('sign-out').hidden = false;
    renderMenu(current, user);
    try {
      await run(user);
    } catch (failure) {
      showError(failure);
    }
    document.body.dataset.ready = 'true';
  });
}
