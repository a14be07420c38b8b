// The console: the caller's jobs, one job's monitor (kept live with Prefer: wait), a submit form, the job actions, and
// for a manager the service's last hour. Plain modules, no build step; the one third-party file, MSAL.js for sign-in,
// is served from this origin too (the page's CSP allows nothing else). Text from the API goes into the page as text
// (textContent), never as markup.

import { start, signIn, signOut, token } from './signin.js';
import { lineChart } from './charts.js';

const main = document.getElementById('main');
const announcer = document.getElementById('announcer');
const STATUSES = ['NotStarted', 'Running', 'Succeeded', 'Failed', 'Canceled'];
let view = 0; // bumped on each navigation, so that a live view stops when it is left
let manager = false; // may see the service's activity and every caller's jobs (anyone, on an open service)
let signedIn = false;

/** An element with attributes and children (strings become text nodes). */
function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child !== undefined && child !== null) node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

/** Calls the API on this origin; the answer's JSON (or null), its status and headers. */
async function api(path, options = {}) {
  const bearer = await token();
  const response = await fetch(path, {
    ...options,
    headers: { Accept: 'application/json', ...(bearer ? { Authorization: `Bearer ${bearer}` } : {}), ...(options.headers || {}) },
    credentials: 'same-origin',
    redirect: 'manual',
  });
  const text = response.status === 204 ? '' : await response.text();
  let body = null;
  try { body = text ? JSON.parse(text) : null; } catch { body = null; }
  return { status: response.status, ok: response.ok, body, headers: response.headers };
}

function show(title, ...content) {
  main.replaceChildren(el('h1', {}, title), ...content.filter((part) => part !== null && part !== undefined));
  document.title = `${title} · async-jobs console`;
  main.focus();
}

function announce(text) {
  announcer.textContent = text;
}

function problem(answer) {
  return el('div', { role: 'alert', class: 'error' },
    el('p', {}, (answer.body && (answer.body.detail || answer.body.title)) || `The service answered ${answer.status}`));
}

// ---- The list of jobs ----------------------------------------------------------------------------------------------

async function listView(params) {
  const types = await api('/api/job-types');
  const filters = el('form', { class: 'filters', role: 'search', 'aria-label': 'Filter jobs', onsubmit: (event) => {
    event.preventDefault();
    const query = new URLSearchParams();
    for (const [name, value] of new FormData(event.target)) if (value) query.append(name, value);
    location.hash = `#/?${query}`;
  } },
  el('div', {}, el('label', { for: 'f-status' }, 'Status'),
    el('select', { id: 'f-status', name: 'status' }, el('option', { value: '' }, 'Any'),
      STATUSES.map((s) => el('option', { value: s, selected: params.get('status') === s }, s)))),
  el('div', {}, el('label', { for: 'f-type' }, 'Type'),
    el('select', { id: 'f-type', name: 'type' }, el('option', { value: '' }, 'Any'),
      ((types.body && types.body.value) || []).map((t) => el('option', { value: t, selected: params.get('type') === t }, t)))),
  el('div', {}, el('label', { for: 'f-tag' }, 'Tag (key:value)'),
    el('input', { id: 'f-tag', name: 'tag', value: params.get('tag') || '', placeholder: 'customer:contoso' })),
  manager && signedIn ? el('div', {}, el('label', { for: 'f-scope' }, 'Whose'),
    el('select', { id: 'f-scope', name: 'scope' }, el('option', { value: '' }, 'Mine'),
      el('option', { value: 'tenant', selected: params.get('scope') === 'tenant' }, 'Everyone in my tenant'))) : null,
  el('div', {}, el('label', { for: 'f-after' }, 'Created after'),
    el('input', { id: 'f-after', name: 'createdAfter', type: 'datetime-local', value: params.get('createdAfter') || '' })),
  el('button', { type: 'submit' }, 'Filter'));

  const query = new URLSearchParams();
  for (const name of ['status', 'type', 'tag', 'scope']) if (params.get(name)) query.set(name, params.get(name));
  if (params.get('createdAfter')) query.set('createdAfter', new Date(params.get('createdAfter')).toISOString());
  if (params.get('skipToken')) query.set('skipToken', params.get('skipToken'));
  query.set('maxpagesize', '20');
  const page = await api(`/api/jobs?${query}`);
  if (!page.ok) return show('Jobs', filters, problem(page));

  const everyone = params.get('scope') === 'tenant';
  const rows = page.body.value.map((job) => el('tr', {},
    el('td', {}, el('a', { href: `#/jobs/${job.id}` }, job.id)),
    el('td', {}, job.type),
    el('td', { class: `status-${job.status}` }, job.status),
    el('td', {}, new Date(job.createdDateTime).toLocaleString()),
    el('td', {}, job.percentComplete === undefined ? '' : `${job.percentComplete}%`),
    everyone ? el('td', {}, job.owner ? job.owner.objectId : '') : null));
  const headings = ['Id', 'Type', 'Status', 'Created', 'Progress', ...(everyone ? ['Owner'] : [])];
  const table = rows.length === 0 ? el('p', {}, 'No jobs match.')
    : el('table', {}, el('caption', { class: 'visually-hidden' }, 'Jobs, newest first'),
      el('thead', {}, el('tr', {}, headings.map((h) => el('th', { scope: 'col' }, h)))),
      el('tbody', {}, rows));
  let more = null;
  if (page.body.nextLink) {
    const next = new URL(page.body.nextLink).searchParams.get('skipToken');
    const nextParams = new URLSearchParams(params);
    nextParams.set('skipToken', next);
    more = el('p', {}, el('a', { href: `#/?${nextParams}` }, 'Older jobs'));
  }
  show('Jobs', filters, table, more);
}

