// The shared focus, driven through the real UI: clicking an image in the Data panel focuses it
// (and makes it the current input the Decision panel shows); clicking a weight tile in the
// Weights panel focuses that first-layer unit; clicking the same unit's activation cell in the
// Decision panel unfocuses it. Checked through lab.state().focus; a screenshot of the linked
// panels lands in artifacts/.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { openApp, lab, state, frames, clickAt, pollUntil, ensureArtifacts } from './helpers.mjs';

async function clickNamed(page, name) {
  const r = await lab(page, 'controlRect', name);
  assert.ok(r && r.w > 0 && r.h > 0, `control ${name} has no rectangle: ${JSON.stringify(r)}`);
  await clickAt(page, r.x + r.w / 2, r.y + r.h / 2);
}

async function waitFocus(page, pred, what) {
  const r = await pollUntil(() => state(page), (s) => pred(s.focus, s), { timeoutMs: 5000, intervalMs: 100 });
  assert.ok(r.ok, `${what}; focus: ${JSON.stringify(r.value.focus)}`);
  return r.value;
}

describe('shared focus (mouse)', () => {
  let app, page;
  before(async () => { app = await openApp(); page = app.page; await lab(page, 'train', false); await frames(page, 3); });
  after(async () => { await app?.close(); });

  test('nothing is focused at first', async () => {
    const s = await state(page);
    assert.deepEqual(s.focus, { example: -1, layer: -1, unit: -1 });
  });

  test('clicking a Data image focuses it and makes it the input', async () => {
    await clickNamed(page, 'data:image');
    const s = await waitFocus(page, (f) => f.example >= 0, 'the click did not focus an image');
    assert.ok(s.input && s.input.source === 'dataset', `input: ${JSON.stringify(s.input)}`);
    assert.equal(s.input.index, s.focus.example);
  });

  test('clicking a weight tile focuses the unit; clicking its activation in the Decision panel unfocuses it', async () => {
    await clickNamed(page, 'weights:tile');
    await waitFocus(page, (f) => f.layer === 1 && f.unit === 0, 'the tile click did not focus hidden unit 1');
    await page.mouse.move(2, 2);
    await frames(page, 3);
    fs.writeFileSync(path.join(ensureArtifacts(), 'focus.png'), await page.screenshot());
    await clickNamed(page, 'decision:unit0');
    const s = await waitFocus(page, (f) => f.unit === -1 && f.layer === -1, 'clicking the focused unit did not unfocus it');
    assert.ok(s.focus.example >= 0, 'unfocusing the unit lost the focused image');
    await clickNamed(page, 'decision:unit0');
    await waitFocus(page, (f) => f.layer === 1 && f.unit === 0, 'clicking the activation did not focus the unit');
    assert.deepEqual(app.pageErrors, []);
    assert.deepEqual(app.consoleErrors, []);
  });
});
