// A trained network is never lost by one tap (issue 17): Reset, a new network (layers, seed,
// a preset...) or an imported model sets the trained one aside, the toolbar shows Undo (the
// phone layout's More menu "Undo: bring back the trained network"), the live region says so,
// and Undo brings the network back whole: its settings, weights, curves and iteration.
//   - desktop 1280x800, with the mouse: Reset, then Undo
//   - lab.setConfig with new layers, lab.undo(); a second lab.undo() says there is nothing
//   - phone 390x844, touch only: Reset and Undo from the More menu
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openApp, lab, state, frames, clickAt, tapAt, rectOf, pollUntil } from './helpers.mjs';

// Trains until `iterations`, then pauses: a network worth keeping.
async function trainedPaused(page, iterations) {
  await lab(page, 'train', true);
  await pollUntil(() => state(page), (s) => s.iteration >= iterations, { timeoutMs: 60000, intervalMs: 250 });
  await lab(page, 'train', false);
  await frames(page, 2);
  return state(page);
}

// What identifies a network: its iteration, curve and weights (through its outputs on a digit).
async function fingerprint(page) {
  const s = await state(page);
  const probe = Array.from({ length: 64 }, (_, i) => (i * 7) % 17);
  return { iteration: s.iteration, val_accuracy: s.val_accuracy, hidden: s.config.hidden,
    outputs: await lab(page, 'predict', probe) };
}

const heard = (page, pred) => pollUntil(() => lab(page, 'announcements'), (log) => log.some((m) => pred(m.text)),
  { timeoutMs: 8000 });

describe('Undo brings back a trained network (desktop 1280x800, mouse)', () => {
  let app, page;
  before(async () => {
    app = await openApp({ width: 1280, height: 800 });
    page = app.page;
  });
  after(async () => { await app?.close(); });

  test('no Undo before anything is set aside', async () => {
    const s = await state(page);
    assert.equal(s.set_aside, null);
    assert.equal(await lab(page, 'controlRect', 'undo'), null);
    assert.match(await lab(page, 'undo'), /no trained network/);
  });

  test('Reset (a real click) keeps the trained network; Undo (a real click) brings it back', async () => {
    await trainedPaused(page, 8);
    const before = await fingerprint(page);
    const reset = await rectOf(page, 'reset');
    await clickAt(page, reset.x + reset.w / 2, reset.y + reset.h / 2);
    const after = await state(page);
    assert.equal(after.iteration, 0, 'Reset did not start a new network');
    assert.match(after.set_aside || '', new RegExp(`after ${before.iteration} iterations`));
    await heard(page, (t) => /network is kept: Undo brings it back/.test(t));
    const undo = await rectOf(page, 'undo');
    await clickAt(page, undo.x + undo.w / 2, undo.y + undo.h / 2);
    assert.deepEqual(await fingerprint(page), before);
    const s = await state(page);
    assert.equal(s.set_aside, null);
    assert.equal(s.training, false);
    assert.equal(await lab(page, 'controlRect', 'undo'), null, 'Undo is still shown with nothing to undo');
  });

  test('new layers (lab.setConfig) keep it too; lab.undo() restores the layers and the weights', async () => {
    const before = await fingerprint(page);
    assert.equal(await lab(page, 'setConfig', { hidden: [17] }), '');
    const s = await state(page);
    assert.deepEqual(s.config.hidden, [17]);
    assert.equal(s.iteration, 0);
    assert.ok(s.set_aside, 'nothing set aside');
    // A setting that keeps the weights sets nothing aside of its own: the kept one stays.
    assert.equal(await lab(page, 'setConfig', { lambda: 0.2 }), '');
    assert.equal((await state(page)).set_aside, s.set_aside);
    assert.equal(await lab(page, 'undo'), '');
    assert.deepEqual(await fingerprint(page), before);
    assert.match(await lab(page, 'undo'), /no trained network/, 'one level of undo');
  });

  test('no console or page errors', () => { assert.deepEqual([...app.consoleErrors, ...app.pageErrors], []); });
});

describe('Undo in the phone layout (390x844, touch only)', () => {
  let app, page;
  before(async () => {
    app = await openApp({ width: 390, height: 844, hasTouch: true });
    page = app.page;
  });
  after(async () => { await app?.close(); });

  const tap = async (name) => {
    const r = await rectOf(page, name);
    await tapAt(page, r.x + r.w / 2, r.y + r.h / 2);
  };

  test('More > Reset, then More > Undo: the trained network is back', async () => {
    await trainedPaused(page, 6);
    const before = await fingerprint(page);
    await tap('more');
    await tap('more:reset');
    assert.equal((await state(page)).iteration, 0);
    await tap('more');
    await tap('more:undo');
    assert.deepEqual(await fingerprint(page), before);
    assert.equal((await state(page)).set_aside, null);
  });

  test('no console or page errors', () => { assert.deepEqual([...app.consoleErrors, ...app.pageErrors], []); });
});
