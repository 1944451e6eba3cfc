// Typing into ImGui fields through the text agent (web/text_agent.js, src/platform/text_agent.cpp):
//   - touch only, 1024x768 (hasTouch; CDP Input.dispatchTouchEvent): a tap on the learning-rate
//     slider focuses a real <input inputmode="decimal"> (the on-screen keyboard's trigger); what is
//     typed there (0.057, Backspace) with Enter sets the learning rate, exactly once per key;
//     Escape cancels; in a number box (Batch size) text inserted with no key events (as a phone's
//     keyboard does) and leaving the <input> (blur) commit it
//   - mouse and keyboard, 1280x800: Ctrl-click on the learning rate and typing through GLFW gives
//     the typed value (no doubled characters) and never focuses the agent
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { openApp, lab, state, frames, ensureArtifacts, tapAt, clickAt, rectOf, pollUntil } from './helpers.mjs';

// The learning-rate control as lab.controls() lists it (its name found there; the Network panel's
// Optimizer tab showing), wholly in view: the wheel over the panel's foot scrolls it in as a person
// would (a wheel is not a tap: the touch tests stay touch-only for what they test).
async function learningRate(page) {
  const find = async () => (await lab(page, 'controls')).find((c) => /^network:.*learning_rate/.test(c.name));
  let lr = await find();
  for (let i = 0; i < 12; ++i) {
    const whole = lr ? await lab(page, 'controlRect', lr.name) : null;
    if (lr && whole && lr.h >= whole.h - 1) break;
    const p = await lab(page, 'panelRect', 'network');
    await page.mouse.move(p.x + p.w / 2, p.y + p.h - 15);
    await page.mouse.wheel(0, 60);
    await frames(page, 3);
    lr = await find();
  }
  assert.ok(lr, `no learning-rate control in lab.controls(): ${(await lab(page, 'controls')).map((c) => c.name).join(', ')}`);
  return lr;
}

const agentInfo = (page) => page.evaluate(() => {
  const a = document.activeElement;
  return { tag: a ? a.tagName : null, id: a ? a.id : null, inputMode: a ? a.inputMode : null };
});

async function showOptimizerTab(page, press) {
  const r = await rectOf(page, 'network:tab:optimizer');
  await press(r.x + r.w / 2, r.y + r.h / 2);
  await frames(page, 3);
}

