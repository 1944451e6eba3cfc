// Smoke run in WebKitGTK (Debian's webkit2gtk-driver: WebKitWebDriver and the MiniBrowser, driven
// by selenium-webdriver): the scenario of engines.mjs. Needs a display (scripts/test.sh runs it
// under xvfb-run); WEBKIT_DISABLE_DMABUF_RENDERER=1 doubles WebKitGTK's speed under Xvfb.
// Console errors: WebKitWebDriver offers no console log, so the page's console.error and uncaught
// errors are collected by a hook installed once the page has loaded, and a failure while loading
// shows the page's error card (checked by waitReady).
import { test } from 'node:test';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import { Builder, Origin } from 'selenium-webdriver';
import { SITE, requireSite } from './helpers.mjs';
import { startServer } from './server.mjs';
import { smoke, SMOKE_VIEWPORT } from './engines.mjs';

const DRIVER = process.env.BPL_WEBKIT_DRIVER || '/usr/bin/WebKitWebDriver';
const MINIBROWSER = process.env.BPL_MINIBROWSER || '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); });
  });
}

async function waitForPort(port, ms) {
  const t0 = Date.now();
  for (;;) {
    const ok = await new Promise((r) => {
      const c = net.connect(port, '127.0.0.1', () => { c.end(); r(true); });
      c.once('error', () => r(false));
    });
    if (ok) return;
    if (Date.now() - t0 > ms) throw new Error(`WebKitWebDriver did not listen on ${port} within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('WebKitGTK: load, train to 95%, Train/Pause, draw and read a digit, no console errors', { timeout: 300000 }, async () => {
  requireSite();
  for (const f of [DRIVER, MINIBROWSER]) {
    if (!fs.existsSync(f)) throw new Error(`no ${f}: apt-get install webkit2gtk-driver (scripts/deps.sh --test)`);
  }
  if (!process.env.DISPLAY) throw new Error('no DISPLAY: run under xvfb-run');
  const server = await startServer(SITE);
  const port = await freePort();
  const driverProc = spawn(DRIVER, [`--port=${port}`, '--host=127.0.0.1'], {
    stdio: 'ignore', env: { ...process.env, WEBKIT_DISABLE_DMABUF_RENDERER: '1' },
  });
  let driver;
  try {
    await waitForPort(port, 10000);
    driver = await new Builder().usingServer(`http://127.0.0.1:${port}`).withCapabilities({
      browserName: 'MiniBrowser',
      'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation'] },
    }).build();
    await driver.manage().window().setRect({ width: SMOKE_VIEWPORT.width, height: SMOKE_VIEWPORT.height + 100 });
    await driver.get(server.origin + '/');
    const run = (fn, args) => driver.executeScript(`return (${fn}).apply(null, arguments);`, ...args);
    // The page's errors from here on (a failure while loading shows the error card instead).
    await run(() => {
      window.__bplErrors = [];
      const orig = console.error.bind(console);
      console.error = function () { window.__bplErrors.push(Array.from(arguments).join(' ')); orig.apply(null, arguments); };
      window.addEventListener('error', (e) => window.__bplErrors.push(String(e.message)));
      window.addEventListener('unhandledrejection', (e) => window.__bplErrors.push(String(e.reason)));
    }, []);
    // Mouse positions are relative to the viewport; the page does not scroll.
    let at = { x: 0, y: 0 };
    const act = (build) => build(driver.actions({ async: true })).perform();
    const d = {
      evaluate: (fn, ...args) => run(fn, args),
      mouse: {
        move: (x, y) => { at = { x: Math.round(x), y: Math.round(y) }; return act((a) => a.move({ ...at, origin: Origin.VIEWPORT, duration: 50 })); },
        down: () => act((a) => a.move({ ...at, origin: Origin.VIEWPORT, duration: 0 }).press()),
        up: () => act((a) => a.move({ ...at, origin: Origin.VIEWPORT, duration: 0 }).release()),
      },
      pause: (ms) => new Promise((r) => setTimeout(r, ms)),
      errors: () => run(() => window.__bplErrors, []),
      // Shows the browser window again (engines.mjs calls it when the page's frames stop).
      reshow: async () => {
        await driver.manage().window().minimize().catch(() => {});
        await driver.manage().window().setRect({ width: SMOKE_VIEWPORT.width, height: SMOKE_VIEWPORT.height + 100 });
        await driver.executeScript('window.focus();');
      },
    };
    const figures = await smoke(d, (s) => console.log('webkit: ' + s));
    console.log('webkit:', JSON.stringify(figures));
  } finally {
    if (driver) await driver.quit().catch(() => {});
    driverProc.kill();
    await server.close();
  }
});
