// window.lab: the automation API of Backprop Lab (used by the browser tests, handy in the
// console). It reads and drives the same app state as the UI, through the C exports of
// src/platform/lab_api.cpp. Rectangles are in CSS pixels of the page.
//
//   await lab.ready                 resolves once the digits are loaded and a frame is drawn
//   lab.state()                     {iteration, epoch, training, train_loss, train_accuracy,
//                                    val_loss, val_accuracy, test_accuracy (null when unknown),
//                                    config: {...}, focus: {example, layer, unit}, ...}
//   lab.setConfig({hidden: [32]})   '' or an error message (partial configs are merged)
//   lab.train(true|false), lab.step(n = 1), lab.reset()
//   lab.sketch.rect()               {x, y, w, h} of the drawing pad (null before it is drawn)
//   lab.sketch.pixels()             the 64 values 0..16 the network sees from the sketch
//   lab.sketch.clear()              clears the sketch; returns a Promise of the next frame
//   lab.predict(pixels64)           10 class probabilities for 64 raw values 0..16
//   lab.panelRect(name)             {x, y, w, h} of a panel window ("network", "training",
//                                    "sketch", "data", "weights", "decision", "toolbar")
//   lab.controlRect(name)           {x, y, w, h} of a toolbar button: "train", "step", "reset",
//                                    "view"; "view:<panel>" = a View menu item (menu drawn open)
//   lab.openPanels()                names of the open panels; lab.panels() lists them all
//   lab.shareLink()                 the full URL of the current setup (config with seeds as text,
//                                    open panels, selected example); opening it restores them
//   lab.applyLink(hash)             applies a link's '#...' part: '' or the notice naming what
//                                    was ignored (the page applies location.hash on load)
//   lab.showPanel(name, on = true)  opens/closes a panel as the View menu does; '' or an error
//   lab.benchW2(epochs = 50)        runs benchmark W2 (64-64-10 ReLU/softmax, Adam, batch 32) on the
//                                    loaded digits with the engine's own code; blocks while it runs;
//                                    {median_ms_per_epoch, total_ms, test_accuracy, gflops, epochs}
//   lab.race.start({optimizers: ['cg', {optimizer: 'adam', learning_rate: 0.01}], max_iterations: 100})
//                                   starts an optimizer race (2..5 runners, as the Optimizer race
//                                    panel's Start); '' or an error message
//   lab.race.state({history: false}) {active, running, finished, max_iterations, sessions: [{id, label,
//                                    optimizer, training, stopped, iteration, epoch, evaluations,
//                                    elapsed_ms, served_ms, train_accuracy, val_accuracy, val_loss, history_points,
//                                    history (with {history: true}): {iteration, evaluations, epoch,
//                                    elapsed_ms, val_loss}}]}
//   lab.race.end()                  ends the race (as the panel's End button)
//   lab.panels(), lab.frames(), lab.nextFrame()
//   lab.knn.cv({folds: 4, shuffle: false, seed: 42, scaling: 'raw'|'divide16'|'standardize'})
//                                   Promise of {k: [1..15], mean_accuracy, fold_correct: [[...]],
//                                    fold_accuracy, fold_sizes, best_k, options}: the kNN panel's
//                                    cross-validation job, run in time slices in the page (rejects on
//                                    bad options or if the run is cancelled)
//   lab.knn.state()                 {running, progress, runs_completed, result, comparing, comparison}
//   lab.knn.cancel(), lab.knn.compare(k = 3)   the latter: Promise of the network-vs-kNN comparison
//                                    {k, n_train, n_test, network: {test_accuracy, bytes,
//                                    us_per_prediction}, knn: {...}} measured in the page
//   lab.pca()                       {explained_variance_ratio: [r1, r2], explained_variance,
//                                    components: [[64], [64]], mean: [64]} (all images / 16)
//   lab.map.pointRect(i)            {x, y, w, h} around dataset image i on the Decision map as last
//                                    drawn (null when the map panel is not open): hover/click it
//   lab.sweep.run({kind: 'lambda'|'train_size', values: [0.01, 1, 100], iterations: 100})
//                                   Promise of {kind, points: [{value, train_size, train_accuracy,
//                                    validation_accuracy, train_error, validation_error, iterations, ms}]}:
//                                    one training run per value, each in its own session (as the
//                                    Bias / variance panel's Run); rejects on bad options or cancel
//   lab.sweep.state(), lab.sweep.cancel()   {running, progress, current, session, points, ...}
//   lab.map.state()                 {drawn, hovered, pinned, pinned_info: {index, label, predicted,
//                                    u, v, test_predicted}, grids_completed, grid_weights_version, ...}
//   lab.timing                      {runtime, firstFrame, ready}: ms since navigation start
(function () {
  'use strict';
  let M = null;    // the Emscripten Module once its runtime is up
  let fn = null;   // wrapped C exports
  let resolveReady, rejectReady;
  const ready = new Promise(function (resolve, reject) { resolveReady = resolve; rejectReady = reject; });
  ready.catch(function () {});   // a failure is shown on the page; callers still see the rejection

  function need() {
    if (!fn) throw new Error('Backprop Lab is not loaded yet (await lab.ready)');
    return fn;
  }

  // ImGui coordinates are canvas backing-store pixels: scale them to the canvas' CSS box.
  function toPage(r) {
    if (!r) return null;
    const c = M.canvas;
    const b = c.getBoundingClientRect();
    const sx = c.width ? b.width / c.width : 1;
    const sy = c.height ? b.height / c.height : 1;
    return { x: b.left + window.scrollX + r.x * sx, y: b.top + window.scrollY + r.y * sy, w: r.w * sx, h: r.h * sy };
  }

  // Resolves once the app has drawn at least one more frame.
  function nextFrame() {
    const f0 = need().frames();
    return new Promise(function (resolve) {
      (function poll() {
        if (fn.frames() > f0) resolve();
        else requestAnimationFrame(poll);
      })();
    });
  }

  const lab = {
    ready: ready,
    state: function () { return JSON.parse(need().state()); },
    setConfig: function (cfg) {
      const text = typeof cfg === 'string' ? cfg : JSON.stringify(cfg == null ? {} : cfg);
      return need().setConfig(text);
    },
    train: function (on) { need().train(on === undefined || on ? 1 : 0); },
    step: function (n) {
      let k = Math.floor(Number(n === undefined ? 1 : n));
      if (!(k >= 1)) k = 1;
      need().step(Math.min(k, 100000));
    },
    reset: function () { need().reset(); },
    sketch: {
      rect: function () { return toPage(JSON.parse(need().sketchRect())); },
      pixels: function () { return JSON.parse(need().sketchPixels()); },
      clear: function () { need().sketchClear(); return nextFrame(); },
    },
    predict: function (pixels) {
      const a = Array.from(pixels == null ? [] : pixels, Number);
      if (a.length !== 64 || a.some(function (v) { return !Number.isFinite(v); }))
        throw new TypeError('lab.predict expects 64 finite numbers (pixel values 0..16)');
      const r = JSON.parse(need().predict(JSON.stringify(a)));
      if (!Array.isArray(r)) throw new Error((r && r.error) || 'predict failed');
      return r;
    },
    panelRect: function (name) { return toPage(JSON.parse(need().panelRect(String(name)))); },
    controlRect: function (name) { return toPage(JSON.parse(need().controlRect(String(name)))); },
    benchW2: function (epochs) { return JSON.parse(need().benchW2(epochs == null ? 50 : Number(epochs))); },
    race: {
      start: function (setup) {
        return need().raceStart(typeof setup === 'string' ? setup : JSON.stringify(setup == null ? {} : setup));
      },
      state: function (opts) { return JSON.parse(need().raceState(opts && opts.history ? 1 : 0)); },
      end: function () { need().raceEnd(); },
    },
    panels: function () { return JSON.parse(need().panelNames()); },
    openPanels: function () { return JSON.parse(need().openPanels()); },
    shareLink: function () { return need().shareLink(); },
    applyLink: function (hash) { return need().applyLink(String(hash == null ? '' : hash)); },
    showPanel: function (name, on) { return need().showPanel(String(name), on === undefined || on ? 1 : 0); },
    frames: function () { return need().frames(); },
    nextFrame: nextFrame,
    knn: {
      cv: function (opts) {
        const f = need();
        const err = f.knnStart(JSON.stringify(opts == null ? {} : opts));
        if (err) return Promise.reject(new Error(err));
        const before = JSON.parse(f.knnState()).runs_completed;
        return new Promise(function (resolve, reject) {
          (function poll() {
            const st = JSON.parse(fn.knnState());
            if (st.runs_completed > before && !st.running) resolve(st.result);
            else if (!st.running) reject(new Error('knn.cv was cancelled'));
            else requestAnimationFrame(poll);
          })();
        });
      },
      state: function () { return JSON.parse(need().knnState()); },
      cancel: function () { need().knnCancel(); },
      compare: function (k) {
        const f = need();
        f.knnCompare(k == null ? 3 : Math.max(1, Math.floor(Number(k)) || 1));
        return new Promise(function (resolve) {
          (function poll() {
            const st = JSON.parse(fn.knnState());
            if (!st.comparing) resolve(st.comparison);
            else requestAnimationFrame(poll);
          })();
        });
      },
    },
    pca: function () {
      const r = JSON.parse(need().pca());
      if (r && r.error) throw new Error(r.error);
      return r;
    },
    sweep: {
      run: function (opts) {
        const f = need();
        const err = f.sweepStart(JSON.stringify(opts == null ? {} : opts));
        if (err) return Promise.reject(new Error(err));
        const before = JSON.parse(f.sweepState()).runs_completed;
        return new Promise(function (resolve, reject) {
          (function poll() {
            const st = JSON.parse(fn.sweepState());
            if (st.runs_completed > before && !st.running) resolve(st);
            else if (!st.running) reject(new Error('the sweep was cancelled'));
            else requestAnimationFrame(poll);
          })();
        });
      },
      state: function () { return JSON.parse(need().sweepState()); },
      cancel: function () { need().sweepCancel(); },
    },
    map: {
      pointRect: function (i) { return toPage(JSON.parse(need().mapPointRect(Math.floor(Number(i))))); },
      state: function () { return JSON.parse(need().mapState()); },
    },
    timing: { runtime: null, firstFrame: null, ready: null },
  };

  // Used by web/loader.js only.
  Object.defineProperty(lab, '_boot', {
    enumerable: false,
    value: {
      attach: function (Module) {
        M = Module;
        const w = function (name, ret, args) { return Module.cwrap(name, ret, args); };
        fn = {
          frames: w('lab_frames', 'number', []),
          state: w('lab_state', 'string', []),
          setConfig: w('lab_set_config', 'string', ['string']),
          train: w('lab_train', null, ['number']),
          step: w('lab_step', null, ['number']),
          reset: w('lab_reset', null, []),
          sketchRect: w('lab_sketch_rect', 'string', []),
          sketchPixels: w('lab_sketch_pixels', 'string', []),
          sketchClear: w('lab_sketch_clear', null, []),
          predict: w('lab_predict', 'string', ['string']),
          panelRect: w('lab_panel_rect', 'string', ['string']),
          panelNames: w('lab_panel_names', 'string', []),
          controlRect: w('lab_control_rect', 'string', ['string']),
          benchW2: w('lab_bench_w2', 'string', ['number']),
          openPanels: w('lab_open_panels', 'string', []),
          shareLink: w('lab_share_link', 'string', []),
          applyLink: w('lab_apply_link', 'string', ['string']),
          showPanel: w('lab_show_panel', 'string', ['string', 'number']),
          knnStart: w('lab_knn_start', 'string', ['string']),
          knnCancel: w('lab_knn_cancel', null, []),
          knnCompare: w('lab_knn_compare', null, ['number']),
          knnState: w('lab_knn_state', 'string', []),
          pca: w('lab_pca', 'string', []),
          mapPointRect: w('lab_map_point_rect', 'string', ['number']),
          mapState: w('lab_map_state', 'string', []),
          sweepStart: w('lab_sweep_start', 'string', ['string']),
          sweepCancel: w('lab_sweep_cancel', null, []),
          sweepState: w('lab_sweep_state', 'string', []),
          raceStart: w('lab_race_start', 'string', ['string']),
          raceState: w('lab_race_state', 'string', ['number']),
          raceEnd: w('lab_race_end', null, []),
        };
      },
      // The CSV is large: pass it through the heap, not the stack. Returns '' or an error.
      loadData: function (text) {
        const n = M.lengthBytesUTF8(text) + 1;
        const ptr = M._malloc(n);
        if (!ptr) return 'out of memory';
        try {
          M.stringToUTF8(text, ptr, n);
          return M.UTF8ToString(M._lab_load_data(ptr));
        } finally {
          M._free(ptr);
        }
      },
      resolve: function () { resolveReady(lab); },
      reject: function (e) { rejectReady(e); },
    },
  });

  window.lab = lab;
})();
