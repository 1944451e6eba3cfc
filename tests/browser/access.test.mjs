// Keyboard reach and help without hover (issue 10, "Touch and access"), at 1280x800:
//   - keyboard only (N: next panel, arrows, Space, as the "?" list says; in ImGui 1.86 Tab only
//     visits text and number fields, the arrows reach every control): the toolbar's
//     Train/Pause is reached and pressed (training toggles once per Space: the Space shortcut
//     does not also fire while the keyboard focus shows), and the Network panel's preset combo is
//     opened and a preset chosen
//   - the keyboard focus ring is drawn thick (a quarter of a font height, not ImGui's 2 px)
//   - keys typed into a field reached with Tab are not shortcuts (P, Space, S, R); after Escape they are
//   - the Backprop stepper's arrow keys still step with the mouse over its panel (keyboard
//     navigation does not take them while no focus ring shows)
//   - a click on a "(?)" help marker pins its text: it stays when the mouse moves away
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { openApp, lab, state, frames, clickAt, ensureArtifacts, rectOf, pngInfo } from './helpers.mjs';

async function key(page, k) {
  await page.keyboard.press(k);
  await frames(page, 3);
}

const inside = (r, p) => r && p && r.x >= p.x - 1 && r.y >= p.y - 1 && r.x + r.w <= p.x + p.w + 1 && r.y + r.h <= p.y + p.h + 1;
const same = (a, b) => a && b && Math.abs(a.x - b.x) <= 2 && Math.abs(a.y - b.y) <= 2 && Math.abs(a.w - b.w) <= 2;

// Presses N until the keyboard focus is in the window `panel` (a lab.panelRect name).
async function focusPanel(page, panel) {
  for (let i = 0; i < 12; ++i) {
    await key(page, 'n');
    const f = await lab(page, 'keyboardFocus');
    if (inside(f, await lab(page, 'panelRect', panel))) return f;
  }
  assert.fail(`N never gave the keyboard focus to ${panel}`);
}

// Presses `k` (ArrowRight, ArrowDown, ...) until the keyboard focus is on control `name`.
async function focusControl(page, name, k, max = 12) {
  for (let i = 0; i < max; ++i) {
    const f = await lab(page, 'keyboardFocus');
    if (same(f, await lab(page, 'controlRect', name))) return f;
    await key(page, k);
  }
  assert.fail(`${k} never reached ${name} (focus at ${JSON.stringify(await lab(page, 'keyboardFocus'))})`);
}

