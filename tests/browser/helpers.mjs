// Shared harness for the browser tests and bench.mjs: where the build is, Debian's Chromium via
// playwright-core (never a downloaded browser), the static server, and page helpers.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from './server.mjs';

export const HERE = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(HERE, '../..');
/** The static site (override: BPL_SITE). */
export const SITE = path.resolve(process.env.BPL_SITE || path.join(ROOT, 'build/web/site'));
/** The WebAssembly CLI (override: BPL_WASM_CLI) and the native CLI (override: BPL_NATIVE_CLI). */
export const WASM_CLI = path.resolve(process.env.BPL_WASM_CLI || path.join(ROOT, 'build/web/backprop-lab.js'));
export const NATIVE_CLI = path.resolve(process.env.BPL_NATIVE_CLI || path.join(ROOT, 'build/native/backprop-lab'));
export const ARTIFACTS = path.join(HERE, 'artifacts');
export const CHROMIUM = process.env.BPL_CHROMIUM || '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless=new', '--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run',
];

/** Time the page may take from navigation to `lab.ready` resolving (data loaded, first frame drawn). */
export const READY_TIMEOUT_MS = Number(process.env.BPL_READY_TIMEOUT_MS || 15000);

/** Fails with a clear message when the build the tests need is not there. */
export function requireSite() {
  const index = path.join(SITE, 'index.html');
  if (!fs.existsSync(index)) {
    throw new Error(`no built site at ${SITE} (index.html missing): build it with ` +
      '`emcmake cmake --preset web && cmake --build --preset web`, or set BPL_SITE');
  }
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`no Chromium at ${CHROMIUM}: apt-get install -y chromium (scripts/deps.sh --test)`);
  }
}

/** Launches Debian's Chromium with a fresh profile; close() also deletes the profile. */
export async function launch({ width = 1280, height = 800, hasTouch = false, reducedMotion = 'no-preference' } = {}) {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'bpl-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,   // the '--headless=new' flag below picks the mode
    args: CHROMIUM_ARGS,
    viewport: { width, height },
    deviceScaleFactor: 1,
    hasTouch,   // true: the page gets touch events (tests tap with CDP Input.dispatchTouchEvent)
    reducedMotion,   // 'reduce': the page's prefers-reduced-motion matches
    ignoreDefaultArgs: ['--headless'],   // playwright would add the old-mode flag; we pass --headless=new
  });
  return {
    context,
    async close() {
      try { await context.close(); } finally { fs.rmSync(profile, { recursive: true, force: true }); }
    },
  };
}

/**
 * Serves the site, opens it in a fresh Chromium at width x height and waits for `lab.ready`.
 * Returns { page, origin, consoleErrors, pageErrors, foreignRequests, failedRequests, readyMs, close() }.
 * Every problem the page reports is collected rather than thrown so that tests can assert on it.
 */
export async function openApp({ width = 1280, height = 800, waitReady = true, readyTimeoutMs = READY_TIMEOUT_MS, hasTouch = false, reducedMotion = 'no-preference' } = {}) {
  requireSite();
  const server = await startServer(SITE);
  let browser;
  try {
    browser = await launch({ width, height, hasTouch, reducedMotion });
    const page = browser.context.pages()[0] || await browser.context.newPage();
    const app = {
      page, origin: server.origin, server,
      consoleErrors: [], pageErrors: [], foreignRequests: [], failedRequests: [], consoleAll: [],
      readyMs: null,
      async close() {
        try { await browser.close(); } finally { await server.close(); }
      },
    };
    page.on('console', (msg) => {
      const loc = msg.location && msg.location();
      const text = `[${msg.type()}] ${msg.text()}${loc && loc.url ? ` (${loc.url}${loc.lineNumber ? ':' + loc.lineNumber : ''})` : ''}`;
      app.consoleAll.push(text);
      if (msg.type() === 'error') app.consoleErrors.push(text);
    });
    page.on('pageerror', (err) => app.pageErrors.push(String(err && err.stack || err)));
    page.on('request', (req) => {
      const url = req.url();
      if (url.startsWith('data:') || url.startsWith('blob:')) return;
      if (!url.startsWith(server.origin + '/')) app.foreignRequests.push(url);
    });
    page.on('requestfailed', (req) => app.failedRequests.push(`${req.url()}: ${req.failure()?.errorText}`));
    page.on('response', (res) => { if (res.status() >= 400) app.failedRequests.push(`${res.url()}: HTTP ${res.status()}`); });
    const t0 = Date.now();
    await page.goto(server.origin + '/', { waitUntil: 'load', timeout: readyTimeoutMs });
    if (waitReady) {
      await waitForReady(page, Math.max(1000, readyTimeoutMs - (Date.now() - t0)));
      app.readyMs = Date.now() - t0;
    }
    return app;
  } catch (e) {
    if (browser) await browser.close().catch(() => {});
    await server.close();
    throw e;
  }
}

