// Progressive enhancement for every page: GOV.UK Frontend components.
import { initAll } from "/static/vendor/govuk-frontend/govuk-frontend.min.js";

initAll();
