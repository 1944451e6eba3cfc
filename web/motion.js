// prefers-reduced-motion: while the system asks for less motion, nothing in the app plays by itself
// (lab.setReducedMotion; the Backprop stepper's Play is off). Followed at load and on every change.
(function () {
  'use strict';
  const lab = window.lab;
  const query = window.matchMedia ? window.matchMedia('(prefers-reduced-motion: reduce)') : null;
  lab.ready.then(function () {
    const apply = function () { lab.setReducedMotion(!!(query && query.matches)); };
    apply();
    if (query && query.addEventListener) query.addEventListener('change', apply);
  }, function () {});
})();