/** Waits for window.lab to exist and lab.ready to resolve; throws with the reason otherwise. */
export async function waitForReady(page, timeoutMs = READY_TIMEOUT_MS) {
  const deadline = Date.now() + timeoutMs;
  await page.waitForFunction(() => typeof window.lab === 'object' && window.lab !== null && window.lab.ready,
    null, { timeout: timeoutMs, polling: 50 }).catch(() => {
    throw new Error(`window.lab (with a ready promise) did not appear within ${timeoutMs} ms`);
  });
  const left = Math.max(1, deadline - Date.now());
  const outcome = await page.evaluate((ms) => Promise.race([
    Promise.resolve(window.lab.ready).then(() => 'ok', (e) => 'rejected: ' + (e && e.message || e)),
    new Promise((r) => setTimeout(() => r('timeout'), ms)),
  ]), left);
  if (outcome === 'timeout') throw new Error(`lab.ready did not resolve within ${timeoutMs} ms`);
  if (outcome !== 'ok') throw new Error(`lab.ready ${outcome}`);
}

/** Calls window.lab.<name>(...args) in the page (JSON-serialisable arguments and result). */
export function lab(page, name, ...args) {
  return page.evaluate(([n, a]) => {
    const parts = n.split('.');
    let obj = window.lab;
    for (let i = 0; i < parts.length - 1; ++i) obj = obj[parts[i]];
    const fn = obj[parts[parts.length - 1]];
    if (typeof fn !== 'function') throw new Error(`window.lab.${n} is not a function`);
    return fn.apply(obj, a);
  }, [name, args]);
}

export const state = (page) => lab(page, 'state');

/** Polls `fn` (async, returns a value) until `pred(value)` holds; returns the last value and whether it held. */
export async function pollUntil(fn, pred, { timeoutMs = 20000, intervalMs = 200 } = {}) {
  const t0 = Date.now();
  let v = await fn();
  while (!pred(v)) {
    if (Date.now() - t0 > timeoutMs) return { ok: false, value: v, ms: Date.now() - t0 };
    await new Promise((r) => setTimeout(r, intervalMs));
    v = await fn();
  }
  return { ok: true, value: v, ms: Date.now() - t0 };
}

/** Resolves after `n` animation frames in the page (lets the UI process input). */
export function frames(page, n = 2) {
  return page.evaluate((k) => new Promise((resolve) => {
    let i = 0;
    const tick = () => (++i >= k ? resolve() : requestAnimationFrame(tick));
    requestAnimationFrame(tick);
  }), n);
}

export function argmax(v) {
  let best = 0;
  for (let i = 1; i < v.length; ++i) if (v[i] > v[best]) best = i;
  return best;
}

