// The stroke test set (tests/browser/strokes.json, written by scripts/gen_strokes.py): digits in
// six styles (printed, rounded, slanted, narrow, wide, small and off-centre) with the variants
// people draw (open/closed 4, 7 with/without a bar, 1 with/without a base serif, 6 and 9 with
// curved/straight stems), drawn through the Sketch pad with REAL mouse events after the default
// network has finished training. Asserts that >= 90% are read right (the app's own reading,
// state().input.predicted) and prints every misread; screenshots of a few misreads land in
// tests/browser/artifacts/. The strokes play no part in training or in choosing the preset.
//
// Part of the suite (it draws 90 digits: a few minutes). The default network - chosen by
// validation accuracy and by the separate validation strokes, never by these - reads 90/90 of
// them natively (`backprop-lab read --strokes tests/browser/strokes.json`) and in the page
// (src/train/presets.md). The 90% bar is the issue's; the run fails below it.

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { openTrainedApp, lab, state, frames, ensureArtifacts, HERE, drawStrokes } from './helpers.mjs';

const SET = JSON.parse(fs.readFileSync(path.join(HERE, 'strokes.json'), 'utf8')).digits;
const MIN_RIGHT = 0.9;

const grid = (px) => Array.from({ length: 8 }, (_, r) => px.slice(8 * r, 8 * r + 8).map((v) => String(v).padStart(3)).join('')).join('\n');

describe('stroke test set', () => {
  let app, page, rect;
  const results = [];
  before(async () => {
    // The standard 1280x800 page, where the Sketch panel shows the whole pipeline (strokes ->
    // 32x32 -> 8x8) in the screenshots. (The pad's size changes the 8x8 result only through
    // mouse positions being whole pixels: at 1024x680 two more digits were misread.)
    // The default preset trains by itself on load and stops at its epoch limit.
    let stopped;
    ({ app, page, stopped, pad: rect } = await openTrainedApp());
    console.log(`default network: preset ${stopped.preset}, test accuracy ${(100 * stopped.test_accuracy).toFixed(2)}%, ` +
      `validation ${(100 * stopped.val_accuracy).toFixed(2)}%`);
  });
  after(async () => { await app?.close(); });

  test(`the set has >= 60 digits in >= 6 styles`, () => {
    assert.ok(SET.length >= 60, `${SET.length} digits`);
    assert.ok(new Set(SET.map((d) => d.style)).size >= 6);
    for (let k = 0; k <= 9; ++k) assert.ok(SET.some((d) => d.label === k), `no ${k} in the set`);
  });

  test(`>= ${100 * MIN_RIGHT}% of the mouse-drawn digits are read right`, async () => {
    assert.ok(rect && rect.w > 50, `sketch.rect() = ${JSON.stringify(rect)}`);
    const shots = ensureArtifacts();
    let shot = 0;
    for (const [i, d] of SET.entries()) {
      await lab(page, 'sketch.clear');
      await frames(page, 1);
      await drawStrokes(page, rect, d.strokes);   // one move per point, a frame after each
      const s = await state(page);
      assert.ok(s.input && s.input.source === 'sketch', `digit ${i}: the sketch is not the input: ${JSON.stringify(s.input)}`);
      const r = { i, label: d.label, style: d.style, variant: d.variant, predicted: s.input.predicted,
        unsure: s.input.unsure, candidates: s.input.candidates, pixels: s.input.pixels };
      results.push(r);
      if (r.predicted !== r.label && shot < 4) {
        await page.screenshot({ path: path.join(shots, `strokes-misread-${++shot}.png`) });
      }
    }
    const wrong = results.filter((r) => r.predicted !== r.label);
    const right = results.length - wrong.length;
    const fmt = (r) => `#${r.i} ${r.label} (${r.style}, ${r.variant}) read as ${r.predicted}` +
      `${r.unsure ? ' [unsure: ' + r.candidates.map((c) => `${c.digit} ${c.p.toFixed(2)}`).join(', ') + ']' : ''}`;
    console.log(`stroke set: ${right}/${results.length} read right (${(100 * right / results.length).toFixed(1)}%), ` +
      `${results.filter((r) => r.unsure).length} unsure`);
    const styles = [...new Set(results.map((r) => r.style))];
    for (const st of styles) {
      const rs = results.filter((r) => r.style === st);
      console.log(`  ${st}: ${rs.filter((r) => r.predicted === r.label).length}/${rs.length}`);
    }
    for (const r of wrong) console.log(`  misread ${fmt(r)}\n${grid(r.pixels)}`);
    fs.writeFileSync(path.join(shots, 'strokes-results.json'), JSON.stringify(results, null, 1));
    assert.ok(right / results.length >= MIN_RIGHT,
      `${right}/${results.length} right; misreads:\n${wrong.map(fmt).join('\n')}`);
  });

  test('an unsure reading names its candidates, best first', () => {
    assert.equal(results.length, SET.length, 'the drawing test did not finish');
    for (const r of results) {
      assert.equal(r.candidates.length, 3);
      assert.equal(r.candidates[0].digit, r.predicted);
      assert.ok(r.candidates[0].p >= r.candidates[1].p && r.candidates[1].p >= r.candidates[2].p);
      assert.equal(r.unsure, r.candidates[0].p < 0.8, JSON.stringify(r.candidates));
    }
  });

  test('no errors in the page', () => {
    assert.deepEqual(app.pageErrors, []);
    assert.deepEqual(app.consoleErrors, []);
  });
});
