// Browser figures for Backprop Lab (not a test): prints one JSON object.
//   w2        W2 (64-64-10 ReLU + softmax, Adam lr 1e-3, batch 32, 50 epochs) in Chromium's
//             WebAssembly: median ms per epoch. Uses lab.benchW2(epochs) when the page has it;
//             otherwise drives the app's own trainer through lab.setConfig + lab.step (one epoch
//             = ceil(train size / batch) steps, timed in the page; includes the per-epoch metrics).
//   frames    frame times (requestAnimationFrame intervals over ~5 s) at 1280x800 and 640x400,
//             paused (drawing alone) and while training (64-64-10 ReLU/softmax with Adam, which
//             keeps training; the default CG run converges in a second or two), with the app's
//             own main-thread time per frame (training slice + building the UI) and the WebGL
//             submit time. Under SwiftShader (software WebGL, as here and in CI) rasterizing
//             dominates and grows with the pixel count; a GPU browser is much faster.
//   sweep     frame times at 1280x800 with a lambda sweep running (Bias / variance panel open;
//             its runs are sessions the scheduler trains), main paused, then main training too
//   race      frame times at 1280x800 with an optimizer race of 3 (CG, L-BFGS, Adam) running, the
//             main network paused and then training too; per runner: iterations, evaluations and
//             the scheduler's time (served_ms), which shows the budget shared fairly by time
//   load      ms from navigation to lab.ready
//   site      every file of the static build: raw and gzip -9 bytes, and totals
// Usage: node bench.mjs [--epochs N] [--seconds S]     (BPL_SITE overrides the site folder)
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { openApp, lab, state, frames, SITE } from './helpers.mjs';

const argv = process.argv.slice(2);
const opt = (name, def) => { const i = argv.indexOf(name); return i >= 0 ? Number(argv[i + 1]) : def; };
const EPOCHS = opt('--epochs', 50);
const SECONDS = opt('--seconds', 5);

const median = (a) => { const s = [...a].sort((x, y) => x - y); const n = s.length; return n ? (n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2) : null; };
const quantile = (a, q) => { const s = [...a].sort((x, y) => x - y); return s.length ? s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)] : null; };
const round = (v, d = 3) => (v === null || v === undefined ? null : Math.round(v * 10 ** d) / 10 ** d);

function siteSizes(root) {
  const files = [];
  (function walk(dir) {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) {
        const buf = fs.readFileSync(p);
        files.push({ file: path.relative(root, p).split(path.sep).join('/'), bytes: buf.length,
          gzip_bytes: zlib.gzipSync(buf, { level: 9 }).length });
      }
    }
  })(root);
  files.sort((a, b) => b.bytes - a.bytes);
  return {
    root,
    files,
    total_bytes: files.reduce((s, f) => s + f.bytes, 0),
    total_gzip_bytes: files.reduce((s, f) => s + f.gzip_bytes, 0),
  };
}

// rAF timestamps over `seconds`, and per frame where the app's main-thread time went
// (lab.state().frame_ms: training slice, building the UI, submitting to WebGL; the last one
// includes waiting for the (software) GPU).
async function frameTimes(page, seconds) {
  return page.evaluate((ms) => new Promise((resolve) => {
    const ts = [], parts = [];
    const t0 = performance.now();
    (function tick(t) {
      ts.push(t);
      parts.push(window.lab.state().frame_ms);
      if (t - t0 < ms) requestAnimationFrame(tick); else resolve({ ts, parts });
    })(t0);
  }), seconds * 1000);
}

function summarize(sample) {
  const dt = sample.ts.slice(1).map((t, i) => t - sample.ts[i]);
  const app = sample.parts.map((p) => p.train + p.ui);
  const submit = sample.parts.map((p) => p.render);
  return {
    count: dt.length, median_ms: round(median(dt)), p95_ms: round(quantile(dt, 0.95)), max_ms: round(Math.max(...dt)),
    app_cpu_median_ms: round(median(app)), app_cpu_p95_ms: round(quantile(app, 0.95)),
    webgl_submit_median_ms: round(median(submit)),
  };
}

