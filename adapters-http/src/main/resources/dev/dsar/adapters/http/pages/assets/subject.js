// The data subject's page: their requests, newest first, updated by itself while one is in progress.
import { strings as S } from './subject-strings.js';
import { takeToken, forgetToken } from './session.js';
import { call, path } from './api.js';
import { h, applyStrings, formatDate, formatBytes, timeLeft } from './format.js';

const TOKEN_KEY = 'dsar.subject.token';
const REQUESTS = '/api/dsar/requests';
// Polling while an export is being prepared: 2 s, then longer and longer, at most a minute apart.
const FIRST_DELAY_MS = 2000;
const MAX_DELAY_MS = 60000;
const IN_PROGRESS = new Set(['pending', 'processing']);

const page = {
  token: null,
  requests: [],
  delay: FIRST_DELAY_MS,
  timer: null,
  stopped: false,
};

const $ = (id) => document.getElementById(id);

function notice(text) {
  $('notice').textContent = text;
}

function alert(text) {
  const box = $('alert');
  box.textContent = text;
  box.hidden = !text;
}

// A token the service no longer accepts: nothing on this page can work until it is opened again.
function sessionOver(text) {
  page.stopped = true;
  clearTimeout(page.timer);
  document.body.dataset.polling = 'off';
  forgetToken(TOKEN_KEY);
  alert(text);
  $('request').disabled = true;
  $('refresh').disabled = true;
  for (const button of document.querySelectorAll('#requests button')) {
    button.disabled = true;
  }
}

// Answers every call shares: 401 ends the session, 503 and no answer mean "later". True when handled.
function handledCommonly(answer) {
  if (answer.status === 401) {
    sessionOver(S.sessionExpired);
    return true;
  }
  if (answer.status === 0 || answer.status === 503) {
    alert(S.unavailable);
    schedule(true);
    return true;
  }
  if (answer.status === 403) {
    alert(S.forbidden);
    return true;
  }
  return false;
}

async function load() {
  const answer = await call(page.token, 'GET', REQUESTS);
  if (handledCommonly(answer)) {
    return;
  }
  if (answer.status !== 200) {
    alert(S.failedCall);
    return;
  }
  alert('');
  announceChanges(page.requests, answer.body.requests);
  page.requests = answer.body.requests;
  render();
  schedule(false);
}

function announceChanges(before, after) {
  const previous = new Map(before.map((request) => [request.reference_id, request.status]));
  for (const request of after) {
    const was = previous.get(request.reference_id);
    if (was && was !== request.status) {
      notice(S.statusChanged(request.reference_id, S.status[request.status]));
    }
  }
}

// Polls again only while something is in progress, backing off each time; a failed call backs off as well.
function schedule(afterFailure) {
  clearTimeout(page.timer);
  page.timer = null;
  const waiting = afterFailure || page.requests.some((request) => IN_PROGRESS.has(request.status));
  if (page.stopped || !waiting) {
    page.delay = FIRST_DELAY_MS;
    document.body.dataset.polling = 'off';
    return;
  }
  document.body.dataset.polling = 'on';
  page.timer = setTimeout(load, page.delay);
  page.delay = Math.min(page.delay * 2, MAX_DELAY_MS);
}

function focusCard(reference) {
  const heading = reference && document.querySelector(`[data-focus="${CSS.escape(reference + ':heading')}"]`);
  if (heading) {
    heading.focus();
  }
}

async function requestExport(focusNew) {
  // One request at a time: the one in progress is shown rather than asked for again.
  const inProgress = page.requests.find((request) => IN_PROGRESS.has(request.status));
  if (inProgress) {
    notice(S.alreadyInProgress);
    focusCard(inProgress.reference_id);
    return;
  }
  const answer = await call(page.token, 'POST', REQUESTS, {});
  if (handledCommonly(answer)) {
    return;
  }
  if (answer.status === 202) {
    notice(S.requested);
  } else if (answer.status === 409) {
    notice(S.alreadyInProgress);
  } else {
    alert(S.failedCall);
    return;
  }
  page.delay = FIRST_DELAY_MS;
  await load();
  if (focusNew) {
    focusCard(answer.body && (answer.body.reference_id || (answer.body.request || {}).reference_id));
  }
}

