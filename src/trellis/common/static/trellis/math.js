/* Mathematics in task steps and worked examples: LaTeX between \( \) (inline) or \[ \] and
   $$ $$ (display) is typeset by the vendored KaTeX (in trellis/katex-0.16.22), on load and after
   every htmx swap (live pages). Plain dollar signs are left alone: "$5" is money. A typo in
   the LaTeX shows the source in red rather than breaking the page. */
(function () {
  function typeset(root) {
    if (!window.renderMathInElement || !root) return;
    root.querySelectorAll("[data-math]").forEach(function (el) {
      window.renderMathInElement(el, {
        delimiters: [
          { left: "$$", right: "$$", display: true },
          { left: "\\[", right: "\\]", display: true },
          { left: "\\(", right: "\\)", display: false }
        ],
        throwOnError: false,
        output: "htmlAndMathml"
      });
    });
  }
  document.addEventListener("DOMContentLoaded", function () { typeset(document); });
  // New content from htmx (htmx:load fires on every element a swap adds, even when the swap
  // replaced its own target): typeset the whole page, which skips what is already done.
  document.addEventListener("htmx:load", function () { typeset(document); });
  document.addEventListener("htmx:afterSettle", function () { typeset(document); });
})();
