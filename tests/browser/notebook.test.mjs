// Issue 19 item 6, "Continue in Python": the Model menu's "Export as notebook (.ipynb)" and
// lab.exportNotebook() give a Jupyter notebook whose code cells, run top to bottom by
// /usr/bin/python3 with NumPy (Debian's python3-numpy), print one RESULT line equal to the page:
// lab.state().test_accuracy exactly, and lab.backprop.trace()'s example, loss and the Frobenius
// norm of each layer's dW (relative 1e-9). Without Python/NumPy the runs are skipped with the
// reason printed (the structure is still checked).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openApp, lab, state, frames, clickAt, pollUntil } from './helpers.mjs';

const PYTHON = '/usr/bin/python3';

/** Why the notebook cannot be run here ('' when it can). */
function pythonMissing() {
  if (!fs.existsSync(PYTHON)) return `${PYTHON} is not installed (Debian: python3, python3-numpy)`;
  const r = spawnSync(PYTHON, ['-c', 'import numpy'], { encoding: 'utf8' });
  if (r.status !== 0) return `NumPy is not installed for ${PYTHON} (Debian: python3-numpy)`;
  return '';
}

const cellText = (c) => (Array.isArray(c.source) ? c.source.join('') : String(c.source));

/** The notebook's structure: nbformat 4, code cells of plain Python (no shell, no magics). */
function checkStructure(text) {
  const nb = JSON.parse(text);
  assert.equal(nb.nbformat, 4);
  assert.ok(Array.isArray(nb.cells) && nb.cells.length >= 16, 'too few cells');
  const code = nb.cells.filter((c) => c.cell_type === 'code');
  assert.ok(code.length >= 8, 'too few code cells');
  for (const c of code) {
    assert.deepEqual(c.outputs, []);
    for (const line of cellText(c).split('\n')) assert.ok(!/^\s*[!%]/.test(line), `a shell command or magic: ${line}`);
  }
  assert.match(cellText(code[code.length - 1]), /RESULT/);
  return nb;
}

/** Runs the code cells as one script; returns the parsed RESULT (the last line printed). */
function runNotebook(nb, dir, name) {
  const file = path.join(dir, `${name}.py`);
  fs.writeFileSync(file, nb.cells.filter((c) => c.cell_type === 'code').map(cellText).join('\n\n'));
  const r = spawnSync(PYTHON, [file], { encoding: 'utf8', timeout: 120000, cwd: dir });
  assert.equal(r.status, 0, `the notebook failed:\n${r.stderr}`);
  const lines = r.stdout.trimEnd().split('\n');
  assert.equal(lines.filter((l) => l.startsWith('RESULT ')).length, 1, 'exactly one RESULT line');
  const last = lines[lines.length - 1];
  assert.ok(last.startsWith('RESULT '), `the last line is not the RESULT: ${last}`);
  assert.ok(!lines.some((l) => l.startsWith('FAIL')), `the notebook's gradient check failed:\n${r.stdout}`);
  return JSON.parse(last.slice(7));
}

function assertRelative(got, want, what) {
  assert.ok(Number.isFinite(got) && Math.abs(got - want) <= 1e-9 * Math.abs(want), `${what}: ${got} vs ${want}`);
}

/** The RESULT line against the page: lab.state().test_accuracy and lab.backprop.trace(). */
async function compareWithPage(page, result) {
  const s = await state(page);
  const t = await lab(page, 'backprop.trace');
  assert.ok(t && t.layers, 'no Backprop trace');
  assert.equal(t.stale, false, 'the trace is not of the current weights');
  assert.ok(s.test_accuracy !== null, 'the page shows no test accuracy');
  assert.equal(result.test_accuracy, s.test_accuracy, 'test accuracy');
  assert.equal(result.example, t.index, 'example');
  assertRelative(result.loss, t.loss, 'loss');
  assert.equal(result.dW_norms.length, t.layers.length, 'one |dW| per layer');
  t.layers.forEach((layer, i) => {
    const frob = Math.sqrt(layer.dW.flat().reduce((sum, v) => sum + v * v, 0));
    assertRelative(result.dW_norms[i], frob, `|dW| of layer ${i + 1}`);
  });
  return { s, t };
}

