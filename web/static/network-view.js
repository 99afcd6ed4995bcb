/* Aktörskartan: draws every network view on the page.
 *
 * A view is <div class="network-view" data-src="/api/v1/network/...?format=vis">, rendered by
 * the network_view macro (web/templates/_network_macros.html), which also writes the texts this
 * script shows (data-*-text, in the page's language). The data comes from the same origin and is
 * drawn with the vendored vis-network (web/static/vendor/vis-network).
 *
 * Every name reaches the page as text: elements are made with createElement and filled with
 * textContent, never innerHTML, and tooltips are elements built the same way.
 *
 * What the picture says is in the data (graph/network/drawing.py): the nodes and arrows marked
 * "central" keep labels of at least READABLE_PX pixels at every zoom (vis-network draws a label
 * in the picture's units, so it would shrink below reading size when zoomed out); the node named
 * by "centre" (the chosen actor of an ego view) is put in the middle; the one-sentence reading
 * goes under the picture (.network-reading), as text.
 *
 * When the drawing has settled the element gets data-state="ready", data-drawn-nodes and
 * data-drawn-edges (what the canvas holds); on failure data-state="error" and a message.
 * The vis.Network is kept as element.visNetwork (the browser tests use it).
 */
(function () {
  "use strict";

  var COLOUR = /^#[0-9a-fA-F]{6}$/;
  /* On-screen size (px) of central labels, whatever the zoom. */
  var READABLE_PX = 12;
  /* A label is left out (and brought back) through vis-network's own rule: it draws no label
     smaller than scaling.label.drawThreshold - 1 pixels; the server's threshold is 5 (or more
     for the labels of a big view's other nodes, which appear when zoomed in). */
  var SHOWN = {label: {drawThreshold: 5}};
  /* The funding flow is fitted to this share of the canvas. */
  var FLOW_ROOM = 0.85;
  /* The labels' font (graph/network/drawing.py) and a canvas to measure text in. */
  var FACE = "system-ui, sans-serif";
  var measuring = document.createElement("canvas").getContext("2d");
  var HIDDEN = {label: {drawThreshold: 10000}};
  /* Room beside and below the outermost nodes for their labels, when centring (share of the
     canvas, at most MARGIN_PX pixels). */
  var MARGIN_SHARE = 0.12;
  var MARGIN_PX = 90;

  function make(tag, className, text) {
    var element = document.createElement(tag);
    if (className) {
      element.className = className;
    }
    if (text !== undefined && text !== null) {
      element.textContent = String(text);
    }
    return element;
  }

  /* A link target we follow on click: a path on this site, never another origin. */
  function localPath(url) {
    if (typeof url !== "string" || url.charAt(0) !== "/" || url.charAt(1) === "/" || url.charAt(1) === "\\") {
      return null;
    }
    try {
      var resolved = new URL(url, window.location.origin);
      return resolved.origin === window.location.origin ? resolved.pathname + resolved.search : null;
    } catch (error) {
      return null;
    }
  }

  /* A plain-text tooltip (lines separated by \n) as an element; the first line is the name. */
  function tooltip(text) {
    var box = make("div", "network-tooltip");
    String(text || "").split("\n").forEach(function (line, index) {
      box.appendChild(make("div", index === 0 ? "network-tooltip-name" : "network-tooltip-line", line));
    });
    return box;
  }

  function number(value) {
    var language = document.documentElement.lang === "en" ? "en-GB" : "sv-SE";
    return Number(value).toLocaleString(language);
  }

  /* A text from the template with {name} placeholders filled in (still plain text). */
  function fill(template, values) {
    return String(template || "").replace(/\{(\w+)\}/g, function (whole, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? values[name] : whole;
    });
  }

  function withParameter(src, name, value) {
    var url = new URL(src, window.location.origin);
    url.searchParams.set(name, value);
    return url.pathname + url.search;
  }

  function View(element) {
    this.element = element;
    this.status = make("p", "network-status");
    this.status.setAttribute("role", "status");
    this.notice = make("div", "network-notice");
    this.notice.hidden = true;
    this.canvas = make("div", "network-canvas");
    this.legend = element.querySelector(".network-legend") || make("ul", "network-legend");
    this.reading = element.querySelector(".network-reading") || make("p", "network-reading");
    element.insertBefore(this.notice, element.firstChild);
    element.insertBefore(this.status, this.notice);
    element.insertBefore(this.canvas, this.reading.parentNode === element ? this.reading :
                         this.legend.parentNode === element ? this.legend : null);
    if (!this.reading.parentNode) {
      element.insertBefore(this.reading, this.canvas.nextSibling);
    }
    if (!this.legend.parentNode) {
      element.appendChild(this.legend);
    }
  }

  View.prototype.text = function (name, fallback) {
    var value = this.element.getAttribute("data-" + name + "-text");
    return value === null ? fallback : value;
  };

  View.prototype.load = function (src) {
    var view = this;
    view.element.setAttribute("data-state", "loading");
    view.status.textContent = view.text("loading", "Ritar nätverket …");
    view.status.hidden = false;
    fetch(src, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (response) {
        if (!response.ok) {
          throw new Error("HTTP " + response.status);
        }
        return response.json();
      })
      .then(function (data) {
        view.draw(data, src);
      })
      .catch(function (error) {
        view.fail(error);
      });
  };

  View.prototype.fail = function (error) {
    this.element.setAttribute("data-state", "error");
    this.status.textContent = this.text("error", "Nätverket kunde inte visas.");
    this.status.className = "network-status network-error";
    this.status.hidden = false;
    if (window.console && error) {
      window.console.warn("network view:", String(error));
    }
  };

  View.prototype.draw = function (data, src) {
    if (this.network) {
      this.network.destroy();
    }
    var nodes = new vis.DataSet((data.nodes || []).map(function (node) {
      var copy = Object.assign({}, node);
      copy.title = tooltip(node.title);
      copy.url = localPath(node.url);
      copy.readableFont = node.font;
      copy.fullLabel = node.label;
      copy.shownScaling = node.scaling || SHOWN;
      return copy;
    }));
    var edges = new vis.DataSet((data.edges || []).map(function (edge, index) {
      var copy = Object.assign({}, edge, {id: "e" + index});
      copy.title = tooltip(edge.title);
      copy.readableFont = edge.font;
      copy.fullLabel = edge.label;
      copy.shownScaling = edge.scaling || SHOWN;
      return copy;
    }));
    this.showLegend(data.legend || []);
    this.showNotice(data, src);
    this.showReading(data.reading, data.reading_names);
    if (nodes.length === 0) {
      this.status.textContent = this.text("empty", "Inga samarbeten att visa.");
      this.canvas.hidden = true;
      this.ready(0, 0);
      return;
    }
    this.canvas.hidden = false;
    var layout = (data.options || {}).layout;
    var flow = Boolean(layout && layout.hierarchical && layout.hierarchical.enabled);
    this.canvas.classList.toggle("network-canvas-flow", flow);
    var network = new vis.Network(this.canvas, {nodes: nodes, edges: edges}, data.options || {});
    this.network = network;
    this.element.visNetwork = network;
    this.listen(network, nodes, edges, data.centre);
  };

  View.prototype.listen = function (network, nodes, edges, centre) {
    var view = this;
    var settled = false;
    var fixedLayout = network.physics.options.enabled === false;
    function settle() {
      if (settled) {
        return;
      }
      settled = true;
      network.setOptions({physics: false});
      if (fixedLayout) {
        freeze(network, nodes);
      }
      if (centre !== undefined && centre !== null && nodes.get(centre)) {
        view.centreOn(network, centre);
      }
      tidy(network, nodes, edges);
      network.on("zoom", function () {
        tidy(network, nodes, edges);
      });
      network.on("dragEnd", function () {
        tidy(network, nodes, edges);
      });
      view.status.hidden = true;
      view.ready(Object.keys(network.getPositions()).length, edges.length);
    }
    network.once("stabilizationIterationsDone", settle);
    network.once("stabilized", settle);
    if (fixedLayout) {  // a layout without physics (the funding flow) settles once drawn
      network.once("afterDrawing", settle);
    }
    network.on("click", function (event) {
      if (event.nodes.length !== 1) {
        return;
      }
      var node = nodes.get(event.nodes[0]);
      if (node && node.url) {
        window.location.assign(node.url);
      }
    });
    network.on("hoverNode", function (event) {
      var node = nodes.get(event.node);
      view.canvas.classList.toggle("network-link", Boolean(node && node.url));
    });
    network.on("blurNode", function () {
      view.canvas.classList.remove("network-link");
    });
  };

  /* Central labels at least READABLE_PX on screen: their font grows as the picture zooms out. */
  function keepReadable(network, datasets) {
    var scale = network.getScale();
    datasets.forEach(function (dataset) {
      var updates = [];
      dataset.forEach(function (item) {
        if (item.central && item.readableFont && item.readableFont.size) {
          var size = Math.max(item.readableFont.size, READABLE_PX / scale);
          updates.push({id: item.id, font: Object.assign({}, item.readableFont, {size: size})});
        }
      });
      dataset.update(updates);
    });
  }

  /* Keep the hierarchical layout's positions and turn the layout off: otherwise every change of
     a label (keepReadable, declutter) would lay the flow out anew. Then fit it, with room at the
     sides for the first and last columns' labels, which keepReadable enlarges. */
  function freeze(network, nodes) {
    var positions = network.getPositions();
    network.setOptions({layout: {hierarchical: {enabled: false}}});
    nodes.update(Object.keys(positions).map(function (id) {
      return {id: id, x: positions[id].x, y: positions[id].y};
    }));
    network.fit({animation: false});
    network.moveTo({scale: network.getScale() * FLOW_ROOM, animation: false});
  }

  function tidy(network, nodes, edges) {
    keepReadable(network, [nodes, edges]);
    declutter(network, nodes, edges);
  }

  /* The on-screen box (DOM pixels) a label takes, or null if vis-network does not draw it at
     this zoom: under a node of on-screen radius ``radius`` at ``centre``, or centred on it
     (``radius`` null: an arrow's). The text is measured in the font vis-network draws it in; a
     node's label hangs about half a line below the node. */
  function labelBox(item, centre, radius, scale) {
    if (!item.fullLabel) {
      return null;
    }
    var font = item.readableFont && item.readableFont.size ? item.readableFont.size : 12;
    var size = item.central ? Math.min(Math.max(font * scale, READABLE_PX), 20) : 12 * scale;
    if (!item.central && size < READABLE_PX) {
      return null;
    }
    measuring.font = size + "px " + FACE;
    var lines = String(item.fullLabel).split("\n");
    var width = Math.max.apply(null, lines.map(function (line) { return measuring.measureText(line).width; })) + 4;
    var height = lines.length * size + 2;
    var top = radius === null ? centre.y - height / 2 : centre.y + radius + 0.55 * size - 1;
    return {left: centre.x - width / 2, right: centre.x + width / 2, top: top, bottom: top + height};
  }

  /* Two boxes overlap (a pixel of touching is allowed). */
  function overlaps(one, other) {
    return one.left + 1 < other.right && other.left + 1 < one.right &&
           one.top + 1 < other.bottom && other.top + 1 < one.bottom;
  }

  /* Labels never cover one another: in order of rank (the chosen actor first, then by the size
     metric; arrows by amount after the nodes), a label that would cover one already placed is
     left out until zooming in makes room for it. */
  function declutter(network, nodes, edges) {
    var scale = network.getScale();
    var positions = network.getPositions();
    var placed = [];
    function place(item, centre, radius) {
      var box = labelBox(item, network.canvasToDOM(centre), radius, scale);
      var shown = box !== null && (item.focus || !placed.some(function (other) { return overlaps(box, other); }));
      if (shown) {
        placed.push(box);
      }
      var hidden = !shown && box !== null;
      if (Boolean(item.labelHidden) === hidden) {
        return null;
      }
      return {id: item.id, labelHidden: hidden, scaling: hidden ? HIDDEN : item.shownScaling};
    }
    function sweep(dataset, centreOf, radiusOf) {
      var updates = [];
      dataset.get().sort(function (a, b) { return (a.rank || 0) - (b.rank || 0); }).forEach(function (item) {
        var centre = centreOf(item);
        var update = centre && place(item, centre, radiusOf(item));
        if (update) {
          updates.push(update);
        }
      });
      dataset.update(updates);
    }
    sweep(nodes, function (node) { return positions[node.id]; },
          function (node) { return (node.size || 10) * scale; });
    sweep(edges, function (edge) {
      var from = positions[edge.from];
      var to = positions[edge.to];
      return from && to ? {x: (from.x + to.x) / 2, y: (from.y + to.y) / 2} : null;
    }, function () { return null; });  // an arrow's label is centred on its middle
  }

  /* The chosen actor in the middle, zoomed out far enough that every node stays in sight. */
  View.prototype.centreOn = function (network, centre) {
    var positions = network.getPositions();
    var middle = positions[centre];
    var reachX = 0;
    var reachY = 0;
    Object.keys(positions).forEach(function (id) {
      reachX = Math.max(reachX, Math.abs(positions[id].x - middle.x));
      reachY = Math.max(reachY, Math.abs(positions[id].y - middle.y));
    });
    var width = this.canvas.clientWidth;
    var height = this.canvas.clientHeight;
    var scale = Math.min(network.getScale(),
                         (width / 2 - Math.min(width * MARGIN_SHARE, MARGIN_PX)) / Math.max(reachX, 1),
                         (height / 2 - Math.min(height * MARGIN_SHARE, MARGIN_PX / 2)) / Math.max(reachY, 1));
    network.moveTo({position: middle, scale: scale, animation: false});
  };

  // The reading as text; on an English page the names in it (Swedish data) marked lang="sv".
  View.prototype.showReading = function (text, names) {
    var reading = this.reading;
    reading.textContent = "";
    reading.hidden = !text;
    if (!text) {
      return;
    }
    var rest = String(text);
    var marked = document.documentElement.lang === "en" ? (names || []) : [];
    while (rest) {
      var at = -1, name = "";
      marked.forEach(function (each) {
        var found = each ? rest.indexOf(each) : -1;
        if (found >= 0 && (at < 0 || found < at)) {
          at = found;
          name = each;
        }
      });
      if (at < 0) {
        reading.appendChild(document.createTextNode(rest));
        break;
      }
      reading.appendChild(document.createTextNode(rest.slice(0, at)));
      var span = document.createElement("span");
      span.lang = "sv";
      span.textContent = name;
      reading.appendChild(span);
      rest = rest.slice(at + name.length);
    }
  };

  View.prototype.ready = function (drawnNodes, drawnEdges) {
    this.element.setAttribute("data-drawn-nodes", String(drawnNodes));
    this.element.setAttribute("data-drawn-edges", String(drawnEdges));
    this.element.setAttribute("data-state", "ready");
  };

  View.prototype.showLegend = function (entries) {
    var legend = this.legend;
    while (legend.firstChild) {
      legend.removeChild(legend.firstChild);
    }
    entries.forEach(function (entry) {
      var item = make("li", "network-legend-entry");
      var swatch = make("span", "network-swatch network-shape-" + String(entry.shape || "dot").replace(/[^a-z]/g, ""));
      swatch.setAttribute("aria-hidden", "true");
      if (COLOUR.test(entry.color || "")) {
        swatch.style.backgroundColor = entry.color;  // CSSOM, allowed by style-src 'self'
      }
      item.appendChild(swatch);
      item.appendChild(make("span", "network-legend-label", entry.label));
      legend.appendChild(item);
    });
    legend.hidden = entries.length === 0;
  };

  View.prototype.showNotice = function (data, src) {
    var notice = this.notice;
    while (notice.firstChild) {
      notice.removeChild(notice.firstChild);
    }
    var capped = data.capped;
    if (data.collapsed) {
      notice.appendChild(make("p", null, fill(this.text("collapsed", "Visar {shown} gemenskaper."),
                                              {shown: number((data.nodes || []).length)})));
    } else if (capped) {
      notice.appendChild(make("p", null, fill(this.text("capped", "Visar {shown} av {total}."),
                                              {shown: number(capped.shown), total: number(capped.total)})));
    }
    if (data.edges_capped && !data.collapsed) {
      notice.appendChild(make("p", null, fill(this.text("edges-capped", "Visar de {shown} starkaste av {total} band."),
                                              {shown: number(data.edges_capped.shown),
                                               total: number(data.edges_capped.total)})));
    }
    if (capped && !data.collapsed && this.element.getAttribute("data-collapsible") === "true") {
      notice.appendChild(this.button("network-collapse", this.text("collapse", "Slå ihop till gemenskaper"),
                                     withParameter(src, "collapse", "true"), src));
    } else if (data.collapsed && this.uncollapsed) {
      notice.appendChild(this.button("network-expand", this.text("expand", "Visa aktörerna"),
                                     this.uncollapsed, null));
    }
    notice.hidden = !notice.firstChild;
  };

  /* A button in the notice that redraws the view from another address. */
  View.prototype.button = function (className, label, target, uncollapsed) {
    var view = this;
    var button = make("button", className, label);
    button.type = "button";
    button.addEventListener("click", function () {
      view.uncollapsed = uncollapsed;
      view.load(target);
    });
    return button;
  };

  function start() {
    if (typeof vis === "undefined" || !vis.Network || !vis.DataSet) {
      Array.prototype.forEach.call(document.querySelectorAll(".network-view"), function (element) {
        new View(element).fail(new Error("vis-network did not load"));
      });
      return;
    }
    Array.prototype.forEach.call(document.querySelectorAll(".network-view[data-src]"), function (element) {
      var src = localPath(element.getAttribute("data-src"));
      var view = new View(element);
      if (src) {
        view.load(src);
      } else {
        view.fail(new Error("data-src is not a path on this site"));
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
