// Soak run (not in CI): trains in headless Chromium for N minutes, and every minute switches
// the config (architecture, optimizer, scaling...), exports the model and imports it back, and
// throws a bad file at it. Prints wasm heap, JS heap and frame times at the start and the end
// (and every minute with --verbose). Everything should stay flat.
//   node tests/browser/soak.mjs [--minutes 30] [--verbose]        (run it with `nice`)
import { openApp, lab, state } from './helpers.mjs';

const argv = process.argv.slice(2);
const MINUTES = Number(argv[argv.indexOf('--minutes') + 1] || 30) || 30;
const VERBOSE = argv.includes('--verbose');

const CONFIGS = [
  { hidden: [64], activation: 'relu', output: 'softmax', optimizer: 'adam', learning_rate: 0.001, max_iterations: 100000 },
  { hidden: [32, 16], activation: 'tanh', output: 'softmax', optimizer: 'momentum', learning_rate: 0.05, max_iterations: 100000 },
  { hidden: [25], activation: 'sigmoid', output: 'sigmoid', optimizer: 'cg', max_iterations: 100000, scaling: 'standardize' },
  { hidden: [48], activation: 'relu', output: 'softmax', optimizer: 'lbfgs', max_iterations: 100000, scaling: 'divide16' },
  { hidden: [25], optimizer: 'sgd', learning_rate: 1e6, max_iterations: 100000 },   // diverges on purpose
];

const round = (v, d = 1) => Math.round(v * 10 ** d) / 10 ** d;
const quantile = (a, q) => { const s = [...a].sort((x, y) => x - y); return s.length ? s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)] : null; };

async function sample(page, cdp) {
  await cdp.send('HeapProfiler.collectGarbage');
  const m = await page.evaluate(() => new Promise((resolve) => {
    const ts = [];
    const t0 = performance.now();
    (function tick(t) {
      ts.push(t);
      if (t - t0 < 3000) requestAnimationFrame(tick);
      else {
        const M = window.Module || {};
        const wasm = M.HEAP8 ? M.HEAP8.length : (M.wasmMemory ? M.wasmMemory.buffer.byteLength : null);
        const live = window.lab.memory ? window.lab.memory().in_use_bytes : null;
        resolve({ ts, wasm, live, js: performance.memory ? performance.memory.usedJSHeapSize : null });
      }
    })(t0);
  }));
  const dt = m.ts.slice(1).map((t, i) => t - m.ts[i]);
  const s = await state(page);
  return {
    wasm_heap_mb: m.wasm === null ? null : round(m.wasm / 1048576),
    malloc_in_use_mb: m.live === null ? null : round(m.live / 1048576, 2), js_heap_mb: m.js === null ? null : round(m.js / 1048576, 2),
    frame_median_ms: round(quantile(dt, 0.5)), frame_p95_ms: round(quantile(dt, 0.95)),
    iteration: s.iteration, config: `${s.config.hidden.join('-')} ${s.config.optimizer}`,
  };
}

const app = await openApp({ width: 1280, height: 800, readyTimeoutMs: 60000 });
const { page } = app;
const cdp = await page.context().newCDPSession(page);
const t0 = Date.now();
let imports = 0, exports = 0, refused = 0, failures = [];
try {
  await lab(page, 'setConfig', CONFIGS[0]);
  await lab(page, 'train', true);
  await new Promise((r) => setTimeout(r, 5000));
  const start = await sample(page, cdp);
  console.log('start', JSON.stringify(start));
  for (let minute = 1; minute <= MINUTES; ++minute) {
    const until = t0 + minute * 60000;
    await new Promise((r) => setTimeout(r, Math.max(0, until - Date.now())));
    const text = await lab(page, 'exportModel');
    exports++;
    const bad = await lab(page, 'importModel', text.slice(0, text.length >> 1));
    if (bad) refused++; else failures.push(`minute ${minute}: a truncated file was accepted`);
    const err = await lab(page, 'importModel', text);
    if (err) failures.push(`minute ${minute}: import of the export failed: ${err}`); else imports++;
    const e2 = await lab(page, 'setConfig', CONFIGS[minute % CONFIGS.length]);
    if (e2) failures.push(`minute ${minute}: setConfig: ${e2}`);
    await lab(page, 'train', true);
    if (VERBOSE) console.log(`minute ${minute}`, JSON.stringify(await sample(page, cdp)));
  }
  await lab(page, 'setConfig', CONFIGS[0]);
  await lab(page, 'train', true);
  await new Promise((r) => setTimeout(r, 5000));
  const end = await sample(page, cdp);
  console.log('end', JSON.stringify(end));
  console.log(JSON.stringify({
    minutes: MINUTES, exports, imports, refused_bad_files: refused, failures,
    page_errors: app.pageErrors, console_errors: app.consoleErrors, start, end,
  }, null, 2));
} finally {
  await app.close();
}
