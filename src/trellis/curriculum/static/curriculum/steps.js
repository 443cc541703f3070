/* The task form's steps: "Add a step" adds an empty row, "Move up"/"Move down" reorder rows.
   Rows are renumbered (the formset's field names follow the order on the page, which is the
   order the steps are saved in) and the change is announced. Without JavaScript the form
   still works: it keeps three empty rows after each save. */
(function () {
  // Words come from Django's JavaScript catalog (/jsi18n/, loaded first by the base template).
  var gettext = window.gettext || function (s) { return s; };
  var interpolate = window.interpolate || function (f, o) { return f.replace(/%\((\w+)\)s/g, function (m, k) { return String(o[k]); }); };
  function list() { return document.querySelector("[data-step-list]"); }
  function say(text) {
    var live = document.querySelector("[data-step-said]");
    if (live) live.textContent = text;
  }
  function renumber() {
    var rows = list().querySelectorAll("[data-step-row]");
    rows.forEach(function (row, i) {
      row.querySelectorAll("[name], [id], [for], [aria-describedby]").forEach(function (el) {
        ["name", "id", "for", "aria-describedby"].forEach(function (attr) {
          var v = el.getAttribute(attr);
          if (v) el.setAttribute(attr, v.replace(/steps-(\d+|__prefix__)-/g, "steps-" + i + "-"));
        });
      });
      row.querySelector("legend").textContent = interpolate(gettext("Step %(n)s"), { n: i + 1 }, true);
      row.querySelectorAll("[data-step-up] .visually-hidden, [data-step-down] .visually-hidden")
        .forEach(function (s) { s.textContent = " step " + (i + 1); });
    });
    var total = document.querySelector("input[name='steps-TOTAL_FORMS']");
    if (total) total.value = rows.length;
  }
  document.addEventListener("DOMContentLoaded", function () {
    if (!list()) return;
    document.querySelectorAll("[data-step-tools], [data-step-add-row]").forEach(function (el) { el.hidden = false; });
    var help = document.querySelector("[data-no-script-help]");
    if (help) help.hidden = true;
  });
  document.addEventListener("click", function (e) {
    var t = e.target.closest && e.target.closest("[data-step-up], [data-step-down], [data-step-add]");
    if (!t) return;
    if (t.hasAttribute("data-step-add")) {
      var tpl = document.querySelector("[data-step-template]");
      var row = tpl.content.firstElementChild.cloneNode(true);
      list().appendChild(row);
      renumber();
      var n = list().querySelectorAll("[data-step-row]").length;
      row.querySelector("textarea").focus();
      say(interpolate(gettext("Step %(n)s added."), { n: n }, true));
      return;
    }
    var row = t.closest("[data-step-row]");
    var other = t.hasAttribute("data-step-up") ? row.previousElementSibling : row.nextElementSibling;
    if (!other) { say(t.hasAttribute("data-step-up") ? gettext("This step is already first.") : gettext("This step is already last.")); return; }
    if (t.hasAttribute("data-step-up")) list().insertBefore(row, other);
    else list().insertBefore(other, row);
    renumber();
    t.focus();
    var at = Array.prototype.indexOf.call(list().querySelectorAll("[data-step-row]"), row) + 1;
    say(interpolate(gettext("Moved to step %(n)s."), { n: at }, true));
  });
})();
