// Issue 20, section 3: "It learns your handwriting" (My digits), through the real UI:
//   - a digit the trained default network misreads (found here, drawn with real mouse moves: the
//     first of a few narrow, italic styles that it reads wrong) is corrected five times with the
//     Sketch panel's "Wrong? It was a ..." buttons (mouse clicks); "Train with my digits" (a click
//     in the Data panel) trains with them; the same strokes, drawn again, are read right
//   - a reload keeps them (localStorage); a stored value that does not read is set aside with a
//     notice, nothing lost
//   - Export (the Data panel's button: a download) -> clear -> Import (its file picker) restores them
//   - bad files (API and file picker) change nothing and say why
//   - by touch (1024x768, CDP touch events): a finger-drawn digit corrected with a tap joins My
//     digits (the Data panel turns to its My digits tab); a tap on it in the strip shows it large;
//     Delete removes it
// Screenshots of the Sketch and Data panels at 1280x800 and 1024x768 in artifacts/.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  openApp, lab, state, frames, argmax, ensureArtifacts, drawStrokes, tapAt, clickAt, rectOf, pollUntil,
  scrolledIntoView, waitForReady,
} from './helpers.mjs';

// Narrow digits written in italics: their 8x8 image is a slanted column, which the default network
// may take for a 1. Each is a polyline of a few long moves (pad units, y down).
function narrowItalic(points, w = 0.4, slant = 0.4) {
  return points.map((s) => s.map(([x, y]) => [+(0.5 + (x - 0.5) * w + slant * (0.5 - y)).toFixed(4), y]));
}
const CANDIDATES = [
  { label: 2, strokes: narrowItalic([[[0.3, 0.3], [0.5, 0.15], [0.7, 0.3], [0.3, 0.85], [0.72, 0.85]]]) },
  { label: 7, strokes: narrowItalic([[[0.3, 0.15], [0.7, 0.15], [0.45, 0.88]]]) },
  { label: 4, strokes: narrowItalic([[[0.35, 0.1], [0.3, 0.6], [0.75, 0.6]], [[0.62, 0.3], [0.62, 0.9]]]) },
];
// The k-th redrawing of the same digit: every point a little off (a hand never draws twice alike).
const redrawn = (strokes, k) => strokes.map((s, i) => s.map(([x, y], j) => [
  +(x + 0.012 * (((i + j * 3 + k * 5) % 5) - 2)).toFixed(4),
  +(y + 0.012 * (((i * 2 + j + k * 3) % 5) - 2)).toFixed(4),
]));

const reading = async (page) => argmax(await lab(page, 'predict', await lab(page, 'sketch.pixels')));

async function drawAndRead(page, strokes, touch = false) {
  await lab(page, 'sketch.clear');
  await frames(page, 2);
  const pad = await lab(page, 'sketch.rect');
  assert.ok(pad && pad.w > 40, `sketch.rect() = ${JSON.stringify(pad)}`);
  await drawStrokes(page, pad, strokes, { touch });
  return reading(page);
}

async function press(page, name, touch = false) {
  const r = await scrolledIntoView(page, name);
  if (touch) await tapAt(page, r.x + r.w / 2, r.y + r.h / 2);
  else await clickAt(page, r.x + r.w / 2, r.y + r.h / 2);
}

async function shootPanels(page, tag) {
  const dir = ensureArtifacts();
  for (const name of ['sketch', 'data']) {
    const r = await lab(page, 'panelRect', name);
    assert.ok(r && r.w > 0, `no ${name} panel`);
    await page.screenshot({ path: path.join(dir, `mydigits-${name}-${tag}.png`),
      clip: { x: r.x, y: r.y, width: r.w, height: r.h } });
  }
  await page.screenshot({ path: path.join(dir, `mydigits-page-${tag}.png`) });
}

const trainedAndStopped = (page) => pollUntil(() => state(page), (s) => s.stopped && !s.training,
  { timeoutMs: 120000, intervalMs: 500 });

