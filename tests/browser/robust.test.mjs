// Issue 9, "robust for a whole lesson": model files (export/download, import through the real
// file input, the Model menu's file chooser and drag-and-drop; bad files change nothing),
// divergence that restores finite weights, the size limit and a large network that keeps
// answering clicks, an idle page that rests, the Content-Security-Policy and no foreign requests.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openApp, lab, state, frames, pollUntil, clickAt, SITE } from './helpers.mjs';

// ---------------------------------------------------------------- helpers

/** Everything a bad import must leave alone. */
async function snapshot(page) {
  const s = await state(page);
  return {
    model: await lab(page, 'exportModel'),
    iteration: s.iteration,
    history_points: s.history_points,
    training: s.training,
    val_loss: s.val_loss,
    config: JSON.stringify(s.config),
  };
}

function assertUnchanged(before, afterSnap, what) {
  assert.equal(afterSnap.iteration, before.iteration, `${what}: iteration changed`);
  assert.equal(afterSnap.history_points, before.history_points, `${what}: the curves changed`);
  assert.equal(afterSnap.training, before.training, `${what}: the training state changed`);
  assert.equal(afterSnap.config, before.config, `${what}: the config changed`);
  assert.equal(afterSnap.val_loss, before.val_loss, `${what}: the validation loss changed`);
  assert.ok(afterSnap.model === before.model, `${what}: the model (weights) changed`);
}

/** A model file the page would accept, edited by `edit(obj)` (JSON object in, object out). */
function edited(goodText, edit) {
  const j = JSON.parse(goodText);
  edit(j);
  return JSON.stringify(j);
}

// [kind, file name, contents (string or Buffer) from the good export, words the message must hold]
function badFiles(good) {
  const half = good.slice(0, Math.floor(good.length / 2));
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 1, 0]);
  const hidden512 = (j) => {
    j.architecture.hidden = [512];
    j.training.hidden = [512];
    j.training.augment = false;
    j.training.optimizer = 'cg';   // full-batch: one pass is cost and gradient over every image
    const n = 64 * 512 + 512 + 512 * 10 + 10;
    j.param_count = n;
    j.parameters = new Array(n).fill(0.01);
  };
  return [
    ['not JSON', 'notes.json', 'my homework: 2 + 2 = 4', 'not valid JSON'],
    ['empty', 'empty.json', '', 'empty'],
    ['binary (a PNG)', 'digit.png', png, 'binary'],
    ['truncated', 'cut.json', half, 'JSON'],
    ['a JSON array', 'list.json', '[1, 2, 3]', 'object'],
    ['another kind of JSON', 'config.json', '{"hidden": [32], "optimizer": "adam"}', 'not a Backprop Lab model'],
    ['a newer version', 'future.json', edited(good, (j) => { j.version = 99; }), 'version'],
    ['wrong parameter count', 'short.json', edited(good, (j) => { j.parameters = j.parameters.slice(1); }), 'parameters'],
    ['wrong declared size', 'count.json', edited(good, (j) => { j.param_count += 7; }), 'param_count'],
    ['a NaN parameter', 'nan.json', good.replace('"parameters": [', '"parameters": [NaN,'), 'JSON'],
    ['an infinite parameter', 'inf.json', edited(good, (j) => { j.parameters[3] = 1e999; }).replace('null', '1e999'), 'overflow'],
    ['a null parameter', 'null.json', edited(good, (j) => { j.parameters[3] = null; }), 'finite'],
    ['absurd layer size', 'huge-layer.json', edited(good, (j) => { j.architecture.hidden = [100000]; }), 'units'],
    ['too many layers', 'deep.json', edited(good, (j) => { j.architecture.hidden = new Array(50).fill(4); }), 'layers'],
    ['a network over the size limit', 'big.json', edited(good, hidden512), 'too large'],
    ['wrong types', 'types.json', edited(good, (j) => { j.architecture.activation = 7; j.parameters = 'abc'; }), 'activation'],
    ['scaling with a zero scale', 'scale.json', edited(good, (j) => { j.scaling.scale[5] = 0; }), 'scale'],
  ];
}

// ---------------------------------------------------------------- the app, once

