// Scrolling as the browser does it (issue 17, item 1), through real input:
//   - one wheel notch (page.mouse.wheel, deltaY 100 CSS px) over the Data panel's images scrolls
//     them down by those 100 px (a few lines of the UI font, lab.scroll(...).line), never to the
//     end; a notch up scrolls back; a notch in lines (deltaMode 1, deltaY 3: Firefox's notch)
//     scrolls three lines
//   - a small trackpad delta (deltaY 4 px) scrolls 4 px, not to the end
//   - dragging a panel's content with the mouse does not move the panel (only its title bar does)
//   - a one-finger swipe up over a panel's content (CDP touch events) scrolls it with the content
//     following the finger, and does not move the panel
// The Data panel lists every image of one digit here ("Only 0": a click on its digit selector,
// then Down and Space in the list) so that it has far more than a screen to scroll through; the
// swipe starts on a thumbnail (a button: a swipe over it scrolls and does not click it).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openApp, lab, frames, panelRect, clickAt, tapAt, rectOf } from './helpers.mjs';

// Shows every image of the digit 0 in the Data panel (by mouse clicks, or taps on a touch screen).
async function onlyZeros(page, touch = false) {
  const r = await rectOf(page, 'data:digits');
  if (touch) await tapAt(page, r.x + r.w / 2, r.y + r.h / 2);
  else await clickAt(page, r.x + r.w / 2, r.y + r.h / 2);
  await page.keyboard.press('ArrowDown');
  await frames(page, 3);
  await page.keyboard.press('Space');
  await frames(page, 3);
  await page.keyboard.press('Escape');
  await frames(page, 3);
}

const scroll = (page, name) => lab(page, 'scroll', name);

// Waits until the panel's scroll position has settled (ImGui applies a scroll in the next frame).
async function settledScroll(page, name) {
  let last = await scroll(page, name);
  for (let i = 0; i < 10; ++i) {
    await lab(page, 'nextFrame');
    const now = await scroll(page, name);
    if (now && last && now.y === last.y) return now;
    last = now;
  }
  return last;
}

// A point inside the Data panel's image area (below its controls), CSS px.
async function dataContentPoint(page) {
  const r = await panelRect(page, 'data');
  return { x: r.x + r.w * 0.5, y: r.y + r.h * 0.6 };
}

async function wheelLines(page, x, y, lines) {
  await page.evaluate(([cx, cy, n]) => {
    const c = document.getElementById('canvas');
    c.dispatchEvent(new WheelEvent('wheel', { deltaY: n, deltaMode: 1, clientX: cx, clientY: cy, bubbles: true, cancelable: true }));
  }, [x, y, lines]);
}

async function touchSwipe(page, from, to, steps = 4) {
  const cdp = await page.context().newCDPSession(page);
  const finger = (x, y) => [{ x, y, id: 1, radiusX: 4, radiusY: 4, force: 1 }];
  try {
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: finger(from.x, from.y) });
    await frames(page, 2);
    for (let i = 1; i <= steps; ++i) {
      const t = i / steps;
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: finger(from.x + (to.x - from.x) * t, from.y + (to.y - from.y) * t) });
      await frames(page, 1);
    }
    await frames(page, 1);
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    await frames(page, 2);
  } finally {
    await cdp.detach();
  }
}

