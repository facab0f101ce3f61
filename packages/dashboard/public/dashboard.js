// The dashboard page: one EventSource (/events) feeds it. `snapshot` replaces everything, `rows` appends
// points per signal and key, `jobs` replaces the job cards, `plan` the plan. Text goes in with textContent
// only. #state holds the latest value per signal and key and the job numbers, for tests and scripts.
'use strict';
(function () {
  var MAX_LINES = 8; // keys drawn per series chart (the latest table lists every key)
  var TABLE_ROWS = 50;
  var model = { project: '', environment: '', cap: 500, signals: {}, order: [], jobs: [], connected: false, updatedAt: null };

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    if (attrs) for (var k in attrs) if (attrs[k] !== undefined && attrs[k] !== null) e.setAttribute(k, String(attrs[k]));
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function fmt(v) {
    if (v === null || v === undefined) return '-';
    if (typeof v === 'number') return Math.abs(v) >= 1e6 || Number.isInteger(v) ? String(v) : v.toFixed(Math.abs(v) < 1 ? 4 : 2);
    return String(v);
  }
  function dur(ms) {
    if (ms === null || ms === undefined) return '-';
    var s = Math.round(ms / 1000);
    if (s < 60) return s + ' s';
    if (s < 3600) return Math.floor(s / 60) + ' min ' + (s % 60) + ' s';
    return Math.floor(s / 3600) + ' h ' + Math.floor((s % 3600) / 60) + ' min';
  }
  function rate(v) { return v === null || v === undefined ? '-' : (v < 10 ? v.toFixed(1) : String(Math.round(v))) + '/s'; }

  // ---- signals ---------------------------------------------------------------------------------
  function addPoint(sig, key, point) {
    var list = sig.series[key];
    if (!list) list = sig.series[key] = [];
    list.push(point);
    if (list.length > model.cap + 50) list.splice(0, list.length - model.cap);
    sig.latest[key] = point.values;
    if (sig.view.kind === 'table') {
      sig.recent.push({ key: key, point: point });
      if (sig.recent.length > TABLE_ROWS) sig.recent.splice(0, sig.recent.length - TABLE_ROWS);
    }
    sig.dirty = true;
  }

  function buildSignal(s) {
    var sig = { view: s.view, rows: s.rows, error: s.error, series: {}, latest: {}, recent: [], dirty: true, chart: null, chartKey: null, column: null, key: null };
    Object.keys(s.series).forEach(function (key) { s.series[key].forEach(function (p) { addPoint(sig, key, p); }); });
    var v = s.view;
    sig.column = v.numericColumns[0] || null;
    var box = el('div', { class: 'signal', 'data-signal': v.signal, 'data-kind': v.kind, 'data-rows': sig.rows });
    var h = el('h3');
    h.appendChild(el('span', null, v.signal));
    h.appendChild(el('span', { class: 'meta' }, (v.topic || 'no topic') + ' · ' + v.kind + (v.keyColumns.length ? ' · by ' + v.keyColumns.join(', ') : '')));
    sig.rowsLabel = el('span', { class: 'meta rows' });
    h.appendChild(sig.rowsLabel);
    if (v.kind === 'series' && v.numericColumns.length > 1) {
      var pick = el('select', { 'aria-label': 'column of ' + v.signal });
      v.numericColumns.forEach(function (c) { pick.appendChild(el('option', { value: c }, c)); });
      pick.addEventListener('change', function () { sig.column = pick.value; destroyChart(sig); sig.dirty = true; schedule(); });
      h.appendChild(pick);
    }
    if (v.kind === 'ohlc') {
      sig.keyPick = el('select', { 'aria-label': 'key of ' + v.signal });
      sig.keyPick.addEventListener('change', function () { sig.key = sig.keyPick.value; destroyChart(sig); sig.dirty = true; schedule(); });
      h.appendChild(sig.keyPick);
    }
    box.appendChild(h);
    sig.errorBox = el('div', { class: 'error' });
    box.appendChild(sig.errorBox);
    sig.chartBox = el('div', { class: 'chart' });
    box.appendChild(sig.chartBox);
    sig.latestBox = el('div', { class: 'latest' });
    box.appendChild(sig.latestBox);
    sig.box = box;
    sig.visible = true;
    if (visibility) visibility.observe(box);
    return sig;
  }

  // Charts off screen are not redrawn (they are when scrolled into view): 20 busy signals would keep the
  // page's main thread busy otherwise. #state is written for all of them either way.
  var visibility = typeof IntersectionObserver === 'function'
    ? new IntersectionObserver(function (entries) {
        entries.forEach(function (e) {
          var sig = model.signals[e.target.getAttribute('data-signal')];
          if (!sig) return;
          sig.visible = e.isIntersecting;
          if (sig.visible && sig.dirty) schedule();
        });
      })
    : null;

  function destroyChart(sig) {
    if (sig.chart && sig.chart.destroy) sig.chart.destroy();
    if (sig.chart && sig.chart.remove) sig.chart.remove();
    sig.chart = null;
    sig.chartBox.textContent = '';
  }

  function width(sig) { return Math.max(300, sig.box.clientWidth - 30); }

  function drawSeries(sig) {
    var keys = Object.keys(sig.series).slice(-MAX_LINES);
    var col = sig.column;
    if (!col || keys.length === 0) return;
    // uPlot wants one x array: the union of the keys' times (seconds), null where a key has no point.
    var times = {};
    keys.forEach(function (k) { sig.series[k].forEach(function (p) { times[p.t] = true; }); });
    var xs = Object.keys(times).map(Number).sort(function (a, b) { return a - b; });
    var index = {};
    xs.forEach(function (t, i) { index[t] = i; });
    var data = [xs.map(function (t) { return t / 1000; })];
    keys.forEach(function (k) {
      var ys = new Array(xs.length).fill(null);
      sig.series[k].forEach(function (p) { var v = p.values[col]; ys[index[p.t]] = typeof v === 'number' ? v : null; });
      data.push(ys);
    });
    var shape = keys.join('\u0000') + '|' + col + '|' + (xs.length === 1 ? xs[0] : 'many');
    if (sig.chart && sig.chartKey === shape) { sig.chart.setData(data); return; }
    destroyChart(sig);
    var colors = ['#0969da', '#cf222e', '#1a7f37', '#9a6700', '#8250df', '#bf3989', '#1b7c83', '#57606a'];
    var series = [{}].concat(keys.map(function (k, i) { return { label: k || col, stroke: colors[i % colors.length], width: 1.5, spanGaps: true }; }));
    // One time only (the first closed window): a minute either side, not uPlot's default of years.
    var only = xs.length === 1 ? xs[0] / 1000 : null;
    var x = only === null ? { time: true } : { time: true, auto: false, range: [only - 60, only + 60] };
    sig.chart = new uPlot({ width: width(sig), height: 180, series: series, scales: { x: x }, axes: [{}, { label: col, size: 70 }], legend: { live: false } }, data, sig.chartBox);
    sig.chartKey = shape;
  }

  function drawOhlc(sig) {
    var keys = Object.keys(sig.series);
    if (keys.length === 0) return;
    var known = {};
    for (var i = 0; i < sig.keyPick.options.length; i++) known[sig.keyPick.options[i].value] = true;
    keys.forEach(function (k) { if (!known[k]) sig.keyPick.appendChild(el('option', { value: k }, k || '(all)')); });
    if (sig.key === null || !sig.series[sig.key]) sig.key = keys[0];
    sig.keyPick.value = sig.key;
    var cols = {};
    sig.view.numericColumns.forEach(function (c) { cols[c.toLowerCase()] = c; });
    var byTime = {};
    sig.series[sig.key].forEach(function (p) {
      var o = p.values[cols.open], h = p.values[cols.high], l = p.values[cols.low], c = p.values[cols.close];
      if ([o, h, l, c].every(function (v) { return typeof v === 'number'; })) byTime[Math.floor(p.t / 1000)] = { time: Math.floor(p.t / 1000), open: o, high: h, low: l, close: c };
    });
    var bars = Object.keys(byTime).map(Number).sort(function (a, b) { return a - b; }).map(function (t) { return byTime[t]; });
    if (!sig.chart) {
      sig.chart = LightweightCharts.createChart(sig.chartBox, { width: width(sig), height: 220, timeScale: { timeVisible: true, secondsVisible: true } });
      sig.candles = sig.chart.addSeries(LightweightCharts.CandlestickSeries, {});
    }
    sig.candles.setData(bars);
  }

  function drawLatest(sig) {
    var v = sig.view;
    if (v.kind === 'table') {
      var t = el('table');
      var head = el('tr');
      v.columns.forEach(function (c) { head.appendChild(el('th', null, c)); });
      t.appendChild(head);
      sig.recent.slice().reverse().forEach(function (r) {
        var tr = el('tr');
        v.columns.forEach(function (c) { tr.appendChild(el('td', null, fmt(r.point.values[c]))); });
        t.appendChild(tr);
      });
      sig.latestBox.textContent = '';
      sig.latestBox.appendChild(t);
      return;
    }
    // One row per key, kept and updated in place (rebuilding every table each draw churns the DOM).
    var cols = v.keyColumns.concat(v.numericColumns);
    if (!sig.latestTable) {
      sig.latestTable = el('table');
      var h = el('tr');
      cols.forEach(function (c) { h.appendChild(el('th', null, c)); });
      sig.latestTable.appendChild(h);
      sig.latestRows = {};
      sig.latestBox.textContent = '';
      sig.latestBox.appendChild(sig.latestTable);
    }
    var keys = Object.keys(sig.latest).sort();
    keys.forEach(function (k) {
      var row = sig.latestRows[k];
      if (!row) {
        row = sig.latestRows[k] = { tr: el('tr', { 'data-key': k }), cells: [] };
        cols.forEach(function (c) { var td = el('td', { 'data-column': c }); row.cells.push(td); row.tr.appendChild(td); });
        // Keep rows in key order.
        var next = keys.slice(keys.indexOf(k) + 1).map(function (n) { return sig.latestRows[n]; }).filter(Boolean)[0];
        sig.latestTable.insertBefore(row.tr, next ? next.tr : null);
      }
      cols.forEach(function (c, i) { var text = fmt(sig.latest[k][c]); if (row.cells[i].textContent !== text) row.cells[i].textContent = text; });
    });
    Object.keys(sig.latestRows).forEach(function (k) {
      if (!sig.latest[k]) { sig.latestTable.removeChild(sig.latestRows[k].tr); delete sig.latestRows[k]; }
    });
  }

  function drawSignal(sig) {
    sig.box.setAttribute('data-rows', sig.rows);
    sig.rowsLabel.textContent = sig.rows + ' rows';
    sig.errorBox.textContent = sig.error || '';
    try {
      if (sig.view.kind === 'series') drawSeries(sig);
      else if (sig.view.kind === 'ohlc') drawOhlc(sig);
    } catch (e) {
      sig.errorBox.textContent = 'chart: ' + e.message;
    }
    drawLatest(sig);
    sig.dirty = false;
  }

  // ---- jobs ------------------------------------------------------------------------------------
  function drawJobs() {
    var box = document.getElementById('jobs');
    box.textContent = '';
    if (model.jobs.length === 0) box.appendChild(el('div', { class: 'muted' }, 'reading job health…'));
    model.jobs.forEach(function (j) {
      var card = el('div', { class: 'job-card' + (j.healthy ? '' : ' failed'), 'data-signal': j.signal, 'data-state': j.state, 'data-healthy': j.healthy, 'data-job-id': j.jobId || '' });
      var h = el('h3');
      h.appendChild(el('span', null, j.signal));
      h.appendChild(el('span', { class: 'state' }, j.state));
      card.appendChild(h);
      var dl = el('dl');
      var cp = j.checkpoint;
      var deadText = j.deadLetters === null ? '-' : String(j.deadLetters);
      [
        ['uptime', dur(j.uptimeMs)], ['restarts', fmt(j.restarts)],
        ['in', rate(j.recordsInPerSecond)], ['out', rate(j.recordsOutPerSecond)],
        ['behind', fmt(j.recordsBehind)], ['wm lag', dur(j.watermarkLagMs)],
        ['checkpoint', cp ? '#' + cp.id + ' ' + dur(cp.ageMs) + ' ago' : '-'], ['cp took', cp && cp.durationMs !== null ? cp.durationMs + ' ms' : '-'],
        ['backpressure', (j.backpressure || '-') + (j.backPressuredRatio === null ? '' : ' ' + Math.round(j.backPressuredRatio * 100) + '%')], ['dead letters', deadText],
      ].forEach(function (pair) { dl.appendChild(el('dt', null, pair[0])); dl.appendChild(el('dd', { 'data-metric': pair[0] }, pair[1])); });
      card.appendChild(dl);
      if (j.vertices.length > 0) {
        // The job graph in topological order (Flink lists vertices that way), each with its throughput.
        var g = el('div', { class: 'graph' });
        j.vertices.forEach(function (v, i) {
          if (i > 0) g.appendChild(el('span', { class: 'arrow' }, '→'));
          var through = v.readPerSecond !== null ? v.readPerSecond : v.writePerSecond;
          g.appendChild(el('span', { class: 'node', title: v.name, 'data-vertex': v.id }, v.name.slice(0, 40) + ' · ' + rate(through)));
        });
        card.appendChild(g);
      }
      box.appendChild(card);
    });
  }

  function drawPlan(plan) {
    var box = document.getElementById('plan');
    box.textContent = '';
    if (!plan) { box.appendChild(el('div', { class: 'muted' }, 'planning…')); return; }
    if (plan.error) { box.appendChild(el('div', { class: 'error' }, plan.error)); return; }
    box.appendChild(el('div', { class: 'muted' }, plan.hasChanges ? 'deploy would change something (' + plan.topics + ' topic changes)' : 'up to date'));
    var t = el('table');
    var head = el('tr');
    ['signal', 'action', 'why'].forEach(function (c) { head.appendChild(el('th', null, c)); });
    t.appendChild(head);
    plan.jobs.forEach(function (j) {
      var tr = el('tr');
      [j.signal, j.action, j.reason].forEach(function (c) { tr.appendChild(el('td', null, c)); });
      t.appendChild(tr);
    });
    box.appendChild(t);
  }

  function drawSavepoints(list) {
    var box = document.getElementById('savepoints');
    box.textContent = '';
    if (!list || list.length === 0) { box.appendChild(el('div', { class: 'muted' }, 'no savepoints recorded')); return; }
    var t = el('table');
    var head = el('tr');
    ['signal', 'time', 'reason', 'version', 'rollback target', 'path'].forEach(function (c) { head.appendChild(el('th', null, c)); });
    t.appendChild(head);
    list.slice(0, 30).forEach(function (s) {
      var tr = el('tr');
      [s.signal, s.time, s.reason, s.version.slice(0, 12), s.rollbackTarget ? 'yes' : '', s.path].forEach(function (c) { tr.appendChild(el('td', null, c)); });
      t.appendChild(tr);
    });
    box.appendChild(t);
  }

  // ---- state for tests -------------------------------------------------------------------------
  function writeState() {
    var state = { connected: model.connected, updatedAt: model.updatedAt, signals: {}, jobs: {} };
    model.order.forEach(function (name) {
      var s = model.signals[name];
      state.signals[name] = { kind: s.view.kind, rows: s.rows, error: s.error, keys: Object.keys(s.latest).length, latest: s.latest };
    });
    model.jobs.forEach(function (j) {
      state.jobs[j.signal] = { jobId: j.jobId, state: j.state, healthy: j.healthy, restarts: j.restarts, recordsIn: j.recordsIn, recordsOut: j.recordsOut, recordsInPerSecond: j.recordsInPerSecond, recordsOutPerSecond: j.recordsOutPerSecond, recordsBehind: j.recordsBehind, watermarkLagMs: j.watermarkLagMs, checkpoint: j.checkpoint, backpressure: j.backpressure, deadLetters: j.deadLetters, uptimeMs: j.uptimeMs, updatedAt: j.updatedAt, vertices: j.vertices.length };
    });
    document.getElementById('state').textContent = JSON.stringify(state);
  }

  // ---- events ----------------------------------------------------------------------------------
  function onSnapshot(snap) {
    model.project = snap.project;
    model.environment = snap.environment;
    model.cap = snap.historyCap;
    model.jobs = snap.jobs;
    model.signals = {};
    model.order = [];
    var box = document.getElementById('signals');
    box.textContent = '';
    snap.signals.forEach(function (s) {
      var sig = buildSignal(s);
      model.signals[s.view.signal] = sig;
      model.order.push(s.view.signal);
      box.appendChild(sig.box);
    });
    document.getElementById('project').textContent = snap.project + ' · ' + snap.environment;
    drawJobs();
    drawPlan(snap.plan);
    drawSavepoints(snap.savepoints);
    model.order.forEach(function (n) { drawSignal(model.signals[n]); });
    writeState();
  }

  function onRows(batch) {
    batch.forEach(function (b) {
      var sig = model.signals[b.signal];
      if (!sig) return;
      sig.rows = b.rows;
      b.points.forEach(function (p) { addPoint(sig, p.key, p.point); });
    });
    schedule();
  }

  var scheduled = false;
  var lastDraw = 0;
  // Redraw at most once a second, in an animation frame: a fast signal must not keep the page busy.
  function schedule() {
    if (scheduled) return;
    scheduled = true;
    setTimeout(function () {
      requestAnimationFrame(function () {
        scheduled = false;
        lastDraw = Date.now();
        model.order.forEach(function (n) { var s = model.signals[n]; if (s.dirty && s.visible) drawSignal(s); else if (s.dirty) s.rowsLabel.textContent = s.rows + ' rows'; });
        writeState();
      });
    }, Math.max(0, 1000 - (Date.now() - lastDraw)));
  }

  function connect() {
    var source = new EventSource('events');
    var status = document.getElementById('connection');
    source.addEventListener('open', function () { model.connected = true; status.setAttribute('data-connected', 'true'); status.textContent = 'live'; });
    source.addEventListener('error', function () { model.connected = false; status.setAttribute('data-connected', 'false'); status.textContent = 'reconnecting…'; writeState(); });
    source.addEventListener('snapshot', function (e) { onSnapshot(JSON.parse(e.data)); });
    source.addEventListener('rows', function (e) { onRows(JSON.parse(e.data)); });
    source.addEventListener('jobs', function (e) {
      model.jobs = JSON.parse(e.data);
      model.updatedAt = Date.now();
      document.getElementById('updated').textContent = 'jobs read ' + new Date().toLocaleTimeString();
      drawJobs();
      writeState();
    });
    source.addEventListener('plan', function (e) { drawPlan(JSON.parse(e.data)); });
    source.addEventListener('problem', function (e) { var p = JSON.parse(e.data); document.getElementById('updated').textContent = p.source + ': ' + p.message; });
  }
  connect();
})();
