// Small progressive enhancements shared by every page. Pages work without this file.
(function () {
  'use strict';
  // "Print this page" buttons are hidden until script can run them.
  document.querySelectorAll('.js-print').forEach(function (b) {
    b.hidden = false;
    b.addEventListener('click', function () { window.print(); });
  });

  // The browser's own messages for a field it refuses ("Please match the requested format.")
  // follow the browser's language, not the page's: a field carrying data-invalid says it in the
  // page's words instead.
  document.querySelectorAll('[data-invalid]').forEach(function (input) {
    input.addEventListener('invalid', function () {
      if (!input.validity.customError) input.setCustomValidity(input.getAttribute('data-invalid'));
    });
    input.addEventListener('input', function () { input.setCustomValidity(''); });
  });

  // Forms marked data-upload (online submission) send their files with a progress bar. The
  // server answers as it would without script: a redirect when done (we follow it), or the form
  // again with its errors (we show it in place and keep the files the user chose).
  function size(n) {
    if (n < 1024 * 1024) return Math.max(1, Math.round(n / 1024)) + ' KB';
    return (n / (1024 * 1024)).toFixed(1).replace('.', ',') + ' MB';
  }
  function fill(template, values) {
    return template.replace(/\{(\d)\}/g, function (m, i) { return values[+i]; });
  }
  function chosenBytes(form) {
    var total = 0;
    form.querySelectorAll('input[type=file]').forEach(function (input) {
      Array.prototype.forEach.call(input.files || [], function (f) { total += f.size; });
    });
    return total;
  }
  function enhanceUpload(form) {
    if (!window.FormData || !window.XMLHttpRequest || !window.DOMParser || !window.DataTransfer) return;
    var box = form.querySelector('.upload-progress');
    var bar = form.querySelector('progress');
    var status = form.querySelector('[role=status]');
    var button = form.querySelector('button[type=submit]');
    if (!box || !bar || !status) return;
    form.addEventListener('submit', function (e) {
      var total = chosenBytes(form);
      if (total === 0) return;  // nothing to upload: the plain submission is as fast
      e.preventDefault();
      box.hidden = false;
      var limit = +form.dataset.uploadLimit || 0;
      if (limit && total > limit) {
        bar.value = 0;
        status.textContent = fill(form.dataset.msgTooBig, [form.dataset.uploadLimitMb]);
        return;
      }
      var xhr = new XMLHttpRequest();
      xhr.open('POST', form.action);
      xhr.upload.addEventListener('progress', function (ev) {
        if (!ev.lengthComputable) return;
        var pct = Math.min(100, Math.round(ev.loaded * 100 / ev.total));
        bar.value = pct;
        status.textContent = fill(form.dataset.msgProgress, [pct, size(ev.loaded), size(ev.total)]);
      });
      xhr.upload.addEventListener('load', function () {
        bar.value = 100;
        status.textContent = form.dataset.msgProcessing;
      });
      xhr.addEventListener('load', function () {
        var done = xhr.status >= 200 && xhr.status < 300 && xhr.responseURL &&
          xhr.responseURL.split('?')[0] !== form.action;
        if (done) { window.location.assign(xhr.responseURL); return; }
        showAgain(form, xhr.responseText);
      });
      xhr.addEventListener('error', function () {
        button.disabled = false;
        status.textContent = form.dataset.msgNetwork;
      });
      button.disabled = true;
      xhr.send(new FormData(form));
    });
  }
  // Replaces the page's main content with the server's answer, moving over the files the user
  // had chosen except those the server refused.
  function showAgain(oldForm, html) {
    var doc = new DOMParser().parseFromString(html, 'text/html');
    var main = doc.querySelector('main');
    var here = document.querySelector('main');
    if (!main || !here) { document.open(); document.write(html); document.close(); return; }
    var kept = {};
    oldForm.querySelectorAll('input[type=file]').forEach(function (i) {
      kept[i.id] = Array.prototype.slice.call(i.files || []);
    });
    here.replaceWith(document.adoptNode(main));
    var form = document.querySelector('form[data-upload]');
    if (form) {
      form.querySelectorAll('input[type=file]').forEach(function (i) {
        if (!kept[i.id] || !kept[i.id].length || i.getAttribute('aria-invalid') === 'true') return;
        var list = new DataTransfer();
        kept[i.id].forEach(function (f) { list.items.add(f); });
        i.files = list.files;
      });
      var lost = form.querySelector('.files-lost');
      if (lost) lost.remove();
      enhanceForm(form);
    }
    var alert = document.querySelector('main [role=alert]');
    if (alert) { alert.tabIndex = -1; alert.focus(); }
  }
  // The wizard's review step: what will be sent, kept up to date as the user types.
  function enhanceReview(form) {
    var list = form.querySelector('.review-summary');
    if (!list) return;
    function add(term, value) {
      var dt = document.createElement('dt');
      dt.textContent = term;
      var dd = document.createElement('dd');
      dd.textContent = value;
      list.appendChild(dt);
      list.appendChild(dd);
    }
    function update() {
      while (list.firstChild) list.removeChild(list.firstChild);
      form.querySelectorAll('input:not([type=checkbox]):not([type=file]):not([type=hidden]), select').forEach(function (el) {
        var label = el.id && form.querySelector('label[for="' + el.id + '"]');
        var value = el.tagName === 'SELECT' ? (el.selectedOptions[0] || {}).textContent : el.value.trim();
        if (label && value) add(label.textContent, value);
      });
      form.querySelectorAll('ol.components li').forEach(function (li) {
        var box = li.querySelector('input[type=checkbox]');
        var files = li.querySelector('input[type=file]');
        var names = Array.prototype.map.call((files && files.files) || [], function (f) {
          return f.name + ' (' + size(f.size) + ')';
        });
        if (!(box && box.checked) && !names.length) return;
        var label = li.querySelector('label[for="' + box.id + '"]');
        add(label ? label.textContent : '', names.length ? list.dataset.filesLabel + ': ' + names.join(', ') : '—');
      });
      list.hidden = !list.firstChild;
    }
    form.addEventListener('input', update);
    form.addEventListener('change', update);
    update();
  }
  function enhanceForm(form) {
    enhanceUpload(form);
    enhanceReview(form);
  }
  document.querySelectorAll('form[data-upload]').forEach(enhanceForm);
})();
