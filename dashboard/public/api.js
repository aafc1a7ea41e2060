/* global fetch, URLSearchParams */
/** Calls the dashboard API with the session cookie, the CSRF token and the reader's language. */
let csrfToken = '';
let language = 'sr-Latn';

export function setCsrf(token) {
  csrfToken = token || '';
}

/** The locale the server renders names and reasons in (sent as Accept-Language). */
export function setLanguage(locale) {
  language = locale;
}

/**
 * An API error: `code` is the server's error code (the UI shows its own
 * localised message for it, never the server's English `message`), or
 * `Offline` when the server could not be reached at all.
 */
export class ApiError extends Error {
  constructor(status, code, message, detail) {
    super(message);
    this.status = status;
    this.code = code;
    this.detail = detail;
  }
}

async function send(method, path, body, extraHeaders = {}) {
  const headers = { accept: 'application/json', 'accept-language': language, ...extraHeaders };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET') headers['x-csrf-token'] = csrfToken;
  try {
    return await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'Offline', 'offline');
  }
}

async function failure(res) {
  const data = await res.json().catch(() => ({}));
  return new ApiError(res.status, data.code || 'InternalError', data.message || String(res.status), data.message);
}

export async function api(method, path, body) {
  const res = await send(method, path, body);
  if (!res.ok) throw await failure(res);
  return res.json().catch(() => ({}));
}

/**
 * A background check for changes: sends the ETag of the copy on screen and
 * returns null when the server answers 304 (nothing changed), else the new
 * data and its ETag. Marked as background, so it does not keep an idle
 * session signed in.
 */
export async function poll(path, etag) {
  const res = await send('GET', path, undefined, { 'x-bezbedno-background': '1', ...(etag ? { 'if-none-match': etag } : {}) });
  if (res.status === 304) return null;
  if (!res.ok) throw await failure(res);
  return { data: await res.json(), etag: res.headers.get('etag') };
}

/** A GET that also returns the ETag, for a view that polls afterwards. */
export async function getWithEtag(path) {
  const res = await send('GET', path);
  if (!res.ok) throw await failure(res);
  return { data: await res.json(), etag: res.headers.get('etag') };
}

export const get = (path) => api('GET', path);
export const post = (path, body = {}) => api('POST', path, body);
export const patch = (path, body) => api('PATCH', path, body);
export const put = (path, body) => api('PUT', path, body);

/** A query string from an object, leaving out empty values. */
export function qs(params) {
  const entries = Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== '');
  return entries.length ? `?${new URLSearchParams(entries).toString()}` : '';
}