describe('My digits with the mouse (1280x800)', () => {
  let app, page, tmp;
  let found = null;   // the candidate the default network misread
  before(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bpl-mydigits-'));
    app = await openApp({ width: 1280, height: 800 });
    page = app.page;
    assert.deepEqual(await lab(page, 'myDigits.list'), [], 'a fresh profile has no digits');
    const r = await trainedAndStopped(page);   // the default network, trained as the page trains it
    assert.ok(r.ok, `the default network did not finish training: ${JSON.stringify(r.value)}`);
  });
  after(async () => {
    await app?.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  test('a misread digit, corrected five times with "Wrong? It was a ...", is read right after training with them', async (t) => {
    const misreads = [];
    for (const c of CANDIDATES) {
      const got = await drawAndRead(page, c.strokes);
      if (got !== c.label) { found = c; misreads.push(got); break; }
    }
    assert.ok(found, 'the default network read every candidate style right: nothing to correct');
    const wrongAs = misreads[0];
    t.diagnostic(`misread before: a ${found.label} drawn narrow and italic, read as ${wrongAs}`);
    const cfg0 = (await state(page)).config;
    assert.equal(cfg0.my_digits, false);
    const testAcc0 = (await state(page)).test_accuracy;

    // The first correction: the sketch on the pad, its label the button clicked.
    await press(page, `sketch:wrong${found.label}`);
    let list = await lab(page, 'myDigits.list');
    assert.equal(list.length, 1, 'the click did not add the sketch');
    assert.equal(list[0].label, found.label);
    assert.equal(list[0].strokes.length, found.strokes.length, 'not the sketch\'s strokes');
    await shootPanels(page, '1280x800');
    // Four more redrawings, each corrected the same way.
    for (let k = 1; k < 5; ++k) {
      await drawAndRead(page, redrawn(found.strokes, k));
      await press(page, `sketch:wrong${found.label}`);
    }
    list = await lab(page, 'myDigits.list');
    assert.equal(list.length, 5, `five corrections, ${list.length} digits`);
    assert.ok(list.every((d) => d.label === found.label));

    // "Train with my digits" (a click on the checkbox): a fresh start that fits them.
    await press(page, 'data:my_train');
    const s1 = await state(page);
    assert.equal(s1.config.my_digits, true, 'the checkbox did not set my_digits');
    assert.equal(s1.training, true, 'training did not start');
    const r = await trainedAndStopped(page);
    assert.ok(r.ok, 'training with my digits did not finish');
    // The same strokes, drawn again.
    const after = await drawAndRead(page, found.strokes);
    t.diagnostic(`after training with 5 corrections: read as ${after}; test accuracy ${testAcc0} -> ${r.value.test_accuracy}`);
    assert.equal(after, found.label,
      `a ${found.label} read as ${wrongAs} before, as ${after} after training with five corrections`);
    // The UCI test score did not suffer (My digits are never in the test set).
    const testAcc1 = r.value.test_accuracy;
    if (testAcc0 != null && testAcc1 != null) assert.ok(testAcc1 > testAcc0 - 0.015, `test ${testAcc0} -> ${testAcc1}`);
    await shootPanels(page, '1280x800-trained');
  });

  test('a reload keeps them', async () => {
    const before = await lab(page, 'myDigits.list');
    assert.equal(before.length, 5);
    await page.reload({ waitUntil: 'load' });
    await waitForReady(page, 30000);
    assert.deepEqual(await lab(page, 'myDigits.list'), before);
    assert.equal((await state(page)).last_error, '');
  });

  test('Export (download) -> clear -> Import (file picker) restores them', async () => {
    const before = await lab(page, 'myDigits.list');
    await press(page, 'data:tab_my');   // the Data panel's My digits tab (a reload opens on the UCI digits)
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 10000 }),
      press(page, 'data:my_export'),
    ]);
    assert.equal(download.suggestedFilename(), 'my-digits.json');
    const file = path.join(tmp, 'my-digits.json');
    await download.saveAs(file);
    const text = fs.readFileSync(file, 'utf8');
    assert.equal(text, await lab(page, 'myDigits.export'));
    assert.equal(JSON.parse(text).digits.length, 5);
    await lab(page, 'myDigits.clear');
    assert.deepEqual(await lab(page, 'myDigits.list'), []);
    const [chooser] = await Promise.all([
      page.waitForEvent('filechooser', { timeout: 10000 }),
      press(page, 'data:my_import'),
    ]);
    await chooser.setFiles(file);
    const r = await pollUntil(() => lab(page, 'myDigits.list'), (l) => l.length === 5, { timeoutMs: 10000 });
    assert.ok(r.ok, 'the picked file was not imported');
    assert.deepEqual(r.value, before);
    assert.match((await state(page)).last_notice, /5 added/);
    // The same file again adds nothing (duplicates dropped); through the API too.
    assert.equal(await lab(page, 'myDigits.import', text), '');
    assert.deepEqual(await lab(page, 'myDigits.list'), before);
    // A classmate's file merges.
    const other = JSON.stringify({ digits: [{ label: 3, strokes: [[[0.3, 0.2], [0.7, 0.3], [0.4, 0.5], [0.7, 0.7], [0.3, 0.85]]] }] });
    assert.equal(await lab(page, 'myDigits.import', other), '');
    assert.equal((await lab(page, 'myDigits.list')).length, 6);
    await lab(page, 'myDigits.import', text);
    assert.equal((await lab(page, 'myDigits.list')).length, 6);
  });

  test('a bad file changes nothing and says why', async () => {
    const before = await lab(page, 'myDigits.export');
    await press(page, 'data:tab_my');
    const bad = [
      ['not JSON', 'not json at all', /not valid JSON/],
      ['a model file', JSON.stringify({ format: 'backprop-lab-model' }), /digits/],
      ['a bad label', JSON.stringify({ digits: [{ label: 3, strokes: [[[0.1, 0.1], [0.5, 0.5]]] },
        { label: 12, strokes: [[[0.1, 0.1]]] }] }), /digit 1.*label/],
      ['a bad point', JSON.stringify({ digits: [{ label: 3, strokes: [[[0.1, 'x']]] }] }), /point/],
    ];
    for (const [kind, text, why] of bad) {
      const err = await lab(page, 'myDigits.import', text);
      assert.match(err, why, `${kind}: ${err}`);
      assert.equal(await lab(page, 'myDigits.export'), before, `${kind} changed My digits`);
    }
    // Through the file picker: the message is shown in the page.
    const file = path.join(tmp, 'broken.json');
    fs.writeFileSync(file, '{"digits": [');
    const [chooser] = await Promise.all([page.waitForEvent('filechooser', { timeout: 10000 }), press(page, 'data:my_import')]);
    await chooser.setFiles(file);
    const r = await pollUntil(() => state(page), (s) => s.last_error.includes('broken.json'), { timeoutMs: 10000 });
    assert.ok(r.ok, `no message in the page: ${JSON.stringify(r.value.last_error)}`);
    assert.equal(await lab(page, 'myDigits.export'), before);
    // Add refuses bad digits too.
    assert.match(await lab(page, 'myDigits.add', { label: 10, strokes: [[[0.5, 0.1], [0.5, 0.9]]] }), /label/);
    assert.match(await lab(page, 'myDigits.add', { label: 1, strokes: [] }), /strokes/);
    assert.equal(await lab(page, 'myDigits.export'), before);
  });

  test('a stored value that does not read is set aside with a notice; nothing is lost', async () => {
    await page.evaluate(() => localStorage.setItem('bpl.my_digits', '{"digits": [{"label": 99'));
    await page.reload({ waitUntil: 'load' });
    await waitForReady(page, 30000);
    assert.deepEqual(await lab(page, 'myDigits.list'), []);
    assert.match((await state(page)).last_error, /My digits kept in this browser could not be read/);
    assert.equal(await page.evaluate(() => localStorage.getItem('bpl.my_digits.unread')), '{"digits": [{"label": 99');
    // The page works on: a digit added now is kept.
    assert.equal(await lab(page, 'myDigits.add', { label: 1, strokes: [[[0.5, 0.1], [0.5, 0.9]]] }), '');
    await frames(page, 2);
    const kept = JSON.parse(await page.evaluate(() => localStorage.getItem('bpl.my_digits')));
    assert.equal(kept.digits.length, 1);
    assert.equal(app.pageErrors.length, 0, app.pageErrors.join('\n'));
  });
});

