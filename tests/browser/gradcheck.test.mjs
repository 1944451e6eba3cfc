// The Gradient check panel and window.lab.gradcheck, through the real UI.
//   - the panel opens from the View menu (closed by default)
//   - each "common mistake" chosen with the mouse in the panel's selector and run with its Run
//     button: the clean engine and log_init PASS, every other variant FAILs on the layer where it
//     breaks (read back through lab.gradcheck.status(), which is the job the panel started); the
//     panel shows the verdict; screenshots of a PASS and a FAIL
//   - lab.gradcheck.run goes through the same job: same verdicts, worst layers, bad options
//     rejected with a message, cancel and replacement reject the promise
//   - the page keeps drawing frames while a check runs (it advances a slice per frame)
//   - the explanation opens with a click (nothing needs hover)
//   - on a 1024x768 touch screen, taps alone open the panel (View menu), choose a mistake, run it
//     and open the explanation
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import fs from 'node:fs';
import os from 'node:os';
import { chromium } from 'playwright-core';
import {
  openApp, lab, frames, clickAt, ensureArtifacts, pollUntil, PANELS, SITE, CHROMIUM, CHROMIUM_ARGS, requireSite,
  waitForReady,
} from './helpers.mjs';
import { startServer } from './server.mjs';

// What the check must say about each mistake on the default 64-25-10 network: pass or not, and
// the layer that breaks (the worst layer; 0 = any).
const EXPECT = {
  none: { pass: true },
  log10: { pass: false, worst: 0, failing: [1, 2] },
  sigmoid_prime_of_a: { pass: false, worst: 1, failing: [1] },
  regularize_wrong_column: { pass: false, worst: 0 },
  same_offset: { pass: false, worst: 2 },
  log_init: { pass: true },
};

async function clickControl(page, name) {
  const r = await lab(page, 'controlRect', name);
  assert.ok(r && r.w > 0 && r.h > 0, `no control ${name} on screen: ${JSON.stringify(r)}`);
  await clickAt(page, r.x + r.w / 2, r.y + r.h / 2);
  return r;
}

async function clickViewItem(page, item) {
  await clickControl(page, 'view');
  await frames(page, 2);
  await clickControl(page, `view:${item}`);
  await frames(page, 3);
}

async function waitDone(page, id, timeoutMs = 60000) {
  const r = await pollUntil(() => lab(page, 'gradcheck.status'), (s) => s.id === id && s.state !== 'running',
    { timeoutMs, intervalMs: 100 });
  assert.ok(r.ok, `gradient check ${id} did not finish: ${JSON.stringify(r.value).slice(0, 300)}`);
  return r.value;
}

function checkVerdict(res, mistake) {
  const e = EXPECT[mistake];
  const summary = `${mistake}: pass ${res.pass}, max ${res.max_relative_error}, worst layer ${res.worst_layer}, ` +
    `per layer ${JSON.stringify(res.per_layer.map((l) => [l.layer, l.failed, l.checked, l.max_relative_error]))}`;
  assert.equal(res.pass, e.pass, summary);
  assert.equal(res.per_layer.length, 2, summary);
  if (e.pass) {
    assert.ok(res.max_relative_error < res.threshold, summary);
    assert.deepEqual(res.failing_layers, [], summary);
  } else {
    assert.ok(res.max_relative_error >= res.threshold, summary);
    if (e.worst) assert.equal(res.worst_layer, e.worst, summary);
    if (e.failing) assert.deepEqual(res.failing_layers, e.failing, summary);
    assert.ok(res.failing_layers.includes(res.worst_layer), summary);
  }
}

