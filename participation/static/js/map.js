/* Zukunftsstadt's maps, on Leaflet (vendored, see frontend/vendor.py).
 *
 * Every element with data-map='{config}' (templates/maps.html writes it) becomes a map:
 *   mode "ideas":  the district polygons coloured by their number of ideas, with a legend in
 *                  words, and the ideas of data-ideas-url (GeoJSON) as markers that cluster;
 *                  a marker opens a small card (title, status, supports, picture, link).
 *   mode "picker": the districts and one pin for the place of an idea; a click, a drag or the
 *                  arrow keys move it, and it writes the form's lat/lon fields (which stay
 *                  usable without the map).
 *   mode "notes":  the projector's map of the workshop notes that carry a point
 *                  (window.ZukunftsMap.notes(element) returns a layer to fill).
 * No tile layer unless the city configured one (config.tiles): the plain map asks no other
 * server for anything. All text comes from config.labels (translated by the server), and
 * nothing the users wrote is ever put into the page as HTML.
 */
(function () {
  "use strict";
  if (!window.L || !window.fetch) {
    return;
  }
  var L = window.L;

  function fill(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (_, key) {
      return values[key] === undefined ? "" : String(values[key]);
    });
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text !== undefined && text !== null) {
      node.textContent = String(text);
    }
    return node;
  }

  function getJSON(url) {
    return fetch(url, {credentials: "same-origin", headers: {"Accept": "application/geo+json"}})
      .then(function (response) {
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        return response.json();
      });
  }

  function locale() {
    return document.documentElement.lang || "de";
  }

  function number(value) {
    return new Intl.NumberFormat(locale()).format(value);
  }

  function coordinate(value) {
    return new Intl.NumberFormat(locale(), {minimumFractionDigits: 5, maximumFractionDigits: 5})
      .format(value);
  }

  // The map itself: no tiles by default, Leaflet's keyboard panning and zoom buttons with
  // our words. maxZoom is always set (the clusters need it).
  function baseMap(root, config) {
    var tiles = config.tiles;
    var maxZoom = tiles ? tiles.max_zoom : 19;
    var map = L.map(root.querySelector(".map-canvas"), {
      zoomControl: false, attributionControl: Boolean(tiles), maxZoom: maxZoom, minZoom: 3,
      zoomSnap: 0.25, keyboard: true, scrollWheelZoom: false, tapHold: false,
      fadeAnimation: false  // a card opens at once (and is never half transparent)
    });
    L.control.zoom({zoomInTitle: config.labels.zoom_in, zoomOutTitle: config.labels.zoom_out})
      .addTo(map);
    if (tiles) {
      L.tileLayer(tiles.url, {attribution: tiles.attribution, maxZoom: maxZoom}).addTo(map);
    } else {
      root.classList.add("map-plain");
    }
    // Scrolling the page never zooms the map by accident; once it has the focus, it may.
    map.on("focus", function () { map.scrollWheelZoom.enable(); });
    map.on("blur", function () { map.scrollWheelZoom.disable(); });
    return map;
  }

  // Classes of districts by number of ideas: none, then up to three equal steps up to the
  // largest number. Returns [{low, high}] (the first is {0, 0}).
  function levels(counts) {
    var max = Math.max.apply(null, counts.concat([0]));
    var out = [{low: 0, high: 0}];
    if (max === 0) {
      return out;
    }
    var steps = Math.min(3, max);
    var size = Math.ceil(max / steps);
    for (var low = 1; low <= max; low += size) {
      out.push({low: low, high: Math.min(max, low + size - 1)});
    }
    return out;
  }

  function levelOf(count, classes) {
    for (var i = classes.length - 1; i >= 0; i -= 1) {
      if (count >= classes[i].low) {
        return i;
      }
    }
    return 0;
  }

  function rangeText(level, labels) {
    if (level.high === 0) {
      return labels.no_ideas;
    }
    var range = level.low === level.high ? number(level.low)
      : number(level.low) + "\u2013" + number(level.high);
    return fill(labels.ideas_in, {range: range});
  }

  // Is the point inside the outer ring of one of the area's polygons? (Where a label goes.)
  function inArea(geometry, at) {
    var polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
    return polygons.some(function (rings) {
      var ring = rings[0];
      var hit = false;
      for (var i = 0, j = ring.length - 1; i < ring.length; j = i, i += 1) {
        var a = ring[i];
        var b = ring[j];
        if ((a[1] > at.lat) !== (b[1] > at.lat) &&
            at.lng < (b[0] - a[0]) * (at.lat - a[1]) / (b[1] - a[1]) + a[0]) {
          hit = !hit;
        }
      }
      return hit;
    });
  }

  function districtLayer(map, data, options) {
    // The names lie under the markers (Leaflet's tooltips would cover them otherwise).
    if (!map.getPane("districtNames")) {
      map.createPane("districtNames").classList.add("map-district-names");
    }
    var classes = levels((data.features || []).map(function (f) {
      return f.properties.idea_count || 0;
    }));
    var layer = L.geoJSON(data, {
      interactive: false,
      style: function (feature) {
        var level = options.coloured ? levelOf(feature.properties.idea_count || 0, classes) : 0;
        return {className: "map-district map-district-level-" + level, weight: 2};
      },
      onEachFeature: function (feature, shape) {
        var text = feature.properties.name;
        if (options.coloured) {
          text += " \u00b7 " + number(feature.properties.idea_count || 0);
        }
        // near the foot of the area: its middle is where the ideas' markers gather
        var box = shape.getBounds();
        var at = L.latLng(box.getSouth() + (box.getNorth() - box.getSouth()) * 0.14,
                          box.getCenter().lng);
        if (!inArea(feature.geometry, at)) {
          at = box.getCenter();
        }
        L.tooltip({permanent: true, direction: "center", pane: "districtNames",
                   className: "map-district-label", interactive: false})
          .setLatLng(at).setContent(text).addTo(map);
      }
    }).addTo(map);
    layer.levels = classes;
    return layer;
  }

  function showLegend(root, classes, labels) {
    var legend = root.parentNode.querySelector(".map-legend");
    if (!legend) {
      return;
    }
    var list = legend.querySelector(".map-legend-list");
    list.textContent = "";
    classes.forEach(function (level, index) {
      var item = el("li");
      var swatch = el("span", "map-legend-swatch map-district-level-" + index);
      swatch.setAttribute("aria-hidden", "true");
      item.appendChild(swatch);
      item.appendChild(document.createTextNode(rangeText(level, labels)));
      list.appendChild(item);
    });
    legend.hidden = false;
  }

  function cityBounds(data) {
    var box = data && data.bbox;
    if (box && box.length === 4) {
      return L.latLngBounds([box[1], box[0]], [box[3], box[2]]);
    }
    return null;
  }

  // A marker: a pin the keyboard reaches (role button), its name the idea's title.
  function pinIcon(name, className) {
    var node = el("span", "map-pin-shape");
    node.setAttribute("aria-hidden", "true");
    var wrap = el("span");
    wrap.appendChild(node);
    wrap.appendChild(el("span", "visually-hidden", name));
    return L.divIcon({html: wrap, className: "map-pin " + (className || ""), iconSize: [28, 36],
                      iconAnchor: [14, 34], popupAnchor: [0, -30]});
  }

  function clusterIcon(labels) {
    return function (cluster) {
      var count = cluster.getChildCount();
      var wrap = el("span");
      var visible = el("span", "map-cluster-count", number(count));
      visible.setAttribute("aria-hidden", "true");
      wrap.appendChild(visible);
      wrap.appendChild(el("span", "visually-hidden", fill(labels.cluster, {num: number(count)})));
      var size = count < 10 ? 36 : count < 100 ? 42 : 50;
      return L.divIcon({html: wrap, className: "map-cluster", iconSize: [size, size]});
    };
  }

  function ideaCard(properties, labels) {
    var card = el("div", "map-card");
    if (properties.thumbnail_url) {
      var img = el("img", "map-card-picture");
      img.src = properties.thumbnail_url;
      img.alt = properties.thumbnail_alt || "";
      img.width = 160;
      img.height = 107;
      img.loading = "lazy";
      card.appendChild(img);
    }
    var title = el("a", "map-card-title", properties.title);
    title.href = properties.url;
    card.appendChild(title);
    var facts = el("p", "map-card-facts");
    if (properties.status_label) {
      facts.appendChild(el("span", "chip chip-status-" + properties.status, properties.status_label));
    }
    if (properties.supports !== undefined && properties.supports !== null) {
      facts.appendChild(el("span", "map-card-supports",
                           labels.supports + ": " + number(properties.supports)));
    }
    card.appendChild(facts);
    var where = [properties.district && properties.district.name, properties.place]
      .filter(Boolean).join(" \u00b7 ");
    if (where) {
      card.appendChild(el("p", "map-card-place", where));
    }
    return card;
  }

  function ideaMap(root, config) {
    var labels = config.labels;
    var status = root.querySelector(".map-status");
    var map = baseMap(root, config);
    var clusters = L.markerClusterGroup({
      showCoverageOnHover: false, maxClusterRadius: 48, spiderfyOnMaxZoom: true,
      iconCreateFunction: clusterIcon(labels)
    });
    map.addLayer(clusters);
    Promise.all([getJSON(config.districts_url), getJSON(root.getAttribute("data-ideas-url"))])
      .then(function (answers) {
        var districts = answers[0];
        var ideas = answers[1];
        var shapes = districtLayer(map, districts, {coloured: true});
        if ((districts.features || []).length) {
          showLegend(root, shapes.levels, labels);
        }
        var markers = (ideas.features || []).map(function (feature) {
          var p = feature.properties;
          var c = feature.geometry.coordinates;
          var name = p.status_label ? p.title + " (" + p.status_label + ")" : p.title;
          var marker = L.marker([c[1], c[0]], {icon: pinIcon(name, "map-pin-idea"),
                                               keyboard: true, riseOnHover: true});
          marker.bindPopup(function () { return ideaCard(p, labels); },
                           {maxWidth: 260, minWidth: 200, className: "map-popup"});
          return marker;
        });
        clusters.addLayers(markers);
        var bounds = cityBounds(districts);
        if (!bounds && markers.length) {
          bounds = clusters.getBounds();
        }
        if (bounds) {
          map.fitBounds(bounds.pad(0.05));
        } else {
          map.setView([51.16, 10.45], 5);  // neither districts nor places: Germany
        }
        status.textContent = markers.length ? fill(labels.on_map, {num: number(markers.length)})
          : labels.none_on_map;
        root.classList.add("map-ready");
      })
      .catch(function () {
        status.textContent = labels.failed;
        root.classList.add("map-failed");
      });
    return map;
  }

  function pickerMap(root, config) {
    var labels = config.labels;
    var lat = document.getElementById(root.getAttribute("data-lat-input"));
    var lon = document.getElementById(root.getAttribute("data-lon-input"));
    var status = root.querySelector(".map-status");
    var centreButton = root.querySelector("[data-pin=centre]");
    var removeButton = root.querySelector("[data-pin=remove]");
    var map = baseMap(root, config);
    var pin = null;

    function read(input) {
      var value = parseFloat(String(input.value).trim().replace(",", "."));
      return isFinite(value) ? value : null;
    }

    function announce() {
      if (pin) {
        var at = pin.getLatLng();
        status.textContent = fill(labels.pin_set, {lat: coordinate(at.lat), lon: coordinate(at.lng)});
      } else {
        status.textContent = labels.pin_removed;
      }
    }

    function write() {
      if (pin) {
        var at = pin.getLatLng();
        lat.value = at.lat.toFixed(6);
        lon.value = at.lng.toFixed(6);
      } else {
        lat.value = "";
        lon.value = "";
      }
      removeButton.hidden = !pin;
    }

    function moveBy(dx, dy) {
      var point = map.latLngToContainerPoint(pin.getLatLng()).add([dx, dy]);
      var size = map.getSize();
      point.x = Math.max(0, Math.min(size.x, point.x));
      point.y = Math.max(0, Math.min(size.y, point.y));
      pin.setLatLng(map.containerPointToLatLng(point));
      write();
      announce();
    }

    function onKey(event) {
      var step = event.shiftKey ? 50 : 10;
      var moves = {ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step],
                   ArrowDown: [0, step]};
      var move = moves[event.key];
      if (move) {
        event.preventDefault();
        event.stopPropagation();  // the pin moves, not the map
        moveBy(move[0], move[1]);
      } else if (event.key === "Delete" || event.key === "Backspace") {
        event.preventDefault();
        event.stopPropagation();
        place(null);
        removeButton.focus();
      }
    }

    function place(latlng, focus) {
      if (!latlng) {
        if (pin) {
          map.removeLayer(pin);
          pin = null;
        }
        write();
        announce();
        return;
      }
      if (!pin) {
        pin = L.marker(latlng, {icon: pinIcon(labels.pin, "map-pin-own"), draggable: true,
                                keyboard: true, autoPan: true}).addTo(map);
        pin.on("dragend", function () { write(); announce(); });
        pin.getElement().addEventListener("keydown", onKey);
      } else {
        pin.setLatLng(latlng);
      }
      write();
      announce();
      if (focus) {
        pin.getElement().focus();
      }
    }

    map.on("click", function (event) { place(event.latlng); });
    centreButton.hidden = false;
    centreButton.addEventListener("click", function () { place(map.getCenter(), true); });
    removeButton.addEventListener("click", function () {
      place(null);
      centreButton.focus();
    });
    [lat, lon].forEach(function (input) {
      input.addEventListener("change", function () {
        var a = read(lat);
        var b = read(lon);
        if (a !== null && b !== null && Math.abs(a) <= 90 && Math.abs(b) <= 180) {
          place(L.latLng(a, b));
          map.panTo(pin.getLatLng());
        } else if (!String(lat.value).trim() && !String(lon.value).trim()) {
          place(null);
        }
      });
    });

    var folded = root.closest("details");
    var bounds = null;
    if (folded) {
      folded.addEventListener("toggle", function () {
        if (!folded.open) {
          return;
        }
        map.invalidateSize();
        if (pin) {
          map.panTo(pin.getLatLng());
        } else if (bounds) {
          map.fitBounds(bounds.pad(0.05));
        }
      });
    }
    getJSON(config.districts_url).then(function (districts) {
      districtLayer(map, districts, {coloured: false});
      var start = read(lat) !== null && read(lon) !== null ? L.latLng(read(lat), read(lon)) : null;
      bounds = cityBounds(districts);
      if (bounds) {
        map.fitBounds(bounds.pad(0.05));
      } else {
        map.setView(start || [51.16, 10.45], start ? 15 : 5);
      }
      if (start) {
        place(start);
        status.textContent = "";
      }
      root.classList.add("map-ready");
    }).catch(function () {
      status.textContent = labels.failed;
      root.classList.add("map-failed");
    });
    return map;
  }

  // The projector: notes with a point as markers (board-view.js calls show/remove/resize).
  function notesMap(root, config) {
    var map = baseMap(root, config);
    var layer = L.featureGroup().addTo(map);
    var city = null;
    var markers = {};

    function fit() {
      if (city) {
        map.fitBounds(city.pad(0.05));
      } else if (layer.getLayers().length) {
        map.fitBounds(layer.getBounds().pad(0.2), {maxZoom: 16});
      } else {
        map.setView([51.16, 10.45], 5);
      }
    }

    getJSON(config.districts_url).then(function (districts) {
      districtLayer(map, districts, {coloured: false});
      city = cityBounds(districts);
      fit();
      root.classList.add("map-ready");
    }).catch(function () {
      root.classList.add("map-failed");
    });

    function remove(id) {
      if (markers[id]) {
        layer.removeLayer(markers[id]);
        delete markers[id];
      }
    }

    return {
      map: map,
      // note: {id, text, lat, lon}; a note shown before with the same place and text stays
      show: function (note) {
        var old = markers[note.id];
        if (old && old.noteText === note.text && old.getLatLng().equals([note.lat, note.lon])) {
          return;
        }
        remove(note.id);
        var marker = L.marker([note.lat, note.lon], {
          icon: pinIcon(config.labels.note + ": " + note.text, "map-pin-note"), keyboard: false
        });
        marker.noteText = note.text;
        marker.bindTooltip(note.text, {permanent: true, direction: "top", offset: [0, -30],
                                       className: "map-note-label"});
        markers[note.id] = marker.addTo(layer);
        if (!city) {
          fit();
        }
      },
      remove: remove,
      // the map was hidden (no size): measure again and show the city
      resize: function () {
        map.invalidateSize();
        fit();
      }
    };
  }

  var modes = {ideas: ideaMap, picker: pickerMap, notes: notesMap};
  var made = [];
  Array.prototype.forEach.call(document.querySelectorAll("[data-map]"), function (root) {
    var config = JSON.parse(root.getAttribute("data-map"));
    var make = modes[config.mode];
    if (make) {
      root.zukunftsMap = make(root, config);
      made.push(root);
    }
  });
  window.ZukunftsMap = {maps: made};
}());