/** Axis-aligned rectangles {x,y,w,h}: true when their interiors overlap. */
export function overlaps(a, b) {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

export function ensureArtifacts() {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  return ARTIFACTS;
}

/** The six panels every layout must show (lab.panelRect names). */
export const PANELS = ['network', 'training', 'weights', 'data', 'sketch', 'decision'];

/** Rectangle of a panel (CSS px) or null. */
export const panelRect = (page, name) => lab(page, 'panelRect', name);

/**
 * A real mouse click at (x, y), paced like a person so the once-per-frame UI sees each phase:
 * move there (hover), press, release, with app frames in between.
 */
export async function clickAt(page, x, y) {
  await page.mouse.move(x, y);
  await frames(page, 2);
  await page.mouse.down();
  await frames(page, 2);
  await page.mouse.up();
  await frames(page, 2);
}

/**
 * Decodes a PNG (e.g. a Playwright screenshot) in the page and returns statistics and, per
 * requested row, the pixels: { width, height, distinctColors, rows: {y: [[r,g,b], ...]} }.
 * Done in the page (an <img> from a data: URL) so the tests need no image library.
 */
export function pngInfo(page, png, rows = []) {
  return page.evaluate(async ([b64, wanted]) => {
    const img = new Image();
    img.src = 'data:image/png;base64,' + b64;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = img.naturalWidth; c.height = img.naturalHeight;
    const g = c.getContext('2d', { willReadFrequently: true });
    g.drawImage(img, 0, 0);
    const d = g.getImageData(0, 0, c.width, c.height).data;
    const colours = new Set();
    for (let i = 0; i < d.length; i += 4 * 7) colours.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
    const out = {};
    for (const y of wanted) {
      const row = [];
      for (let x = 0; x < c.width; ++x) { const i = 4 * (y * c.width + x); row.push([d[i], d[i + 1], d[i + 2]]); }
      out[y] = row;
    }
    return { width: c.width, height: c.height, distinctColors: colours.size, rows: out };
  }, [png.toString('base64'), rows]);
}

/**
 * Rectangle (CSS px) of a toolbar control: 'train' (Train/Pause), 'step' or 'reset'.
 * Uses lab.controlRect(name) when the page offers it. Otherwise it finds the buttons the way a
 * person does, by looking: the toolbar's first three buttons are the leftmost long runs of
 * non-background pixels along the toolbar's middle row (Train/Pause, Step, Reset, in that order;
 * glyphs of plain text make only short runs). Found once per page and toolbar size.
 */
export async function controlRect(page, name) {
  const order = ['train', 'step', 'reset'];
  if (!order.includes(name)) throw new Error(`unknown control ${name}`);
  const viaHook = await page.evaluate((n) => (typeof window.lab.controlRect === 'function' ? window.lab.controlRect(n) : undefined), name);
  if (viaHook !== undefined) return viaHook;
  const tb = await panelRect(page, 'toolbar');
  if (!tb || !(tb.w > 0 && tb.h > 0)) throw new Error('lab.panelRect("toolbar") gave no rectangle');
  const key = JSON.stringify(tb);
  let cached = buttonCache.get(page);
  if (!cached || cached.key !== key) {
    cached = { key, rects: await findToolbarButtons(page, tb) };
    buttonCache.set(page, cached);
  }
  return cached.rects[order.indexOf(name)];
}

const buttonCache = new WeakMap();

async function findToolbarButtons(page, tb) {
  // Move the mouse away so no button shows its hover colour, then look at the toolbar.
  await page.mouse.move(tb.x + tb.w - 1, tb.y + tb.h + 200);
  await frames(page, 2);
  const clip = { x: Math.floor(tb.x), y: Math.floor(tb.y), width: Math.floor(tb.w), height: Math.max(1, Math.floor(tb.h)) };
  const png = await page.screenshot({ clip });
  const mid = Math.floor(clip.height / 2);
  const row = (await pngInfo(page, png, [mid])).rows[mid];
  // The toolbar's background is the most common colour of the row.
  const counts = new Map();
  for (const p of row) { const k = p.join(','); counts.set(k, (counts.get(k) || 0) + 1); }
  const bgKey = [...counts.entries()].sort((a, b) => b[1] - a[1])[0][0];
  const bg = bgKey.split(',').map(Number);
  const differs = (p) => Math.max(Math.abs(p[0] - bg[0]), Math.abs(p[1] - bg[1]), Math.abs(p[2] - bg[2])) > 3;
  const runs = [];
  let start = -1;
  for (let x = 0; x <= row.length; ++x) {
    const on = x < row.length && differs(row[x]);
    if (on && start < 0) start = x;
    if (!on && start >= 0) { runs.push([start, x]); start = -1; }
  }
  const buttons = runs.filter(([a, b]) => b - a >= clip.height * 0.9);
  if (buttons.length < 3) {
    throw new Error(`could not find the Train/Step/Reset buttons in the toolbar (runs ${JSON.stringify(runs)}, ` +
      `background ${bgKey}); the page should offer lab.controlRect(name)`);
  }
  const fh = clip.height * 0.6;
  return buttons.slice(0, 3).map(([a, b]) => ({ x: clip.x + a, y: clip.y + mid - fh / 2, w: b - a, h: fh }));
}

/** Clicks the centre of a toolbar control with the mouse. */
export async function clickControl(page, name) {
  const r = await controlRect(page, name);
  await clickAt(page, r.x + r.w / 2, r.y + r.h / 2);
  return r;
}

/**
 * Opens a panel through the View menu, as a person does: clicks View, then the panel's item.
 * Returns the panel's rectangle (CSS px). Throws if it did not open.
 */
export async function openPanel(page, name) {
  const v = await lab(page, 'controlRect', 'view');
  if (!(v && v.w > 0)) throw new Error('no View button (lab.controlRect("view"))');
  await clickAt(page, v.x + v.w / 2, v.y + v.h / 2);
  await frames(page, 2);
  const r = await lab(page, 'controlRect', `view:${name}`);
  if (!(r && r.w > 0)) throw new Error(`the View menu has no item ${name}`);
  await clickAt(page, r.x + r.w / 2, r.y + r.h / 2);
  await frames(page, 3);
  if (!(await lab(page, 'openPanels')).includes(name)) throw new Error(`${name} did not open`);
  return lab(page, 'panelRect', name);
}

// ---------------------------------------------------------------- drawing and tapping

/**
 * Draws strokes (arrays of [u, v] points in pad units 0..1, y down) on the rectangle `rect`
 * (CSS px, e.g. lab.sketch.rect()): one move per point with `settle` app frames after each, so
 * every point is seen (the pad joins the positions it sees with a round pen). Few long moves,
 * as a quick hand. With `touch: true` the strokes are drawn with one finger through CDP touch
 * events (touchStart, touchMove per point, touchEnd) instead of the mouse.
 */
export async function drawStrokes(page, rect, strokes, { settle = 1, touch = false } = {}) {
  const at = ([u, v]) => [rect.x + u * rect.w, rect.y + v * rect.h];
  const cdp = touch ? await page.context().newCDPSession(page) : null;
  const finger = ([x, y]) => [{ x, y, id: 1, radiusX: 4, radiusY: 4, force: 1 }];
  try {
    for (const stroke of strokes) {
      const pts = stroke.map(at);
      if (touch) {
        await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: finger(pts[0]) });
        await frames(page, settle);
        for (const p of pts.slice(1)) {
          await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: finger(p) });
          await frames(page, 1);
        }
        await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
        await frames(page, settle);
        continue;
      }
      await page.mouse.move(...pts[0]);
      await frames(page, settle);
      await page.mouse.down();
      await frames(page, 1);
      for (const p of pts.slice(1)) {
        await page.mouse.move(...p);
        await frames(page, 1);
      }
      await page.mouse.up();
      await frames(page, settle);
    }
    // Move off the pad so nothing else happens there (a finger is lifted already).
    if (!touch) {
      await page.mouse.move(rect.x + rect.w + 5, rect.y + rect.h + 5);
      await frames(page, 2);
    }
  } finally {
    if (cdp) await cdp.detach();
  }
}

