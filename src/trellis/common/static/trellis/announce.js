/* What a person waits for is said in one place: the page's permanent polite live region
   (#announcer, in the base template), in a short sentence.

   Where the sentence comes from (the server decides; nothing here invents words):
   - an htmx answer carrying an element with data-announce="…" (said once, when it arrives);
   - a page reached after a form (post, then redirect): its confirmation messages and any
     data-announce on it, once loaded; a page sent back with errors says how many problems there
     are and puts focus on the first field to fix.

   Focus never falls to <body>: when a swap removes the focused control, focus goes to the new
   content's [data-focus-after-swap] (a confirmation, tabindex=-1), else to the swapped region.
   data-focus-on-load does the same for a page that loads with a confirmation. */
(function () {
  var queue = [];
  var timer = null;

  function say(text) {
    text = (text || "").replace(/\s+/g, " ").trim();
    if (!text) return;
    queue.push(text);
    clearTimeout(timer);
    // Emptied first, written a moment later: the same sentence twice is said twice, and
    // several sentences from one answer are said together.
    var region = document.getElementById("announcer");
    if (region) region.textContent = "";
    timer = setTimeout(function () {
      var r = document.getElementById("announcer");
      if (r) r.textContent = queue.join(" ");
      queue = [];
    }, 150);
  }
  window.trellisAnnounce = say;

  function announcePending(root) {
    var found = [];
    if (root.matches && root.matches("[data-announce]:not([data-announced])")) found.push(root);
    root.querySelectorAll("[data-announce]:not([data-announced])").forEach(function (el) {
      found.push(el);
    });
    found.forEach(function (el) {
      el.setAttribute("data-announced", "");
      say(el.getAttribute("data-announce"));
    });
  }

  function focusable(el) {
    if (!el) return null;
    if (!el.hasAttribute("tabindex") && !el.matches("a[href], button, input, select, textarea")) {
      el.setAttribute("tabindex", "-1");
    }
    return el;
  }

  var hadFocus = false;
  var swapTargetId = null;
  document.addEventListener("htmx:beforeSwap", function (e) {
    var target = e.detail.target;
    var active = document.activeElement;
    hadFocus = !!(target && active && active !== document.body && target.contains(active));
    swapTargetId = target ? target.id : null;
  });
  document.addEventListener("htmx:afterSettle", function () {
    announcePending(document);
    if (!hadFocus) return;
    hadFocus = false;
    var active = document.activeElement;
    if (active && active !== document.body && active.isConnected) return;
    var region = swapTargetId ? document.getElementById(swapTargetId) : null;
    var scope = region || document;
    var next = scope.querySelector("[data-focus-after-swap]") ||
      document.querySelector("[data-focus-after-swap]") || region ||
      document.getElementById("main");
    focusable(next).focus({ preventScroll: false });
  });
  // Out-of-band parts of an answer arrive without a settle on the main target.
  document.addEventListener("htmx:oobAfterSwap", function () { announcePending(document); });

  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.querySelector(".error-summary");
    var invalid = document.querySelector("main [aria-invalid='true'], main .has-error input:not([type='hidden']), main .has-error select, main .has-error textarea");
    if (summary) {
      var heading = summary.querySelector("h2");
      say(heading ? heading.textContent : summary.textContent);
      (invalid || focusable(summary)).focus();
    } else if (invalid) {
      // A form with its error beside the field and no summary (e.g. a check-in answer).
      var box = invalid.closest(".has-error");
      var error = box && box.querySelector(".error");
      if (error) say(error.textContent);
      invalid.focus();
    } else {
      var first = document.querySelector("[data-focus-on-load]");
      if (first) focusable(first).focus();
    }
    document.querySelectorAll("main .messages .message").forEach(function (m) {
      say(m.textContent);
    });
    // Written after the page settles so that screen readers notice the change.
    setTimeout(function () { announcePending(document); }, 0);
  });
})();
