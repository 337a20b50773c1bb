// The annotator's token lives in this tab's sessionStorage only: no cookies (so no CSRF), nothing
// that outlives the tab, and never in a URL the server sees (the fragment is not sent).

const STORAGE_KEY = 'edit-r1-annotate-token';

/**
 * Keeps a `#token=...` from the link printed at start, then takes it out of the address bar so it is
 * not left in history, bookmarks or a screenshot of the page.
 */
export function takeTokenFromFragment() {
  const params = new URLSearchParams(location.hash.slice(1));
  const token = params.get('token');
  if (token === null) return;
  params.delete('token');
  const rest = params.toString();
  history.replaceState(history.state, '', `${location.pathname}${location.search}${rest ? `#${rest}` : ''}`);
  if (token.trim() !== '') saveToken(token);
}

export function loadToken() {
  return sessionStorage.getItem(STORAGE_KEY);
}

export function saveToken(token) {
  sessionStorage.setItem(STORAGE_KEY, token.trim());
}

export function forgetToken() {
  sessionStorage.removeItem(STORAGE_KEY);
}
