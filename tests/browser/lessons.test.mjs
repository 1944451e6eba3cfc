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
import { openApp, lab, frames, state, ensureArtifacts, waitForReady, launch, SITE, actor, completeLessonStep } from './helpers.mjs';
import { startServer } from './server.mjs';

async function completeStep(page, press, shots) {
  const shoot = async (L) => page.screenshot({ path: path.join(ensureArtifacts(), `lesson-${L.id}-${L.step + 1}.png`) });
  return completeLessonStep(page, press, shots ? shoot : null);
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
    browser = await launch({ width: 1024, height: 768, hasTouch: true });   // a touch screen
    page = browser.context.pages()[0] || await browser.context.newPage();
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
