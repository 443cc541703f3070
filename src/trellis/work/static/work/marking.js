// Marking a class set: quote by selecting words in the work; ;shortcut + Tab inserts a bank
// comment into the comment box (to edit before sending); after a swap, focus the student.
(function () {
  "use strict";
  // Words come from Django's JavaScript catalog (/jsi18n/, loaded first by the base template).
  var gettext = window.gettext || function (s) { return s; };
  var interpolate = window.interpolate || function (f, o) { return f.replace(/%\((\w+)\)s/g, function (m, k) { return String(o[k]); }); };

  function collapse(text) {
    return text.replace(/\s+/g, " ").trim();
  }

  function quoteField() {
    return document.querySelector("#marking [name=quote]");
  }

  function takeSelection() {
    const sel = window.getSelection();
    const box = document.querySelector("#marking .marking-text");
    const field = quoteField();
    if (!sel || sel.isCollapsed || !box || !field) return;
    if (!box.contains(sel.anchorNode) || !box.contains(sel.focusNode)) return;
    const text = collapse(sel.toString());
    if (!text) return;
    field.value = text;
    const status = document.getElementById("quote-status");
    if (status) status.textContent = interpolate(gettext("Quoted: “%(text)s”"), { text: text }, true);
  }

  document.addEventListener("mouseup", takeSelection);
  document.addEventListener("keyup", function (event) {
    if (event.shiftKey) takeSelection();
  });

  // Own comments are listed first, so a teammate's comment with the same shortcut never
  // replaces the teacher's own.
  function bank() {
    const out = {};
    document.querySelectorAll("#marking .bank-insert").forEach(function (b) {
      if (!(b.dataset.shortcut in out)) out[b.dataset.shortcut] = b.dataset.body;
    });
    return out;
  }

  function insert(area, text, from, to) {
    area.value = area.value.slice(0, from) + text + area.value.slice(to);
    const caret = from + text.length;
    area.setSelectionRange(caret, caret);
    area.focus();
  }

  document.addEventListener("keydown", function (event) {
    const area = event.target;
    if (event.key !== "Tab" || event.shiftKey || !area.matches("#marking textarea[name=body]")) {
      return;
    }
    const before = area.value.slice(0, area.selectionStart);
    const match = before.match(/;([a-z0-9-]{1,20})$/);
    if (!match) return;
    const text = bank()[match[1]];
    if (text === undefined) return;
    event.preventDefault();
    insert(area, text, area.selectionStart - match[0].length, area.selectionStart);
  });

  document.addEventListener("click", function (event) {
    const button = event.target.closest && event.target.closest(".bank-insert");
    if (!button) return;
    const area = document.querySelector("#marking textarea[name=body]");
    if (area) insert(area, button.dataset.body, area.selectionStart, area.selectionEnd);
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    if (event.detail.target.id !== "marking") return;
    const heading = document.getElementById("marking-student-h");
    if (heading) heading.focus();
  });
})();
