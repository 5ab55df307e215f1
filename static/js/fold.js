/* Phone layout: a <details data-fold> (the queue's filters) is served open and folds itself
   where the stylesheet says the screen is narrow (--fold: 1 in app.css's phone rules, the one
   home of the breakpoint), so the first screen shows claims. "/" (search) opens it first, as
   the search box inside a folded panel could not take the focus. */
(function () {
  "use strict";
  function narrow(el) {
    return getComputedStyle(el).getPropertyValue("--fold").trim() === "1";
  }
  function fold() {
    document.querySelectorAll("details[data-fold]").forEach(function (d) {
      if (narrow(d)) d.open = false;
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", fold);
  else fold();
  window.addEventListener(
    "keydown",
    function (e) {
      if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey) return;
      var t = e.target;
      if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
      var search = document.getElementById("id_q");
      var d = search && search.closest("details[data-fold]");
      if (d && !d.open) d.open = true;
    },
    true
  );
})();