describe('keyboard only', () => {
  let app, page;
  before(async () => {
    app = await openApp({ width: 1280, height: 800 });
    page = app.page;
    await lab(page, 'train', false);   // setup: start paused
    await frames(page, 2);
  });
  after(async () => { await app?.close(); });

  test('Train/Pause is reached with N and the arrows and pressed with Space', async () => {
    assert.equal(await lab(page, 'keyboardFocus'), null, 'a focus ring shows before any key');
    await focusPanel(page, 'toolbar');
    await key(page, 'ArrowRight');   // away from Train (N focused the toolbar's first control) ...
    const f = await focusControl(page, 'train', 'ArrowLeft');   // ... and back
    assert.equal((await state(page)).training, false);
    await key(page, ' ');
    const s1 = await state(page);
    assert.equal(s1.training, true, 'Space on the focused Train button did not start training (once): ' +
      JSON.stringify({ focus: await lab(page, 'keyboardFocus'), train: await lab(page, 'controlRect', 'train'), iteration: s1.iteration, stopped: s1.stopped }));
    await key(page, ' ');
    assert.equal((await state(page)).training, false, 'Space again did not pause');
    // The ring left of the button: at least 3 solid px in the focus colour (a quarter of the 15 px
    // font, anti-aliased edges not counted; ImGui's own ring is 2 px).
    const y = Math.round(f.y + f.h / 2);
    const clip = { x: Math.max(0, Math.round(f.x - 14)), y, width: 14, height: 1 };
    const png = await page.screenshot({ clip });
    const row = (await pngInfo(page, png, [0])).rows[0];
    const ring = row.filter(([r, g, b]) => Math.hypot(r - 10, g - 60, b - 160) < 70).length;
    assert.ok(ring >= 3, `focus ring ${ring} px thick left of Train: ${JSON.stringify(row)}`);
    await page.screenshot({ path: path.join(ensureArtifacts(), 'access-keyboard-focus.png') });
  });

  test('a control inside a panel: the Network preset combo, opened and set by keys', async () => {
    assert.equal((await state(page)).preset, 'reader');
    await focusPanel(page, 'network');
    await focusControl(page, 'network:preset', 'ArrowDown');
    await key(page, ' ');   // opens the combo
    await focusControl(page, 'network:preset:notebook', 'ArrowDown', 6);
    await key(page, ' ');
    assert.equal((await state(page)).preset, 'notebook', 'the preset chosen by keys was not applied');
  });

  test('the Backprop stepper keeps its arrow keys while no focus ring shows', async () => {
    assert.equal(await lab(page, 'showPanel', 'backprop', true), '');
    await frames(page, 3);
    assert.equal(await lab(page, 'backprop.select', { index: 5 }), '');
    const p = await lab(page, 'panelRect', 'backprop');
    // A click on the panel (its blank lower part) hides the ring, as any mouse use does.
    await clickAt(page, p.x + p.w / 2, p.y + p.h - 20);
    assert.equal(await lab(page, 'keyboardFocus'), null);
    const first = (await lab(page, 'backprop.position')).step;
    for (let k = 1; k <= 3; ++k) {
      await key(page, 'ArrowRight');
      assert.equal((await lab(page, 'backprop.position')).step, first + k, `ArrowRight press ${k}`);
      assert.equal(await lab(page, 'keyboardFocus'), null, 'the arrow also started keyboard navigation');
    }
    await key(page, 'ArrowLeft');
    assert.equal((await lab(page, 'backprop.position')).step, first + 2);
  });

  test('keys typed into a text field (reached with Tab) are not shortcuts', async () => {
    assert.equal(await lab(page, 'showPanel', 'backprop', false), '');
    assert.equal(await lab(page, 'showPanel', 'sweep', true), '');   // setup: a panel with fields at its top level
    await frames(page, 3);
    await focusPanel(page, 'sweep');
    await key(page, 'Tab');   // the panel's first text/number field, ready for typing
    const s0 = await state(page);
    for (const k of ['p', 'P', ' ', 's', 'r']) await key(page, k);
    const s1 = await state(page);
    assert.equal(s1.view.presenter, false, 'P typed into a field toggled presenter mode');
    assert.equal(s1.training, s0.training, 'Space typed into a field toggled training');
    assert.equal(s1.iteration, s0.iteration, 'S or R typed into a field stepped or reset');
    await key(page, 'Escape');   // leave the field: the shortcuts are back
    await key(page, 'p');
    assert.equal((await state(page)).view.presenter, true, 'P after Escape did not toggle presenter mode');
    await key(page, 'p');
    assert.equal((await state(page)).view.presenter, false);
  });

  test('no errors in the page', () => {
    assert.deepEqual(app.pageErrors, []);
    assert.deepEqual(app.consoleErrors, []);
  });
});

describe('help without hover (mouse)', () => {
  let app, page;
  before(async () => {
    app = await openApp({ width: 1280, height: 800 });
    page = app.page;
    await lab(page, 'train', false);
    await frames(page, 2);
  });
  after(async () => { await app?.close(); });

  test('a click on a help marker pins its text; it stays when the mouse leaves', async () => {
    const r = await rectOf(page, 'network:help:layers');
    await page.mouse.move(r.x + r.w / 2, r.y + r.h / 2);
    await frames(page, 2);
    let h = await lab(page, 'help');
    assert.ok(h && !h.pinned && /hidden layer learns/.test(h.text), `hover shows no tooltip: ${JSON.stringify(h)}`);
    await clickAt(page, r.x + r.w / 2, r.y + r.h / 2);
    const sketch = await lab(page, 'panelRect', 'sketch');
    await page.mouse.move(sketch.x + 10, sketch.y + sketch.h - 10);   // far away, over nothing with help
    await frames(page, 3);
    h = await lab(page, 'help');
    assert.ok(h && h.pinned, `the help did not stay after the mouse left: ${JSON.stringify(h)}`);
    assert.match(h.text, /Each hidden layer learns features/);
    await page.screenshot({ path: path.join(ensureArtifacts(), 'access-help-pinned.png') });
    // A second click on the marker closes it.
    await clickAt(page, r.x + r.w / 2, r.y + r.h / 2);
    await page.mouse.move(sketch.x + 10, sketch.y + sketch.h - 10);
    await frames(page, 3);
    h = await lab(page, 'help');
    assert.ok(!h || !h.pinned, `a second click did not close it: ${JSON.stringify(h)}`);
  });

  test('the toolbar "?" opens the keyboard list on a click', async () => {
    const r = await rectOf(page, 'help:shortcuts');
    await clickAt(page, r.x + r.w / 2, r.y + r.h / 2);
    await page.mouse.move(r.x - 300, r.y + 300);
    await frames(page, 3);
    const h = await lab(page, 'help');
    assert.ok(h && h.pinned, JSON.stringify(h));
    assert.match(h.text, /Tab/);
    assert.match(h.text, /Space/);
  });

  test('no errors in the page', () => {
    assert.deepEqual(app.pageErrors, []);
    assert.deepEqual(app.consoleErrors, []);
  });
});
