// lab.controls(): every interactive item of the last frame, from the item registry
// (src/ui/item_registry.*, Dear ImGui's item hooks), with its visible rectangle in CSS pixels.
//   - at 1280x800 with the default panels every control lies inside the viewport and inside its
//     panel, no two overlap, the names are unique and the kinds are the documented ones
//   - the toolbar's Train, Step, Reset and View and the Network panel's sliders are listed
//   - a real click at the centre of the `train` control toggles training
//   - a control scrolled out of its panel's view is left out (lab.controlRect still finds it)
//   - lab.controlRect answers the names the other tests use from the same registry
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openApp, lab, frames, clickAt, overlaps, state } from './helpers.mjs';

const KINDS = ['button', 'checkbox', 'radio', 'slider', 'drag', 'input', 'combo', 'tab', 'menu item', 'menu',
  'help marker', 'selectable', 'header', 'image'];
const W = 1280, H = 800;

// A rectangle shrunk by half a pixel: touching edges are not an overlap.
const inner = (r) => ({ x: r.x + 0.5, y: r.y + 0.5, w: r.w - 1, h: r.h - 1 });
const inside = (r, box) => r.x >= box.x - 0.5 && r.y >= box.y - 0.5 && r.x + r.w <= box.x + box.w + 0.5 &&
  r.y + r.h <= box.y + box.h + 0.5;

