// The admin page: cleanup figures and actions, the runs over time, the requests with their audit trail, the
// notifications waiting or dead.
import { strings as S } from './admin-strings.js';
import { takeToken, forgetToken } from './session.js';
import { call } from './api.js';
import { h, applyStrings, formatDate, formatBytes, formatNumber, formatDuration } from './format.js';
import { barChart } from './chart.js';

const TOKEN_KEY = 'dsar.admin.token';
const ADMIN = '/api/admin/dsar';
const PAGE_SIZE = 20;
const RUNS = 30;
const OPEN = new Set(['pending', 'processing', 'failed']);

const page = { token: null, stopped: false, cursors: [], cursor: null, filters: {} };
const $ = (id) => document.getElementById(id);

function notice(text) {
  $('notice').textContent = text;
}

function alert(text) {
  $('alert').textContent = text;
  $('alert').hidden = !text;
}

function sessionOver(text) {
  page.stopped = true;
  forgetToken(TOKEN_KEY);
  alert(text);
  for (const control of document.querySelectorAll('main button, main input, main select')) {
    control.disabled = true;
  }
}

// 401 ends the session, 403 means the wrong role, 503 or no answer means later. True when handled.
function handledCommonly(answer) {
  if (answer.status === 401) {
    sessionOver(S.sessionExpired);
  } else if (answer.status === 403) {
    sessionOver(S.forbidden);
  } else if (answer.status === 0 || answer.status === 503) {
    alert(S.unavailable);
  } else {
    return false;
  }
  return true;
}

async function get(url) {
  const answer = await call(page.token, 'GET', url);
  if (handledCommonly(answer)) {
    return null;
  }
  if (answer.status !== 200) {
    alert(answer.status === 404 ? S.notFound : S.failedCall);
    return null;
  }
  return answer.body;
}

function pairs(list) {
  return list.flatMap(([label, value]) => [h('dt', null, label), h('dd', null, value === '' ? S.none : value)]);
}

async function loadCleanup() {
  const [stats, storage] = await Promise.all([get(ADMIN + '/cleanup/stats'), get(ADMIN + '/storage')]);
  if (stats) {
    const s = stats.stats;
    const rows = [
      [S.totalCycles, formatNumber(s.total_cycles, S.locale)],
      [S.expiredRemoved, formatNumber(s.expired_files_removed, S.locale)],
      [S.failedRemoved, formatNumber(s.failed_files_removed, S.locale)],
      [S.orphansRemoved, formatNumber(s.orphaned_files_removed, S.locale)],
      [S.bytesFreed, formatBytes(s.bytes_freed, S.locale)],
      [S.lastRun, s.last_run ? formatDate(s.last_run, S.locale) : S.never],
      [S.lastDuration, formatDuration(s.last_duration_ms, S.locale)],
      [S.lastError, s.last_error || ''],
    ];
    if (s.next_run) {
      rows.push([S.nextRun, formatDate(s.next_run, S.locale)]);
    }
    $('stats').replaceChildren(...pairs(rows));
  }
  if (storage) {
    const s = storage.storage;
    $('storage').replaceChildren(...pairs([
      [S.totalFiles, formatNumber(s.total_files, S.locale)],
      [S.totalBytes, formatBytes(s.total_bytes, S.locale)],
      [S.oldestFile, formatDate(s.oldest_file, S.locale)],
      [S.newestFile, formatDate(s.newest_file, S.locale)],
    ]));
  }
}

