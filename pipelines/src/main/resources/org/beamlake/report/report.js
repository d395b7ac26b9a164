// Draws the report's charts from the JSON beside this script, and records on each figure how many
// points it drew (data-drawn-points), so a test or a person can check that every row made it.
(function () {
  'use strict';
  var specs = JSON.parse(document.getElementById('report-charts').textContent);
  specs.forEach(function (spec) {
    var canvas = document.getElementById(spec.id);
    var chart = new Chart(canvas, spec.config);
    var drawn = 0;
    chart.data.datasets.forEach(function (dataset, i) {
      chart.getDatasetMeta(i).data.forEach(function (element, k) {
        var value = dataset.data[k];
        if (value !== null && value !== undefined && isFinite(element.x) && isFinite(element.y)) {
          drawn++;
        }
      });
    });
    canvas.closest('figure').setAttribute('data-drawn-points', String(drawn));
  });
  document.body.setAttribute('data-charts-drawn', String(specs.length));
})();
