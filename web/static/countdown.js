// The dossier page's deadline countdown: keeps the server-rendered "Còn 2 ngày 03 giờ 15 phút"
// up to date in the browser. The server's clock is the reference (data-now at render time), so a
// wrong clock on the officer's computer does not change the figure. Without JavaScript the text
// rendered by the server stays, correct as of the page load.
(function () {
  'use strict';
  var el = document.getElementById('d-countdown');
  if (!el) return;
  var due = Number(el.dataset.due);
  var skew = Number(el.dataset.now) - Date.now() / 1000;
  if (!isFinite(due) || !isFinite(skew)) return;
  // fmt-style patterns: "{}" and "{:02}" are filled in order.
  function format(pattern, values) {
    var i = 0;
    return pattern.replace(/\{(:02)?\}/g, function (_, pad) {
      var v = String(values[i++]);
      return pad && v.length < 2 ? '0' + v : v;
    });
  }
  function render() {
    var now = Date.now() / 1000 + skew;
    var overdue = now > due;
    var left = Math.floor(Math.abs(due - now));
    var days = Math.floor(left / 86400);
    var hours = Math.floor((left % 86400) / 3600);
    var minutes = Math.floor((left % 3600) / 60);
    var span = days > 0 ? format(el.dataset.days, [days, hours, minutes])
      : format(el.dataset.hours, [hours, minutes]);
    var text = format(overdue ? el.dataset.overdue : el.dataset.left, [span]);
    if (el.textContent !== text) el.textContent = text;
    el.classList.toggle('late', overdue);
  }
  render();
  setInterval(render, 15000);
})();
