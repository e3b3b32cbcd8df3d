// Refreshes the dashboard's live figures (today's intake, open now, past target now) every
// minute from the JSON endpoint named in data-live-url. Served from 'self' for the CSP.
(function () {
  "use strict";
  var section = document.querySelector("[data-live-url]");
  if (!section || !window.fetch) {
    return;
  }
  var url = section.getAttribute("data-live-url");
  var intervalMs = 60000;

  function update() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("live figures: HTTP " + response.status);
        }
        return response.json();
      })
      .then(function (figures) {
        section.querySelectorAll("[data-live-field]").forEach(function (element) {
          var name = element.getAttribute("data-live-field");
          if (Object.prototype.hasOwnProperty.call(figures, name)) {
            element.textContent = String(figures[name]);
          }
        });
      })
      .catch(function () {
        // Keep the last figures; the next tick tries again.
      });
  }

  window.setInterval(function () {
    if (!document.hidden) {
      update();
    }
  }, intervalMs);
})();
