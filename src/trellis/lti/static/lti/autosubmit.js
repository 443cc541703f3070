// A deep-linking answer goes back to the LMS by itself; the button stays for browsers
// without JavaScript.
document.addEventListener("DOMContentLoaded", function () {
  var form = document.querySelector("form[data-autosubmit]");
  if (form) { form.submit(); }
});