// ---- One job -------------------------------------------------------------------------------------------------------

function monitorList(job) {
  const rows = [];
  const add = (name, value) => { if (value !== undefined && value !== null && value !== '') rows.push(el('dt', {}, name), el('dd', {}, value)); };
  add('Id', job.id);
  add('Type', job.type);
  add('Status', el('span', { class: `status-${job.status}` }, job.status));
  if (job.percentComplete !== undefined) {
    add('Progress', el('span', {}, el('progress', { max: '100', value: String(job.percentComplete), 'aria-label': 'Progress' }),
      ` ${job.percentComplete}%`));
  }
  add('Stage', job.stage);
  if (job.customStatus !== undefined) add('Custom status', el('pre', {}, JSON.stringify(job.customStatus, null, 2)));
  add('Created', job.createdDateTime);
  add('Last updated', job.lastUpdatedDateTime);
  add('Not before', job.notBefore);
  if (job.error) add('Error', `${job.error.code}: ${job.error.message}`);
  if (job.callback) add('Notification', `${job.callback.status} (${job.callback.attempts} attempts) to ${job.callback.url}`);
  if (job.tags) add('Tags', Object.entries(job.tags).map(([k, v]) => `${k}:${v}`).join(', '));
  if (job.owner) add('Owner', `${job.owner.objectId} (tenant ${job.owner.tenantId})`);
  if (job.rerunOf) add('Rerun of', el('a', { href: `#/jobs/${job.rerunOf}` }, job.rerunOf));
  if (job.resourceLocation) add('Result', el('a', { href: job.resourceLocation, download: '' }, 'Download the result'));
  return el('dl', { class: 'monitor' }, rows);
}

async function act(id, action) {
  const answer = await api(`/api/jobs/${id}:${action}`, { method: 'POST' });
  if (!answer.ok) {
    main.append(problem(answer));
    return;
  }
  if (action === 'purge') {
    announce('The job was purged.');
    location.hash = '#/';
  } else if (action === 'rerun') {
    announce('A new job runs it again.');
    location.hash = `#/jobs/${answer.body.id}`;
  } else {
    announce('The job was canceled.');
    jobView(id);
  }
}

async function jobView(id) {
  const mine = ++view;
  let answer = await api(`/api/jobs/${encodeURIComponent(id)}`);
  while (mine === view) {
    if (!answer.ok) return show('Job', problem(answer));
    const job = answer.body;
    const finished = ['Succeeded', 'Failed', 'Canceled'].includes(job.status);
    const actions = el('div', { class: 'actions' },
      finished ? null : el('button', { type: 'button', onclick: () => act(job.id, 'cancel') }, 'Cancel'),
      ['Failed', 'Canceled'].includes(job.status) ? el('button', { type: 'button', onclick: () => act(job.id, 'rerun') }, 'Run again') : null,
      finished ? el('button', { type: 'button', class: 'secondary', onclick: () => act(job.id, 'purge') }, 'Purge') : null);
    show(`Job ${job.type}`, monitorList(job), actions);
    if (finished) return;
    // Live: the service answers as soon as the job ends, or after 20 s with its state then.
    answer = await api(`/api/jobs/${encodeURIComponent(id)}`, { headers: { Prefer: 'wait=20' } });
  }
}