describe('text agent, touch only (1024x768)', () => {
  let app, page;
  before(async () => {
    app = await openApp({ width: 1024, height: 768, hasTouch: true });
    page = app.page;
    await lab(page, 'train', false);   // a paused network keeps frames cheap
    await frames(page, 2);
    await showOptimizerTab(page, (x, y) => tapAt(page, x, y));
  });
  after(async () => { await app?.close(); });

  test('a tap on the learning rate opens a decimal keyboard; typed 0.057, Backspace, Enter sets 0.05', async () => {
    const before = (await state(page)).config.learning_rate;
    assert.notEqual(before, 0.05);
    const r = await learningRate(page);
    assert.notEqual((await agentInfo(page)).tag, 'INPUT', 'an <input> has the focus before the tap');
    await tapAt(page, r.x + r.w / 2, r.y + r.h / 2);
    const focused = (await pollUntil(() => agentInfo(page), (a) => a.tag === 'INPUT', { timeoutMs: 5000 })).value;
    assert.equal(focused.tag, 'INPUT', `the focus is on ${JSON.stringify(focused)}, not an <input>`);
    assert.equal(focused.inputMode, 'decimal');
    // The tap did not move the slider: it opened the value for typing.
    assert.equal((await state(page)).config.learning_rate, before);
    // The agent lies over the field.
    const box = await page.evaluate(() => { const b = document.activeElement.getBoundingClientRect(); return { x: b.x, y: b.y, w: b.width, h: b.height }; });
    assert.ok(box.x < r.x + r.w / 2 && box.x + box.w > r.x + r.w / 2 && box.y < r.y + r.h / 2 && box.y + box.h > r.y + r.h / 2,
      `agent ${JSON.stringify(box)} is not over the field ${JSON.stringify(r)}`);
    await page.keyboard.type('0.057', { delay: 30 });
    await page.keyboard.press('Backspace');   // an editing key, relayed as a key
    await frames(page, 3);
    await page.screenshot({ path: path.join(ensureArtifacts(), 'text-agent-touch-1024x768.png') });
    await page.keyboard.press('Enter');
    const after = await pollUntil(() => state(page), (s) => s.config.learning_rate === 0.05, { timeoutMs: 5000 });
    assert.equal(after.value.config.learning_rate, 0.05, `learning rate ${after.value.config.learning_rate} after typing 0.05`);
    // Enter ended the edit: the agent lets the keyboard go.
    const done = (await pollUntil(() => agentInfo(page), (a) => a.tag !== 'INPUT', { timeoutMs: 5000 })).value;
    assert.notEqual(done.tag, 'INPUT', 'the agent kept the focus after Enter');
  });

  test('Escape cancels: the value stays', async () => {
    const before = (await state(page)).config.learning_rate;
    const r = await learningRate(page);
    await tapAt(page, r.x + r.w / 2, r.y + r.h / 2);
    const focused = (await pollUntil(() => agentInfo(page), (a) => a.tag === 'INPUT', { timeoutMs: 5000 })).value;
    assert.equal(focused.tag, 'INPUT');
    await page.keyboard.type('0.2', { delay: 30 });
    await frames(page, 3);
    await page.keyboard.press('Escape');
    const done = (await pollUntil(() => agentInfo(page), (a) => a.tag !== 'INPUT', { timeoutMs: 5000 })).value;
    assert.notEqual(done.tag, 'INPUT', 'the agent kept the focus after Escape');
    await frames(page, 3);
    assert.equal((await state(page)).config.learning_rate, before);
  });

  test('a number box (Batch size): a tap opens the agent, leaving it (blur) commits what was typed', async () => {
    const lr = await learningRate(page);
    // The Batch size box is the first input field below the learning rate in the Network panel.
    const box = (await lab(page, 'controls'))
      .filter((c) => c.panel === 'network' && c.kind === 'input' && c.y > lr.y + lr.h / 2)
      .sort((a, b) => a.y - b.y || a.x - b.x)[0];
    assert.ok(box && box.h > 10, `no input field below the learning rate: ${JSON.stringify(box)}`);
    const before = (await state(page)).config.batch_size;
    const typed = before === 50 ? '40' : '50';
    await tapAt(page, box.x + box.w / 2, box.y + box.h / 2);
    const focused = (await pollUntil(() => agentInfo(page), (a) => a.tag === 'INPUT', { timeoutMs: 5000 })).value;
    assert.equal(focused.tag, 'INPUT', `the focus is on ${JSON.stringify(focused)}, not an <input>`);
    assert.equal(focused.inputMode, 'decimal');
    await page.keyboard.insertText(typed);   // text with no key events, as from a phone's keyboard
    await frames(page, 3);
    await page.evaluate(() => document.activeElement.blur());   // the keyboard's Done, a tap on the page
    const after = await pollUntil(() => state(page), (s) => s.config.batch_size === Number(typed), { timeoutMs: 5000 });
    assert.equal(after.value.config.batch_size, Number(typed), `batch size ${after.value.config.batch_size} after typing ${typed} (was ${before})`);
  });

  test('no errors in the page (a CSP violation by the agent would be one)', () => {
    assert.deepEqual(app.pageErrors, []);
    assert.deepEqual(app.consoleErrors, []);
  });
});

describe('text agent, mouse and keyboard (1280x800)', () => {
  let app, page;
  before(async () => {
    app = await openApp({ width: 1280, height: 800 });
    page = app.page;
    await lab(page, 'train', false);
    await frames(page, 2);
    await showOptimizerTab(page, (x, y) => clickAt(page, x, y));
  });
  after(async () => { await app?.close(); });

  test('typing 0.03 into the learning rate gives 0.03, each key once, without the agent', async () => {
    const r = await learningRate(page);
    await page.keyboard.down('Control');
    await clickAt(page, r.x + r.w / 2, r.y + r.h / 2);
    await page.keyboard.up('Control');
    await frames(page, 2);
    await page.keyboard.type('0.03', { delay: 30 });
    await frames(page, 2);
    await page.screenshot({ path: path.join(ensureArtifacts(), 'text-agent-mouse-1280x800.png') });
    assert.notEqual((await agentInfo(page)).id, 'text-agent', 'a mouse click focused the text agent');
    await page.keyboard.press('Enter');
    const after = await pollUntil(() => state(page), (s) => s.config.learning_rate === 0.03, { timeoutMs: 5000 });
    assert.equal(after.value.config.learning_rate, 0.03, `learning rate ${after.value.config.learning_rate} after typing 0.03`);
  });

  test('no errors in the page', () => {
    assert.deepEqual(app.pageErrors, []);
    assert.deepEqual(app.consoleErrors, []);
  });
});
