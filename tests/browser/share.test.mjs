// Share by link and presenter mode (issue 10).
//   - a link made by one page (lab.shareLink and the Share popup's Copy button) opened in a fresh
//     page restores the config exactly (64-bit seeds included), the open panels and the selected
//     example; after a reset both pages hold the same initial weights (same predictions)
//   - tampered fragments never break the page: the good parts apply, a visible notice names the
//     bad ones (a real navigation to a tampered link, and many kinds through hashchange)
//   - presenter mode (P key) at 1920x1080 with the UI scale at 200% (View menu slider): only the
//     presented panels, inside the window, not overlapping; screenshot saved
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { openApp, lab, frames, clickAt, overlaps, state, ensureArtifacts, waitForReady } from './helpers.mjs';

const PIXELS = Array.from({ length: 64 }, (_, i) => (i * 7) % 17);

async function clickControl(page, name) {
  const r = await lab(page, 'controlRect', name);
  assert.ok(r && r.w > 0, `no control ${name}`);
  await clickAt(page, r.x + r.w / 2, r.y + r.h / 2);
  return r;
}

describe('share links', () => {
  let app;
  before(async () => { app = await openApp({ width: 1280, height: 800 }); });
  after(async () => { if (app) await app.close(); });

  test('a link restores config, seeds, panels and example in a fresh page', async () => {
    const { page } = app;
    const cfg = {
      hidden: [20, 12], activation: 'tanh', lambda: 0.5, optimizer: 'adam', learning_rate: 0.002,
      seed: '18446744073709551557', split_seed: '9007199254740993', shuffle_seed: '12345678901234567890',
    };
    assert.equal(await lab(page, 'setConfig', cfg), '');
    assert.equal(await lab(page, 'showPanel', 'weights', false), '');
    assert.equal(await lab(page, 'applyLink', '#example=17'), '');
    await frames(page, 2);
    const a = await state(page);
    assert.equal(a.config.seed, '18446744073709551557');
    assert.equal(a.config.split_seed, '9007199254740993');
    assert.equal(a.input.index, 17);
    const link = await lab(page, 'shareLink');
    assert.ok(link.startsWith(app.origin + '/#v=1&'), link);

    // The Copy button puts the link in the address bar (the clipboard may be refused headless).
    await clickControl(page, 'share');
    await frames(page, 2);
    await clickControl(page, 'share:copy');
    await frames(page, 2);
    assert.equal(page.url(), link);
    await clickAt(page, 640, 400);   // a click elsewhere closes the popup

    const page2 = await page.context().newPage();
    try {
      await page2.goto(link);
      await waitForReady(page2);
      await frames(page2, 2);
      const b = await state(page2);
      assert.deepEqual(b.config, a.config);
      assert.deepEqual(await lab(page2, 'openPanels'), await lab(page, 'openPanels'));
      assert.ok(!(await lab(page2, 'openPanels')).includes('weights'));
      assert.equal(b.input && b.input.index, 17);
      assert.equal(b.last_error, '', `unexpected notice: ${b.last_error}`);
      // Same split and seed: after a reset both pages hold the same initial weights.
      for (const p of [page, page2]) { await lab(p, 'train', false); await lab(p, 'reset'); }
      assert.deepEqual(await lab(page2, 'predict', PIXELS), await lab(page, 'predict', PIXELS));
    } finally {
      await page2.close();
    }
  });

  test('tampered fragments fall back part by part with a visible notice', async () => {
    const { page } = app;
    const kinds = [
      ['seed=12abc', 'seed'], ['seed=18446744073709551616', 'seed'], ['hidden=abc', 'hidden'],
      ['hidden=5000', 'hidden'], ['activation=banana', 'activation'], ['lambda=-1', 'lambda'],
      ['lambda=nan', 'lambda'], ['bogus=1', 'bogus'], ['justtext', 'justtext'], ['lambda=%zz', '%'],
      ['panels=nonsense', 'nonsense'], ['example=999999', 'example'], ['v=7', 'version'],
    ];
    for (const [part, named] of kinds) {
      const notice = await lab(page, 'applyLink', `#max_iterations=321&${part}&patience=9`);
      assert.ok(notice.includes(named), `${part}: notice "${notice}" does not name ${named}`);
      const s = await state(page);
      assert.ok(s.last_error.includes(named), `${part}: the page does not show the notice (${s.last_error})`);
      assert.equal(s.config.max_iterations, 321, part);
      assert.equal(s.config.patience, 9, part);
    }
    const long = await lab(page, 'applyLink', '#' + 'a'.repeat(20000));
    assert.match(long, /too long/);
    assert.equal(app.pageErrors.length, 0, app.pageErrors.join('\n'));
  });

  test('a real navigation to a tampered link loads, applies the good parts and shows the notice', async () => {
    const page2 = await app.page.context().newPage();
    const errors = [];
    page2.on('pageerror', (e) => errors.push(String(e)));
    try {
      await page2.goto(app.origin + '/#hidden=30&seed=abc&panels=data,nonsense&example=-4');
      await waitForReady(page2);
      await frames(page2, 3);
      const s = await state(page2);
      assert.deepEqual(s.config.hidden, [30]);
      assert.equal(s.config.seed, '1');
      for (const w of ['seed', 'nonsense', 'example']) assert.ok(s.last_error.includes(w), `${w} not in "${s.last_error}"`);
      assert.deepEqual(await lab(page2, 'openPanels'), ['data']);
      assert.ok(s.iteration > 0 || s.training, 'the page does not train');
      assert.deepEqual(errors, []);
    } finally {
      await page2.close();
    }
  });
});

