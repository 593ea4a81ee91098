// Progressive enhancement only: the page works without it. Ticking a filter
// or choosing an order submits the form at once.
document.documentElement.classList.add("js");
document.addEventListener("change", function (e) {
  var el = e.target;
  if (el && el.classList && el.classList.contains("autosubmit") && el.form) {
    if (el.form.requestSubmit) { el.form.requestSubmit(); } else { el.form.submit(); }
  }
});
