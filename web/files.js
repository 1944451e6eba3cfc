// Model files in the page: the download behind the toolbar's Model > Export model, the file
// picker behind Model > Import model..., and importing a file dropped anywhere on the page.
// The C++ side (src/platform/main_web.cpp) asks for the first two through window.labFiles.
// A file is only ever READ AS TEXT and handed to the engine's JSON parser (lab.importModel's
// path): nothing a user loads is executed. Files larger than the limit are refused from their
// size alone, before anything is read; every refusal is shown in the page (toolbar error) and
// changes nothing.
(function () {
  'use strict';
  const lab = window.lab;
  const boot = lab._boot;
  const input = document.getElementById('model-file');
  const overlay = document.getElementById('drop');

  function report(name, message) {
    try {
      boot.reportError('Import model' + (name ? ' (' + name + ')' : '') + ': ' + message);
    } catch (e) {
      console.warn('Backprop Lab: ' + message);
    }
    return message;
  }

  // Returns a Promise of '' or the error message.
  async function importFile(file) {
    if (!file) return report('', 'no file');
    const name = String(file.name || '');
    if (file.size === 0) return report(name, 'the file is empty (a model file is JSON text saved by Export model)');
    if (file.size > boot.maxModelBytes) return report(name, boot.tooLarge(file.size));
    let text;
    try {
      text = await file.text();
    } catch (e) {
      return report(name, 'the file could not be read (' + ((e && e.message) || e) + ')');
    }
    return boot.importFile(text, name);
  }

  function download(text, name, type) {
    const blob = new Blob([text], { type: type || 'application/json' });
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = name || 'backprop-lab-model.json';
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
  }

  function openPicker() {
    input.value = '';   // picking the same file again still fires 'change'
    input.click();
  }

  input.addEventListener('change', function () {
    const f = input.files && input.files[0];
    if (f) importFile(f);
  });

  // ---- drag and drop anywhere on the page
  let depth = 0;
  function hasFiles(e) {
    const t = e.dataTransfer && e.dataTransfer.types;
    return !!t && Array.prototype.indexOf.call(t, 'Files') >= 0;
  }
  window.addEventListener('dragenter', function (e) {
    if (!hasFiles(e)) return;
    e.preventDefault();
    depth++;
    overlay.hidden = false;
  });
  window.addEventListener('dragover', function (e) {
    if (!hasFiles(e)) return;
    e.preventDefault();   // allows the drop (and keeps the browser from opening the file)
    e.dataTransfer.dropEffect = 'copy';
  });
  window.addEventListener('dragleave', function () {
    depth = Math.max(0, depth - 1);
    if (depth === 0) overlay.hidden = true;
  });
  window.addEventListener('drop', function (e) {
    e.preventDefault();
    depth = 0;
    overlay.hidden = true;
    const files = e.dataTransfer && e.dataTransfer.files;
    if (!files || files.length === 0) { report('', 'drop a model file (.json), not text or a link'); return; }
    if (files.length > 1) { report('', 'drop one model file at a time (' + files.length + ' were dropped)'); return; }
    importFile(files[0]);
  });

  // ---- My digits (the Data panel's strip): a strokes JSON file, Export / Import like a model
  // file's (the same download; a picker of its own), and kept in localStorage across visits.
  const MY_KEY = 'bpl.my_digits';
  const myInput = document.createElement('input');
  myInput.type = 'file';
  myInput.accept = '.json,application/json,text/plain';
  myInput.hidden = true;
  myInput.id = 'my-digits-file';
  myInput.setAttribute('aria-label', 'Import a My digits file');
  document.body.appendChild(myInput);

  function reportMy(name, message) {
    try {
      boot.reportError('Import my digits' + (name ? ' (' + name + ')' : '') + ': ' + message);
    } catch (e) {
      console.warn('Backprop Lab: ' + message);
    }
    return message;
  }

  // Returns a Promise of '' or the error message; a bad file changes nothing.
  async function importMyDigitsFile(file) {
    if (!file) return reportMy('', 'no file');
    const name = String(file.name || '');
    if (file.size === 0) return reportMy(name, 'the file is empty (a My digits file is JSON text saved by Export)');
    if (file.size > boot.maxModelBytes)
      return reportMy(name, 'the file is too large (' + (file.size / 1048576).toFixed(0) + ' MB; at most 16 MB)');
    let text;
    try {
      text = await file.text();
    } catch (e) {
      return reportMy(name, 'the file could not be read (' + ((e && e.message) || e) + ')');
    }
    return boot.importMyDigits(text, name);
  }

  function openMyDigitsPicker() {
    myInput.value = '';
    myInput.click();
  }

  myInput.addEventListener('change', function () {
    const f = myInput.files && myInput.files[0];
    if (f) importMyDigitsFile(f);
  });

  // The digits kept by the last visit (src/platform/main_web.cpp writes them on every change). A
  // value that does not read is moved aside to MY_KEY + '.unread' (nothing lost) with a notice.
  function restoreMyDigits() {
    let text = null;
    try { text = localStorage.getItem(MY_KEY); } catch (e) { return; }   // storage disabled
    if (text == null || text === '') return;
    const err = boot.importMyDigits(text, '');
    if (!err) return;
    try { localStorage.setItem(MY_KEY + '.unread', text); localStorage.removeItem(MY_KEY); } catch (e) {}
    boot.reportError('My digits kept in this browser could not be read (' + err + '); they were set aside, ' +
                     'nothing was changed');
  }

  window.labFiles = {
    download: download, openPicker: openPicker, importFile: importFile,
    openMyDigitsPicker: openMyDigitsPicker, importMyDigitsFile: importMyDigitsFile, restoreMyDigits: restoreMyDigits,
  };
})();