// A signed link the browser follows by itself: the file streams to disk (resumable), never into this page.
async function download(reference) {
  const answer = await call(page.token, 'POST', path(REQUESTS, reference, 'link'));
  if (handledCommonly(answer)) {
    return;
  }
  if (answer.status === 201 && answer.body && typeof answer.body.url === 'string'
      && answer.body.url.startsWith('/api/dsar/download/')) {
    notice(S.downloadStarting);
    window.location.assign(answer.body.url);
    return;
  }
  if (answer.status === 404) {
    alert(S.notFound);
  } else if (answer.status === 409) {
    alert(S.notReady);
  } else if (answer.status !== 410) {
    alert(S.failedCall);
  }
  // Expired (410) or otherwise changed: the list shows what it is now.
  await load();
}

function field(label, value, extra) {
  return [h('dt', null, label), h('dd', null, value, extra || null)];
}

function card(request) {
  const status = request.status;
  const details = [field(S.requestedAt, formatDate(request.requested_at, S.locale))];
  if (request.completed_at) {
    details.push(field(S.readyAt, formatDate(request.completed_at, S.locale)));
  }
  if (request.export_bytes_size !== null && request.export_bytes_size !== undefined && status === 'completed') {
    details.push(field(S.size, formatBytes(request.export_bytes_size, S.locale)));
  }
  if (status === 'completed' && request.expires_at) {
    const left = timeLeft(request.expires_at, Date.now());
    details.push(field(S.availableUntil, formatDate(request.expires_at, S.locale),
      left ? h('span', { class: 'countdown' }, ' (' + S.countdown(left) + ')') : null));
  }
  const body = [];
  if (IN_PROGRESS.has(status)) {
    body.push(h('p', { class: 'note' }, S.inProgressNote));
  } else if (status === 'completed') {
    body.push(h('button', { type: 'button', class: 'primary', 'data-focus': request.reference_id + ':download',
      onclick: () => download(request.reference_id) }, S.download));
  } else if (status === 'expired') {
    body.push(h('p', { class: 'message expired' }, S.expiredMessage));
    body.push(h('button', { type: 'button', class: 'primary', 'data-focus': request.reference_id + ':generate',
      onclick: () => requestExport(true) }, S.generateNew));
  } else if (status === 'failed') {
    body.push(h('p', { class: 'message failed' }, S.failedMessage));
    body.push(h('button', { type: 'button', 'data-focus': request.reference_id + ':retry',
      onclick: () => requestExport(true) }, S.retry));
  }
  return h('li', { class: 'card status-' + status, 'data-reference': request.reference_id, 'data-status': status },
    h('h3', { tabindex: '-1', 'data-focus': request.reference_id + ':heading' },
      h('span', { class: 'badge' }, S.status[status] || status),
      h('span', { class: 'reference' }, S.reference + ' ' + request.reference_id)),
    h('dl', null, details.flat()),
    body);
}

function render() {
  const list = $('requests');
  const cards = page.requests.map(card);
  // A re-render (polling) must not take the keyboard focus away: it goes back to the same control.
  const focused = document.activeElement && list.contains(document.activeElement)
    ? document.activeElement.dataset.focus : null;
  list.replaceChildren(...cards);
  const again = focused && list.querySelector(`[data-focus="${CSS.escape(focused)}"]`);
  if (again) {
    again.focus();
  }
  $('empty').textContent = page.requests.length === 0 ? S.empty : '';
  $('empty').hidden = page.requests.length !== 0;
  $('request').disabled = page.stopped;
}

function start() {
  applyStrings(S);
  page.token = takeToken(TOKEN_KEY);
  if (!page.token) {
    $('empty').hidden = true;
    alert(S.noToken);
    return;
  }
  $('request').disabled = false;
  $('refresh').disabled = false;
  $('request').addEventListener('click', () => requestExport(true));
  $('refresh').addEventListener('click', () => {
    page.delay = FIRST_DELAY_MS;
    load();
  });
  // A new sign-in link opened in this tab: only the fragment differs, so the browser would not load the page again.
  window.addEventListener('hashchange', () => {
    if (window.location.hash.startsWith('#token=')) {
      window.location.reload();
    }
  });
  load();
}

start();
