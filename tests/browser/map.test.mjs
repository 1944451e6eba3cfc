// The Decision map (issue 7, section 4), driven through the real UI:
//   - lab.pca() gives scikit-learn's explained variance ratio and components (up to sign)
//   - the map opens from the View menu and draws its background (the network's answers)
//   - hovering a dot with the mouse shows that image (lab.map.state().hovered); clicking pins it
//     with the network's prediction (the same as lab.predict on its pixels); a tap (touch) on
//     another dot pins that one
// Screenshots: artifacts/map-hover.png, artifacts/map-pinned.png
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { openApp, lab, frames, clickAt, pollUntil, ensureArtifacts, argmax, openPanel, ROOT } from './helpers.mjs';

const fixture = JSON.parse(fs.readFileSync(path.join(ROOT, 'tests/fixtures/pca_sklearn.json'), 'utf8'));

/** Dataset indices whose dot is at least `gap` CSS px from every other dot, spread over the map. */
async function isolatedPoints(page, gap) {
  return page.evaluate((g) => {
    const n = window.lab.map.state().n;
    const pts = [];
    for (let i = 0; i < n; ++i) { const r = window.lab.map.pointRect(i); pts.push([r.x + r.w / 2, r.y + r.h / 2]); }
    const out = [];
    for (let i = 0; i < n; ++i) {
      let ok = true;
      for (let j = 0; j < n && ok; ++j) if (j !== i && Math.hypot(pts[i][0] - pts[j][0], pts[i][1] - pts[j][1]) < g) ok = false;
      if (ok) out.push({ i, x: pts[i][0], y: pts[i][1] });
    }
    return out;
  }, gap);
}

describe('Decision map', () => {
  let app, page, rect;
  before(async () => {
    app = await openApp({ hasTouch: true });
    page = app.page;
    // Room for the map: close the other panels, then open it from the View menu.
    for (const p of await lab(page, 'openPanels')) await lab(page, 'showPanel', p, false);
    await frames(page, 2);
    rect = await openPanel(page, 'map');
  });
  after(async () => { await app?.close(); });

  test('lab.pca() equals scikit-learn up to sign', async () => {
    const p = await lab(page, 'pca');
    for (let j = 0; j < 2; ++j) {
      assert.ok(Math.abs(p.explained_variance_ratio[j] - fixture.explained_variance_ratio[j]) < 1e-9,
        `ratio ${j}: ${p.explained_variance_ratio[j]} vs ${fixture.explained_variance_ratio[j]}`);
      const c = p.components[j], f = fixture.components[j];
      assert.equal(c.length, 64);
      const sign = c.reduce((s, v, i) => s + v * f[i], 0) < 0 ? -1 : 1;
      const worst = Math.max(...c.map((v, i) => Math.abs(sign * v - f[i])));
      assert.ok(worst < 1e-8, `component ${j} differs by ${worst}`);
    }
  });

  test('the map draws the network\'s answers behind the dots', async () => {
    const r = await pollUntil(() => lab(page, 'map.state'), (s) => s.drawn && s.grids_completed >= 1, { timeoutMs: 20000 });
    assert.ok(r.ok, JSON.stringify(r.value));
    assert.equal(r.value.n, 1797);
    assert.ok(rect.w > 300 && rect.h > 300, JSON.stringify(rect));
  });

  test('hover shows a dot; a click pins it with the network\'s prediction; a tap pins another', async () => {
    await lab(page, 'train', false);
    await frames(page, 3);
    const cands = await isolatedPoints(page, 12);
    assert.ok(cands.length >= 2, `only ${cands.length} isolated dots`);
    const a = cands[0], b = cands[cands.length - 1];

    await page.mouse.move(a.x, a.y);
    await frames(page, 3);
    let s = await lab(page, 'map.state');
    assert.equal(s.hovered, a.i, `hovering dot ${a.i} at ${a.x},${a.y}: ${JSON.stringify(s).slice(0, 200)}`);
    assert.equal(s.pinned, null);
    await page.screenshot({ path: path.join(ensureArtifacts(), 'map-hover.png') });

    await clickAt(page, a.x, a.y);
    s = await lab(page, 'map.state');
    assert.equal(s.pinned, a.i);
    assert.equal(s.pinned_info.index, a.i);
    const probs = await lab(page, 'predict', s.pinned_info.pixels);
    assert.equal(s.pinned_info.predicted, argmax(probs), 'the pinned prediction is not the network\'s');
    await page.mouse.move(rect.x + 5, rect.y + rect.h - 5);   // away: the pin stays
    await frames(page, 3);
    s = await lab(page, 'map.state');
    assert.equal(s.pinned, a.i, 'the pin did not stay when the mouse left');
    assert.equal(s.hovered, null);
    await page.screenshot({ path: path.join(ensureArtifacts(), 'map-pinned.png'), clip: { x: rect.x, y: rect.y, width: rect.w, height: rect.h } });

    // A tap (touch events, no mouse) on another dot pins that one (where it is drawn now).
    const bNow = await lab(page, 'map.pointRect', b.i);
    assert.ok(Math.abs(bNow.x + bNow.w / 2 - b.x) < 0.5 && Math.abs(bNow.y + bNow.h / 2 - b.y) < 0.5, 'pinning moved the dots');
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x: b.x, y: b.y }] });
    await frames(page, 3);
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    await frames(page, 3);
    s = await lab(page, 'map.state');
    assert.equal(s.pinned, b.i, `tapping dot ${b.i}: ${JSON.stringify(s).slice(0, 200)}`);
    assert.equal(s.pinned_info.label, s.pinned_info.label | 0);
  });

  test('no console errors', () => {
    assert.deepEqual(app.consoleErrors, []);
    assert.deepEqual(app.pageErrors, []);
  });
});
