// The Backprop panel, through the real UI:
//   - it opens from the toolbar's View menu (closed by default)
//   - a digit clicked in the Data panel becomes the stepper's example (trace().index, label)
//   - the Next button and the ArrowRight/ArrowLeft keys walk through every step; a screenshot of
//     each step type lands in artifacts/
//   - lab.backprop.trace() equals a forward/backward pass recomputed HERE in plain JavaScript from
//     lab.model() and the example's pixels (1e-6 relative, float64), for the default network and
//     for a two-hidden-layer ReLU/softmax network; dW includes lambda/m W with m = training-set size
//   - a tap on a touch screen pins a value's explanation (nothing is reachable by hover alone)
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { openApp, lab, state, frames, clickAt, pollUntil, ensureArtifacts, overlaps } from './helpers.mjs';

const N_DIGITS = 1797;   // images in the UCI digits file

// ---------------------------------------------------------------- the reference implementation

/** Forward and backward pass of one example, from the model file JSON only. */
function referenceTrace(model, pixels, label) {
  const arch = model.architecture;
  const sizes = [arch.inputs, ...arch.hidden, arch.outputs];
  const L = sizes.length - 1;
  const theta = model.parameters;
  // Layer l (1..L): W is (n_l x n_{l-1}) stored column-major at its offset, then b (n_l).
  const W = [null], b = [null];
  let off = 0;
  for (let l = 1; l <= L; ++l) {
    const rows = sizes[l], cols = sizes[l - 1];
    const wOff = off;
    W.push((i, j) => theta[wOff + j * rows + i]);
    off += rows * cols;
    b.push(theta.slice(off, off + rows));
    off += rows;
  }
  assert.equal(off, theta.length, 'the parameter count does not match the architecture');
  const g = {
    sigmoid: (z) => 1 / (1 + Math.exp(-z)),
    tanh: (z) => Math.tanh(z),
    relu: (z) => Math.max(0, z),
  }[arch.activation];
  const gprime = {
    sigmoid: (z) => { const s = 1 / (1 + Math.exp(-z)); return s * (1 - s); },
    tanh: (z) => 1 - Math.tanh(z) ** 2,
    relu: (z) => (z > 0 ? 1 : 0),
  }[arch.activation];
  const a = [pixels.map((x, i) => (x - model.scaling.mean[i]) / model.scaling.scale[i])];
  const z = [null];
  for (let l = 1; l <= L; ++l) {
    const zl = [];
    for (let i = 0; i < sizes[l]; ++i) {
      let s = b[l][i];
      for (let j = 0; j < sizes[l - 1]; ++j) s += W[l](i, j) * a[l - 1][j];
      zl.push(s);
    }
    z.push(zl);
    if (l < L) a.push(zl.map(g));
    else if (arch.output === 'softmax') {
      const mx = Math.max(...zl);
      const e = zl.map((v) => Math.exp(v - mx));
      const sum = e.reduce((p, q) => p + q, 0);
      a.push(e.map((v) => v / sum));
    } else a.push(zl.map((v) => 1 / (1 + Math.exp(-v))));
  }
  const y = Array.from({ length: arch.outputs }, (_, k) => (k === label ? 1 : 0));
  const out = a[L];
  const loss = arch.output === 'softmax'
    ? -Math.log(out[label])
    : -out.reduce((s, p, k) => s + (y[k] ? Math.log(p) : Math.log(1 - p)), 0);
  const delta = new Array(L + 1);
  delta[L] = out.map((p, k) => p - y[k]);   // one example: m = 1
  for (let l = L - 1; l >= 1; --l) {
    delta[l] = z[l].map((zi, i) => {
      let s = 0;
      for (let k = 0; k < sizes[l + 1]; ++k) s += W[l + 1](k, i) * delta[l + 1][k];
      return s * gprime(zi);
    });
  }
  // m of the regularizer: the number of images the optimizer fits - the training split, plus the
  // drawn-style digits, times (copies + 1) with augmentation.
  const cfg = model.training;
  const aug = cfg.augmentation;
  const mReg = cfg.augment ? (Math.round(N_DIGITS * cfg.train_fraction) + aug.drawn) * (aug.copies + 1)
                           : Math.round(N_DIGITS * cfg.train_fraction);
  const lambda = cfg.lambda;
  const layers = [];
  for (let l = 1; l <= L; ++l) {
    const dW = [];
    for (let i = 0; i < sizes[l]; ++i) {
      const row = [];
      for (let j = 0; j < sizes[l - 1]; ++j) row.push(delta[l][i] * a[l - 1][j] + (lambda / mReg) * W[l](i, j));
      dW.push(row);
    }
    layers.push({ z: z[l], a: a[l], delta: delta[l], dW, db: delta[l] });
  }
  return { loss, layers, mReg, a0: a[0] };
}

