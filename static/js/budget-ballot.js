// The ballot's running total: what the ticked items cost against the budget (or how many are
// ticked against the limit), said politely to screen readers as it changes. The server checks
// every rule again when the ballot is saved; this only helps people see where they stand.
(function () {
  "use strict";
  var form = document.querySelector(".civic-ballot");
  var total = document.getElementById("ballot-total");
  if (!form || !total) return;
  var rules = JSON.parse(document.getElementById(form.dataset.rulesId).textContent);
  var money = function (n) {
    return "£" + Math.round(n).toLocaleString("en-GB");
  };
  var fill = function (template, values) {
    return template.replace(/\{(\w+)\}/g, function (_m, key) {
      return values[key];
    });
  };
  var update = function () {
    var boxes = form.querySelectorAll("input[name=item]:checked");
    var spent = 0;
    boxes.forEach(function (box) {
      spent += Number(box.dataset.cost) || 0;
    });
    var text;
    if (rules.kind === "approval") {
      text = fill(total.dataset.count, { count: boxes.length, max: rules.max });
    } else if (spent > rules.budget) {
      text = fill(total.dataset.over, { total: money(spent), over: money(spent - rules.budget), budget: money(rules.budget) });
    } else {
      text = fill(total.dataset.within, { total: money(spent), budget: money(rules.budget), left: money(rules.budget - spent) });
    }
    total.textContent = text;
    total.classList.toggle("civic-ballot__total--over", rules.kind !== "approval" && spent > rules.budget);
  };
  form.addEventListener("change", update);
  update();
})();
