// Guided lessons, completed the way a student does it: only clicks (or taps) in the real UI for
// every action a lesson asks for. The test reads where it is from lab.state().lesson (the step's
// goal, panel and control) and then acts: "Show me", the highlighted toolbar controls, a Data
// thumbnail, the sketch pad, the question's choices, Reveal and Next.
//   - every lesson can be completed, in order, with the mouse
//   - Next stays disabled until the answer is revealed and the action done
//   - progress lives in the share link and in local storage (a reload comes back to it)
//   - a touch-only run (1024x768, hasTouch) completes the first lesson with taps
//   - every step's claim holds in lab.state() on the network the lesson set up (CLAIMS), and its
//     panel and outlined control are on screen without scrolling, at 1280x800 and 1024x768
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { openApp, lab, frames, state, ensureArtifacts, waitForReady, launch, SITE, actor, completeLessonStep } from './helpers.mjs';
import { startServer } from './server.mjs';

async function completeStep(page, press, shots) {
  const shoot = async (L) => page.screenshot({ path: path.join(ensureArtifacts(), `lesson-${L.id}-${L.step + 1}.png`) });
  return completeLessonStep(page, press, shots ? shoot : null);
}

const notebookNet = (s) => {
  assert.deepEqual(s.config.hidden, [25], 'not the notebook network');
  assert.equal(s.config.activation, 'sigmoid');
  assert.equal(s.config.optimizer, 'cg');
};
const notebook = (s) => {
  notebookNet(s);
  assert.equal(s.preset, 'notebook');
};

// What each step says the student will see, checked in lab.state() after its action.
// (s: the state then; info.start: the state right after the action began; page for more.)
const CLAIMS = {
  'data/1': (s) => assert.equal(s.input.source, 'dataset'),
  'data/2': async (s, info, page) => assert.ok((await lab(page, 'openPanels')).includes('data')),
  'learn/1': (s, info) => {
    notebook(s);
    assert.equal(s.speed, 5, 'slow motion');
    assert.equal(info.start.iteration, 0, 'Reset restarts the count');
    // One curve point per iteration (and the starting point): something to watch.
    assert.equal(s.history_points, s.iteration + 1, `${s.history_points} points for ${s.iteration} iterations`);
    assert.ok(s.iteration >= 20);
    assert.ok(s.train_loss < 0.7 * info.start.train_loss, `the loss falls: ${info.start.train_loss} -> ${s.train_loss}`);
  },
  'learn/2': (s) => {
    assert.equal(s.history_points, s.iteration + 1);
    assert.ok(s.train_accuracy > s.val_accuracy, `train ${s.train_accuracy} above validation ${s.val_accuracy}`);
  },
  'unit/1': (s, info) => {
    notebookNet(s);   // from seed 3 (the lesson's setup)
    assert.equal(s.config.seed, '3');
    assert.equal(s.stopped, true, 'trained until it stopped');
    assert.equal(s.focus.layer, 1);
    assert.equal(s.focus.unit, s.units.ring_unit, 'the tapped tile is the one the lesson outlines');
    // The answer holds on this network: the outlined unit is excited most by the lesson's digit.
    assert.equal(String(s.units.top_digit[s.units.ring_unit]), info.answer);
    assert.equal(s.units.dead_count, 0, 'sigmoid units never die');
  },
  'forward/1': (s) => notebook(s),
  'error/1': (s) => notebook(s),
  'error/2': async (s, info, page) => {
    notebook(s);
    // The tapped value is a hidden unit's delta, and its explanation shows the slope g'(z) that
    // the lesson's answer is about.
    const pos = await lab(page, 'backprop.position');
    assert.equal(pos.name, 'delta1', `the stepper is at ${pos.name}, not the hidden layer's delta`);
    assert.ok(pos.explain && pos.explain.includes('g\u2032(z)'), `explanation: ${pos.explain}`);
  },
  'gradient/1': (s) => notebook(s),
  'gradcheck/1': async (s, info, page) => {
    notebook(s);
    const g = await lab(page, 'gradcheck.status');
    assert.equal(g.pass, false);
    assert.ok(g.failing_layers.length > 0 && g.failing_layers.every((l) => l < 2), `fails on the hidden layer only: ${g.failing_layers}`);
  },
  'gradcheck/2': async (s, info, page) => {
    notebook(s);
    assert.equal((await lab(page, 'gradcheck.status')).pass, true);
  },
  'lambda/1': async (s, info, page) => {
    notebook(s);
    assert.ok((await lab(page, 'openPanels')).includes('sweep'));
  },
  'sketch/1': (s) => {
    assert.equal(s.preset, 'reader');
    assert.ok(s.val_accuracy >= 0.9);
  },
  'sketch/2': (s) => assert.equal(s.input.source, 'sketch'),
  'sketch/3': async (s, info, page) => assert.ok((await lab(page, 'openPanels')).includes('decision')),
  // Under the reading of the sketch, the ten "Wrong? It was a ..." buttons this step uses (that five
  // corrections and training make a misread digit read right is mydigits.test.mjs's claim).
  'sketch/4': async (s, info, page) => {
    assert.equal(s.input.source, 'sketch');
    // The question's numbers: 1,078 dataset images (60% of 1,797) and 1,000 pen digits.
    assert.equal(s.config.augmentation.pen, 1000);
    assert.equal(Math.round(1797 * s.config.train_fraction), 1078);
    for (let d = 0; d < 10; ++d) assert.ok(await lab(page, 'controlRect', `sketch:wrong${d}`), `sketch:wrong${d} is drawn`);
  },
};

