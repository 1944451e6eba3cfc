// Keys typed in the page's own HTML controls (the accessible text layers, the file chooser) belong
// to those controls. The app listens for keys on the whole window in the capture phase (Emscripten's
// GLFW and src/platform/main_web.cpp), takes Space, S, R... as shortcuts and cancels Tab; this
// listener, registered before them, keeps such keys away from the app so that Tab, Space, Enter
// and the arrows do what the browser does in a form. Keys on the canvas or the page itself go on
// to the app as before.
(function () {
  'use strict';
  function ownedByDom(t) {
    return t instanceof Element && t !== document.body && t !== document.documentElement && t.id !== 'canvas';
  }
  ['keydown', 'keypress', 'keyup'].forEach(function (type) {
    window.addEventListener(type, function (e) {
      if (ownedByDom(e.target)) e.stopImmediatePropagation();
    }, true);
  });
})();
