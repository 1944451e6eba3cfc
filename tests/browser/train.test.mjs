// Training driven through the real controls: the toolbar's Train/Pause, Step and Reset buttons
// clicked with the mouse (and the keyboard shortcuts), checked through lab.state().
//   - Reset puts the iteration back to 0; Train from there reaches >= 95% validation accuracy
//     within 20 s (the default network: the "reader" preset, 64-100-10 ReLU + softmax, Adam)
//   - Pause stops the iteration count; Step advances it by exactly one; lab.step(n) by exactly n
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openApp, lab, state, frames, pollUntil, clickControl, controlRect } from './helpers.mjs';

const TRAIN_LIMIT_MS = 20000;
const TARGET_VAL_ACC = 0.95;

async function waitState(page, pred, what, timeoutMs = 3000) {
  const r = await pollUntil(() => state(page), pred, { timeoutMs, intervalMs: 50 });
  assert.ok(r.ok, `${what} (within ${timeoutMs} ms); state: ${JSON.stringify(r.value)}`);
  return r.value;
}

/** Waits ~ms of wall time and at least minFrames app frames. */
async function idle(page, ms, minFrames) {
  const f0 = await lab(page, 'frames');
  // An untouched paused page rests (stops drawing, issue 9): keep it drawing the way a user
  // moving the mouse does, so that the frames which could advance training really run.
  await page.evaluate((t) => new Promise((resolve) => {
    const t0 = performance.now();
    (function tick() {
      window.dispatchEvent(new Event('pointermove'));
      if (performance.now() - t0 < t) requestAnimationFrame(tick); else resolve();
    })();
  }), ms);
  await frames(page, 2);
  const f1 = await lab(page, 'frames');
  assert.ok(f1 - f0 >= minFrames, `the app drew only ${f1 - f0} frames in ${ms} ms`);
}