async function loadRuns() {
  const body = await get(ADMIN + '/cleanup/runs?limit=' + RUNS);
  if (!body) {
    return;
  }
  const runs = body.runs.slice().reverse();
  if (runs.length === 0) {
    $('runs').replaceChildren(h('p', { class: 'muted' }, S.runsEmpty));
    return;
  }
  const figure = (title, values, format, kind) => h('figure', { class: 'chart', 'data-chart': kind },
    h('figcaption', null, title), barChart(S.chartLabel(title, runs.length), values, format, kind));
  const table = h('details', null, h('summary', null, S.runsTable), h('div', { class: 'table-wrap' },
    h('table', null,
      h('thead', null, h('tr', null, [S.runStarted, S.runKind, S.report.files_deleted, S.report.bytes_freed,
        S.report.duration_ms, S.report.errors].map((title) => h('th', { scope: 'col' }, title)))),
      h('tbody', null, body.runs.map((run) => h('tr', null,
        h('td', null, formatDate(run.started_at, S.locale)),
        h('td', null, run.dry_run ? S.runDry : S.runReal),
        h('td', null, formatNumber(run.files_deleted, S.locale)),
        h('td', null, formatBytes(run.bytes_freed, S.locale)),
        h('td', null, formatDuration(run.duration_ms, S.locale)),
        h('td', null, formatNumber(run.errors, S.locale))))))));
  $('runs').replaceChildren(h('div', { class: 'charts' },
    figure(S.chartFiles, runs.map((run) => run.files_deleted), (v) => formatNumber(v, S.locale), 'files'),
    figure(S.chartBytes, runs.map((run) => run.bytes_freed), (v) => formatBytes(v, S.locale), 'bytes'),
    figure(S.chartDuration, runs.map((run) => run.duration_ms), (v) => formatDuration(v, S.locale), 'duration')),
  table);
}

async function loadWebhooks() {
  const [pending, dead] = await Promise.all([get(ADMIN + '/webhooks?state=pending&limit=' + PAGE_SIZE),
    get(ADMIN + '/webhooks?state=dead&limit=' + PAGE_SIZE)]);
  if (!pending || !dead) {
    return;
  }
  const events = dead.events.concat(pending.events);
  if (events.length === 0) {
    $('webhooks').replaceChildren(h('p', { class: 'muted' }, S.webhooksEmpty));
    return;
  }
  const headers = [S.colEvent, S.colReference, S.colStatus, S.colAttempts, S.colNextAttempt, S.colLastError, ''];
  $('webhooks').replaceChildren(h('table', null,
    h('thead', null, h('tr', null, headers.map((title) => h('th', { scope: 'col' }, title)))),
    h('tbody', null, events.map((event) => h('tr', { 'data-event': String(event.id), 'data-state': event.state },
      h('td', null, event.type),
      h('td', { class: 'mono' }, event.reference_id),
      h('td', null, S.webhookState[event.state] || event.state),
      h('td', null, formatNumber(event.attempts, S.locale)),
      h('td', null, event.next_attempt_at ? formatDate(event.next_attempt_at, S.locale) : ''),
      h('td', null, event.last_error || ''),
      h('td', null, event.state === 'dead' ? h('button', { type: 'button', 'aria-label': S.resendLabel(event.id),
        onclick: () => resend(event.id) }, S.resend) : null))))));
}

async function resend(id) {
  const answer = await call(page.token, 'POST', ADMIN + '/webhooks/' + id + '/retry');
  if (handledCommonly(answer)) {
    return;
  }
  if (answer.status !== 202) {
    alert(answer.status === 404 ? S.notFound : S.failedCall);
    return;
  }
  notice(S.resent);
  await loadWebhooks();
  $('webhooks').focus();
}

async function cleanup(dryRun) {
  $('dry-run').disabled = true;
  $('run-now').disabled = true;
  notice(S.running);
  const answer = await call(page.token, 'POST', ADMIN + '/cleanup', { dry_run: dryRun });
  $('dry-run').disabled = page.stopped;
  $('run-now').disabled = page.stopped;
  if (handledCommonly(answer)) {
    notice('');
    return;
  }
  if (answer.status === 409) {
    notice(S.cleanupBusy);
    return;
  }
  if (answer.status !== 200) {
    notice('');
    alert(S.failedCall);
    return;
  }
  const report = answer.body.report;
  const rows = Object.entries(S.report).map(([key, label]) => [label,
    key === 'bytes_freed' ? formatBytes(report[key], S.locale)
      : key === 'duration_ms' ? formatDuration(report[key], S.locale) : formatNumber(report[key], S.locale)]);
  const box = $('report');
  box.replaceChildren(h('h3', null, S.reportHeading(report.dry_run)), h('dl', { 'data-dry-run': report.dry_run },
    pairs(rows)));
  box.hidden = false;
  box.focus();
  notice(report.dry_run ? S.dryRunDone : S.cleanupDone);
  await Promise.all([loadCleanup(), loadRuns()]);
}

