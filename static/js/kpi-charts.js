// Line charts for the KPI dashboard and scenario projections, drawn from the JSON beside each
// canvas. The table next to every chart holds the same figures; without JS the chart stays hidden.
(function () {
  "use strict";
  var charts = {};
  function draw(figure) {
    if (!window.Chart) return;
    var canvas = figure.querySelector("canvas");
    var node = document.getElementById(canvas.id + "-data");
    if (!node) return;
    var data = JSON.parse(node.textContent);
    var bar = figure.classList.contains("civic-chart--bar");
    figure.hidden = false;
    figure.style.height = (bar ? Math.max(120, 36 * data.labels.length + 40) : 260) + "px";
    if (charts[canvas.id]) charts[canvas.id].destroy();
    charts[canvas.id] = new window.Chart(canvas, {
      type: bar ? "bar" : "line",
      data: {
        labels: data.labels,
        datasets: (data.datasets || [{ label: data.label, data: data.values }]).map(function (d, i) {
          var colours = ["#1d70b8", "#d4351c", "#00703c", "#4c2c92"];
          return { label: d.label, data: d.data || d.values, borderColor: colours[i % 4], backgroundColor: colours[i % 4], spanGaps: false, tension: 0.2 };
        }),
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        indexAxis: bar ? "y" : "x",
        plugins: { legend: { display: !!data.datasets } },
        scales: { x: { reverse: document.documentElement.dir === "rtl" } },
      },
    });
  }
  function drawAll(root) {
    (root || document).querySelectorAll(".civic-chart--line, .civic-chart--bar").forEach(draw);
  }
  document.addEventListener("DOMContentLoaded", function () { drawAll(document); });
  document.body.addEventListener("htmx:afterSwap", function (event) { drawAll(event.target); });
  window.civicDrawCharts = drawAll;
})();
