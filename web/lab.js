// window.lab: the automation API of Backprop Lab (used by the browser tests, handy in the
// console). It reads and drives the same app state as the UI, through the C exports of
// src/platform/lab_api.cpp. Rectangles are in CSS pixels of the page.
//
//   await lab.ready                 resolves once the digits are loaded and a frame is drawn
//   lab.state()                     {iteration, epoch, training, train_loss, train_accuracy,
//                                    val_loss, val_accuracy, test_accuracy (null when unknown),
//                                    config: {...}, focus: {example, layer, unit}, ...}
//                                    speed, every_step_points, units: {dead, ring_unit, ...} and
//                                    lesson: {setup, saved_setup, answer, ...} (README, issue 19)
//   lab.setConfig({hidden: [32]})   '' or an error message (partial configs are merged;
//                                    {preset: 'notebook'} starts from a named preset)
//   lab.preset(name)                same as lab.setConfig({preset: name}); lab.state().preset
//                                    is the active preset's id or 'custom'
//   lab.train(true|false), lab.step(n = 1), lab.reset()
//   lab.undo()                      brings back the trained network a reset or a new network
//                                    set aside (lab.state().set_aside says which): '' or why not
//   lab.sketch.rect()               {x, y, w, h} of the drawing pad (null before it is drawn)
//   lab.sketch.pixels()             the 64 values 0..16 the network sees from the sketch
//   lab.sketch.clear()              clears the sketch; returns a Promise of the next frame
//   lab.predict(pixels64)           10 class probabilities for 64 raw values 0..16
//   lab.panelRect(name)             {x, y, w, h} of a panel window (any name lab.panels() lists,
//                                    e.g. "network") or of the "toolbar"
//   lab.controlRect(name)           {x, y, w, h} of any control drawn last frame: a toolbar button
//                                    ("train", "step", "reset", "view"), "view:<panel>" = a View
//                                    menu item (menu drawn open), a panel's control ("gradcheck:run")
//   lab.controls()                  [{name, panel, kind, x, y, w, h}]: every interactive item drawn in
//                                    the last frame (button, checkbox, radio, slider, drag, input,
//                                    combo, tab, menu item, menu, help marker, selectable, header,
//                                    image) with its visible rectangle; hidden items are left out
//   lab.controls() label, title, checked, disabled, open   each item's visible label, its panel's
//                                    title and its state (web/mirror.js mirrors them as HTML controls)
//   lab.controls({hidden: true})    also the items scrolled out of view (whole rectangle, hidden: true);
//                                    every item: id (ImGui's), clipped (partly out of view), help (its tooltip)
//   lab.reveal(name)                scrolls an item's panel (and region) so it is shown whole: '' or why not
//   lab.press(name)                 presses a control of lab.controls() as Space on its keyboard focus
//                                    does (the next frame's widget reports it); '' or an error message
//   lab.controls() value, text, min, max, step, log, integer, readonly   a slider's, drag's or number
//                                    field's value (number; a text field's: string), its range and
//                                    arrow step where known, log (a logarithmic slider), the text it
//                                    shows ("12 steps/s"); a combo's text is its preview (the choice)
//   lab.setControl(name, value)     sets a slider, drag or input field of lab.controls() as typing the
//                                    value would (the next frame's widget takes it, its panel sends
//                                    its change); '' or an error message (out of range, not a number...)
//   lab.openPanels()                names of the open panels; lab.panels() lists them all
//   lab.shareLink()                 the full URL of the current setup (config with seeds as text,
//                                    open panels, selected example); opening it restores them
//   lab.applyLink(hash)             applies a link's '#...' part: '' or the notice naming what
//                                    was ignored (the page applies location.hash on load)
//   lab.showPanel(name, on = true)  opens/closes a panel as the View menu does; '' or an error
//   lab.layout()                    {kind: 'phone'|'desktop'|'presenter', visible: [panel names]}:
//                                    phone below 700 CSS px of width (one panel at a time)
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
//   lab.knn.cv({folds: 4, shuffle: false, seed: 42, scaling: 'raw'|'divide16'|'standardize'})
//                                   Promise of {k: [1..15], mean_accuracy, fold_correct: [[...]],
//                                    fold_accuracy, fold_sizes, best_k, options}: the kNN panel's
//                                    cross-validation job, run in time slices in the page (rejects on
//                                    bad options or if the run is cancelled)
//   lab.knn.state()                 {running, progress, runs_completed, result, comparing, comparison}
//   lab.knn.cancel(), lab.knn.compare(k = 3)   the latter: Promise of the network-vs-kNN comparison
//                                    {k, n_train, n_test, network: {test_accuracy, bytes,
//                                    us_per_prediction}, knn: {...}} measured in the page (rejects
//                                    with the message when refused: the digits not loaded yet)
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
//   lab.exportModel()               the current model file (JSON text: architecture, parameters,
//                                    input scaling, training config); '' before the data is loaded
//   lab.importModel(text)           '' or the error message; a bad file changes nothing
//   lab.exportNotebook()            a Jupyter notebook (.ipynb JSON text) that rebuilds this network in
//                                    NumPy; its last cell prints RESULT {test_accuracy, example, loss,
//                                    dW_norms} equal to lab.state() and lab.backprop.trace()
//   lab.myDigits.add({label, strokes})   adds a labelled sketch to My digits (strokes: [[[x, y], ...], ...]
//                                    in pad units 0..1, y down); '' or the error message
//   lab.myDigits.list()             [{label, strokes}] in the order they were added
//   lab.myDigits.clear()            removes them all
//   lab.myDigits.export()           My digits as the strokes JSON text (`backprop-lab read --strokes`)
//   lab.myDigits.import(text)       merges a strokes file (duplicates dropped); '' or the error
//                                    message, a bad file changes nothing. Kept in localStorage.
//   lab.gradcheck.run({mistake, samples, epsilon, layer, lambda, seed})
//                                   a Promise of the finished gradient check (the Gradient check
//                                    panel's sliced job, a few ms per frame): {max_relative_error,
//                                    pass, worst_layer, failing_layers, per_layer: [{layer, checked,
//                                    failed, max_relative_error, pass, worst}], worst_parameters,
//                                    threshold, epsilon, ...}. mistake: 'none' | 'log10' |
//                                    'sigmoid_prime_of_a' | 'regularize_wrong_column' | 'same_offset'
//                                    | 'log_init'; samples (default 200) random parameters, or every
//                                    parameter of `layer` (1..L); epsilon 1e-8..1e-2 (default 1e-4);
//                                    lambda true|false. Rejects on bad options, on cancel, or when
//                                    another check replaces it.
//   lab.gradcheck.status()          the job now: {id, state: 'idle'|'running'|'done'|'cancelled',
//                                    progress 0..1, checked, total, ...same fields as run()}
//   lab.gradcheck.cancel()          cancels a running check
//   lab.model()                     the current model as the JSON of the model file format
//                                    (architecture, parameters, scaling, training)
//   lab.backprop.select({index})    the Backprop stepper's example: a dataset image (it also becomes
//   lab.backprop.select({sketch: true, label})   the current input), the sketch (label: what it
//   lab.backprop.select({random: true})          shows; default the network's answer), or a random
//                                    training image; '' or an error message
//   lab.backprop.select({instructive: true})     the example the panel opens on: the validation image
//   lab.backprop.select({mistake: true})         the network gets most confidently wrong (or its least
//                                    confident right one); the next misread one (Next mistake)
//   lab.backprop.trace().update.plain / .eta / .differs / .why; .chosen / .chosen_note
//                                    the plain step -eta dJ/dtheta per layer [{dW, db}], whether the
//                                    optimizer's own step differs and why; 'mistake' | 'least_confident' | null
//   lab.backprop.trace()            {index, source, label, pixels, a0, loss, predicted, lambda, m_reg,
//                                    stale, weights_version, update: {optimizer, step_size, formula, note},
//                                    layers: [{z, a, delta, dW (rows = units, cols = previous units,
//                                    incl. the lambda/m_reg part), db}]}, or null
//   lab.backprop.step(n = 1)        n steps forward (negative: back); returns position()
//   lab.backprop.position()         {step, steps, name, title, formula, layer, stale, playing, has_trace,
//                                    explain}: formula the step's maths ("z⁽¹⁾ = W⁽¹⁾a⁽⁰⁾ + b⁽¹⁾"), layer
//                                    its l (0 for input, loss, update); explain: the explanation
//                                    pinned by a click/tap, or null
//   lab.help()                      {text, pinned} of the help the last frame showed (a "(?)" marker's
//                                    or a control's tooltip on hover, pinned: true once a click or tap
//                                    pinned it), or null
//   lab.keyboardFocus()             {x, y, w, h} of the control with the keyboard focus while its ring
//                                    shows (Tab / arrows / N), or null
//   lab.lessons.state()             {lessons: [{id, title, finished}], lesson: null | the current step as
//                                    text: {id, title, step, steps, step_title, text, action, goal_met,
//                                    question: {prompt, choices, chosen, revealed, answer, right,
//                                    explanation}, can_next, last}} (answer/explanation once revealed)
//   lab.lessons.act(intent)         a student's move, as the Lessons panel's controls: {do: 'start',
//                                    lesson: id|index, step}, {do: 'choose', choice: i}, {do: 'reveal'},
//                                    {do: 'next'}, {do: 'back'}, {do: 'stop'}; '' or why it was refused
//   lab.figures()                   text alternatives of the figures: {curves (the learning curves in
//                                    words), confusion (10x10 test counts, row = true digit), outputs
//                                    (the current input's reading in words, or null), unit ({layer,
//                                    unit, text}: what the focused first-layer unit responds to, or null)}
//   lab.setReducedMotion(on)        no autoplay while on (web/motion.js follows prefers-reduced-motion);
//                                    lab.state().view.reduced_motion
//   lab.announcements()             [{text, t}]: the last 50 messages of the screen reader's live region
//   lab.scroll(panel)               {y, max, line}: the panel's main scroll position and its maximum
//                                    in CSS pixels (its window's, or its largest scrolling child
//                                    region's), and the line height a wheel line scrolls; null
//                                    while the panel is closed
//   lab.panels(), lab.frames(), lab.nextFrame()
//   An idle page stops drawing (see src/platform/main_web.cpp): lab.frames() then stays still;
//   every call that changes something, and lab.nextFrame(), wakes it.
//   lab.timing                      {runtime, firstFrame, ready}: ms since navigation start
//   lab.memory()                    {in_use_bytes, heap_bytes}: bytes malloc'd now, and the wasm
//                                    heap's size (it only grows); the soak run checks both stay flat
(function () {
  'use strict';
  let M = null;    // the Emscripten Module once its runtime is up
  let fn = null;   // wrapped C exports
  let resolveReady, rejectReady;
  const ready = new Promise(function (resolve, reject) { resolveReady = resolve; rejectReady = reject; });
  ready.catch(function () {});   // a failure is shown on the page; callers still see the rejection

  function peek() {
    if (!fn) throw new Error('Backprop Lab is not loaded yet (await lab.ready)');
    return fn;
  }
  // Calls that change something (or wait for a frame) wake an idle page first.
  function need() {
    peek().wake();
    return fn;
  }

  // The largest model file accepted (AppState::kMaxModelBytes in src/app/app_state.hpp).
  const MAX_MODEL_BYTES = 16 * 1024 * 1024;
  function tooLarge(bytes) {
    return 'the file is too large for a model (' + (bytes / 1048576).toFixed(0) + ' MB; at most ' +
      (MAX_MODEL_BYTES / 1048576) + ' MB)';
  }

  // Text through the heap with its byte length (it may hold NUL bytes). Returns '' or an error.
  // `entry` is the C export that takes it (default: the model import), `what` names it in messages.
  function importText(text, name, entry, what) {
    const s = String(text == null ? '' : text);
    if (s.length > MAX_MODEL_BYTES) {   // never copy a huge string into the heap
      const m = tooLarge(s.length);
      need().reportError('Import ' + (what || 'model') + (name ? ' (' + name + ')' : '') + ': ' + m);
      return m;
    }
    const n = M.lengthBytesUTF8(s);
    const ptr = M._malloc(n + 1);
    if (!ptr) return 'out of memory';
    const nm = String(name == null ? '' : name);
    const nn = M.lengthBytesUTF8(nm) + 1;
    const nptr = M._malloc(nn);
    try {
      M.stringToUTF8(s, ptr, n + 1);
      if (nptr) M.stringToUTF8(nm, nptr, nn);
      return M.UTF8ToString((entry || need().importModel)(ptr, n, nptr || 0));
    } finally {
      M._free(ptr);
      if (nptr) M._free(nptr);
    }
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
    const waker = setInterval(function () { fn.wake(); }, 200);   // keep an idle page drawing
    return new Promise(function (resolve) {
      (function poll() {
        if (fn.frames() > f0) { clearInterval(waker); resolve(); }
        else requestAnimationFrame(poll);
      })();
    });
  }

  // Resolves with the gradient check `id` once the frame loop has finished it.
  function waitGradcheck(id) {
    return new Promise(function (resolve, reject) {
      (function poll() {
        const st = JSON.parse(fn.gradcheckStatus());
        if (st.id !== id) reject(new Error('gradient check ' + id + ' was replaced by check ' + st.id));
        else if (st.state === 'done') resolve(st);
        else if (st.state === 'cancelled') reject(new Error('gradient check ' + id + ' was cancelled'));
        else requestAnimationFrame(poll);
      })();
    });
  }

  const lab = {
    ready: ready,
    state: function () { return JSON.parse(peek().state()); },
    setConfig: function (cfg) {
      const text = typeof cfg === 'string' ? cfg : JSON.stringify(cfg == null ? {} : cfg);
      return need().setConfig(text);
    },
    preset: function (name) { return lab.setConfig({ preset: String(name) }); },
    train: function (on) { need().train(on === undefined || on ? 1 : 0); },
    step: function (n) {
      let k = Math.floor(Number(n === undefined ? 1 : n));
      if (!(k >= 1)) k = 1;
      need().step(Math.min(k, 100000));
    },
    reset: function () { need().reset(); },
    undo: function () { return need().undo(); },
    sketch: {
      rect: function () { return toPage(JSON.parse(peek().sketchRect())); },
      pixels: function () { return JSON.parse(peek().sketchPixels()); },
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
    panelRect: function (name) { return toPage(JSON.parse(peek().panelRect(String(name)))); },
    controlRect: function (name) { return toPage(JSON.parse(peek().controlRect(String(name)))); },
    controls: function (opts) {
      return JSON.parse(peek().controls(opts && opts.hidden ? 1 : 0)).map(function (c) {
        const r = toPage(c);
        const o = { name: c.name, id: c.id, panel: c.panel, kind: c.kind, x: r.x, y: r.y, w: r.w, h: r.h,
                    label: c.label, title: c.title, checked: c.checked, disabled: c.disabled, open: c.open };
        if (c.hidden) o.hidden = true;
        if (c.clipped) o.clipped = true;
        if (c.help) o.help = c.help;
        ['value', 'text', 'min', 'max', 'step', 'log', 'integer', 'readonly'].forEach(function (k) { if (k in c) o[k] = c[k]; });
        return o;
      });
    },
    press: function (name) { return need().press(String(name)); },
    reveal: function (name) { return need().reveal(String(name)); },
    setControl: function (name, value) { return need().setControl(String(name), String(value)); },
    benchW2: function (epochs) { return JSON.parse(need().benchW2(epochs == null ? 50 : Number(epochs))); },
    gradcheck: {
      run: function (opts) {
        let text;
        try {
          text = JSON.stringify(opts == null ? {} : opts);
          const r = JSON.parse(need().gradcheckStart(text));
          if (r.error) throw new Error(r.error);
          return waitGradcheck(r.id);
        } catch (e) {
          return Promise.reject(e instanceof Error ? e : new Error(String(e)));
        }
      },
      status: function () { return JSON.parse(need().gradcheckStatus()); },
      cancel: function () { need().gradcheckCancel(); },
    },
    race: {
      start: function (setup) {
        return need().raceStart(typeof setup === 'string' ? setup : JSON.stringify(setup == null ? {} : setup));
      },
      state: function (opts) { return JSON.parse(need().raceState(opts && opts.history ? 1 : 0)); },
      end: function () { need().raceEnd(); },
    },
    panels: function () { return JSON.parse(peek().panelNames()); },
    openPanels: function () { return JSON.parse(peek().openPanels()); },
    shareLink: function () { return peek().shareLink(); },
    model: function () {
      const m = JSON.parse(need().model());
      if (m && m.error) throw new Error(m.error);
      return m;
    },
    backprop: {
      select: function (what) { return need().bpSelect(JSON.stringify(what == null ? {} : what)); },
      trace: function () { return JSON.parse(need().bpTrace()); },
      step: function (n) {
        const k = Math.trunc(Number(n === undefined ? 1 : n));
        return JSON.parse(need().bpStep(Number.isFinite(k) ? Math.max(-1000, Math.min(1000, k)) : 0));
      },
      position: function () { return JSON.parse(need().bpPosition()); },
    },
    help: function () { return JSON.parse(peek().help()); },
    keyboardFocus: function () { return toPage(JSON.parse(peek().keyboardFocus())); },
    figures: function () {
      const f = JSON.parse(peek().figures());
      if (f && f.error) throw new Error(f.error);
      return f;
    },
    setReducedMotion: function (on) { need().setReducedMotion(on ? 1 : 0); },
    lessons: {
      state: function () { return JSON.parse(peek().lessons()); },
      // {do: 'start', lesson: id, step} | {do: 'choose', choice} | {do: 'reveal'|'next'|'back'|'stop'}
      act: function (intent) { return need().lessonDo(JSON.stringify(intent == null ? {} : intent)); },
    },
    scroll: function (name) {
      const r = JSON.parse(peek().scroll(String(name)));
      if (!r) return null;
      const c = M.canvas;
      const sy = c.height ? c.getBoundingClientRect().height / c.height : 1;
      return { y: r.y * sy, max: r.max * sy, line: r.line * sy };
    },
    applyLink: function (hash) { return need().applyLink(String(hash == null ? '' : hash)); },
    showPanel: function (name, on) { return need().showPanel(String(name), on === undefined || on ? 1 : 0); },
    layout: function () { return JSON.parse(peek().layout()); },
    frames: function () { return peek().frames(); },
    memory: function () { const f = peek(); return { in_use_bytes: f.heapInUse(), heap_bytes: f.heapSize() }; },
    exportModel: function () { return peek().exportModel(); },
    exportNotebook: function () { return peek().exportNotebook(); },
    importModel: function (text) { return importText(text, ''); },
    myDigits: {
      add: function (digit) {
        const t = JSON.stringify(digit == null ? {} : digit);
        if (t.length > 500000) return 'the digit is too large (at most 5000 points)';   // cwrap copies it to the stack
        return need().myAdd(t);
      },
      list: function () { return JSON.parse(peek().myList()); },
      clear: function () { need().myClear(); },
      export: function () { return peek().myExport(); },
      import: function (text) { return importText(text, '', need().myImport, 'my digits'); },
    },
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
        const err = f.knnCompare(k == null ? 3 : Math.max(1, Math.floor(Number(k)) || 1));
        if (err) return Promise.reject(new Error(err));
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
          heapInUse: w('lab_heap_in_use', 'number', []),
          heapSize: w('lab_heap_size', 'number', []),
          state: w('lab_state', 'string', []),
          setConfig: w('lab_set_config', 'string', ['string']),
          train: w('lab_train', null, ['number']),
          step: w('lab_step', null, ['number']),
          reset: w('lab_reset', null, []),
          undo: w('lab_undo', 'string', []),
          sketchRect: w('lab_sketch_rect', 'string', []),
          sketchPixels: w('lab_sketch_pixels', 'string', []),
          sketchClear: w('lab_sketch_clear', null, []),
          predict: w('lab_predict', 'string', ['string']),
          panelRect: w('lab_panel_rect', 'string', ['string']),
          panelNames: w('lab_panel_names', 'string', []),
          controlRect: w('lab_control_rect', 'string', ['string']),
          benchW2: w('lab_bench_w2', 'string', ['number']),
          gradcheckStart: w('lab_gradcheck_start', 'string', ['string']),
          gradcheckStatus: w('lab_gradcheck_status', 'string', []),
          gradcheckCancel: w('lab_gradcheck_cancel', null, []),
          openPanels: w('lab_open_panels', 'string', []),
          shareLink: w('lab_share_link', 'string', []),
          applyLink: w('lab_apply_link', 'string', ['string']),
          showPanel: w('lab_show_panel', 'string', ['string', 'number']),
          layout: w('lab_layout', 'string', []),
          exportModel: w('lab_export_model', 'string', []),
          exportNotebook: w('lab_export_notebook', 'string', []),
          importModel: Module._lab_import_model,
          myAdd: w('lab_my_digits_add', 'string', ['string']),
          myList: w('lab_my_digits_list', 'string', []),
          myClear: w('lab_my_digits_clear', null, []),
          myExport: w('lab_my_digits_export', 'string', []),
          myImport: Module._lab_my_digits_import,
          reportError: w('lab_report_error', null, ['string']),
          wake: Module._lab_wake,
          knnStart: w('lab_knn_start', 'string', ['string']),
          knnCancel: w('lab_knn_cancel', null, []),
          knnCompare: w('lab_knn_compare', 'string', ['number']),
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
          model: w('lab_model', 'string', []),
          bpSelect: w('lab_backprop_select', 'string', ['string']),
          bpTrace: w('lab_backprop_trace', 'string', []),
          bpStep: w('lab_backprop_step', 'string', ['number']),
          bpPosition: w('lab_backprop_position', 'string', []),
          help: w('lab_help', 'string', []),
          keyboardFocus: w('lab_keyboard_focus', 'string', []),
          controls: w('lab_controls', 'string', ['number']),
          reveal: w('lab_reveal', 'string', ['string']),
          press: w('lab_press', 'string', ['string']),
          setControl: w('lab_set_control', 'string', ['string', 'string']),
          lessons: w('lab_lessons', 'string', []),
          lessonDo: w('lab_lesson_do', 'string', ['string']),
          figures: w('lab_figures', 'string', []),
          setReducedMotion: w('lab_set_reduced_motion', null, ['number']),
          scroll: w('lab_scroll', 'string', ['string']),
        };
        // Input wakes an idle page at once (main_web.cpp stops drawing when nothing happens).
        const wake = function () { fn.wake(); };
        ['pointerdown', 'pointermove', 'pointerup', 'mousedown', 'mousemove', 'mouseup', 'wheel', 'keydown',
         'keyup', 'touchstart', 'touchmove', 'touchend', 'resize', 'focus', 'blur', 'dragenter', 'dragover',
         'drop', 'hashchange', 'popstate'].forEach(function (type) { window.addEventListener(type, wake, { capture: true, passive: true }); });
        document.addEventListener('visibilitychange', wake);
      },
      // The digits CSV and the pen digits' text are large: they go through the heap, not the
      // stack. Returns '' or an error.
      loadData: function (csv, pen) {
        const texts = [csv, pen].map(function (t) { return { t: t, n: M.lengthBytesUTF8(t) + 1, p: 0 }; });
        try {
          for (const x of texts) {
            x.p = M._malloc(x.n);
            if (!x.p) return 'out of memory';
            M.stringToUTF8(x.t, x.p, x.n);
          }
          return M.UTF8ToString(M._lab_load_data(texts[0].p, texts[1].p));
        } finally {
          for (const x of texts) if (x.p) M._free(x.p);
        }
      },
      resolve: function () { resolveReady(lab); },
      // For web/files.js: a file's text with its name; a message shown like the app's errors.
      maxModelBytes: MAX_MODEL_BYTES,
      tooLarge: tooLarge,
      importFile: function (text, name) { return importText(text, name); },
      importMyDigits: function (text, name) { return importText(text, name, need().myImport, 'my digits'); },
      reportError: function (message) { need().reportError(String(message)); },
      reject: function (e) { rejectReady(e); },
    },
  });

  window.lab = lab;
})();
