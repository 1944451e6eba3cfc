// Text alternatives of the figures (issue 18): for each open panel that draws a figure, a section
// a screen reader reaches (visually hidden) with what the figure shows in words and tables: the
// learning curves (Training), what the focused unit responds to (Weights), the current input's
// 8x8 values and its reading and the test confusion matrix (Decision). Refreshed once a second
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

  const PANELS = { training: ['Training', trainingParts], weights: ['Weights', weightsParts],
                   decision: ['Decision', decisionParts] };

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