describe('wheel and trackpad', () => {
  let app, page;
  before(async () => {
    app = await openApp({ width: 1280, height: 800 });
    page = app.page;
    await lab(page, 'train', false);
    await frames(page, 2);
    await onlyZeros(page);
  });
  after(async () => { await app?.close(); });

  test('the Data panel has more to scroll than one notch', async () => {
    const s = await settledScroll(page, 'data');
    assert.ok(s && s.y === 0, `lab.scroll('data') = ${JSON.stringify(s)}`);
    assert.ok(s.max > 400, `the Data panel barely scrolls: ${JSON.stringify(s)}`);
    assert.ok(s.line > 10 && s.line < 40, `line height ${s.line}`);
  });

  test('one notch down scrolls about three lines (100 px), never to the end; one notch up goes back', async () => {
    const p = await dataContentPoint(page);
    await page.mouse.move(p.x, p.y);
    await frames(page, 2);
    const before = await settledScroll(page, 'data');
    await page.mouse.wheel(0, 100);
    const down = await settledScroll(page, 'data');
    const moved = down.y - before.y;
    assert.ok(Math.abs(moved - 100) <= 2, `one notch (deltaY 100) scrolled ${moved} px, not 100`);
    const lines = moved / down.line;
    assert.ok(lines >= 2 && lines <= 6, `one notch scrolled ${lines.toFixed(1)} lines`);
    assert.ok(down.y < down.max, 'one notch threw the panel to its end');
    await page.mouse.wheel(0, -100);
    const up = await settledScroll(page, 'data');
    assert.ok(Math.abs(up.y - before.y) <= 1, `a notch up went to ${up.y}, not back to ${before.y}`);
  });

  test('a notch in lines (deltaMode 1) scrolls that many lines; a small trackpad delta a few pixels', async () => {
    const p = await dataContentPoint(page);
    await page.mouse.move(p.x, p.y);
    const before = await settledScroll(page, 'data');
    await wheelLines(page, p.x, p.y, 3);
    const after3 = await settledScroll(page, 'data');
    assert.ok(Math.abs(after3.y - before.y - 3 * after3.line) <= 2,
      `3 lines scrolled ${after3.y - before.y} px (line ${after3.line})`);
    await page.mouse.wheel(0, 4);
    const small = await settledScroll(page, 'data');
    assert.ok(Math.abs(small.y - after3.y - 4) <= 1, `a 4 px trackpad delta scrolled ${small.y - after3.y} px`);
    await wheelLines(page, p.x, p.y, -3);
    await page.mouse.wheel(0, -4);
    const back = await settledScroll(page, 'data');
    assert.ok(Math.abs(back.y - before.y) <= 1, `back at ${back.y}, not ${before.y}`);
  });

  test('dragging a panel by its content does not move it; its title bar does', async () => {
    const r0 = await panelRect(page, 'data');
    const p = await dataContentPoint(page);
    await page.mouse.move(p.x, p.y);
    await frames(page, 2);
    await page.mouse.down();
    await frames(page, 2);
    await page.mouse.move(p.x + 60, p.y + 40, { steps: 2 });
    await frames(page, 2);
    await page.mouse.up();
    await frames(page, 2);
    assert.deepEqual(await panelRect(page, 'data'), r0, 'a drag on the content moved the panel');
    const tx = r0.x + r0.w * 0.5, ty = r0.y + 8;
    await page.mouse.move(tx, ty);
    await frames(page, 2);
    await page.mouse.down();
    await frames(page, 2);
    await page.mouse.move(tx + 30, ty + 20, { steps: 2 });
    await frames(page, 2);
    await page.mouse.up();
    await frames(page, 2);
    const r1 = await panelRect(page, 'data');
    assert.ok(Math.abs(r1.x - r0.x - 30) <= 2 && Math.abs(r1.y - r0.y - 20) <= 2,
      `the title bar did not move the panel: ${JSON.stringify(r0)} -> ${JSON.stringify(r1)}`);
  });
});

describe('one finger (touch screen)', () => {
  let app, page;
  before(async () => {
    app = await openApp({ width: 1024, height: 768, hasTouch: true });
    page = app.page;
    await lab(page, 'train', false);
    await frames(page, 2);
    await onlyZeros(page, true);
  });
  after(async () => { await app?.close(); });

  test('a swipe up over a panel scrolls it with the content following the finger; the panel stays', async () => {
    const r0 = await panelRect(page, 'data');
    const before = await settledScroll(page, 'data');
    assert.ok(before.max > 200, `the Data panel barely scrolls: ${JSON.stringify(before)}`);
    const p = await dataContentPoint(page);
    await touchSwipe(page, p, { x: p.x, y: p.y - 120 });
    const after = await settledScroll(page, 'data');
    assert.ok(Math.abs(after.y - before.y - 120) <= 25, `a 120 px swipe scrolled ${after.y - before.y} px`);
    assert.deepEqual(await panelRect(page, 'data'), r0, 'the swipe moved the panel');
    assert.equal((await lab(page, 'state')).input, null, 'the swipe clicked the thumbnail it started on');
    await touchSwipe(page, p, { x: p.x, y: p.y + 120 });
    const back = await settledScroll(page, 'data');
    assert.ok(Math.abs(back.y - before.y) <= 25, `a swipe down went to ${back.y}, not back to ${before.y}`);
  });
});
