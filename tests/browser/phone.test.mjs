// The phone layout (issue 17, item 3), on touch screens only (hasTouch; CDP touch events, no mouse):
//   - at 390x844 and 360x640 lab.layout() is 'phone' with exactly one panel visible, full width
//     below the toolbar
//   - every control of lab.controls() lies inside the viewport and none overlaps another
//   - the toolbar shows Train/Pause, Step, Lessons, More and the panel picker, each about 44 px
//     high; a tap on each presses that control and nothing else (a tap on Lessons opens the
//     lessons and leaves the iteration count and the weights as they were)
//   - the panel picker (its list, previous and next) switches the visible panel; More holds
//     Reset, Model, Share, the panels and Layout, inside the viewport
//   - a lesson's "Show me" switches the phone layout to the panel it points at
//   - a "0" drawn with a finger on the Sketch pad is read as 0 (390x844, after default training)
//   - at 1280x800 and 844x390 (a phone held sideways) the layout is 'desktop'
// Screenshots: artifacts/phone-<size>-*.png.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { openApp, lab, state, frames, ensureArtifacts, drawStrokes, tapAt, rectOf, pollUntil, assertControlsFit, insideRect } from './helpers.mjs';

const tapControl = async (page, name) => {
  const r = await rectOf(page, name);
  await tapAt(page, r.x + r.w / 2, r.y + r.h / 2);
  return r;
};
const shot = async (page, name) => page.screenshot({ path: path.join(ensureArtifacts(), `phone-${name}.png`) });
// A hash of the weights (lab.model().parameters): equal hashes, unchanged weights.
const weights = async (page) => page.evaluate(() => {
  const p = window.lab.model().parameters;
  let h = 0;
  for (const v of p) h = (h * 31 + Math.round(v * 1e9)) % 2147483647;
  return `${p.length}:${h}`;
});
// An upright "0", drawn once around and a little past the start (as in sketch.test.mjs).
const ZERO = [Array.from({ length: 31 }, (_, i) => {
  const a = -Math.PI / 2 - (2 * Math.PI * i) / 28;
  return [0.5 + 0.24 * Math.cos(a), 0.5 + 0.36 * Math.sin(a)];
})];
// The toolbar's controls in the phone layout, as lab.controls() names them.
const TOOLBAR = ['train', 'step', 'lessons', 'more', 'picker_prev', 'picker', 'picker_next'].sort();

