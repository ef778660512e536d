/* gongkai: small page behaviours, kept out of the HTML so a strict Content-Security-Policy (no inline
   script) can be switched on. Every page works without this file; it only adds conveniences. */
(function () {
  "use strict";

  function ready(fn) {
    if (document.readyState !== "loading") { fn(); } else { document.addEventListener("DOMContentLoaded", fn); }
  }

  var WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  var CHECK = "10X98765432";

  function idWarning(raw) {
    var n = (raw || "").replace(/\s+/g, "").toUpperCase();
    if (!n) { return ""; }
    if (!/^\d{17}[\dX]$/.test(n)) {
      return "提示：居民身份证号码应为 18 位（最后一位可为 X），请核对；使用其他证件请选择相应的证件类型。仍可提交。";
    }
    var sum = 0;
    for (var i = 0; i < 17; i += 1) { sum += parseInt(n.charAt(i), 10) * WEIGHTS[i]; }
    var expected = CHECK.charAt(sum % 11);
    return n.charAt(17) === expected ? "" : "提示：号码的校验位应为 " + expected + "（GB 11643），请核对。仍可提交，工作人员会与您核实。";
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
    // 居民身份证号码: a warning (never a refusal) when the GB 11643 check character does not match.
    document.querySelectorAll("input[data-id-check]").forEach(function (input) {
      var type = document.getElementById(input.getAttribute("data-id-check"));
      var note = document.createElement("p");
      note.className = "id-warning";
      note.id = input.id + "_warning";
      note.setAttribute("aria-live", "polite");
      input.insertAdjacentElement("afterend", note);
      function check() {
        note.textContent = (!type || type.value === "居民身份证") ? idWarning(input.value) : "";
      }
      input.addEventListener("change", check);
      input.addEventListener("blur", check);
      if (type) { type.addEventListener("change", check); }
    });
    // Buttons that ask before an irreversible step (撤回): data-confirm="…".
    document.querySelectorAll("form [data-confirm]").forEach(function (button) {
      button.addEventListener("click", function (event) {
        if (!window.confirm(button.getAttribute("data-confirm"))) { event.preventDefault(); }
      });
    });
  });
})();
