// Counter workload charts, drawn from data the server rendered into each canvas's data-chart
// attribute (no inline script under the strict CSP). data-stacked stacks the datasets (dossiers
// per field on each day); otherwise bars are grouped (current vs suggested counters). Without
// JavaScript the tables beside the charts carry the same numbers.
(function () {
  'use strict';
  if (!window.Chart) return;
  document.querySelectorAll('canvas.chart[data-chart]').forEach(function (canvas) {
    var data;
    try { data = JSON.parse(canvas.dataset.chart); } catch (e) { return; }
    if (!data.labels || !data.labels.length) { canvas.parentNode.hidden = true; return; }
    var stacked = canvas.dataset.stacked === '1';
    new window.Chart(canvas, {
      type: 'bar',
      data: data,
      options: {
        indexAxis: stacked ? 'x' : 'y',
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: {
          x: { stacked: stacked, beginAtZero: true, ticks: { precision: 0 } },
          y: { stacked: stacked, beginAtZero: true, ticks: { precision: 0 } }
        }
      }
    });
  });
})();
