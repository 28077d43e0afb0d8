// The URL in step with what a page shows: its filters, tab, sort and page live in the query
// string, so a copied link opens the same view. Reads on start, replaces (not pushes) on change
// so Back leaves the page rather than undoing each keystroke.

/** The query parameters as an object, each absent one taking its value from `defaults`. */
export function readState(defaults = {}) {
  const params = new URLSearchParams(window.location.search);
  const state = Object.assign({}, defaults);
  for (const [key, value] of params) state[key] = value;
  return state;
}

/** Writes `state` into the query string, leaving out empty values and those equal to `defaults`. */
export function writeState(state, defaults = {}) {
  const params = new URLSearchParams(window.location.search);
  for (const [key, value] of Object.entries(state)) {
    const text = value === undefined || value === null ? '' : String(value);
    if (text === '' || text === String(defaults[key] ?? '')) params.delete(key);
    else params.set(key, text);
  }
  const query = params.toString();
  const url = window.location.pathname + (query ? `?${query}` : '') + window.location.hash;
  if (url !== window.location.pathname + window.location.search + window.location.hash) {
    window.history.replaceState(window.history.state, '', url);
  }
}
