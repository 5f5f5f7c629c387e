// The progress page of a background job: every few seconds it fetches the page again and shows the new state in
// its status region (announced by screen readers), until the job has finished. Without JavaScript the page offers
// a "Check again" link instead. A file of its own, not inline, so that a Content Security Policy can forbid inline
// scripts.
(function () {
  "use strict";
  var region = document.getElementById("job-progress");
  if (!region || !region.dataset.refreshSeconds) {
    return;
  }
  var delay = Number(region.dataset.refreshSeconds) * 1000;

  function check() {
    fetch(window.location.href, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (response) {
        return response.ok ? response.text() : Promise.reject(new Error(String(response.status)));
      })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("job-progress");
        if (!fresh) {
          return;
        }
        region.innerHTML = fresh.innerHTML;
        if (fresh.dataset.refreshSeconds) {
          window.setTimeout(check, delay);
        } else {
          delete region.dataset.refreshSeconds;
        }
      })
      .catch(function () {
        window.setTimeout(check, delay * 5);
      });
  }

  window.setTimeout(check, delay);
})();
