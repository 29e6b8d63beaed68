// The confirmation page submits its own form once, so that a click in the
// mail is one click; the button stays for browsers without JavaScript.
// (A GET never acts: mail scanners fetch links without running this.)
document.addEventListener("DOMContentLoaded", function () {
  var form = document.getElementById("confirm-form");
  if (form && form.dataset.auto === "yes") {
    form.submit();
  }
});
