// The agent console: the knowledge-base panel searches and opens articles without reloading the
// resident's record. Without this script, the same links and forms load the whole page.
(function () {
  "use strict";

  var panel = document.getElementById("knowledge-panel");
  if (!panel) {
    return;
  }

  function load(query, pushUrl) {
    var form = panel.querySelector("form.kb-search");
    var panelUrl = form && form.getAttribute("data-panel-url");
    if (!panelUrl) {
      return Promise.resolve(false);
    }
    return fetch(panelUrl + query, {
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" },
    })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("HTTP " + response.status);
        }
        return response.text();
      })
      .then(function (html) {
        panel.innerHTML = html;
        if (pushUrl) {
          window.history.replaceState(null, "", pushUrl);
        }
        var focusTarget = panel.querySelector("#kb-article-title, #kb-results-heading");
        if (focusTarget) {
          focusTarget.setAttribute("tabindex", "-1");
          focusTarget.focus();
        }
        return true;
      });
  }

  panel.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.classList || !form.classList.contains("kb-search")) {
      return;
    }
    event.preventDefault();
    var query = "?" + new URLSearchParams(new FormData(form)).toString();
    load(query, form.getAttribute("action") + query).catch(function () {
      form.submit();
    });
  });

  panel.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[data-panel-link]") : null;
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey) {
      return;
    }
    event.preventDefault();
    var url = new URL(link.href, window.location.href);
    load(url.search, url.pathname + url.search).catch(function () {
      window.location.href = link.href;
    });
  });
})();

// The request form: the city's address points are suggested as the agent types (the portal's
// suggestion service); choosing one fills in its coordinates and address id.
(function () {
  "use strict";

  var form = document.querySelector("form[data-suggest-url]");
  var list = document.getElementById("address-suggestions");
  if (!form || !list) {
    return;
  }
  var address = form.querySelector("[name=address]");
  var latitude = form.querySelector("[name=latitude]");
  var longitude = form.querySelector("[name=longitude]");
  var addressId = form.querySelector("[name=address_id]");
  var suggestUrl = form.getAttribute("data-suggest-url");
  var known = {};
  var timer = null;

  address.addEventListener("input", function () {
    window.clearTimeout(timer);
    var chosen = known[address.value];
    if (chosen) {
      latitude.value = chosen.latitude;
      longitude.value = chosen.longitude;
      addressId.value = chosen.address_id || "";
      return;
    }
    addressId.value = "";
    var typed = address.value.trim();
    if (typed.length < 3) {
      return;
    }
    timer = window.setTimeout(function () {
      fetch(suggestUrl + "?q=" + encodeURIComponent(typed), {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      })
        .then(function (response) {
          return response.ok ? response.json() : { suggestions: [] };
        })
        .then(function (data) {
          list.textContent = "";
          (data.suggestions || []).forEach(function (suggestion) {
            known[suggestion.label] = suggestion;
            var option = document.createElement("option");
            option.value = suggestion.label;
            list.appendChild(option);
          });
        })
        .catch(function () {
          list.textContent = "";
        });
    }, 250);
  });
})();