describe('lab.controls()', () => {
  let app;
  before(async () => {
    app = await openApp({ width: W, height: H });
    await app.page.mouse.move(W - 2, H - 2);   // no hover, no tooltip window over the panels
    await lab(app.page, 'train', false);
    await frames(app.page, 3);
  });
  after(async () => { if (app) await app.close(); });

  test('every control lies in the viewport and in its panel, none overlap, names are unique', async () => {
    const { page } = app;
    const controls = await lab(page, 'controls');
    const open = await lab(page, 'openPanels');
    assert.ok(controls.length > 40, `only ${controls.length} controls`);
    const names = new Set();
    const panels = {};
    for (const c of controls) {
      assert.ok(!names.has(c.name), `the name ${c.name} is listed twice`);
      names.add(c.name);
      assert.ok(KINDS.includes(c.kind), `${c.name}: kind ${c.kind}`);
      assert.ok(c.w > 0 && c.h > 0, `${c.name}: empty rectangle ${JSON.stringify(c)}`);
      assert.ok(inside(c, { x: 0, y: 0, w: W, h: H }), `${c.name} leaves the viewport: ${JSON.stringify(c)}`);
      assert.ok(c.panel === 'toolbar' || open.includes(c.panel), `${c.name}: panel ${c.panel} is not open`);
      panels[c.panel] ??= await lab(page, 'panelRect', c.panel);
      assert.ok(inside(c, panels[c.panel]), `${c.name} leaves its panel ${c.panel}: ${JSON.stringify(c)} ${JSON.stringify(panels[c.panel])}`);
    }
    for (const p of open) assert.ok(controls.some((c) => c.panel === p), `no control in the open panel ${p}`);
    for (let i = 0; i < controls.length; ++i)
      for (let j = i + 1; j < controls.length; ++j)
        assert.ok(!overlaps(inner(controls[i]), inner(controls[j])),
          `${controls[i].name} ${JSON.stringify(controls[i])} overlaps ${controls[j].name} ${JSON.stringify(controls[j])}`);
  });

  test('the toolbar buttons and the Network panel\'s settings are listed by name and kind', async () => {
    const controls = await lab(app.page, 'controls');
    const byName = Object.fromEntries(controls.map((c) => [c.name, c]));
    for (const n of ['train', 'step', 'reset', 'view']) {
      assert.ok(byName[n], `no ${n} in ${controls.map((c) => c.name).join(' ')}`);
      assert.equal(byName[n].kind, 'button');
      assert.equal(byName[n].panel, 'toolbar');
    }
    assert.equal(byName['network:preset']?.kind, 'combo');
    assert.equal(byName['network:tab:model']?.kind, 'tab');
    const net = controls.filter((c) => c.panel === 'network');
    const kinds = new Set(net.map((c) => c.kind));
    for (const k of ['tab', 'combo', 'input', 'help marker'])
      assert.ok(kinds.has(k), `the Network panel lists no ${k}: ${net.map((c) => `${c.name}=${c.kind}`).join(' ')}`);
    assert.ok(controls.some((c) => c.panel === 'data' && c.kind === 'image'), 'no digit thumbnail in the Data panel');
    // The same rectangle through lab.controlRect, which the other tests click.
    const r = await lab(app.page, 'controlRect', 'train');
    assert.ok(Math.abs(r.x - byName.train.x) < 0.5 && Math.abs(r.w - byName.train.w) < 0.5);
  });

  test('a real click at the centre of the train control toggles training', async () => {
    const { page } = app;
    const before = (await state(page)).training;
    const t = (await lab(page, 'controls')).find((c) => c.name === 'train');
    await clickAt(page, t.x + t.w / 2, t.y + t.h / 2);
    assert.equal((await state(page)).training, !before);
    const t2 = (await lab(page, 'controls')).find((c) => c.name === 'train');
    await clickAt(page, t2.x + t2.w / 2, t2.y + t2.h / 2);
    assert.equal((await state(page)).training, before);
    await page.mouse.move(W - 2, H - 2);
  });

  test('a control scrolled out of view is left out', async () => {
    const { page } = app;
    const panel = await lab(page, 'panelRect', 'network');
    const before = (await lab(page, 'controls')).filter((c) => c.panel === 'network');
    const field = before.find((c) => c.name === 'network:add_hidden_layer');
    assert.ok(field, before.map((c) => c.name).join(' '));
    await page.mouse.move(field.x + field.w + 20, field.y + field.h / 2);   // over the settings' scroll region
    // The wheel's direction is another issue's (17): scroll whichever way moves the region.
    let after = [], gone = [], dy = 240;
    try {
      for (const d of [240, -240]) {
        dy = d;
        for (let i = 0; i < 3; ++i) {
          await page.mouse.wheel(0, d);
          await frames(page, 3);
        }
        after = await lab(page, 'controls');
        const names = new Set(after.map((c) => c.name));
        gone = before.filter((c) => !names.has(c.name));
        if (gone.length > 0) break;
      }
      assert.ok(gone.length > 0, 'scrolling the Network panel\'s settings hid no control');
      for (const c of gone) {
        const r = await lab(page, 'controlRect', c.name);   // still drawn, above the region's view
        assert.ok(r && r.y < c.y, `${c.name}: ${JSON.stringify(r)} was ${JSON.stringify(c)}`);
      }
      for (const c of after.filter((a) => a.panel === 'network')) assert.ok(inside(c, panel), `${c.name} leaves the Network panel`);
    } finally {
      for (let i = 0; i < 4; ++i) await page.mouse.wheel(0, -dy);   // back to the top
      await frames(page, 3);
      await page.mouse.move(W - 2, H - 2);
      await frames(page, 2);
    }
  });

  test('a Network panel slider is listed once its section is open', async () => {
    const { page } = app;
    let controls = await lab(page, 'controls');
    const tab = controls.find((c) => c.name === 'network:tab:augment');
    assert.ok(tab, 'no Augment section tab');
    await clickAt(page, tab.x + tab.w / 2, tab.y + tab.h / 2);
    await page.mouse.move(W - 2, H - 2);
    await frames(page, 3);
    controls = await lab(page, 'controls');
    const sliders = controls.filter((c) => c.panel === 'network' && c.kind === 'slider');
    assert.ok(sliders.length >= 1, `no slider: ${controls.filter((c) => c.panel === 'network').map((c) => `${c.name}=${c.kind}`).join(' ')}`);
    for (const c of sliders) assert.ok(c.w > 40, `${c.name} is narrow: ${JSON.stringify(c)}`);
    const model = controls.find((c) => c.name === 'network:tab:model');
    await clickAt(page, model.x + model.w / 2, model.y + model.h / 2);
    await page.mouse.move(W - 2, H - 2);
    await frames(page, 3);
  });

  test('lab.controlRect answers the names the other tests click, from the registry', async () => {
    const { page } = app;
    for (const n of ['train', 'step', 'reset', 'view', 'network:preset', 'network:tab:model', 'network:help:layers', 'data:image'])
      assert.ok((await lab(page, 'controlRect', n))?.w > 0, `no controlRect ${n}`);
    assert.equal(await lab(page, 'controlRect', 'gradcheck:run'), null);   // its panel is closed
    assert.equal(await lab(page, 'showPanel', 'gradcheck'), '');
    await frames(page, 3);
    for (const n of ['gradcheck:run', 'gradcheck:mistake', 'gradcheck:epsilon', 'gradcheck:lambda', 'gradcheck:by_sample',
      'gradcheck:by_layer', 'gradcheck:how'])
      assert.ok((await lab(page, 'controlRect', n))?.w > 0, `no controlRect ${n}`);
    const kinds = Object.fromEntries((await lab(page, 'controls')).map((c) => [c.name, c.kind]));
    for (const [n, k] of [['gradcheck:mistake', 'combo'], ['gradcheck:epsilon', 'slider'], ['gradcheck:lambda', 'checkbox'],
      ['gradcheck:by_sample', 'radio'], ['gradcheck:how', 'header'], ['gradcheck:run', 'button']])
      if (kinds[n]) assert.equal(kinds[n], k, n);   // (listed when in view)
    assert.equal(await lab(page, 'showPanel', 'gradcheck', false), '');
  });
});