// ---- Submitting ----------------------------------------------------------------------------------------------------

/** Which field of the form a problem's pointer names. */
function fieldOf(pointer) {
  if (pointer === '/type') return 'type';
  if (pointer.startsWith('/tags')) return 'tags';
  if (pointer.startsWith('/notBefore')) return 'notBefore';
  return 'input';
}

async function submitView() {
  const types = await api('/api/job-types');
  const field = (name, label, control, hint) => el('div', { class: 'field' },
    el('label', { for: `s-${name}` }, label), hint ? el('p', { id: `s-${name}-hint` }, hint) : null, control,
    el('ul', { id: `s-${name}-errors`, class: 'error', hidden: true }));
  const form = el('form', { novalidate: true, onsubmit: (event) => submit(event) },
    field('type', 'Job type', el('select', { id: 's-type', name: 'type', 'aria-describedby': 's-type-errors' },
      ((types.body && types.body.value) || []).map((t) => el('option', { value: t }, t)))),
    field('input', 'Input (JSON)', el('textarea', { id: 's-input', name: 'input', spellcheck: 'false',
      'aria-describedby': 's-input-hint s-input-errors' }, '{}'), 'The job type\'s input, as JSON.'),
    field('tags', 'Tags (JSON, optional)', el('input', { id: 's-tags', name: 'tags', placeholder: '{"customer": "contoso"}',
      'aria-describedby': 's-tags-errors' })),
    field('notBefore', 'Start no earlier than (optional)', el('input', { id: 's-notBefore', name: 'notBefore', type: 'datetime-local',
      'aria-describedby': 's-notBefore-errors' })),
    el('button', { type: 'submit' }, 'Submit'));
  show('Submit a job', form);
}

async function submit(event) {
  event.preventDefault();
  const form = event.target;
  for (const list of form.querySelectorAll('ul.error')) { list.hidden = true; list.replaceChildren(); }
  for (const control of form.querySelectorAll('[aria-invalid]')) control.removeAttribute('aria-invalid');
  const errors = [];
  const json = (name) => {
    const text = form.elements[name].value.trim();
    if (!text) return undefined;
    try { return JSON.parse(text); } catch (e) { errors.push({ pointer: `/${name}`, message: `is not JSON: ${e.message}` }); return undefined; }
  };
  const request = { type: form.elements.type.value, input: json('input') };
  const tags = json('tags');
  if (tags !== undefined) request.tags = tags;
  if (form.elements.notBefore.value) request.notBefore = new Date(form.elements.notBefore.value).toISOString();
  if (errors.length === 0) {
    const answer = await api('/api/jobs', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(request) });
    if (answer.ok) {
      announce('The job was accepted.');
      location.hash = `#/jobs/${answer.body.id}`;
      return;
    }
    if (!answer.body || !answer.body.errors) {
      form.append(problem(answer));
      return;
    }
    errors.push(...answer.body.errors);
  }
  for (const error of errors) {
    const name = fieldOf(error.pointer || '');
    const list = form.querySelector(`#s-${name}-errors`);
    list.hidden = false;
    list.append(el('li', {}, `${error.pointer}: ${error.message}`));
    form.elements[name].setAttribute('aria-invalid', 'true');
  }
  form.querySelector('[aria-invalid="true"]').focus();
  announce(`${errors.length} problem${errors.length === 1 ? '' : 's'} in the form.`);
}

// ---- The service's last hour (a manager's) --------------------------------------------------------------------------

function card(name, value) {
  return el('li', {}, el('span', { class: 'number' }, value), name);
}

