// Sliders, number fields and combos as HTML, and axe-core with every panel open (issue 18), at
// 1280x800:
//   - the Network panel's learning rate is a slider in the accessibility tree (CDP), named by its
//     visible label, with aria-valuenow equal to the app's config and its range; Batch size is a
//     spinbutton; the Optimizer combo a combobox whose name says the current choice
//   - keyboard only: Tab reaches the learning rate; ArrowUp raises the app's value (lab.state) and
//     the AX tree's valuenow follows; typing a number and Enter sets it exactly; a bad value (not a
//     number, out of range) is announced in the live region and changes nothing; Escape restores
//   - an item scrolled out of view (Batch size) is in the Tab order (lab.controls({hidden: true}));
//     Tab onto it scrolls its panel so it shows (lab.reveal), the element moves over it
//   - help texts are text: a "(?)" marker's and the Train button's tooltip are their descriptions
//     in the AX tree (lab.controls() help)
//   - lab.setControl refuses what is not a shown slider/input, and sets Batch size exactly
//   - every shown interactive item of the open panels (lab.controls(); the Lessons panel has its
//     own text layer) has a mirror element, and every slider/drag/input reports its value
//   - axe-core (rules as in a11y2.test.mjs: helpers.mjs) finds no WCAG 2.x A/AA violation with each
//     panel of the View menu open, three at a time, with a combo's list open, and with the View menu
//     open (the UI scale slider)
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { openApp, lab, state, frames, pollUntil, axeViolations, axNodes, mirrorReady, ensureArtifacts, ARTIFACTS } from './helpers.mjs';

const LR = 'network:learning_rate';
const near = (a, b) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
// The AX tree's value of a range (Chrome keeps valuenow as a float): equal to 6 digits.
const axNear = (n, v) => !!n && Math.abs(Number(n.value) - v) <= 1e-6 * Math.max(Math.abs(v), 1e-12);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const focusedName = (page) => page.evaluate(() => document.activeElement?.dataset?.name || null);
const axOf = async (page, role, name) => (await axNodes(page)).find((n) => n.role === role && n.name === name);
// The shown interactive items of the open panels (but Lessons) that have no mirror element (polled:
// the mirror refreshes 4 times a second), and the sliders/fields that report no value.
async function unmirrored(page) {
  const r = await pollUntil(async () => {
    await sleep(300);
    const controls = (await lab(page, 'controls')).filter((c) => c.panel !== 'lessons');
    const mirrored = new Set(await page.$$eval('#mirror [data-name]', (es) => es.map((e) => e.dataset.name)));
    const fields = controls.filter((c) => ['slider', 'drag', 'input'].includes(c.kind));
    return { n: controls.length, missing: controls.filter((c) => !mirrored.has(c.name)).map((c) => `${c.name} (${c.kind})`),
             fields: fields.length, valueless: fields.filter((c) => !('value' in c)).map((c) => c.name) };
  }, (x) => x.missing.length === 0, { timeoutMs: 6000, intervalMs: 100 });
  return r.value;
}
const heard = (page, re) => pollUntil(() => lab(page, 'announcements'), (log) => log.some((m) => re.test(m.text)), { timeoutMs: 5000 });

