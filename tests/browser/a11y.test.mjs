// Screen readers (issue 18), at 1280x800:
//   - the polite live region says that training started and paused, and how a clicked dataset
//     image was read ("Image N read as D, P% sure; next: ..."), matching lab.state().input
//   - the Lessons panel is real text and controls in the DOM: the accessibility tree (CDP
//     Accessibility.getFullAXTree) has the lesson's heading, its question and its choices as radio
//     buttons with their text; a lesson is started, answered and revealed with the keyboard alone
//     (Tab, Space, arrows, Enter on DOM controls), the app's LessonProgress follows, Space typed
//     there is not the app's train/pause shortcut, and the verdict is announced
//   - with prefers-reduced-motion: reduce, the Backprop stepper's Play does not autoplay (and
//     without it, the same click does)
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { openApp, lab, state, frames, pollUntil, clickAt, ensureArtifacts } from './helpers.mjs';

async function announced(page, pred, what) {
  return pollUntil(() => lab(page, 'announcements'), (log) => log.some((m) => pred(m.text)),
    { timeoutMs: 8000 }).catch(() => lab(page, 'announcements').then((log) =>
    assert.fail(`never announced ${what}; the live region said: ${JSON.stringify(log.map((m) => m.text))}`)));
}

async function axNodes(page) {
  const cdp = await page.context().newCDPSession(page);
  const { nodes } = await cdp.send('Accessibility.getFullAXTree');
  await cdp.detach();
  return nodes.filter((n) => !n.ignored).map((n) => ({ role: n.role?.value, name: n.name?.value || '' }));
}

// The AX nodes with `role` under the element `selector` (CDP Accessibility.queryAXTree).
async function axQuery(page, selector, role) {
  const cdp = await page.context().newCDPSession(page);
  const { result } = await cdp.send('Runtime.evaluate', { expression: `document.querySelector(${JSON.stringify(selector)})` });
  const { nodes } = await cdp.send('Accessibility.queryAXTree', { objectId: result.objectId, role });
  await cdp.detach();
  return nodes.filter((n) => !n.ignored).map((n) => ({ role: n.role?.value, name: n.name?.value || '' }));
}