describe('Gradient check panel', () => {
  let app, page;
  before(async () => {
    app = await openApp({ width: 1280, height: 800 });
    page = app.page;
    // The notebook's network (sigmoid units: the bugs the panel teaches live there).
    assert.equal(await lab(page, 'preset', 'notebook'), '');
    await lab(page, 'step', 10);   // pauses training after 10 CG iterations: realistic weights
  });
  after(async () => { await app?.close(); });

  test('opens from the View menu', async () => {
    assert.ok(!(await lab(page, 'openPanels')).includes('gradcheck'), 'the panel should be closed by default');
    assert.equal(await lab(page, 'panelRect', 'gradcheck'), null);
    await clickViewItem(page, 'gradcheck');
    assert.ok((await lab(page, 'openPanels')).includes('gradcheck'));
    // Make room for it the way a student would: close the other panels from the same menu.
    for (const p of PANELS) await clickViewItem(page, p);
    assert.deepEqual(await lab(page, 'openPanels'), ['gradcheck']);
    const r = await lab(page, 'panelRect', 'gradcheck');
    assert.ok(r && r.w > 800 && r.h > 600, JSON.stringify(r));
  });

  test('each mistake, chosen and run with the mouse, passes or fails as it should', async () => {
    const shots = ensureArtifacts();
    for (const mistake of Object.keys(EXPECT)) {
      await clickControl(page, 'gradcheck:mistake');
      await frames(page, 2);
      await clickControl(page, `gradcheck:mistake:${mistake}`);
      await frames(page, 2);
      const before = await lab(page, 'gradcheck.status');
      await clickControl(page, 'gradcheck:run');
      const res = await waitDone(page, before.id + 1);
      assert.equal(res.state, 'done');
      assert.equal(res.mistake, mistake, 'the panel ran the mistake chosen in its selector');
      assert.equal(res.checked, 200);
      assert.equal(res.epsilon, 1e-4);
      checkVerdict(res, mistake);
      // The panel shows that verdict.
      await frames(page, 2);
      const shown = await lab(page, 'controlRect', res.pass ? 'gradcheck:verdict:pass' : 'gradcheck:verdict:fail');
      const other = await lab(page, 'controlRect', res.pass ? 'gradcheck:verdict:fail' : 'gradcheck:verdict:pass');
      assert.ok(shown && shown.w > 0, `${mistake}: the panel shows no ${res.pass ? 'PASS' : 'FAIL'}`);
      assert.equal(other, null);
      if (mistake === 'none' || mistake === 'same_offset' || mistake === 'log_init') {
        await page.mouse.move(5, 795);   // no hover highlight in the picture
        await frames(page, 2);
        fs.writeFileSync(path.join(shots, `gradcheck-${mistake}.png`), await page.screenshot());
      }
    }
  });

  test('the epsilon slider: 1e-8 makes even the clean engine fail (round-off), 1e-4 passes', async () => {
    const slider = await lab(page, 'controlRect', 'gradcheck:epsilon');
    assert.ok(slider && slider.w > 0);
    await clickAt(page, slider.x + 2, slider.y + slider.h / 2);   // the slider's left end: 1e-8
    await clickControl(page, 'gradcheck:by_layer');   // all of layer 1: round-off shows on some of its entries
    for (const [eps, pass] of [[1e-8, false], [1e-4, true]]) {
      await clickControl(page, 'gradcheck:mistake');
      await frames(page, 2);
      await clickControl(page, 'gradcheck:mistake:none');
      await frames(page, 2);
      const before = await lab(page, 'gradcheck.status');
      await clickControl(page, 'gradcheck:run');
      const res = await waitDone(page, before.id + 1);
      assert.equal(res.mistake, 'none');
      assert.equal(res.total, 1625);
      assert.ok(Math.abs(res.epsilon / eps - 1) < 1e-9, `epsilon ${res.epsilon}, expected ${eps}`);
      assert.equal(res.pass, pass, `none at epsilon ${eps}: max ${res.max_relative_error}`);
      if (!pass) {
        await page.mouse.move(5, 795);
        await frames(page, 2);
        fs.writeFileSync(path.join(ensureArtifacts(), 'gradcheck-none-eps1e-8.png'), await page.screenshot());
      }
      await clickControl(page, 'gradcheck:epsilon:default');   // back to 1e-4
    }
    await clickControl(page, 'gradcheck:by_sample');
  });

  test('the explanation opens with a click', async () => {
    assert.equal(await lab(page, 'controlRect', 'gradcheck:how:text'), null);
    await clickControl(page, 'gradcheck:how');
    await frames(page, 2);
    const t = await lab(page, 'controlRect', 'gradcheck:how:text');
    assert.ok(t && t.h > 40, `the explanation did not open: ${JSON.stringify(t)}`);
    await clickControl(page, 'gradcheck:how');   // and closes again
    await frames(page, 2);
    assert.equal(await lab(page, 'controlRect', 'gradcheck:how:text'), null);
  });

  test('lab.gradcheck.run: the same verdicts through the same job', async () => {
    for (const mistake of Object.keys(EXPECT)) {
      const res = await page.evaluate((m) => window.lab.gradcheck.run({ mistake: m, samples: 200, epsilon: 1e-4 }), mistake);
      assert.equal(res.mistake, mistake);
      assert.equal(res.checked, 200);
      checkVerdict(res, mistake);
      // The panel's job is that job.
      assert.equal((await lab(page, 'gradcheck.status')).id, res.id);
    }
    // lambda off: the regularizer's bug cannot show; a whole layer: every entry checked.
    const noReg = await page.evaluate(() => window.lab.gradcheck.run({ mistake: 'regularize_wrong_column', lambda: false }));
    assert.equal(noReg.pass, true);
    const layer2 = await page.evaluate(() => window.lab.gradcheck.run({ mistake: 'same_offset', layer: 2 }));
    assert.equal(layer2.total, 260);
    assert.equal(layer2.per_layer[1].failed, 260);
    assert.ok(layer2.worst_parameters.every((p) => p.layer === 2 && p.numeric === 0));
  });

  test('lab.gradcheck.run rejects bad options with a message and changes nothing', async () => {
    const id = (await lab(page, 'gradcheck.status')).id;
    const bad = [
      [{ mistake: 'log2' }, /mistake must be one of/],
      [{ epsilon: 1 }, /epsilon/],
      [{ epsilon: '1e-4' }, /epsilon/],
      [{ samples: 0 }, /samples/],
      [{ layer: 7 }, /layer/],
      [{ sample: 10 }, /unknown gradcheck option 'sample'/],
      ['log10', /expects an object/],
    ];
    for (const [opts, msg] of bad) {
      const out = await page.evaluate((o) => window.lab.gradcheck.run(o).then(() => 'resolved', (e) => e.message), opts);
      assert.match(out, msg, JSON.stringify(opts));
    }
    assert.equal((await lab(page, 'gradcheck.status')).id, id);
    assert.equal(app.pageErrors.length, 0, app.pageErrors.join('\n'));
  });

  test('frames keep coming while a check runs; cancel and replacement reject', async () => {
    // Every parameter of layer 1 (1625: ~3250 cost evaluations), watched frame by frame in the page.
    const trace = await page.evaluate(() => new Promise((resolve, reject) => {
      const seen = [];
      let finished = false;
      window.lab.gradcheck.run({ layer: 1 }).then((r) => { finished = r; }, reject);
      (function watch() {
        const s = window.lab.gradcheck.status();
        seen.push({ frame: window.lab.frames(), progress: s.progress, state: s.state });
        if (finished) resolve({ seen, result: finished });
        else requestAnimationFrame(watch);
      })();
    }));
    const mid = trace.seen.filter((s) => s.state === 'running' && s.progress > 0 && s.progress < 1);
    assert.ok(mid.length >= 2, `saw too few intermediate states: ${JSON.stringify(trace.seen.slice(0, 10))}`);
    const frames0 = mid[0].frame, frames1 = mid[mid.length - 1].frame;
    assert.ok(frames1 > frames0, 'the app drew no frame while the check ran');
    assert.ok(mid[mid.length - 1].progress > mid[0].progress, 'no progress between frames');
    assert.equal(trace.result.total, 1625);
    assert.equal(trace.result.pass, true);

    const cancelled = await page.evaluate(async () => {
      const p = window.lab.gradcheck.run({ layer: 1 }).then(() => 'resolved', (e) => e.message);
      await window.lab.nextFrame();
      window.lab.gradcheck.cancel();
      return { message: await p, status: window.lab.gradcheck.status() };
    });
    assert.match(cancelled.message, /cancelled/);
    assert.equal(cancelled.status.state, 'cancelled');
    assert.ok(cancelled.status.progress < 1);

    const replaced = await page.evaluate(async () => {
      const a = window.lab.gradcheck.run({ layer: 1 }).then(() => 'resolved', (e) => e.message);
      const b = window.lab.gradcheck.run({ samples: 20 });
      return { a: await a, b: (await b).checked };
    });
    assert.match(replaced.a, /replaced/);
    assert.equal(replaced.b, 20);
    assert.equal(app.pageErrors.length, 0, app.pageErrors.join('\n'));
    assert.equal(app.consoleErrors.length, 0, app.consoleErrors.join('\n'));
  });
});

