// Choosing a response template fills an empty public note with its text (without JavaScript the
// server does the same when the note is left empty). The text is copied with .textContent/.value.
(function () {
  "use strict";
  var select = document.getElementById("id_template");
  var note = document.getElementById("id_public_note");
  if (!select || !note) { return; }
  var filled = "";
  select.addEventListener("change", function () {
    var source = document.querySelector('[data-template="' + CSS.escape(select.value) + '"]');
    if (!source) { return; }
    if (note.value.trim() === "" || note.value === filled) {
      filled = source.innerText.trim();
      note.value = filled;
    }
  });
})();
