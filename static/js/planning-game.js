// The planning game: after each move htmx swaps the board; this says the new totals once to
// screen readers (a polite status outside the swapped part) and draws the balance chart, which
// the table below it repeats. Without JavaScript every button posts the form and the page returns.
(function () {
  "use strict";
  var status = document.getElementById("game-status");
  var chart = null;
  var draw = function () {
    var canvas = document.getElementById("game-balance");
    if (!canvas || !window.Chart) return;
    var data = JSON.parse(document.getElementById("game-balance-data").textContent);
    var figure = canvas.closest("figure");
    figure.hidden = false;
    figure.style.height = Math.max(120, 36 * data.labels.length + 40) + "px";
    if (chart) chart.destroy();
    chart = new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: [{
          label: data.label,
          data: data.values,
          backgroundColor: data.values.map(function (v) { return v < 0 ? "#d4351c" : "#00703c"; }),
        }],
      },
      options: {
        indexAxis: "y",
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: { legend: { display: false } },
        scales: { x: { min: -100, max: 100, reverse: document.documentElement.dir === "rtl" } },
      },
    });
  };
  document.body.addEventListener("htmx:afterSwap", function (event) {
    if (event.target.id !== "game-board" && !event.target.querySelector("#game-board")) return;
    var board = document.getElementById("game-board");
    if (status && board) status.textContent = board.dataset.status;
    draw();
  });
  window.addEventListener("load", draw);
})();