function confirmCleanup() {
  const dialog = $('confirm');
  dialog.returnValue = '';
  dialog.showModal();
}

function requestsUrl() {
  const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
  for (const [name, value] of Object.entries(page.filters)) {
    if (value) {
      query.set(name, value);
    }
  }
  if (page.cursor) {
    query.set('cursor', page.cursor);
  }
  return ADMIN + '/requests?' + query.toString();
}

// The service says whether a request is overdue (its clock); an older service leaves it to the due date.
function isOverdue(request, now) {
  if (typeof request.overdue === 'boolean') {
    return request.overdue;
  }
  return OPEN.has(request.status) && request.due_at && new Date(request.due_at).getTime() < now;
}

async function loadRequests() {
  const body = await get(requestsUrl());
  if (!body) {
    return;
  }
  const now = Date.now();
  const rows = body.requests.map((request) => {
    const overdue = isOverdue(request, now);
    return h('tr', { class: overdue ? 'overdue' : null, 'data-reference': request.reference_id },
      h('td', null, h('button', { type: 'button', class: 'link mono', onclick: () => showDetail(request.reference_id) },
        request.reference_id)),
      h('td', null, String(request.user_id)),
      h('td', null, S.status[request.status] || request.status),
      h('td', null, formatDate(request.requested_at, S.locale)),
      h('td', null, formatDate(request.due_at, S.locale), overdue ? h('span', { class: 'tag' }, ' ' + S.overdue) : null),
      h('td', null, formatNumber(request.attempts, S.locale)),
      h('td', null, request.last_error || ''),
      h('td', null, formatNumber(request.download_count, S.locale)));
  });
  const headers = [S.colReference, S.colUser, S.colStatus, S.colRequested, S.colDue, S.colAttempts, S.colLastError,
    S.colDownloads];
  $('requests').replaceChildren(rows.length === 0 ? h('p', { class: 'muted' }, S.noRequests)
    : h('table', null, h('thead', null, h('tr', null, headers.map((title) => h('th', { scope: 'col' }, title)))),
      h('tbody', null, rows)));
  page.next = body.next_cursor || null;
  $('next-page').hidden = !page.next;
  $('first-page').hidden = !page.cursor;
}

function eventCells(event) {
  const details = event.details && typeof event.details === 'object' ? Object.entries(event.details) : [];
  return [formatDate(event.occurred_at, S.locale), event.action, event.actor || '',
    details.map(([key, value]) => key + ': ' + (typeof value === 'string' ? value : JSON.stringify(value)))
      .join(', ')];
}

async function showDetail(reference) {
  const body = await get(ADMIN + '/requests/' + encodeURIComponent(reference));
  if (!body) {
    return;
  }
  const request = body.request;
  const events = request.events || body.events || [];
  const box = $('detail');
  box.replaceChildren(
    h('h3', null, S.detailHeading(request.reference_id)),
    h('dl', null, pairs([
      [S.colUser, String(request.user_id)],
      [S.colStatus, S.status[request.status] || request.status],
      [S.requestedBy, request.requested_by === undefined ? '' : String(request.requested_by)],
      [S.colRequested, formatDate(request.requested_at, S.locale)],
      [S.colDue, formatDate(request.due_at, S.locale)],
      [S.colAttempts, formatNumber(request.attempts, S.locale)],
      [S.colLastError, request.last_error || ''],
      [S.colDownloads, formatNumber(request.download_count, S.locale)],
    ])),
    h('h4', null, S.eventsHeading),
    events.length === 0 ? h('p', { class: 'muted' }, S.noEvents) : h('div', { class: 'table-wrap' }, h('table', null,
      h('thead', null, h('tr', null, [S.eventWhen, S.eventWhat, S.eventWho, S.eventDetails]
        .map((title) => h('th', { scope: 'col' }, title)))),
      h('tbody', { id: 'events' }, events.map((event) => h('tr', null,
        eventCells(event).map((cell) => h('td', null, cell))))))),
    h('button', { type: 'button', onclick: () => closeDetail(reference) }, S.closeDetail));
  box.hidden = false;
  box.focus();
}

