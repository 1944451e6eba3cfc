// The Lessons panel as real text and controls (issue 18): while the panel is open, the current
// step (title, text, the action, the question with its choices as radio buttons, the answer and
// its explanation once revealed, Back/Next) is mirrored into a DOM section that screen readers
// read and the keyboard reaches; it is shown over the panel while it has the keyboard focus. Its
// controls send the same intents as the panel's (lab.lessons.act); the panel and this section
// always show the same step. Rebuilt only when the step's JSON changes, keeping the focus.
(function () {
  'use strict';
  const lab = window.lab;
  const POLL_MS = 300;
  let root = null;
  let shown = '';          // the JSON last rendered
  let revealedKey = '';    // the step whose answer was last announced

  function el(tag, attrs, text) {
    const e = document.createElement(tag);
    if (attrs) Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text != null) e.textContent = text;
    return e;
  }

  function act(intent) {
    const err = lab.lessons.act(intent);
    if (err) lab.announce(err);
    poll();
  }

  function button(key, label, intent, disabled) {
    const b = el('button', { type: 'button', 'data-key': key }, label);
    if (disabled) b.setAttribute('aria-disabled', 'true');
    b.addEventListener('click', function () { act(intent); });
    return b;
  }

  function renderChooser(v) {
    root.appendChild(el('h2', { id: 'lesson-h' }, 'Lessons'));
    root.appendChild(el('p', null, 'Nine short lessons take you from the digits to backpropagation.'));
    const list = el('ul');
    v.lessons.forEach(function (l) {
      const li = el('li');
      li.appendChild(button('start:' + l.id, 'Start ' + l.title + (l.finished ? ' (finished)' : ''),
                            { do: 'start', lesson: l.id }));
      list.appendChild(li);
    });
    root.appendChild(list);
  }

  function renderQuestion(l) {
    const q = l.question;
    const fs = el('fieldset');
    fs.appendChild(el('legend', null, 'Predict first: ' + q.prompt));
    q.choices.forEach(function (c, i) {
      const label = el('label');
      const r = el('input', { type: 'radio', name: 'lesson-choice', value: String(i), 'data-key': 'choice' + i });
      r.checked = q.chosen === i;
      r.disabled = q.revealed;
      r.addEventListener('change', function () { if (r.checked) act({ do: 'choose', choice: i }); });
      label.appendChild(r);
      label.appendChild(document.createTextNode(' ' + c));
      fs.appendChild(label);
    });
    root.appendChild(fs);
    if (!q.revealed) {
      root.appendChild(button('reveal', 'Reveal the answer', { do: 'reveal' }, q.chosen < 0));
      return;
    }
    const verdict = q.right ? 'Right. ' : 'Not quite: the answer is "' + q.choices[q.answer] + '". ';
    root.appendChild(el('p', null, verdict + q.explanation));
  }

  function renderStep(l) {
    root.appendChild(el('h2', { id: 'lesson-h' }, l.title));
    root.appendChild(el('h3', null, 'Step ' + (l.step + 1) + ' of ' + l.steps + ': ' + l.step_title));
    if (l.setup) root.appendChild(el('p', null, l.setup));
    root.appendChild(el('p', null, l.text));
    root.appendChild(el('p', null, 'Do this: ' + l.action + (l.goal_met ? ' (done)' : ' (not done yet)')));
    renderQuestion(l);
    const nav = el('p');
    nav.appendChild(button('back', 'Back', { do: 'back' }, false));
    nav.appendChild(button('next', l.last ? 'Finish the lesson' : 'Next', { do: 'next' }, !l.can_next));
    if (l.can_restore) nav.appendChild(button('restore', 'Restore my own setup', { do: 'restore' }, false));
    root.appendChild(nav);
  }

  function render(v, text) {
    const focused = document.activeElement && root.contains(document.activeElement)
      ? document.activeElement.getAttribute('data-key') : null;
    root.textContent = '';
    if (v.lesson) renderStep(v.lesson); else renderChooser(v);
    shown = text;
    if (focused) {   // the same control again, or (it is gone, e.g. Reveal) Next, or the first one
      const again = root.querySelector('[data-key="' + focused + '"]') ||
        root.querySelector('[data-key="next"]') || root.querySelector('button, input');
      if (again) again.focus();
    }
  }

  function announceReveal(l) {
    const key = l ? l.id + ':' + l.step : '';
    if (!l || !l.question.revealed) { if (key !== revealedKey) revealedKey = ''; return; }
    if (revealedKey === key) return;
    revealedKey = key;
    lab.announce(l.question.right ? 'Right.' : 'Not quite: the answer is ' + l.question.choices[l.question.answer] + '.');
  }

  function poll() {
    let open;
    try { open = lab.openPanels().indexOf('lessons') >= 0; } catch (e) { return; }
    root.hidden = !open;
    if (!open) return;
    const text = JSON.stringify(lab.lessons.state());
    if (text === shown) return;
    const v = JSON.parse(text);
    render(v, text);
    announceReveal(v.lesson);
  }

  // Shown over the Lessons panel while a control in it has the keyboard focus.
  function place() {
    const r = lab.panelRect('lessons');
    if (!r) return;
    root.style.left = r.x + 'px';
    root.style.top = r.y + 'px';
    root.style.width = r.w + 'px';
    root.style.maxHeight = r.h + 'px';
  }

  lab.ready.then(function () {
    root = document.getElementById('lesson-text');
    root.addEventListener('focusin', place);
    poll();
    setInterval(poll, POLL_MS);
  }, function () {});
})();
