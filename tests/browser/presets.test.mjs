// Presets through window.lab: the page opens with the "reader" preset, the notebook's network
// is one call (one click in the Network panel) away, any change shows "custom", bad names are
// refused without changing anything.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openApp, lab, state } from './helpers.mjs';

describe('presets', () => {
  let app, page;
  before(async () => { app = await openApp(); page = app.page; });
  after(async () => { await app?.close(); });

  test('the page opens with the reader preset (augmented, Adam)', async () => {
    const s = await state(page);
    assert.equal(s.preset, 'reader');
    assert.equal(s.config.optimizer, 'adam');
    assert.equal(s.config.augment, true);
    assert.equal(typeof s.config.augmentation, 'object');
    assert.ok(s.config.augmentation.copies >= 1);
  });

  test("lab.preset('notebook') gives the notebook's 64-25-10 sigmoid network, lambda 1, CG", async () => {
    await lab(page, 'train', false);   // so the iteration count stays where the preset put it
    assert.equal(await lab(page, 'preset', 'notebook'), '');
    const s = await state(page);
    assert.equal(s.preset, 'notebook');
    assert.deepEqual(s.config.hidden, [25]);
    assert.equal(s.config.activation, 'sigmoid');
    assert.equal(s.config.output, 'sigmoid');
    assert.equal(s.config.lambda, 1);
    assert.equal(s.config.optimizer, 'cg');
    assert.equal(s.config.augment, false);
    assert.equal(s.iteration, 0, 'a new preset starts from fresh weights');
  });

  test('changing any setting shows custom; choosing the preset again shows its name', async () => {
    assert.equal(await lab(page, 'setConfig', { lambda: 2 }), '');
    assert.equal((await state(page)).preset, 'custom');
    assert.equal(await lab(page, 'setConfig', { preset: 'notebook' }), '');
    assert.equal((await state(page)).preset, 'notebook');
    assert.equal(await lab(page, 'setConfig', { augmentation: { rotation: 5 } }), '');
    assert.equal((await state(page)).preset, 'custom');
    assert.equal(await lab(page, 'setConfig', { preset: 'reader' }), '');
    assert.equal((await state(page)).preset, 'reader');
  });

  test('an unknown preset is refused with the known names, nothing changes', async () => {
    const before = await state(page);
    const err = await lab(page, 'preset', 'best');
    assert.match(err, /preset/);
    assert.match(err, /notebook/);
    const after = await state(page);
    assert.equal(after.preset, before.preset);
    assert.deepEqual(after.config, before.config);
  });

  test('no errors in the page', () => {
    assert.deepEqual(app.pageErrors, []);
    assert.deepEqual(app.consoleErrors, []);
  });
});
