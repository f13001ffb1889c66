// The dashboard's charts (ECharts, canvas renderer). Each function returns a <div> holding one chart, with the
// number of points it drew in data-points (the browser tests read it).
'use strict';

const Charts = (() => {
  let live = [];
  let old = [];
  const COLOURS = ['#2c7bb6', '#abd9e9', '#ffffbf', '#fdae61', '#d7191c'];

  function box(cls, id, points) {
    const d = document.createElement('div');
    d.className = cls || 'chart';
    if (id) d.id = id;
    d.setAttribute('data-points', String(points));
    return d;
  }

  function draw(div, option) {
    // the div is not in the page yet: ECharts is given its size, and resized once it is shown
    const w = div.className.includes('wide') ? 1100 : div.className.includes('small') ? 400 : 640;
    const h = div.className.includes('wide') ? 460 : div.className.includes('small') ? 300 : 420;
    const c = echarts.init(div, null, { renderer: 'canvas', width: w, height: h });
    c.setOption(Object.assign({ animation: false }, option));
    live.push(c);
    return div;
  }

  function title(text) {
    return { text, left: 'center', textStyle: { fontSize: 13 } };
  }

  function history(h, cls) {
    const others = Object.values(h.others).reduce((a, b) => a + b.length, 0);
    return draw(box(cls, 'history', h.points.length), {
      title: title('objective by trial (' + h.total + ' completed' + (others ? ', ' + others + ' not' : '') + ')'),
      tooltip: { trigger: 'item' },
      xAxis: { type: 'value', name: 'trial' }, yAxis: { type: 'value', name: 'objective', scale: true },
      series: [{ type: 'scatter', name: 'trial', data: h.points, symbolSize: 5, large: h.points.length > 2000 },
        { type: 'line', name: 'best so far', step: 'end', data: h.best, showSymbol: false, lineStyle: { color: '#d7191c' } }],
    });
  }

  function histories(list) {
    return draw(box('chart wide', 'histories', list.reduce((a, h) => a + h.best.length, 0)), {
      title: title('best so far, study by study'), legend: { top: 24 }, tooltip: { trigger: 'axis' },
      xAxis: { type: 'value', name: 'trial' }, yAxis: { type: 'value', name: 'objective', scale: true },
      series: list.map(h => ({ type: 'line', step: 'end', name: h.name, data: h.best, showSymbol: false })),
    });
  }

  function epochs(rows, keys, text, id) {
    return draw(box('chart small', id, rows.length * keys.length), {
      title: title(text), legend: { top: 22 }, tooltip: { trigger: 'axis' },
      xAxis: { type: 'value', name: 'epoch', minInterval: 1 }, yAxis: { type: 'value', scale: true },
      series: keys.map(k => ({ type: 'line', name: k, data: rows.map(r => [r.epoch + 1, r[k]]) })),
    });
  }

  function parallel(p) {
    const n = p.dimensions.length;
    const axes = p.dimensions.map((d, i) => Object.assign({ dim: i, name: d.name }, d.type === 'category'
      ? { type: 'category', data: d.categories } : { type: 'value', scale: true }));
    axes.push({ dim: n, name: 'objective', type: 'value', scale: true });
    const values = p.rows.map(r => r[n]);
    return draw(box('chart wide', 'parallel', p.rows.length), {
      title: title('parallel coordinates (' + p.rows.length + ' of ' + p.total + ' completed trials)'),
      parallelAxis: axes, parallel: { left: 60, right: 80, top: 60 },
      visualMap: { type: 'continuous', dimension: n, min: Math.min(...values), max: Math.max(...values), inRange: { color: COLOURS }, right: 0, calculable: true, precision: 3 },
      series: [{ type: 'parallel', data: p.rows.map(r => r.slice(0, n + 1)), lineStyle: { width: 1, opacity: 0.5 } }],
    });
  }

  function slices(p) {
    const n = p.dimensions.length;
    const grid = document.createElement('div');
    grid.className = 'grid';
    grid.id = 'slices';
    let total = 0;
    p.dimensions.forEach((d, i) => {
      const data = p.rows.filter(r => r[i] !== null).map(r => [r[i], r[n], r[n + 1]]);
      total += data.length;
      grid.append(draw(box('chart small', 'slice-' + d.name, data.length), {
        title: title('objective by ' + d.name), tooltip: { trigger: 'item' },
        xAxis: Object.assign({ name: d.name, nameLocation: 'middle', nameGap: 24 }, d.type === 'category' ? { type: 'category', data: d.categories } : { type: isLog(data) ? 'log' : 'value', scale: true }),
        yAxis: { type: 'value', name: 'objective', scale: true },
        series: [{ type: 'scatter', data, symbolSize: 5 }],
      }));
    });
    grid.setAttribute('data-points', String(total));
    return grid;
  }

  function isLog(data) {
    const xs = data.map(d => d[0]).filter(x => typeof x === 'number');
    return xs.length > 1 && Math.min(...xs) > 0 && Math.max(...xs) / Math.min(...xs) >= 100;
  }

  /** The best objective in each of 20 × 20 bins of two parameters (log bins where a range spans 100x). */
  function contour(p, x, y) {
    const n = p.dimensions.length;
    const ix = p.dimensions.findIndex(d => d.name === x), iy = p.dimensions.findIndex(d => d.name === y);
    const pts = p.rows.filter(r => typeof r[ix] === 'number' && typeof r[iy] === 'number');
    const axis = i => {
      const v = pts.map(r => r[i]), log = isLog(v.map(a => [a]));
      const t = a => log ? Math.log10(a) : a, lo = Math.min(...v.map(t)), hi = Math.max(...v.map(t));
      return { t, lo, hi, log, bin: a => Math.min(19, Math.floor(20 * (t(a) - lo) / ((hi - lo) || 1))) };
    };
    const ax = axis(ix), ay = axis(iy), best = new Map();
    for (const r of pts) {
      const k = ax.bin(r[ix]) + ',' + ay.bin(r[iy]);
      if (!best.has(k) || r[n] < best.get(k)) best.set(k, r[n]);
    }
    const data = [...best.entries()].map(([k, v]) => k.split(',').map(Number).concat([v]));
    const labels = a => Array.from({ length: 20 }, (_, i) => { const v = a.lo + (i + 0.5) * (a.hi - a.lo) / 20; return (a.log ? Math.pow(10, v) : v).toPrecision(2); });
    const values = data.map(d => d[2]);
    return draw(box('chart', 'contour', pts.length), {
      title: title('best objective over ' + x + ' × ' + y + ' (' + pts.length + ' trials, 20 × 20 bins)'), tooltip: {},
      xAxis: { type: 'category', data: labels(ax), name: x }, yAxis: { type: 'category', data: labels(ay), name: y },
      visualMap: { min: Math.min(...values), max: Math.max(...values), inRange: { color: COLOURS }, right: 0, top: 'middle', calculable: true, precision: 3 },
      series: [{ type: 'heatmap', data }],
    });
  }

  function heatmaps(h, only) {
    const grid = document.createElement('div');
    grid.className = 'grid';
    grid.id = 'heatmaps-' + h.id;
    const all = h.slices.flatMap(s => s.cells.map(c => c[2]));
    let cells = 0;
    for (const s of h.slices.slice(0, only || h.slices.length)) {
      cells += s.cells.length;
      grid.append(draw(box('chart small', null, s.cells.length), {
        title: title((only ? h.name + ': ' : '') + s.title), tooltip: {},
        grid: { left: 50, bottom: 50, right: 70 },
        xAxis: { type: 'category', data: s.xs, name: 'log2 α', nameLocation: 'middle', nameGap: 28 },
        yAxis: { type: 'category', data: s.ys, name: 'log2 ' + s.wd_symbol },
        visualMap: { min: Math.min(...all), max: Math.max(...all), inRange: { color: COLOURS }, right: 0, top: 'middle', itemHeight: 120, calculable: true },
        series: [{ type: 'heatmap', data: s.cells, label: { show: s.cells.length <= 100, formatter: v => v.value[2].toFixed(1), fontSize: 9 } }],
      }));
    }
    grid.setAttribute('data-points', String(cells));
    return grid;
  }

  function curves(c) {
    const values = c.curves.map(x => x.value).filter(v => typeof v === 'number');
    const lo = Math.min(...values), hi = Math.max(...values), log = values.length && lo > 0 && hi / lo >= 100;
    const colour = v => {
      if (typeof v !== 'number' || !(hi > lo)) return '#607d8b';
      const f = log ? (Math.log(v) - Math.log(lo)) / (Math.log(hi) - Math.log(lo)) : (v - lo) / (hi - lo);
      return COLOURS[Math.min(4, Math.floor(f * 5))];
    };
    return draw(box('chart wide', 'curves', c.curves.reduce((a, x) => a + x.points.length, 0)), {
      title: title('test error per epoch' + (c.color ? ', coloured by ' + c.color + ' (blue low, red high)' : '')),
      tooltip: { trigger: 'item' }, xAxis: { type: 'value', name: 'epoch', minInterval: 1 }, yAxis: { type: 'value', name: 'test error', scale: true },
      series: c.curves.map(x => ({ type: 'line', name: 'trial ' + x.trial, data: x.points, showSymbol: false, lineStyle: { width: 1, color: colour(x.value) }, itemStyle: { color: colour(x.value) } })),
    });
  }

  function importances(h) {
    const names = h.slices.map(s => s.title);
    const part = k => h.slices.map(s => s.importance[k]);
    return draw(box('chart wide', 'importances', h.slices.length * 3), {
      title: title('importance: shares of the variance of ln(error)'), legend: { top: 24 }, tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: names }, yAxis: { type: 'value', max: 1 },
      series: [{ type: 'bar', name: 'α', data: part('lr') }, { type: 'bar', name: 'λ', data: part('weight_decay') },
        { type: 'bar', name: 'α×λ', data: part('interaction') }],
    });
  }

  function pareto(p) {
    const front = p.points.filter(x => x[2] === 0).sort((a, b) => a[0] - b[0]);
    const rest = p.points.filter(x => x[2] !== 0);
    return draw(box('chart', 'pareto', p.points.length), {
      title: title('Pareto front: ' + front.length + ' of ' + p.points.length + ' completed trials'), legend: { top: 24 }, tooltip: {},
      xAxis: { type: 'value', name: p.objectives_list[0], scale: true }, yAxis: { type: 'value', name: p.objectives_list[1], scale: true },
      series: [{ type: 'scatter', name: 'dominated', data: rest, itemStyle: { color: '#999' } },
        { type: 'line', name: 'front (rank 0)', data: front, itemStyle: { color: '#c81e1e' }, symbol: 'diamond', symbolSize: 9 }],
    });
  }

  /** A PBT population: lr, weight decay and test error per member by epoch, and the lineage of exploits. */
  function pbt(p) {
    const grid = document.createElement('div');
    grid.className = 'grid';
    grid.id = 'pbt';
    const colour = i => COLOURS[Math.min(4, Math.floor(5 * i / Math.max(1, p.members.length)))];
    const line = (key, text, log) => draw(box('chart small', 'pbt-' + key, p.members.reduce((a, m) => a + m[key].length, 0)), {
      title: title(text), tooltip: { trigger: 'item' },
      xAxis: { type: 'value', name: 'epoch', minInterval: 1 }, yAxis: { type: log ? 'log' : 'value', scale: true },
      series: p.members.map((m, i) => ({ type: 'line', name: 'member ' + m.trial, data: m[key], showSymbol: false, lineStyle: { width: 1.5, color: colour(i) }, itemStyle: { color: colour(i) } })),
    });
    const last = Math.max(1, ...p.members.map(m => m.test_error.length));
    // exploits at the same boundary side by side, a little apart, so each link shows
    const shift = i => 0.06 * p.exploits.slice(0, i).filter(x => x[0] === p.exploits[i][0]).length;
    const lineage = draw(box('chart small', 'pbt-lineage', p.exploits.length), {
      title: title('lineage: ' + p.exploits.length + ' exploits (source → target)'), tooltip: { trigger: 'item' },
      xAxis: { type: 'value', name: 'epoch', min: 0, max: last, minInterval: 1 }, yAxis: { type: 'value', name: 'member', minInterval: 1 },
      series: p.members.map(m => ({ type: 'line', data: [[0, m.trial], [last, m.trial]], showSymbol: false, lineStyle: { color: '#bbb' }, silent: true }))
        .concat(p.exploits.map((x, i) => ({ type: 'line', name: 'epoch ' + x[0] + ': ' + x[1] + ' → ' + x[2], data: [[x[0] + shift(i), x[1]], [x[0] + shift(i), x[2]]], lineStyle: { color: '#c81e1e', width: 2 }, itemStyle: { color: '#c81e1e' } }))),
    });
    grid.append(line('lr', 'learning rate in force', true), line('weight_decay', 'weight decay in force', true),
      line('test_error', 'test error', false), lineage);
    grid.setAttribute('data-points', String([...grid.children].reduce((a, c) => a + Number(c.getAttribute('data-points')), 0)));
    return grid;
  }

  return {
    history, histories, epochs, parallel, slices, contour, heatmaps, curves, importances, pareto, pbt,
    disposeOld() { old.forEach(c => c.dispose()); old = live; live = []; },
    resizeAll() { old.forEach(c => c.resize()); },
  };
})();