describe('My digits by touch (1024x768)', () => {
  let app, page;
  before(async () => {
    app = await openApp({ width: 1024, height: 768, hasTouch: true });
    page = app.page;
    await lab(page, 'train', false);   // a paused network keeps frames cheap
    await frames(page, 2);
  });
  after(async () => { await app?.close(); });

  test('a finger-drawn digit corrected with a tap joins My digits; a tap shows it large; Delete removes it', async () => {
    const seven = [[[0.25, 0.2], [0.5, 0.2], [0.75, 0.2]], [[0.75, 0.2], [0.62, 0.45], [0.5, 0.68], [0.42, 0.85]]];
    await drawAndRead(page, seven, true);
    await press(page, 'sketch:wrong7', true);
    const list = await lab(page, 'myDigits.list');
    assert.equal(list.length, 1, 'the tap did not add the sketch');
    assert.equal(list[0].label, 7);
    assert.equal(list[0].strokes.length, 2);
    await press(page, 'data:my0', true);
    const del = await rectOf(page, 'data:my_delete');   // the large view's Delete
    assert.ok(del.w > 0);
    await shootPanels(page, '1024x768');
    await press(page, 'data:my_delete', true);
    assert.deepEqual(await lab(page, 'myDigits.list'), []);
    await frames(page, 2);
    await shootPanels(page, '1024x768-empty');
  });
});
