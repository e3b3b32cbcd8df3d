/* CivicDesk resident portal: small enhancements on top of pages that work without JavaScript.
   - maps (Leaflet from the xstatic-leaflet package): mark the place, show a request, show a list
   - address suggestions from the city's geocoder while typing
   - "use my location" and "requests near me"
   - focus on the error summary after a failed submission
   Every text shown comes from the page (translated on the server), never from this file. */
(function () {
  "use strict";

  function readJson(text) {
    try {
      return JSON.parse(text || "null");
    } catch (error) {
      return null;
    }
  }

  function say(element, text) {
    if (element) {
      element.textContent = text || "";
    }
  }

  function roundTo(value, digits) {
    var factor = Math.pow(10, digits);
    return Math.round(value * factor) / factor;
  }

  /* --- Error summary --------------------------------------------------------------------- */
  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
  }

  /* --- Maps ------------------------------------------------------------------------------ */
  var DEFAULT_VIEW = { lat: 42.4, lng: -92.85, zoom: 13 };

  function makeMap(element) {
    var settings = readJson(element.getAttribute("data-map-settings")) || {};
    element.hidden = false;
    var map = window.L.map(element, {
      keyboard: true,
      scrollWheelZoom: false,
      fadeAnimation: false,
      zoomAnimation: false,
      markerZoomAnimation: false,
    });
    map.attributionControl.setPrefix(false);
    if (settings.tileUrl) {
      window.L.tileLayer(settings.tileUrl, {
        maxZoom: 19,
        attribution: settings.tileAttribution || "",
      }).addTo(map);
    }
    map.setView([DEFAULT_VIEW.lat, DEFAULT_VIEW.lng], DEFAULT_VIEW.zoom);
    return { map: map, settings: settings };
  }

  function showBoundary(made, fit) {
    if (!made.settings.boundaries) {
      return Promise.resolve(null);
    }
    return fetch(made.settings.boundaries, { headers: { Accept: "application/geo+json" } })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (data) {
        if (!data || !data.features || !data.features.length) {
          return null;
        }
        var layer = window.L.geoJSON(data, {
          interactive: false,
          style: { color: "#0f2d4a", weight: 2, fillColor: "#ffffff", fillOpacity: 0.55 },
        }).addTo(made.map);
        // Below any marker already on the map: the boundary is only the background.
        layer.bringToBack();
        if (fit) {
          made.map.fitBounds(layer.getBounds());
        }
        return layer;
      })
      .catch(function () {
        return null;
      });
  }

  function pointStyle() {
    return { radius: 9, color: "#ffffff", weight: 3, fillColor: "#a3191f", fillOpacity: 1 };
  }

  function setupPickMap(element, form) {
    var made = makeMap(element);
    var map = made.map;
    var latitude = form.querySelector("[name=latitude]");
    var longitude = form.querySelector("[name=longitude]");
    var marker = null;
    var help = form.querySelector("[data-map-help]");
    if (help) {
      help.hidden = false;
    }

    function place(lat, lng, move) {
      if (marker) {
        marker.setLatLng([lat, lng]);
      } else {
        marker = window.L.circleMarker([lat, lng], pointStyle()).addTo(map);
      }
      if (move) {
        map.setView([lat, lng], Math.max(map.getZoom(), 16));
      }
    }

    function mark(lat, lng) {
      latitude.value = roundTo(lat, 6);
      longitude.value = roundTo(lng, 6);
      var addressId = form.querySelector("[name=address_id]");
      if (addressId) {
        addressId.value = "";
      }
      place(lat, lng, false);
    }

    map.on("click", function (event) {
      mark(event.latlng.lat, event.latlng.lng);
    });
    element.addEventListener("keydown", function (event) {
      if ((event.key === "Enter" || event.key === " ") && event.target === element) {
        event.preventDefault();
        var centre = map.getCenter();
        mark(centre.lat, centre.lng);
      }
    });

    var hasPoint = latitude.value && longitude.value && !isNaN(parseFloat(latitude.value));
    showBoundary(made, !hasPoint);
    if (hasPoint) {
      place(parseFloat(latitude.value), parseFloat(longitude.value), true);
    }
    return { place: place };
  }

  function setupPointMap(element) {
    var made = makeMap(element);
    var point = readJson(element.getAttribute("data-point"));
    showBoundary(made, false);
    if (point) {
      window.L.circleMarker([point.lat, point.lng], pointStyle()).addTo(made.map);
      made.map.setView([point.lat, point.lng], 16);
    }
  }

  function setupListMap(element) {
    var made = makeMap(element);
    var map = made.map;
    var query = element.getAttribute("data-layer-query") || "";
    var near = (element.getAttribute("data-near") || "").split(",");
    var names = made.settings.serviceNames || {};
    var points = window.L.layerGroup().addTo(map);
    var legend = document.querySelector("[data-map-legend]");
    if (legend) {
      legend.hidden = false;
    }

    function load() {
      var bounds = map.getBounds();
      var bbox = [
        Math.max(bounds.getWest(), -180),
        Math.max(bounds.getSouth(), -90),
        Math.min(bounds.getEast(), 180),
        Math.min(bounds.getNorth(), 90),
      ]
        .map(function (value) {
          return roundTo(value, 5);
        })
        .join(",");
      var url = made.settings.requests + "?bbox=" + bbox + (query ? "&" + query : "");
      fetch(url, { headers: { Accept: "application/geo+json" } })
        .then(function (response) {
          return response.ok ? response.json() : { features: [] };
        })
        .then(function (data) {
          points.clearLayers();
          (data.features || []).forEach(function (feature) {
            var coordinates = feature.geometry.coordinates;
            var properties = feature.properties || {};
            var link = document.createElement("a");
            link.href = made.settings.trackUrl.replace("NUMBER", properties.service_request_id);
            link.textContent =
              properties.service_request_id +
              " · " +
              (names[properties.service_code] || properties.service_name || "");
            window.L.circleMarker([coordinates[1], coordinates[0]], {
              radius: 7,
              color: "#ffffff",
              weight: 2,
              fillColor: properties.status === "closed" ? "#1e6b34" : "#0b4f8a",
              fillOpacity: 1,
            })
              .bindPopup(link)
              .addTo(points);
          });
        })
        .catch(function () {
          points.clearLayers();
        });
    }

    if (near.length === 2 && !isNaN(parseFloat(near[0]))) {
      map.setView([parseFloat(near[0]), parseFloat(near[1])], 15);
      showBoundary(made, false);
      load();
    } else {
      showBoundary(made, true).then(load);
    }
    map.on("moveend", load);
  }

  var pickForm = document.querySelector("[data-location-form]");
  var picker = null;
  if (window.L) {
    document.querySelectorAll("[data-map]").forEach(function (element) {
      var kind = element.getAttribute("data-map");
      if (kind === "pick" && pickForm) {
        picker = setupPickMap(element, pickForm);
      } else if (kind === "point") {
        setupPointMap(element);
      } else if (kind === "list") {
        setupListMap(element);
      }
    });
  }

  /* --- Address suggestions and "use my location" ----------------------------------------- */
  if (pickForm) {
    var address = pickForm.querySelector("[name=address]");
    var list = document.getElementById("address-suggestions");
    var latitudeInput = pickForm.querySelector("[name=latitude]");
    var longitudeInput = pickForm.querySelector("[name=longitude]");
    var addressIdInput = pickForm.querySelector("[name=address_id]");
    var suggestUrl = pickForm.getAttribute("data-suggest-url");
    var known = {};
    var timer = null;

    var choose = function () {
      var chosen = known[address.value];
      if (chosen) {
        latitudeInput.value = roundTo(chosen.latitude, 6);
        longitudeInput.value = roundTo(chosen.longitude, 6);
        addressIdInput.value = chosen.address_id || "";
        if (picker) {
          picker.place(chosen.latitude, chosen.longitude, true);
        }
      }
    };

    address.addEventListener("input", function () {
      window.clearTimeout(timer);
      var typed = address.value.trim();
      if (known[address.value]) {
        choose();
        return;
      }
      if (typed.length < 3) {
        return;
      }
      timer = window.setTimeout(function () {
        fetch(suggestUrl + "?q=" + encodeURIComponent(typed), {
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
      }, 200);
    });
    address.addEventListener("change", choose);

    var locate = pickForm.querySelector("[data-use-location]");
    var status = pickForm.querySelector("[data-locate-status]");
    if (locate && navigator.geolocation) {
      locate.hidden = false;
      locate.addEventListener("click", function () {
        say(status, locate.getAttribute("data-finding"));
        navigator.geolocation.getCurrentPosition(
          function (position) {
            latitudeInput.value = roundTo(position.coords.latitude, 6);
            longitudeInput.value = roundTo(position.coords.longitude, 6);
            addressIdInput.value = "";
            if (picker) {
              picker.place(position.coords.latitude, position.coords.longitude, true);
            }
            say(status, locate.getAttribute("data-found"));
          },
          function () {
            say(status, locate.getAttribute("data-failed"));
          },
          { enableHighAccuracy: true, timeout: 10000 }
        );
      });
    }
  }

  /* --- Requests near me (home) ----------------------------------------------------------- */
  var nearMe = document.querySelector("[data-near-me]");
  if (nearMe && navigator.geolocation) {
    var nearStatus = document.querySelector("[data-near-status]");
    nearMe.hidden = false;
    nearMe.addEventListener("click", function () {
      say(nearStatus, nearMe.getAttribute("data-finding"));
      navigator.geolocation.getCurrentPosition(
        function (position) {
          window.location.href =
            nearMe.getAttribute("data-list-url") +
            "?near=" +
            roundTo(position.coords.latitude, 4) +
            "," +
            roundTo(position.coords.longitude, 4);
        },
        function () {
          say(nearStatus, nearMe.getAttribute("data-failed"));
        },
        { timeout: 10000 }
      );
    });
  }
})();
