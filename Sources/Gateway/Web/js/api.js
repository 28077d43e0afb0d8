// Portico's REST API as the web pages call it: same-origin fetches with the session cookie, JSON
// answers, the CSRF token added to every state-changing call, and every failure (an API error
// body, a network failure, an answer that is not JSON) turned into an APIFailure whose
// `readable` text says what happened and what to do, never a bare status code.

/** An API failure: the HTTP status (0 when the server was not reached), ConsoleMe's code and
 * message, the roles a 901 lists, and the whole error body for pages that need more. */
export class APIFailure extends Error {
  constructor(status, code, message, matchingRoles = [], body = null) {
    super(message);
    this.status = status;
    this.code = code;
    this.matchingRoles = matchingRoles;
    this.body = body;
  }

  /** What a person reads: the server's message, prefixed by what the status means. */
  get readable() {
    const message = this.message;
    switch (true) {
      case this.status === 0: return `The server could not be reached (${message}). Check the connection and try again.`;
      case this.status === 400: return `The request was not accepted: ${message}`;
      case this.status === 401: return `Your session has ended (${message}). Sign in again.`;
      case this.status === 403: return `Not allowed: ${message}`;
      case this.status === 404: return `Not found: ${message}`;
      case this.status === 409: return `Someone else changed this first: ${message}`;
      case this.status === 413: return `Too large: ${message}`;
      case this.status === 429: return `Too many requests: ${message}. Wait a moment and try again.`;
      case this.status >= 500: return `The server could not answer (HTTP ${this.status}): ${message}. Try again in a moment.`;
      default: return message;
    }
  }
}

const unsafeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
let profilePromise = null;

/** The signed-in user's profile (`/api/v2/user_profile`), fetched once per page. */
export function profile() {
  if (!profilePromise) {
    profilePromise = api('/api/v2/user_profile').catch((failure) => {
      profilePromise = null;
      throw failure;
    });
  }
  return profilePromise;
}

/** The message of an error body in any of the shapes the API uses. */
function messageOf(body, status) {
  if (body && typeof body === 'object') {
    if (typeof body.message === 'string' && body.message) return body.message;
    if (Array.isArray(body.errors) && body.errors.length > 0) return body.errors.map(String).join('; ');
    if (typeof body.title === 'string' && body.title) return body.title;
    if (typeof body.reason === 'string' && body.reason) return body.reason;
  }
  return `HTTP ${status}`;
}

/**
 * `path` of the API: a GET unless `options.method` says otherwise; `options.json` is sent as
 * the JSON body. Resolves to the JSON answer (null for an empty one), or rejects with an
 * APIFailure.
 */
export async function api(path, options = {}) {
  const method = (options.method || 'GET').toUpperCase();
  const headers = Object.assign({ Accept: 'application/json' }, options.headers || {});
  const init = { method, headers, credentials: 'same-origin', signal: options.signal };
  if (options.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(options.json);
  } else if (options.body !== undefined) {
    init.body = options.body;
  }
  if (unsafeMethods.has(method) && !headers['X-CSRF-Token']) {
    headers['X-CSRF-Token'] = (await profile()).csrf_token || '';
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (error) {
    if (error && error.name === 'AbortError') throw error;
    throw new APIFailure(0, 'network', error && error.message ? error.message : String(error));
  }
  const text = await response.text();
  let body = null;
  if (text) {
    try {
      body = JSON.parse(text);
    } catch (_) {
      if (response.ok) throw new APIFailure(response.status, 'invalid', 'the server answered something that is not JSON');
    }
  }
  if (!response.ok) {
    const code = body && body.code ? String(body.code) : String(response.status);
    const matching = body && Array.isArray(body['matching roles']) ? body['matching roles'].map(String) : [];
    throw new APIFailure(response.status, code, messageOf(body, response.status), matching, body);
  }
  return body;
}

/** A path segment (or the rest of a path) with every character but `/` percent-encoded. */
export const pathOf = (value) => String(value).split('/').map(encodeURIComponent).join('/');
