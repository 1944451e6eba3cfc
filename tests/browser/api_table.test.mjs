// window.lab is written in one place per layer, and the layers agree (no browser needed):
//   - src/platform/lab_api.cpp: the C exports (EMSCRIPTEN_KEEPALIVE); src/platform/app.cmake
//     exports every one of them (no hand-kept list to forget)
//   - web/lab.js: binds every C export it calls, and calls only ones that exist; every C export
//     is bound (no dead export)
//   - every public call of window.lab has a row in README.md's API table and a line in
//     web/lab.js's header
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from './helpers.mjs';

const read = (f) => fs.readFileSync(path.join(ROOT, f), 'utf8');
const cpp = read('src/platform/lab_api.cpp');
const js = read('web/lab.js');
const readme = read('README.md');
const cmake = read('src/platform/app.cmake');

const exportsOf = (text) => new Set([...text.matchAll(/^EMSCRIPTEN_KEEPALIVE [^\n(]*?\b(lab_[a-z0-9_]+)\(/gm)].map((m) => m[1]));
const boundIn = (text) => new Set([...text.matchAll(/(?:w\('|\b(?:Module|M)\._)(lab_[a-z0-9_]+)/g)].map((m) => m[1]));

// The public calls: the keys of `const lab = {...}` (one level of nesting: lab.sketch.rect).
function publicCalls(text) {
  const body = text.slice(text.indexOf('  const lab = {'), text.indexOf('\n  };', text.indexOf('  const lab = {')));
  const calls = [];
  let parent = null;
  for (const line of body.split('\n')) {
    const top = line.match(/^ {4}([A-Za-z0-9_]+):\s*(\{?)/);
    const sub = line.match(/^ {6}([A-Za-z0-9_]+):/);
    if (top) {
      parent = top[2] === '{' && !/function/.test(line) ? top[1] : null;
      if (!parent) calls.push(top[1]);
    } else if (sub && parent) {
      calls.push(`${parent}.${sub[1]}`);
    }
  }
  return calls;
}

describe('window.lab from one table', () => {
  const exported = exportsOf(cpp);
  const bound = boundIn(js);
  const calls = publicCalls(js);

  test('lab_api.cpp has the exports and app.cmake exports them all', () => {
    assert.ok(exported.size > 40, `only ${exported.size} exports found`);
    assert.match(cmake, /file\(STRINGS "\$\{BPL_SRC_DIR\}\/src\/platform\/lab_api\.cpp"/);
    assert.ok(exported.has('lab_controls'));
  });

  test('web/lab.js binds exactly the C exports', () => {
    for (const b of bound) assert.ok(exported.has(b), `web/lab.js binds ${b}, which lab_api.cpp does not export`);
    for (const e of exported) assert.ok(bound.has(e), `lab_api.cpp exports ${e}, which web/lab.js never binds`);
  });

  test('every public call has a README row and a line in lab.js\'s header', () => {
    assert.ok(calls.length > 40, `only ${calls.length} calls found: ${calls}`);
    const header = js.slice(0, js.indexOf('(function ()'));
    const table = readme.slice(readme.indexOf('### Automation API'));
    for (const c of calls) {
      const re = new RegExp(`lab\\.${c.replace('.', '\\.')}\\b`);
      assert.ok(re.test(table), `README.md's API table has no row for lab.${c}`);
      assert.ok(re.test(header), `web/lab.js's header does not list lab.${c}`);
    }
  });
});