/** Per entry |x - y| <= 1e-6 max(|x|, |y|), with a floor of 1e-12 of the array's largest value. */
function assertClose(actual, expected, what) {
  const flat = (v) => (Array.isArray(v) ? v.flat(Infinity) : [v]);
  const x = flat(actual), y = flat(expected);
  assert.equal(x.length, y.length, `${what}: ${x.length} values, expected ${y.length}`);
  const scale = Math.max(...y.map(Math.abs), 0);
  for (let k = 0; k < x.length; ++k) {
    const tol = 1e-6 * Math.max(Math.abs(x[k]), Math.abs(y[k])) + 1e-12 * scale;
    assert.ok(Number.isFinite(x[k]) && Math.abs(x[k] - y[k]) <= tol, `${what}[${k}]: ${x[k]} vs ${y[k]}`);
  }
}

async function checkTraceAgainstReference(page) {
  const t = await lab(page, 'backprop.trace');
  assert.ok(t && t.layers, 'no trace');
  assert.equal(t.stale, false, 'the trace is stale: its weights are not the model\'s');
  const model = await lab(page, 'model');
  const ref = referenceTrace(model, t.pixels, t.label);
  assert.equal(t.m_reg, ref.mReg, 'm of the regularizer is not the training-set size');
  assertClose(t.a0, ref.a0, 'a0');
  assertClose(t.loss, ref.loss, 'loss');
  assert.equal(t.layers.length, ref.layers.length);
  t.layers.forEach((layer, i) => {
    for (const key of ['z', 'a', 'delta', 'dW', 'db']) assertClose(layer[key], ref.layers[i][key], `layer ${i + 1} ${key}`);
    // dW is rows = units of the layer, columns = units of the previous layer
    assert.equal(layer.dW.length, ref.layers[i].z.length);
    assert.equal(layer.dW[0].length, i === 0 ? 64 : ref.layers[i - 1].z.length);
  });
  return t;
}

// ---------------------------------------------------------------- UI helpers

async function clickControl(page, name) {
  const r = await lab(page, 'controlRect', name);
  assert.ok(r && r.w > 0, `lab.controlRect('${name}') gave no rectangle`);
  await clickAt(page, r.x + r.w / 2, r.y + r.h / 2);
  return r;
}

async function openFromViewMenu(page, name) {
  await clickControl(page, 'view');
  await lab(page, 'nextFrame');
  await frames(page, 1);
  await clickControl(page, `view:${name}`);
  await frames(page, 3);
}

async function shotPanel(page, file) {
  // The mouse off the panels (over the toolbar's status text) so that no tooltip hides anything.
  const tb = await lab(page, 'panelRect', 'toolbar');
  await page.mouse.move(tb.x + tb.w * 0.45, tb.y + tb.h / 2);
  await frames(page, 2);
  const r = await lab(page, 'panelRect', 'backprop');
  await page.screenshot({ path: path.join(ensureArtifacts(), file),
    clip: { x: Math.max(0, r.x), y: Math.max(0, r.y), width: r.w, height: r.h } });
}

const position = (page) => lab(page, 'backprop.position');

// ---------------------------------------------------------------- desktop

