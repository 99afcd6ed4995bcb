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
 * When the drawing has settled the element gets data-state="ready", data-drawn-nodes and
 * data-drawn-edges (what the canvas holds); on failure data-state="error" and a message.
 * The vis.Network is kept as element.visNetwork (the browser tests use it).
 */
(function () {
  "use strict";

  var COLOUR = /^#[0-9a-fA-F]{6}$/;

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
    element.insertBefore(this.notice, element.firstChild);
    element.insertBefore(this.status, this.notice);
    element.insertBefore(this.canvas, this.legend.parentNode === element ? this.legend : null);
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
      return copy;
    }));
    var edges = new vis.DataSet((data.edges || []).map(function (edge, index) {
      var copy = Object.assign({}, edge, {id: "e" + index});
      copy.title = tooltip(edge.title);
      return copy;
    }));
    this.showLegend(data.legend || []);
    this.showNotice(data, src);
    if (nodes.length === 0) {
      this.status.textContent = this.text("empty", "Inga samarbeten att visa.");
      this.canvas.hidden = true;
      this.ready(0, 0);
      return;
    }
    this.canvas.hidden = false;
    var network = new vis.Network(this.canvas, {nodes: nodes, edges: edges}, data.options || {});
    this.network = network;
    this.element.visNetwork = network;
    this.listen(network, nodes, edges.length);
  };

  View.prototype.listen = function (network, nodes, edgeCount) {
    var view = this;
    var settled = false;
    function settle() {
      if (settled) {
        return;
      }
      settled = true;
      network.setOptions({physics: false});
      view.status.hidden = true;
      view.ready(Object.keys(network.getPositions()).length, edgeCount);
    }
    network.once("stabilizationIterationsDone", settle);
    network.once("stabilized", settle);
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
