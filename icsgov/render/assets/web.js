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
    /* Each line is drawn exactly as laid out in Python: through its bend points, as straight
       segments, so the crossings measured there are the crossings seen here. */
    e.pts = [[e.s.x, e.s.y]].concat(e.route || [], [[e.t.x, e.t.y]]);
    e.minX = Infinity; e.maxX = -Infinity; e.minY = Infinity; e.maxY = -Infinity;
    e.pts.forEach(function (p) {
      e.minX = Math.min(e.minX, p[0]); e.maxX = Math.max(e.maxX, p[0]);
      e.minY = Math.min(e.minY, p[1]); e.maxY = Math.max(e.maxY, p[1]);
    });
    if (DATA.direction !== "down") adjacency[e.source].push([e, e.target]);
    if (DATA.direction !== "up") adjacency[e.target].push([e, e.source]);
  });
  nodes.forEach(function (n) { n.lines = wrapLabel(n.label); n.degree = 0; });
  edges.forEach(function (e) { e.s.degree += 1; e.t.degree += 1; });

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
  /* Two lines of at most 24 characters, broken between words; the full name is on hover
     and in the details panel. */
  function wrapLabel(text) {
    var MAX = 24, words = text.split(/\s+/), first = "", i = 0;
    while (i < words.length && (first + " " + words[i]).trim().length <= MAX) { first = (first + " " + words[i]).trim(); i++; }
    if (!first) { first = text.slice(0, MAX); return [first].concat(text.length > MAX ? [cut(text.slice(MAX))] : []); }
    var rest = words.slice(i).join(" ");
    return rest ? [first, cut(rest)] : [first];
    function cut(t) { return t.length > MAX ? t.slice(0, MAX - 1) + "\u2026" : t; }
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
        if (state.within && byId[other].elsewhere) return;
        edgeShown[e.id] = true;
        if (!(other in reach)) { reach[other] = reach[current] + 1; queue.push(other); }
      });
    }
    state.shownNodes = nodes.filter(function (n) { return n.id in reach && state.levels[n.levelKey]; });
    state.reach = reach;
    var shown = {};
    state.shownNodes.forEach(function (n) { shown[n.id] = true; });
    state.shownEdges = edges.filter(function (e) {
      return edgeShown[e.id] && shown[e.source] && shown[e.target];
    });
    var status = document.getElementById("status");
    var away = state.shownNodes.filter(function (n) { return n.elsewhere; }).length;
    status.textContent = "Showing " + state.shownNodes.length + " of " + nodes.length +
      " bodies, posts and organisations and " + state.shownEdges.length + " of " + edges.length +
      " lines" + (date ? ", as of " + date : ", any date") +
      (away ? "; " + away + " in other systems than " + (DATA.home_systems || []).join(", ") : "");
    status.setAttribute("data-nodes", String(state.shownNodes.length));
    status.setAttribute("data-edges", String(state.shownEdges.length));
    showCaveat(date);
    schedule();
  }

  /* The date shown is outside the dates the data describes: say so (the server's words for
     the date asked, the same facts for a date picked here). */
  function showCaveat(date) {
    var box = document.getElementById("caveat"), cover = DATA.coverage || {};
    if (!box) return;
    var outside = !!date && ((!!cover.from && date < cover.from) || (!!cover.to && date > cover.to));
    box.hidden = !outside;
    box.setAttribute("data-outside", outside ? "1" : "0");
    if (!outside) return;
    box.textContent = date === DATA.as_of && (DATA.caveats || []).length
      ? "Note: " + DATA.caveats[0]
      : "Note: " + date + " is outside the dates the data describes (" + (cover.from || "...") +
        " to " + (cover.to || "...") + "), so the web shown may be out of date or incomplete.";
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
      return !(e.maxX < x0 || e.minX > x1 || e.maxY < y0 || e.minY > y1);
    }
    drawGroups(s);
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
      groups[key].forEach(function (e) { linePath(e); });
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
        ctx.beginPath(); linePath(se); ctx.stroke();
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
    placeLabels(visible, s);
    if (!window.icsgovWeb.firstPaintMs) {
      window.icsgovWeb.firstPaintMs = performance.now();
      document.body.setAttribute("data-ready", "1");
    }
  }
  function linePath(e) {
    ctx.moveTo(e.pts[0][0], e.pts[0][1]);
    for (var i = 1; i < e.pts.length; i++) ctx.lineTo(e.pts[i][0], e.pts[i][1]);
  }
  function drawGroups(s) {
    (DATA.groups || []).forEach(function (g) {
      if (!state.levels[g.level]) return;
      ctx.fillStyle = g.level === "national" ? "#fff7ec" : "#f4f3fa";
      ctx.strokeStyle = "#c8ccd0"; ctx.lineWidth = 1 / s;
      ctx.beginPath(); ctx.rect(g.x0, g.y0, g.x1 - g.x0, g.y1 - g.y0); ctx.fill(); ctx.stroke();
    });
  }

  /* Labels are HTML elements over the canvas, placed greedily in order of importance (the
     actor, the selected and searched-for, then the most connected): each takes the first of
     below, above, right and left that overlaps no label and no shape already placed, or waits
     for a closer zoom. So no two labels ever overlap, at any zoom. */
  var labelLayer = document.getElementById("labels"), labelEls = {}, groupEls = [];
  function labelEl(key, lines, cls) {
    var box = labelEls[key];
    if (!box) {
      box = el("div", null, "label" + (cls ? " " + cls : ""));
      box.setAttribute("data-id", key);
      lines.forEach(function (line, i) { if (i) box.appendChild(el("br")); box.appendChild(document.createTextNode(line)); });
      labelLayer.appendChild(box);
      box.w = box.offsetWidth; box.h = box.offsetHeight;
      labelEls[key] = box;
    }
    return box;
  }
  function placeLabels(visible, s) {
    var used = {}, CELL = 64, placed = [];
    function cells(r, add) {
      var hitAny = false;
      for (var gx = Math.floor(r[0] / CELL); gx <= Math.floor(r[2] / CELL); gx++) {
        for (var gy = Math.floor(r[1] / CELL); gy <= Math.floor(r[3] / CELL); gy++) {
          var k = gx + ":" + gy, list = used[k];
          if (add) { (used[k] = list || []).push(r); continue; }
          if (list) for (var i = 0; i < list.length; i++) {
            var o = list[i];
            if (r[0] < o[2] && o[0] < r[2] && r[1] < o[3] && o[1] < r[3] && o[4] !== r[4]) { hitAny = true; break; }
          }
          if (hitAny) return true;
        }
      }
      return hitAny;
    }
    var labelsOn = visible.length <= 1500;
    Object.keys(labelEls).forEach(function (k) { labelEls[k].shown = false; });
    (DATA.groups || []).forEach(function (g, i) {
      var box = labelEl("group:" + i, [g.label], "group");
      var x = state.ox + g.x0 * s + 4, y = state.oy + g.y0 * s + 3;
      var r = [x - 2, y - 2, x + box.w + 2, y + box.h + 2, "group:" + i];
      if (!state.levels[g.level] || x + box.w > state.ox + g.x1 * s || x > width || y > height || y + box.h < 0) return;
      cells(r, true); box.shown = true; box.sx = x; box.sy = y;
    });
    /* A shape's box: the widest shape (a diamond) with its thick outline, and at least 3 px. */
    var rr = Math.max(3, (R * 1.25 + 2.5) * s);
    if (labelsOn) visible.forEach(function (n) {
      var x = state.ox + n.x * s, y = state.oy + n.y * s;
      cells([x - rr, y - rr, x + rr, y + rr, n.id], true);
    });
    var order = labelsOn ? visible.slice() : [];
    order.sort(function (a, b) { return priority(b) - priority(a) || (a.id < b.id ? -1 : 1); });
    order.forEach(function (n) {
      var x = state.ox + n.x * s, y = state.oy + n.y * s;
      if (x < -200 || x > width + 200 || y < -100 || y > height + 100) return;
      var box = labelEl(n.id, n.lines), w = box.w, h = box.h, gap = rr + 3;
      var spots = {
        below: [x - w / 2, y + gap], above: [x - w / 2, y - gap - h],
        right: [x + gap + 1, y - h / 2], left: [x - gap - 1 - w, y - h / 2],
        belowRight: [x - 4, y + gap], belowLeft: [x + 4 - w, y + gap],
        aboveRight: [x - 4, y - gap - h], aboveLeft: [x + 4 - w, y - gap - h]
      };
      var sides = n.side === "right" ? ["right", "left", "belowRight", "aboveRight", "below", "above"] :
        ["below", "above", "belowRight", "belowLeft", "aboveRight", "aboveLeft", "right", "left"];
      for (var i = 0; i < sides.length; i++) {
        var p = spots[sides[i]], r = [p[0] - 1, p[1] - 1, p[0] + w + 1, p[1] + h + 1, n.id];
        if (!cells(r, false)) { cells(r, true); box.shown = true; box.sx = p[0]; box.sy = p[1]; break; }
      }
    });
    Object.keys(labelEls).forEach(function (k) {
      var box = labelEls[k];
      if (box.shown) {
        box.style.transform = "translate(" + Math.round(box.sx) + "px," + Math.round(box.sy) + "px)";
        box.style.display = "block";
        placed.push(k);
      } else box.style.display = "none";
    });
    labelLayer.setAttribute("data-labels", String(placed.length));
  }
  function priority(n) {
    if (n.id === DATA.actor) return 1e9;
    if (state.selected && !state.selected.edge && state.selected.item === n) return 1e8;
    if (state.matches[n.id]) return 1e7;
    return n.degree * 100 - ((state.reach && state.reach[n.id]) || 0);
  }
  function arrowPath(e, s) {
    var from = e.pts[e.pts.length - 2];
    var dx = e.t.x - from[0], dy = e.t.y - from[1], len = Math.sqrt(dx * dx + dy * dy);
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
    /* Room around the drawing for the labels, which keep their size on screen. */
    state.scale = Math.max(0.01, Math.min(1.4, (width - 190) / Math.max(1, maxX - minX),
                                          (height - 110) / Math.max(1, maxY - minY)));
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
      for (var i = 1; i < e.pts.length; i++) {
        var d = segmentDistance(wx, wy, e.pts[i - 1][0], e.pts[i - 1][1], e.pts[i][0], e.pts[i][1]);
        if (d <= bestED) { bestE = e; bestED = d; }
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
  /* Logged decisions taken by the actor or under its rights, up to the date shown,
     with the audit's verdict (icsgov web --decisions N). */
  function addDecisions(panel, decisions) {
    var shown = decisions.filter(function (d) { return !state.date || d.date <= state.date; });
    panel.appendChild(el("h3", "Decisions taken by it or under its rights (" + shown.length + ")"));
    if (!shown.length) { panel.appendChild(el("p", "No logged decision.", "hidden")); return; }
    var ul = el("ul", null, "decisions");
    shown.forEach(function (d) {
      var li = el("li");
      li.setAttribute("data-verdict", d.verdict.split(" ")[0]);
      li.appendChild(el("strong", d.date + " " + d.decision));
      li.appendChild(el("div", "by " + d["taken by"] + (d.value ? ", " + d.value : "") +
        "; " + d.verdict + "; " + d.reference + (d.illustrative ? "; illustrative" : "")));
      ul.appendChild(li);
    });
    panel.appendChild(ul);
  }
  function select(choice) {
    state.selected = choice;
    var panel = document.getElementById("details");
    panel.replaceChildren();
    panel.classList.toggle("open", !!choice);
    if (!choice) { panel.removeAttribute("data-selected"); schedule(); return; }
    var close = el("button", "\u00D7 Close", "close");
    close.type = "button";
    close.addEventListener("click", function () { select(null); });
    panel.appendChild(close);
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
      if (item.decisions) addDecisions(panel, item.decisions);
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
    if (!drag) {
      var rect = canvas.getBoundingClientRect(), over = hit(ev.clientX - rect.left, ev.clientY - rect.top);
      canvas.title = over ? (over.edge ? over.item.s.label + " answers to " + over.item.t.label + " (" + over.item.kind + ")" : over.item.label) : "";
      return;
    }
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
  var within = document.getElementById("within");
  if (nodes.some(function (n) { return n.elsewhere; })) {
    document.getElementById("scope").hidden = false;
    document.getElementById("home").textContent = (DATA.home_systems || []).join(", ");
  }
  within.addEventListener("change", function () { state.within = within.checked; recompute(); });
  window.addEventListener("resize", function () { resize(); schedule(); });

  function screenPoint(n) {
    var rect = canvas.getBoundingClientRect();
    return { x: rect.left + state.ox + n.x * state.scale, y: rect.top + state.oy + n.y * state.scale };
  }
  window.icsgovWeb = {
    firstPaintMs: 0,
    nodePoint: function (id) { return screenPoint(byId[id]); },
    edgePoint: function (id) {
      var e = edgeById[id], a = e.pts[0], b = e.pts[1];
      return screenPoint({ x: (a[0] + b[0]) / 2, y: (a[1] + b[1]) / 2 });
    },
    lines: function () { return state.shownEdges.map(function (e) { return e.pts; }); },
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