async function w2(page, epochs) {
  const hook = await page.evaluate(() => typeof window.lab.benchW2 === 'function');
  if (hook) {
    const r = await page.evaluate((n) => Promise.resolve(window.lab.benchW2(n)), epochs);
    return { method: 'lab.benchW2', epochs, result: r };
  }
  const cfg = { hidden: [64], activation: 'relu', output: 'softmax', optimizer: 'adam', learning_rate: 0.001, batch_size: 32, lambda: 0 };
  await lab(page, 'train', false);
  const err = await lab(page, 'setConfig', cfg);
  if (err) return { method: 'setConfig+step', error: `setConfig refused the W2 config: ${err}` };
  await lab(page, 'reset');
  const s0 = await state(page);
  // Training-set size from the split fractions when the config has them, else the 60% split.
  const trainFrac = s0.config.split_train ?? s0.config.train_fraction ?? 0.6;
  const nTrain = Math.round(1797 * trainFrac);
  const stepsPerEpoch = Math.ceil(nTrain / (s0.config.batch_size || 32));
  const r = await page.evaluate(([n, k]) => {
    const ms = [];
    for (let e = 0; e < n; ++e) {
      const t0 = performance.now();
      window.lab.step(k);
      ms.push(performance.now() - t0);
    }
    return ms;
  }, [epochs, stepsPerEpoch]);
  const s1 = await state(page);
  return {
    method: 'setConfig+step (no lab.benchW2 hook; includes the per-epoch metric evaluation)',
    epochs, steps_per_epoch: stepsPerEpoch, train_size: nTrain,
    median_ms_per_epoch: round(median(r)), p95_ms_per_epoch: round(quantile(r, 0.95)), total_ms: round(r.reduce((a, b) => a + b, 0), 1),
    final: { iteration: s1.iteration, epoch: s1.epoch, val_accuracy: s1.val_accuracy, train_accuracy: s1.train_accuracy },
  };
}

// Frame times with a race of 3 optimizers running (main paused, then main training as well).
async function raceFrames(page) {
  const setup = { optimizers: ['cg', 'lbfgs', 'adam'], max_iterations: 100000 };
  const runners = (s) => s.sessions.map((r) => ({ label: r.label, iteration: r.iteration, evaluations: r.evaluations,
                                                   served_ms: round(r.served_ms, 1), val_accuracy: round(r.val_accuracy, 4) }));
  const result = {};
  for (const mainTraining of [false, true]) {
    await lab(page, 'train', false);
    const err = await lab(page, 'race.start', setup);
    if (err) return { error: 'lab.race.start: ' + err };
    if (mainTraining) await lab(page, 'train', true);
    await frames(page, 10);
    const f = summarize(await frameTimes(page, SECONDS));
    const rs = await lab(page, 'race.state');
    result[mainTraining ? 'race_and_main_training' : 'race_only'] = { frames: f, runners: runners(rs) };
  }
  await lab(page, 'train', false);
  await lab(page, 'race.end');
  return { setup, ...result };
}

// Frame times with a lambda sweep running (its runs train in sessions through the scheduler),
// the Bias / variance panel open; main paused, then main training as well. The sweep's runs are
// long (2000 iterations each) so it is still running while the frames are measured.
async function sweepFrames(page) {
  const opts = { kind: 'lambda', values: [0.01, 0.1, 1, 10, 100], iterations: 2000 };
  await lab(page, 'showPanel', 'sweep', true);
  const result = {};
  for (const mainTraining of [false, true]) {
    await lab(page, 'train', false);
    await lab(page, 'sweep.cancel');
    await page.evaluate((o) => { window.lab.sweep.run(o).catch(() => {}); }, opts);
    if (mainTraining) await lab(page, 'train', true);
    await frames(page, 10);
    const f = summarize(await frameTimes(page, SECONDS));
    const ss = await lab(page, 'sweep.state');
    result[mainTraining ? 'sweep_and_main_training' : 'sweep_only'] = {
      frames: f, running: ss.running, current: ss.current, progress: round(ss.progress, 3),
    };
  }
  await lab(page, 'train', false);
  await lab(page, 'sweep.cancel');
  await lab(page, 'showPanel', 'sweep', false);
  return { options: opts, ...result };
}

const out = { browser: null, site: siteSizes(SITE), frames: [] };
for (const [width, height] of [[1280, 800], [640, 400]]) {
  const app = await openApp({ width, height });
  try {
    const { page } = app;
    out.browser = await page.evaluate(() => navigator.userAgent);
    if (width === 1280) out.load = { ready_ms: app.readyMs, timing: await page.evaluate(() => window.lab.timing) };
    // Frame times while paused (drawing only), then while training the default network.
    await lab(page, 'train', false);
    await frames(page, 10);
    const paused = summarize(await frameTimes(page, SECONDS));
    // The default CG run converges in a second or two; for a steady measurement train the W2
    // network with Adam and no iteration limit in sight.
    const err = await page.evaluate(() => window.lab.setConfig({ hidden: [64], activation: 'relu', output: 'softmax',
                                                                  optimizer: 'adam', max_iterations: 100000 }));
    if (err) throw new Error('setConfig: ' + err);
    await lab(page, 'train', true);
    await frames(page, 10);
    const training = summarize(await frameTimes(page, SECONDS));
    const st = await state(page);
    await lab(page, 'train', false);
    out.frames.push({ viewport: `${width}x${height}`, seconds: SECONDS, paused,
                      training_config: '64-64-10 relu/softmax, Adam', training,
                      steps_per_second: round(st.steps_per_second, 1), iteration: st.iteration });
    if (width === 1280) out.race = await raceFrames(page);
    if (width === 1280) out.sweep = await sweepFrames(page);
    if (width === 1280) out.w2 = await w2(page, EPOCHS);
    out.page_errors = [...(out.page_errors || []), ...app.pageErrors, ...app.consoleErrors];
  } finally {
    await app.close();
  }
}
console.log(JSON.stringify(out, null, 2));
