// Draws each results chart from the JSON next to its canvas. The table below every chart holds
// the same figures, so the chart is decoration for sighted users and hidden when JS is off.
(function () {
  "use strict";
  if (!window.Chart) return;
  var rtl = document.documentElement.dir === "rtl";
  document.querySelectorAll(".civic-chart").forEach(function (figure) {
    var canvas = figure.querySelector("canvas");
    var data = JSON.parse(document.getElementById(canvas.id + "-data").textContent);
    figure.hidden = false;
    figure.style.height = Math.max(120, 40 * data.labels.length + 40) + "px";
    new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: [{ label: data.label, data: data.values, backgroundColor: "#1d70b8" }],
      },
      options: {
        indexAxis: "y",
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: { legend: { display: false } },
        scales: {
          x: { beginAtZero: true, reverse: rtl, ticks: { precision: data.kind === "ranking" ? 1 : 0 }, title: { display: data.kind === "ranking", text: data.kind === "ranking" ? "1 = first" : "" } },
        },
      },
    });
  });
})();
