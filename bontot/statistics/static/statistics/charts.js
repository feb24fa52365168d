// The statistics page's charts: Chart.js over the figures the page passes with json_script.
// Every bar leads to the list behind it (the same address as the table's link next to the chart).
(function () {
  "use strict";
  function start() {
    var source = document.getElementById("statistics-data");
    if (!source || typeof Chart === "undefined") return;
    var data = JSON.parse(source.textContent);
    var colors = ["#b02a37", "#0d6efd", "#198754", "#fd7e14", "#6f42c1", "#20c997"];
    document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      var figure = data[canvas.dataset.chart];
      if (!figure) return;
      var type = "bar";
      var datasets;
      if (figure.series) {
        type = "line";
        datasets = figure.series.map(function (s, i) {
          return { label: s.title, data: s.values, borderColor: colors[i % colors.length], spanGaps: true };
        });
      } else {
        datasets = [{ label: figure.title, data: figure.values, backgroundColor: colors[0] }];
        if (figure.values2) {
          datasets.push({ label: figure.title2, data: figure.values2, backgroundColor: colors[1] });
        }
      }
      var name = canvas.dataset.chart;
      var percent = name === "registration" || name === "recognition" || name === "trend";
      var valueAxis = percent ? { min: 0, max: 100 } : { beginAtZero: true, ticks: { precision: 0 } };
      var horizontal = name === "criteria";
      new Chart(canvas, {
        type: type,
        data: { labels: figure.labels, datasets: datasets },
        options: {
          responsive: true,
          maintainAspectRatio: false,
          animation: false,
          indexAxis: horizontal ? "y" : "x",
          scales: horizontal ? { x: valueAxis } : { y: valueAxis },
          onClick: function (event, elements) {
            if (elements.length && figure.urls && figure.urls[elements[0].index]) {
              window.location.href = figure.urls[elements[0].index];
            }
          },
        },
      });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
