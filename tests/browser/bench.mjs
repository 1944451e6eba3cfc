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
//   idle      main-thread busy time (CDP Performance metrics: TaskDuration) over 10 s of an idle
//             page (paused, nobody touching it), and the frames drawn meanwhile; the page rests
//             (src/platform/main_web.cpp) so this should stay far below 10%
//   largest   the largest network the size limit allows (64-360-10, no augmentation) at 640x400:
//             how long lab.setConfig takes, and frame times while it trains with CG (full batch,
//             the heaviest step) and with Adam
//   sweep     frame times at 1280x800 with a lambda sweep running (Bias / variance panel open;
//             its runs are sessions the scheduler trains), main paused, then main training too
//   race      frame times at 1280x800 with an optimizer race of 3 (CG, L-BFGS, Adam) running, the
//             main network paused and then training too; per runner: iterations, evaluations and
//             the scheduler's time (served_ms), which shows the budget shared fairly by time
//   load      ms from navigation to lab.ready
//   cold_load the first useful frame from a cold load on localhost (a fresh profile: empty HTTP
//             cache, no service worker): lab.timing.ready, ms from navigation start until the
//             first frame drawn with the digits loaded (the app usable), and lab.timing.firstFrame
//             (the first frame of the UI, data still loading); median of 3 loads (target <= 1 s)
//   default_preset  the page's default network (the "reader" preset) as it trains on load: ms from
//             lab.ready until the TEST accuracy first reaches 98% (sampled every frame by pausing,
//             reading state().test_accuracy and resuming), the final test accuracy and time, and
//             the same preset trained by the CLI natively and in WebAssembly under Node.
//   site      every file of the static build: raw and gzip -9 bytes, and totals
// Usage: node bench.mjs [--epochs N] [--seconds S] [--load-only] [--quick] [--default-only]
//        (--quick: site, cold_load, w2 and default_preset without the CLI runs)
//        (BPL_SITE overrides the site folder)
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { openApp, lab, state, frames, SITE, NATIVE_CLI, WASM_CLI } from './helpers.mjs';

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
// wake: a synthetic pointer move every frame (like a user moving the mouse), so that an idle
// page keeps drawing and the figure is the cost of drawing.
async function frameTimes(page, seconds, wake = false) {
  return page.evaluate(([ms, wk]) => new Promise((resolve) => {
    const ts = [], parts = [];
    const t0 = performance.now();
    (function tick(t) {
      if (wk) window.dispatchEvent(new Event('pointermove'));
      ts.push(t);
      parts.push(window.lab.state().frame_ms);
      if (t - t0 < ms) requestAnimationFrame(tick); else resolve({ ts, parts });
    })(t0);
  }), [seconds * 1000, wake]);
}

// Main-thread busy time of an idle page over `seconds` (CDP Performance.getMetrics).
async function idleBusy(page, seconds) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const metric = async () => {
    const m = (await cdp.send('Performance.getMetrics')).metrics;
    const get = (n) => (m.find((x) => x.name === n) || {}).value || 0;
    return { task: get('TaskDuration'), script: get('ScriptDuration'), layout: get('LayoutDuration'), t: get('Timestamp') };
  };
  await lab(page, 'train', false);
  await page.mouse.move(1, 1);
  await new Promise((r) => setTimeout(r, 1500));   // let the last input settle
  const f0 = await lab(page, 'frames');
  const a = await metric();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const b = await metric();
  const f1 = await lab(page, 'frames');
  const wall = b.t - a.t;
  await cdp.detach();
  return { seconds: round(wall, 2), busy_s: round(b.task - a.task), busy_percent: round(100 * (b.task - a.task) / wall, 2),
           script_s: round(b.script - a.script), frames_drawn: f1 - f0 };
}

