// Progressive enhancement for every page: GOV.UK Frontend components, and focus that survives
// htmx swaps (a keyboard user who presses "Up" stays on that item's button).
import { initAll } from "/static/vendor/govuk-frontend/govuk-frontend.min.js";

initAll();

let pendingFocus = null;
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-focus-key]");
  if (button) {
    pendingFocus = button.getAttribute("data-focus-key");
  }
});
document.body.addEventListener("htmx:afterSwap", (event) => {
  if (!pendingFocus) {
    return;
  }
  const [item] = pendingFocus.split(":");
  const target =
    event.detail.target.querySelector(`[data-focus-key="${pendingFocus}"]`) ||
    event.detail.target.querySelector(`[data-focus-key^="${item}:"]`);
  if (target) {
    target.focus();
  }
  pendingFocus = null;
});
