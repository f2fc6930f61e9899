/* icsgov accountability web: a small canvas renderer with no dependencies and no network.
   Data comes from the JSON element #icsgov-data; positions are worked out in Python.
   Every name from the data reaches the page through textContent, never innerHTML. */
(function () {
  "use strict";
  var DATA = JSON.parse(document.getElementById("icsgov-data").textContent);
  var KIND_COLOURS = {
    statutory: "#1f5fa8", regulatory: "#c62828", managerial: "#2e7d32", delegated: "#7b1fa2",
    contractual: "#ef6c00", professional: "#6d4c41", democratic: "#d81b60", mutual: "#00838f",
    informal: "#757575"
  };
  var LEVEL_COLOURS = {
    national: "#fdae6b", region: "#bcbddc", system: "#9ecae1", place: "#a1d99b",
    neighbourhood: "#e5f5e0", none: "#e0e0e0"
  };
  var SHAPES = { organisation: "circle", body: "square", post: "diamond", footprint: "triangle" };
  var SYMBOLS = { circle: "\u25CF", square: "\u25A0", diamond: "\u25C6", triangle: "\u25B2" };
  var R = 9;

  var nodes = DATA.nodes, edges = DATA.edges, byId = {}, edgeById = {}, adjacency = {};
  nodes.forEach(function (n) { byId[n.id] = n; adjacency[n.id] = []; n.levelKey = n.level || "none"; });
  edges.forEach(function (e) {
    e.s = byId[e.source]; e.t = byId[e.target]; edgeById[e.id] = e;
    var dx = e.t.x - e.s.x, dy = e.t.y - e.s.y;
    /* Lines within one row bow upwards so they do not run through the shapes between. */
    e.cx = (e.s.x + e.t.x) / 2; e.cy = (e.s.y + e.t.y) / 2;
    if (Math.abs(dy) < 1 && Math.abs(dx) > 1) e.cy -= Math.min(0.3 * Math.abs(dx), 160);
    if (DATA.direction !== "down") adjacency[e.source].push([e, e.target]);
    if (DATA.direction !== "up") adjacency[e.target].push([e, e.source]);
  });

  var state = {
    date: DATA.as_of || "", kinds: {}, levels: {}, selected: null, matches: {},
    scale: 1, ox: 0, oy: 0, shownNodes: [], shownEdges: []
  };
  var kindsPresent = Object.keys(KIND_COLOURS).filter(function (k) {
    return edges.some(function (e) { return e.kind === k; });
  });
  kindsPresent.forEach(function (k) { state.kinds[k] = true; });
  var levelsPresent = DATA.levels.concat(["none"]).filter(function (l) {
    return nodes.some(function (n) { return n.levelKey === l; });
  });
  levelsPresent.forEach(function (l) { state.levels[l] = true; });

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }
  function validAt(item, date) {
    if (!date) return true;
    if (item.valid_from && date < item.valid_from) return false;
    return !(item.valid_to && date > item.valid_to);
  }

  /* The web on the chosen date: the same breadth-first walk as the CLI, over valid lines only. */
  function recompute() {
    var date = state.date, reach = {}, edgeShown = {}, queue = [DATA.actor], head = 0;
    reach[DATA.actor] = 0;
    while (head < queue.length) {
      var current = queue[head++];
      if (DATA.depth !== null && reach[current] >= DATA.depth) continue;
      adjacency[current].forEach(function (pair) {
        var e = pair[0], other = pair[1];
        if (!state.kinds[e.kind] || !validAt(e, date) || !validAt(byId[other], date)) return;
        edgeShown[e.id] = true;
        if (!(other in reach)) { reach[other] = reach[current] + 1; queue.push(other); }
      });
    }
    state.shownNodes = nodes.filter(function (n) { return n.id in reach && state.levels[n.levelKey]; });
    var shown = {};
    state.shownNodes.forEach(function (n) { shown[n.id] = true; });
    state.shownEdges = edges.filter(function (e) {
      return edgeShown[e.id] && shown[e.source] && shown[e.target];
    });
    var status = document.getElementById("status");
    status.textContent = "Showing " + state.shownNodes.length + " of " + nodes.length +
      " bodies, posts and organisations and " + state.shownEdges.length + " of " + edges.length +
      " lines" + (date ? ", as of " + date : ", any date");
    status.setAttribute("data-nodes", String(state.shownNodes.length));
    status.setAttribute("data-edges", String(state.shownEdges.length));
    schedule();
  }

  var canvas = document.getElementById("web"), ctx = canvas.getContext("2d"), dpr = 1;
  var width = 0, height = 0, pending = false;

  function schedule() {
    if (pending) return;
    pending = true;
    requestAnimationFrame(function () { pending = false; draw(); });
  }
  function resize() {
    var rect = canvas.getBoundingClientRect();
    dpr = window.devicePixelRatio || 1;
    width = rect.width; height = rect.height;
    canvas.width = Math.max(1, Math.round(width * dpr));
    canvas.height = Math.max(1, Math.round(height * dpr));
  }
  function shapePath(shape, x, y, r) {
    if (shape === "square") { ctx.rect(x - r, y - r, 2 * r, 2 * r); return; }
    if (shape === "diamond") {
      ctx.moveTo(x, y - r * 1.25); ctx.lineTo(x + r * 1.25, y); ctx.lineTo(x, y + r * 1.25);
      ctx.lineTo(x - r * 1.25, y); ctx.closePath(); return;
    }
    if (shape === "triangle") {
      ctx.moveTo(x, y - r * 1.2); ctx.lineTo(x + r * 1.1, y + r * 0.8);
      ctx.lineTo(x - r * 1.1, y + r * 0.8); ctx.closePath(); return;
    }
    ctx.moveTo(x + r, y); ctx.arc(x, y, r, 0, 2 * Math.PI);
  }
  function draw() {
    var s = state.scale;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, width, height);
    ctx.setTransform(dpr * s, 0, 0, dpr * s, dpr * state.ox, dpr * state.oy);
    var pad = 40 / s + R;
    var x0 = -state.ox / s - pad, y0 = -state.oy / s - pad;
    var x1 = (width - state.ox) / s + pad, y1 = (height - state.oy) / s + pad;
    function inView(n) { return n.x >= x0 && n.x <= x1 && n.y >= y0 && n.y <= y1; }
    function segmentInView(e) {
      return !(Math.max(e.s.x, e.t.x) < x0 || Math.min(e.s.x, e.t.x) > x1 ||
               Math.max(e.s.y, e.t.y) < y0 || Math.min(e.s.y, e.t.y, e.cy) > y1);
    }
    var groups = {};
    state.shownEdges.forEach(function (e) {
      if (!segmentInView(e)) return;
      var key = e.kind + "|" + (e.derived ? "d" : e.formal ? "s" : "i");
      (groups[key] = groups[key] || []).push(e);
    });
    var arrows = s > 0.45;
    Object.keys(groups).forEach(function (key) {
      var parts = key.split("|");
      ctx.strokeStyle = KIND_COLOURS[parts[0]] || "#333";
      ctx.fillStyle = ctx.strokeStyle;
      ctx.lineWidth = 1.6 / s;
      ctx.setLineDash(parts[1] === "d" ? [7 / s, 4 / s] : parts[1] === "i" ? [2 / s, 3 / s] : []);
      ctx.beginPath();
      groups[key].forEach(function (e) { ctx.moveTo(e.s.x, e.s.y); ctx.quadraticCurveTo(e.cx, e.cy, e.t.x, e.t.y); });
      ctx.stroke();
      if (arrows) {
        ctx.setLineDash([]);
        ctx.beginPath();
        groups[key].forEach(function (e) { arrowPath(e, s); });
        ctx.fill();
      }
    });
    ctx.setLineDash([]);
    if (state.selected && state.selected.edge) {
      var se = state.selected.item;
      if (state.shownEdges.indexOf(se) >= 0) {
        ctx.strokeStyle = "#ffb81c"; ctx.lineWidth = 5 / s; ctx.globalAlpha = 0.7;
        ctx.beginPath(); ctx.moveTo(se.s.x, se.s.y); ctx.quadraticCurveTo(se.cx, se.cy, se.t.x, se.t.y); ctx.stroke();
        ctx.globalAlpha = 1;
      }
    }
    var visible = state.shownNodes.filter(inView), byFill = {};
    visible.forEach(function (n) {
      var key = n.levelKey + "|" + (SHAPES[n.cls] || "circle");
      (byFill[key] = byFill[key] || []).push(n);
    });
    ctx.strokeStyle = "#425563";
    Object.keys(byFill).forEach(function (key) {
      var parts = key.split("|");
      ctx.fillStyle = LEVEL_COLOURS[parts[0]];
      ctx.lineWidth = 1 / s;
      ctx.beginPath();
      byFill[key].forEach(function (n) { shapePath(parts[1], n.x, n.y, R); });
      ctx.fill(); ctx.stroke();
    });
    ctx.lineWidth = 3 / s; ctx.strokeStyle = "#1d1d1b";
    ctx.beginPath();
    visible.forEach(function (n) { if (n.elected) shapePath(SHAPES[n.cls] || "circle", n.x, n.y, R + 2); });
    ctx.stroke();
    ctx.lineWidth = 3 / s; ctx.strokeStyle = "#ffb81c";
    ctx.beginPath();
    visible.forEach(function (n) {
      var chosen = state.selected && !state.selected.edge && state.selected.item === n;
      if (chosen || state.matches[n.id]) shapePath("circle", n.x, n.y, R + 5);
    });
    ctx.stroke();
    if (s * R >= 5 && visible.length <= 800) {
      ctx.fillStyle = "#1d1d1b";
      ctx.font = (11 / s) + "px system-ui, Arial, sans-serif";
      ctx.textAlign = "center";
      visible.forEach(function (n) {
        var text = n.label.length > 24 ? n.label.slice(0, 23) + "\u2026" : n.label;
        ctx.fillText(text, n.x, n.y + R + 13 / s);
      });
    }
    if (!window.icsgovWeb.firstPaintMs) {
      window.icsgovWeb.firstPaintMs = performance.now();
      document.body.setAttribute("data-ready", "1");
    }
  }
  function arrowPath(e, s) {
    var dx = e.t.x - e.cx, dy = e.t.y - e.cy, len = Math.sqrt(dx * dx + dy * dy);
    if (len < 1) return;
    var ux = dx / len, uy = dy / len, tipX = e.t.x - ux * (R + 2), tipY = e.t.y - uy * (R + 2);
    var size = Math.min(9, 7 / s);
    ctx.moveTo(tipX, tipY);
    ctx.lineTo(tipX - ux * size - uy * size * 0.5, tipY - uy * size + ux * size * 0.5);
    ctx.lineTo(tipX - ux * size + uy * size * 0.5, tipY - uy * size - ux * size * 0.5);
    ctx.closePath();
  }

  function fit() {
    var shown = state.shownNodes.length ? state.shownNodes : nodes;
    if (!shown.length) return;
    var minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    shown.forEach(function (n) {
      minX = Math.min(minX, n.x); maxX = Math.max(maxX, n.x);
      minY = Math.min(minY, n.y); maxY = Math.max(maxY, n.y);
    });
    var w = maxX - minX + 160, h = maxY - minY + 120;
    state.scale = Math.max(0.01, Math.min(1.6, width / w, height / h));
    state.ox = width / 2 - ((minX + maxX) / 2) * state.scale;
    state.oy = height / 2 - ((minY + maxY) / 2) * state.scale;
    schedule();
  }
  function zoomAt(factor, sx, sy) {
    var next = Math.max(0.005, Math.min(8, state.scale * factor));
    state.ox = sx - (sx - state.ox) * (next / state.scale);
    state.oy = sy - (sy - state.oy) * (next / state.scale);
    state.scale = next;
    schedule();
  }
  function centreOn(n) {
    if (state.scale < 0.8) state.scale = 1;
    state.ox = width / 2 - n.x * state.scale;
    state.oy = height / 2 - n.y * state.scale;
    schedule();
  }

  function segmentDistance(wx, wy, ax, ay, bx, by) {
    var dx = bx - ax, dy = by - ay, len2 = dx * dx + dy * dy;
    var t = len2 ? Math.max(0, Math.min(1, ((wx - ax) * dx + (wy - ay) * dy) / len2)) : 0;
    var px = ax + t * dx - wx, py = ay + t * dy - wy;
    return px * px + py * py;
  }
  function hit(sx, sy) {
    var s = state.scale, wx = (sx - state.ox) / s, wy = (sy - state.oy) / s;
    var best = null, bestD = (R + 4 / s) * (R + 4 / s);
    state.shownNodes.forEach(function (n) {
      var d = (n.x - wx) * (n.x - wx) + (n.y - wy) * (n.y - wy);
      if (d <= bestD) { best = n; bestD = d; }
    });
    if (best) return { edge: false, item: best };
    var tol = 5 / s, bestE = null, bestED = tol * tol;
    state.shownEdges.forEach(function (e) {
      var px = e.s.x, py = e.s.y;
      for (var i = 1; i <= 16; i++) {
        var t = i / 16, u = 1 - t;
        var qx = u * u * e.s.x + 2 * u * t * e.cx + t * t * e.t.x;
        var qy = u * u * e.s.y + 2 * u * t * e.cy + t * t * e.t.y;
        var d = segmentDistance(wx, wy, px, py, qx, qy);
        if (d <= bestED) { bestE = e; bestED = d; }
        px = qx; py = qy;
      }
    });
    return bestE ? { edge: true, item: bestE } : null;
  }

  function validity(item) {
    if (!item.valid_from && !item.valid_to) return "always (no dates recorded)";
    return "from " + (item.valid_from || "the start") + " to " + (item.valid_to || "now");
  }
  function addList(panel, title, items) {
    panel.appendChild(el("h3", title));
    var dl = el("dl");
    items.forEach(function (pair) { dl.appendChild(el("dt", pair[0])); dl.appendChild(el("dd", pair[1])); });
    panel.appendChild(dl);
  }
  function addSources(panel, sources) {
    panel.appendChild(el("h3", "Sources"));
    if (!sources.length) { panel.appendChild(el("p", "No source recorded.", "hidden")); return; }
    var ul = el("ul");
    sources.forEach(function (src) {
      var text = src.title + (src.locator ? ", " + src.locator : "") + (src.url ? " (" + src.url + ")" : "");
      ul.appendChild(el("li", text));
    });
    panel.appendChild(ul);
  }
  function select(choice) {
    state.selected = choice;
    var panel = document.getElementById("details");
    panel.replaceChildren();
    if (!choice) { panel.appendChild(el("p", "Nothing selected.")); schedule(); return; }
    var item = choice.item;
    if (choice.edge) {
      panel.setAttribute("data-selected", "edge:" + item.id);
      panel.appendChild(el("h2", item.s.label + " answers to " + item.t.label));
      var kind = el("p"); var sw = el("span", null, "swatch");
      sw.style.background = KIND_COLOURS[item.kind] || "#333";
      kind.appendChild(sw); kind.appendChild(document.createTextNode(item.kind + " line"));
      panel.appendChild(kind);
      addList(panel, "Attributes", item.attrs.concat([["valid", validity(item)]]));
      addSources(panel, item.sources);
    } else {
      panel.setAttribute("data-selected", "node:" + item.id);
      panel.appendChild(el("h2", item.label));
      panel.appendChild(el("p", item.cls + (item.level ? " at " + item.level + " level" : "") +
        (item.elected ? "; elected or the public" : "") + (item.illustrative ? "; illustrative" : "")));
      addList(panel, "Attributes", item.attrs.concat([["valid", validity(item)]]));
      addSources(panel, item.sources);
      var lines = state.shownEdges.filter(function (e) { return e.s === item || e.t === item; });
      panel.appendChild(el("h3", "Lines shown (" + lines.length + ")"));
      var ul = el("ul");
      lines.forEach(function (e) {
        var li = el("li"), b = el("button", (e.s === item ? "answers to " + e.t.label : e.s.label + " answers to it") + " (" + e.kind + ")");
        b.type = "button";
        b.addEventListener("click", function () { select({ edge: true, item: e }); });
        li.appendChild(b); ul.appendChild(li);
      });
      panel.appendChild(ul);
    }
    schedule();
  }

  function buildLegend() {
    var kinds = document.getElementById("kinds");
    kindsPresent.forEach(function (k) {
      var label = el("label"), box = el("input"), sw = el("span", null, "swatch");
      box.type = "checkbox"; box.checked = true; box.setAttribute("data-kind", k);
      box.addEventListener("change", function () { state.kinds[k] = box.checked; recompute(); });
      sw.style.background = KIND_COLOURS[k];
      label.appendChild(box); label.appendChild(sw); label.appendChild(document.createTextNode(k));
      kinds.appendChild(label);
    });
    var levels = document.getElementById("levels");
    levelsPresent.forEach(function (l) {
      var label = el("label"), box = el("input"), dot = el("span", null, "dot");
      box.type = "checkbox"; box.checked = true; box.setAttribute("data-level", l);
      box.addEventListener("change", function () { state.levels[l] = box.checked; recompute(); });
      dot.style.background = LEVEL_COLOURS[l];
      label.appendChild(box); label.appendChild(dot);
      label.appendChild(document.createTextNode(l === "none" ? "no level" : l));
      levels.appendChild(label);
    });
    var shapes = document.getElementById("shapes");
    Object.keys(SHAPES).forEach(function (cls) {
      shapes.appendChild(el("div", SYMBOLS[SHAPES[cls]] + " " + cls));
    });
    shapes.appendChild(el("div", "Thick outline: elected, or the public"));
  }
  function search(query) {
    var q = query.trim().toLowerCase(), results = document.getElementById("results");
    results.replaceChildren();
    state.matches = {};
    if (!q) { schedule(); return []; }
    var found = nodes.filter(function (n) {
      return n.label.toLowerCase().indexOf(q) >= 0 || n.id.toLowerCase().indexOf(q) >= 0;
    });
    var shown = {};
    state.shownNodes.forEach(function (n) { shown[n.id] = true; });
    found.forEach(function (n) { state.matches[n.id] = true; });
    found.slice(0, 30).forEach(function (n) {
      var li = el("li"), b = el("button", n.label, shown[n.id] ? "" : "hidden");
      b.type = "button";
      if (!shown[n.id]) b.title = "Not in the web for these filters and date";
      b.addEventListener("click", function () { select({ edge: false, item: n }); centreOn(n); });
      li.appendChild(b); results.appendChild(li);
    });
    if (found.length > 30) results.appendChild(el("li", "and " + (found.length - 30) + " more", "hidden"));
    if (!found.length) results.appendChild(el("li", "Nothing matches.", "hidden"));
    schedule();
    return found;
  }

  var drag = null;
  canvas.addEventListener("pointerdown", function (ev) {
    drag = { x: ev.clientX, y: ev.clientY, ox: state.ox, oy: state.oy, moved: false };
    canvas.setPointerCapture(ev.pointerId);
  });
  canvas.addEventListener("pointermove", function (ev) {
    if (!drag) return;
    var dx = ev.clientX - drag.x, dy = ev.clientY - drag.y;
    if (Math.abs(dx) + Math.abs(dy) > 4) drag.moved = true;
    if (drag.moved) { state.ox = drag.ox + dx; state.oy = drag.oy + dy; schedule(); }
  });
  canvas.addEventListener("pointerup", function (ev) {
    if (drag && !drag.moved) {
      var rect = canvas.getBoundingClientRect();
      select(hit(ev.clientX - rect.left, ev.clientY - rect.top));
    }
    drag = null;
  });
  canvas.addEventListener("wheel", function (ev) {
    ev.preventDefault();
    var rect = canvas.getBoundingClientRect();
    zoomAt(Math.exp(-ev.deltaY * 0.0015), ev.clientX - rect.left, ev.clientY - rect.top);
  }, { passive: false });
  canvas.addEventListener("keydown", function (ev) {
    var step = 60;
    if (ev.key === "+" || ev.key === "=") zoomAt(1.25, width / 2, height / 2);
    else if (ev.key === "-") zoomAt(0.8, width / 2, height / 2);
    else if (ev.key === "ArrowLeft") state.ox += step;
    else if (ev.key === "ArrowRight") state.ox -= step;
    else if (ev.key === "ArrowUp") state.oy += step;
    else if (ev.key === "ArrowDown") state.oy -= step;
    else return;
    ev.preventDefault(); schedule();
  });
  document.getElementById("zoomin").addEventListener("click", function () { zoomAt(1.25, width / 2, height / 2); });
  document.getElementById("zoomout").addEventListener("click", function () { zoomAt(0.8, width / 2, height / 2); });
  document.getElementById("fit").addEventListener("click", fit);
  var searchBox = document.getElementById("search");
  searchBox.addEventListener("input", function () { search(searchBox.value); });
  searchBox.addEventListener("keydown", function (ev) {
    if (ev.key !== "Enter") return;
    var found = search(searchBox.value);
    if (found.length) { select({ edge: false, item: found[0] }); centreOn(found[0]); }
  });
  var dateBox = document.getElementById("asof"), anyDate = document.getElementById("anydate");
  dateBox.value = state.date;
  anyDate.checked = !state.date;
  function dateChanged() {
    state.date = anyDate.checked ? "" : dateBox.value;
    recompute();
  }
  dateBox.addEventListener("change", function () { if (dateBox.value) anyDate.checked = false; dateChanged(); });
  dateBox.addEventListener("input", function () { if (dateBox.value) anyDate.checked = false; dateChanged(); });
  anyDate.addEventListener("change", dateChanged);
  window.addEventListener("resize", function () { resize(); schedule(); });

  function screenPoint(n) {
    var rect = canvas.getBoundingClientRect();
    return { x: rect.left + state.ox + n.x * state.scale, y: rect.top + state.oy + n.y * state.scale };
  }
  window.icsgovWeb = {
    firstPaintMs: 0,
    nodePoint: function (id) { return screenPoint(byId[id]); },
    edgePoint: function (id) {
      var e = edgeById[id];
      return screenPoint({ x: (e.s.x + 2 * e.cx + e.t.x) / 4, y: (e.s.y + 2 * e.cy + e.t.y) / 4 });
    },
    centre: function (id) { centreOn(byId[id]); draw(); },
    shown: function () {
      return { nodes: state.shownNodes.map(function (n) { return n.id; }),
               edges: state.shownEdges.map(function (e) { return e.id; }) };
    }
  };

  document.getElementById("title").textContent = "Accountability web of " + DATA.actor_label;
  buildLegend();
  resize();
  recompute();
  fit();
  draw();
})();
