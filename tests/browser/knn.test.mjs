// kNN in the page (issue 7, section 3), driven through the real UI:
//   - the kNN panel opens from the View menu; clicking its Run button computes the notebook's
//     4-fold cross-validation for k = 1..15 in time slices (progress shown, frames keep coming)
//     and the 15 points equal scikit-learn's (tests/fixtures/knn_sklearn.json) exactly
//   - lab.knn.cv({folds: 4, shuffle: false, scaling: 'raw'}) gives the same; /16 gives the same;
//     shuffled stratified folds and standardized inputs give other numbers; bad options reject
//   - the comparison table (network vs kNN) is measured in the page
// Screenshot: artifacts/knn-panel.png
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { openApp, lab, frames, clickAt, pollUntil, ensureArtifacts, openPanel, ROOT } from './helpers.mjs';

const fixture = JSON.parse(fs.readFileSync(path.join(ROOT, 'tests/fixtures/knn_sklearn.json'), 'utf8'));

function assertEqualsFixture(r) {
  assert.deepEqual(r.k, fixture.results.map((x) => x.k));
  assert.equal(r.mean_accuracy.length, 15);
  for (let i = 0; i < 15; ++i) {
    assert.deepEqual(r.fold_correct.map((f) => f[i]), fixture.results[i].fold_correct, `k=${i + 1} fold counts`);
    assert.ok(Math.abs(r.mean_accuracy[i] - fixture.results[i].mean_accuracy) < 1e-12,
      `k=${i + 1}: ${r.mean_accuracy[i]} vs ${fixture.results[i].mean_accuracy}`);
  }
}

