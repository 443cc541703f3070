/* Live pages of the release (htmx polling): say so when a poll fails, and clear it when one
   succeeds (htmx keeps the old content on error). Projector: arrow keys change the step. */
(function () {
  function reconnecting(show) {
    document.querySelectorAll("[data-live-status]").forEach(function (el) { el.hidden = !show; });
  }
  document.addEventListener("htmx:responseError", function () { reconnecting(true); });
  document.addEventListener("htmx:sendError", function () { reconnecting(true); });
  document.addEventListener("htmx:timeout", function () { reconnecting(true); });
  document.addEventListener("htmx:afterRequest", function (e) {
    if (e.detail.successful) reconnecting(false);
  });
  // The board's poll carries the ticked students so they stay ticked; a tick made while a
  // poll was in flight would be lost by its swap, so that one answer is skipped.
  function ticked() {
    return Array.prototype.map.call(
      document.querySelectorAll("input[form='board-form'][name='student']:checked"),
      function (el) { return el.value; }).sort().join(",");
  }
  document.addEventListener("htmx:configRequest", function (e) {
    if (e.detail.elt && e.detail.elt.id === "board-grid") e.detail.elt.dataset.ticked = ticked();
  });
  document.addEventListener("htmx:beforeSwap", function (e) {
    var elt = e.detail.elt;
    if (elt && elt.id === "board-grid" && elt.dataset.ticked !== ticked()) e.detail.shouldSwap = false;
  });
  // After "I'm lost" the button is replaced by its confirmation: trellis/announce.js moves focus
  // there (data-focus-after-swap) and says it in the page's live region.
  document.addEventListener("keydown", function (e) {
    var stage = document.querySelector("[data-projector]");
    if (!stage || e.altKey || e.ctrlKey || e.metaKey) return;
    if (e.target.closest && e.target.closest("input, textarea, select")) return;
    var which = null;
    if (e.key === "ArrowRight" || e.key === "PageDown") which = "[data-next]";
    if (e.key === "ArrowLeft" || e.key === "PageUp") which = "[data-previous]";
    if (!which) return;
    var button = stage.querySelector(which);
    if (button && !button.disabled) { e.preventDefault(); button.click(); }
  });
  document.addEventListener("keydown", function (e) {
    if (e.key !== "Escape") return;
    // Tooltips on the board hide on Escape (WCAG 1.4.13: dismissable without moving focus).
    document.querySelectorAll(".board .cell").forEach(function (c) { c.classList.add("tip-hidden"); });
  });
  document.addEventListener("focusin", function (e) {
    var cell = e.target.closest && e.target.closest(".board .cell");
    if (cell) cell.classList.remove("tip-hidden");
  });
})();
/* The release board at a glance: the move bar shows once students are ticked (with the task of
   the column last used), the details drawer opens next to the grid, Print prints. Without
   JavaScript the move form stays visible and every control still works. */
(function () {
  function bar() { return document.querySelector("[data-move-bar]"); }
  function update() {
    var form = bar();
    if (!form) return;
    var n = document.querySelectorAll("input[form='board-form'][name='student']:checked").length;
    form.hidden = n === 0 && !form.hasAttribute("data-has-errors");
    var count = form.querySelector("[data-ticked-count]");
    if (count) count.textContent = n ? "(" + n + " ticked)" : "";
  }
  function useTask(id) {
    var select = document.querySelector("#board-form select[name='task']");
    if (select && id && select.querySelector("option[value='" + id + "']")) select.value = id;
  }
  document.addEventListener("change", function (e) {
    var box = e.target;
    if (!box.matches || !box.matches("input[form='board-form'][name='student']")) return;
    var row = box.closest("tr");
    var last = document.querySelector(".board [data-last-task]");
    if (last) useTask(last.getAttribute("data-last-task"));
    update();
    if (row) row.classList.toggle("ticked", box.checked);
  });
  // A cell's details: fetched into the drawer on press, on keyboard focus (after half a
  // second) or on hover (after 0.7 s); one listener for the whole grid.
  var shown = null;
  function openDetail(button) {
    var cell = button.closest("td.cell");
    var table = button.closest("table.board");
    if (!cell || !table || !window.htmx) return;
    var url = table.getAttribute("data-cell-base") + cell.getAttribute("data-task") + "/" +
      cell.getAttribute("data-student") + "/";
    shown = button.id;
    window.htmx.ajax("GET", url, { target: "#cell-detail", source: button });
  }
  function later(button, ms) {
    setTimeout(function () {
      var still = document.activeElement === button || button.matches(":hover");
      if (still && shown !== button.id) openDetail(button);
    }, ms);
  }
  document.addEventListener("click", function (e) {
    var button = e.target.closest && e.target.closest(".board .cell-button");
    if (button) openDetail(button);
  });
  document.addEventListener("mouseover", function (e) {
    var button = e.target.closest && e.target.closest(".board .cell-button");
    if (button) later(button, 700);
  });
  document.addEventListener("focusin", function (e) {
    var cell = e.target.closest && e.target.closest(".board td.cell");
    if (!cell) return;
    var table = cell.closest(".board");
    table.setAttribute("data-last-task", cell.getAttribute("data-task"));
    useTask(cell.getAttribute("data-task"));
    var button = cell.querySelector(".cell-button");
    if (button) later(button, 500);
  });
  document.addEventListener("htmx:afterSwap", function (e) {
    if (e.detail.target && e.detail.target.id === "cell-detail") {
      e.detail.target.classList.add("open");
    }
    if (e.detail.target && e.detail.target.id === "board-grid") update();
  });
  document.addEventListener("click", function (e) {
    if (e.target.closest && e.target.closest("[data-close-detail]")) {
      var d = document.getElementById("cell-detail");
      d.classList.remove("open");
      // Focus goes back to the cell without opening the drawer again (pressing it does).
      shown = d.getAttribute("data-from");
      var back = document.getElementById(d.getAttribute("data-from") || "");
      if (back) back.focus();
    }
    if (e.target.closest && e.target.closest("[data-print]")) window.print();
  });
  document.addEventListener("htmx:beforeRequest", function (e) {
    var elt = e.detail.elt;
    if (elt && elt.classList && elt.classList.contains("cell-button")) {
      var d = document.getElementById("cell-detail");
      if (d) d.setAttribute("data-from", elt.id);
    }
  });
  document.addEventListener("DOMContentLoaded", update);
})();
/* The run page's guided list: its poll never replaces a note being typed; after a one-tap
   observation, focus goes to the "saved" line and it is said (trellis/announce.js). */
(function () {
  document.addEventListener("htmx:beforeSwap", function (e) {
    var elt = e.detail.elt;
    if (!elt || elt.id !== "guided-list" || e.detail.requestConfig.verb !== "get") return;
    var typing = elt.contains(document.activeElement) && document.activeElement.matches("input[type='text']");
    var filled = Array.prototype.some.call(elt.querySelectorAll("input[name='note']"),
      function (i) { return i.value !== ""; });
    if (typing || filled) e.detail.shouldSwap = false;
  });
})();
