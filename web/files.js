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

  window.labFiles = { download: download, openPicker: openPicker, importFile: importFile };
})();
