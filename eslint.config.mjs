// Our JavaScript never hands data to an HTML sink: innerHTML/outerHTML, insertAdjacentHTML,
// document.write (the plugin's defaults) and Leaflet's content methods, which parse a string as
// HTML. Only literals and the text-node builders of static/js/dom.js may reach them.
import nounsanitized from "eslint-plugin-no-unsanitized";

const escape = {
  taggedTemplates: ["escapeHTML"],
  methods: ["civicDom.text", "civicDom.link", "civicDom.box", "civicDom.paragraph"],
};
const leafletSinks = Object.fromEntries(
  [
    "bindTooltip",
    "bindPopup",
    "setTooltipContent",
    "setPopupContent",
    "setContent",
    "openTooltip",
    "openPopup",
    "addAttribution",
    "setPrefix",
  ].map((name) => [name, { properties: [0], escape }]),
);

export default [
  {
    files: ["static/js/**/*.js", "static/js/**/*.mjs"],
    plugins: { "no-unsanitized": nounsanitized },
    languageOptions: { ecmaVersion: 2022, sourceType: "script" },
    rules: {
      "no-unsanitized/property": ["error", { escape }],
      "no-unsanitized/method": ["error", { escape }, leafletSinks],
    },
  },
  { files: ["static/js/**/*.mjs"], languageOptions: { sourceType: "module" } },
];
