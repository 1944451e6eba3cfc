// Native vs WebAssembly: the same seeds give the same split, the same initial weights and the
// same drawn-style digits (strokes through the sketch pipeline) and the same augmented epoch
// (randomly distorted training images), bit for bit (`backprop-lab
// fingerprint` prints FNV-1a hashes of each). Both binaries are
// built by scripts/test.sh (and CI); a missing one is a failure, not a skip.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { NATIVE_CLI, WASM_CLI } from './helpers.mjs';

const run = promisify(execFile);

async function fingerprint(cmd, args) {
  const { stdout } = await run(cmd[0], [...cmd.slice(1), 'fingerprint', ...args],
    { timeout: 120000, maxBuffer: 1 << 20 });
  return stdout.split('\n').map((l) => l.trim()).filter(Boolean);
}

const CONFIGS = [
  [],
  ['--hidden', '64,32', '--activation', 'relu', '--seed', '7', '--split-seed', '3'],
  ['--preset', 'reader', '--augmentation', '{"rotation":30,"shear":0.3,"scale":0.2,"shift":1.5,"thickness":0.5,"copies":3,"seed":99}'],
];

for (const args of CONFIGS) {
  test(`fingerprint ${args.join(' ') || '(defaults)'}: native == WebAssembly`, async () => {
    assert.ok(fs.existsSync(NATIVE_CLI), `native CLI missing: ${NATIVE_CLI} (cmake --preset native && cmake --build --preset native)`);
    assert.ok(fs.existsSync(WASM_CLI), `WebAssembly CLI missing: ${WASM_CLI} (emcmake cmake --preset web && cmake --build --preset web)`);
    const [nat, wasm] = await Promise.all([
      fingerprint([NATIVE_CLI], args),
      fingerprint([process.execPath, '--no-experimental-fetch', WASM_CLI], args),
    ]);
    const pick = (lines) => lines.filter((l) => l.startsWith('split') || l.startsWith('init') || l.startsWith('augmented'));
    const n = pick(nat), w = pick(wasm);
    assert.equal(n.length, 6, `native printed ${JSON.stringify(nat)}`);
    assert.ok(n.every((l) => /[0-9a-f]{16}/.test(l)), `no hashes in ${JSON.stringify(n)}`);
    assert.deepEqual(w, n, 'WebAssembly and native differ');
    // The arithmetic after two training steps: printed to 6 decimals; float sums may be ordered differently (AVX vs SIMD128), so close, not equal.
    const cost = (lines) => lines.find((l) => l.startsWith('after'));
    const cn = cost(nat), cw = cost(wasm);
    if (cn !== undefined || cw !== undefined) {
      const num = (l) => Number((l || '').split(/\s+/).pop());
      assert.ok(Math.abs(num(cn) - num(cw)) <= 1e-4 * Math.max(1, Math.abs(num(cn))), `native "${cn}" vs wasm "${cw}"`);
    }
  });
}

test('a different seed gives a different fingerprint (the check can fail)', async () => {
  assert.ok(fs.existsSync(NATIVE_CLI), `native CLI missing: ${NATIVE_CLI}`);
  const a = await fingerprint([NATIVE_CLI], []);
  const b = await fingerprint([NATIVE_CLI], ['--seed', '7', '--split-seed', '3']);
  const pick = (lines, p) => lines.filter((l) => l.startsWith(p));
  assert.notDeepEqual(pick(a, 'init'), pick(b, 'init'));
  assert.notDeepEqual(pick(a, 'split'), pick(b, 'split'));
  const c = await fingerprint([NATIVE_CLI], ['--augmentation', '{"seed":2}']);
  assert.notDeepEqual(pick(a, 'augmented'), pick(c, 'augmented'));
});

test('real pen digits (the shipped asset\'s seeded choice, the sample rendered by the pad\'s pipeline): native == WebAssembly', async () => {
  assert.ok(fs.existsSync(NATIVE_CLI), `native CLI missing: ${NATIVE_CLI}`);
  assert.ok(fs.existsSync(WASM_CLI), `WebAssembly CLI missing: ${WASM_CLI}`);
  const args = ['--preset', 'reader', '--augmentation', '{"pen":700,"seed":5}'];
  const [nat, wasm] = await Promise.all([
    fingerprint([NATIVE_CLI], args),
    fingerprint([process.execPath, '--no-experimental-fetch', WASM_CLI], args),
  ]);
  const pick = (lines) => lines.filter((l) => l.startsWith('pen'));
  const n = pick(nat);
  assert.equal(n.length, 2, `native printed ${JSON.stringify(nat)}`);
  assert.match(n[0], /^pen digits [0-9a-f]{16} \(700 images\)$/);
  assert.match(n[1], /^pen rendered [0-9a-f]{16} \(\d{3} images\)$/);
  assert.deepEqual(pick(wasm), n, 'WebAssembly and native differ');
  const other = pick(await fingerprint([NATIVE_CLI], ['--preset', 'reader', '--augmentation', '{"pen":700,"seed":6}']));
  assert.notEqual(other[0], n[0], 'another seed chooses other pen digits');
});
