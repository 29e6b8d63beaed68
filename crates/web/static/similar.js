// Suggests similar solved cases while the submit form is filled in: after
// a pause in typing, the subject and description are sent to
// /tickets/similar and the list it returns replaces the region's. Without
// JavaScript, the form's preview button does the same on the server.
document.addEventListener("DOMContentLoaded", function () {
  var region = document.getElementById("similar");
  var subject = document.getElementById("subject");
  var description = document.getElementById("description");
  if (!region || !subject || !description || !window.fetch) {
    return;
  }
  var preview = document.getElementById("similar-preview");
  if (preview) {
    preview.hidden = true;
  }
  var timer = null;
  var asked = "";
  function look() {
    var typed = subject.value.trim() + "\n" + description.value.trim();
    if (typed.length < 8 || typed === asked) {
      return;
    }
    asked = typed;
    var url = region.dataset.source + "?subject=" + encodeURIComponent(subject.value) +
      "&description=" + encodeURIComponent(description.value.slice(0, 5000));
    fetch(url, { credentials: "same-origin" })
      .then(function (answer) { return answer.ok ? answer.text() : null; })
      .then(function (html) {
        if (html !== null && typed === asked) {
          region.innerHTML = html;
        }
      })
      .catch(function () {});
  }
  function later() {
    clearTimeout(timer);
    timer = setTimeout(look, 500);
  }
  subject.addEventListener("input", later);
  description.addEventListener("input", later);
});