describe('screen readers', () => {
  let app, page;
  before(async () => {
    app = await openApp({ width: 1280, height: 800 });
    page = app.page;
  });
  after(async () => { await app?.close(); });

  test('the live region is polite and says training started, then paused', async () => {
    const region = await page.$eval('#announce', (e) => ({ live: e.getAttribute('aria-live'), role: e.getAttribute('role') }));
    assert.deepEqual(region, { live: 'polite', role: 'status' });
    await announced(page, (t) => t === 'Training started', '"Training started"');
    await lab(page, 'train', false);
    await announced(page, (t) => t.startsWith('Training paused') || t.startsWith('Training stopped'), 'the pause');
    const region2 = (await pollUntil(() => page.$eval('#announce', (e) => e.textContent), (t) => t !== '')).value;
    assert.match(region2, /Training (paused|stopped)|Image|read as|Epoch/, 'the region holds the last message');
  });

  test('a clicked dataset image is read out as the Decision panel reads it', async () => {
    const r = await lab(page, 'controlRect', 'data:image');
    assert.ok(r && r.w > 0, 'the Data panel shows an image');
    await clickAt(page, r.x + r.w / 2, r.y + r.h / 2);
    await frames(page, 2);
    const input = (await state(page)).input;
    assert.equal(input.source, 'dataset');
    const c = input.candidates;
    const pct = (p) => Math.round(100 * p) + '%';
    const expected = input.unsure
      ? `Image ${input.index}: not sure, ${c[0].digit} (${pct(c[0].p)})`
      : `Image ${input.index} read as ${c[0].digit}, ${pct(c[0].p)} sure; next: ${c[1].digit}`;
    await announced(page, (t) => t.startsWith(expected), JSON.stringify(expected));
  });

  test('the figures of the open panels have text alternatives', async () => {
    await lab(page, 'train', true);   // a few epochs on the curves (a slow machine may have none yet)
    await pollUntil(() => state(page), (st) => st.history_points >= 3, { timeoutMs: 60000 });
    await lab(page, 'train', false);
    const tile = await lab(page, 'controlRect', 'weights:tile');
    assert.ok(tile && tile.w > 0, 'the Weights panel shows a tile');
    await clickAt(page, tile.x + tile.w / 2, tile.y + tile.h / 2);   // focus that unit
    await frames(page, 2);
    const text = async (panel) => page.$eval(`#figures section[data-panel=${panel}]`, (e) => e.textContent);
    const curves = (await pollUntil(() => text('training'), (t) => t.includes('Learning curves'))).value;
    const s = await state(page);
    assert.match(curves, /Training loss fell from [\d.]+ to [\d.]+ in \d+ epochs/);
    assert.ok(curves.includes(`validation ${(100 * s.val_accuracy).toFixed(1)}%`), curves);
    const unit = (await pollUntil(() => text('weights'), (t) => t.includes('Hidden unit'))).value;
    assert.match(unit, new RegExp(`Hidden unit ${s.focus.unit} of layer 1: Weights from -[\\d.]+ to \\+[\\d.]+\\.`));
    // The Decision panel: the confusion matrix as a table whose counts add up to the test set.
    const f = await lab(page, 'figures');
    const total = f.confusion.flat().reduce((a, b) => a + b, 0);
    const correct = f.confusion.reduce((a, row, i) => a + row[i], 0);
    assert.ok(total > 100, `the confusion matrix counts the test images (${total})`);
    assert.ok(Math.abs(correct / total - s.test_accuracy) < 1e-9, 'its diagonal is the test accuracy');
    const ax = await axNodes(page);
    assert.ok(ax.some((n) => n.role === 'table' && n.name.startsWith('Test confusion matrix')), 'a named table');
    assert.ok(ax.some((n) => n.role === 'rowheader' && n.name === 'true 9'));
    assert.ok(ax.some((n) => n.role === 'table' && n.name.startsWith('The current input: 8x8')));
    assert.match(await text('decision'), new RegExp(`Output layer: Reads ${s.input.predicted} with probability`));
    // A closed panel's figures are not in the tree.
    await lab(page, 'showPanel', 'weights', false);
    await pollUntil(() => page.$eval('#figures section[data-panel=weights]', (e) => e.hidden), (h) => h === true);
    await lab(page, 'showPanel', 'weights', true);
  });

  test('the Backprop stepper\'s step is text: its title, its formula and its numbers as a table', async () => {
    await lab(page, 'showPanel', 'backprop', true);
    assert.equal(await lab(page, 'backprop.select', { index: 5 }), '');
    const text = () => page.$eval('#figures section[data-panel=backprop]', (e) => (e.hidden ? '' : e.textContent));
    // Forward to the output layer's delta, then one more step: the hidden layer's delta.
    let pos = await lab(page, 'backprop.position');
    for (let i = 0; i < 20 && pos.name !== 'delta2'; ++i) pos = await lab(page, 'backprop.step', 1);
    assert.equal(pos.name, 'delta2');
    const t = await lab(page, 'backprop.trace');
    const said = (await pollUntil(text, (x) => x.includes(pos.title), { timeoutMs: 5000 })).value;
    assert.ok(said.includes(`Step ${pos.step + 1} of ${pos.steps}`), said);
    assert.ok(said.includes('Formula: ' + pos.formula), said);
    assert.ok(said.includes(`image 5, label ${t.label}`), said);
    // The table: one row per digit, the value the trace holds.
    const rows = await page.$$eval('#figures section[data-panel=backprop] table tr', (trs) =>
      trs.slice(1).map((tr) => [tr.querySelector('th').textContent, tr.querySelector('td:last-child').textContent]));
    assert.deepEqual(rows, t.layers[1].delta.map((v, d) => [`digit ${d}`, v.toFixed(4)]));
    const ax = await axNodes(page);
    assert.ok(ax.some((n) => n.role === 'table' && n.name.startsWith('Layer 2: delta')), 'a named table');
    // A step on: the hidden layer's delta, per unit.
    pos = await lab(page, 'backprop.step', 1);
    assert.equal(pos.name, 'delta1');
    const hidden = await pollUntil(text, (x) => x.includes(pos.title) && x.includes('unit 1'), { timeoutMs: 5000 });
    assert.ok(hidden.ok, `the hidden layer's delta is not said: ${hidden.value}`);
    await lab(page, 'showPanel', 'backprop', false);
    const closed = await pollUntil(() => page.$eval('#figures section[data-panel=backprop]', (e) => e.hidden), (h) => h === true);
    assert.ok(closed.ok, 'a closed stepper\'s text stays in the tree');
  });

  test('a lesson is text in the accessibility tree and is taken with the keyboard alone', async () => {
    assert.equal(await lab(page, 'showPanel', 'lessons', true), '');
    await frames(page, 2);
    await page.waitForSelector('#lesson-text button', { state: 'attached' });
    let ax = await axNodes(page);
    const starts = ax.filter((n) => n.role === 'button' && n.name.startsWith('Start '));
    assert.ok(starts.length >= 9, `a Start button per lesson in the AX tree (${starts.length})`);

    // Keyboard only: focus lands on the layer's first control with Tab from the page itself.
    await page.evaluate(() => document.activeElement && document.activeElement.blur());
    await page.focus('#lesson-text button');   // the first lesson's Start button
    const trainingBefore = (await state(page)).training;
    await page.keyboard.press('Enter');
    await pollUntil(() => state(page), (s) => s.lesson && s.lesson.id === 'data');
    const step = (await lab(page, 'lessons.state')).lesson;
    await pollUntil(() => page.$eval('#lesson-text', (e) => e.textContent), (t) => t.includes(step.question.prompt));

    ax = await axNodes(page);
    assert.ok(ax.some((n) => n.role === 'heading' && n.name === step.title), 'the lesson title is a heading');
    assert.ok(ax.some((n) => n.role === 'StaticText' && n.name.includes(step.text.slice(0, 40))), 'the step text is text');
    // The lesson text's radio buttons (the page also mirrors the canvas' own radio buttons, web/mirror.js).
    const radios = await axQuery(page, '#lesson-text', 'radio');
    assert.deepEqual(radios.map((n) => n.name), step.question.choices, 'each choice is a radio button named by its text');
    assert.ok(ax.some((n) => n.role === 'group' && n.name.includes(step.question.prompt)), 'the question names the group');

    // Tab to the radio group, Space picks the first choice, ArrowDown the second.
    await page.focus('#lesson-text input[type=radio]');
    await page.keyboard.press('Space');
    await pollUntil(() => state(page), (s) => s.lesson.chosen === 0);
    await page.keyboard.press('ArrowDown');
    await pollUntil(() => state(page), (s) => s.lesson.chosen === 1);
    assert.equal((await state(page)).training, trainingBefore, 'Space in the lesson text is not the train/pause key');
    await page.keyboard.press('Tab');   // on to "Reveal the answer"
    assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Reveal the answer');
    await page.keyboard.press('Enter');
    await pollUntil(() => state(page), (s) => s.lesson.revealed === true);
    const revealed = (await lab(page, 'lessons.state')).lesson.question;
    await pollUntil(() => page.$eval('#lesson-text', (e) => e.textContent), (t) => t.includes(revealed.explanation));
    await announced(page, (t) => (revealed.right ? t === 'Right.' : t.startsWith('Not quite')), 'the verdict');

    // While a control in it has the focus, the text is shown over the Lessons panel.
    const box = await page.$eval('#lesson-text', (e) => { const r = e.getBoundingClientRect(); return { x: r.x, y: r.y, w: r.width, h: r.height }; });
    const panel = await lab(page, 'panelRect', 'lessons');
    assert.ok(box.w > 200 && box.h > 100, `the focused text layer is visible (${JSON.stringify(box)})`);
    assert.ok(Math.abs(box.x - panel.x) <= 2 && Math.abs(box.y - panel.y) <= 2, 'over the Lessons panel');
    ensureArtifacts();
    await page.screenshot({ path: path.join('artifacts', 'a11y-lesson-text.png') });

    // A refused move says why and changes nothing: a new choice after the reveal.
    assert.match(await lab(page, 'lessons.act', { do: 'choose', choice: 0 }), /already revealed/);
    assert.equal((await state(page)).lesson.chosen, 1);
    assert.deepEqual(app.pageErrors, []);
    assert.deepEqual(app.consoleErrors, []);
  });
});