describe('Gradient check panel on a touch screen (1024x768)', () => {
  let server, context, page, cdp, profile;
  const pageErrors = [];
  before(async () => {
    requireSite();
    server = await startServer(SITE);
    profile = fs.mkdtempSync(path.join(os.tmpdir(), 'bpl-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, ignoreDefaultArgs: ['--headless'],
      viewport: { width: 1024, height: 768 }, deviceScaleFactor: 1, hasTouch: true,
    });
    page = context.pages()[0] || await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    await page.goto(server.origin + '/', { waitUntil: 'load' });
    await waitForReady(page);
    assert.equal(await lab(page, 'preset', 'notebook'), '');   // sigmoid units, as above
    await lab(page, 'train', false);
    cdp = await context.newCDPSession(page);
  });
  after(async () => {
    try { await context?.close(); } finally {
      if (profile) fs.rmSync(profile, { recursive: true, force: true });
      await server?.close();
    }
  });

  // A finger down and up on the centre of a control, with app frames in between (no mouse at all).
  async function tap(name) {
    const r = await lab(page, 'controlRect', name);
    assert.ok(r && r.w > 0, `no control ${name} on screen`);
    const p = { x: r.x + r.w / 2, y: r.y + r.h / 2 };
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [p] });
    await frames(page, 2);
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    await frames(page, 3);
  }

  test('taps open the panel, pick a mistake, run it and open the explanation', async () => {
    await tap('view');
    await tap('view:gradcheck');
    assert.ok((await lab(page, 'openPanels')).includes('gradcheck'));
    await tap('gradcheck:mistake');
    await tap('gradcheck:mistake:sigmoid_prime_of_a');
    const before = await lab(page, 'gradcheck.status');
    await tap('gradcheck:run');
    const res = await waitDone(page, before.id + 1);
    assert.equal(res.mistake, 'sigmoid_prime_of_a');
    checkVerdict(res, 'sigmoid_prime_of_a');
    await tap('gradcheck:how');
    const t = await lab(page, 'controlRect', 'gradcheck:how:text');
    assert.ok(t && t.h > 40, 'the explanation did not open on a tap');
    fs.writeFileSync(path.join(ensureArtifacts(), 'gradcheck-touch-1024x768.png'), await page.screenshot());
    assert.equal(pageErrors.length, 0, pageErrors.join('\n'));
  });
});