for (const [W, H] of [[390, 844], [360, 640]]) {
  const size = `${W}x${H}`;
  describe(`phone layout at ${size} (touch only)`, () => {
    let app, page;
    before(async () => {
      app = await openApp({ width: W, height: H, hasTouch: true });
      page = app.page;
      if (W === 390) {   // the sketch is read by the trained default network
        const r = await pollUntil(() => state(page), (s) => s.stopped && s.val_accuracy !== null,
          { timeoutMs: 180000, intervalMs: 500 });
        if (!r.ok) throw new Error(`the default network did not finish training: ${JSON.stringify(r.value)}`);
      }
      await lab(page, 'train', false);
      await frames(page, 3);
    });
    after(async () => { await app?.close(); });

    test('one panel at a time, full width below the toolbar', async () => {
      const layout = await lab(page, 'layout');
      assert.equal(layout.kind, 'phone');
      assert.equal(layout.visible.length, 1, `visible: ${layout.visible}`);
      const p = await lab(page, 'panelRect', layout.visible[0]);
      const tb = await lab(page, 'panelRect', 'toolbar');
      assert.ok(p.w >= W - 20 && p.x >= 0 && p.x + p.w <= W + 0.5, `panel ${JSON.stringify(p)}`);
      assert.ok(p.y >= tb.y + tb.h - 0.5 && p.y + p.h <= H + 0.5, `panel ${JSON.stringify(p)}, toolbar ${JSON.stringify(tb)}`);
      for (const other of (await lab(page, 'openPanels')).filter((n) => n !== layout.visible[0]))
        assert.equal(await lab(page, 'panelRect', other), null, `${other} is drawn too`);
      await shot(page, `${size}-start`);
    });

    test('every control inside the viewport, none overlapping; finger-sized toolbar', async () => {
      const controls = await assertControlsFit(page, W, H);
      const visible = (await lab(page, 'layout')).visible;
      const bar = controls.filter((c) => c.panel === 'toolbar');
      assert.deepEqual(bar.map((c) => c.name).sort(), TOOLBAR);
      for (const c of bar) assert.ok(c.h >= 43.5 && c.w >= 43.5, `${c.name} is ${c.w}x${c.h} CSS px`);
      for (const c of controls) assert.ok(c.panel === 'toolbar' || visible.includes(c.panel), `${c.name} of ${c.panel}`);
    });

    test('a tap on Lessons opens the lessons and changes nothing else', async () => {
      const s0 = await state(page), w0 = await weights(page);
      await tapControl(page, 'lessons');
      await frames(page, 2);
      assert.deepEqual((await lab(page, 'layout')).visible, ['lessons']);
      const s1 = await state(page);
      assert.equal(s1.iteration, s0.iteration, 'the iteration count changed');
      assert.equal(s1.training, false, 'training started');
      assert.equal(await weights(page), w0, 'the weights changed');
      await assertControlsFit(page, W, H);
      await shot(page, `${size}-lessons`);
    });

    test('a tap on Step takes one step; Train/Pause toggles training', async () => {
      const s0 = await state(page), layout0 = await lab(page, 'layout');
      await tapControl(page, 'step');
      const s1 = await state(page);
      assert.equal(s1.iteration, s0.iteration + 1, 'not exactly one step');
      assert.equal(s1.training, false);
      assert.deepEqual(await lab(page, 'layout'), layout0, 'the layout changed');
      await tapControl(page, 'train');
      assert.equal((await state(page)).training, true, 'Train did not start training');
      await tapControl(page, 'train');
      const s2 = await state(page);
      assert.equal(s2.training, false, 'Pause did not pause');
      assert.ok(s2.iteration >= s1.iteration, 'the network was reset');
      assert.deepEqual(await lab(page, 'layout'), layout0, 'the layout changed');
    });

    test('the panel picker switches the visible panel', async () => {
      const open = await lab(page, 'openPanels');
      await tapControl(page, 'picker');
      for (const id of open) {
        const r = await rectOf(page, `picker:${id}`);
        assert.ok(insideRect(r, { x: 0, y: 0, w: W, h: H }) && r.h >= 43.5, `picker:${id} ${JSON.stringify(r)}`);
      }
      await shot(page, `${size}-picker`);
      await tapControl(page, 'picker:sketch');
      assert.deepEqual((await lab(page, 'layout')).visible, ['sketch']);
      const i = open.indexOf('sketch');
      await tapControl(page, 'picker:next');
      assert.deepEqual((await lab(page, 'layout')).visible, [open[(i + 1) % open.length]]);
      await tapControl(page, 'picker:prev');
      assert.deepEqual((await lab(page, 'layout')).visible, ['sketch']);
      await assertControlsFit(page, W, H);
      await shot(page, `${size}-sketch`);
    });

    test('More holds Reset, Model, Share, the panels and Layout, inside the viewport', async () => {
      const s0 = await state(page);
      await tapControl(page, 'more');
      await frames(page, 2);
      for (const n of ['more:reset', 'more:share', 'more:layout', 'more:model:export']) {
        const r = await rectOf(page, n);
        assert.ok(insideRect(r, { x: 0, y: 0, w: W, h: H }) && r.h >= 43.5, `${n} ${JSON.stringify(r)}`);
      }
      for (const n of ['more:model:import', 'more:view:data', 'more:view:default', 'more:presenter']) await rectOf(page, n);
      await shot(page, `${size}-more`);
      assert.equal((await state(page)).iteration, s0.iteration, 'opening More changed the network');
      await tapControl(page, 'more:reset');
      assert.equal((await state(page)).iteration, 0, 'Reset in More did not reset');
      assert.equal((await lab(page, 'layout')).kind, 'phone');
    });

    if (W === 390) {
      test('a "0" drawn with a finger on the Sketch pad is read as 0', async () => {
        // More's Reset above re-initialized the weights: train again to the default's end.
        await lab(page, 'train', true);
        const r = await pollUntil(() => state(page), (s) => s.stopped && s.val_accuracy !== null,
          { timeoutMs: 180000, intervalMs: 500 });
        assert.ok(r.ok, `training did not finish: ${JSON.stringify(r.value)}`);
        if ((await lab(page, 'layout')).visible[0] !== 'sketch') {
          await tapControl(page, 'picker');
          await tapControl(page, 'picker:sketch');
        }
        await lab(page, 'sketch.clear');
        await frames(page, 2);
        const rect = await lab(page, 'sketch.rect');
        assert.ok(rect && rect.w >= 100, `sketch.rect() = ${JSON.stringify(rect)}`);
        assert.ok(insideRect(rect, { x: 0, y: 0, w: W, h: H }), `the pad leaves the screen: ${JSON.stringify(rect)}`);
        await drawStrokes(page, rect, ZERO, { touch: true, settle: 2 });
        const s = await state(page);
        assert.equal(s.input?.source, 'sketch');
        assert.equal(s.input.predicted, 0, `read as ${s.input.predicted}: ${JSON.stringify(s.input.candidates)}`);
        await shot(page, `${size}-sketch-0`);
      });

      test('a lesson\'s "Show me" switches to the panel it points at', async () => {
        assert.equal(await lab(page, 'lessons.act', { do: 'start', lesson: 0, step: 0 }), '');
        await tapControl(page, 'lessons');
        const target = (await lab(page, 'lessons.state')).lesson?.panel;
        assert.ok(target && target !== 'lessons', `the first step points at ${target}`);
        await tapControl(page, 'lessons:show');
        assert.deepEqual((await lab(page, 'layout')).visible, [target]);
        await shot(page, `${size}-show-me`);
      });
    } else {
      test('wider screens use the desktop layout (1280x800, 844x390)', async () => {
        for (const [w, h] of [[1280, 800], [844, 390]]) {
          await page.setViewportSize({ width: w, height: h });
          await frames(page, 3);
          const layout = await lab(page, 'layout');
          assert.equal(layout.kind, 'desktop', `${w}x${h}`);
          assert.deepEqual(layout.visible, await lab(page, 'openPanels'));
        }
      });
    }

    test('no console errors', () => {
      assert.deepEqual(app.consoleErrors, []);
      assert.deepEqual(app.pageErrors, []);
    });
  });
}
