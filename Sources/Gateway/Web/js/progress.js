// Progress for anything slower than a blink: the region (`#progress`, role=status) says what is
// under way after 150 ms, with an indeterminate bar, and the busy element carries aria-busy.
import { el, element } from './dom.js';

const delayMs = 150;
let running = 0;

/** Runs `task` (a function returning a promise) showing `label` while it takes, on `busy` too. */
export async function withProgress(label, task, busy = null) {
  const region = element('progress');
  running += 1;
  if (busy) busy.setAttribute('aria-busy', 'true');
  const timer = setTimeout(() => {
    if (!region) return;
    region.replaceChildren(el('progress', { 'aria-label': label }), el('span', { text: ` ${label}…` }));
    region.hidden = false;
  }, delayMs);
  try {
    return await task();
  } finally {
    clearTimeout(timer);
    running -= 1;
    if (busy) busy.removeAttribute('aria-busy');
    if (region && running === 0) {
      region.replaceChildren();
      region.hidden = true;
    }
  }
}
