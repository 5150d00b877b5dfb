/* The actors' map: markers for the organisations listed on the page, read from the page's
   JSON block (the list and the map always show the same actors). Tiles are a bonus: the
   markers and the list work when they cannot load. Markers that would overlap are drawn as
   one numbered marker that zooms in (or lists them, when they share a spot), so that every
   marker stays a target a finger can hit. */
(function () {
  "use strict";
  var box = document.getElementById("actor-map");
  var data = document.getElementById("actors-geojson");
  if (!box || !data || !window.L) return;
  var features = JSON.parse(data.textContent).features;
  if (!features.length) return;
  box.hidden = false;
  var SPACING = 44; // px between marker centres below which markers are grouped
  var map = L.map(box, {scrollWheelZoom: false, maxZoom: 18});
  L.tileLayer(box.getAttribute("data-tiles"), {
    attribution: box.getAttribute("data-attribution"), maxZoom: 18
  }).addTo(map);

  function element(tag, text, href) {
    var node = document.createElement(tag);
    if (text) node.textContent = text;
    if (href) node.href = href;
    return node;
  }
  function line(parent, child) {
    var p = element("p");
    p.appendChild(child);
    parent.appendChild(p);
  }
  function details(actor) {
    var div = element("div");
    line(div, element("a", actor.title, actor.url));
    line(div, document.createTextNode(actor.kind_label + (actor.place ? " · " + actor.place : "")));
    if (actor.phone) line(div, element("a", actor.phone, "tel:" + actor.phone.replace(/\s/g, "")));
    return div;
  }
  var actors = features.map(function (feature) {
    var actor = feature.properties;
    actor.point = L.latLng(feature.geometry.coordinates[1], feature.geometry.coordinates[0]);
    return actor;
  });
  var layer = L.layerGroup().addTo(map);

  function single(actor) {
    return L.marker(actor.point, {title: actor.title, alt: actor.title + " (" + actor.kind_label + ")"})
      .bindPopup(details(actor));
  }
  function group(members) {
    var bounds = L.latLngBounds(members.map(function (a) { return a.point; }));
    var label = box.getAttribute("data-group-label").replace("{count}", members.length);
    var marker = L.marker(bounds.getCenter(), {
      title: label,
      icon: L.divIcon({className: "map-group", html: String(members.length), iconSize: [40, 40]})
    });
    marker.on("add", function () { marker.getElement().setAttribute("aria-label", label); });
    marker.on("click", function () {
      if (map.getBoundsZoom(bounds) > map.getZoom() && map.getZoom() < map.getMaxZoom()) {
        map.fitBounds(bounds, {padding: [SPACING, SPACING]});
      } else { // the same spot at every zoom: list them
        var list = element("div");
        members.forEach(function (actor) { list.appendChild(details(actor)); });
        marker.bindPopup(list).openPopup();
      }
    });
    return marker;
  }
  function draw() {
    layer.clearLayers();
    var groups = [];
    actors.forEach(function (actor) {
      var at = map.latLngToLayerPoint(actor.point);
      var near = groups.filter(function (g) { return g.at.distanceTo(at) < SPACING; })[0];
      if (near) near.members.push(actor);
      else groups.push({at: at, members: [actor]});
    });
    groups.forEach(function (g) {
      layer.addLayer(g.members.length === 1 ? single(g.members[0]) : group(g.members));
    });
  }
  map.on("zoomend", draw);
  map.fitBounds(L.latLngBounds(actors.map(function (a) { return a.point; })),
                {padding: [24, 24], maxZoom: 14});
  draw();
})();
