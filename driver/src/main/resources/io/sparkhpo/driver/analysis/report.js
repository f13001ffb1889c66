// analyze's report: draws the charts of the data embedded in the page (#report-data, the same JSON the dashboard's
// API sends) with the dashboard's own charts.js, into the report's <main id="report-charts">.
'use strict';

document.addEventListener('DOMContentLoaded', () => {
  const main = document.getElementById('report-charts');
  const d = JSON.parse(document.getElementById('report-data').textContent);
  const put = (id, node) => document.getElementById(id).append(node);
  put('report-history', Charts.history(d.history, 'chart wide'));
  if (d.points.dimensions.length) {
    put('report-parallel', Charts.parallel(d.points));
    put('report-slices', Charts.slices(d.points));
  }
  put('report-importances', Charts.importances(d.heatmaps));
  Charts.disposeOld(); // nothing is old yet: this moves the charts just drawn to the ones resizeAll fits to the page
  Charts.resizeAll();
  main.setAttribute('data-ready', 'true');
});