describe('Backprop panel (desktop, 1280x800)', () => {
  let app, page;
  before(async () => {
    app = await openApp({ width: 1280, height: 800 });
    page = app.page;
    // The notebook's network (64-25-10 sigmoid, CG): the stepper's teaching thread.
    assert.equal(await lab(page, 'preset', 'notebook'), '');
    // Train a little so the numbers are those of a network that reads digits, then pause.
    await pollUntil(() => state(page), (s) => s.iteration >= 15, { timeoutMs: 30000, intervalMs: 250 });
    await lab(page, 'train', false);
    await frames(page, 2);
    // Room for the stepper: only Data (to pick a digit) stays open besides it.
    for (const p of ['network', 'training', 'sketch', 'weights', 'decision']) await lab(page, 'showPanel', p, false);
    await frames(page, 2);
  });
  after(async () => { await app?.close(); });

  test('opens from the View menu (closed by default)', async () => {
    assert.ok(!(await lab(page, 'openPanels')).includes('backprop'), 'the Backprop panel is open by default');
    await openFromViewMenu(page, 'backprop');
    assert.ok((await lab(page, 'openPanels')).includes('backprop'));
    const r = await lab(page, 'panelRect', 'backprop');
    assert.ok(r && r.w > 300 && r.h > 300, `panel rect ${JSON.stringify(r)}`);
  });

  test('a digit clicked in the Data panel is the stepper\'s example', async () => {
    // A panel opened from View covers part of the open ones (they stay where they are) until
    // Layout tiles them: press it, as a person would, so the digits are not under the stepper.
    await clickControl(page, 'layout');
    await frames(page, 2);
    assert.ok(!overlaps(await lab(page, 'panelRect', 'data'), await lab(page, 'panelRect', 'backprop')),
      'Layout left the Data and Backprop panels overlapping');
    await clickControl(page, 'data:digit7');
    const s = await state(page);
    assert.ok(s.input && s.input.source === 'dataset', `no dataset input after the click: ${JSON.stringify(s.input)}`);
    const t = await lab(page, 'backprop.trace');
    assert.equal(t.index, s.input.index);
    assert.equal(t.label, 7);
    assert.deepEqual(t.pixels, s.input.pixels);
    assert.equal((await position(page)).step, 0, 'a new example starts at the first step');
  });

  test('Next walks through every step (a screenshot per step)', async () => {
    let p = await position(page);
    const names = [p.name];
    await shotPanel(page, `backprop-0-${p.name}.png`);
    for (let k = 1; k < p.steps; ++k) {
      await clickControl(page, 'backprop:next');
      const q = await position(page);
      assert.equal(q.step, k, `Next did not reach step ${k}`);
      names.push(q.name);
      await shotPanel(page, `backprop-${k}-${q.name}.png`);
    }
    assert.deepEqual(names, ['input', 'z1', 'a1', 'z2', 'a2', 'loss', 'delta2', 'delta1', 'grad2', 'grad1', 'update']);
    await clickControl(page, 'backprop:next');   // disabled at the end: stays
    assert.equal((await position(page)).step, p.steps - 1);
  });

  test('the arrow keys step back and forth while the mouse is over the panel', async () => {
    const r = await lab(page, 'panelRect', 'backprop');
    await page.mouse.move(r.x + r.w / 2, r.y + 8);   // the title bar: over the panel, not over a value
    await frames(page, 2);
    const steps = (await position(page)).steps;
    for (let k = steps - 2; k >= 0; --k) {
      await page.keyboard.press('ArrowLeft');
      await frames(page, 2);
      assert.equal((await position(page)).step, k, 'ArrowLeft');
    }
    await page.keyboard.press('ArrowRight');
    await frames(page, 2);
    await page.keyboard.press('ArrowRight');
    await frames(page, 2);
    assert.equal((await position(page)).step, 2, 'ArrowRight');
  });

  test('trace() equals a forward/backward pass recomputed in JavaScript (sigmoid network)', async () => {
    await checkTraceAgainstReference(page);
  });

  test('training makes the trace stale; Re-run refreshes it; Apply this update moves the weights', async () => {
    await lab(page, 'step', 1);
    await frames(page, 2);
    assert.equal((await position(page)).stale, true);
    assert.equal((await lab(page, 'backprop.trace')).stale, true);
    await clickControl(page, 'backprop:rerun');
    assert.equal((await position(page)).stale, false, 'Re-run did not refresh the trace');
    await checkTraceAgainstReference(page);
    const p = await position(page);
    await lab(page, 'backprop.step', p.steps);   // the update step
    await frames(page, 2);
    await shotPanel(page, 'backprop-update-before-apply.png');
    const before = await lab(page, 'model');
    const t = await lab(page, 'backprop.trace');
    await clickControl(page, 'backprop:apply');
    const after = await lab(page, 'model');
    const moved = after.parameters.filter((v, i) => v !== before.parameters[i]).length;
    assert.ok(moved > 0, 'Apply this update changed no parameter');
    const t2 = await checkTraceAgainstReference(page);
    assert.ok(t2.loss < t.loss, `one step on this example should lower its loss: ${t.loss} -> ${t2.loss}`);
    await shotPanel(page, 'backprop-update-applied.png');
  });

  test('a ReLU/softmax network with two hidden layers traces correctly too', async () => {
    assert.equal(await lab(page, 'setConfig', { hidden: [12, 9], activation: 'relu', output: 'softmax', lambda: 0.5,
      optimizer: 'adam', learning_rate: 0.01 }), '');
    await lab(page, 'step', 5);
    assert.equal(await lab(page, 'backprop.select', { index: 123 }), '');
    const t = await checkTraceAgainstReference(page);
    assert.equal(t.index, 123);
    assert.equal((await position(page)).steps, 15);   // 1 + 2x3 + 1 + 1 + 2 + 3 + 1
    assert.match(await lab(page, 'backprop.select', { index: -4 }), /index/);
    assert.match(await lab(page, 'backprop.select', { nonsense: 1 }), /select expects/);
    assert.match(await lab(page, 'backprop.select', { sketch: true }), /sketch is empty/);   // nothing drawn
    assert.equal((await lab(page, 'backprop.trace')).index, 123, 'a refused selection changed the example');
    await lab(page, 'backprop.step', 100);
    await frames(page, 2);
    await shotPanel(page, 'backprop-update-adam.png');
  });

  test('no errors in the page', () => {
    assert.deepEqual(app.pageErrors, []);
    assert.deepEqual(app.consoleErrors, []);
  });
});

