// Offline after one visit (issue 17, item 4): the service worker precaches the site; with the
// server stopped, a reload reaches lab.ready and trains. Also: the web app manifest and its icons
// are served, the worker's cache is named by the build's hash, and it holds every site file.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { openApp, waitForReady, pollUntil, SITE } from './helpers.mjs';

describe('offline after one visit', () => {
  let app, page;
  before(async () => { app = await openApp({ width: 1024, height: 700 }); page = app.page; });
  after(async () => { await app?.close(); });

  test('the manifest and its icons load; the worker takes control and precaches the site', async () => {
    const manifest = await page.evaluate(async () => {
      const href = document.querySelector('link[rel="manifest"]').href;
      const m = await (await fetch(href)).json();
      const icons = [];
      for (const i of m.icons) {
        const r = await fetch(new URL(i.src, href));
        const b = new Uint8Array(await r.arrayBuffer());
        icons.push({ sizes: i.sizes, type: r.headers.get('content-type'), png: b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47, bytes: b.length });
      }
      return { name: m.name, start_url: m.start_url, display: m.display, icons };
    });
    assert.equal(manifest.name, 'Backprop Lab');
    assert.ok(manifest.icons.some((i) => i.sizes === '512x512' && i.png), JSON.stringify(manifest.icons));
    assert.ok(manifest.icons.some((i) => i.sizes === '192x192' && i.png), JSON.stringify(manifest.icons));

    const sw = fs.readFileSync(path.join(SITE, 'sw.js'), 'utf8');
    const version = /const VERSION = '([0-9a-f]{16})'/.exec(sw);
    assert.ok(version, 'sw.js has no build hash: ' + sw.slice(0, 400));
    const r = await pollUntil(() => page.evaluate(async () => {
      const reg = await navigator.serviceWorker.getRegistration();
      const keys = await caches.keys();
      const files = keys.length ? (await (await caches.open(keys[0])).keys()).map((q) => new URL(q.url).pathname) : [];
      return { active: !!(reg && reg.active && reg.active.state === 'activated'), controlled: !!navigator.serviceWorker.controller, keys, files };
    }), (v) => v.active && v.controlled && v.keys.length === 1, { timeoutMs: 20000 });
    assert.ok(r.ok, 'the service worker did not take control: ' + JSON.stringify(r.value));
    assert.deepEqual(r.value.keys, ['backprop-lab-' + version[1]]);
    for (const f of ['/index.html', '/backprop-lab-app.wasm', '/backprop-lab-app.js', '/assets/digits.txt.gz',
                     '/assets/fonts/DejaVuSans-subset.ttf', '/web/loader.js', '/web/lab.js', '/manifest.json']) {
      assert.ok(r.value.files.includes(f), `${f} is not precached: ${r.value.files}`);
    }
  });

  test('with the server stopped, a reload reaches lab.ready and trains', async () => {
    await app.server.close();
    const refused = await fetch(app.origin + '/index.html').then(() => false, () => true);
    assert.ok(refused, 'the server still answers');
    await page.reload({ waitUntil: 'load' });
    await waitForReady(page, 20000);
    const s0 = await page.evaluate(() => window.lab.state());
    assert.equal(s0.has_data, true, 'no digits offline');
    await page.evaluate(() => window.lab.train(true));
    const r = await pollUntil(() => page.evaluate(() => window.lab.state()), (s) => s.iteration >= 5 && s.val_accuracy > 0.5, { timeoutMs: 30000 });
    assert.ok(r.ok, 'no training offline: ' + JSON.stringify({ iteration: r.value.iteration, val: r.value.val_accuracy }));
    assert.ok(app.pageErrors.length === 0, 'page errors: ' + app.pageErrors.join('\n'));
  });
});
