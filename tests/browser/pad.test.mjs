// Issue 17, item 3: the Sketch pad fills its panel, and opening a panel moves none of the open ones.
//   - at 1024x768 and 1280x800 with the default panels lab.sketch.rect() is square (±1 px), at
//     least 300x300 CSS px and inside the Sketch panel (lab.panelRect('sketch')); larger at 1280x800
//   - a "1" drawn with the mouse on that pad is read as 1 (after the default training)
//   - opening a panel with lab.showPanel(name, true) and by a click in the View menu leaves every
//     open panel's lab.panelRect unchanged, and the new panel is drawn; Layout lays them out anew
//   (closing a panel still re-lays out the others: view.test.mjs)
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { openApp, lab, state, frames, pollUntil, argmax, ensureArtifacts, drawStrokes, openPanel, clickAt } from './helpers.mjs';

const ONE = [[[0.42, 0.22], [0.55, 0.12], [0.53, 0.5], [0.5, 0.88]]];
function resample(points, step = 0.035) {
  const out = [points[0]];
  for (let i = 1; i < points.length; ++i) {
    const [x0, y0] = points[i - 1], [x1, y1] = points[i];
    const n = Math.max(1, Math.ceil(Math.hypot(x1 - x0, y1 - y0) / step));
    for (let k = 1; k <= n; ++k) out.push([x0 + (x1 - x0) * k / n, y0 + (y1 - y0) * k / n]);
  }
  return out;
}

async function checkPad(page) {
  const r = await lab(page, 'sketch.rect');
  const p = await lab(page, 'panelRect', 'sketch');
  assert.ok(r && p, `sketch.rect() ${JSON.stringify(r)}, panelRect ${JSON.stringify(p)}`);
  assert.ok(Math.abs(r.w - r.h) <= 1, `the pad is not square: ${JSON.stringify(r)}`);
  assert.ok(r.w >= 300 && r.h >= 300, `the pad is ${r.w.toFixed(1)}x${r.h.toFixed(1)}, under 300x300`);
  assert.ok(r.x >= p.x - 0.5 && r.y >= p.y - 0.5 && r.x + r.w <= p.x + p.w + 0.5 && r.y + r.h <= p.y + p.h + 0.5,
    `pad ${JSON.stringify(r)} outside the Sketch panel ${JSON.stringify(p)}`);
  return r;
}

async function openRects(page) {
  const out = {};
  for (const n of await lab(page, 'openPanels')) out[n] = await lab(page, 'panelRect', n);
  return out;
}

function assertUnchanged(before, after, why) {
  for (const [n, r] of Object.entries(before))
    assert.deepEqual(after[n], r, `${n} moved when ${why}: ${JSON.stringify(r)} -> ${JSON.stringify(after[n])}`);
}

let pad1024 = 0;

describe('pad and layout at 1024x768', () => {
  let app, page;
  before(async () => {
    app = await openApp({ width: 1024, height: 768 });
    page = app.page;
    await page.mouse.move(1020, 764);
  });
  after(async () => { await app?.close(); });

  test('the pad is square, at least 300x300 and inside its panel', async () => {
    pad1024 = (await checkPad(page)).w;
  });

  test('a "1" drawn on the large pad is read as 1', async () => {
    const r = await pollUntil(() => state(page), (s) => s.stopped && s.val_accuracy !== null,
      { timeoutMs: 120000, intervalMs: 250 });
    if (!r.ok) throw new Error(`the default network did not finish training: ${JSON.stringify(r.value)}`);
    await frames(page, 2);
    await drawStrokes(page, await lab(page, 'sketch.rect'), ONE.map((s) => resample(s)), { settle: 2 });
    await frames(page, 3);
    await page.screenshot({ path: path.join(ensureArtifacts(), 'pad-1-1024x768.png') });
    const px = await lab(page, 'sketch.pixels');
    const probs = await lab(page, 'predict', px);
    assert.equal(argmax(probs), 1, `read as ${argmax(probs)}: ${probs.map((p) => p.toFixed(3))}`);
    assert.equal((await state(page)).input?.predicted, 1, 'the app does not show the sketch read as 1');
  });

  test('lab.showPanel(name, true) moves none of the open panels', async () => {
    const before = await openRects(page);
    assert.equal(Object.keys(before).length, 6);
    assert.equal(await lab(page, 'showPanel', 'gradcheck', true), '');
    await frames(page, 3);
    const after = await openRects(page);
    assert.ok(after.gradcheck && after.gradcheck.w > 100 && after.gradcheck.h > 100, `gradcheck: ${JSON.stringify(after.gradcheck)}`);
    assertUnchanged(before, after, 'lab.showPanel opened gradcheck');
  });

  test('a panel opened from the View menu moves none of the open panels', async () => {
    const before = await openRects(page);
    const r = await openPanel(page, 'backprop');
    await frames(page, 2);
    assert.ok(r && r.w > 100 && r.h > 100, `backprop: ${JSON.stringify(r)}`);
    assertUnchanged(before, await openRects(page), 'the View menu opened backprop');
    await page.screenshot({ path: path.join(ensureArtifacts(), 'pad-opened-1024x768.png') });
  });

  test('Layout lays the open panels out anew', async () => {
    const before = await openRects(page);
    const b = await lab(page, 'controlRect', 'layout');
    assert.ok(b && b.w > 0, 'no Layout button');
    await clickAt(page, b.x + b.w / 2, b.y + b.h / 2);
    await frames(page, 3);
    const after = await openRects(page);
    assert.ok(Object.keys(before).some((n) => JSON.stringify(before[n]) !== JSON.stringify(after[n])),
      'Layout moved nothing');
  });

  test('no errors in the page', () => {
    assert.deepEqual(app.pageErrors, []);
    assert.deepEqual(app.consoleErrors, []);
  });
});

describe('pad at 1280x800', () => {
  let app;
  before(async () => { app = await openApp({ width: 1280, height: 800 }); });
  after(async () => { await app?.close(); });

  test('the pad is square, at least 300x300, inside its panel and larger than at 1024x768', async () => {
    const r = await checkPad(app.page);
    if (pad1024) assert.ok(r.w > pad1024, `pad ${r.w} at 1280x800, ${pad1024} at 1024x768`);
  });
});
