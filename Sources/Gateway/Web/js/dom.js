// What every page does the same way: elements by id, elements built from data (text only, never
// markup: nothing shown is ever parsed as HTML), and errors shown in the page's alert box.
import { APIFailure } from './api.js';

/** The element with `id`. */
export const element = (id) => document.getElementById(id);

/**
 * A new `tag` element. `props`: `class`, `text`, `dataset`, `on` (event → handler), any
 * attribute name (set with setAttribute; `true` sets it empty, false/null leaves it out).
 * `children`: nodes or strings (as text), nested arrays flattened, null skipped.
 */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(props || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'class') node.className = value;
    else if (name === 'text') node.textContent = String(value);
    else if (name === 'dataset') Object.assign(node.dataset, value);
    else if (name === 'on') for (const [event, handler] of Object.entries(value)) node.addEventListener(event, handler);
    else if (name === 'value' || name === 'checked' || name === 'disabled' || name === 'selected') node[name] = value;
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(node, child);
    else node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** The readable text of any failure. */
export function readable(failure) {
  if (failure instanceof APIFailure) return failure.readable;
  return failure && failure.message ? failure.message : String(failure);
}

/** Shows `failure` in the page's alert box (`#error`), with the roles a 901 lists. */
export function showError(failure) {
  const box = element('error');
  box.replaceChildren(el('strong', { text: 'Error: ' }), readable(failure));
  if (failure instanceof APIFailure && failure.matchingRoles.length > 0) {
    box.append(el('ul', {}, failure.matchingRoles.map((arn) => el('li', { text: arn }))));
  }
  if (failure instanceof APIFailure && failure.status === 401) {
    box.append(' ', el('a', { href: window.location.pathname + window.location.search, text: 'Sign in again' }));
  }
  box.hidden = false;
  box.focus?.();
}

/** Shows a success (or neutral) notice in `#notice`. */
export function showNotice(...content) {
  const box = element('notice');
  if (!box) return;
  box.replaceChildren(...content);
  box.hidden = false;
}

export function clearError() {
  const box = element('error');
  box.hidden = true;
  box.replaceChildren();
}

/** Runs `fn` once the document is parsed. */
export function whenReady(fn) {
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', fn);
  else fn();
}

/** Copies `text` to the clipboard, then says so on `button` for a moment. */
export async function copyText(text, button) {
  const before = button.textContent;
  try {
    await navigator.clipboard.writeText(text);
    button.textContent = 'Copied';
  } catch (_) {
    button.textContent = 'Select and copy';
  }
  setTimeout(() => { button.textContent = before; }, 1500);
}

/** A duration in seconds as people say it: `45 s`, `12 min`, `3 h 5 min`, `2 d 4 h`. */
export function duration(seconds) {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
  return `${Math.floor(s / 86400)} d ${Math.floor((s % 86400) / 3600)} h`;
}

/** A Unix time (seconds) as a local date and time. */
export const dateTime = (unixSeconds) => new Date(unixSeconds * 1000).toLocaleString();
