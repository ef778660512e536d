/* gongkai: small page behaviours, kept out of the HTML so a strict Content-Security-Policy (no inline
   script) can be switched on. Every page works without this file; it only adds conveniences. */
(function () {
  "use strict";

  function ready(fn) {
    if (document.readyState !== "loading") { fn(); } else { document.addEventListener("DOMContentLoaded", fn); }
  }

  ready(function () {
    // Print buttons (the print view): shown only when script can run.
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
    // An error summary takes the focus, so keyboard and screen-reader users hear what to fix first.
    var summary = document.querySelector(".error-summary");
    if (summary) { summary.focus(); }
    // Links inside the summary move the focus to the field, not just scroll to it.
    document.querySelectorAll(".error-summary a[href^='#']").forEach(function (link) {
      link.addEventListener("click", function (event) {
        var target = document.getElementById(link.getAttribute("href").slice(1));
        if (target) { event.preventDefault(); target.focus(); target.scrollIntoView({block: "center"}); }
      });
    });
    // Buttons that ask before an irreversible step (撤回): data-confirm="…".
    document.querySelectorAll("form [data-confirm]").forEach(function (button) {
      button.addEventListener("click", function (event) {
        if (!window.confirm(button.getAttribute("data-confirm"))) { event.preventDefault(); }
      });
    });
  });
})();