/** A tap through CDP touch events (what a tablet sends): finger down, two frames, finger up. */
export async function tapAt(page, x, y) {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x, y, id: 1, radiusX: 4, radiusY: 4, force: 1 }] });
    await frames(page, 2);
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    await frames(page, 2);
  } finally {
    await cdp.detach();
  }
}

/** lab.controlRect(name), waiting up to 10 frames for the control to be drawn; asserts it is. */
export async function rectOf(page, name) {
  let r = null;
  for (let i = 0; i < 10 && !(r && r.w > 0); ++i) {
    r = await lab(page, 'controlRect', name);
    if (!(r && r.w > 0)) await frames(page, 1);
  }
  assert.ok(r && r.w > 0, `no control ${name}`);
  return r;
}

// ---------------------------------------------------------------- lessons, driven through the UI

/**
 * A panel control ('<panel>:<control>') below the bottom of its panel (or of the page) is
 * scrolled into view with the mouse wheel over its panel, as a student would.
 */
export async function scrolledIntoView(page, name, scrolled = null) {
  let r = await rectOf(page, name);
  const parts = name.split(':');
  if (parts.length !== 2) return r;   // toolbar controls, and combo items (popups float over panels)
  const panelName = parts[0];
  const vh = page.viewportSize().height;
  for (let i = 0; i < 12; ++i) {
    const p = await lab(page, 'panelRect', panelName);
    const bottom = Math.min(vh, p ? p.y + p.h : vh) - 4;
    if (!p || r.y + r.h <= bottom) break;
    await page.mouse.move(p.x + p.w / 2, p.y + p.h / 2);
    await page.mouse.wheel(0, 120);
    if (scrolled) scrolled.add(name);
    await frames(page, 3);
    r = await rectOf(page, name);
  }
  return r;
}

