/* The crew's map: the day's stops, numbered in route order and joined by a line.
   Settings come from data- attributes; tiles only when MAP_TILE_URL is set. */
(function () {
  "use strict";
  function start() {
    var element = document.getElementById("crew-map");
    var data = document.getElementById("crew-stops");
    if (!element || !data || typeof window.L === "undefined") { return; }
    var stops = JSON.parse(data.textContent);
    if (!stops.length) { return; }
    var L = window.L;
    var map = L.map(element, { keyboard: true });
    var tiles = element.getAttribute("data-tile-url");
    if (tiles) {
      L.tileLayer(tiles, { attribution: element.getAttribute("data-tile-attribution") || "", maxZoom: 19 }).addTo(map);
    }
    var points = [];
    stops.forEach(function (stop) {
      var point = [stop.lat, stop.lon];
      points.push(point);
      var icon = L.divIcon({ className: "crew-marker", html: String(stop.number), iconSize: [28, 28] });
      var marker = L.marker(point, { icon: icon, title: stop.number + ". " + stop.title, keyboard: true });
      marker.on("click", function () { window.location.href = stop.url; });
      marker.addTo(map);
    });
    if (points.length > 1) { L.polyline(points, { color: "#0b4f8a", weight: 3 }).addTo(map); }
    map.fitBounds(L.latLngBounds(points).pad(0.2), { maxZoom: 17 });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
