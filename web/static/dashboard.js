// Leader dashboard charts, drawn from data the server rendered into each canvas's data-chart
// attribute (no inline script under the strict CSP). Without JavaScript the tables remain.
(function () {
  'use strict';
  if (!window.Chart) return;
  document.querySelectorAll('canvas.chart[data-chart]').forEach(function (canvas) {
    var data;
    try { data = JSON.parse(canvas.dataset.chart); } catch (e) { return; }
    if (!data.labels || !data.labels.length) { canvas.parentNode.hidden = true; return; }
    var x = { beginAtZero: true, ticks: { precision: 0 } };
    if (canvas.dataset.max) x.max = Number(canvas.dataset.max);
    new window.Chart(canvas, {
      type: 'bar',
      data: data,
      options: { indexAxis: 'y', responsive: true, maintainAspectRatio: false, animation: false, scales: { x: x } }
    });
  });
})();
