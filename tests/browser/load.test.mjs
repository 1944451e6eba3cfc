// The page loads cleanly and lays its panels out sensibly.
//   - no console error, no uncaught exception, no failed request, nothing fetched from
//     outside the page's own origin (the site is meant to work offline)
//   - window.lab.ready resolves within READY_TIMEOUT_MS
//   - 1280x800: the six panels are non-empty, inside the window and do not overlap; a
//     screenshot goes to artifacts/app-1280x800.png
//   - 1920x1080 (fresh load, and a 1280x800 page resized to it): the panels fill the window
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import {
  openApp, lab, frames, panelRect, overlaps, pngInfo, ensureArtifacts, PANELS, READY_TIMEOUT_MS,
} from './helpers.mjs';

const EPS = 0.5;   // px: ImGui positions are rounded floats

async function layout(page) {
  const rects = {};
  for (const n of PANELS) rects[n] = await panelRect(page, n);
  rects.toolbar = await panelRect(page, 'toolbar');
  return rects;
}

function checkLayout(rects, width, height, { minSide = 100 } = {}) {
  for (const [n, r] of Object.entries(rects)) {
    assert.ok(r, `lab.panelRect('${n}') gave no rectangle`);
    for (const k of ['x', 'y', 'w', 'h']) assert.ok(Number.isFinite(r[k]), `${n}.${k} = ${r[k]}`);
    const side = n === 'toolbar' ? 10 : minSide;
    assert.ok(r.w >= side && r.h >= side, `${n} is too small at ${width}x${height}: ${JSON.stringify(r)}`);
    assert.ok(r.x >= -EPS && r.y >= -EPS && r.x + r.w <= width + EPS && r.y + r.h <= height + EPS,
      `${n} ${JSON.stringify(r)} is not inside the ${width}x${height} window`);
  }
  const names = Object.keys(rects);
  for (let i = 0; i < names.length; ++i) {
    for (let j = i + 1; j < names.length; ++j) {
      const a = rects[names[i]], b = rects[names[j]];
      const shrink = (r) => ({ x: r.x + EPS, y: r.y + EPS, w: r.w - 2 * EPS, h: r.h - 2 * EPS });
      assert.ok(!overlaps(shrink(a), shrink(b)),
        `${names[i]} ${JSON.stringify(a)} overlaps ${names[j]} ${JSON.stringify(b)} at ${width}x${height}`);
    }
  }
}

function checkFills(rects, width, height) {
  // Rectangles do not overlap (checked above), so their areas add up to the area they cover.
  const area = Object.values(rects).reduce((s, r) => s + r.w * r.h, 0);
  const cover = area / (width * height);
  assert.ok(cover >= 0.9, `panels + toolbar cover only ${(100 * cover).toFixed(1)}% of the ${width}x${height} window`);
  const ps = PANELS.map((n) => rects[n]);
  const left = Math.min(...ps.map((r) => r.x)), right = Math.max(...ps.map((r) => r.x + r.w));
  const bottom = Math.max(...ps.map((r) => r.y + r.h));
  const top = Math.min(...ps.map((r) => r.y));
  const tol = (d) => Math.max(8, 0.02 * d);
  assert.ok(left <= tol(width) && width - right <= tol(width), `panels span x ${left}..${right} of ${width}`);
  assert.ok(height - bottom <= tol(height), `panels end at y ${bottom} of ${height}`);
  const tb = rects.toolbar;
  assert.ok(top - (tb.y + tb.h) <= tol(height), `gap between the toolbar (ends ${tb.y + tb.h}) and the panels (start ${top})`);
}

function checkClean(app) {
  assert.deepEqual(app.pageErrors, [], 'uncaught exceptions in the page');
  assert.deepEqual(app.consoleErrors, [], 'console errors');
  assert.deepEqual(app.foreignRequests, [], 'requests outside the page origin ' + app.origin);
  assert.deepEqual(app.failedRequests, [], 'failed requests');
}

describe('page load at 1280x800', () => {
  let app;
  before(async () => { app = await openApp({ width: 1280, height: 800 }); });
  after(async () => { await app?.close(); });

  test(`lab.ready resolves within ${READY_TIMEOUT_MS} ms`, async () => {
    assert.ok(app.readyMs !== null && app.readyMs <= READY_TIMEOUT_MS, `ready after ${app.readyMs} ms`);
    const s = await lab(app.page, 'state');
    assert.equal(s.has_data ?? true, true, 'state() says the digits are not loaded');
    assert.ok(Number.isInteger(s.iteration), `state().iteration = ${s.iteration}`);
    assert.equal(typeof s.config, 'object');
    // The loading overlay is gone, the error box is hidden.
    const ui = await app.page.evaluate(() => ({
      loadingDone: document.getElementById('loading')?.classList.contains('done') ?? true,
      errorHidden: document.getElementById('error')?.hidden ?? true,
    }));
    assert.deepEqual(ui, { loadingDone: true, errorHidden: true });
  });

  test('screenshot: something is drawn', async () => {
    await frames(app.page, 5);
    const file = path.join(ensureArtifacts(), 'app-1280x800.png');
    const png = await app.page.screenshot({ path: file, fullPage: true });
    const info = await pngInfo(app.page, png);
    assert.equal(info.width, 1280);
    assert.equal(info.height, 800);
    // A blank canvas or a loading card has a handful of colours; the app has text, plots, weights.
    assert.ok(info.distinctColors >= 200, `only ${info.distinctColors} colours in the screenshot (${file})`);
  });

  test('the six panels are non-empty, inside the window, and do not overlap', async () => {
    const names = await lab(app.page, 'panels');
    for (const n of PANELS) assert.ok(names.includes(n), `lab.panels() = ${JSON.stringify(names)} lacks '${n}'`);
    checkLayout(await layout(app.page), 1280, 800);
  });

  test('resized to 1920x1080, the panels are laid out again and fill the window', async () => {
    await app.page.setViewportSize({ width: 1920, height: 1080 });
    await frames(app.page, 5);
    const rects = await layout(app.page);
    checkLayout(rects, 1920, 1080);
    checkFills(rects, 1920, 1080);
  });

  test('no console errors, no exceptions, no requests outside the origin', async () => {
    await frames(app.page, 10);
    checkClean(app);
    assert.ok(app.server.requests.length >= 3, 'the page fetched almost nothing: ' + JSON.stringify(app.server.requests));
  });
});

describe('page load at 1920x1080', () => {
  let app;
  before(async () => { app = await openApp({ width: 1920, height: 1080 }); });
  after(async () => { await app?.close(); });

  test('the panels fill the window', async () => {
    await frames(app.page, 3);
    await app.page.screenshot({ path: path.join(ensureArtifacts(), 'app-1920x1080.png') });
    const rects = await layout(app.page);
    checkLayout(rects, 1920, 1080);
    checkFills(rects, 1920, 1080);
    checkClean(app);
  });
});
