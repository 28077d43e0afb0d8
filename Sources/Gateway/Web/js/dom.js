// What every page shows the same way: elements by id, and errors (with the roles a 901 lists)
// put into the page as text only, never as markup.
import { APIFailure } from './api.js';

/** The element with `id`. */
export const element = (id) => document.getElementById(id);

export function showError(failure) {
  const box = element('error');
  box.replaceChildren();
  const title = document.createElement('strong');
  title.textContent = failure instanceof APIFailure ? `Error ${failure.code}: ` : 'Error: ';
  box.append(title, document.createTextNode(failure.message || String(failure)));
  if (failure instanceof APIFailure && failure.matchingRoles.length > 0) {
    const list = document.createElement('ul');
    for (const arn of failure.matchingRoles) {
      const item = document.createElement('li');
      item.textContent = arn;
      list.append(item);
    }
    box.append(list);
  }
  if (failure instanceof APIFailure && failure.status === 401) {
    const again = document.createElement('a');
    again.href = '/';
    again.textContent = ' Sign in again';
    box.append(again);
  }
  box.hidden = false;
}

export function clearError() {
  element('error').hidden = true;
  element('error').replaceChildren();
}
