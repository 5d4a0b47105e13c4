// Refresh the payment run's progress in place until every payment has an outcome.
// The page works without this script (a reload link); the region is aria-live="polite",
// so it is replaced only when its text changes, to announce news and nothing else.
(function () {
  "use strict";
  var INTERVAL_MS = 2000;
  var region = document.getElementById("payment-progress");
  if (!region || !window.fetch || !window.DOMParser) {
    return;
  }

  function refresh() {
    if (region.dataset.done === "true") {
      return;
    }
    fetch(window.location.href, { credentials: "same-origin" })
      .then(function (response) {
        return response.ok ? response.text() : null;
      })
      .then(function (html) {
        if (html) {
          var page = new DOMParser().parseFromString(html, "text/html");
          var next = page.getElementById("payment-progress");
          if (next && next.textContent !== region.textContent) {
            region.innerHTML = next.innerHTML;
            region.dataset.done = next.dataset.done;
          }
        }
      })
      .catch(function () {})
      .then(function () {
        window.setTimeout(refresh, INTERVAL_MS);
      });
  }

  window.setTimeout(refresh, INTERVAL_MS);
})();
