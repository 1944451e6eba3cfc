// Touch only, on a 1024x768 touch screen (hasTouch; CDP Input.dispatchTouchEvent, no mouse):
//   - a digit drawn on the Sketch pad with one finger becomes the app's input (an 8x8 with ink)
//   - the Backprop stepper opens from the View menu and steps with taps on its Next button,
//     one step per tap
//   - a tap on a "(?)" help marker pins its text (lab.help()): it stays after the finger has
//     gone, and a tap elsewhere closes it (nothing is reachable by hover alone)
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { openApp, lab, state, frames, ensureArtifacts, drawStrokes, tapAt, rectOf, pollUntil } from './helpers.mjs';

const tapControl = async (page, name) => {
  const r = await rectOf(page, name);
  await tapAt(page, r.x + r.w / 2, r.y + r.h / 2);
  return r;
};

// A "7": the bar, then the long diagonal, as two strokes of a few long moves (every frame is
// expensive under SwiftShader).
const SEVEN = [
  [[0.25, 0.2], [0.5, 0.2], [0.75, 0.2]],
  [[0.75, 0.2], [0.62, 0.45], [0.5, 0.68], [0.42, 0.85]],
];

describe('touch only (1024x768)', () => {
  let app, page;
  before(async () => {
    app = await openApp({ width: 1024, height: 768, hasTouch: true });
    page = app.page;
    await lab(page, 'train', false);   // setup: a paused network keeps frames cheap
    await frames(page, 2);
    assert.equal(await page.evaluate(() => navigator.maxTouchPoints > 0 && 'ontouchstart' in window), true,
      'the page is not on a touch screen');
  });
  after(async () => { await app?.close(); });

  test('a digit drawn with a finger on the Sketch pad becomes the input', async () => {
    await lab(page, 'sketch.clear');
    await frames(page, 2);
    const rect = await lab(page, 'sketch.rect');
    assert.ok(rect && rect.w > 40, `sketch.rect() = ${JSON.stringify(rect)}`);
    assert.deepEqual(await lab(page, 'sketch.pixels'), new Array(64).fill(0));
    await drawStrokes(page, rect, SEVEN, { touch: true });
    const px = await lab(page, 'sketch.pixels');
    const inked = px.filter((v) => v > 0).length;
    assert.ok(inked >= 8, `only ${inked} of 64 cells have ink: ${px}`);
    // The top row of blocks (the bar) has ink; the bottom-right corner (left of the stroke's end) has none.
    assert.ok(px.slice(8, 24).some((v) => v > 4), `no bar in the 8x8: ${px}`);
    const s = await state(page);
    assert.ok(s.input, 'no current input');
    assert.equal(s.input.source, 'sketch');
    assert.deepEqual(s.input.pixels, px);
    await page.screenshot({ path: path.join(ensureArtifacts(), 'touch-sketch-1024x768.png') });
  });

  test('the Backprop stepper opens and steps with taps only', async () => {
    await tapControl(page, 'view');
    await tapControl(page, 'view:backprop');
    assert.ok((await lab(page, 'openPanels')).includes('backprop'), 'the View menu item did not open the panel');
    await frames(page, 3);
    let pos = await lab(page, 'backprop.position');
    if (!pos.has_trace) {   // the stepper follows the current input (the sketch); else pick one by a tap
      await tapControl(page, 'backprop:random');
      pos = await lab(page, 'backprop.position');
    }
    assert.ok(pos.has_trace, `no example to step through: ${JSON.stringify(pos)}`);
    const first = pos.step;
    for (let k = 1; k <= 3; ++k) {
      await tapControl(page, 'backprop:next');
      pos = await lab(page, 'backprop.position');
      assert.equal(pos.step, first + k, `tap ${k} on Next: ${JSON.stringify(pos)}`);
    }
    await tapControl(page, 'backprop:back');
    assert.equal((await lab(page, 'backprop.position')).step, first + 2, 'a tap on Back');
    await page.screenshot({ path: path.join(ensureArtifacts(), 'touch-backprop-1024x768.png') });
    await lab(page, 'showPanel', 'backprop', false);   // back to the default panels
    await frames(page, 3);
  });

  test('a tap on a help marker pins its text; a tap elsewhere closes it', async () => {
    const before = await lab(page, 'help');   // the last tap leaves its control's tooltip (the pointer stays)
    assert.ok(!(before && before.pinned), `help is pinned before anything was tapped: ${JSON.stringify(before)}`);
    const r = await tapControl(page, 'network:help:layers');
    let h = await lab(page, 'help');
    assert.ok(h && h.pinned, `the tap did not pin the help: ${JSON.stringify(h)}`);
    assert.match(h.text, /Each hidden layer learns features/);
    // It stays (the finger is gone; nothing hovers it any more) ...
    await frames(page, 4);
    h = await lab(page, 'help');
    assert.ok(h && h.pinned, 'the pinned help went away by itself');
    const box = await rectOf(page, 'help:pinned');
    const vp = page.viewportSize();
    assert.ok(box.x >= 0 && box.y >= 0 && box.x + box.w <= vp.width && box.y + box.h <= vp.height,
      `the help text is off screen: ${JSON.stringify(box)}`);
    await page.screenshot({ path: path.join(ensureArtifacts(), 'touch-help-1024x768.png') });
    // ... until a tap elsewhere (an empty part of the toolbar).
    const tb = await lab(page, 'panelRect', 'toolbar');
    await tapAt(page, tb.x + tb.w * 0.55, tb.y + tb.h / 2);
    const closed = await pollUntil(() => lab(page, 'help'), (v) => !v || !v.pinned, { timeoutMs: 3000, intervalMs: 100 });
    assert.ok(closed.ok, `a tap elsewhere did not close it: ${JSON.stringify(closed.value)}`);
    assert.ok(r.w > 0);
  });

  test('no errors in the page', () => {
    assert.deepEqual(app.pageErrors, []);
    assert.deepEqual(app.consoleErrors, []);
  });
});