describe('kNN panel', () => {
  let app, page;
  before(async () => { app = await openApp(); page = app.page; });
  after(async () => { await app?.close(); });

  test('Run computes the 15 points of the notebook experiment, equal to scikit-learn', async (t) => {
    await lab(page, 'train', false);
    const rect = await openPanel(page, 'knn');
    assert.ok(rect && rect.w > 200, JSON.stringify(rect));
    assert.equal((await lab(page, 'knn.state')).result, null);
    const run = await lab(page, 'controlRect', 'knn:run');
    assert.ok(run && run.w > 0, 'no Run button');
    const f0 = await lab(page, 'frames');
    await clickAt(page, run.x + run.w / 2, run.y + run.h / 2);
    const seen = [];
    const r = await pollUntil(async () => { const s = await lab(page, 'knn.state'); seen.push(s.progress); return s; },
      (s) => s.runs_completed >= 1 && !s.running, { timeoutMs: 60000, intervalMs: 50 });
    assert.ok(r.ok, `the run did not finish: ${JSON.stringify(r.value).slice(0, 200)}`);
    const drawn = (await lab(page, 'frames')) - f0;
    assert.ok(drawn >= 5, `only ${drawn} frames while the CV ran: it is not sliced`);
    assert.ok(seen.some((p) => p > 0 && p < 1), `no intermediate progress seen: ${seen.slice(0, 20)}`);
    assertEqualsFixture(r.value.result);
    assert.equal(r.value.result.best_k, 1);
    t.diagnostic(`CV in the page: ${r.value.last_run_ms.toFixed(0)} ms of compute over ${drawn} frames`);
    await page.mouse.move(rect.x + rect.w - 3, rect.y + 3);   // no tooltip over the plot
    await frames(page, 3);
    await page.screenshot({ path: path.join(ensureArtifacts(), 'knn-panel.png'), clip: { x: rect.x, y: rect.y, width: rect.w, height: rect.h } });
  });

  test('lab.knn.cv gives scikit-learn\'s numbers; other options give others; bad options reject', async () => {
    assertEqualsFixture(await lab(page, 'knn.cv', { folds: 4, shuffle: false, scaling: 'raw' }));
    assertEqualsFixture(await lab(page, 'knn.cv', { folds: 4, shuffle: false, scaling: 'divide16' }));
    const shuffled = await lab(page, 'knn.cv', { folds: 4, shuffle: true, seed: 3, scaling: 'raw' });
    assert.notDeepEqual(shuffled.mean_accuracy, fixture.results.map((x) => x.mean_accuracy));
    assert.ok(shuffled.mean_accuracy[0] > 0.97, `shuffled 1-NN: ${shuffled.mean_accuracy[0]}`);
    assert.deepEqual(shuffled.fold_sizes.reduce((a, b) => a + b, 0), 1797);
    const std = await lab(page, 'knn.cv', { scaling: 'standardize' });
    assert.notDeepEqual(std.fold_correct, fixture.results.map((x) => x.fold_correct));
    for (const bad of [{ folds: 1 }, { scaling: 'log' }, { shuffle: 'yes' }, { nope: 1 }]) {
      const msg = await page.evaluate((o) => window.lab.knn.cv(o).then(() => 'resolved', (e) => e.message), bad);
      assert.notEqual(msg, 'resolved', `${JSON.stringify(bad)} was accepted`);
    }
  });

  test('the comparison is measured in the page', async () => {
    await lab(page, 'train', false);   // the network's weights stay those measured
    const c = await lab(page, 'knn.compare', 5);
    const st = await lab(page, 'state');
    assert.ok(c, 'no comparison');
    assert.equal(c.k, 5);
    assert.equal(c.knn.bytes, c.n_train * (64 * 8 + 4));
    assert.ok(c.network.bytes < c.knn.bytes / 10, JSON.stringify(c));
    assert.ok(c.knn.test_accuracy > 0.95, JSON.stringify(c));
    assert.ok(Math.abs(c.network.test_accuracy - st.test_accuracy) < 1e-12,
      `network ${c.network.test_accuracy} vs lab.state().test_accuracy ${st.test_accuracy}`);
    assert.ok(c.knn.us_per_prediction > 0 && c.network.us_per_prediction > 0, JSON.stringify(c));
  });

  test('the Network vs kNN tab measures both; the Current input tab shows the neighbours', async () => {
    await lab(page, 'train', true);   // a trained network for the comparison
    await pollUntil(() => lab(page, 'state'), (s) => s.val_accuracy > 0.9 || s.stopped, { timeoutMs: 30000 });
    await lab(page, 'train', false);
    const tab = await lab(page, 'controlRect', 'knn:tab:compare');
    assert.ok(tab && tab.w > 0, 'no Network vs kNN tab');
    await clickAt(page, tab.x + tab.w / 2, tab.y + tab.h / 2);
    const r = await pollUntil(() => lab(page, 'knn.state'), (s) => !s.comparing && s.comparison, { timeoutMs: 30000 });
    assert.ok(r.ok, 'opening the tab did not measure');
    const rect = await lab(page, 'panelRect', 'knn');
    await page.mouse.move(rect.x + rect.w - 3, rect.y + 3);
    await frames(page, 3);
    await page.screenshot({ path: path.join(ensureArtifacts(), 'knn-compare.png'), clip: { x: rect.x, y: rect.y, width: rect.w, height: rect.h } });

    // Draw a "1" on the sketch pad, then look at its neighbours.
    const pad = await lab(page, 'sketch.rect');
    assert.ok(pad && pad.w > 0, 'no sketch pad');
    await page.mouse.move(pad.x + pad.w * 0.5, pad.y + pad.h * 0.15);
    await page.mouse.down();
    await frames(page, 2);
    await page.mouse.move(pad.x + pad.w * 0.5, pad.y + pad.h * 0.85, { steps: 4 });
    await frames(page, 2);
    await page.mouse.up();
    await frames(page, 2);
    assert.equal((await lab(page, 'state')).input?.source, 'sketch');
    const itab = await lab(page, 'controlRect', 'knn:tab:input');
    await clickAt(page, itab.x + itab.w / 2, itab.y + itab.h / 2);
    await page.mouse.move(rect.x + rect.w - 3, rect.y + 3);
    await frames(page, 3);
    await page.screenshot({ path: path.join(ensureArtifacts(), 'knn-input.png'), clip: { x: rect.x, y: rect.y, width: rect.w, height: rect.h } });
  });

  test('no console errors', () => {
    assert.deepEqual(app.consoleErrors, []);
    assert.deepEqual(app.pageErrors, []);
  });
});