/** press(name): clicks (or, with touch, taps) the centre of control `name`, scrolled into view. */
export function actor(page, touch) {
  const press = async (name) => {
    const r = await scrolledIntoView(page, name, press.scrolled);
    if (touch) await tapAt(page, r.x + r.w / 2, r.y + r.h / 2);
    else await clickAt(page, r.x + r.w / 2, r.y + r.h / 2);
  };
  press.touch = touch;   // doLessonAction draws with a finger too
  press.scrolled = new Set();   // controls that had to be scrolled into view (lesson targets must not)
  return press;
}

// A "1": one long stroke down the pad (few, long moves: every frame is expensive here); with a
// finger when `touch`.
async function drawOne(page, touch) {
  const pad = await lab(page, 'sketch.rect');
  assert.ok(pad && pad.w > 0, 'no sketch pad');
  if (touch) return drawStrokes(page, pad, [[[0.5, 0.15], [0.5, 0.35], [0.5, 0.6], [0.5, 0.85]]], { touch: true });
  const x = pad.x + pad.w * 0.5;
  await page.mouse.move(x, pad.y + pad.h * 0.15);
  await frames(page, 1);
  await page.mouse.down();
  for (const t of [0.35, 0.6, 0.85]) { await page.mouse.move(x, pad.y + pad.h * t, { steps: 2 }); await frames(page, 1); }
  await page.mouse.up();
  await frames(page, 2);
}

/**
 * The lesson step's targets (its panel and its outlined control) are on screen as they are,
 * WITHOUT scrolling: inside the viewport, and a panel's control inside its panel.
 */
export async function assertLessonTargetsVisible(page, L) {
  const vp = page.viewportSize();
  const inside = (r, box) => r.x >= box.x - 1 && r.y >= box.y - 1 && r.x + r.w <= box.x + box.w + 1 && r.y + r.h <= box.y + box.h + 1;
  const screen = { x: 0, y: 0, w: vp.width, h: vp.height };
  const where = `lesson ${L.id}/${L.step + 1} at ${vp.width}x${vp.height}`;
  let panel = null;
  if (L.panel) {
    panel = await lab(page, 'panelRect', L.panel);
    assert.ok(panel && panel.w > 0, `${where}: panel ${L.panel} not shown`);
    assert.ok(inside(panel, screen), `${where}: panel ${L.panel} ${JSON.stringify(panel)} leaves the screen`);
  }
  if (L.control) {
    let r = null;
    for (let i = 0; i < 10 && !(r && r.w > 0); ++i) {
      r = await lab(page, 'controlRect', L.control);
      if (!(r && r.w > 0)) await frames(page, 1);
    }
    assert.ok(r && r.w > 0, `${where}: control ${L.control} not drawn`);
    assert.ok(inside(r, screen), `${where}: control ${L.control} ${JSON.stringify(r)} leaves the screen`);
    const p = L.control.includes(':') ? await lab(page, 'panelRect', L.control.split(':')[0]) : null;
    if (p) assert.ok(inside(r, p), `${where}: control ${L.control} ${JSON.stringify(r)} is scrolled out of its panel ${JSON.stringify(p)}`);
  }
}

/**
 * Does what the current lesson step `L` (lab.state().lesson) asks, through the UI. Returns what
 * the step's claims are checked against: the state right after the action started (e.g. the loss
 * just after Reset).
 */
