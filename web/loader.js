// Boots Backprop Lab: checks the browser, downloads the WebAssembly module, the font and the
// digits in parallel with a progress bar, starts the Emscripten runtime and hands it the data.
// Any failure replaces the page with a clear message instead of a blank canvas.
// All URLs are relative: the site works from any static host path.
// It is the page's second script (after web/inflate.js; all are deferred, so the browser fetches
// them together), so that the downloads and the WebGL context (which can block the page for half
// a second) start before the other scripts run; it reaches window.lab (web/lab.js) only once they
// have run (issue 17: the first frame).
(function () {
  'use strict';
  const APP_JS = 'backprop-lab-app.js';
  const APP_WASM = 'backprop-lab-app.wasm';
  const FONT_URL = 'assets/fonts/DejaVuSans-subset.ttf';
  const DATA_URL = 'assets/digits.txt.gz';   // the UCI digits, compact (src/data/dataset.hpp)
  const PEN_URL = 'assets/pen-digits.txt.gz';   // real writers' digits, 8x8 (assets/pen-digits.md)

  const $ = function (id) { return document.getElementById(id); };
  const canvas = $('canvas');
  let failed = false;
  let started = false;

  function message(e) {
    if (e == null) return '';
    if (typeof e === 'string') return e;
    return e.message || String(e);
  }

  function fail(title, detail) {
    if (failed) return;
    failed = true;
    const d = message(detail);
    $('error-title').textContent = title;
    $('error-text').textContent = d;
    $('error').hidden = false;
    $('loading').classList.add('done');
    console.error('Backprop Lab: ' + title + (d ? ': ' + d : ''));
    const error = new Error(title + (d ? ': ' + d : ''));
    afterParse(function () { window.lab._boot.reject(error); });
  }

  // Runs fn once every script of the page has run (window.lab exists): the scripts are deferred,
  // so that is DOMContentLoaded.
  let parsed = false;
  document.addEventListener('DOMContentLoaded', function () { parsed = true; });
  function afterParse(fn) {
    if (parsed) fn();
    else document.addEventListener('DOMContentLoaded', fn);
  }

  window.addEventListener('error', function (e) {
    fail(started ? 'Backprop Lab stopped after an error' : 'Backprop Lab could not start',
         (e.message || 'unknown error') + (e.filename ? ' (' + e.filename.split('/').pop() + ':' + e.lineno + ')' : ''));
  });
  window.addEventListener('unhandledrejection', function (e) {
    fail(started ? 'Backprop Lab stopped after an error' : 'Backprop Lab could not start', message(e.reason));
  });

  // ---- what the browser must have
  if (typeof WebAssembly !== 'object' || typeof WebAssembly.instantiate !== 'function') {
    fail('This browser cannot run WebAssembly',
         'Backprop Lab runs its neural network in WebAssembly. Please use a recent Firefox, Chrome, Edge or Safari.');
    return;
  }
  canvas.addEventListener('webglcontextlost', function (e) {
    e.preventDefault();
    fail('The graphics context was lost', 'The browser stopped WebGL for this page. Reload the page to start again.');
  });
  canvas.addEventListener('contextmenu', function (e) { e.preventDefault(); });

  // ---- downloads with progress
  const parts = {   // estimates until the server tells the sizes
    wasm: { loaded: 0, total: 1210000 },
    font: { loaded: 0, total: 41000 },
    data: { loaded: 0, total: 39000 },
    pen: { loaded: 0, total: 24000 },
  };
  function progress() {
    let loaded = 0, total = 0;
    for (const k in parts) { loaded += parts[k].loaded; total += parts[k].total; }
    const pct = total > 0 ? Math.min(100, Math.round(100 * loaded / total)) : 0;
    $('load-bar').style.width = pct + '%';
    $('load-text').textContent = pct < 100
      ? 'Loading… ' + (loaded / 1e6).toFixed(1) + ' of ' + (total / 1e6).toFixed(1) + ' MB'
      : 'Starting…';
  }

  async function fetchBytes(url, part) {
    let res;
    try {
      res = await fetch(url);
    } catch (e) {
      throw new Error('could not download ' + url + ' (' + message(e) + ')');
    }
    if (!res.ok) throw new Error('could not download ' + url + ' (HTTP ' + res.status + ' ' + res.statusText + ')');
    const len = Number(res.headers.get('Content-Length')) || 0;
    if (len > 0) part.total = len;
    if (!res.body || typeof res.body.getReader !== 'function') {
      const b = new Uint8Array(await res.arrayBuffer());
      part.loaded = part.total = b.length;
      progress();
      return b;
    }
    const reader = res.body.getReader();
    const chunks = [];
    let n = 0;
    for (;;) {
      const r = await reader.read();
      if (r.done) break;
      chunks.push(r.value);
      n += r.value.length;
      part.loaded = n;
      if (n > part.total) part.total = n;
      progress();
    }
    part.loaded = part.total = n;
    progress();
    const out = new Uint8Array(n);
    let o = 0;
    for (const c of chunks) { out.set(c, o); o += c.length; }
    return out;
  }

  // The WebAssembly module, compiled while it downloads where the browser can (the server must
  // say application/wasm: scripts/serve.sh does), so that compiling overlaps the download, the
  // font and the data; otherwise downloaded whole and then compiled. Progress is counted as the
  // bytes stream into the compiler.
  async function compileWasm(url, part) {
    if (typeof WebAssembly.compileStreaming !== 'function' || typeof TransformStream !== 'function') {
      return WebAssembly.compile(await fetchBytes(url, part));
    }
    let res;
    try {
      res = await fetch(url);
    } catch (e) {
      throw new Error('could not download ' + url + ' (' + message(e) + ')');
    }
    if (!res.ok) throw new Error('could not download ' + url + ' (HTTP ' + res.status + ' ' + res.statusText + ')');
    const type = (res.headers.get('Content-Type') || '').split(';')[0].trim();
    if (type !== 'application/wasm' || !res.body) return WebAssembly.compile(await res.arrayBuffer());
    const len = Number(res.headers.get('Content-Length')) || 0;
    if (len > 0) part.total = len;
    const counted = res.body.pipeThrough(new TransformStream({
      transform: function (chunk, out) {
        part.loaded += chunk.length;
        if (part.loaded > part.total) part.total = part.loaded;
        progress();
        out.enqueue(chunk);
      },
    }));
    return WebAssembly.compileStreaming(new Response(counted, { headers: { 'Content-Type': 'application/wasm' } }));
  }

  // The .gz assets are decoded here, at once (web/inflate.js), not by a DecompressionStream whose
  // chunks would wait behind the module's start. A server that already decompressed them sends
  // the text itself.
  function gunzipText(bytes) {
    const gz = bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
    return new TextDecoder().decode(gz ? window.labGunzip(bytes) : bytes);
  }

  // Creating a WebGL context can take a while (a GPU process starting): start the downloads
  // first. The probe uses the app's own canvas with the attributes main_web.cpp asks GLFW for,
  // so the Emscripten runtime later gets this very context back instead of making a second one.
  progress();
  const wasmP = compileWasm(APP_WASM, parts.wasm);
  const fontP = fetchBytes(FONT_URL, parts.font);
  const dataP = fetchBytes(DATA_URL, parts.data).then(gunzipText);
  const penP = fetchBytes(PEN_URL, parts.pen).then(gunzipText);
  // Failures are reported where each promise is used; these keep them from being "unhandled".
  wasmP.catch(function () {}); fontP.catch(function () {}); dataP.catch(function () {}); penP.catch(function () {});

  // The drawing buffer at its final size (CSS size x device pixel ratio, as main_web.cpp's
  // update_canvas_size computes it) before the context exists: resizing it later reallocates it.
  const dpr = Math.max(0.5, Math.min(4, window.devicePixelRatio || 1));
  const box = canvas.getBoundingClientRect();
  if (box.width >= 1 && box.height >= 1) {
    canvas.width = Math.max(1, Math.round(box.width * dpr));
    canvas.height = Math.max(1, Math.round(box.height * dpr));
  }
  let gl2 = null;
  try {
    gl2 = canvas.getContext('webgl2', { alpha: false, depth: false, stencil: false, antialias: false });
  } catch (e) {
    gl2 = null;
  }
  if (!gl2) {
    fail('WebGL 2 is not available',
         'Backprop Lab draws with WebGL 2. Please use a recent browser and make sure hardware acceleration is enabled.');
    return;
  }

  // Offline after one visit: the service worker (sw.js, written by the build) precaches the
  // site. Registered once the app runs, so that it never competes with the first load; where
  // service workers are unavailable (a file:// page, a private window) the page works online.
  function registerServiceWorker() {
    if (!('serviceWorker' in navigator) || !/^https?:$/.test(location.protocol)) return;
    navigator.serviceWorker.register('sw.js').catch(function (e) {
      console.info('Backprop Lab: no offline copy (' + message(e) + ')');
    });
  }

  const Module = {
    canvas: canvas,
    print: function (t) { console.log(t); },
    printErr: function (t) { console.warn(t); },
    locateFile: function (path) { return path; },
    instantiateWasm: function (imports, receive) {
      let module = null;
      wasmP.then(function (m) { module = m; return WebAssembly.instantiate(m, imports); })
        .then(function (instance) { receive(instance, module); })
        .catch(function (e) { fail('Could not load Backprop Lab', e); });
      return {};
    },
    preRun: [function () {
      Module.addRunDependency('bpl-font');
      fontP.then(function (bytes) {
        Module.bplFont = bytes;   // main() takes it (main_web.cpp's take_font)
        Module.removeRunDependency('bpl-font');
      }).catch(function (e) { fail('Could not load Backprop Lab', e); });
    }],
    postRun: [function () {
      if (failed) return;
      started = true;
      const lab = window.lab;
      lab._boot.attach(Module);
      lab.timing.runtime = Math.round(performance.now());
      lab.nextFrame().then(function () { lab.timing.firstFrame = Math.round(performance.now()); });
      Promise.all([dataP, penP]).then(function (texts) {
        if (failed) return;
        const err = lab._boot.loadData(texts[0], texts[1]);
        if (err) { fail('Could not read the digits data', err); return; }
        // A shared link's setup (its notice, if any, is shown in the page). Also when only the
        // fragment changes later (a link pasted into the same tab).
        if (location.hash.length > 1) lab.applyLink(location.hash);
        // My digits kept in this browser (web/files.js).
        if (window.labFiles) window.labFiles.restoreMyDigits();
        // Where the student left the lessons, unless the link says otherwise.
        let saved = null;
        try { saved = localStorage.getItem('bpl.lesson'); } catch (e) { saved = null; }
        const m = saved && /^([a-z0-9_-]{1,40}):([0-9]{1,3})$/.exec(saved);
        if (m && !/[#&]lesson=/.test(location.hash)) lab.applyLink('#lesson=' + m[1] + '&lesson_step=' + m[2]);
        window.addEventListener('hashchange', function () { lab.applyLink(location.hash); });
        return lab.nextFrame().then(function () {
          $('loading').classList.add('done');
          lab.timing.ready = Math.round(performance.now());
          lab._boot.resolve();
          registerServiceWorker();
        });
      }).catch(function (e) { fail('Could not load the digits data', e); });
    }],
    onAbort: function (what) { fail('Backprop Lab stopped', message(what) || 'the WebAssembly module aborted'); },
    bplFail: fail,
  };
  window.Module = Module;

  // Emscripten's script (index.html preloads it) runs once the page's own scripts have.
  afterParse(function () {
    const script = document.createElement('script');
    script.src = APP_JS;
    script.async = true;
    script.onerror = function () { fail('Could not load Backprop Lab', 'could not download ' + APP_JS); };
    document.body.appendChild(script);
  });
})();
