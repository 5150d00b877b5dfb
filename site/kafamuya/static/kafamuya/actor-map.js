/* The actors' map: markers for the organisations listed on the page, read from the page's
   JSON block (the list and the map always show the same actors). Tiles are a bonus: the
   markers and the list work when they cannot load. */
(function () {
  "use strict";
  var box = document.getElementById("actor-map");
  var data = document.getElementById("actors-geojson");
  if (!box || !data || !window.L) return;
  var features = JSON.parse(data.textContent).features;
  if (!features.length) return;
  box.hidden = false;
  var map = L.map(box, {scrollWheelZoom: false});
  L.tileLayer(box.getAttribute("data-tiles"), {
    attribution: box.getAttribute("data-attribution"), maxZoom: 18
  }).addTo(map);
  function line(parent, node) {
    var p = document.createElement("p");
    p.appendChild(node);
    parent.appendChild(p);
  }
  function link(href, text) {
    var a = document.createElement("a");
    a.href = href;
    a.textContent = text;
    return a;
  }
  var points = features.map(function (feature) {
    var props = feature.properties;
    var point = [feature.geometry.coordinates[1], feature.geometry.coordinates[0]];
    var popup = document.createElement("div");
    line(popup, link(props.url, props.title));
    line(popup, document.createTextNode(props.kind_label + (props.place ? " · " + props.place : "")));
    if (props.phone) line(popup, link("tel:" + props.phone.replace(/\s/g, ""), props.phone));
    L.marker(point, {title: props.title, alt: props.title + " (" + props.kind_label + ")"})
      .bindPopup(popup).addTo(map);
    return point;
  });
  map.fitBounds(points, {padding: [24, 24], maxZoom: 14});
})();