// ---------------------------------------------------------------- touch

async function tap(page, cdp, x, y) {
  const pt = [{ x, y, id: 1, radiusX: 4, radiusY: 4, force: 1 }];
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: pt });
  await frames(page, 2);
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await frames(page, 3);
}

describe('Backprop panel (touch, 1024x768)', () => {
  let app, page, cdp;
  before(async () => {
    app = await openApp({ width: 1024, height: 768 });
    page = app.page;
    assert.equal(await lab(page, 'preset', 'notebook'), '');   // the network the explanation's text assumes
    await lab(page, 'train', false);
    for (const p of ['network', 'training', 'sketch', 'weights', 'decision']) await lab(page, 'showPanel', p, false);
    await frames(page, 2);
    cdp = await page.context().newCDPSession(page);
    await cdp.send('Emulation.setTouchEmulationEnabled', { enabled: true, maxTouchPoints: 1 });
  });
  after(async () => { await app?.close(); });

  test('the menu opens by taps, and a tap on a value pins its explanation', async () => {
    const v = await lab(page, 'controlRect', 'view');
    await tap(page, cdp, v.x + v.w / 2, v.y + v.h / 2);
    const item = await lab(page, 'controlRect', 'view:backprop');
    assert.ok(item, 'the View menu did not open on a tap');
    await tap(page, cdp, item.x + item.w / 2, item.y + item.h / 2);
    assert.ok((await lab(page, 'openPanels')).includes('backprop'));
    assert.equal(await lab(page, 'backprop.select', { index: 1000 }), '');
    await lab(page, 'backprop.step', 1);   // z1: its values are the strip computed at this step
    await frames(page, 3);
    assert.equal((await position(page)).explain, null);
    const r = await lab(page, 'controlRect', 'backprop:values');
    assert.ok(r && r.w > 0, 'no value strip on screen');
    await tap(page, cdp, r.x + 6, r.y + 6);   // the first value: z of unit 0
    const p = await position(page);
    assert.ok(p.explain, 'the tap did not pin an explanation');
    assert.match(p.explain, /^z\u207D\u00B9\u207E\u2080 = /, p.explain);
    assert.match(p.explain, /smaller terms, summed/);
    const z0 = (await lab(page, 'backprop.trace')).layers[0].z[0];
    const last = p.explain.trim().split('\n').pop();
    assert.match(last, /^= /, p.explain);
    assert.ok(Math.abs(Number(last.slice(2)) - z0) <= 1e-3 * Math.abs(z0), `the explanation ends with ${last}, z = ${z0}`);
    const panel = await lab(page, 'panelRect', 'backprop');
    await page.screenshot({ path: path.join(ensureArtifacts(), 'backprop-touch-1024x768.png') });
    assert.ok(panel.w > 200);
  });

  test('no errors in the page', () => {
    assert.deepEqual(app.pageErrors, []);
    assert.deepEqual(app.consoleErrors, []);
  });
});

// ---------------------------------------------------------------- issue 19: something to learn