async function pauseAfter(page, iterations) {
  const r = await pollUntil(() => state(page), (s) => s.iteration >= iterations || s.stopped, { timeoutMs: 60000, intervalMs: 250 });
  assert.ok(r.ok, `training did not reach ${iterations} iterations`);
  await lab(page, 'train', false);
  await frames(page, 2);
}

describe('Continue in Python: the notebook export', () => {
  let app, page, tmp;
  const why = pythonMissing();
  before(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bpl-notebook-'));
    if (why) console.log(`# notebook runs skipped: ${why}`);
    app = await openApp({ width: 1280, height: 800 });
    page = app.page;
    await pauseAfter(page, 4);   // the default network (Reader: ReLU + softmax, Adam, augmented)
  });
  after(async () => {
    await app?.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  test('lab.exportNotebook() runs in python3 and equals the page (default network)', async (t) => {
    const text = await lab(page, 'exportNotebook');
    const nb = checkStructure(text);
    const trace = await lab(page, 'backprop.trace');
    assert.ok(trace, 'exporting gives the stepper an example when it has none');
    assert.equal(nb.metadata.backprop_lab.example, trace.index);
    if (why) { t.skip(why); return; }
    const result = runNotebook(nb, tmp, 'reader');
    const { s } = await compareWithPage(page, result);
    console.log(`# reader: test accuracy ${s.test_accuracy}, example ${result.example}, loss ${result.loss}, |dW| ${result.dW_norms.join(', ')}`);
  });

  test('Model > Export as notebook downloads it (real clicks), and it matches the page', async (t) => {
    assert.equal((await lab(page, 'backprop.select', { index: 1000 })), '');   // the stepper's example
    const m = await lab(page, 'controlRect', 'model');
    assert.ok(m && m.w > 0, 'no Model menu button');
    await clickAt(page, m.x + m.w / 2, m.y + m.h / 2);
    await lab(page, 'nextFrame');
    const item = await lab(page, 'controlRect', 'model:notebook');
    assert.ok(item && item.w > 0, 'no Export as notebook item');
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 15000 }),
      clickAt(page, item.x + item.w / 2, item.y + item.h / 2),
    ]);
    assert.match(download.suggestedFilename(), /^backprop-lab-64-.*-10\.ipynb$/);
    const file = path.join(tmp, 'download.ipynb');
    await download.saveAs(file);
    const text = fs.readFileSync(file, 'utf8');
    assert.equal(text, await lab(page, 'exportNotebook'), 'the download is lab.exportNotebook()');
    const nb = checkStructure(text);
    assert.equal(nb.metadata.backprop_lab.example, 1000);
    if (why) { t.skip(why); return; }
    const result = runNotebook(nb, tmp, 'download');
    assert.equal(result.example, 1000);
    await compareWithPage(page, result);
  });

  test('another network: two tanh layers, standardized inputs, sigmoid outputs, CG', async (t) => {
    assert.equal(await lab(page, 'setConfig', { preset: 'notebook', hidden: [16, 8], activation: 'tanh', scaling: 'standardize' }), '');
    await lab(page, 'train', true);
    await pauseAfter(page, 8);
    // A misread validation image (the panel's Next mistake), or any image if it reads them all.
    if ((await lab(page, 'backprop.select', { mistake: true })) !== '') assert.equal(await lab(page, 'backprop.select', { index: 7 }), '');
    const nb = checkStructure(await lab(page, 'exportNotebook'));
    if (why) { t.skip(why); return; }
    const result = runNotebook(nb, tmp, 'tanh');
    const { s } = await compareWithPage(page, result);
    assert.equal(s.config.activation, 'tanh');
    assert.equal(result.dW_norms.length, 3);
  });
});
