// Portico's REST API as the web pages call it: same-origin fetches with the session cookie, JSON
// answers, and failures carrying the API's error body (`{"code", "message", "matching roles"}`).

/** An API failure: ConsoleMe's code and message, plus the roles a 901 lists. */
export class APIFailure extends Error {
  constructor(status, code, message, matchingRoles) {
    super(message);
    this.status = status;
    this.code = code;
    this.matchingRoles = matchingRoles;
  }
}

/** `path` of the API (a GET unless `options` says otherwise); the JSON answer, or an APIFailure. */
export async function api(path, options = {}) {
  const headers = Object.assign({ Accept: 'application/json' }, options.headers || {});
  const response = await fetch(path, Object.assign({}, options, { headers, credentials: 'same-origin' }));
  let body = null;
  try {
    body = await response.json();
  } catch (_) {
    body = null;
  }
  if (!response.ok) {
    const code = body && body.code ? String(body.code) : String(response.status);
    const message = body && body.message ? String(body.message) : `HTTP ${response.status}`;
    const matching = body && Array.isArray(body['matching roles']) ? body['matching roles'].map(String) : [];
    throw new APIFailure(response.status, code, message, matching);
  }
  return body;
}
