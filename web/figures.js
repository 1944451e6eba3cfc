// Text alternatives of the figures (issue 18): for each open panel that draws a figure, a section
// a screen reader reaches (visually hidden) with what the figure shows in words and tables: the
// learning curves (Training), what the focused unit responds to (Weights), the current input's
// 8x8 values and its reading and the test confusion matrix (Decision), the Backprop stepper's
// current step: its title, formula and numbers as a table (Backprop). Refreshed once a second
// while its panel is open and only when its text changed; it only reads (never wakes the page).
(function () {
  'use strict';
  const lab = window.lab;
  const POLL_MS = 1000;
  const sections = {};   // panel -> {el, text}

  function el(tag, attrs, text) {
    const e = document.createElement(tag);
    if (attrs) Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text != null) e.textContent = text;
    return e;
  }

  // A table with a caption, column headers and a header cell per row.
  function table(caption, colHeads, rowHeads, cells) {
    const t = el('table');
    t.appendChild(el('caption', null, caption));
    const head = el('tr');
    head.appendChild(el('td'));
    colHeads.forEach(function (h) { head.appendChild(el('th', { scope: 'col' }, h)); });
    t.appendChild(head);
    cells.forEach(function (row, r) {
      const tr = el('tr');
      tr.appendChild(el('th', { scope: 'row' }, rowHeads[r]));
      row.forEach(function (v) { tr.appendChild(el('td', null, String(v))); });
      t.appendChild(tr);
    });
    return t;
  }

  const digits = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

  function trainingParts(f) { return [el('p', null, 'Learning curves: ' + f.curves)]; }

  function weightsParts(f) {
    if (!f.unit) return [el('p', null, 'Weight tiles: select a tile (a hidden unit) to hear what it responds to.')];
    return [el('p', null, 'Hidden unit ' + f.unit.unit + ' of layer 1: ' + f.unit.text)];
  }

  function decisionParts(f, s) {
    const parts = [];
    if (s.input) {
      const rows = [];
      for (let r = 0; r < 8; ++r) rows.push(s.input.pixels.slice(r * 8, r * 8 + 8).map(Math.round));
      const cols = ['1', '2', '3', '4', '5', '6', '7', '8'];
      parts.push(table('The current input: 8x8 pixel values, 0 (white) to 16 (black)', cols,
                       cols.map(function (c) { return 'row ' + c; }), rows));
      parts.push(el('p', null, 'Output layer: ' + f.outputs));
      const list = el('ul', { 'aria-label': 'Output probabilities' });
      s.input.outputs.forEach(function (p, d) { list.appendChild(el('li', null, d + ': ' + (p == null ? '?' : p.toFixed(3)))); });
      parts.push(list);
    }
    parts.push(table('Test confusion matrix: rows are the true digit, columns what the network read',
                     digits.map(function (d) { return 'read ' + d; }), digits.map(function (d) { return 'true ' + d; }),
                     f.confusion));
    return parts;
  }

  const fmt = function (v) { return v == null ? '?' : Number(v).toFixed(4); };

  // One column of values per unit: the output layer's units are the digits.
  function unitTable(caption, head, values, isOutput) {
    const rows = values.map(function (v) { return [fmt(v)]; });
    const names = values.map(function (_, i) { return isOutput ? 'digit ' + i : 'unit ' + (i + 1); });
    return table(caption, [head], names, rows);
  }

  // The largest |dW| entries of a layer: "unit 3 from input 12: -0.0412".
  function largestGradients(dW, n, isOutput) {
    const all = [];
    dW.forEach(function (row, i) { row.forEach(function (v, j) { all.push([Math.abs(v), v, i, j]); }); });
    all.sort(function (a, b) { return b[0] - a[0]; });
    const list = el('ul', { 'aria-label': 'Largest weight gradients' });
    all.slice(0, n).forEach(function (e) {
      list.appendChild(el('li', null, (isOutput ? 'digit ' + e[2] : 'unit ' + (e[2] + 1)) + ' from unit ' + (e[3] + 1) +
                                      ' of the layer below: ' + fmt(e[1])));
    });
    return list;
  }

  // The Backprop stepper's current step: its title, its maths and its numbers.
  function backpropParts() {
    const pos = lab.backprop.position();
    const t = lab.backprop.trace();
    if (!pos.has_trace || !t) return [el('p', null, 'Backprop stepper: choose an example (a dataset image or the sketch).')];
    const parts = [
      el('p', null, 'Example: ' + (t.source === 'sketch' ? 'your sketch' : 'image ' + t.index) + ', label ' + t.label +
                    ', the network reads ' + t.predicted + '.'),
      el('p', null, 'Step ' + (pos.step + 1) + ' of ' + pos.steps + ': ' + pos.title + '.'),
      el('p', null, 'Formula: ' + pos.formula),
    ];
    if (pos.stale) parts.push(el('p', null, 'The weights changed since this trace: these numbers are from the earlier weights.'));
    const L = t.layers.length;
    const layer = pos.layer >= 1 && pos.layer <= L ? t.layers[pos.layer - 1] : null;
    const isOutput = pos.layer === L;
    const kind = pos.name.replace(/[0-9]+$/, '');
    if (kind === 'input') {
      const rows = [];
      for (let r = 0; r < 8; ++r) rows.push(t.pixels.slice(r * 8, r * 8 + 8).map(Math.round));
      const cols = ['1', '2', '3', '4', '5', '6', '7', '8'];
      parts.push(table('The example: 8x8 pixel values, 0 (white) to 16 (black)', cols, cols.map(function (c) { return 'row ' + c; }), rows));
    } else if (layer && (kind === 'z' || kind === 'a' || kind === 'delta')) {
      const what = { z: 'z, the weighted input', a: 'a, the activation', delta: 'delta, the error' }[kind];
      parts.push(unitTable('Layer ' + pos.layer + ': ' + what + ' of each unit', kind, layer[kind], isOutput));
    } else if (kind === 'loss') {
      parts.push(el('p', null, 'Loss of this example: ' + fmt(t.loss) + ' (label ' + t.label + ').'));
      parts.push(unitTable('The outputs a', 'a', t.layers[L - 1].a, true));
    } else if (layer && kind === 'grad') {
      parts.push(unitTable('Layer ' + pos.layer + ': bias gradients dJ/db', 'dJ/db', layer.db, isOutput));
      parts.push(largestGradients(layer.dW, 5, isOutput));
    } else if (kind === 'update') {
      parts.push(el('p', null, 'Update by ' + t.update.optimizer + ': ' + t.update.formula + '. ' + (t.update.note || '')));
      if (t.update.why) parts.push(el('p', null, t.update.why));
    }
    if (pos.explain) parts.push(el('p', null, 'Explained: ' + pos.explain));
    return parts;
  }

  const PANELS = { training: ['Training', trainingParts], weights: ['Weights', weightsParts],
                   decision: ['Decision', decisionParts], backprop: ['Backprop', backpropParts] };

  function refresh() {
    let open, f, s;
    try {
      open = lab.openPanels();
      f = lab.figures();
      s = lab.state();
    } catch (e) { return; }   // no data yet
    Object.keys(PANELS).forEach(function (name) {
      const sec = sections[name];
      sec.el.hidden = open.indexOf(name) < 0;
      if (sec.el.hidden) return;
      const parts = PANELS[name][1](f, s);
      const text = parts.map(function (p) { return p.textContent; }).join('\n');
      if (text === sec.text) return;
      sec.text = text;
      sec.el.replaceChildren.apply(sec.el, [el('h2', null, PANELS[name][0] + ' panel figures')].concat(parts));
    });
  }

  lab.ready.then(function () {
    const root = document.getElementById('figures');
    Object.keys(PANELS).forEach(function (name) {
      const sec = el('section', { 'aria-label': PANELS[name][0] + ' panel figures', 'data-panel': name });
      sec.hidden = true;
      root.appendChild(sec);
      sections[name] = { el: sec, text: '' };
    });
    refresh();
    setInterval(refresh, POLL_MS);
  }, function () {});
})();
