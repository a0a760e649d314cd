// Shows each slider's value beside it as it moves; htmx (hx-trigger on the form) fetches the new
// projection. Without JS the sliders still submit with the Save button.
(function () {
  "use strict";
  document.querySelectorAll(".civic-range").forEach(function (range) {
    var out = document.getElementById(range.id + "-out");
    if (!out) return;
    range.addEventListener("input", function () { out.value = range.value; out.textContent = range.value; });
  });
})();
