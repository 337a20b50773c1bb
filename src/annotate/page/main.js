// The annotation page: sign in, show one pair at a time, send each label and move on only once the
// server has stored it. body[data-state] says where the page is (starting, signin, loading, ready,
// saving, done, error), for the browser tests and for anyone debugging a stuck page.
import { ApiError, createApi } from './api.js';
import { createCompare } from './compare.js';
import { createPairImages } from './pair-images.js';
import { newSubmissionId } from './submission-id.js';
import { forgetToken, loadToken, saveToken, takeTokenFromFragment } from './token.js';
import { createZoom } from './zoom.js';

const $ = (id) => document.getElementById(id);
const task = $('task');

/** Keys and buttons share these action names (the buttons' data-action). */
const KEY_ACTIONS = { 1: 'left', 2: 'same', 3: 'right', u: 'undo', z: 'zoom', f: 'flicker', Escape: 'calm' };
const PAN_KEYS = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };

const state = {
  /** The pair on screen, or null (sign-in, done, not loaded yet). */
  pair: null,
  /** A request is in flight: keys and buttons that would send another are ignored until it ends. */
  busy: false,
  /** The label being sent: resending the same choice for the same pair reuses its submissionId, so a retry after a lost answer is not a second label. */
  pending: null,
  shownAt: 0,
};

takeTokenFromFragment();
const api = createApi(loadToken);
const images = createPairImages(api, {
  source: [$('source-img'), ...task.querySelectorAll('.source-copy')],
  left: $('left-img'),
  right: $('right-img'),
});
const zoom = createZoom($('images'), (on) => setPressed('zoom', on));
const compare = createCompare($('images'), ({ flicker, showingSource }) => {
  setPressed('flicker', flicker);
  $('compare-state').textContent = showingSource ? 'Showing the source in place of the edits' : '';
});

function setPageState(name) {
  document.body.dataset.state = name;
}

function setPressed(action, pressed) {
  for (const button of document.querySelectorAll(`[data-action="${action}"]`)) {
    button.setAttribute('aria-pressed', String(pressed));
  }
}

function setBusy(busy) {
  state.busy = busy;
  for (const action of ['left', 'same', 'right', 'undo']) {
    for (const button of document.querySelectorAll(`[data-action="${action}"]`)) button.disabled = busy;
  }
}

function showError(message) {
  $('error').textContent = message;
  $('error').hidden = false;
}

function clearMessages() {
  $('error').hidden = true;
  $('error').textContent = '';
  $('status').textContent = '';
}

function describe(error) {
  return error instanceof Error ? error.message : String(error);
}

/** Every failure ends here: shown on the page, and a refused token sends the annotator to sign in. */
function report(error, context) {
  if (error instanceof ApiError && error.status === 401) {
    forgetToken();
    showSignIn(
      `The server did not accept this token (${error.message}). Sign in with the token printed at start.`,
    );
    return;
  }
  showError(`${context}: ${describe(error)}`);
  setPageState(state.pair === null ? 'error' : 'ready');
}

function showSignIn(message) {
  state.pair = null;
  images.clear();
  task.hidden = true;
  $('done').hidden = true;
  $('signin').hidden = false;
  $('progress').textContent = '';
  $('mode').textContent = '';
  if (message) showError(message);
  setPageState('signin');
  $('token-input').focus();
}

function showDone(next) {
  state.pair = null;
  images.clear();
  task.hidden = true;
  delete task.dataset.pairId;
  $('done').hidden = false;
  $('progress').textContent = `Done: ${next.labelled} of ${next.total}`;
  $('done-text').textContent = `You have labelled all ${next.total} pairs assigned to you. Thank you.`;
  setPageState('done');
  $('done').focus();
}

async function showPair(next) {
  const { pair } = next;
  // Images first: the instruction and progress change only when the new pair's images are ready,
  // so the text never sits above the previous pair's pictures.
  await images.show(pair);
  state.pair = pair;
  $('instruction').textContent = pair.instruction;
  $('category').textContent = pair.category || 'uncategorized';
  $('progress').textContent = `${next.index} of ${next.total}`;
  task.dataset.pairId = pair.id;
  $('done').hidden = true;
  $('signin').hidden = true;
  task.hidden = false;
  zoom.reset();
  state.shownAt = performance.now();
  setPageState('ready');
}

async function loadNext() {
  setPageState('loading');
  const next = await api.next();
  if (next.done) showDone(next);
  else await showPair(next);
}

async function start() {
  clearMessages();
  if (!loadToken()) {
    showSignIn();
    return;
  }
  setBusy(true);
  setPageState('loading');
  try {
    const me = await api.me();
    $('mode').textContent =
      `${me.annotator} · ${me.mode === 'gsb' ? 'GSB: new editor vs baseline' : 'preference'}`;
    await loadNext();
  } catch (error) {
    report(error, 'Could not load the next pair');
  } finally {
    setBusy(false);
  }
}

