// The sketch pad, drawn on with real mouse strokes (many small moves, each seen by an app frame,
// as a hand would; the pad joins successive points with a thick round pen), after the network has trained to >= 95% validation accuracy.
//   - a "1" and a "0" are read as 1 and 0: argmax of lab.predict(lab.sketch.pixels())
//   - sketch.pixels() is what the network is given: the prediction the app shows for the sketch
//     (state().input, the Decision panel's current input) equals predict(sketch.pixels())
//   - sketch.clear() empties it
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { openApp, lab, state, frames, pollUntil, argmax, ensureArtifacts, drawStrokes } from './helpers.mjs';

/** Points of a stroke in pad units (0..1, y down), resampled so consecutive points are <= step apart. */
function resample(points, step = 0.035) {
  const out = [points[0]];
  for (let i = 1; i < points.length; ++i) {
    const [x0, y0] = points[i - 1], [x1, y1] = points[i];
    const n = Math.max(1, Math.ceil(Math.hypot(x1 - x0, y1 - y0) / step));
    for (let k = 1; k <= n; ++k) out.push([x0 + (x1 - x0) * k / n, y0 + (y1 - y0) * k / n]);
  }
  return out;
}

const DIGITS = {
  // A slightly slanted down-stroke with a short lead-in at the top, as many people write a 1.
  1: [[[0.42, 0.22], [0.55, 0.12], [0.53, 0.5], [0.5, 0.88]]],
  // An upright ellipse, drawn once around and a little past the start to close it.
  0: [Array.from({ length: 31 }, (_, i) => {
    const a = -Math.PI / 2 - (2 * Math.PI * i) / 28;
    return [0.5 + 0.24 * Math.cos(a), 0.5 + 0.36 * Math.sin(a)];
  })],
};

describe('sketch pad', () => {
  let app, page, rect;
  before(async () => {
    app = await openApp();
    page = app.page;
    // The default network as a user gets it: the Reader preset trains on load and stops at its
    // epoch limit (a few seconds). Read before then (3 epochs, ~95% validation) the flagged "1"
    // below is a coin toss between 1 and 7; read at the end it is a 1 for every seed tried, while
    // the old aspect-kept pipeline misread it at the end (src/train/presets.md).
    const r = await pollUntil(() => state(page), (s) => s.stopped && s.val_accuracy !== null,
      { timeoutMs: 120000, intervalMs: 250 });
    await frames(page, 2);
    if (!r.ok) throw new Error(`the default network did not finish training in 120 s: ${JSON.stringify(r.value)}`);
    assert.ok(r.value.val_accuracy >= 0.97, `validation accuracy ${r.value.val_accuracy}`);
  });
  after(async () => { await app?.close(); });

  test('the pad is inside the Sketch panel', async () => {
    rect = await lab(page, 'sketch.rect');
    const panel = await lab(page, 'panelRect', 'sketch');
    assert.ok(rect && rect.w >= 50 && rect.h >= 50, `sketch.rect() = ${JSON.stringify(rect)}`);
    assert.ok(rect.x >= panel.x && rect.y >= panel.y && rect.x + rect.w <= panel.x + panel.w + 0.5 &&
      rect.y + rect.h <= panel.y + panel.h + 0.5, `pad ${JSON.stringify(rect)} outside panel ${JSON.stringify(panel)}`);
  });

  for (const digit of [1, 0]) {
    test(`a "${digit}" drawn with the mouse is read as ${digit}`, async () => {
      await lab(page, 'sketch.clear');
      await frames(page, 2);
      assert.deepEqual(await lab(page, 'sketch.pixels'), new Array(64).fill(0), 'clear() left ink on the pad');
      await drawStrokes(page, rect, DIGITS[digit].map((st) => resample(st)), { settle: 2 });
      await page.screenshot({ path: path.join(ensureArtifacts(), `sketch-${digit}.png`) });

      const px = await lab(page, 'sketch.pixels');
      assert.equal(px.length, 64);
      assert.ok(px.every((v) => Number.isInteger(v) && v >= 0 && v <= 16), `pixels are not counts 0..16: ${px}`);
      const ink = px.reduce((a, b) => a + b, 0) / 1024;
      // Like the UCI digits: about 30% of the 32x32 frame is ink.
      assert.ok(ink > 0.2 && ink < 0.42, `ink coverage ${ink.toFixed(3)} (pixels ${px})`);
      const probs = await lab(page, 'predict', px);
      assert.equal(probs.length, 10);
      assert.equal(argmax(probs), digit, `predicted ${argmax(probs)}; outputs ${probs.map((p) => p.toFixed(3))}; pixels ${px}`);
    });

    test(`the app shows the same prediction for the "${digit}" as predict(sketch.pixels())`, async () => {
      const s = await state(page);
      assert.ok(s.input && typeof s.input === 'object',
        'state().input is missing: the page must report the current input the Decision panel shows ' +
        '({source, pixels, outputs, predicted})');
      const px = await lab(page, 'sketch.pixels');
      const probs = await lab(page, 'predict', px);
      assert.equal(s.input.source, 'sketch');
      assert.deepEqual(s.input.pixels, px, 'the network is not given sketch.pixels()');
      const shown = s.input.outputs ?? s.input.probabilities;
      assert.ok(Array.isArray(shown) && shown.length === 10, `state().input outputs: ${JSON.stringify(s.input)}`);
      for (let i = 0; i < 10; ++i) assert.ok(Math.abs(shown[i] - probs[i]) <= 1e-6, `output ${i}: shown ${shown[i]} vs predict ${probs[i]}`);
      assert.equal(s.input.predicted, argmax(probs));
    });
  }

  test('clear() empties the pad and the input', async () => {
    await lab(page, 'sketch.clear');
    await frames(page, 2);
    assert.deepEqual(await lab(page, 'sketch.pixels'), new Array(64).fill(0));
    const s = await state(page);
    if (s.input) assert.notEqual(s.input.source, 'sketch', 'the cleared sketch is still the current input');
  });

  test('no errors in the page', () => {
    assert.deepEqual(app.pageErrors, []);
    assert.deepEqual(app.consoleErrors, []);
  });
});
