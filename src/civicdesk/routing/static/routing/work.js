/* /work/: "select all" for bulk actions, and the request's map. No inline script (CSP). */
(function () {
  "use strict";

  var selectAll = document.getElementById("select-all");
  if (selectAll) {
    selectAll.addEventListener("change", function () {
      var boxes = document.querySelectorAll('#bulk-form input[name="selected"]');
      for (var i = 0; i < boxes.length; i += 1) {
        boxes[i].checked = selectAll.checked;
      }
    });
  }

  var mapElement = document.getElementById("request-map");
  if (mapElement && window.L) {
    var latitude = parseFloat(mapElement.dataset.latitude);
    var longitude = parseFloat(mapElement.dataset.longitude);
    var map = window.L.map(mapElement, { scrollWheelZoom: false }).setView([latitude, longitude], 16);
    if (mapElement.dataset.tiles) {
      window.L.tileLayer(mapElement.dataset.tiles, {
        maxZoom: 19,
        attribution: mapElement.dataset.attribution || ""
      }).addTo(map);
    }
    window.L.circleMarker([latitude, longitude], {
      radius: 9,
      color: "#a3191f",
      weight: 3,
      fillOpacity: 0.6
    }).addTo(map);
  }
})();
