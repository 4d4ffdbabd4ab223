// asnwatch serve: keyboard shortcuts of the item page and the claim countdown. Loaded as a file (the CSP
// allows no inline script). Keys: 1-9 toggle the label checkboxes, c/r/e choose confirm/reject/escalate and
// submit, n takes the next item, s skips. Keys typed into a text field are left alone.
(function () {
  "use strict";

  function typing(target) {
    if (!target) return false;
    var tag = target.tagName;
    return tag === "TEXTAREA" || tag === "SELECT" || (tag === "INPUT" && !/^(checkbox|radio|button|submit)$/.test(target.type));
  }

  function submit(id) {
    var form = document.getElementById(id);
    if (form) form.requestSubmit ? form.requestSubmit() : form.submit();
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
    var key = event.key.toLowerCase();
    var decision = document.getElementById("decision-form");
    if (decision) {
      var box = decision.querySelector('input[type="checkbox"][data-key="' + key + '"]');
      if (box) { box.checked = !box.checked; event.preventDefault(); return; }
      var radio = decision.querySelector('input[type="radio"][data-key="' + key + '"]');
      if (radio) { radio.checked = true; event.preventDefault(); submit("decision-form"); return; }
    }
    if (key === "n") { event.preventDefault(); submit("next-form"); }
    else if (key === "s") { event.preventDefault(); submit("skip-form"); }
  });

  function countdown() {
    var el = document.getElementById("claim-countdown");
    if (!el || !el.dataset.expires) return;
    var left = Math.round((Date.parse(el.dataset.expires) - Date.now()) / 1000);
    el.textContent = left > 0 ? "(" + Math.floor(left / 60) + ":" + String(left % 60).padStart(2, "0") + ")" : "(expired)";
  }
  document.addEventListener("DOMContentLoaded", function () { countdown(); setInterval(countdown, 1000); });
})();