describe('robust for a whole lesson', () => {
  let app, page, good, tmp;
  before(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bpl-files-'));
    app = await openApp();
    page = app.page;
    await page.evaluate(() => {
      window.__csp = [];
      document.addEventListener('securitypolicyviolation', (e) =>
        window.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
    });
    await lab(page, 'step', 3);
    await lab(page, 'train', false);
    await frames(page, 2);
    good = await lab(page, 'exportModel');
  });
  after(async () => {
    await app?.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  test('the Content-Security-Policy is strict, present and blocks nothing the app needs', async () => {
    const csp = await page.evaluate(() => {
      const m = document.querySelector('meta[http-equiv="Content-Security-Policy"]');
      return m ? m.getAttribute('content') : null;
    });
    assert.ok(csp, 'no CSP meta tag');
    assert.match(csp, /default-src 'self'/);
    assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'(;|$)/);
    assert.doesNotMatch(csp, /unsafe-inline|'unsafe-eval'|https?:|\*/, 'the CSP allows inline script, eval or other origins');
    // The page has no inline script: every <script> has a same-origin src.
    const inline = await page.evaluate(() => [...document.scripts].filter((s) => !s.src).length);
    assert.equal(inline, 0, 'inline <script> in the page');
    const s = await state(page);
    assert.ok(s.has_data && s.iteration >= 3, 'the app did not run under the CSP');
    // Emscripten built without dynamic code (-sDYNAMIC_EXECUTION=0).
    const js = fs.readFileSync(path.join(SITE, 'backprop-lab-app.js'), 'utf8');
    assert.doesNotMatch(js, /new Function\(|[^.\w]eval\(/, 'the app JavaScript contains eval/new Function');
  });

  test('exporting through Model > Export model downloads the current model', async () => {
    const m = await lab(page, 'controlRect', 'model');
    assert.ok(m && m.w > 0, 'no Model menu button');
    await clickAt(page, m.x + m.w / 2, m.y + m.h / 2);
    await lab(page, 'nextFrame');
    const item = await lab(page, 'controlRect', 'model:export');
    assert.ok(item && item.w > 0, 'no Export model item');
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 10000 }),
      clickAt(page, item.x + item.w / 2, item.y + item.h / 2),
    ]);
    assert.match(download.suggestedFilename(), /^backprop-lab-64-.*-10\.json$/);
    const file = path.join(tmp, 'download.json');
    await download.saveAs(file);
    const text = fs.readFileSync(file, 'utf8');
    assert.equal(text, await lab(page, 'exportModel'));
    const j = JSON.parse(text);
    assert.equal(j.format, 'backprop-lab-model');
    assert.equal(j.parameters.length, j.param_count);
    assert.ok(j.training && j.scaling && j.architecture);
  });

  test('bad files through the real file input change nothing and say why', async () => {
    const kinds = badFiles(good);
    assert.ok(kinds.length >= 10);
    for (const [kind, name, body, words] of kinds) {
      const before = await snapshot(page);
      const file = path.join(tmp, name);
      fs.writeFileSync(file, body);
      await page.setInputFiles('#model-file', file);
      const r = await pollUntil(() => state(page), (s) => s.last_error.includes(name), { timeoutMs: 10000 });
      assert.ok(r.ok, `${kind}: no message in the page (last_error ${JSON.stringify(r.value.last_error)})`);
      assert.ok(r.value.last_error.toLowerCase().includes(words.toLowerCase()),
        `${kind}: the message does not say '${words}': ${r.value.last_error}`);
      assertUnchanged(before, await snapshot(page), kind);
    }
  });

  test('a 100 MB file is refused from its size, before it is read', async () => {
    const before = await snapshot(page);
    const file = path.join(tmp, 'huge.json');
    const fd = fs.openSync(file, 'w');
    fs.ftruncateSync(fd, 100 * 1024 * 1024);   // sparse: no 100 MB written to the disk
    fs.closeSync(fd);
    const heap0 = await page.evaluate(() => performance.memory ? performance.memory.usedJSHeapSize : 0);
    await page.setInputFiles('#model-file', file);
    const r = await pollUntil(() => state(page), (s) => s.last_error.includes('huge.json'), { timeoutMs: 10000 });
    assert.ok(r.ok, 'no message for a 100 MB file');
    assert.match(r.value.last_error, /too large/);
    const heap1 = await page.evaluate(() => performance.memory ? performance.memory.usedJSHeapSize : 0);
    assert.ok(heap1 - heap0 < 50e6, `the page read the file (JS heap grew by ${((heap1 - heap0) / 1e6).toFixed(0)} MB)`);
    assertUnchanged(before, await snapshot(page), '100 MB file');
  });

  test('bad files dropped on the page change nothing and say why', async () => {
    for (const [kind, name, body, words] of badFiles(good)) {
      const before = await snapshot(page);
      const bytes = [...(Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8'))];
      const dt = await page.evaluateHandle(([b, n]) => {
        const d = new DataTransfer();
        d.items.add(new File([new Uint8Array(b)], n, { type: 'application/json' }));
        return d;
      }, [bytes, 'dropped-' + name]);
      await page.dispatchEvent('#canvas', 'dragenter', { dataTransfer: dt });
      await page.dispatchEvent('#canvas', 'dragover', { dataTransfer: dt });
      await page.dispatchEvent('#canvas', 'drop', { dataTransfer: dt });
      const r = await pollUntil(() => state(page), (s) => s.last_error.includes('dropped-' + name), { timeoutMs: 10000 });
      assert.ok(r.ok, `${kind} (dropped): no message (last_error ${JSON.stringify(r.value.last_error)})`);
      assert.ok(r.value.last_error.toLowerCase().includes(words.toLowerCase()),
        `${kind} (dropped): the message does not say '${words}': ${r.value.last_error}`);
      assertUnchanged(before, await snapshot(page), kind + ' (dropped)');
    }
    // 100 MB dropped: refused by size.
    const before = await snapshot(page);
    const dt = await page.evaluateHandle(() => {
      const d = new DataTransfer();
      d.items.add(new File([new Uint8Array(100 * 1024 * 1024)], 'dropped-huge.json'));
      return d;
    });
    await page.dispatchEvent('#canvas', 'drop', { dataTransfer: dt });
    const r = await pollUntil(() => state(page), (s) => s.last_error.includes('dropped-huge.json'), { timeoutMs: 10000 });
    assert.ok(r.ok && /too large/.test(r.value.last_error), `100 MB dropped: ${r.value.last_error}`);
    assertUnchanged(before, await snapshot(page), '100 MB dropped');
    const overlay = await page.evaluate(() => document.getElementById('drop').hidden);
    assert.equal(overlay, true, 'the drop overlay stayed visible');
  });

  test('lab.importModel refuses bad text with the message and imports a good model coherently', async () => {
    const before = await snapshot(page);
    for (const t of ['', 'null', '{"format":"backprop-lab-model","version":1}', good.slice(0, 100)]) {
      const err = await lab(page, 'importModel', t);
      assert.ok(typeof err === 'string' && err.length > 0, `accepted ${JSON.stringify(t.slice(0, 40))}`);
    }
    assertUnchanged(before, await snapshot(page), 'lab.importModel');
    // A different model (other architecture, trained a bit) ...
    assert.equal(await lab(page, 'setConfig', { hidden: [12, 8], activation: 'tanh', output: 'softmax', seed: 5 }), '');
    await lab(page, 'step', 4);
    const other = await lab(page, 'exportModel');
    const probe = new Array(64).fill(0).map((_, i) => (i * 7) % 17);
    const pOther = await lab(page, 'predict', probe);
    // ... back to the first model through a file dropped on the page.
    const bytes = [...Buffer.from(good, 'utf8')];
    const dt = await page.evaluateHandle(([b]) => {
      const d = new DataTransfer();
      d.items.add(new File([new Uint8Array(b)], 'good.json', { type: 'application/json' }));
      return d;
    }, [bytes]);
    await page.dispatchEvent('#canvas', 'drop', { dataTransfer: dt });
    const r = await pollUntil(() => lab(page, 'exportModel'), (m) => m === good, { timeoutMs: 10000 });
    assert.ok(r.ok, 'the dropped model was not adopted exactly');
    const s = await state(page);
    assert.deepEqual(s.config.hidden, JSON.parse(good).architecture.hidden);
    assert.equal(s.training, false);
    assert.equal(s.iteration, 0);
    assert.equal(s.history_points, 1, 'the curves did not restart at the imported model');
    assert.match(s.last_notice, /Imported model .* from good\.json/);
    assert.equal(s.last_error, '');
    // and the other one through lab.importModel: predictions come back exactly.
    assert.equal(await lab(page, 'importModel', other), '');
    assert.deepEqual(await lab(page, 'predict', probe), pOther);
    // Through the Model menu's file chooser (the button opens the browser's picker).
    const m = await lab(page, 'controlRect', 'model');
    await clickAt(page, m.x + m.w / 2, m.y + m.h / 2);
    await lab(page, 'nextFrame');
    const item = await lab(page, 'controlRect', 'model:import');
    const goodFile = path.join(tmp, 'good-again.json');
    fs.writeFileSync(goodFile, good);
    const [chooser] = await Promise.all([
      page.waitForEvent('filechooser', { timeout: 10000 }),
      clickAt(page, item.x + item.w / 2, item.y + item.h / 2),
    ]);
    await chooser.setFiles(goodFile);
    const r2 = await pollUntil(() => lab(page, 'exportModel'), (t) => t === good, { timeoutMs: 10000 });
    assert.ok(r2.ok, 'the model picked in the file chooser was not adopted');
  });

  for (const [label, cfg, mustDiverge] of [
    ['SGD, learning rate 1e6', { hidden: [25], optimizer: 'sgd', learning_rate: 1e6, max_iterations: 60 }, true],
    ['momentum 0.9999, learning rate 10', { hidden: [25], activation: 'relu', output: 'softmax', optimizer: 'momentum', learning_rate: 10, momentum: 0.9999, max_iterations: 60 }, true],
    ['Adam, learning rate 1e3', { hidden: [25], optimizer: 'adam', learning_rate: 1e3, max_iterations: 60 }, false],
  ]) {
    test(`divergence with ${label} restores finite weights and keeps a finite history`, async () => {
      assert.equal(await lab(page, 'setConfig', { activation: 'sigmoid', output: 'sigmoid', augment: false, ...cfg }), '');
      await lab(page, 'reset');
      await lab(page, 'train', true);
      const r = await pollUntil(() => state(page), (s) => !s.training, { timeoutMs: 120000 });
      assert.ok(r.ok, 'training did not stop');
      const s = r.value;
      if (mustDiverge) {
        assert.ok(s.divergence, `did not diverge (stop: ${s.stop_reason})`);
        assert.match(s.stop_reason, /diverged/);
        assert.match(s.last_error, /diverged.*restored/i);
        assert.match(s.last_error, /try/i);
        assert.equal(s.iteration, s.divergence.restored_iteration);
      }
      for (const k of ['train_loss', 'val_loss', 'train_accuracy', 'val_accuracy', 'cost'])
        assert.ok(Number.isFinite(s[k]), `${k} is ${s[k]}`);
      const model = JSON.parse(await lab(page, 'exportModel'));   // JSON.parse fails on NaN
      assert.equal(model.parameters.length, model.param_count);
      assert.ok(model.parameters.every(Number.isFinite), 'non-finite weights');
      // The restored model still imports (the loader refuses non-finite parameters).
      assert.equal(await lab(page, 'importModel', JSON.stringify(model)), '');
      await frames(page, 2);
    });
  }

  test('the idle page stops drawing and wakes at once on input', async () => {
    await lab(page, 'train', false);
    await page.mouse.move(5, 795);
    // Settle, then count frames over ~3 s of nothing.
    await new Promise((r) => setTimeout(r, 1500));
    const f0 = await lab(page, 'frames');
    const ticks = await page.evaluate(() => new Promise((resolve) => {
      let n = 0;
      const t0 = performance.now();
      (function tick() { ++n; if (performance.now() - t0 < 3000) requestAnimationFrame(tick); else resolve(n); })();
    }));
    const f1 = await lab(page, 'frames');
    assert.ok(ticks > 10, `only ${ticks} animation frames in 3 s`);
    assert.ok(f1 - f0 <= 5, `the idle page drew ${f1 - f0} frames in ${ticks} animation frames`);
    // A real mouse move over the canvas: the very next animation frames draw.
    await page.mouse.move(640, 400);
    const first = await page.evaluate(() => new Promise((resolve) => {
      const a = window.lab.frames();
      requestAnimationFrame(() => requestAnimationFrame(() => resolve(window.lab.frames() - a)));
    }));
    assert.ok(first >= 1, 'no frame in the 2 animation frames after a mouse move');
    // A user moving the mouse (pointer events every frame): every animation frame draws.
    const drawn = await page.evaluate(() => new Promise((resolve) => {
      const a = window.lab.frames();
      let n = 0;
      (function tick() {
        window.dispatchEvent(new Event('pointermove'));
        if (++n >= 8) resolve(window.lab.frames() - a); else requestAnimationFrame(tick);
      })();
    }));
    assert.ok(drawn >= 6, `only ${drawn} frames in 8 animation frames while the pointer moves`);
    const s = await state(page);
    assert.ok(s.skipped_frames > 0);
  });

  test('a network over the size limit is refused with an estimate; nothing changes', async () => {
    const before = await snapshot(page);
    const err = await lab(page, 'setConfig', { hidden: [1024, 1024, 1024, 1024, 1024, 1024, 1024, 1024] });
    assert.match(err, /too large/);
    assert.match(err, /limit/);
    assertUnchanged(before, await snapshot(page), 'refused network');
  });

  test('lab.memory(): switching networks back and forth leaks nothing', async () => {
    const cfg = (await state(page)).config;
    const big = { hidden: [250, 250], augment: false };
    const back = { hidden: cfg.hidden, augment: cfg.augment };
    const use = async (c) => { assert.equal(await lab(page, 'setConfig', c), ''); return lab(page, 'memory'); };
    const a1 = await use(big), b1 = await use(back), a2 = await use(big), b2 = await use(back), a3 = await use(big);
    for (const m of [a1, b1, a2, b2, a3]) {
      assert.ok(m.in_use_bytes > 1e6, JSON.stringify(m));            // the digits and a network at least
      assert.ok(m.in_use_bytes <= m.heap_bytes, JSON.stringify(m));
    }
    // The same config in use again takes the same memory (to 64 KB): nothing piles up per switch.
    const near = (x, y, what) => assert.ok(Math.abs(x.in_use_bytes - y.in_use_bytes) <= 65536,
                                           `${what}: ${JSON.stringify(x)} vs ${JSON.stringify(y)}`);
    near(a1, a2, 'big network, 1st vs 2nd time');
    near(a2, a3, 'big network, 2nd vs 3rd time');
    near(b1, b2, 'default network, 1st vs 2nd time');
    assert.equal(await lab(page, 'setConfig', cfg), '');
  });

  test('no request left the origin, no console errors, no CSP violations; the CSP is in force', async () => {
    assert.deepEqual(app.foreignRequests, []);
    assert.deepEqual(await page.evaluate(() => window.__csp), []);
    assert.deepEqual(app.pageErrors, []);
    assert.deepEqual(app.consoleErrors, []);
    // Injected inline script does not run, and the browser reports the violation.
    const ran = await page.evaluate(() => new Promise((resolve) => {
      const sc = document.createElement('script');
      sc.textContent = 'window.__inlineRan = true;';
      document.head.appendChild(sc);
      setTimeout(() => resolve(window.__inlineRan === true), 200);
    }));
    assert.equal(ran, false, 'inline script ran: the CSP is not in force');
    const v = await page.evaluate(() => window.__csp);
    assert.ok(v.some((x) => x.startsWith('script-src')), `no violation reported: ${JSON.stringify(v)}`);
  });
});

// The largest allowed network, trained with the heaviest optimizer (full batch), at 640x400:
// the Pause button still answers a real click within a few frames.
describe('largest allowed network', () => {
  let app, page;
  before(async () => {
    app = await openApp({ width: 640, height: 400 });
    page = app.page;
  });
  after(async () => { await app?.close(); });

  test('keeps answering clicks while it trains', async () => {
    // 64-360-10 without augmentation: 27,010 parameters x 1,078 images, just under the limit.
    assert.equal(await lab(page, 'setConfig', { hidden: [360], augment: false, optimizer: 'cg' }), '');
    assert.match(await lab(page, 'setConfig', { hidden: [400] }), /too large/);
    await lab(page, 'train', true);
    const r = await pollUntil(() => state(page), (s) => s.iteration >= 3, { timeoutMs: 60000 });
    assert.ok(r.ok && r.value.training, 'it does not train');
    const b = await lab(page, 'controlRect', 'train');
    await page.mouse.move(b.x + b.w / 2, b.y + b.h / 2);
    await frames(page, 2);
    // Frames counted in the page, from the moment the button is released to the moment
    // training is off (independent of how slow the machine or the test driver is).
    await page.evaluate(() => {
      window.__up = null;
      window.addEventListener('mouseup', () => { window.__up = window.lab.frames(); }, { capture: true, once: true });
    });
    await page.mouse.down();
    await page.mouse.up();
    const p = await page.evaluate(() => new Promise((resolve) => {
      const t0 = performance.now();
      (function tick() {
        if (window.__up !== null && !window.lab.state().training) resolve({ frames: window.lab.frames() - window.__up });
        else if (performance.now() - t0 > 20000) resolve({ frames: null, up: window.__up, s: window.lab.state().training });
        else requestAnimationFrame(tick);
      })();
    }));
    assert.ok(p.frames !== null, `the click on Pause was not answered ${JSON.stringify(p)}`);
    assert.ok(p.frames <= 3, `Pause took effect ${p.frames} frames after the button was released`);
    assert.deepEqual(app.pageErrors, []);
  });
});
