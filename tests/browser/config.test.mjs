// lab.setConfig: bad input is refused with a message and changes nothing; a good change
// applies and the new network trains.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openApp, lab, state, frames, pollUntil } from './helpers.mjs';

// A fixed input to compare the network's outputs before and after (a rough "0").
const PROBE = [
  0, 0, 5, 13, 9, 1, 0, 0, 0, 0, 13, 15, 10, 15, 5, 0, 0, 3, 15, 2, 0, 11, 8, 0, 0, 4, 12, 0, 0, 8, 8, 0,
  0, 5, 8, 0, 0, 9, 8, 0, 0, 4, 11, 0, 1, 12, 7, 0, 0, 2, 14, 5, 10, 12, 0, 0, 0, 0, 6, 13, 10, 0, 0, 0,
];

// [what, expression, key the message must name]. Each expression is evaluated in the page, so
// NaN, Infinity and strings reach lab.setConfig exactly as a caller would pass them.
const BAD = [
  ['negative units', '({hidden: [-5]})', 'hidden'],
  ['zero units', '({hidden: [0]})', 'hidden'],
  ['fractional units', '({hidden: [3.5]})', 'hidden'],
  ['absurdly many units', '({hidden: [1e9]})', 'hidden'],
  ['hidden is a string', '({hidden: "abc"})', 'hidden'],
  ['hidden is a number', '({hidden: 25})', 'hidden'],
  ['unknown optimizer', '({optimizer: "newton"})', 'optimizer'],
  ['unknown activation', '({activation: "swish"})', 'activation'],
  ['activation is a number', '({activation: 42})', 'activation'],
  ['learning rate NaN', '({learning_rate: NaN})', 'learning_rate'],
  ['learning rate Infinity', '({learning_rate: Infinity})', 'learning_rate'],
  ['negative learning rate', '({learning_rate: -0.1})', 'learning_rate'],
  ['learning rate as a string', '({learning_rate: "0.1"})', 'learning_rate'],
  ['negative lambda', '({lambda: -1})', 'lambda'],
  ['zero batch size', '({batch_size: 0})', 'batch_size'],
  ['batch size as a string', '({batch_size: "32"})', 'batch_size'],
  ['unknown key', '({no_such_setting: 1})', 'no_such_setting'],
  ['misspelt key', '({learningrate: 0.01})', 'learningrate'],
  ['valid change mixed with an invalid one', '({hidden: [32], optimizer: "newton"})', 'optimizer'],
  ['more pen digits than the site ships (1,000)', '({augmentation: {pen: 1001}})', 'pen must be 0..1000'],
  ['not JSON', '"hidden=32"'],
  ['a JSON array', '"[1, 2, 3]"'],
  ['a JSON number', '"42"'],
];

const GOOD = { hidden: [32], activation: 'relu', output: 'softmax', optimizer: 'adam', learning_rate: 0.01 };

describe('lab.setConfig', () => {
  let app, page;
  before(async () => {
    app = await openApp();
    page = app.page;
    await lab(page, 'train', false);
    await frames(page, 3);
  });
  after(async () => { await app?.close(); });

  for (const [what, expr, key] of BAD) {
    test(`refuses ${what}: ${expr}`, async () => {
      const s0 = await state(page);
      const p0 = await lab(page, 'predict', PROBE);
      // A string expression: evaluated by DevTools, which the page's CSP (no eval) does not cover.
      const err = await page.evaluate(`window.lab.setConfig(${expr})`);
      assert.equal(typeof err, 'string', `setConfig returned ${JSON.stringify(err)}`);
      assert.ok(err.length > 0, 'setConfig accepted it (returned an empty message)');
      if (key) assert.ok(err.includes(key), `the message does not name '${key}': ${err}`);
      await frames(page, 2);
      const s1 = await state(page);
      assert.deepEqual(s1.config, s0.config, 'the config changed');
      assert.equal(s1.iteration, s0.iteration, 'the iteration changed');
      assert.equal(s1.training, s0.training, 'the training flag changed');
      assert.deepEqual(await lab(page, 'predict', PROBE), p0, 'the network changed');
    });
  }

  test('an empty object is a valid no-op', async () => {
    const s0 = await state(page);
    assert.equal(await lab(page, 'setConfig', {}), '');
    assert.deepEqual((await state(page)).config, s0.config);
  });

  test(`applies ${JSON.stringify(GOOD)} and the new network trains`, async () => {
    const err = await lab(page, 'setConfig', GOOD);
    assert.equal(err, '', `setConfig refused a valid config: ${err}`);
    const s = await state(page);
    for (const [k, v] of Object.entries(GOOD)) assert.deepEqual(s.config[k], v, `config.${k}`);
    assert.equal(s.iteration, 0, 'a new architecture starts from fresh weights');
    const p = await lab(page, 'predict', PROBE);
    assert.equal(p.length, 10);
    const sum = p.reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(sum - 1) < 1e-4, `softmax outputs sum to ${sum}`);

    await lab(page, 'train', true);
    const r = await pollUntil(() => state(page), (x) => x.val_accuracy !== null && x.val_accuracy >= 0.95,
      { timeoutMs: 30000, intervalMs: 250 });
    await lab(page, 'train', false);
    assert.ok(r.ok, `after 30 s: val_accuracy ${r.value.val_accuracy}, iteration ${r.value.iteration}, ` +
      `epoch ${r.value.epoch}, stop ${r.value.stop_reason}`);
    for (const [k, v] of Object.entries(GOOD)) assert.deepEqual(r.value.config[k], v, `config.${k} after training`);
  });

  test('no errors in the page', () => {
    assert.deepEqual(app.pageErrors, []);
    assert.deepEqual(app.consoleErrors, []);
  });
});