async function submit(choice) {
  if (state.busy || state.pair === null) return;
  const pair = state.pair;
  const same = state.pending && state.pending.pairId === pair.id && state.pending.choice === choice;
  if (!same) state.pending = { pairId: pair.id, choice, submissionId: newSubmissionId() };
  const { submissionId } = state.pending;
  setBusy(true);
  clearMessages();
  setPageState('saving');
  try {
    await api.label({
      pairId: pair.id,
      choice,
      submissionId,
      elapsedMs: Math.round(performance.now() - state.shownAt),
    });
  } catch (error) {
    setBusy(false);
    if (error instanceof ApiError && error.status === 409) {
      // The server already holds a label for this pair (say, an earlier send whose answer was lost):
      // its word stands, and the page moves to whatever it says comes next.
      state.pending = null;
      showError(`Pair ${pair.id} already had a label (${error.message}); showing what comes next.`);
      await refresh();
      return;
    }
    report(error, `Your label for pair ${pair.id} was NOT saved; press the key again to retry`);
    return;
  }
  state.pending = null;
  try {
    await loadNext();
  } catch (error) {
    report(error, 'Your label was saved, but the next pair could not be loaded; reload the page');
  } finally {
    setBusy(false);
  }
}

async function undo() {
  if (state.busy || !loadToken()) return;
  setBusy(true);
  clearMessages();
  state.pending = null;
  try {
    const result = await api.undo();
    if (result.undone === null) {
      $('status').textContent = 'Nothing to undo.';
      return;
    }
    await loadNext();
    $('status').textContent = `Undid your label for pair ${result.undone}.`;
  } catch (error) {
    report(error, 'Could not undo');
  } finally {
    setBusy(false);
  }
}

async function refresh() {
  setBusy(true);
  try {
    await loadNext();
  } catch (error) {
    report(error, 'Could not load the next pair');
  } finally {
    setBusy(false);
  }
}

function act(action) {
  const onPair = state.pair !== null;
  if (action === 'left' || action === 'same' || action === 'right') void submit(action);
  else if (action === 'undo') void undo();
  else if (action === 'zoom' && onPair) zoom.toggle();
  else if (action === 'flicker' && onPair) compare.toggleFlicker();
  else if (action === 'calm' && zoom.on) zoom.reset();
}

document.addEventListener('keydown', (event) => {
  if (event.ctrlKey || event.metaKey || event.altKey) return;
  if (event.target instanceof HTMLInputElement || event.target instanceof HTMLTextAreaElement) return;
  if (event.key === ' ') {
    if (state.pair === null) return;
    // Held space shows the source; it must not also press the focused button or scroll the page.
    event.preventDefault();
    compare.hold(true);
    return;
  }
  const pan = PAN_KEYS[event.key];
  if (pan !== undefined) {
    if (zoom.pan(pan[0], pan[1])) event.preventDefault();
    return;
  }
  const action = KEY_ACTIONS[event.key] ?? KEY_ACTIONS[event.key.toLowerCase()];
  // A key held down labels once, not every pair that follows it.
  if (action === undefined || event.repeat) return;
  event.preventDefault();
  act(action);
});

document.addEventListener('keyup', (event) => {
  if (event.key !== ' ') return;
  event.preventDefault();
  compare.hold(false);
});
window.addEventListener('blur', () => compare.hold(false));

document.addEventListener('click', (event) => {
  const button = event.target instanceof Element ? event.target.closest('button[data-action]') : null;
  if (button !== null && button.dataset.action !== 'hold-source') act(button.dataset.action);
});

// The hold button shows the source while a finger or mouse button is down on it.
const holdButton = document.querySelector('[data-action="hold-source"]');
holdButton.addEventListener('pointerdown', () => compare.hold(true));
for (const end of ['pointerup', 'pointerleave', 'pointercancel']) {
  holdButton.addEventListener(end, () => compare.hold(false));
}
holdButton.addEventListener('contextmenu', (event) => event.preventDefault());

$('signin').addEventListener('submit', (event) => {
  event.preventDefault();
  const token = $('token-input').value.trim();
  if (token === '') return;
  saveToken(token);
  $('token-input').value = '';
  $('signin').hidden = true;
  void start();
});

// A sign-in link opened in a tab that already shows the page changes only the fragment (no reload).
window.addEventListener('hashchange', () => {
  if (!new URLSearchParams(window.location.hash.slice(1)).has('token')) return;
  takeTokenFromFragment();
  void start();
});

// Anything that slipped past the handlers above is still shown, never lost in the console.
window.addEventListener('error', (event) => showError(`Page error: ${event.message}`));
window.addEventListener('unhandledrejection', (event) => showError(`Page error: ${describe(event.reason)}`));

void start();