describe('Backprop panel opens on an example with something to learn (1280x800)', () => {
  let app, page;
  before(async () => {
    app = await openApp({ width: 1280, height: 800 });
    page = app.page;
    assert.equal(await lab(page, 'preset', 'notebook'), '');
    // Barely trained: the network still misreads validation images.
    await pollUntil(() => state(page), (s) => s.iteration >= 3, { timeoutMs: 30000, intervalMs: 100 });
    await lab(page, 'train', false);
    for (const p of ['network', 'training', 'sketch', 'weights', 'decision']) await lab(page, 'showPanel', p, false);
    await frames(page, 2);
  });
  after(async () => { await app?.close(); });

  test('it opens on a misread validation image (or the least confident right one) and says which', async () => {
    assert.equal(await lab(page, 'backprop.trace'), null, 'the stepper had an example before it opened');
    await openFromViewMenu(page, 'backprop');
    const t = await lab(page, 'backprop.trace');
    assert.ok(t, 'the panel opened on no example');
    assert.ok(['mistake', 'least_confident'].includes(t.chosen), `chosen: ${t.chosen}`);
    if (t.chosen === 'mistake') {
      assert.notEqual(t.predicted, t.label, 'a "mistake" the network reads right');
      assert.match(t.chosen_note, /gets wrong/);
      // A real error flows back: the output error of the label is large.
      assert.ok(Math.abs(t.layers[t.layers.length - 1].delta[t.label]) > 0.3, 'the output error is tiny');
    } else {
      assert.equal(t.predicted, t.label);
      assert.match(t.chosen_note, /least sure/);
    }
    const note = await lab(page, 'controlRect', 'backprop:chosen');
    assert.ok(note && note.w > 0, 'the panel does not say why this example');
    await shotPanel(page, 'backprop-opens-on-a-mistake.png');
  });

  test('Next mistake (a real click) steps to another misread image', async () => {
    const before = await lab(page, 'backprop.trace');
    assert.equal(before.chosen, 'mistake', 'this barely trained network should misread some validation images');
    const total = Number((before.chosen_note.match(/of (\d+)/) || [])[1]);
    assert.ok(total >= 2, `mistakes: ${before.chosen_note}`);
    await clickControl(page, 'backprop:next_mistake');
    const t = await lab(page, 'backprop.trace');
    assert.equal(t.chosen, 'mistake');
    assert.notEqual(t.index, before.index, 'Next mistake did not move');
    assert.notEqual(t.predicted, t.label);
    assert.match(t.chosen_note, /Mistake 2 of/);
    assert.equal((await position(page)).step, 0, 'a new example starts at the first step');
  });

  test('the update step shows the plain step -eta dJ/dtheta (the numbers), then Adam\'s beside it with why', async () => {
    assert.equal(await lab(page, 'setConfig', { optimizer: 'adam', learning_rate: 0.01 }), '');
    assert.equal(await lab(page, 'backprop.select', { mistake: true }), '');
    await lab(page, 'backprop.step', 100);
    await frames(page, 3);
    const t = await lab(page, 'backprop.trace');
    assert.equal(t.update.optimizer, 'adam');
    assert.equal(t.update.eta, 0.01);
    assert.equal(t.update.plain.length, t.layers.length);
    t.layers.forEach((layer, l) => {
      layer.dW.forEach((row, i) => row.forEach((g, j) => {
        const want = -t.update.eta * g, got = t.update.plain[l].dW[i][j];
        assert.ok(Math.abs(got - want) <= 1e-12 * Math.max(1e-300, Math.abs(want)) + 1e-300, `layer ${l + 1} dW[${i}][${j}]: ${got} vs ${want}`);
      }));
      layer.db.forEach((g, i) => assert.equal(t.update.plain[l].db[i], -t.update.eta * g));
    });
    assert.equal(t.update.differs, true, 'Adam\'s step is not the plain one');
    assert.match(t.update.why, /Adam/);
    for (const c of ['backprop:plain', 'backprop:why']) {
      const r = await lab(page, 'controlRect', c);
      assert.ok(r && r.w > 0, `${c} is not on screen`);
    }
    await shotPanel(page, 'backprop-update-plain-and-adam.png');
    assert.equal(await lab(page, 'setConfig', { optimizer: 'sgd', learning_rate: 0.2 }), '');
    assert.equal(await lab(page, 'backprop.select', { mistake: true }), '');
    const s = await lab(page, 'backprop.trace');
    assert.equal(s.update.differs, false, 'SGD takes exactly the plain step');
  });

  test('a pinned explanation closes when the step changes', async () => {
    await lab(page, 'backprop.step', -100);
    await lab(page, 'backprop.step', 1);   // z1
    await frames(page, 3);
    const r = await lab(page, 'controlRect', 'backprop:values');
    assert.ok(r && r.w > 0, 'no value strip on screen');
    await clickAt(page, r.x + 6, r.y + 6);
    assert.ok((await position(page)).explain, 'the click did not pin an explanation');
    await clickControl(page, 'backprop:next');
    const p = await position(page);
    assert.equal(p.name, 'a1');
    assert.equal(p.explain, null, 'the explanation pinned at z1 stayed at a1');
  });

  test('no errors in the page', () => {
    assert.deepEqual(app.pageErrors, []);
    assert.deepEqual(app.consoleErrors, []);
  });
});