describe('toolbar buttons (mouse)', () => {
  let app, page;
  before(async () => { app = await openApp(); page = app.page; });
  after(async () => { await app?.close(); });

  test('the Train/Pause, Step and Reset buttons are found in the toolbar', async () => {
    const tb = await lab(page, 'panelRect', 'toolbar');
    let prev = null;
    for (const n of ['train', 'step', 'reset']) {
      const r = await controlRect(page, n);
      assert.ok(r && r.w > 0 && r.h > 0, `${n}: ${JSON.stringify(r)}`);
      assert.ok(r.x >= tb.x && r.x + r.w <= tb.x + tb.w && r.y >= tb.y && r.y + r.h <= tb.y + tb.h,
        `${n} ${JSON.stringify(r)} is not inside the toolbar ${JSON.stringify(tb)}`);
      if (prev) assert.ok(r.x >= prev.x + prev.w, `${n} is not to the right of the previous button`);
      prev = r;
    }
  });

  test(`Reset, then Train reaches ${TARGET_VAL_ACC * 100}% validation accuracy within ${TRAIN_LIMIT_MS / 1000} s`, async (t) => {
    // The app starts training by itself on load: pause it first, with the button.
    if ((await state(page)).training) {
      await clickControl(page, 'train');
      await waitState(page, (s) => !s.training, 'clicking Pause did not stop training');
    }
    await clickControl(page, 'reset');
    const s0 = await waitState(page, (s) => s.iteration === 0, 'clicking Reset did not put the iteration back to 0');
    assert.equal(s0.training, false, 'Reset started training');
    if (s0.val_accuracy !== null) assert.ok(s0.val_accuracy < 0.5, `after Reset val_accuracy = ${s0.val_accuracy}`);

    await clickControl(page, 'train');
    const t0 = Date.now();
    await waitState(page, (s) => s.training, 'clicking Train did not start training', 2000);
    const r = await pollUntil(() => state(page), (s) => s.val_accuracy !== null && s.val_accuracy >= TARGET_VAL_ACC,
      { timeoutMs: TRAIN_LIMIT_MS - (Date.now() - t0), intervalMs: 200 });
    const took = Date.now() - t0;
    assert.ok(r.ok, `validation accuracy ${r.value.val_accuracy} after ${took} ms ` +
      `(iteration ${r.value.iteration}, ${r.value.steps_per_second} steps/s, stop: ${r.value.stop_reason})`);
    t.diagnostic(`reached ${r.value.val_accuracy} at iteration ${r.value.iteration} in ${took} ms`);
  });

  test('Pause stops the iteration count; Step adds exactly one', async () => {
    let s = await state(page);
    if (!s.training) {   // e.g. training stopped at its iteration limit: Train continues
      await clickControl(page, 'train');
      s = await waitState(page, (x) => x.training, 'clicking Train did not start training');
    }
    const before = s.iteration;
    await waitState(page, (x) => x.iteration > before, 'training does not advance the iteration', 5000);
    await clickControl(page, 'train');   // the same button now reads Pause
    s = await waitState(page, (x) => !x.training, 'clicking Pause did not stop training');
    const paused = s.iteration;
    await idle(page, 1000, 5);
    s = await state(page);
    assert.equal(s.iteration, paused, 'the iteration moved while paused');
    assert.equal(s.training, false);

    await clickControl(page, 'step');
    s = await waitState(page, (x) => x.iteration !== paused, 'clicking Step did nothing');
    await idle(page, 300, 2);
    s = await state(page);
    assert.equal(s.iteration, paused + 1, 'one click on Step must take exactly one step');
    assert.equal(s.training, false, 'Step must leave training paused');
  });

  test('lab.step(n) advances exactly n iterations', async () => {
    for (const n of [1, 5, 13]) {
      const i0 = (await state(page)).iteration;
      await lab(page, 'step', n);
      await frames(page, 3);
      const s = await state(page);
      assert.equal(s.iteration, i0 + n, `step(${n}) from ${i0}`);
      assert.equal(s.training, false);
    }
  });

  test('Reset goes back to iteration 0 and untrained weights', async () => {
    const trained = await state(page);
    assert.ok(trained.iteration > 0);
    await clickControl(page, 'reset');
    const s = await waitState(page, (x) => x.iteration === 0, 'clicking Reset did not put the iteration back to 0');
    assert.equal(s.training, false);
    if (s.val_accuracy !== null) assert.ok(s.val_accuracy < 0.5, `val_accuracy ${s.val_accuracy} right after Reset`);
  });

  test('no errors in the page', () => {
    assert.deepEqual(app.pageErrors, []);
    assert.deepEqual(app.consoleErrors, []);
  });
});

describe('keyboard shortcuts', () => {
  let app, page;
  before(async () => { app = await openApp(); page = app.page; });
  after(async () => { await app?.close(); });

  test('Space toggles training, S steps exactly once, R resets', async () => {
    // Put the mouse over the app (not over a text field) like a person would.
    const tb = await lab(page, 'panelRect', 'toolbar');
    await page.mouse.move(tb.x + tb.w / 2, tb.y + tb.h + 300);
    let s = await state(page);
    const wasTraining = s.training;
    await page.keyboard.press('Space');
    s = await waitState(page, (x) => x.training !== wasTraining, 'Space did not toggle training');
    if (s.training) {
      await page.keyboard.press('Space');
      s = await waitState(page, (x) => !x.training, 'Space did not pause');
    }
    const i0 = s.iteration;
    await page.keyboard.press('s');
    await waitState(page, (x) => x.iteration !== i0, 'S did nothing');
    await idle(page, 300, 2);
    s = await state(page);
    assert.equal(s.iteration, i0 + 1, 'S must take exactly one step');
    assert.equal(s.training, false);
    await page.keyboard.press('r');
    s = await waitState(page, (x) => x.iteration === 0, 'R did not reset');
    assert.equal(s.training, false);
  });
});
