// Real writers' digits through the page: 20 digits of tests/fixtures/pen_sample.json (UNIPEN,
// CC BY 4.0: writers the shipped pen asset leaves out), two of each class, drawn on the Sketch pad
// with REAL mouse events after the default network has finished training. Each is read as the CLI
// reads the same strokes with the same network (the page's model file, `backprop-lab read
// --strokes F --model M`, the WebAssembly CLI): the same digit, misreads included.
//
// The points (at most 10 a stroke, evenly spaced along the recorded ones) are sent at whole CSS
// pixels and the CLI is given exactly those points (in the pad's unit square), so both sides see
// the same strokes; the 8x8 pipeline is the same code.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { openTrainedApp, lab, state, frames, drawStrokes, ROOT, WASM_CLI } from './helpers.mjs';

const run = promisify(execFile);
const SAMPLE = JSON.parse(fs.readFileSync(path.join(ROOT, 'tests/fixtures/pen_sample.json'), 'utf8')).digits;
const PER_CLASS = 2;

/**
 * A fixed choice spread over the writers: for class k, the first k-digit of writers
 * (PER_CLASS * k + j) mod W in the sample's writer order (a writer without that digit passes its
 * turn to the next one).
 */
function chooseDigits() {
  const writers = [...new Set(SAMPLE.map((d) => `${d.style}/${d.variant}`))];
  const out = [];
  for (let k = 0; k <= 9; ++k) {
    const taken = new Set();
    for (let w = PER_CLASS * k; taken.size < PER_CLASS && w < PER_CLASS * k + writers.length; ++w) {
      const who = writers[w % writers.length];
      const d = SAMPLE.find((x) => x.label === k && `${x.style}/${x.variant}` === who);
      if (d && !taken.has(who)) { taken.add(who); out.push(d); }
    }
  }
  return out;
}

/**
 * At most MAX_POINTS points per stroke, evenly spaced along the recorded ones (first and last
 * kept): the page takes one mouse position a frame, and a tablet's dense strokes would cost
 * minutes of frames. Both sides read these same points.
 */
const MAX_POINTS = 10;
function thin(stroke) {
  if (stroke.length <= MAX_POINTS) return stroke;
  return Array.from({ length: MAX_POINTS }, (_, i) => stroke[Math.round(i * (stroke.length - 1) / (MAX_POINTS - 1))]);
}

/** The strokes thinned, moved to whole CSS pixels of the pad, and back to the pad's unit square. */
function snapToPixels(strokes, rect) {
  return strokes.map(thin).map((s) => s.map(([u, v]) => [
    (Math.round(rect.x + u * rect.w) - rect.x) / rect.w,
    (Math.round(rect.y + v * rect.h) - rect.y) / rect.h,
  ]));
}

/** The CLI's reading of each digit: right unless its "misread #i" line says otherwise. */
function cliReadings(stdout, digits) {
  const read = digits.map((d) => d.label);
  for (const m of stdout.matchAll(/misread #(\d+): (\d) \(.*?\) read as (\d)/g)) read[Number(m[1])] = Number(m[3]);
  const last = stdout.trim().split('\n').pop();
  return { read, last };
}

describe('real writers\' digits drawn with the mouse', () => {
  let app, page, rect;
  before(async () => {
    ({ app, page, pad: rect } = await openTrainedApp());
  });
  after(async () => { await app?.close(); });

  test('20 digits of the real-writer sample are read in the page as the CLI reads them', async () => {
    assert.ok(fs.existsSync(WASM_CLI), `WebAssembly CLI missing: ${WASM_CLI}`);
    assert.ok(rect && rect.w > 50, `sketch.rect() = ${JSON.stringify(rect)}`);
    const digits = chooseDigits().map((d) => ({ ...d, strokes: snapToPixels(d.strokes, rect) }));
    assert.equal(digits.length, 10 * PER_CLASS);
    assert.ok(new Set(digits.map((d) => `${d.style}/${d.variant}`)).size >= 8, 'the 20 digits come from few writers');

    const page_read = [];
    for (const [i, d] of digits.entries()) {
      await lab(page, 'sketch.clear');
      await frames(page, 1);
      await drawStrokes(page, rect, d.strokes);
      const s = await state(page);
      assert.ok(s.input && s.input.source === 'sketch', `digit ${i}: the sketch is not the input: ${JSON.stringify(s.input)}`);
      page_read.push(s.input.predicted);
    }

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bpl-pen-'));
    try {
      const strokesFile = path.join(dir, 'digits.json');
      const modelFile = path.join(dir, 'model.json');
      fs.writeFileSync(strokesFile, JSON.stringify({ digits }));
      fs.writeFileSync(modelFile, await lab(page, 'exportModel'));
      const { stdout } = await run(process.execPath, ['--no-experimental-fetch', WASM_CLI, 'read', '--strokes', strokesFile,
        '--model', modelFile], { maxBuffer: 1 << 24 });
      const cli = cliReadings(stdout, digits);
      assert.match(cli.last, /^read right: \d+\/20 = /, 'the CLI\'s last line');
      const right = page_read.filter((p, i) => p === digits[i].label).length;
      console.log(`page: ${right}/20 read right; CLI: ${cli.last}`);
      for (const [i, d] of digits.entries()) {
        if (page_read[i] !== d.label) console.log(`  misread in the page: #${i} ${d.label} (${d.style}/${d.variant}) read as ${page_read[i]}`);
      }
      assert.deepEqual(page_read, cli.read, 'the page and the CLI read these strokes differently');
      assert.equal(cli.last, `read right: ${right}/20 = ${(100 * right / 20).toFixed(1)}%`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
