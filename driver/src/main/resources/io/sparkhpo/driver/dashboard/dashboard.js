// sparkhpo dashboard: hash routes #/STUDY/VIEW[/ARG][?query], one JSON request per view, re-drawn when the
// study's version changes (polled every second). Charts are built in charts.js.
'use strict';

const VIEWS = ['overview', 'trials', 'history', 'parallel', 'slices', 'contour', 'heatmaps', 'curves',
  'importances', 'pareto', 'pbt', 'compare'];
const state = { studies: [], version: null, route: null };

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === 'onclick' || k === 'onchange') e[k] = v; else e.setAttribute(k, v);
  }
  for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(c === null || c === undefined ? '' : String(c)));
  return e;
}

async function api(path) {
  const r = await fetch('/api/' + path, { credentials: 'same-origin' });
  const body = await r.json();
  if (!r.ok) throw new Error(body.error || ('HTTP ' + r.status));
  return body;
}

function parseRoute() {
  const [path, query] = location.hash.replace(/^#\/?/, '').split('?');
  const parts = path.split('/').filter(p => p);
  const id = parts[0] || (state.studies[0] ? state.studies[0].id : '0');
  return { id, view: parts[1] || 'overview', arg: parts[2], query: new URLSearchParams(query || '') };
}

function go(id, view, arg, query) {
  const q = query && [...query].length ? '?' + query.toString() : '';
  location.hash = '#/' + id + '/' + view + (arg !== undefined ? '/' + arg : '') + q;
}

function fmt(v, digits) {
  if (v === null || v === undefined) return '';
  if (typeof v !== 'number') return String(v);
  if (Number.isInteger(v)) return String(v);
  return Math.abs(v) >= 1e-2 && Math.abs(v) < 1e4 ? v.toFixed(digits || 4) : v.toExponential(2);
}

function table(columns, rows, onRow, onHeader) {
  const head = el('tr', {}, ...columns.map(c => {
    const th = el('th', { class: 'l' }, c);
    if (onHeader) th.onclick = () => onHeader(c);
    return th;
  }));
  const body = rows.map(r => {
    const tr = el('tr', onRow ? { class: 'link' } : {}, ...columns.map(c => el('td', typeof r[c] === 'number' ? {} : { class: 'l' }, fmt(r[c]))));
    if (onRow) tr.onclick = () => onRow(r);
    return tr;
  });
  return el('table', {}, head, ...body);
}

function card(label, value, note) {
  return el('div', { class: 'card' }, el('div', { class: 'muted' }, label), el('div', { class: 'big' }, value), note ? el('div', { class: 'muted' }, note) : '');
}

function duration(s) {
  if (s === null || s === undefined) return '–';
  const h = Math.floor(s / 3600), m = Math.round((s % 3600) / 60);
  return h > 0 ? h + ' h ' + m + ' min' : m + ' min';
}

const render = {
  async overview(r, view) {
    const o = await api('studies/' + r.id + '/overview');
    const counts = Object.entries(o.counts).map(([k, v]) => k + ' ' + v).join(', ') || 'none yet';
    view.append(el('h2', {}, 'Study ' + o.name), el('p', { class: 'muted' }, o.dir + ' · objectives: ' + o.objectives),
      el('div', { class: 'cards' },
        card('finished', o.finished + (o.planned ? ' of ' + o.planned : ''), counts),
        card('best so far', o.best ? fmt(o.best.objective) : '–', o.best ? 'trial ' + o.best.trial : ''),
        card('rate', o.trials_per_hour ? fmt(o.trials_per_hour, 1) + ' trials/h' : '–', 'ETA ' + duration(o.eta_seconds)),
        card('running now', String(o.running.length), o.warm_start ? o.warm_start + ' warm-start rows' : '')));
    if (o.best) view.append(el('h3', {}, 'Best trial'), table(Object.keys(o.best.params), [o.best.params]));
    const running = table(['trial', 'executor', 'gpu', 'started', 'params'], o.running);
    running.id = 'running-table';
    running.setAttribute('data-points', o.running.length);
    view.append(el('h3', {}, 'Running now'), o.running.length ? running
      : el('p', { class: 'muted' }, 'no trial in flight' + (o.planned && o.finished >= o.planned ? ': the sweep is done' : ' (trials in flight are shown when a sweep serves itself: sweep --dashboard)')));
    const h = await api('studies/' + r.id + '/history');
    view.append(el('h3', {}, 'History'), Charts.history(h, 'chart'));
  },

  async trials(r, view) {
    const q = r.query;
    const params = new URLSearchParams({ offset: q.get('offset') || 0, limit: 50, sort: q.get('sort') || 'trial', desc: q.get('desc') || 'false' });
    if (q.get('state')) params.set('state', q.get('state'));
    if (q.get('filter')) params.set('filter', q.get('filter'));
    const t = await api('studies/' + r.id + '/trials?' + params);
    const states = ['', 'COMPLETE', 'PRUNED', 'DIVERGED', 'FAILED'];
    const stateSel = el('select', { id: 'state-filter' }, ...states.map(s => el('option', { value: s }, s || 'any state')));
    stateSel.value = q.get('state') || '';
    const filter = el('input', { id: 'param-filter', placeholder: 'lr:1e-3:1e-2', value: q.get('filter') || '', size: 24 });
    const apply = el('button', { id: 'apply' }, 'apply');
    apply.onclick = () => { const n = new URLSearchParams(q); n.set('state', stateSel.value); n.set('filter', filter.value); n.set('offset', 0); go(r.id, 'trials', undefined, n); };
    const offset = Number(t.offset), prev = el('button', {}, '‹ previous'), next = el('button', {}, 'next ›');
    prev.disabled = offset === 0;
    next.disabled = offset + 50 >= t.total;
    prev.onclick = () => { const n = new URLSearchParams(q); n.set('offset', Math.max(0, offset - 50)); go(r.id, 'trials', undefined, n); };
    next.onclick = () => { const n = new URLSearchParams(q); n.set('offset', offset + 50); go(r.id, 'trials', undefined, n); };
    view.append(el('div', { class: 'controls' }, stateSel, 'filter NAME:LOW:HIGH', filter, apply, prev, next,
      el('span', { id: 'trial-count', class: 'muted' }, t.total + ' trials, ' + (t.total ? offset + 1 : 0) + '–' + Math.min(t.total, offset + 50) + ' shown')));
    const tbl = table(t.columns, t.rows, row => go(r.id, 'trial', row.trial), col => {
      const n = new URLSearchParams(q); n.set('desc', q.get('sort') === col && q.get('desc') !== 'true' ? 'true' : 'false'); n.set('sort', col); go(r.id, 'trials', undefined, n);
    });
    tbl.id = 'trials-table';
    tbl.setAttribute('data-points', t.rows.length);
    view.append(tbl);
  },

  async trial(r, view) {
    const t = await api('studies/' + r.id + '/trial/' + r.arg);
    const row = t.row;
    view.append(el('h2', {}, 'Trial ' + row.trial + ' · ' + row.state), el('p', { class: 'muted' },
      'objective ' + fmt(row.objective) + ' · ' + row.optimizer_label + ' (' + row.weight_decay_mode + ') · executor ' + (row.executor || '–') + ' · GPU ' + (row.gpu || '–') + (row.error ? ' · ' + row.error : '')),
      el('h3', {}, 'Parameters'), table(Object.keys(t.params), [t.params]),
      el('div', { class: 'grid' }, Charts.epochs(t.epochs, ['train_error', 'test_error'], 'error per epoch', 'curve-errors'),
        Charts.epochs(t.epochs, ['lr', 'weight_decay'], 'learning rate and weight decay', 'curve-lr'),
        Charts.epochs(t.epochs, ['grad_norm_mean', 'grad_norm_max'], 'gradient norm', 'curve-grad')),
      el('h3', {}, 'Attempts'), t.attempts.length ? table(['executor', 'result'], t.attempts) : el('p', { class: 'muted' }, 'no attempt recorded'));
  },

  async history(r, view) {
    view.append(Charts.history(await api('studies/' + r.id + '/history'), 'chart wide'));
  },

  async parallel(r, view) {
    view.append(Charts.parallel(await api('studies/' + r.id + '/points')));
  },

  async slices(r, view) {
    view.append(Charts.slices(await api('studies/' + r.id + '/points')));
  },

  async contour(r, view) {
    const p = await api('studies/' + r.id + '/points');
    const numeric = p.dimensions.filter(d => d.type === 'value').map(d => d.name);
    const x = r.query.get('x') || numeric[0], y = r.query.get('y') || numeric[1] || numeric[0];
    const pick = (name, value) => {
      const s = el('select', { id: 'contour-' + name }, ...numeric.map(n => el('option', { value: n }, n)));
      s.value = value;
      s.onchange = () => { const n = new URLSearchParams(r.query); n.set(name, s.value); go(r.id, 'contour', undefined, n); };
      return s;
    };
    view.append(el('div', { class: 'controls' }, 'x', pick('x', x), 'y', pick('y', y)));
    view.append(numeric.length ? Charts.contour(p, x, y) : el('p', { class: 'muted' }, 'no numeric parameter to draw'));
  },

  async heatmaps(r, view) {
    const h = await api('studies/' + r.id + '/heatmaps');
    view.append(table(['title', 'method', 'trials', 'interaction_share', 'ridge_slope', 'ridge_slope_se', 'reading'], h.slices),
      Charts.heatmaps(h));
  },

  async curves(r, view) {
    const colour = r.query.get('color') || '';
    const c = await api('studies/' + r.id + '/curves?color=' + encodeURIComponent(colour));
    const s = el('select', { id: 'curve-color' }, el('option', { value: '' }, 'no colour'), ...c.parameters.map(n => el('option', { value: n }, n)));
    s.value = colour;
    s.onchange = () => go(r.id, 'curves', undefined, new URLSearchParams({ color: s.value }));
    view.append(el('div', { class: 'controls' }, 'colour by', s, el('span', { class: 'muted' }, 'the best ' + c.curves.length + ' of ' + c.of + ' completed trials')), Charts.curves(c));
  },

  async importances(r, view) {
    const h = await api('studies/' + r.id + '/heatmaps');
    view.append(el('p', { class: 'muted' }, 'Functional-ANOVA shares of the variance of ln(test error) in each slice, computed on the slice\'s α × λ grid or on the surface fitted to its trials (not on a random forest), as the separability analysis measures them.'),
      Charts.importances(h));
  },

  async pareto(r, view) {
    const p = await api('studies/' + r.id + '/pareto');
    view.append(p.objectives_list.length ? Charts.pareto(p) : el('p', { id: 'no-pareto', class: 'muted' }, 'this study has one objective: no Pareto front'));
  },

  async pbt(r, view) {
    const p = await api('studies/' + r.id + '/pbt');
    view.append(p.members.length ? Charts.pbt(p) : el('p', { id: 'no-pbt', class: 'muted' }, 'this study is not a PBT sweep (search.strategy = pbt)'));
  },

  async compare(r, view) {
    const ids = (r.query.get('ids') || state.studies.map(s => s.id).join(',')).split(',').filter(x => x);
    view.append(el('p', { class: 'muted' }, 'Studies ' + ids.map(i => (state.studies.find(s => s.id === i) || { name: i }).name).join(', ') + ' side by side (?ids=0,1 picks them).'));
    const histories = await Promise.all(ids.map(i => api('studies/' + i + '/history')));
    view.append(Charts.histories(histories));
    const row = el('div', { class: 'grid' });
    for (const i of ids) row.append(Charts.heatmaps(await api('studies/' + i + '/heatmaps'), 1));
    view.append(row);
  },
};

async function show() {
  const r = parseRoute();
  state.route = r;
  document.getElementById('study').value = r.id;
  const nav = document.getElementById('nav');
  nav.replaceChildren(...VIEWS.map(v => el('a', { href: '#/' + r.id + '/' + v, class: v === r.view ? 'active' : '' }, v)));
  const view = el('main', { id: 'view', 'data-view': r.view });
  try {
    if (!render[r.view]) throw new Error('no view ' + r.view);
    await render[r.view](r, view);
  } catch (e) {
    view.append(el('p', { class: 'problems', id: 'view-error' }, 'cannot show ' + r.view + ': ' + e.message));
  }
  Charts.disposeOld();
  document.getElementById('view').replaceWith(view);
  Charts.resizeAll();
  view.setAttribute('data-ready', 'true');
}

async function poll() {
  try {
    const r = state.route || parseRoute();
    const o = await api('studies/' + r.id + '/overview');
    const p = document.getElementById('problems');
    p.hidden = o.problems.length === 0;
    p.textContent = o.problems.join(' · ');
    document.getElementById('status').textContent = o.finished + ' trials · updated ' + new Date().toLocaleTimeString();
    // the tables' version and the trials in flight: either changing re-draws the view
    const key = o.version + '/' + o.running.map(x => x.trial).join(',');
    if (state.version !== null && key !== state.version) await show();
    state.version = key;
  } catch (e) {
    document.getElementById('status').textContent = 'cannot reach the dashboard: ' + e.message;
  }
  setTimeout(poll, 1000);
}

async function start() {
  const s = await api('studies');
  state.studies = s.studies;
  const sel = document.getElementById('study');
  sel.replaceChildren(...s.studies.map(x => el('option', { value: x.id }, x.name + ' (' + x.dir + ')')));
  sel.onchange = () => go(sel.value, parseRoute().view);
  window.addEventListener('hashchange', show);
  await show();
  poll();
}

document.addEventListener('DOMContentLoaded', () => start().catch(e => {
  document.getElementById('view').replaceChildren(el('p', { class: 'problems' }, 'cannot load the dashboard: ' + e.message));
}));
