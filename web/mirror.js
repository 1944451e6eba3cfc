// The canvas' controls as real HTML (issue 18): for each interactive item Dear ImGui drew in the
// last frame (lab.controls(), the item registry) a focusable element laid over the item, with the
// item's visible label as its name and its state (a checkbox's or radio button's aria-checked, a
// tab's or selectable's aria-pressed, a header's, menu's or combo's aria-expanded, aria-disabled),
// grouped per panel (a region named by the panel's title; the toolbar first, then the panels in
// reading order: by rows, left to right). Tab from the top of the page walks them; Enter or
// Space presses the item (lab.press: the app's own widget reports the press and sends its
// intent); the focused one shows an outline over the canvas item. A panel's clickable images
// (the Data panel's digits) are one Tab stop, walked with the arrow keys. A slider, drag or number
// field is a text input with role slider (a range) or spinbutton (none), its value, range and shown
// text (aria-valuenow/-min/-max/-text); a text field a textbox; a combo a combobox named by its label
// and its choice. Their keys: the arrows step the value (Up/Right up, Down/Left down; Left/Right
// move the caret once a number is being typed), Page Up/Down ten steps, Home/End the range's ends,
// typing a number and Enter sets it, Escape (or leaving it) restores it; each through lab.setControl (the widget
// takes it next frame and its panel sends the change), a refusal is announced. The Lessons panel
// has its own text layer (web/lesson_text.js). An item scrolled out of view keeps its place in the
// Tab order (lab.controls({hidden: true})), parked on its panel's edge; focusing it scrolls its
// panel to show it (lab.reveal) and the element moves over it. An item's tooltip or "(?)" text
// (lab.controls() help) is its accessible description. Refreshed 4 times a second by diffing names: an element is made
// once per name, only changed attributes are written and the focused element is never moved.
// It only reads (never wakes an idle page). Names drop icon glyphs (symbols: "▮▮ Pause" is "Pause").
(function () {
  'use strict';
  const POLL_MS = 250;
  const VALUE_KINDS = { slider: 1, drag: 1, input: 1 };
  const SKIP_PANELS = { lessons: 1 };   // web/lesson_text.js is its accessible form
  let root = null;
  const groups = {};     // panel -> {el, title}
  const items = {};      // name -> {el, text, state}

  function set(el, attr, value) {
    if (value == null) { if (el.hasAttribute(attr)) el.removeAttribute(attr); }
    else if (el.getAttribute(attr) !== value) el.setAttribute(attr, value);
  }

  // The name a screen reader says: the visible label, else the item's name in words
  // ("data:image#2" -> "image 2", "network:help:layers" -> "help layers").
  // Icon glyphs drawn before a label ("▮▮ Pause") are not read.
  function spoken(c) {
    const label = (c.label || '').replace(/[\p{So}\p{Co}]/gu, '').replace(/\s+/g, ' ').trim();
    if (/[\p{L}\p{N}]/u.test(label)) return label;   // letters of any script: "β₁", "λ (L2)"
    const words = c.name.replace(/^[^:]*:/, '').replace(/[:_#]+/g, ' ').trim();
    return (c.kind === 'help marker' ? 'Help: ' : '') + (words || c.kind);
  }

  function roleOf(kind) {
    if (kind === 'checkbox') return 'checkbox';
    if (kind === 'radio') return 'radio';
    return null;   // a <button>
  }

  // A slider, drag or input field: a text input (its keys: onValueKey).
  function makeValue(c) {
    const el = document.createElement('input');
    el.type = 'text';
    el.className = 'mirror-item mirror-value';
    el.dataset.name = c.name;
    el.dataset.kind = c.kind;
    el.autocomplete = 'off';
    el.spellcheck = false;
    const it = { el: el, value: true, text: null, editing: false, c: c, sent: null, sentAt: 0 };
    el.addEventListener('input', function () { it.editing = true; el.classList.add('editing'); });
    el.addEventListener('blur', function () { stopEditing(it); });
    el.addEventListener('focus', function () { el.select(); });   // typing replaces the value
    return it;
  }

  function makeItem(c) {
    if (VALUE_KINDS[c.kind]) return makeValue(c);
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'mirror-item';
    b.dataset.name = c.name;
    b.dataset.kind = c.kind;
    const role = roleOf(c.kind);
    if (role) b.setAttribute('role', role);
    const text = document.createElement('span');
    text.className = 'sr-only';
    b.appendChild(text);
    b.addEventListener('click', function () {
      const err = window.lab.press(b.dataset.name);
      if (err) window.lab.announce(err);
      else window.lab.nextFrame().then(refresh);
    });
    return { el: b, label: text, text: null };
  }

  const isNumber = function (c) { return typeof c.value === 'number'; };
  // A number as the field's text: whole, or 6 significant digits.
  function numText(c, v) {
    if (v == null) v = c.value;
    return c.integer ? String(Math.round(v)) : String(Number(Number(v).toPrecision(6)));
  }
  // A number as ARIA wants it: decimal notation, never "1e-8".
  function ariaNumber(c, v) {
    const t = numText(c, v);
    if (!/e/i.test(t)) return t;
    const x = Number(t);
    const decimals = Math.min(100, Math.max(0, 6 - Math.floor(Math.log10(Math.abs(x))) - 1));
    return x.toFixed(decimals).replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');
  }
  const bounded = function (c) { return typeof c.min === 'number' && typeof c.max === 'number'; };

  function updateValue(it, c) {
    const el = it.el;
    it.c = c;
    const name = spoken(c);
    if (it.text !== name) { el.setAttribute('aria-label', name); it.text = name; }
    const num = isNumber(c);
    set(el, 'role', num ? ((c.kind !== 'input' && bounded(c)) ? 'slider' : 'spinbutton') : null);
    set(el, 'inputmode', num ? 'decimal' : null);
    set(el, 'aria-valuenow', num ? ariaNumber(c) : null);
    set(el, 'aria-valuemin', num && typeof c.min === 'number' ? ariaNumber(c, c.min) : null);
    set(el, 'aria-valuemax', num && typeof c.max === 'number' ? ariaNumber(c, c.max) : null);
    const shown = (c.text || '').trim();
    set(el, 'aria-valuetext', num && shown ? shown : null);
    set(el, 'aria-readonly', c.readonly ? 'true' : null);
    set(el, 'aria-disabled', c.disabled ? 'true' : null);
    if (el.readOnly !== !!(c.readonly || c.disabled)) el.readOnly = !!(c.readonly || c.disabled);
    // The text the widget shows ("12 steps/s"): what a screen reader reads as the value (Chrome
    // reads a text input's own text, not aria-valuetext); typing replaces it.
    const text = c.value == null ? '' : (num ? (shown || numText(c)) : String(c.value));
    if (!it.editing && el.value !== text) el.value = text;
  }

  function stopEditing(it) {
    if (!it.editing && !it.el.hasAttribute('aria-invalid')) return;
    it.editing = false;
    it.el.classList.remove('editing');
    set(it.el, 'aria-invalid', null);
    updateValue(it, it.c);
  }

  // Asks the app to take `value` (lab.setControl); a refusal is announced and changes nothing.
  function send(it, value) {
    const err = window.lab.setControl(it.el.dataset.name, value);
    if (err) {
      set(it.el, 'aria-invalid', 'true');
      window.lab.announce(err);
      return false;
    }
    it.sent = typeof value === 'number' ? value : null;
    it.sentAt = Date.now();
    it.editing = false;
    it.el.classList.remove('editing');
    set(it.el, 'aria-invalid', null);
    window.lab.nextFrame().then(function () { return window.lab.nextFrame(); }).then(refresh);
    return true;
  }

  // The value `dir` steps (big: ten) from v: x10^(0.1) per step on a logarithmic slider, else the
  // item's step (a hundredth of its range, or 1 or a tenth of the value when it has none).
  function stepped(c, v, dir, big) {
    const n = big ? 10 : 1;
    let next;
    if (c.log && v > 0) next = v * Math.pow(10, dir * n / 10);
    else {
      const s = c.step > 0 ? c.step : bounded(c) ? (c.max - c.min) / 100 : c.integer ? 1 : (Math.abs(v) / 10 || 0.1);
      next = v + dir * n * s;
    }
    next = c.integer ? Math.round(next) : Number(next.toPrecision(6));
    if (next === v) next = v + dir;
    if (typeof c.min === 'number') next = Math.max(c.min, next);
    if (typeof c.max === 'number') next = Math.min(c.max, next);
    return next;
  }

  const VALUE_STEP = { ArrowUp: 1, ArrowRight: 1, ArrowDown: -1, ArrowLeft: -1, PageUp: 1, PageDown: -1 };

  function onValueKey(e) {
    const t = e.target;
    if (!(t instanceof HTMLInputElement) || !root || !root.contains(t)) return;
    const it = items[t.dataset.key];
    if (!it || !it.value) return;
    const c = it.c;
    if (e.key === 'Enter') {
      e.preventDefault();
      if (it.editing && !c.readonly && !c.disabled) send(it, t.value.trim());
      return;
    }
    if (e.key === 'Escape') {
      if (it.editing || t.hasAttribute('aria-invalid')) { e.preventDefault(); stopEditing(it); }
      return;
    }
    if (!isNumber(c) || c.readonly || c.disabled || e.altKey || e.ctrlKey || e.metaKey) return;
    let to = null;
    if (VALUE_STEP[e.key] && !(it.editing && (e.key === 'ArrowLeft' || e.key === 'ArrowRight'))) {
      const base = it.sent != null && Date.now() - it.sentAt < 1500 ? it.sent : c.value;
      to = stepped(c, base, VALUE_STEP[e.key], e.key === 'PageUp' || e.key === 'PageDown');
    } else if (e.key === 'Home' && typeof c.min === 'number' && !it.editing) to = c.min;
    else if (e.key === 'End' && typeof c.max === 'number' && !it.editing) to = c.max;
    if (to == null) return;
    e.preventDefault();
    send(it, to);
  }

  // An item's tooltip or "(?)" text as its accessible description (aria-describedby to a span in
  // a hidden box: screen readers read it after the name; only changed text is written).
  let descBox = null, descCount = 0;
  function describe(it, help) {
    const text = help ? help.replace(/\s+/g, ' ').trim() : '';
    if (it.help === text) return;
    it.help = text;
    if (!text) {
      set(it.el, 'aria-describedby', null);
      dropDescription(it);
      return;
    }
    if (!descBox) {
      descBox = document.createElement('div');
      descBox.hidden = true;
      descBox.id = 'mirror-descriptions';
      document.body.appendChild(descBox);
    }
    if (!it.desc) {
      it.desc = document.createElement('span');
      it.desc.id = 'mirror-d' + (++descCount);
      descBox.appendChild(it.desc);
    }
    it.desc.textContent = text;
    set(it.el, 'aria-describedby', it.desc.id);
  }
  function dropDescription(it) {
    if (it.desc) { it.desc.remove(); it.desc = null; }
  }

  function update(it, c) {
    describe(it, c.help);
    if (it.value) { updateValue(it, c); place(it.el, c); return; }
    const name = spoken(c);
    if (it.text !== name) { it.label.textContent = name; it.text = name; }
    const b = it.el;
    const checkable = c.kind === 'checkbox' || c.kind === 'radio';
    set(b, 'aria-checked', checkable ? String(!!c.checked) : null);
    set(b, 'aria-pressed', (c.kind === 'tab' || c.kind === 'selectable') ? String(!!c.checked) : null);
    set(b, 'aria-expanded', (c.kind === 'header' || c.kind === 'menu' || c.kind === 'combo') ? String(!!c.open) : null);
    set(b, 'aria-haspopup', (c.kind === 'menu' || c.kind === 'combo') ? 'true' : null);
    set(b, 'aria-disabled', c.disabled ? 'true' : null);
    // The role follows the kind (an item first seen out of view may be known better later).
    if (b.dataset.kind !== c.kind) b.dataset.kind = c.kind;
    set(b, 'role', c.kind === 'combo' ? 'combobox' : roleOf(c.kind));
    if (c.kind === 'combo') {
      // A combobox is not named by its contents: its label and its current choice.
      const choice = (c.text || '').replace(/[\p{So}\p{Co}]/gu, '').trim();
      set(b, 'aria-label', choice ? name + ': ' + choice : name);
    } else {
      set(b, 'aria-label', null);
    }
    place(b, c);
  }

  // An item scrolled out of view keeps its place in the Tab order, on its panel's edge nearest to
  // it (so that focus never scrolls the page); focusing it scrolls it into view (lab.reveal).
  function inside(c, p) {
    if (!p) return { x: c.x, y: c.y, w: 1, h: 1 };
    const x = Math.min(Math.max(c.x, p.x), p.x + p.w - 1), y = Math.min(Math.max(c.y, p.y), p.y + p.h - 1);
    return { x: x, y: y, w: Math.max(1, Math.min(c.w, p.x + p.w - x)), h: 1 };
  }

  function place(b, c) {
    const s = b.style;
    const px = function (v) { return Math.round(v) + 'px'; };
    if (s.left !== px(c.x)) s.left = px(c.x);
    if (s.top !== px(c.y)) s.top = px(c.y);
    if (s.width !== px(c.w)) s.width = px(c.w);
    if (s.height !== px(c.h)) s.height = px(c.h);
  }

  function group(panel, title) {
    let g = groups[panel];
    if (!g) {
      const el = document.createElement(panel === 'toolbar' ? 'div' : 'section');
      if (panel === 'toolbar') el.setAttribute('role', 'toolbar');
      el.className = 'mirror-panel';
      el.dataset.panel = panel;
      g = groups[panel] = { el: el, title: null };
    }
    const t = panel === 'toolbar' ? 'Toolbar' : title + ' panel';
    if (g.title !== t) { g.el.setAttribute('aria-label', t); g.title = t; }
    return g;
  }

  // Puts `els` in this order under `parent` without moving the focused element.
  function order(parent, els) {
    let cursor = parent.firstChild;
    els.forEach(function (el) {
      if (el === cursor) { cursor = cursor.nextSibling; return; }
      if (el === document.activeElement) return;
      parent.insertBefore(el, cursor);
    });
  }

  // Panels in reading order: the toolbar, then rows (tops within 2 lines of each other), left to right.
  function panelOrder(names) {
    const rects = {};
    names.forEach(function (p) { rects[p] = p === 'toolbar' ? { x: -1, y: -1 } : (window.lab.panelRect(p) || { x: 0, y: 0 }); });
    return names.slice().sort(function (a, b) {
      if (a === 'toolbar' || b === 'toolbar') return a === 'toolbar' ? -1 : 1;
      const ra = rects[a], rb = rects[b];
      if (Math.abs(ra.y - rb.y) > 40) return ra.y - rb.y;
      return ra.x - rb.x;
    });
  }

  function refresh() {
    let list;
    try { list = window.lab.controls({ hidden: true }); } catch (e) { return; }   // not started yet
    const seen = {};
    const byPanel = {};
    const panelRects = {};
    list.forEach(function (c) {
      // Keyed by Dear ImGui's ID: an item's name may change when it scrolls into view (a button
      // out of view has no label yet), its element (and the keyboard focus on it) stays.
      const key = c.id != null ? 'id' + c.id : c.name;
      if (SKIP_PANELS[c.panel] || seen[key]) return;
      seen[key] = true;
      let it = items[key];
      // An item first listed out of view may turn out to be a field: it gets the right element.
      if (it && !it.value !== !VALUE_KINDS[c.kind] && it.el !== document.activeElement) {
        dropDescription(it);
        it.el.remove();
        it = null;
      }
      if (!it) it = items[key] = makeItem(c);
      it.el.dataset.key = key;
      if (it.el.dataset.name !== c.name) it.el.dataset.name = c.name;
      it.rect = { x: c.x, y: c.y, w: c.w, h: c.h };   // where it is drawn (maybe out of view)
      if (c.hidden) Object.assign(c, inside(c, panelRects[c.panel] ||
        (panelRects[c.panel] = (c.panel === 'toolbar' ? window.lab.panelRect('toolbar') : window.lab.panelRect(c.panel)))));
      set(it.el, 'data-hidden', c.hidden ? '1' : null);
      update(it, c);
      (byPanel[c.panel] || (byPanel[c.panel] = { title: c.title || c.panel, els: [] })).els.push(it.el);
    });
    Object.keys(items).forEach(function (key) {
      if (seen[key]) return;
      items[key].el.remove();
      dropDescription(items[key]);
      delete items[key];
    });
    const panels = panelOrder(Object.keys(byPanel));
    Object.keys(groups).forEach(function (p) {
      if (!byPanel[p]) { groups[p].el.remove(); delete groups[p]; }
    });
    order(root, panels.map(function (p) {
      const g = group(p, byPanel[p].title);
      order(g.el, byPanel[p].els);
      rove(g, byPanel[p].els);
      return g.el;
    }));
  }

  // A panel's clickable images (the Data panel's digits) are one Tab stop: the last one focused
  // (or the first) is in the Tab order, the arrow keys move between them.
  function rove(g, els) {
    const images = els.filter(function (e) { return e.dataset.kind === 'image'; });
    if (images.indexOf(g.current) < 0) g.current = images[0] || null;
    images.forEach(function (e) {
      const t = e === g.current ? 0 : -1;
      if (e.tabIndex !== t) e.tabIndex = t;
    });
  }

  const STEP = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };

  // The image next to `from` in direction d: the nearest whose centre lies that way.
  function neighbour(from, d) {
    const box = function (e) {
      const it = items[e.dataset.key];
      const r = it && it.rect ? it.rect : e.getBoundingClientRect();
      const w = r.w != null ? r.w : r.width, h = r.h != null ? r.h : r.height;
      return { x: r.x + w / 2, y: r.y + h / 2, h: h, w: w };
    };
    const a = box(from);
    let best = null, bestCost = Infinity;
    from.parentElement.querySelectorAll('[data-kind=image]').forEach(function (e) {
      if (e === from) return;
      const b = box(e);
      const along = d[0] ? (b.x - a.x) * d[0] : (b.y - a.y) * d[1];
      const across = d[0] ? Math.abs(b.y - a.y) : Math.abs(b.x - a.x);
      if (along < (d[0] ? a.w : a.h) / 2) return;
      const cost = along + 4 * across;
      if (cost < bestCost) { best = e; bestCost = cost; }
    });
    return best;
  }

  function onKey(e) {
    const t = e.target;
    if (!(t instanceof HTMLElement) || t.dataset.kind !== 'image' || !STEP[e.key] || !root || !root.contains(t)) return;
    const next = neighbour(t, STEP[e.key]);
    e.preventDefault();
    if (!next) return;
    const g = groups[t.parentElement.dataset.panel];
    if (g) g.current = next;
    t.tabIndex = -1;
    next.tabIndex = 0;
    next.focus();
  }

  // Tab on the page itself (nothing focused, or the canvas) while no ImGui focus ring shows goes
  // to the first mirrored control as in any page, instead of to the app (which takes Tab for
  // ImGui's own navigation between its fields once a ring shows: N, the arrows).
  window.addEventListener('keydown', function (e) {
    if (e.key !== 'Tab' || !root || !root.querySelector('button')) return;
    const t = e.target;
    if (t !== document.body && t !== document.documentElement && !(t instanceof Element && t.id === 'canvas') && t !== window) return;
    try { if (window.lab.keyboardFocus()) return; } catch (err) { return; }
    e.stopImmediatePropagation();   // the browser moves the focus; the app does not see this Tab
  }, true);

  // Loaded before web/dom_keys.js (which keeps keys typed in HTML controls from the app and from
  // every later listener), so the arrows reach this one.
  window.addEventListener('keydown', onKey, true);
  window.addEventListener('keydown', onValueKey, true);

  document.addEventListener('DOMContentLoaded', function () { window.lab.ready.then(start, function () {}); });
  function start() {
    root = document.getElementById('mirror');
    root.addEventListener('focusin', function (e) {
      const t = e.target;
      const g = t instanceof HTMLElement && t.dataset.kind === 'image' && groups[t.parentElement.dataset.panel];
      if (g) g.current = t;
      // Out of view: its panel scrolls to show it, and the element moves over it.
      if (t instanceof HTMLElement && t.dataset.hidden === '1' && !window.lab.reveal(t.dataset.name))
        window.lab.nextFrame().then(function () { return window.lab.nextFrame(); }).then(refresh);
    });
    refresh();
    setInterval(refresh, POLL_MS);
  }
})();