function closeDetail(reference) {
  $('detail').hidden = true;
  const opener = document.querySelector(`tr[data-reference="${CSS.escape(reference)}"] button`);
  if (opener) {
    opener.focus();
  }
}

async function requestOnBehalf(event) {
  event.preventDefault();
  const user = $('on-behalf-user').value.trim();
  const reference = $('on-behalf-reference').value.trim();
  const error = $('on-behalf-error');
  if (!/^[1-9][0-9]{0,17}$/.test(user)) {
    error.textContent = S.invalidUser;
    $('on-behalf-user').setAttribute('aria-invalid', 'true');
    $('on-behalf-user').focus();
    return;
  }
  $('on-behalf-user').removeAttribute('aria-invalid');
  error.textContent = '';
  const body = { user_id: Number(user) };
  if (reference) {
    body.reference_id = reference;
  }
  const answer = await call(page.token, 'POST', ADMIN + '/requests', body);
  if (handledCommonly(answer)) {
    return;
  }
  if (answer.status === 202) {
    notice(S.onBehalfDone(answer.body.request.reference_id));
    $('on-behalf').reset();
    await loadRequests();
  } else if (answer.status === 409) {
    notice(S.onBehalfBusy(answer.body.reference_id));
  } else if (answer.status === 400 && answer.body) {
    error.textContent = S.invalid(answer.body.error);
  } else {
    alert(S.failedCall);
  }
}

function start() {
  applyStrings(S);
  for (const option of document.querySelectorAll('#filter-status option[value]')) {
    if (option.value) {
      option.textContent = S.status[option.value];
    }
  }
  page.token = takeToken(TOKEN_KEY);
  if (!page.token) {
    sessionOver(S.noToken);
    return;
  }
  for (const id of ['dry-run', 'run-now', 'refresh']) {
    $(id).disabled = false;
  }
  $('dry-run').addEventListener('click', () => cleanup(true));
  $('run-now').addEventListener('click', confirmCleanup);
  $('confirm-cancel').addEventListener('click', () => $('confirm').close('cancel'));
  $('confirm-run').addEventListener('click', () => $('confirm').close('run'));
  $('confirm').addEventListener('close', () => {
    if ($('confirm').returnValue === 'run') {
      cleanup(false);
    } else {
      $('run-now').focus();
    }
  });
  $('refresh').addEventListener('click', async () => {
    await Promise.all([loadCleanup(), loadRuns(), loadRequests(), loadWebhooks()]);
    if (!page.stopped) {
      notice(S.loaded);
    }
  });
  $('filters').addEventListener('submit', (event) => {
    event.preventDefault();
    page.filters = { status: $('filter-status').value, user_id: $('filter-user').value.trim() };
    page.cursor = null;
    page.cursors = [];
    loadRequests();
  });
  $('next-page').addEventListener('click', () => {
    page.cursors.push(page.cursor);
    page.cursor = page.next;
    loadRequests().then(() => $('requests').querySelector('button, p')?.focus());
  });
  $('first-page').addEventListener('click', () => {
    page.cursor = null;
    page.cursors = [];
    loadRequests();
  });
  $('on-behalf').addEventListener('submit', requestOnBehalf);
  window.addEventListener('hashchange', () => {
    if (window.location.hash.startsWith('#token=')) {
      window.location.reload();
    }
  });
  loadCleanup();
  loadRuns();
  loadRequests();
  loadWebhooks();
}

start();