async function largest(page) {
  const cfg = { hidden: [360], augment: false, optimizer: 'cg', max_iterations: 100000 };
  await lab(page, 'train', false);
  const set = await page.evaluate((c) => { const t0 = performance.now(); const e = window.lab.setConfig(c); return { e, ms: performance.now() - t0 }; }, cfg);
  if (set.e) return { error: set.e };
  const res = { config: '64-360-10 sigmoid, no augmentation (27,010 parameters x 1,078 images)', set_config_ms: round(set.ms, 1) };
  for (const optimizer of ['cg', 'adam']) {
    await lab(page, 'setConfig', { optimizer });
    await lab(page, 'train', true);
    await frames(page, 10);
    res[optimizer] = summarize(await frameTimes(page, SECONDS));
    res[optimizer].steps_per_second = round((await state(page)).steps_per_second, 1);
    await lab(page, 'train', false);
  }
  const back = await page.evaluate(() => { const t0 = performance.now(); const e = window.lab.setConfig({ hidden: [25] }); return performance.now() - t0; });
  res.set_config_back_to_default_ms = round(back, 1);
  return res;
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

// The default preset from a fresh page load: every frame, pause (which makes the test accuracy
// known), read the state, resume unless training has stopped.
async function defaultPreset() {
  const app = await openApp();
  try {
    const r = await app.page.evaluate(() => new Promise((resolve) => {
      const ready = window.lab.timing.ready;
      const samples = [];
      let first98 = null;
      (function tick() {
        const was = window.lab.state();
        window.lab.train(false);
        const s = window.lab.state();
        const t = performance.now() - ready;
        samples.push({ t: Math.round(t), epoch: s.epoch, test: s.test_accuracy, val: s.val_accuracy });
        if (first98 === null && s.test_accuracy !== null && s.test_accuracy >= 0.98) first98 = { ms: Math.round(t), epoch: s.epoch };
        if (!was.stopped && !s.stopped && t < 120000) {
          window.lab.train(true);
          requestAnimationFrame(tick);
        } else {
          resolve({ preset: s.preset, first98, final: { ms: Math.round(t), epoch: s.epoch, test_accuracy: s.test_accuracy,
            val_accuracy: s.val_accuracy, stop_reason: s.stop_reason }, samples: samples.filter((_, i) => i % 10 === 0) });
        }
      })();
    }));
    // Epochs per second of the page's own training from lab.ready (the figure -O levels must not lower).
    const epochs_per_s = r.final && r.final.ms > 0 ? round(r.final.epoch / (r.final.ms / 1000), 2) : null;
    return { ready_ms: app.readyMs, epochs_per_s, ...r };
  } finally {
    await app.close();
  }
}

function cliTrain(cmd) {
  try {
    const text = execFileSync(cmd[0], [...cmd.slice(1), 'train', '--preset', 'reader', '--quiet', '--no-save'],
      { encoding: 'utf8', timeout: 300000 });
    const m = /test ([0-9.]+)%/.exec(text), t = /([0-9.]+) ms/.exec(text);
    return { test_accuracy: m ? Number(m[1]) / 100 : null, training_ms: t ? Number(t[1]) : null };
  } catch (e) {
    return { error: String(e.message || e).slice(0, 200) };
  }
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

// Cold loads: each in a fresh browser profile (nothing cached), median of `n`.
async function coldLoad(n = 3) {
  const runs = [];
  for (let i = 0; i < n; ++i) {
    const app = await openApp({ width: 1280, height: 800 });
    try {
      runs.push(await app.page.evaluate(() => window.lab.timing));
    } finally {
      await app.close();
    }
  }
  const med = (k) => runs.map((r) => r[k]).sort((a, b) => a - b)[Math.floor(runs.length / 2)];
  return { first_useful_frame_ms: med('ready'), first_frame_ms: med('firstFrame'), runtime_ms: med('runtime'),
           runs, note: 'ms from navigation start on localhost, fresh profile; first_useful_frame_ms = lab.timing.ready' };
}

const out = { browser: null, site: siteSizes(SITE), frames: [] };
out.cold_load = await coldLoad(3);
console.log('cold load: first useful frame ' + out.cold_load.first_useful_frame_ms + ' ms (median of 3), site ' +
            out.site.total_gzip_bytes + ' bytes gzipped (' + out.site.total_bytes + ' raw)');
// The site's size against issue 17's budget (600 KB gzipped), and per file (gzip -9 bytes).
const SITE_BUDGET = 600 * 1000;   // KB = 1,000 bytes, as the issue counts
console.log('site ' + (out.site.total_gzip_bytes / 1000).toFixed(1) + ' KB gzipped, budget ' + SITE_BUDGET / 1000 + ' KB: ' +
            (out.site.total_gzip_bytes <= SITE_BUDGET ? 'within' : 'OVER by ' + ((out.site.total_gzip_bytes - SITE_BUDGET) / 1000).toFixed(1) + ' KB'));
for (const f of out.site.files) console.log('  ' + String(f.gzip_bytes).padStart(8) + ' gz ' + String(f.bytes).padStart(9) + ' raw  ' + f.file);
if (process.argv.includes('--load-only')) {
  console.log(JSON.stringify({ site: out.site, cold_load: out.cold_load }, null, 2));
  process.exit(0);
}
if (process.argv.includes('--quick')) {
  // The headline figures only: site size, cold load, W2 and the default preset's time to 98% test.
  const app = await openApp({ width: 1280, height: 800 });
  try {
    await lab(app.page, 'train', false);
    out.w2 = await w2(app.page, EPOCHS);
  } finally {
    await app.close();
  }
  out.default_preset = await defaultPreset();
  delete out.default_preset.samples;
  console.log(JSON.stringify({ site_gzip_bytes: out.site.total_gzip_bytes, site_bytes: out.site.total_bytes,
                               files: out.site.files.map((f) => `${f.file} ${f.bytes} ${f.gzip_bytes}`),
                               cold_load: out.cold_load, w2: out.w2, default_preset: out.default_preset }, null, 2));
  process.exit(0);
}
out.default_preset = await defaultPreset();
out.default_preset.cli_native = fs.existsSync(NATIVE_CLI) ? cliTrain([NATIVE_CLI]) : { error: 'no native CLI' };
out.default_preset.cli_wasm_node = fs.existsSync(WASM_CLI) ? cliTrain([process.execPath, '--no-experimental-fetch', WASM_CLI]) : { error: 'no wasm CLI' };
if (process.argv.includes('--default-only')) {
  console.log(JSON.stringify(out.default_preset, null, 2));
  process.exit(0);
}
for (const [width, height] of [[1280, 800], [640, 400]]) {
  const app = await openApp({ width, height });
  try {
    const { page } = app;
    out.browser = await page.evaluate(() => navigator.userAgent);
    if (width === 1280) out.load = { ready_ms: app.readyMs, timing: await page.evaluate(() => window.lab.timing) };
    // Frame times while paused (drawing only), then while training the default network.
    await lab(page, 'train', false);
    await frames(page, 10);
    const paused = summarize(await frameTimes(page, SECONDS, true));
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
                      paused_note: 'paused with a pointer move every frame (an untouched idle page does not draw)',
                      training_config: '64-64-10 relu/softmax, Adam', training,
                      steps_per_second: round(st.steps_per_second, 1), iteration: st.iteration });
    if (width === 1280) out.race = await raceFrames(page);
    if (width === 1280) out.sweep = await sweepFrames(page);
    if (width === 1280) out.w2 = await w2(page, EPOCHS);
    if (width === 1280) out.idle = await idleBusy(page, 10);
    if (width === 640) out.largest = await largest(page);
    out.page_errors = [...(out.page_errors || []), ...app.pageErrors, ...app.consoleErrors];
  } finally {
    await app.close();
  }
}
console.log(JSON.stringify(out, null, 2));
