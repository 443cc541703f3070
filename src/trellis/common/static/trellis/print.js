// A page's Print button ([data-print]: the sign-in cards, the conference view). A static file:
// the Content-Security-Policy allows no inline script or handler.
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) window.print();
});
