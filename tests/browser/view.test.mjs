// The View menu shows and hides panels, and the open panels are laid out in a tidy grid.
//   - clicking View, then a panel's menu item, closes that panel (its rectangle is gone and it
//     is no longer in lab.openPanels()); the others are re-laid out without overlapping and still
//     fill the window
//   - "Default panels" brings back the six core panels in their places
//   - lab.showPanel() does what the menu does and rejects unknown names
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openApp, lab, frames, clickAt, overlaps, PANELS } from './helpers.mjs';

async function clickViewItem(page, item) {
  const v = await lab(page, 'controlRect', 'view');
  assert.ok(v && v.w > 0, 'lab.controlRect("view") gave no rectangle');
  await clickAt(page, v.x + v.w / 2, v.y + v.h / 2);
  await frames(page, 2);
  const r = await lab(page, 'controlRect', `view:${item}`);
  assert.ok(r && r.w > 0, `the View menu has no item ${item}`);
  await clickAt(page, r.x + r.w / 2, r.y + r.h / 2);
  await frames(page, 3);
}

async function openRects(page) {
  const out = {};
  for (const n of await lab(page, 'openPanels')) out[n] = await lab(page, 'panelRect', n);
  return out;
}

function assertTidy(rects, width, height) {
  const names = Object.keys(rects);
  let area = 0;
  for (const n of names) {
    const r = rects[n];
    assert.ok(r && r.w > 100 && r.h > 100, `${n} is missing or tiny: ${JSON.stringify(r)}`);
    assert.ok(r.x >= -0.5 && r.y >= -0.5 && r.x + r.w <= width + 0.5 && r.y + r.h <= height + 0.5, `${n} leaves the window`);
    area += r.w * r.h;
  }
  for (let i = 0; i < names.length; ++i)
    for (let j = i + 1; j < names.length; ++j) {
      const s = (r) => ({ x: r.x + 0.5, y: r.y + 0.5, w: r.w - 1, h: r.h - 1 });
      assert.ok(!overlaps(s(rects[names[i]]), s(rects[names[j]])), `${names[i]} overlaps ${names[j]}`);
    }
  assert.ok(area / (width * height) > 0.8, `open panels cover only ${(100 * area / (width * height)).toFixed(0)}%`);
}

describe('View menu', () => {
  let app;
  before(async () => { app = await openApp({ width: 1280, height: 800 }); });
  after(async () => { if (app) await app.close(); });

  test('the six core panels are open by default', async () => {
    assert.deepEqual([...(await lab(app.page, 'openPanels'))].sort(), [...PANELS].sort());
  });

  test('closing a panel from the menu re-lays out the others', async () => {
    const { page } = app;
    await clickViewItem(page, 'weights');
    const open = await lab(page, 'openPanels');
    assert.ok(!open.includes('weights'), `weights still open: ${open}`);
    assert.equal(open.length, PANELS.length - 1);
    assert.equal(await lab(page, 'panelRect', 'weights'), null);
    assertTidy(await openRects(page), 1280, 800);
  });

  test('Default panels restores the six', async () => {
    const { page } = app;
    await clickViewItem(page, 'default');
    assert.deepEqual([...(await lab(page, 'openPanels'))].sort(), [...PANELS].sort());
    assertTidy(await openRects(page), 1280, 800);
  });

  test('lab.showPanel opens and closes, and rejects unknown names', async () => {
    const { page } = app;
    assert.equal(await lab(page, 'showPanel', 'data', false), '');
    await frames(page, 3);
    assert.ok(!(await lab(page, 'openPanels')).includes('data'));
    assert.equal(await lab(page, 'showPanel', 'data', true), '');
    await frames(page, 3);
    assert.ok((await lab(page, 'openPanels')).includes('data'));
    assert.match(await lab(page, 'showPanel', 'nonsense', true), /unknown panel/);
    assert.equal(app.pageErrors.length, 0, app.pageErrors.join('\n'));
  });
});