describe('sliders and fields as HTML; axe-core with every panel open', () => {
  let app, page;
  before(async () => {
    app = await openApp({ width: 1280, height: 800 });
    page = app.page;
    await mirrorReady(page);
    await lab(page, 'train', false);
    assert.equal(await lab(page, 'press', 'network:tab:optimizer'), '');
    const r = await pollUntil(() => page.$(`#mirror [data-name="${LR}"]`), (e) => !!e, { timeoutMs: 8000 });
    assert.ok(r.ok, 'the learning rate slider was never mirrored');
  });
  after(async () => { await app?.close(); });

  test('the learning rate is a slider in the AX tree: its label, the app\'s value, its range', async () => {
    const s = await state(page);
    assert.equal(s.config.optimizer, 'adam', 'the default preset trains with Adam (a learning rate is shown)');
    const c = (await lab(page, 'controls')).find((x) => x.name === LR);
    assert.equal(c.kind, 'slider');
    assert.equal(c.label, 'Learning rate');
    assert.ok(near(c.value, s.config.learning_rate), `controls() value ${c.value} vs config ${s.config.learning_rate}`);
    assert.equal(c.log, true);
    const ax = await axOf(page, 'slider', 'Learning rate');
    assert.ok(ax, 'no slider named "Learning rate" in the accessibility tree');
    assert.ok(axNear(ax, s.config.learning_rate), `valuenow ${ax.value}, config ${s.config.learning_rate}`);
    assert.ok(axNear({ value: ax.props.valuemin }, c.min) && axNear({ value: ax.props.valuemax }, c.max), `range ${ax.props.valuemin}..${ax.props.valuemax}`);
    assert.equal(ax.props.valuetext, '0.01', 'the text the slider shows');
    const opt = (await axNodes(page)).find((n) => n.role === 'combobox' && /^Optimizer: /.test(n.name));
    assert.ok(opt, 'no combobox named "Optimizer: <choice>"');
    assert.match(opt.name, /Adam/);
    assert.equal(opt.props.expanded, false);
  });

  test('keyboard only: Tab to the learning rate, ArrowUp raises it, the AX tree follows', async () => {
    await page.evaluate(() => document.activeElement && document.activeElement.blur());
    await page.mouse.move(2, 790);
    let tabs = 0;
    while ((await focusedName(page)) !== LR && tabs < 200) { await page.keyboard.press('Tab'); ++tabs; }
    assert.equal(await focusedName(page), LR, `${tabs} Tabs never reached the learning rate`);
    const before = (await state(page)).config.learning_rate;
    await page.keyboard.press('ArrowUp');
    const up = await pollUntil(() => state(page), (s) => s.config.learning_rate > before, { timeoutMs: 5000 });
    assert.ok(up.ok, `ArrowUp left the learning rate at ${up.value.config.learning_rate}`);
    const now = up.value.config.learning_rate;
    assert.ok(now < before * 1.5, `one step went from ${before} to ${now}`);
    const ax = await pollUntil(() => axOf(page, 'slider', 'Learning rate'), (n) => axNear(n, now), { timeoutMs: 5000 });
    assert.ok(ax.ok, `the AX valuenow ${ax.value?.value} did not follow the app's ${now}`);
    assert.equal(await focusedName(page), LR, 'the focus stayed on the slider');
    // Screenshot: the focus outline on the slider (looked at by hand).
    ensureArtifacts();
    await page.screenshot({ path: path.join(ARTIFACTS, 'a11y3_slider_focus.png') });
    await page.keyboard.press('ArrowDown');
    const down = await pollUntil(() => state(page), (s) => s.config.learning_rate < now, { timeoutMs: 5000 });
    assert.ok(down.ok, 'ArrowDown did not lower it');
  });

  test('typing a value and Enter sets it exactly; a bad value is announced and changes nothing', async () => {
    await page.focus(`#mirror [data-name="${LR}"]`);
    await page.keyboard.press('Control+A');
    await page.keyboard.type('0.0042');
    await page.keyboard.press('Enter');
    const set = await pollUntil(() => state(page), (s) => s.config.learning_rate === 0.0042, { timeoutMs: 5000 });
    assert.ok(set.ok, `Enter set ${set.value.config.learning_rate}, not 0.0042`);
    const ax = await pollUntil(() => axOf(page, 'slider', 'Learning rate'), (n) => axNear(n, 0.0042), { timeoutMs: 5000 });
    assert.ok(ax.ok, `AX valuenow ${ax.value?.value}`);

    for (const [typed, says] of [['fast', /takes a number; 'fast' is not one/], ['100', /takes 1e-05 to 10; 100 is out of range/]]) {
      await page.keyboard.press('Control+A');
      await page.keyboard.type(typed);
      await page.keyboard.press('Enter');
      const h = await heard(page, says);
      assert.ok(h.ok, `'${typed}' was not refused aloud: ${JSON.stringify(h.value.slice(-3))}`);
      assert.equal(await page.$eval(`#mirror [data-name="${LR}"]`, (e) => e.getAttribute('aria-invalid')), 'true');
      await frames(page, 3);
      assert.equal((await state(page)).config.learning_rate, 0.0042, `'${typed}' changed the learning rate`);
    }
    await page.keyboard.press('Escape');
    const restored = await page.$eval(`#mirror [data-name="${LR}"]`, (e) => [e.value, e.getAttribute('aria-invalid')]);
    assert.deepEqual(restored, ['0.0042', null], 'Escape restores the value');
  });

  test('Home/End go to the ends of a slider\'s range', async () => {
    const lr = (await lab(page, 'controls')).find((x) => x.name === LR);
    await page.focus(`#mirror [data-name="${LR}"]`);
    await page.keyboard.press('End');
    assert.ok((await pollUntil(() => state(page), (s) => s.config.learning_rate === lr.max, { timeoutMs: 5000 })).ok, 'End');
    await page.keyboard.press('Home');
    assert.ok((await pollUntil(() => state(page), (s) => s.config.learning_rate === lr.min, { timeoutMs: 5000 })).ok, 'Home');
    assert.equal(await lab(page, 'setControl', LR, 0.01), '');
    assert.ok((await pollUntil(() => state(page), (s) => s.config.learning_rate === 0.01, { timeoutMs: 5000 })).ok);
  });

  test('keyboard only: Tab reaches Batch size while it is scrolled out of view, and its panel scrolls to show it', async () => {
    const BS = 'network:batch_size';
    assert.ok(!(await lab(page, 'controls')).some((c) => c.name === BS), 'Batch size is in view already: the test needs it out of view');
    const hidden = (await lab(page, 'controls', { hidden: true })).find((c) => c.name === BS);
    assert.ok(hidden && hidden.hidden, 'lab.controls({hidden: true}) does not list Batch size as hidden');
    const el = await pollUntil(() => page.$(`#mirror [data-name="${BS}"][data-hidden="1"]`), (e) => !!e, { timeoutMs: 3000 });
    assert.ok(el.ok, 'Batch size (out of view) has no mirror element: Tab cannot reach it');
    // The element just before it in the Tab order gets the focus, then a real Tab.
    const before = await page.evaluate((n) => {
      const all = [...document.querySelectorAll('#mirror [data-name]')].filter((e) => e.tabIndex >= 0);
      const i = all.findIndex((e) => e.dataset.name === n);
      return i > 0 ? all[i - 1].dataset.name : null;
    }, BS);
    assert.ok(before, 'nothing before Batch size in the Tab order');
    await page.focus(`#mirror [data-name="${before}"]`);
    await frames(page, 3);
    await page.keyboard.press('Tab');
    assert.equal(await focusedName(page), BS);
    const shown = await pollUntil(async () => (await lab(page, 'controls')).find((c) => c.name === BS), (c) => !!c, { timeoutMs: 5000 });
    assert.ok(shown.ok, 'focusing Batch size did not scroll it into view');
    const panel = await lab(page, 'panelRect', 'network');
    const c = shown.value;
    assert.ok(c.y >= panel.y && c.y + c.h <= panel.y + panel.h + 0.5, `Batch size not inside its panel: ${JSON.stringify(c)} in ${JSON.stringify(panel)}`);
    const placed = await pollUntil(() => page.$eval(`#mirror [data-name="${BS}"]`, (e) => {
      const r = e.getBoundingClientRect();
      return { x: r.x, y: r.y, w: r.width, h: r.height, hidden: e.dataset.hidden || null };
    }), (r) => !r.hidden && Math.abs(r.y - c.y) < 2 && Math.abs(r.h - c.h) < 2, { timeoutMs: 3000 });
    assert.ok(placed.ok, `the focused element is not over the item: ${JSON.stringify(placed.value)} vs ${JSON.stringify(c)}`);
    assert.equal(await focusedName(page), BS, 'the focus moved');
    assert.equal(await lab(page, 'reveal', 'no:such'), "no control named 'no:such' was drawn");
  });

  test('Batch size is a spinbutton with the app\'s value; ArrowUp/Down step it by its own step', async () => {
    // Below the learning rate (the test before brought it into view): the wheel scrolls the tab's contents.
    const lr = (await lab(page, 'controls')).find((x) => x.name === LR);
    await page.mouse.move(lr.x + lr.w / 2, lr.y + lr.h / 2);
    const shown = await pollUntil(async () => {
      await page.mouse.wheel(0, 120);
      await frames(page, 3);
      return (await lab(page, 'controls')).find((x) => x.name === 'network:batch_size');
    }, (c) => !!c, { timeoutMs: 8000 });
    assert.ok(shown.ok, 'Batch size never scrolled into view');
    await page.mouse.move(2, 790);
    await pollUntil(() => page.$('#mirror [data-name="network:batch_size"]'), (e) => !!e, { timeoutMs: 3000 });
    const bs = (await state(page)).config.batch_size;
    const ax = await pollUntil(() => axOf(page, 'spinbutton', 'Batch size'), (n) => !!n, { timeoutMs: 3000 });
    assert.ok(ax.ok, 'no spinbutton named "Batch size"');
    assert.equal(Number(ax.value.value), bs);
    await page.focus('#mirror [data-name="network:batch_size"]');
    await page.keyboard.press('ArrowUp');
    assert.ok((await pollUntil(() => state(page), (s) => s.config.batch_size === bs + 1, { timeoutMs: 5000 })).ok, 'ArrowUp on Batch size');
    await page.keyboard.press('ArrowDown');
    assert.ok((await pollUntil(() => state(page), (s) => s.config.batch_size === bs, { timeoutMs: 5000 })).ok, 'ArrowDown on Batch size');
  });

  test('lab.setControl: sets a field as typing does; refuses what is not a shown slider or field', async () => {
    assert.equal(await lab(page, 'setControl', 'network:batch_size', 48), '');
    assert.ok((await pollUntil(() => state(page), (s) => s.config.batch_size === 48, { timeoutMs: 5000 })).ok);
    assert.match(await lab(page, 'setControl', 'network:batch_size', 2.5), /whole number/);
    assert.match(await lab(page, 'setControl', 'train', 1), /no slider or input field named 'train' is shown/);
    assert.match(await lab(page, 'setControl', 'no:such', 1), /no slider or input field named 'no:such'/);
    assert.match(await lab(page, 'setControl', 'gradcheck:epsilon', -4), /is shown/, 'a closed panel\'s slider');
    await frames(page, 3);
    assert.equal((await state(page)).config.batch_size, 48);
  });

  test('help texts are text: a "(?)" marker\'s and a control\'s tooltip are their descriptions in the AX tree', async () => {
    const controls = await lab(page, 'controls');
    const marker = controls.find((c) => c.kind === 'help marker' && c.help);
    assert.ok(marker, 'no help marker with its text in lab.controls()');
    const train = controls.find((c) => c.name === 'train');
    assert.ok(train && /Train the network|Pause training/.test(train.help || ''), `Train's help: ${train && train.help}`);
    const described = await pollUntil(() => axNodes(page), (nodes) =>
      nodes.some((n) => n.role === 'button' && n.name === 'Train' && n.description === train.help.replace(/\s+/g, ' ').trim()) &&
      nodes.some((n) => n.role === 'button' && /^Help/.test(n.name) && n.description === marker.help.replace(/\s+/g, ' ').trim()),
    { timeoutMs: 4000 });
    assert.ok(described.ok, 'the AX tree has no Train button and help marker described by their texts');
  });

  test('every shown interactive item of the open panels has a mirror element; every field its value', async () => {
    await lab(page, 'train', false);
    const r = await unmirrored(page);
    assert.deepEqual(r.missing, [], `not mirrored (of ${r.n})`);
    assert.ok(r.fields >= 2, `only ${r.fields} sliders/fields shown`);
    assert.deepEqual(r.valueless, [], 'sliders/fields without a value');
  });

  test('axe-core: no violation with each panel open (three at a time), a combo\'s list open, the View menu open', async () => {
    const all = await lab(page, 'panels');
    const names = all.map((p) => (typeof p === 'string' ? p : p.name));
    for (const n of ['backprop', 'gradcheck', 'knn', 'race', 'sweep', 'map']) assert.ok(names.includes(n), `no panel ${n} in ${names}`);
    const initial = await lab(page, 'openPanels');
    const failures = [];
    let fields = 0;
    for (let i = 0; i < names.length; i += 3) {
      const group = names.slice(i, i + 3);
      for (const n of await lab(page, 'openPanels')) if (!group.includes(n)) assert.equal(await lab(page, 'showPanel', n, false), '');
      for (const n of group) assert.equal(await lab(page, 'showPanel', n, true), '', n);
      assert.equal(await lab(page, 'press', 'layout'), '');
      await frames(page, 4);
      await pollUntil(() => lab(page, 'openPanels'), (o) => group.every((n) => o.includes(n)), { timeoutMs: 5000 });
      await sleep(600);   // the mirror and the text layers refresh
      const m = await unmirrored(page);
      if (m.missing.length || m.valueless.length) failures.push(`panels ${group.join(', ')}: not mirrored ${m.missing}; no value: ${m.valueless}`);
      fields += m.fields;
      const v = await axeViolations(page);
      if (v.length) failures.push(`panels ${group.join(', ')}:\n  ${v.join('\n  ')}`);
    }
    assert.ok(fields >= 10, `only ${fields} sliders/fields in all the panels`);
    // A combo's list open (its items are menu options), and the View menu with its UI scale slider.
    for (const n of await lab(page, 'openPanels')) await lab(page, 'showPanel', n, false);
    for (const n of initial) await lab(page, 'showPanel', n, true);
    assert.equal(await lab(page, 'press', 'layout'), '');
    await frames(page, 4);
    assert.equal(await lab(page, 'press', 'network:preset'), '');
    await frames(page, 3);
    await sleep(600);
    assert.ok((await lab(page, 'controls')).some((c) => c.name.startsWith('network:preset:')), 'the preset list did not open');
    let v = await axeViolations(page);
    if (v.length) failures.push(`the preset combo open:\n  ${v.join('\n  ')}`);
    await page.evaluate(() => document.activeElement && document.activeElement.blur());
    await page.keyboard.press('Escape');   // on the page: ImGui closes the list
    const closed = await pollUntil(() => lab(page, 'controls'), (cs) => !cs.some((c) => c.name.startsWith('network:preset:')), { timeoutMs: 5000 });
    assert.ok(closed.ok, 'Escape did not close the preset list');
    assert.equal(await lab(page, 'press', 'view'), '');
    await frames(page, 3);
    await sleep(600);
    const scale = (await lab(page, 'controls')).find((c) => c.panel === 'toolbar' && /:ui_scale$/.test(c.name));
    assert.ok(scale && scale.kind === 'slider' && scale.value === 100, `the UI scale slider: ${JSON.stringify(scale)}`);
    assert.ok((await axNodes(page)).some((n) => n.role === 'slider' && n.name === 'ui scale' && n.props.valuetext === '100%'), 'the UI scale slider in the AX tree, its text as shown');
    v = await axeViolations(page);
    if (v.length) failures.push(`the View menu open:\n  ${v.join('\n  ')}`);
    await page.evaluate(() => document.activeElement && document.activeElement.blur());
    await page.keyboard.press('Escape');
    assert.deepEqual(failures, [], failures.join('\n'));
  });

  test('no console or page errors', () => {
    assert.deepEqual(app.consoleErrors, []);
    assert.deepEqual(app.pageErrors, []);
  });
});
