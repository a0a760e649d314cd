// Shows each slider's value beside it as it moves; htmx (hx-trigger on the form) fetches the new
// projection. Without JS the sliders still submit with the Save button.
(function () {
  "use strict";
  // One short message for screen readers when the projection changes, not the whole table.
  var status = document.getElementById("projection-status");
  document.body.addEventListener("htmx:afterSwap", function (event) {
    if (!status || event.target.id !== "projection") return;
    var score = event.target.querySelector("[data-scenario-score]");
    status.textContent = status.dataset.text + (score ? " " + score.closest("p").textContent.trim() : "");
  });
  document.querySelectorAll(".civic-range").forEach(function (range) {
    var out = document.getElementById(range.id + "-out");
    if (!out) return;
    range.addEventListener("input", function () { out.value = range.value; out.textContent = range.value; });
  });
})();
