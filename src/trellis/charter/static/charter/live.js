/* Live regions polled by htmx. When a poll fails the page keeps what it shows, says so once,
   and htmx keeps polling; the notice goes away at the next good answer. */
(function () {
  function notice(elt) {
    var id = elt.getAttribute("data-live-notice");
    return id ? document.getElementById(id) : null;
  }
  document.addEventListener("htmx:responseError", function (e) {
    var n = notice(e.detail.elt);
    if (n) { n.hidden = false; }
  });
  document.addEventListener("htmx:sendError", function (e) {
    var n = notice(e.detail.elt);
    if (n) { n.hidden = false; }
  });
  document.addEventListener("htmx:afterSwap", function (e) {
    var n = notice(e.detail.elt);
    if (n) { n.hidden = true; }
  });
})();