// Walks every lesson by clicks, checking each step's claim and setup line; returns the steps done.
async function walkAllLessons(page, { shots = false } = {}) {
  const press = actor(page, false);
  await press('lessons');
  await press('lessons:start');
  const panels = await lab(page, 'panels');
  const done = [];
  for (let guard = 0; guard < 40; ++guard) {
    const s = await state(page);
    assert.ok(s.lesson, 'no lesson is running');
    if (s.lesson.panel) assert.ok(panels.includes(s.lesson.panel), `lesson ${s.lesson.id} uses unknown panel ${s.lesson.panel}`);
    const answer = s.lesson.answer;
    const L = await completeLessonStep(page, press, async (step, info) => {
      const now = await state(page);
      const key = `${step.id}/${step.step + 1}`;
      assert.ok(CLAIMS[key], `no claim checked for ${key}`);
      await CLAIMS[key](now, { ...info, answer }, page);
      if (shots) await page.screenshot({ path: path.join(ensureArtifacts(), `lesson-${step.id}-${step.step + 1}.png`) });
    });
    done.push(`${L.id}/${L.step + 1}`);
    const after = await state(page);
    if (after.lesson.finished.length === 9 || (after.lesson.id === L.id && after.lesson.step === L.step)) break;
  }
  return done;
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

  test('every lesson can be completed through the UI, in order, each claim holding on its network', async () => {
    const { page } = app;
    const done = await walkAllLessons(page, { shots: true });
    const s = await state(page);
    assert.equal(s.lesson.finished.length, 9, `finished ${s.lesson.finished} after ${done}`);
    assert.equal(done.length, Object.keys(CLAIMS).length, `steps ${done} vs claims ${Object.keys(CLAIMS)}`);
    assert.deepEqual(app.pageErrors, []);
  });

  test('a lesson says which network it uses and gives the student\'s own back', async () => {
    const { page } = app;
    const press = actor(page, false);
    // After the walk the Reader (lesson 9) is set up; the student's own setup was kept at lesson 2.
    let s = await state(page);
    assert.equal(s.lesson.saved_setup, true);
    await press('lessons:restore');
    s = await state(page);
    assert.equal(s.lesson.saved_setup, false);
    assert.equal(s.speed, 0);
    assert.equal(s.preset, 'reader');
    // Choosing lesson 4 switches to the notebook's network and says so in one line.
    await press('lessons:choose');
    await press('lessons:choose:forward');
    await frames(page, 2);
    s = await state(page);
    notebook(s);
    assert.match(s.lesson.setup, /^This lesson uses the notebook's network: 25 sigmoid units, trained by conjugate gradient/);
    assert.ok((await lab(page, 'controlRect', 'lessons:setup'))?.w > 0, 'the setup line is drawn');
    assert.equal(s.lesson.saved_setup, true);
  });
});

describe('lessons at 1024x768', () => {
  let app;
  before(async () => { app = await openApp({ width: 1024, height: 768 }); });
  after(async () => { if (app) await app.close(); });

  test('every lesson target is on screen without scrolling, every claim holds', async () => {
    const done = await walkAllLessons(app.page);
    const s = await state(app.page);
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
