// The sign-in cards page's Print button (a static file: the Content-Security-Policy allows no
// inline script or handler).
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) window.print();
});