export async function doLessonAction(page, press, L) {
  const [goal] = L.goal.split(':');
  const info = {};
  if (L.panel) await press('lessons:show');
  await frames(page, 2);
  press.scrolled?.clear();
  if (goal === 'example') {
    await press('data:digit3');
  } else if (goal === 'iterations' || goal === 'accuracy') {
    const s = await state(page);
    if (L.control === 'reset') await press('reset');
    info.start = await state(page);
    if (!(await state(page)).training || s.stopped) await press('train');
  } else if (goal === 'unit') {
    // The lesson trains the network; the tile to tap is the one it outlines, once training stopped.
    const t = await pollUntil(() => state(page), (s) => !s.training, { timeoutMs: 180000, intervalMs: 500 });
    assert.ok(t.ok, `lesson ${L.id}: training did not stop`);
    await frames(page, 2);
    await press('weights:ring');
  } else if (goal === 'sketch') {
    await drawOne(page, press.touch);
  } else if (goal === 'stepper' || goal === 'explained') {
    if (!(await lab(page, 'backprop.position')).has_trace) await press('backprop:random');
    for (let i = 0; i < 20 && !(await state(page)).lesson.goal_met; ++i) {
      const pos = await lab(page, 'backprop.position');
      // explained: a value of a delta step; explained:hidden_delta: of a hidden layer's delta
      // (the last delta step is layer 1's).
      const wanted = L.goal === 'explained:hidden_delta' ? /^delta1$/ : /^delta/;
      if (goal === 'explained' && wanted.test(pos.name)) { await press('backprop:values'); continue; }
      await press('backprop:next');
    }
  } else if (goal === 'gradcheck') {
    const mistake = L.goal.split(':')[1];   // on the notebook's sigmoid network: the lesson set it up
    await press('gradcheck:mistake');
    await press(`gradcheck:mistake:${mistake}`);
    await press('gradcheck:run');
  }
  const r = await pollUntil(() => state(page), (s) => s.lesson && s.lesson.goal_met, { timeoutMs: 60000, intervalMs: 300 });
  assert.ok(r.ok, `goal ${L.goal} not met: ${JSON.stringify(r.value.lesson)}`);
  if (L.control) assert.ok(!press.scrolled?.has(L.control), `lesson ${L.id}/${L.step + 1}: ${L.control} had to be scrolled into view`);
  await assertLessonTargetsVisible(page, L);
  return info;
}

/**
 * Completes the current lesson step through the UI: checks that Next is disabled first, picks
 * the first choice, Reveal, does the action, then Next. `onDone(L, info)` (optional) runs after
 * the action, before Next (e.g. a screenshot, or checking the step's claim; info: what
 * doLessonAction returned). Returns the step's lesson state before it moved on.
 */
export async function completeLessonStep(page, press, onDone = null) {
  const L = (await state(page)).lesson;
  // Next is disabled before anything is done.
  await press('lessons:next');
  let s = await state(page);
  assert.equal(s.lesson.step, L.step, 'Next moved on before the answer was revealed');
  assert.equal(s.lesson.id, L.id);
  await press('lessons:choice0');
  await press('lessons:reveal');
  s = await state(page);
  assert.equal(s.lesson.revealed, true, 'Reveal did not reveal');
  assert.equal(s.lesson.chosen, 0);
  const info = await doLessonAction(page, press, L);
  if (onDone) await onDone(L, info);
  await press('lessons:next');
  return L;
}

// ---------------------------------------------------------------- controls that fit (any size)

/** A rectangle shrunk by half a pixel: touching edges are not an overlap. */
export const innerRect = (r) => ({ x: r.x + 0.5, y: r.y + 0.5, w: r.w - 1, h: r.h - 1 });
/** r lies inside box, to half a pixel. */
export const insideRect = (r, box) => r.x >= box.x - 0.5 && r.y >= box.y - 0.5 && r.x + r.w <= box.x + box.w + 0.5 &&
  r.y + r.h <= box.y + box.h + 0.5;

/**
 * Every control of lab.controls() lies inside the width x height viewport and no two overlap
 * (controls.test.mjs's check, for any size); returns the controls.
 */
