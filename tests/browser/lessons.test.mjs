// Guided lessons, completed the way a student does it: only clicks (or taps) in the real UI for
// every action a lesson asks for. The test reads where it is from lab.state().lesson (the step's
// goal, panel and control) and then acts: "Show me", the highlighted toolbar controls, a Data
// thumbnail, the sketch pad, the question's choices, Reveal and Next.
//   - every lesson can be completed, in order, with the mouse
//   - Next stays disabled until the answer is revealed and the action done
//   - progress lives in the share link and in local storage (a reload comes back to it)
//   - a touch-only run (1024x768, hasTouch) completes the first lesson with taps
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { openApp, lab, frames, clickAt, state, pollUntil, ensureArtifacts, waitForReady, launch, SITE } from './helpers.mjs';
import { startServer } from './server.mjs';

async function rectOf(page, name) {
  let r = null;
  for (let i = 0; i < 10 && !(r && r.w > 0); ++i) {
    r = await lab(page, 'controlRect', name);
    if (!(r && r.w > 0)) await frames(page, 1);
  }
  assert.ok(r && r.w > 0, `no control ${name}`);
  return r;
}

// A tap through CDP touch events (what a tablet sends).
async function tapAt(page, x, y) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x, y }] });
  await frames(page, 2);
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await frames(page, 2);
  await cdp.detach();
}

// A control below the bottom of its panel (or of the page) is scrolled into view with the mouse
// wheel over its panel, as a student would.
async function scrolledIntoView(page, name) {
  let r = await rectOf(page, name);
  const parts = name.split(':');
  if (parts.length !== 2) return r;   // toolbar controls, and combo items (popups float over panels)
  const panelName = parts[0];
  const vh = page.viewportSize().height;
  for (let i = 0; i < 12; ++i) {
    const p = await lab(page, 'panelRect', panelName);
    const bottom = Math.min(vh, p ? p.y + p.h : vh) - 4;
    if (!p || r.y + r.h <= bottom) break;
    await page.mouse.move(p.x + p.w / 2, p.y + p.h / 2);
    await page.mouse.wheel(0, 120);
    await frames(page, 3);
    r = await rectOf(page, name);
  }
  return r;
}

function actor(page, touch) {
  return async (name) => {
    const r = await scrolledIntoView(page, name);
    if (touch) await tapAt(page, r.x + r.w / 2, r.y + r.h / 2);
    else await clickAt(page, r.x + r.w / 2, r.y + r.h / 2);
  };
}

// A "1": one long stroke down the pad (few, long moves: every frame is expensive here).
async function drawOne(page) {
  const pad = await lab(page, 'sketch.rect');
  assert.ok(pad && pad.w > 0, 'no sketch pad');
  const x = pad.x + pad.w * 0.5;
  await page.mouse.move(x, pad.y + pad.h * 0.15);
  await frames(page, 1);
  await page.mouse.down();
  for (const t of [0.35, 0.6, 0.85]) { await page.mouse.move(x, pad.y + pad.h * t, { steps: 2 }); await frames(page, 1); }
  await page.mouse.up();
  await frames(page, 2);
}

// Does what the current step asks, through the UI.
async function doAction(page, press, L) {
  const [goal] = L.goal.split(':');
  if (L.panel) await press('lessons:show');
  await frames(page, 2);
  if (goal === 'example') {
    await press('data:digit3');
  } else if (goal === 'iterations') {
    const s = await state(page);
    if (L.control === 'reset') await press('reset');
    if (!(await state(page)).training || s.stopped) await press('train');
  } else if (goal === 'sketch') {
    await drawOne(page);
  } else if (goal === 'stepper' || goal === 'explained') {
    if (!(await lab(page, 'backprop.position')).has_trace) await press('backprop:random');
    for (let i = 0; i < 20 && !(await state(page)).lesson.goal_met; ++i) {
      const pos = await lab(page, 'backprop.position');
      if (goal === 'explained' && /^delta/.test(pos.name)) { await press('backprop:values'); continue; }
      await press('backprop:next');
    }
  } else if (goal === 'gradcheck') {
    const mistake = L.goal.split(':')[1];
    if (mistake === 'sigmoid_prime_of_a') {   // the lesson asks for the notebook's sigmoid network
      await press('network:preset');
      await press('network:preset:notebook');
    }
    await press('gradcheck:mistake');
    await press(`gradcheck:mistake:${mistake}`);
    await press('gradcheck:run');
  }
  const r = await pollUntil(() => state(page), (s) => s.lesson && s.lesson.goal_met, { timeoutMs: 60000, intervalMs: 300 });
  assert.ok(r.ok, `goal ${L.goal} not met: ${JSON.stringify(r.value.lesson)}`);
}