function age(seconds) {
  if (seconds === null || seconds === undefined) return 'unknown';
  if (seconds < 120) return `${Math.round(seconds)} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

async function operationsView() {
  const mine = view;
  while (mine === view) {
    const answer = await api('/api/activity');
    if (mine !== view) return;
    if (!answer.ok) return show('Operations', problem(answer));
    const a = answer.body;
    const known = (v) => (v === null || v === undefined ? 'unknown' : String(v));
    const backlog = el('section', { 'aria-labelledby': 'backlog' }, el('h2', { id: 'backlog' }, 'Backlog now'),
      el('ul', { class: 'cards' }, card('unfinished jobs', known(a.backlog.unfinished)),
        card('oldest unfinished job waits', age(a.backlog.oldestUnfinishedAgeSeconds)),
        card('messages in the queue', known(a.backlog.queueDepth))));
    const totals = el('section', { 'aria-labelledby': 'hour' }, el('h2', { id: 'hour' }, 'The last hour'),
      el('ul', { class: 'cards' }, card('accepted', a.lastHour.accepted), card('succeeded', a.lastHour.succeeded),
        card('failed', a.lastHour.failed), card('canceled', a.lastHour.canceled)),
      el('p', {}, `Counted by ${a.instances} instance${a.instances === 1 ? '' : 's'} of the service.`));
    const failures = el('section', { 'aria-labelledby': 'failures' }, el('h2', { id: 'failures' }, 'Failures by error code'),
      a.failuresByCode.length === 0 ? el('p', {}, 'No job failed in the last hour.')
        : el('table', { class: 'failures' }, el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Error code'), el('th', { scope: 'col' }, 'Jobs'))),
          el('tbody', {}, a.failuresByCode.map((f) => el('tr', {}, el('td', {}, f.code), el('td', {}, String(f.count)))))),
      el('p', {}, el('a', { href: `#/?status=Failed${signedIn ? '&scope=tenant' : ''}` }, 'The failed jobs')));
    const times = a.minutes.map((m) => m.start);
    const charts = el('section', { 'aria-labelledby': 'charts' }, el('h2', { id: 'charts' }, 'Per minute'),
      lineChart(el, 'Jobs per second', times, [
        { name: 'accepted', values: a.minutes.map((m) => m.acceptsPerSecond), className: 'series-a' },
        { name: 'ended', values: a.minutes.map((m) => m.completionsPerSecond), className: 'series-b' }]),
      lineChart(el, 'Completion latency, seconds', times, [
        { name: 'p50', values: a.minutes.map((m) => m.latencyP50Seconds), className: 'series-a' },
        { name: 'p99', values: a.minutes.map((m) => m.latencyP99Seconds), className: 'series-b' }]),
      lineChart(el, 'Unfinished jobs', times, [
        { name: 'unfinished', values: a.minutes.map((m) => m.unfinished), className: 'series-a' }]));
    const focused = document.activeElement && document.activeElement !== main ? document.activeElement.id : null;
    show('Operations', el('p', {}, `The hour to ${new Date(a.to).toLocaleTimeString()}, updated every 30 s.`), backlog, totals,
      failures, charts);
    if (focused && document.getElementById(focused)) document.getElementById(focused).focus();
    await new Promise((resolve) => { setTimeout(resolve, 30000); });
  }
}

// ---- Routing and sign-in -------------------------------------------------------------------------------------------

function route() {
  view++;
  const hash = location.hash || '#/';
  const [path, query] = hash.slice(1).split('?');
  if (path.startsWith('/jobs/')) return jobView(decodeURIComponent(path.slice('/jobs/'.length)));
  if (path === '/submit') return submitView();
  if (path === '/operations') return operationsView();
  return listView(new URLSearchParams(query || ''));
}

async function boot() {
  const session = await start().catch((error) => ({ required: true, problem: `Sign-in failed: ${error.message}` }));
  if (session.problem) return show('Sign in', el('p', { role: 'alert', class: 'error' }, session.problem));
  if (session.required && !session.account) {
    return show('Sign in', el('p', {}, 'This service asks who you are: sign in with your Microsoft Entra ID account.'),
      el('button', { type: 'button', onclick: () => signIn() }, 'Sign in'));
  }
  if (session.account) {
    signedIn = true;
    document.getElementById('account').replaceChildren(el('span', {}, session.account.name || session.account.username),
      el('button', { type: 'button', class: 'secondary', onclick: () => signOut() }, 'Sign out'));
  }
  manager = (await api('/api/activity')).ok;
  document.getElementById('nav-operations').hidden = !manager;
  window.addEventListener('hashchange', route);
  return route();
}

boot();
