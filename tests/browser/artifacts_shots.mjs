// Screenshots for the report (not a test): the Network panel's preset selector (open), the
// Augment tab with its preview strip, and the notebook preset applied.
// Usage: node artifacts_shots.mjs TAB_X TAB_Y COMBO_X COMBO_Y
import path from 'node:path';
import { openApp, lab, state, frames, pollUntil, clickAt, ensureArtifacts } from './helpers.mjs';

const [tx, ty, cx, cy] = process.argv.slice(2).map(Number);
const app = await openApp();
const { page } = app;
const dir = ensureArtifacts();
try {
  await pollUntil(() => state(page), (s) => s.stopped, { timeoutMs: 120000, intervalMs: 500 });
  await frames(page, 3);
  await page.screenshot({ path: path.join(dir, 'h8-default.png') });
  if (tx) {
    await clickAt(page, tx, ty);
    await frames(page, 3);
    await page.screenshot({ path: path.join(dir, 'h8-augment-tab.png') });
  }
  if (cx) {
    await clickAt(page, cx, cy);
    await frames(page, 3);
    await page.screenshot({ path: path.join(dir, 'h8-preset-open.png') });
    await page.keyboard.press('Escape');
    await frames(page, 2);
  }
  console.log(await lab(page, 'preset', 'notebook'), (await state(page)).preset);
  await frames(page, 3);
  await page.screenshot({ path: path.join(dir, 'h8-notebook.png') });
  console.log(await lab(page, 'setConfig', { lambda: 2 }), (await state(page)).preset);
  await frames(page, 3);
  await page.screenshot({ path: path.join(dir, 'h8-custom.png') });
} finally {
  await app.close();
}
