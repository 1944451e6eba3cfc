// Screenshots of every lesson step, walked through the real UI as lessons.test.mjs does (the
// driving code is shared: helpers.mjs completeLessonStep). Not a test: run it by hand and LOOK
// at the pictures (clipped text, overlapping panels, an unreadable highlight).
//
//   node tests/browser/lesson_shots.mjs [--size 1280x800] [--touch]
//
// Writes tests/browser/artifacts/lessons/<W>x<H>/<n>-<lesson>-<step>.png (git-ignored), one per
// step, taken after the answer was revealed and the step's action done, before Next; prints
// each file with the step's title.
import fs from 'node:fs';
import path from 'node:path';
import { openApp, state, frames, ensureArtifacts, actor, completeLessonStep } from './helpers.mjs';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : dflt;
};
const [width, height] = arg('--size', '1280x800').split('x').map(Number);
const touch = process.argv.includes('--touch');
const dir = path.join(ensureArtifacts(), 'lessons', `${width}x${height}${touch ? '-touch' : ''}`);
fs.mkdirSync(dir, { recursive: true });

const app = await openApp({ width, height, hasTouch: touch });
const { page } = app;
try {
  const press = actor(page, touch);
  await press('lessons');
  await press('lessons:start');
  let n = 0;
  for (let guard = 0; guard < 40; ++guard) {
    const s = await state(page);
    const L = await completeLessonStep(page, press, async (step) => {
      await frames(page, 2);
      const file = path.join(dir, `${String(++n).padStart(2, '0')}-${step.id}-${step.step + 1}.png`);
      await page.screenshot({ path: file });
      console.log(`${path.relative(process.cwd(), file)}  goal ${step.goal}`);
    });
    const after = await state(page);
    if (after.lesson.finished.length === 9 || (after.lesson.id === L.id && after.lesson.step === L.step)) break;
    if (!s.lesson) break;
  }
  await frames(page, 2);
  const done = path.join(dir, `${String(++n).padStart(2, '0')}-finished.png`);
  await page.screenshot({ path: done });
  const s = await state(page);
  console.log(`${path.relative(process.cwd(), done)}  lessons finished: ${s.lesson.finished.join(', ')}`);
  if (app.pageErrors.length || app.consoleErrors.length) console.log('page errors:', app.pageErrors, app.consoleErrors);
} finally {
  await app.close();
}
