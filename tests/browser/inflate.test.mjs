// web/inflate.js (window.labGunzip): the loader's synchronous gunzip of the site's .gz assets,
// checked against Node's zlib. No browser needed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { ROOT } from './helpers.mjs';

await import(path.join(ROOT, 'web/inflate.js'));
const gunzip = globalThis.labGunzip;
const same = (a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)) === 0;

// A deterministic mix of incompressible and repetitive bytes.
function sample(n, seed) {
  const b = Buffer.alloc(n);
  let x = seed >>> 0;
  for (let i = 0; i < n; ++i) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    b[i] = i % 3000 < 1500 ? x >>> 24 : 97 + (i % 7);
  }
  return b;
}

test('the shipped assets decode to what zlib gives (zopfli-made, dynamic blocks)', () => {
  for (const f of ['assets/digits.txt.gz', 'assets/pen-digits.txt.gz', 'assets/digits.csv.gz']) {
    const gz = new Uint8Array(fs.readFileSync(path.join(ROOT, f)));
    const out = gunzip(gz);
    assert.ok(out.length > 50000, f);
    assert.ok(same(out, zlib.gunzipSync(gz)), f);
  }
});

test('stored, fixed and dynamic blocks at every level, empty to 300 KB, with a file name', () => {
  for (const level of [0, 1, 6, 9]) {
    for (const n of [0, 1, 258, 40000, 300000]) {
      const data = sample(n, n + level);
      const gz = zlib.gzipSync(data, { level });
      assert.ok(same(gunzip(new Uint8Array(gz)), data), `level ${level}, ${n} bytes`);
    }
  }
  // A header with FNAME and FEXTRA (Node writes neither): built by hand around zlib's stream.
  const data = sample(5000, 7);
  const raw = zlib.deflateRawSync(data);
  const gz = zlib.gzipSync(data);
  const header = Buffer.from([0x1f, 0x8b, 8, 4 | 8, 0, 0, 0, 0, 0, 3, 3, 0, 1, 2, 3, ...Buffer.from('digits.txt'), 0]);
  const withName = Buffer.concat([header, raw, gz.subarray(gz.length - 8)]);
  assert.ok(same(gunzip(new Uint8Array(withName)), data));
});

test('damaged, truncated and foreign input throw an Error saying so', () => {
  const gz = new Uint8Array(zlib.gzipSync(sample(20000, 3), { level: 9 }));
  assert.throws(() => gunzip(new Uint8Array([1, 2, 3])), /not a gzip file/);
  assert.throws(() => gunzip(new TextEncoder().encode('0,0,5,13,9,1,0,0,0,0,13,15,10,15,5,0\n')), /not a gzip file/);
  assert.throws(() => gunzip('text'), /expected a Uint8Array/);
  const cut = gz.slice(0, Math.floor(gz.length / 2));
  assert.throws(() => gunzip(cut), /truncated|damaged/);
  let thrown = 0;
  for (const at of [20, 200, 2000, gz.length - 12]) {
    const bad = gz.slice();
    bad[at] ^= 0x55;
    try { gunzip(bad); } catch (e) { assert.match(e.message, /damaged|truncated/); ++thrown; }
  }
  assert.equal(thrown, 4, 'every flipped byte is caught');
  const badLength = gz.slice();
  badLength[gz.length - 1] ^= 1;
  assert.throws(() => gunzip(badLength), /length mismatch/);
});