async function completeStep(page, press, shots) {
  const L = (await state(page)).lesson;
  // Next is disabled before anything is done.
  await press('lessons:next');
  let s = await state(page);
  assert.equal(s.lesson.step, L.step, 'Next moved on before the answer was revealed');
  assert.equal(s.lesson.id, L.id);
  await press('lessons:choice0');
  await press('lessons:reveal');
  s = await state(page);
  assert.equal(s.lesson.revealed, true, 'Reveal did not reveal');
  assert.equal(s.lesson.chosen, 0);
  await doAction(page, press, L);
  if (shots) await page.screenshot({ path: path.join(ensureArtifacts(), `lesson-${L.id}-${L.step + 1}.png`) });
  await press('lessons:next');
  return L;
}

describe('lessons with the mouse', () => {
  let app;
  before(async () => { app = await openApp({ width: 1280, height: 800 }); });
  after(async () => { if (app) await app.close(); });

  test('every lesson names panels the app has', async () => {
    const panels = await lab(app.page, 'panels');
    assert.ok(panels.includes('lessons'));
    // Walk the table through the state of each lesson's first step (chosen with the combo).
    const press = actor(app.page, false);
    await press('lessons');   // the toolbar's Lessons button opens the panel
    await frames(app.page, 2);
    assert.ok((await lab(app.page, 'openPanels')).includes('lessons'));
  });

  test('every lesson can be completed through the UI, in order', async () => {
    const { page } = app;
    const press = actor(page, false);
    await press('lessons');
    await press('lessons:start');
    const panels = await lab(page, 'panels');
    const done = [];
    for (let guard = 0; guard < 40; ++guard) {
      const s = await state(page);
      assert.ok(s.lesson, 'no lesson is running');
      if (s.lesson.panel) assert.ok(panels.includes(s.lesson.panel), `lesson ${s.lesson.id} uses unknown panel ${s.lesson.panel}`);
      const L = await completeStep(page, press, true);
      done.push(`${L.id}/${L.step + 1}`);
      const after = await state(page);
      if (after.lesson.finished.length === 9 || (after.lesson.id === L.id && after.lesson.step === L.step)) break;
    }
    const s = await state(page);
    assert.equal(s.lesson.finished.length, 9, `finished ${s.lesson.finished} after ${done}`);
    assert.deepEqual(app.pageErrors, []);
  });
});

describe('lesson progress survives', () => {
  let app;
  before(async () => { app = await openApp({ width: 1280, height: 800 }); });
  after(async () => { if (app) await app.close(); });

  test('in the share link and in local storage', async () => {
    const { page } = app;
    const press = actor(page, false);
    await press('lessons');
    await press('lessons:start');
    await completeStep(page, press, false);   // data/1 -> data/2
    const s = await state(page);
    assert.equal(s.lesson.id, 'data');
    assert.equal(s.lesson.step, 1);
    const link = await lab(page, 'shareLink');
    assert.match(link, /[#&]lesson=data&lesson_step=1/);
    const page2 = await page.context().newPage();
    try {
      await page2.goto(link);
      await waitForReady(page2);
      const s2 = await state(page2);
      assert.equal(s2.lesson.id, 'data');
      assert.equal(s2.lesson.step, 1);
      assert.ok((await lab(page2, 'openPanels')).includes('lessons'));
      // A plain reload of the bare page comes back to the same place (local storage).
      await page2.goto(app.origin + '/');
      await waitForReady(page2);
      await frames(page2, 2);
      const s3 = await state(page2);
      assert.ok(s3.lesson, 'local storage did not bring the lesson back');
      assert.equal(s3.lesson.id, 'data');
      assert.equal(s3.lesson.step, 1);
    } finally {
      await page2.close();
    }
  });
});

describe('lessons with touch only', () => {
  let server, browser, page;
  before(async () => {
    server = await startServer(SITE);
    browser = await launch({ width: 1024, height: 768 });
    const ctx = await browser.context.browser()?.newContext?.({ hasTouch: true, viewport: { width: 1024, height: 768 } });
    page = ctx ? await ctx.newPage() : browser.context.pages()[0];
    await page.goto(server.origin + '/');
    await waitForReady(page);
  });
  after(async () => { await browser?.close(); await server?.close(); });

  test('the first lesson is completed with taps at 1024x768', async () => {
    const tap = actor(page, true);
    await tap('lessons');
    await tap('lessons:start');
    for (let i = 0; i < 2; ++i) await completeStep(page, tap, false);
    const s = await state(page);
    assert.ok(s.lesson.finished.includes('data'), JSON.stringify(s.lesson));
    await page.screenshot({ path: path.join(ensureArtifacts(), 'lesson-touch-1024x768.png') });
  });
});
