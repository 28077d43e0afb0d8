// Side-by-side diff of two policy documents (current | proposed), line by line, with Debian's
// jsdiff (node-diff, /static/vendor/diff/diff.mjs); where it is not installed, both documents
// side by side without marks.
import { el } from './dom.js';

let library = null;
async function jsdiff() {
  if (library === null) library = import('/static/vendor/diff/diff.mjs').catch(() => undefined);
  return library;
}

/** A two-column diff of `before` and `after` (texts), labelled for screen readers. */
export async function policyDiff(before, after, labels = ['Current policy', 'Proposed policy']) {
  const left = el('pre', { 'aria-label': labels[0] });
  const right = el('pre', { 'aria-label': labels[1] });
  const diff = await jsdiff();
  if (!diff) {
    left.textContent = before;
    right.textContent = after;
  } else {
    for (const part of diff.diffLines(before || '', after || '')) {
      const lines = part.value.replace(/\n$/, '').split('\n');
      for (const line of lines) {
        if (part.added) { right.append(el('span', { class: 'added', text: `+ ${line}` })); left.append(el('span', { class: 'blank', text: ' ' })); }
        else if (part.removed) { left.append(el('span', { class: 'removed', text: `- ${line}` })); right.append(el('span', { class: 'blank', text: ' ' })); }
        else { left.append(el('span', { class: 'same', text: `  ${line}` })); right.append(el('span', { class: 'same', text: `  ${line}` })); }
      }
    }
  }
  return el('div', { class: 'diff' }, el('div', {}, el('h4', { text: labels[0] }), left), el('div', {}, el('h4', { text: labels[1] }), right));
}
