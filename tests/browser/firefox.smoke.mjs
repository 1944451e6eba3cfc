// Smoke run in Firefox ESR (Debian's firefox-esr, driven by puppeteer-core over WebDriver BiDi):
// the scenario of engines.mjs. Needs a display (scripts/test.sh runs it under xvfb-run): headless
// Firefox has no WebGL 2 here. BPL_FIREFOX overrides the browser's path.
import { test } from 'node:test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import puppeteer from 'puppeteer-core';
import { SITE, requireSite } from './helpers.mjs';
import { startServer } from './server.mjs';
import { smoke, SMOKE_VIEWPORT } from './engines.mjs';

const FIREFOX = process.env.BPL_FIREFOX || '/usr/bin/firefox-esr';

test('Firefox ESR: load, train to 95%, Train/Pause, draw and read a digit, no console errors', { timeout: 240000 }, async () => {
  requireSite();
  if (!fs.existsSync(FIREFOX)) throw new Error(`no Firefox at ${FIREFOX}: apt-get install firefox-esr (scripts/deps.sh --test)`);
  if (!process.env.DISPLAY) throw new Error('no DISPLAY: run under xvfb-run (headless Firefox has no WebGL 2)');
  const server = await startServer(SITE);
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'bpl-firefox-'));
  let browser;
  try {
    browser = await puppeteer.launch({
      browser: 'firefox', executablePath: FIREFOX, headless: false, userDataDir: profile,
      defaultViewport: SMOKE_VIEWPORT, args: [`--width=${SMOKE_VIEWPORT.width}`, `--height=${SMOKE_VIEWPORT.height + 120}`],
    });
    const page = await browser.newPage();
    const errors = [];
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(server.origin + '/', { waitUntil: 'load' });
    const d = {
      evaluate: (fn, ...args) => page.evaluate(fn, ...args),
      mouse: {
        move: (x, y) => page.mouse.move(x, y, { steps: 2 }),
        down: () => page.mouse.down(),
        up: () => page.mouse.up(),
      },
      pause: (ms) => new Promise((r) => setTimeout(r, ms)),
      errors: async () => errors,
    };
    const figures = await smoke(d, (s) => console.log('firefox: ' + s));
    console.log('firefox:', JSON.stringify(figures));
  } finally {
    if (browser) await browser.close().catch(() => {});
    await server.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
});