// Clicks the stepper's Play and says whether it stepped by itself within 2.5 s.
async function playSteps(page) {
  await openPanelByLab(page, 'backprop');
  const before = await lab(page, 'backprop.position');
  const play = await lab(page, 'controlRect', 'backprop:play');
  assert.ok(play && play.w > 0, 'the stepper shows Play');
  await clickAt(page, play.x + play.w / 2, play.y + play.h / 2);
  await new Promise((r) => setTimeout(r, 2500));
  await frames(page, 2);
  const after = await lab(page, 'backprop.position');
  return { before, after };
}

async function openPanelByLab(page, name) {
  assert.equal(await lab(page, 'showPanel', name, true), '');
  await frames(page, 3);
}

describe('reduced motion', () => {
  test('with prefers-reduced-motion: reduce, Play in the stepper does not autoplay', async () => {
    const app = await openApp({ width: 1280, height: 800, reducedMotion: 'reduce' });
    try {
      await lab(app.page, 'train', false);
      assert.equal((await state(app.page)).view.reduced_motion, true);
      const { before, after } = await playSteps(app.page);
      assert.equal(after.playing, false);
      assert.equal(after.step, before.step, 'no step was taken by itself');
    } finally { await app.close(); }
  });

  test('without it, the same click plays (the test can fail)', async () => {
    const app = await openApp({ width: 1280, height: 800 });
    try {
      await lab(app.page, 'train', false);
      assert.equal((await state(app.page)).view.reduced_motion, false);
      const { before, after } = await playSteps(app.page);
      assert.ok(after.step > before.step, `Play stepped by itself (${before.step} -> ${after.step})`);
    } finally { await app.close(); }
  });
});
