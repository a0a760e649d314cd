// "Select every item on this page" for bulk actions. Without JavaScript each row's own
// checkbox still works; the select-all box only appears when this script runs.
(function () {
  document.querySelectorAll("[data-select-all]").forEach(function (all) {
    var form = all.closest("form");
    var wrapper = all.closest("[data-select-all-wrapper]");
    if (wrapper) wrapper.hidden = false;
    var boxes = function () {
      return Array.prototype.filter.call(form.querySelectorAll("input[type=checkbox]"), function (b) {
        return b !== all && b.name;
      });
    };
    var sync = function () {
      var list = boxes();
      var checked = list.filter(function (b) { return b.checked; }).length;
      all.checked = list.length > 0 && checked === list.length;
      all.indeterminate = checked > 0 && checked < list.length;
    };
    all.addEventListener("change", function () {
      boxes().forEach(function (b) { b.checked = all.checked; });
    });
    form.addEventListener("change", function (event) {
      if (event.target !== all) sync();
    });
    sync();
  });
})();
