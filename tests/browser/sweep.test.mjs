// Bias / variance (issue 7, section 5), driven through the real UI:
//   - the panel opens from the View menu; two clicks on its "−" button make 3 points (lambda 0.01,
//     1, 100); Run trains one network per point, each in a session of its own (seen in
//     lab.sweep.state().session while it runs), the points arriving one by one, while the page
//     keeps drawing frames; at the end 3 points with validation accuracy, and strong weight decay
//     (lambda = 100) fits the training images worse than lambda = 0.01
//   - Cancel stops a running sweep and removes its session; lab.sweep.run rejects bad options
// Screenshot: artifacts/sweep-panel.png
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { openApp, lab, frames, clickAt, pollUntil, ensureArtifacts, openPanel } from './helpers.mjs';

async function click(page, name) {
  const r = await lab(page, 'controlRect', name);
  assert.ok(r && r.w > 0, `no control ${name}`);
  await clickAt(page, r.x + r.w / 2, r.y + r.h / 2);
}

describe('Bias / variance panel', () => {
  let app, page, rect;
  before(async () => {
    app = await openApp();
    page = app.page;
    rect = await openPanel(page, 'sweep');
  });
  after(async () => { await app?.close(); });

  test('a lambda sweep of 3 points through the UI', async (t) => {
    await click(page, 'sweep:fewer');
    await click(page, 'sweep:fewer');
    const f0 = await lab(page, 'frames');
    await click(page, 'sweep:run');
    let s = await lab(page, 'sweep.state');
    assert.equal(s.running, true, 'Run did not start a sweep');
    assert.equal(s.kind, 'lambda');
    assert.deepEqual(s.points.map((p) => Math.round(Math.log10(p.value))), [-2, 0, 2]);
    const sessions = new Set(), arrivals = [];
    const r = await pollUntil(async () => {
      const st = await lab(page, 'sweep.state');
      if (st.session >= 0) sessions.add(st.session);
      arrivals.push(st.points.filter((p) => p.done).length);
      return st;
    }, (st) => !st.running, { timeoutMs: 120000, intervalMs: 100 });
    assert.ok(r.ok, `the sweep did not finish: ${JSON.stringify(r.value).slice(0, 300)}`);
    s = r.value;
    assert.equal(s.points.length, 3);
    assert.ok(s.points.every((p) => p.done && p.iterations > 0 && p.validation_accuracy > 0), JSON.stringify(s.points));
    assert.ok(sessions.size >= 2, `the points did not run in sessions of their own: ${[...sessions]}`);
    assert.ok(arrivals.includes(1) || arrivals.includes(2), 'the points did not arrive one by one');
    assert.ok(s.points[2].train_accuracy < s.points[0].train_accuracy,
      `lambda 100 fits the training set as well as 0.01: ${JSON.stringify(s.points)}`);
    const drawn = (await lab(page, 'frames')) - f0;
    t.diagnostic(`3 runs in ${r.ms} ms, ${drawn} frames drawn meanwhile; val acc ${s.points.map((p) => p.validation_accuracy.toFixed(3))}`);
    assert.ok(drawn > 10, `only ${drawn} frames while the sweep ran`);
    await page.mouse.move(rect.x + rect.w - 3, rect.y + 3);   // no tooltip over the plot
    await frames(page, 3);
    await page.screenshot({ path: path.join(ensureArtifacts(), 'sweep-panel.png'), clip: { x: rect.x, y: rect.y, width: rect.w, height: rect.h } });
  });

  test('Cancel stops a sweep and removes its session; bad options reject', async () => {
    await click(page, 'sweep:run');
    const r = await pollUntil(() => lab(page, 'sweep.state'), (st) => st.session >= 0, { timeoutMs: 10000, intervalMs: 50 });
    assert.ok(r.ok, 'the sweep did not start a session');
    await click(page, 'sweep:cancel');
    const s = await lab(page, 'sweep.state');
    assert.equal(s.running, false);
    assert.equal(s.session, -1);
    for (const bad of [{ kind: 'mu' }, { kind: 'lambda', values: [-1] }, { kind: 'train_size', values: [0] }, { iterations: 0 }]) {
      const msg = await page.evaluate((o) => window.lab.sweep.run(o).then(() => 'resolved', (e) => e.message), bad);
      assert.notEqual(msg, 'resolved', `${JSON.stringify(bad)} was accepted`);
    }
  });

  test('learning curves through the API: 2 sizes, the validation images the same', async () => {
    const s = await lab(page, 'sweep.run', { kind: 'train_size', values: [0.2, 1.0], iterations: 40 });
    assert.equal(s.kind, 'train_size');
    assert.ok(s.points[0].train_size < s.points[1].train_size, JSON.stringify(s.points));
    assert.ok(s.points[0].validation_error >= s.points[1].validation_error - 0.02, JSON.stringify(s.points));
  });

  test('no console errors', () => {
    assert.deepEqual(app.consoleErrors, []);
    assert.deepEqual(app.pageErrors, []);
  });
});
