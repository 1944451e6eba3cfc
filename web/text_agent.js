// The text agent: a real <input> that stands in for the ImGui text or number field being edited,
// so that a touch screen opens its on-screen keyboard (egui's web "text agent" is the model).
// src/platform/text_agent.cpp calls labTextAgent.update() when a field starts or stops being
// edited (and when it moves), and takes what was typed here once per frame (take()): text as it
// is, the editing keys as one private-use character each (U+E000 + index in KEYS, the same table
// as text_agent.cpp's kKeys). Enter commits and Escape cancels (ImGui does both on the relayed
// key); a blur the page did not ask for commits (Enter). The agent sits over the field, nearly
// invisible, and is focused only when a finger or a pen started the edit: a mouse click types
// through GLFW as before. Keys typed here never reach GLFW (web/dom_keys.js), so each key reaches
// ImGui exactly once. Loaded before web/dom_keys.js: its key listener must run before that one's.
(function () {
  'use strict';
  const KEYS = [null, 'Enter', 'Escape', 'Backspace', 'Delete', 'ArrowLeft', 'ArrowRight', 'Home', 'End', 'Tab'];
  let input = null;
  let queue = '';
  let active = false;        // ImGui edits a field (last update)
  let numeric = false;
  let pointer = 'mouse';     // the last pointer's type: 'touch' and 'pen' get the agent
  let blurring = false;      // the page itself blurs the agent (no commit)
  let composing = false;
  let fingerDown = false;    // a finger is on the screen (the agent then waits for touchend)

  function make() {
    input = document.createElement('input');
    input.id = 'text-agent';
    input.className = 'text-agent';
    input.type = 'text';
    input.autocomplete = 'off';
    input.setAttribute('autocorrect', 'off');
    input.setAttribute('autocapitalize', 'off');
    input.spellcheck = false;
    input.setAttribute('enterkeyhint', 'done');
    input.setAttribute('aria-label', 'Value being edited');
    input.tabIndex = -1;
    input.addEventListener('input', function (e) {
      if (!composing && !e.isComposing) flush();
    });
    // A mobile keyboard may delete with an input event and no key event (keyCode 229).
    input.addEventListener('beforeinput', function (e) {
      const key = e.inputType === 'deleteContentBackward' ? 'Backspace' : e.inputType === 'deleteContentForward' ? 'Delete' : null;
      if (!key || composing || e.isComposing || input.value) return;
      e.preventDefault();
      queue += String.fromCharCode(0xE000 + KEYS.indexOf(key));
    });
    input.addEventListener('compositionstart', function () { composing = true; });
    input.addEventListener('compositionend', function () { composing = false; flush(); });
    input.addEventListener('blur', function () {
      if (!blurring && active) queue += String.fromCharCode(0xE000 + KEYS.indexOf('Enter'));
    });
    document.body.appendChild(input);
  }

  // Typed text goes to the queue; the agent stays empty.
  function flush() {
    if (input.value) queue += input.value;
    input.value = '';
  }

  function focus() {
    if (!input || document.activeElement === input) return;
    input.inputMode = numeric ? 'decimal' : 'text';
    input.value = '';
    input.focus({ preventScroll: true });
  }

  function blur() {
    if (!input || document.activeElement !== input) return;
    blurring = true;
    input.blur();
    blurring = false;
  }

  function wantsAgent() { return pointer === 'touch' || pointer === 'pen'; }

  // Its editing keys are read on the window in the capture phase: web/dom_keys.js (loaded after
  // this file) stops every key in an HTML control there, before it reaches the control itself.
  window.addEventListener('keydown', function (e) {
    if (!input || e.target !== input || composing || e.isComposing || e.keyCode === 229) return;
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const i = KEYS.indexOf(e.key);
    if (i <= 0) return;
    e.preventDefault();
    queue += String.fromCharCode(0xE000 + i);
  }, true);
  window.addEventListener('pointerdown', function (e) { pointer = e.pointerType || 'mouse'; }, true);
  window.addEventListener('touchstart', function (e) { pointer = 'touch'; fingerDown = e.touches.length > 0; }, true);
  // iOS shows the keyboard only for a focus() inside a touch handler: a tap that put a field into
  // edit mode (a frame after the finger went down) focuses the agent as the finger lifts.
  ['touchend', 'touchcancel'].forEach(function (type) {
    window.addEventListener(type, function (e) {
      fingerDown = e.touches.length > 0;
      if (active && !fingerDown) focus();
    }, true);
  });

  window.labTextAgent = {
    // Called by text_agent.cpp: a field is being edited at (x, y, w, h) CSS px of the canvas, or not.
    update: function (on, x, y, w, h, isNumeric) {
      if (!input) make();
      const wasActive = active;
      active = on;
      numeric = isNumeric;
      if (!on) {
        queue = '';
        blur();
        return;
      }
      const canvas = document.getElementById('canvas');
      const c = canvas ? canvas.getBoundingClientRect() : { left: 0, top: 0 };
      input.style.left = (c.left + x) + 'px';
      input.style.top = (c.top + y) + 'px';
      input.style.width = Math.max(1, w) + 'px';
      input.style.height = Math.max(1, h) + 'px';
      if (document.activeElement === input) input.inputMode = numeric ? 'decimal' : 'text';
      else if (!wasActive && wantsAgent() && !fingerDown) focus();
    },
    // Called by text_agent.cpp once per frame: what was typed since.
    take: function () {
      const s = queue;
      queue = '';
      return s;
    },
  };
})();