describe('presenter mode', () => {
  let app;
  before(async () => { app = await openApp({ width: 1920, height: 1080 }); });
  after(async () => { if (app) await app.close(); });

  test('P shows the presented panels large, 200% via the View menu, legible and tidy', async () => {
    const { page } = app;
    const before = await lab(page, 'panelRect', 'toolbar');
    await page.mouse.move(960, 600);
    await page.keyboard.press('p');
    await frames(page, 3);
    let s = await state(page);
    assert.equal(s.view.presenter, true);
    assert.deepEqual(await lab(page, 'openPanels'), ['training', 'sketch']);
    // The UI scale slider: a click at its right end sets 200%.
    await clickControl(page, 'view');
    await frames(page, 2);
    const sl = await lab(page, 'controlRect', 'view:scale');
    await clickAt(page, sl.x + sl.w - 3, sl.y + sl.h / 2);
    await frames(page, 3);
    const menuAfter = await lab(page, 'controlRect', 'view:scale');
    assert.ok(menuAfter.x + menuAfter.w <= 1920, `the grown menu leaves the window: ${JSON.stringify(menuAfter)}`);
    const tbNow = await lab(page, 'panelRect', 'toolbar');
    await clickAt(page, 960, tbNow.y + tbNow.h / 2);   // a click elsewhere closes the menu
    await frames(page, 3);
    s = await state(page);
    assert.equal(s.view.ui_scale, 2);
    const tb = await lab(page, 'panelRect', 'toolbar');
    assert.ok(tb.h >= 1.8 * before.h, `toolbar ${tb.h}px high vs ${before.h}px at 100%`);
    const r1 = await lab(page, 'panelRect', 'training'), r2 = await lab(page, 'panelRect', 'sketch');
    for (const r of [r1, r2]) {
      assert.ok(r.w > 500 && r.h > 600, `presented panel too small: ${JSON.stringify(r)}`);
      assert.ok(r.x >= 0 && r.y >= tb.y + tb.h - 1 && r.x + r.w <= 1920.5 && r.y + r.h <= 1080.5);
    }
    assert.ok(!overlaps(r1, { ...r2, x: r2.x + 1, w: r2.w - 2 }), 'presented panels overlap');
    assert.equal(await lab(page, 'panelRect', 'network'), null, 'non-presented panels are hidden');
    await page.screenshot({ path: path.join(ensureArtifacts(), 'presenter-1920x1080-200.png') });
    // Leaving presenter mode brings the working layout back.
    await clickControl(page, 'presenter');
    await frames(page, 3);
    s = await state(page);
    assert.equal(s.view.presenter, false);
    assert.equal((await lab(page, 'openPanels')).length, 6);
  });
});
