// Small progressive enhancements shared by every page. Pages work without this file.
(function () {
  'use strict';
  // "Print this page" buttons are hidden until script can run them.
  document.querySelectorAll('.js-print').forEach(function (b) {
    b.hidden = false;
    b.addEventListener('click', function () { window.print(); });
  });
})();
