// Live announcements for screen readers: a polite live region that says what a sighted user sees
// change (training started, paused or stopped and why; the accuracy every few seconds while it
// trains; how the current input was read; a refused file or another notice). It only reads
// lab.state() (never wakes an idle page) and keeps the last messages for lab.announcements().
(function () {
  'use strict';
  const lab = window.lab;
  const POLL_MS = 500;              // how often the state is read
  const ACCURACY_EVERY_MS = 5000;   // progress while training, at most this often
  const READ_SETTLE_MS = 700;       // a sketch's reading is said once it stops changing
  const KEEP = 50;                  // messages kept for lab.announcements()

  const log = [];
  let region = null;

  function pct(p) { return Math.round(100 * p) + '%'; }
  function pct1(p) { return (100 * p).toFixed(1) + '%'; }

  function say(text) {
    if (!text) return;
    log.push({ text: text, t: Math.round(performance.now()) });
    if (log.length > KEEP) log.shift();
    // Emptied first so that the same words said twice are announced twice.
    region.textContent = '';
    setTimeout(function () { region.textContent = text; }, 30);
  }

  // "Read as 7, 93% sure; next: 1 (4%)" or "Not sure: 7 (48%), 1 (30%) or 9 (12%)".
  function describeReading(input) {
    const c = input.candidates || [];
    if (c.length < 3 || c[0].p == null) return '';
    const what = input.source === 'sketch' ? 'Your drawing' : 'Image ' + input.index;
    if (input.unsure) {
      return what + ': not sure, ' + c[0].digit + ' (' + pct(c[0].p) + '), ' + c[1].digit + ' (' +
        pct(c[1].p) + ') or ' + c[2].digit + ' (' + pct(c[2].p) + ')';
    }
    return what + ' read as ' + c[0].digit + ', ' + pct(c[0].p) + ' sure; next: ' + c[1].digit +
      ' (' + pct(c[1].p) + ')';
  }

  function readingKey(input) {
    if (!input) return '';
    return input.source + ':' + (input.index == null ? '' : input.index) + ':' + input.pixels.join(',');
  }

  function trainingMessage(prev, s) {
    if (s.training && !prev.training) return 'Training started';
    if (!s.training && prev.training) {
      if (s.stopped && s.stop_reason && s.stop_reason !== 'running') {
        return 'Training stopped: ' + s.stop_reason + '. Validation accuracy ' + pct1(s.val_accuracy) +
          (s.test_accuracy != null ? ', test accuracy ' + pct1(s.test_accuracy) : '');
      }
      return 'Training paused at epoch ' + Math.round(s.epoch * 10) / 10 + '. Validation accuracy ' +
        pct1(s.val_accuracy);
    }
    return '';
  }

  function progressMessage(s) {
    return 'Epoch ' + Math.floor(s.epoch) + ': validation accuracy ' + pct1(s.val_accuracy) +
      ', training loss ' + s.train_loss.toFixed(3);
  }

  function start() {
    let prev = null;
    let lastProgress = 0;
    let pendingKey = '', pendingSince = 0, saidKey = '';
    setInterval(function () {
      let s;
      try { s = lab.state(); } catch (e) { return; }
      if (!s.has_data) return;
      const now = performance.now();
      if (!prev && s.training) { say('Training started'); lastProgress = now; }
      if (prev) {
        const t = trainingMessage(prev, s);
        if (t) { say(t); lastProgress = now; }
        else if (s.training && now - lastProgress >= ACCURACY_EVERY_MS && s.val_accuracy != null &&
                 s.train_loss != null) {
          say(progressMessage(s));
          lastProgress = now;
        }
        if (s.last_error && s.last_error !== prev.last_error) say(s.last_error);
        else if (s.last_notice && s.last_notice !== prev.last_notice) say(s.last_notice);
      }
      // The reading, once the input has settled (a sketch changes with every stroke).
      const key = readingKey(s.input);
      if (key !== pendingKey) { pendingKey = key; pendingSince = now; }
      if (key && key !== saidKey && now - pendingSince >= (s.input.source === 'sketch' ? READ_SETTLE_MS : 0)) {
        saidKey = key;
        say(describeReading(s.input));
      }
      if (!key) saidKey = '';
      prev = s;
    }, POLL_MS);
  }

  lab.announcements = function () { return log.slice(); };
  lab.announce = function (text) { if (region) say(String(text)); };
  region = document.getElementById('announce');
  lab.ready.then(start, function () {});
})();
