// Keyboard marking: on a focused answer group, 1 / 2 / 3 press its Right / Partly / Not yet
// button; ↑ / ↓ move between groups. After an htmx swap focus returns to the same group.
(function () {
  "use strict";
  let lastNormalised = null;

  function groups() {
    return Array.from(document.querySelectorAll(".mark-group"));
  }

  document.addEventListener("keydown", function (event) {
    const group = event.target.closest && event.target.closest(".mark-group");
    if (!group || event.altKey || event.ctrlKey || event.metaKey) return;
    if (["1", "2", "3"].includes(event.key)) {
      const button = group.querySelector('button[data-key="' + event.key + '"]');
      if (button) {
        event.preventDefault();
        lastNormalised = group.dataset.normalised;
        if (window.htmx) {
          // Straight to htmx: works even before htmx has wired a freshly swapped list.
          htmx.ajax("POST", button.form.action, {
            source: button.form,
            target: "#marking-list",
            swap: "outerHTML",
            values: { mark: button.value },
          });
        } else {
          button.click();
        }
      }
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      const all = groups();
      const next = all[all.indexOf(group) + (event.key === "ArrowDown" ? 1 : -1)];
      if (next) {
        event.preventDefault();
        next.focus();
      }
    }
  });

  document.addEventListener("click", function (event) {
    const group = event.target.closest && event.target.closest(".mark-group");
    if (group) lastNormalised = group.dataset.normalised;
  });

  document.addEventListener("htmx:afterSwap", function () {
    if (lastNormalised === null) return;
    const all = groups();
    const same = all.find(function (g) { return g.dataset.normalised === lastNormalised; });
    // Focus the first group still unmarked, so marking flows down the list.
    const unmarked = all.find(function (g) { return g.querySelector('[aria-pressed="true"]') === null; });
    (unmarked || same || all[0] || document.body).focus();
  });
})();