export async function assertControlsFit(page, width, height) {
  const controls = await lab(page, 'controls');
  assert.ok(controls.length > 0, 'no controls drawn');
  for (const c of controls) {
    assert.ok(c.w > 0 && c.h > 0, `${c.name}: empty rectangle ${JSON.stringify(c)}`);
    assert.ok(insideRect(c, { x: 0, y: 0, w: width, h: height }), `${c.name} leaves the ${width}x${height} viewport: ${JSON.stringify(c)}`);
  }
  for (let i = 0; i < controls.length; ++i)
    for (let j = i + 1; j < controls.length; ++j)
      assert.ok(!overlaps(innerRect(controls[i]), innerRect(controls[j])),
        `${controls[i].name} ${JSON.stringify(controls[i])} overlaps ${controls[j].name} ${JSON.stringify(controls[j])}`);
  return controls;
}

/**
 * Opens the app (openApp options) and waits until the default network has trained by itself
 * and stopped at its epoch limit (up to 180 s); returns {app, page, stopped: lab.state() then,
 * pad: lab.sketch.rect()}.
 */
export async function openTrainedApp(options = {}) {
  const app = await openApp(options);
  const r = await pollUntil(() => state(app.page), (s) => s.stopped, { timeoutMs: 180000, intervalMs: 500 });
  if (!r.ok) {
    await app.close();
    throw new Error(`default training did not finish in 180 s: ${JSON.stringify(r.value)}`);
  }
  await frames(app.page, 2);
  return { app, page: app.page, stopped: r.value, pad: await lab(app.page, 'sketch.rect') };
}

// ---- accessibility (issue 18): axe-core, the accessibility tree, the HTML mirror

// axe-core (npm, pinned in package.json; injected by the test through the DevTools protocol, never
// served by the site, whose CSP stays strict), run for the WCAG 2.0/2.1/2.2 A and AA rules.
const AXE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
export const WCAG_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];
// Disabled: target-size (WCAG 2.2 2.5.8). The mirror's elements take no pointer input
// (pointer-events: none; a click or tap goes to the canvas item under them), so they are no
// pointer targets, but axe measures them as if they were. What it measures is the size of the
// canvas items themselves, which the UI scale (View menu) sets: see the issue 18 note on it.
export const AXE_DISABLED = { 'target-size': { enabled: false } };

// Runs axe over the page; returns its violations as short lines (rule, impact, first targets).
export async function axeViolations(page) {
  // page.evaluate goes through the DevTools protocol: the page's CSP (script-src 'self') does not
  // apply to it, and nothing is added to the site.
  await page.evaluate(AXE + '\n;0');
  const violations = await page.evaluate(async ([tags, rules]) => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, rules });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')), count: v.nodes.length }));
  }, [WCAG_AA, AXE_DISABLED]);
  return violations.map((v) => `${v.id} (${v.impact}, ${v.count} nodes: ${v.targets.join(', ')}): ${v.help}`);
}

// The accessibility tree's nodes that are not ignored (CDP Accessibility.getFullAXTree): role,
// name, value and properties ({valuenow, valuemin, valuemax, valuetext, expanded, ...}).
export async function axNodes(page) {
  const cdp = await page.context().newCDPSession(page);
  const { nodes } = await cdp.send('Accessibility.getFullAXTree');
  await cdp.detach();
  return nodes.filter((n) => !n.ignored).map((n) => ({
    role: n.role?.value, name: n.name?.value || '', value: n.value?.value, description: n.description?.value || '',
    props: Object.fromEntries((n.properties || []).map((p) => [p.name, p.value?.value])),
  }));
}

// The visible label as a screen reader gets it: icon glyphs (symbols) are not read.
export const spokenLabel = (label) => label.replace(/[\p{So}\p{Co}]/gu, '').replace(/\s+/g, ' ').trim();

// The mirror (web/mirror.js) once it lists the toolbar's Train/Pause button.
export async function mirrorReady(page) {
  const r = await pollUntil(() => page.$$eval('#mirror button', (bs) => bs.map((b) => b.dataset.name)),
    (names) => names.includes('train'), { timeoutMs: 8000 });
  assert.ok(r.ok, `the mirror never listed the Train button: ${JSON.stringify(r.value)}`);
}
