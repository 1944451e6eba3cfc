// The optimizer race, driven through the real UI: the panel is opened from the toolbar's View
// menu, a race of the default line-up (CG, L-BFGS, Adam) is started by clicking Start, the
// three runners' histories grow and their curves are drawn (three Okabe-Ito colours in the
// plot), Pause stops them all and Reset puts them all back to iteration 0. lab.race.start with
// a setup object starts a race too; a bad setup is refused and changes nothing.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import fs from 'node:fs';
import { openApp, lab, frames, pollUntil, clickAt, ensureArtifacts, pngInfo } from './helpers.mjs';

const raceState = (page) => lab(page, 'race.state');

async function clickNamed(page, name) {
  const r = await lab(page, 'controlRect', name);
  assert.ok(r && r.w > 0 && r.h > 0, `control ${name} has no rectangle: ${JSON.stringify(r)}`);
  await clickAt(page, r.x + r.w / 2, r.y + r.h / 2);
  return r;
}

async function waitRace(page, pred, what, timeoutMs = 15000) {
  const r = await pollUntil(() => raceState(page), pred, { timeoutMs, intervalMs: 100 });
  assert.ok(r.ok, `${what} (within ${timeoutMs} ms); race: ${JSON.stringify(r.value)}`);
  return r.value;
}

// Okabe-Ito colours of the first three runners (ui::series_colour).
const RUNNER_RGB = [[230, 159, 0], [86, 180, 233], [0, 158, 115]];

describe('optimizer race (mouse)', () => {
  let app, page;
  before(async () => {
    app = await openApp();
    page = app.page;
    await lab(page, 'train', false);   // the main network rests: the race gets the budget
  });
  after(async () => { await app?.close(); });

  test('the View menu opens the Optimizer race panel', async () => {
    assert.equal(await lab(page, 'panelRect', 'race'), null, 'the race panel should start closed');
    await clickNamed(page, 'view');
    await frames(page, 2);
    await clickNamed(page, 'view:race');
    const r = await pollUntil(() => lab(page, 'panelRect', 'race'), (v) => v && v.w > 0, { timeoutMs: 5000 });
    assert.ok(r.ok, 'the race panel did not open');
  });

  test('clicking Start races 3 optimizers whose histories grow and whose curves are drawn', async () => {
    const before = await raceState(page);
    assert.equal(before.active, false);
    await clickNamed(page, 'race:start');
    const s1 = await waitRace(page, (s) => s.active && s.sessions.length === 3 && s.sessions.every((r) => r.history_points >= 3),
      'three runners with at least 3 history points each');
    assert.deepEqual(s1.sessions.map((r) => r.optimizer), ['cg', 'lbfgs', 'adam']);
    assert.ok(s1.running, 'the race is not running');
    // Growing: every runner adds points while the race runs.
    const s2 = await waitRace(page, (s) => s.sessions.every((r, i) => r.history_points > s1.sessions[i].history_points),
      'every runner added history points');
    for (const r of s2.sessions) assert.ok(r.evaluations >= r.iteration, `${r.label}: evaluations ${r.evaluations} < iterations ${r.iteration}`);

    // Three curves: each runner's colour is drawn inside the plot.
    await frames(page, 3);
    const plot = await lab(page, 'controlRect', 'race:plot');
    assert.ok(plot && plot.w > 0 && plot.h > 0, `no plot rectangle: ${JSON.stringify(plot)}`);
    const png = await page.screenshot({ clip: { x: Math.floor(plot.x), y: Math.floor(plot.y), width: Math.floor(plot.w), height: Math.floor(plot.h) } });
    const rows = Array.from({ length: Math.floor(plot.h) }, (_, i) => i);
    const info = await pngInfo(page, png, rows);
    const counts = RUNNER_RGB.map(() => 0);
    for (const y of rows)
      for (const [r, g, b] of info.rows[y])
        RUNNER_RGB.forEach(([R, G, B], k) => { if (Math.abs(r - R) + Math.abs(g - G) + Math.abs(b - B) < 40) ++counts[k]; });
    for (let k = 0; k < 3; ++k) assert.ok(counts[k] >= 20, `runner ${k}'s colour covers only ${counts[k]} pixels of the plot: ${counts}`);

    const panel = await lab(page, 'panelRect', 'race');
    const out = path.join(ensureArtifacts(), 'race-panel.png');
    fs.writeFileSync(out, await page.screenshot({ clip: { x: panel.x, y: panel.y, width: panel.w, height: panel.h } }));
  });

  test('Pause stops every runner; Reset puts them all back to iteration 0', async () => {
    await clickNamed(page, 'race:pause');
    const paused = await waitRace(page, (s) => !s.running && s.sessions.every((r) => !r.training), 'Pause stopped the runners', 5000);
    await frames(page, 10);
    const later = await raceState(page);
    assert.deepEqual(later.sessions.map((r) => r.iteration), paused.sessions.map((r) => r.iteration), 'runners moved while paused');

    await clickNamed(page, 'race:reset');
    const reset = await waitRace(page, (s) => s.sessions.every((r) => r.iteration === 0 && r.history_points === 1),
      'Reset put every runner back to iteration 0', 5000);
    assert.equal(reset.running, false);
    assert.ok(reset.sessions.every((r) => r.evaluations === 0));

    await clickNamed(page, 'race:pause');   // now "Resume"
    await waitRace(page, (s) => s.running && s.sessions.every((r) => r.iteration > 0), 'Resume restarted them');
  });

  test('lab.race.start takes a setup; a bad one is refused and changes nothing', async () => {
    const good = await lab(page, 'race.start', { optimizers: ['sgd', { optimizer: 'momentum', learning_rate: 0.05 }, 'adam', 'lbfgs'], max_iterations: 3 });
    assert.equal(good, '');
    const s = await waitRace(page, (v) => v.finished, 'a 3-iteration race of 4 finished');
    assert.deepEqual(s.sessions.map((r) => r.optimizer), ['sgd', 'momentum', 'adam', 'lbfgs']);
    assert.ok(s.sessions.every((r) => r.stopped));
    const bad = await lab(page, 'race.start', { optimizers: ['cg'] });
    assert.match(bad, /2 to 5/);
    const bad2 = await lab(page, 'race.start', { optimizers: ['cg', { optimizer: 'adam', hidden: [3] }] });
    assert.match(bad2, /hidden/);
    const after = await raceState(page);
    assert.deepEqual(after.sessions.map((r) => r.id), s.sessions.map((r) => r.id), 'a refused setup changed the race');
    assert.deepEqual(app.pageErrors, []);
    assert.deepEqual(app.consoleErrors, []);
  });
});
