/* militnet network page: time control, legend, details panel and search.
 *
 * The data arrive as JSON (script#mn-data). Whatever they hold reaches the
 * document only through textContent, or as an href attribute after a check
 * that the URL is http(s); nothing from the data is ever parsed as HTML, and
 * vis-network gets no HTML tooltips.
 *
 * Visibility on a day t is decided as militnet's Network.at decides it: the
 * Python side computed both day-number sides of every partial date; the sides
 * of the chosen date policy are compared with t (half-open intervals).
 * Lapsing works the same way: Python embedded every relation's lapse day per
 * threshold (D.lapse.days), and an open-ended tie is shown only while
 * t < lapse day; the page does no date arithmetic of its own.
 */
(function () {
  "use strict";
  var D = JSON.parse(document.getElementById("mn-data").textContent);
  var G = D.groups, R = D.relations, S = D.sources;
  var nG = G.id.length, nR = R.id.length;
  var DAY_MS = 86400000;
  var BIG = nR > 3000;

  function $(id) { return document.getElementById(id); }
  function indexOf(ids) {
    var m = new Map();
    for (var i = 0; i < ids.length; i++) m.set(ids[i], i);
    return m;
  }
  var gIndex = indexOf(G.id), rIndex = indexOf(R.id), sIndex = indexOf(S.id);
  // Evidence events (D.events): columns in date order; E.rel[j] / E.group[i] are the
  // events a relation cites / a group takes part in (indices into the columns).
  var E = D.events, nE = E.id.length;

  // -- dates ------------------------------------------------------------------
  function ordToDate(o) { return new Date((o - D.epoch) * DAY_MS); }
  function dateToOrd(d) { return Math.round(d.getTime() / DAY_MS) + D.epoch; }
  function pad(n, w) { var s = String(n); while (s.length < w) s = "0" + s; return s; }
  function iso(o) {
    var d = ordToDate(o);
    return pad(d.getUTCFullYear(), 4) + "-" + pad(d.getUTCMonth() + 1, 2) + "-" +
      pad(d.getUTCDate(), 2);
  }
  function utc(y, m, day) {
    var d = new Date(0);
    d.setUTCFullYear(y, m, day);
    return dateToOrd(d);
  }
  function parseIso(text) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(text));
    if (!m) return null;
    var o = utc(+m[1], +m[2] - 1, +m[3]);
    return iso(o) === m[0] ? o : null;
  }
  function makeSteps(kind, lo, hi, extra) {
    var out = [], a = ordToDate(lo), b = ordToDate(hi), y, m;
    if (kind === "day") {
      for (var o = lo; o <= hi; o++) out.push(o);
    } else if (kind === "month") {
      y = a.getUTCFullYear(); m = a.getUTCMonth();
      var y2 = b.getUTCFullYear(), m2 = b.getUTCMonth();
      while (y < y2 || (y === y2 && m <= m2)) {
        out.push(utc(y, m, 1));
        if (++m === 12) { m = 0; y++; }
      }
      if (out[out.length - 1] < hi) out.push(utc(y, m, 1));
    } else {
      for (y = a.getUTCFullYear(); y <= b.getUTCFullYear(); y++) out.push(utc(y, 0, 1));
      if (out[out.length - 1] < hi) out.push(utc(y, 0, 1));
    }
    extra.forEach(function (x) { if (x !== null && out.indexOf(x) < 0) out.push(x); });
    out.sort(function (p, q) { return p - q; });
    return out;
  }
  function precision(s) {
    return s.length === 4 ? "year" : s.length === 7 ? "month" : s.length === 10 ? "day" : "";
  }
  function dateText(s, unknown) {
    return s ? s + " (" + precision(s) + " precision)" : unknown;
  }

  // -- state and visibility ---------------------------------------------------
  function rank(level) {
    return D.confidence_levels.length - 1 - D.confidence_levels.indexOf(level);
  }
  var state = {
    step: D.options.step,
    steps: [],
    idx: 0,
    t: 0,
    types: new Set(D.options.types),
    minConfidence: D.options.min_confidence,
    policy: D.options.date_policy,
    undated: D.options.undated === "include",
    stale: D.options.stale_after,
    pinned: null,
    timer: null
  };
  var alive = new Uint8Array(nG), active = new Uint8Array(nR), degree = new Int32Array(nG);
  // shown: alive, or a side of a merger in its lineage window (Network.at's alive=False nodes)
  var shownG = new Uint8Array(nG);
  var stale = new Uint8Array(nR);  // shown although unattested for more than five years
  function lapseDays(side) {
    return state.stale === "never" ? null : D.lapse.days[state.stale][side];
  }

  function compute() {
    var sides = D.policies[state.policy], t = state.t, i, j;
    var f = sides[0] === "first" ? G.f_first : G.f_last;
    var e = sides[1] === "first" ? G.e_first : G.e_last;
    for (i = 0; i < nG; i++) shownG[i] = alive[i] = (f[i] <= t && t < e[i]) ? 1 : 0;
    var s = sides[0] === "first" ? R.s_first : R.s_last;
    var en = sides[1] === "first" ? R.r_first : R.r_last;
    var lap = lapseDays(sides[1]), mark = D.lapse.mark[sides[1]];
    var w = sides[0] === "first" ? R.w_first : R.w_last;  // end of a merger's lineage window
    var minRank = rank(state.minConfidence), on = {};
    Object.keys(D.types).forEach(function (k) { on[k] = state.types.has(k); });
    degree.fill(0);
    for (j = 0; j < nR; j++) {
      var ok = s[j] <= t && t < en[j] && (lap === null || t < lap[j]) &&
        R.conf[j] >= minRank &&
        (state.undated || R.s_known[j]) && on[R.type[j]] === true &&
        alive[R.src[j]] === 1 && alive[R.tgt[j]] === 1;
      // a merger stays shown for its lineage window, its absorbed group with it
      // (the measures do not count it; the drawn degree is of the shown relations)
      var win = !ok && s[j] <= t && t < w[j] && R.conf[j] >= minRank && on[R.type[j]] === true;
      active[j] = ok || win ? 1 : 0;
      stale[j] = ok && t >= mark[j] ? 1 : 0;
      if (ok || win) { degree[R.src[j]]++; degree[R.tgt[j]]++; }
      if (win) { shownG[R.src[j]] = 1; shownG[R.tgt[j]] = 1; }
    }
  }

  // -- graph ------------------------------------------------------------------
  function rgba(hex, alpha) {
    var n = parseInt(hex.slice(1), 16);
    return "rgba(" + (n >> 16) + "," + ((n >> 8) & 255) + "," + (n & 255) + "," + alpha + ")";
  }
  function nodeColor(i) {
    var c = D.colors, k = c.node[i];
    return c.colors.length ? c.colors[k] : c["default"];
  }
  var measureMax = G.measure.reduce(function (a, b) { return Math.max(a, b); }, 0) || 1;
  function nodeSize(i) {
    var by = D.options.size_by;
    if (by === "none") return 12;
    if (by === "degree") return Math.min(42, 7 + 5 * Math.sqrt(degree[i]));
    if (by === "total_degree") return Math.min(42, 7 + 5 * Math.sqrt(G.total_degree[i]));
    return 7 + 28 * Math.sqrt(G.measure[i] / measureMax);
  }
  function edgeSmooth(j) {
    var k = R.curve[j];
    if (!k) return false;
    var cw = k % 2 === 1;
    if (G.id[R.src[j]] > G.id[R.tgt[j]]) cw = !cw;
    return { enabled: true, type: cw ? "curvedCW" : "curvedCCW", roundness: 0.2 * Math.ceil(k / 2) };
  }

  var nodes = new vis.DataSet(), edges = new vis.DataSet();
  var nodeItems = [], edgeItems = [], i, j;
  for (i = 0; i < nG; i++) {
    var col = nodeColor(i);
    nodeItems.push({
      id: G.id[i], i: i, x: G.x[i], y: G.y[i], size: nodeSize(i),
      color: { background: col, border: "#3d4654",
               highlight: { background: col, border: "#000000" },
               hover: { background: col, border: "#000000" } }
    });
  }
  // A tie shown although unattested for more than five years: faded and dotted.
  // On big networks ties are drawn solid (colour gives the type): dashed lines
  // cost vis-network about as much again as the rest of a slider step.
  function edgeLook(j, isStale) {
    var ty = D.types[R.type[j]], conf = R.confidence[j];
    var alpha = isStale ? Math.min(D.opacity[conf], 0.3) : D.opacity[conf];
    return {
      alpha: alpha,
      color: { color: rgba(ty.color, alpha), highlight: ty.color, hover: ty.color,
               inherit: false },
      dashes: BIG ? false : isStale ? [1, 5] : ty.dash.length ? ty.dash.map(function (x) { return x * 2; }) : false
    };
  }
  var drawnStale = new Uint8Array(nR);
  for (j = 0; j < nR; j++) {
    var look = edgeLook(j, false), ty = D.types[R.type[j]];
    edgeItems.push({
      id: R.id[j], j: j, from: G.id[R.src[j]], to: G.id[R.tgt[j]],
      color: look.color, dashes: look.dashes,
      arrows: { to: { enabled: ty.arrow, scaleFactor: 0.6 } },
      width: 2.2 * D.width[R.confidence[j]],
      smooth: edgeSmooth(j)
    });
  }
  nodes.add(nodeItems);
  edges.add(edgeItems);
  var nodesView = new vis.DataView(nodes, { filter: function (n) { return shownG[n.i] === 1; } });
  var edgesView = new vis.DataView(edges, { filter: function (e) { return active[e.j] === 1; } });
  var readyAt = null;
  var network = new vis.Network($("mn-graph"), { nodes: nodesView, edges: edgesView }, {
    autoResize: true,
    physics: false,
    layout: { improvedLayout: false, randomSeed: 0 },
    // On big networks every hover highlight costs a full redraw: details on click only.
    interaction: { hover: !BIG, hideEdgesOnDrag: BIG, hideEdgesOnZoom: BIG,
                   navigationButtons: false, keyboard: false, multiselect: false,
                   tooltipDelay: 200 },
    nodes: { shape: "dot", borderWidth: 1,
             font: { size: 13, face: "system-ui, sans-serif", color: "#1d2430",
                     strokeWidth: 3, strokeColor: "#ffffff" } },
    edges: { smooth: false, selectionWidth: 2, hoverWidth: 1 }
  });
  // Ready after the first drawing; if the canvas's box changed between the first
  // framing and that drawing (the header settling), frame again first.
  var fitBox = null;
  function markReady() {
    readyAt = performance.now();
    document.documentElement.setAttribute("data-mn-ready", "1");
  }
  network.once("afterDrawing", function () {
    var b = $("mn-graph").getBoundingClientRect();
    if (fitBox && (Math.abs(b.width - fitBox[0]) > 1 || Math.abs(b.height - fitBox[1]) > 1)) {
      network.once("afterDrawing", markReady);
      fitAll();
    } else markReady();
  });

  // -- labels -----------------------------------------------------------------
  // vis-network draws no labels here. After each drawing the page draws them
  // itself, LABEL_PX pixels high whatever the zoom (G.label: the name, shortened
  // by Python's short_label; the full name is in the details). Groups are taken
  // by priority (the pinned, then the hovered group, then by size on screen,
  // then by relations overall) and each label goes to the first of twelve places
  // around its group (below, above, right, left, the corners, then further out)
  // where it overlaps no label already placed and lies inside the canvas,
  // preferring places clear of other groups' markers; the first LABEL_MAX groups
  // on screen are tried. A label with no free place is not
  // drawn; the hint in the canvas corner counts them (zooming in makes room).
  // The boxes drawn are what window.militnet.labels() returns.
  var LABEL_PX = 13, LABEL_H = LABEL_PX + 5, LABEL_MAX = 400, CELL = 64;
  var LABEL_FONT = LABEL_PX + 'px system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", Arial, sans-serif';
  var labelWidth = new Float64Array(nG);
  (function () {
    var ctx = document.createElement("canvas").getContext("2d");
    ctx.font = LABEL_FONT;
    for (var k = 0; k < nG; k++) labelWidth[k] = Math.ceil(ctx.measureText(G.label[k]).width) + 4;
  }());
  var placed = { key: "", boxes: [], hidden: 0, total: 0 }, hovered = -1, drawVersion = 0;
  function overlaps(a, b) {
    return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
  }
  function area(a, b) {
    var w = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
    var h = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
    return w > 0 && h > 0 ? w * h : 0;
  }
  function Grid() { this.cells = new Map(); }
  Grid.prototype.each = function (b, fn) {
    for (var cx = Math.floor(b.x / CELL); cx <= Math.floor((b.x + b.w) / CELL); cx++) {
      for (var cy = Math.floor(b.y / CELL); cy <= Math.floor((b.y + b.h) / CELL); cy++) fn(cx + ":" + cy);
    }
  };
  Grid.prototype.add = function (b) {
    var cells = this.cells;
    this.each(b, function (key) { var c = cells.get(key); if (c) c.push(b); else cells.set(key, [b]); });
  };
  var stamp = 0;
  Grid.prototype.clash = function (b) {  // does b overlap a box of the grid?
    var x0 = Math.floor(b.x / CELL), x1 = Math.floor((b.x + b.w) / CELL);
    var y0 = Math.floor(b.y / CELL), y1 = Math.floor((b.y + b.h) / CELL);
    for (var cx = x0; cx <= x1; cx++) {
      for (var cy = y0; cy <= y1; cy++) {
        var c = this.cells.get(cx + ":" + cy);
        if (c) for (var q = 0; q < c.length; q++) if (overlaps(b, c[q])) return true;
      }
    }
    return false;
  };
  Grid.prototype.cover = function (b, skip) {  // area of b over the grid's boxes (each once)
    var x0 = Math.floor(b.x / CELL), x1 = Math.floor((b.x + b.w) / CELL);
    var y0 = Math.floor(b.y / CELL), y1 = Math.floor((b.y + b.h) / CELL), sum = 0;
    stamp++;
    for (var cx = x0; cx <= x1; cx++) {
      for (var cy = y0; cy <= y1; cy++) {
        var c = this.cells.get(cx + ":" + cy);
        if (!c) continue;
        for (var q = 0; q < c.length; q++) {
          var o = c[q];
          if (o.stamp === stamp || o.k === skip) continue;
          o.stamp = stamp;
          sum += area(b, o);
        }
      }
    }
    return sum;
  };
  function viewKey() {
    var v = network.body.view, c = network.canvas.frame.canvas;
    return [v.scale, v.translation.x, v.translation.y, c.clientWidth, c.clientHeight, drawVersion,
            hovered, state.pinned && state.pinned.kind === "node" ? state.pinned.index : -1].join(",");
  }
  function placeLabels(key) {
    var v = network.body.view, s = v.scale, tx = v.translation.x, ty = v.translation.y;
    var c = network.canvas.frame.canvas, W = c.clientWidth, H = c.clientHeight;
    var drawn = network.body.nodes, items = [], discs = new Grid(), labels = new Grid();
    var pinned = state.pinned && state.pinned.kind === "node" ? state.pinned.index : -1;
    var selected = new Set(network.getSelectedNodes());
    nodesView.getIds().forEach(function (id) {
      var n = drawn[id], k = gIndex.get(id);
      if (!n || k === undefined) return;
      var x = n.x * s + tx, y = n.y * s + ty, r = Math.max(n.options.size * s, 2);
      if (x < -r || x > W + r || y < -r || y > H + r) return;  // off screen
      var it = { k: k, x: x, y: y, r: r, rank: k === pinned ? 3 : k === hovered ? 2 : selected.has(id) ? 1 : 0 };
      items.push(it);
      var d = { x: x - r, y: y - r, w: 2 * r, h: 2 * r, k: k };
      discs.add(d);
    });
    items.sort(function (a, b) {
      return b.rank - a.rank || b.r - a.r || G.total_degree[b.k] - G.total_degree[a.k] || a.k - b.k;
    });
    var boxes = [], hidden = 0;
    items.forEach(function (it, q) {
      if (q >= LABEL_MAX && !it.rank) { hidden++; return; }
      var w = labelWidth[it.k], h = LABEL_H, x = it.x, y = it.y, r = it.r, g = 2, d = r * 0.72;
      var spots = [
        [x - w / 2, y + r + g], [x - w / 2, y - r - g - h], [x + r + 3, y - h / 2], [x - r - 3 - w, y - h / 2],
        [x + d, y + d], [x - d - w, y + d], [x + d, y - d - h], [x - d - w, y - d - h],
        [x - w / 2, y + r + g + h], [x - w / 2, y - r - g - 2 * h],
        [x + r + 3, y + h / 2], [x - r - 3 - w, y + h / 2]
      ];
      var best = null, bestCost = Infinity;
      for (var m = 0; m < spots.length; m++) {
        var b = { x: spots[m][0], y: spots[m][1], w: w, h: h };
        var outside = b.x < 0 || b.y < 0 || b.x + w > W || b.y + h > H;
        if ((outside && !it.rank) || labels.clash(b)) continue;  // cut off, or over a label
        var cost = m * 4 + (outside ? 100000 : 0) + discs.cover(b, it.k);
        if (cost < bestCost) { bestCost = cost; best = b; }
        if (cost === m * 4) break;
      }
      if (best === null) { hidden++; return; }
      best.k = it.k;
      labels.add(best);
      boxes.push(best);
    });
    placed = { key: key, boxes: boxes, hidden: hidden, total: items.length };
  }
  function currentLabels() {  // as the next drawing will place them
    var key = viewKey();
    if (key !== placed.key) placeLabels(key);
    return placed;
  }
  var labelHint = el("div", null, "mn-labels-hint");
  labelHint.id = "mn-labels-hint";
  labelHint.setAttribute("data-testid", "labels-hint");
  labelHint.hidden = true;
  $("mn-graph").appendChild(labelHint);
  network.on("afterDrawing", function (ctx) {
    currentLabels();
    var pr = network.canvas.pixelRatio || 1;
    ctx.save();
    ctx.setTransform(pr, 0, 0, pr, 0, 0);
    ctx.font = LABEL_FONT;
    ctx.textAlign = "left";
    ctx.textBaseline = "middle";
    ctx.lineJoin = "round";
    ctx.lineWidth = 3.5;
    ctx.strokeStyle = "rgba(255,255,255,0.95)";
    ctx.fillStyle = "#1d2430";
    placed.boxes.forEach(function (b) {
      ctx.strokeText(G.label[b.k], b.x + 2, b.y + b.h / 2);
      ctx.fillText(G.label[b.k], b.x + 2, b.y + b.h / 2);
    });
    ctx.restore();
    var text = placed.hidden ? placed.hidden + " of " + placed.total + " labels hidden where they " +
      "would overlap: zoom in, or hover over a group" : "";
    if (labelHint.textContent !== text) labelHint.textContent = text;
    labelHint.hidden = !text;
  });

  // vis-network recomputes its whole state (edge connections, physics and
  // cluster indices, value ranges) on every "_dataChanged" event, and one
  // step of the slider fires up to six (nodes and edges added and removed,
  // ties restyled): they are held back while a step is applied and fired
  // once at its end. The handlers read the network as it then is. With physics
  // off, vis-network answers that event with a drawing at once and asks for
  // another at the next frame: the one at once is turned into the request, so
  // a step draws once.
  var emitter = network.body.emitter, emit = emitter.emit, holding = false, held = false;
  var deferring = false;
  emitter.emit = function (name) {
    if (holding && name === "_dataChanged") { held = true; return this; }
    if (deferring && name === "_redraw") return emit.call(this, "_requestRedraw");
    return emit.apply(this, arguments);
  };
  function refresh() {
    holding = true;
    try { applyStep(); } finally {
      holding = false;
      if (held) {
        held = false;
        deferring = true;
        try { emit.call(emitter, "_dataChanged"); } finally { deferring = false; }
      } else network.redraw();
    }
    showCounts();
  }

  // Sizes by degree on the day are set on the drawn groups themselves: the
  // data set's size only seeds a group when it appears (set here right after),
  // so a step does not send hundreds of updates through vis-network's options.
  function applySizes() {
    if (D.options.size_by !== "degree") return;
    var drawn = network.body.nodes;
    for (var k = 0; k < nG; k++) {
      if (shownG[k] && drawn[G.id[k]]) drawn[G.id[k]].options.size = nodeSize(k);
    }
  }

  function applyStep() {
    compute();
    drawVersion++;
    // groups first: a tie restyled below may enter the view at once, and
    // vis-network draws a new tie only if both its groups are already there
    nodesView.refresh();
    var restyle = [];
    for (var q = 0; q < nR; q++) {
      if (stale[q] !== drawnStale[q] && (active[q] || drawnStale[q])) {
        var lk = edgeLook(q, stale[q] === 1);
        drawnStale[q] = stale[q];
        restyle.push({ id: R.id[q], color: lk.color, dashes: lk.dashes });
      }
    }
    if (restyle.length) edges.update(restyle);
    edgesView.refresh();
    applySizes();
    fadeMerged();
  }
  // A group shown only as a side of a merger in its lineage window (not alive on
  // the day) is drawn faded, as in the figures (set on the drawn group, as sizes).
  function fadeMerged() {
    var drawn = network.body.nodes;
    for (var k = 0; k < nG; k++) {
      var d = shownG[k] && drawn[G.id[k]];
      if (d) d.options.opacity = alive[k] ? 1 : 0.4;
    }
  }

  function showCounts() {
    var c = counts();
    $("mn-date").textContent = iso(state.t);
    $("mn-count").textContent = c.groups + " groups \u00b7 " + c.relations + " relations shown \u00b7 " +
      c.ties + " ties (" + D.tie_types.join(" or ") + " pairs)" +
      (c.stale ? " \u00b7 " + c.stale + " relations unattested for over " + D.lapse.mark_label : "");
    writeHash();
    showPinned();
    showEvents();
  }

  // -- events: slider marks for the selected group or tie, and the step's events --
  var marksBox = $("mn-marks"), eventsOn = $("mn-events-on"), eventsBox = $("mn-events");
  if (!nE) $("mn-events-toggle").hidden = true;
  function pinnedEvents() {
    var p = state.pinned;
    if (!p) return [];
    return p.kind === "node" ? E.group[p.index] : E.rel[p.index];
  }
  function stepOf(o) {  // the slider step whose period holds day o, or -1
    var st = state.steps;
    if (!o || !st.length || o < st[0]) return -1;
    var a = 0, b = st.length - 1;
    while (a < b) { var m = (a + b + 1) >> 1; if (st[m] <= o) a = m; else b = m - 1; }
    return a;
  }
  function eventMarks() {
    var marks = new Map();
    pinnedEvents().forEach(function (k) {
      var q = stepOf(E.first[k]);
      if (q >= 0) marks.set(q, (marks.get(q) || 0) + 1);
    });
    return marks;
  }
  function periodEvents() {  // events meeting [t, next step)
    var t = state.t, next = state.idx + 1 < state.steps.length ? state.steps[state.idx + 1] : t + 1;
    var out = [];
    for (var k = 0; k < nE; k++) if (E.first[k] && E.first[k] < next && E.last[k] >= t) out.push(k);
    return out;
  }
  function showEvents() {
    clear(marksBox);
    var marks = eventMarks(), n = state.steps.length;
    marks.forEach(function (count, q) {
      var m = el("span", null, "mn-mark");
      m.style.left = "calc(8px + (100% - 16px) * " + (n > 1 ? q / (n - 1) : 0) + ")";
      m.title = iso(state.steps[q]) + ": " + count + (count === 1 ? " event" : " events");
      m.setAttribute("data-step", iso(state.steps[q]));
      m.setAttribute("data-testid", "event-mark");
      marksBox.appendChild(m);
    });
    eventsBox.hidden = !eventsOn.checked;
    clear(eventsBox);
    if (!eventsOn.checked) return;
    var list = periodEvents(), next = state.idx + 1 < state.steps.length ? state.steps[state.idx + 1] : null;
    eventsBox.appendChild(el("h2", "Events " + (next && next - state.t > 1 ?
      iso(state.t) + " to " + iso(next - 1) : "on " + iso(state.t)) + " (" + list.length + ")"));
    if (!list.length) eventsBox.appendChild(el("div", "No event in this period.", "mn-muted"));
    else eventsBox.appendChild(eventsBlock(list));
  }
  eventsOn.addEventListener("change", showEvents);

  // Relations are the rows shown; ties are the pairs of groups joined by at least
  // one shown relation of the tie types (what militnet's metrics count by default).
  function counts() {
    var out = { groups: 0, relations: 0, ties: 0, stale: 0 }, pairs = new Set(), tie = {};
    D.tie_types.forEach(function (k) { tie[k] = true; });
    for (var a = 0; a < nG; a++) out.groups += alive[a];
    for (var b = 0; b < nR; b++) {
      if (!active[b]) continue;
      out.relations++;
      out.stale += stale[b];
      if (tie[R.type[b]]) {
        var x = R.src[b], y = R.tgt[b];
        pairs.add(x < y ? x + ":" + y : y + ":" + x);
      }
    }
    out.ties = pairs.size;
    return out;
  }

  // Frame every group, alive or not, so the view does not jump as time moves: the
  // largest scale (at most 1.5) at which every group, with its label below it
  // (LABEL_PX on screen), lies inside the canvas, centred.
  function fitAll() {
    if (!nG) return;
    // vis-network rescales the view when its canvas changes size: let it take the
    // container's size first (a drawing does), then frame
    network.canvas.setSize();
    var box = $("mn-graph").getBoundingClientRect(), pad = 8;
    fitBox = [box.width, box.height];
    var W = Math.max((box.width || 600) - 2 * pad, 50), H = Math.max((box.height || 400) - 2 * pad, 50);
    function extents(sc) {
      var x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
      for (var k = 0; k < nG; k++) {
        var r = Math.max(nodeSize(k) * sc, 2), hw = Math.max(labelWidth[k] / 2, r);
        x0 = Math.min(x0, G.x[k] * sc - hw); x1 = Math.max(x1, G.x[k] * sc + hw);
        y0 = Math.min(y0, G.y[k] * sc - r); y1 = Math.max(y1, G.y[k] * sc + r + LABEL_H + 2);
      }
      return [x0, x1, y0, y1];
    }
    var lo = 0.01, hi = 1.5, e = extents(hi);
    if (e[1] - e[0] <= W && e[3] - e[2] <= H) lo = hi;
    for (var it = 0; it < 40 && lo < hi; it++) {
      var mid = (lo + hi) / 2;
      e = extents(mid);
      if (e[1] - e[0] <= W && e[3] - e[2] <= H) lo = mid; else hi = mid;
    }
    e = extents(lo);
    network.moveTo({ position: { x: (e[0] + e[1]) / 2 / lo, y: (e[2] + e[3]) / 2 / lo },
                     scale: lo, animation: false });
  }

  // -- time control -----------------------------------------------------------
  var slider = $("mn-slider");
  // The slider opens on the years where the data is dense (D.dense: the central 90%
  // of dated relation starts and ends); "whole span" gives it the full range.
  var spanBox = $("mn-span");
  function span() { return spanBox.checked ? D.range : D.dense; }
  function setSteps(kind, keep) {
    state.step = kind;
    if (keep !== null && keep !== undefined && !spanBox.checked &&
        (keep < D.dense[0] || keep > D.dense[1])) spanBox.checked = true;
    var r = span();
    state.steps = makeSteps(kind, r[0], r[1], [D.options.at, keep]);
    slider.max = String(state.steps.length - 1);
  }
  $("mn-span-range").textContent = "(" + iso(D.range[0]).slice(0, 4) + "\u2013" +
    iso(D.range[1]).slice(0, 4) + ")";
  $("mn-span-box").title = "The slider covers " + iso(D.dense[0]).slice(0, 4) + "\u2013" +
    iso(D.dense[1]).slice(0, 4) + ", where 90% of the dated relations start or end; " +
    "tick to cover the whole span of the data.";
  spanBox.addEventListener("change", function () {
    var t = state.t;
    if (!spanBox.checked) t = Math.min(Math.max(t, D.dense[0]), D.dense[1]);
    setSteps(state.step, null);
    var k = 0;
    while (k + 1 < state.steps.length && state.steps[k + 1] <= t) k++;
    setIndex(k);
  });
  function setIndex(k) {
    k = Math.max(0, Math.min(state.steps.length - 1, k));
    state.idx = k;
    state.t = state.steps[k];
    slider.value = String(k);
    refresh();
  }
  function setDate(o) {
    var k = state.steps.indexOf(o);
    if (k < 0) { setSteps(state.step, o); k = state.steps.indexOf(o); }
    setIndex(k);
  }
  function stop() {
    if (state.timer !== null) { clearInterval(state.timer); state.timer = null; }
    $("mn-play").textContent = "Play";
  }
  slider.addEventListener("input", function () { setIndex(parseInt(slider.value, 10)); });
  $("mn-prev").addEventListener("click", function () { stop(); setIndex(state.idx - 1); });
  $("mn-next").addEventListener("click", function () { stop(); setIndex(state.idx + 1); });
  $("mn-play").addEventListener("click", function () {
    if (state.timer !== null) { stop(); return; }
    if (state.idx >= state.steps.length - 1) setIndex(0);
    $("mn-play").textContent = "Pause";
    state.timer = setInterval(function () {
      if (state.idx >= state.steps.length - 1) { stop(); return; }
      setIndex(state.idx + 1);
    }, 700);
  });
  $("mn-step").addEventListener("change", function () {
    var t = state.t;
    setSteps($("mn-step").value, null);
    var k = 0;
    while (k + 1 < state.steps.length && state.steps[k + 1] <= t) k++;
    setIndex(k);
  });

  // -- DOM helpers (text only) ------------------------------------------------
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }
  function safeHref(u) {
    if (typeof u !== "string") return null;
    var s = u.trim();
    if (!/^https?:\/\/[^\s]/i.test(s) || /[\u0000-\u0020\u007f]/.test(s)) return null;
    var url;
    try { url = new URL(s); } catch (err) { return null; }
    return (url.protocol === "http:" || url.protocol === "https:") ? url.href : null;
  }
  function button(text, onClick, testid, attr, value) {
    var b = el("button", text, "mn-link");
    b.type = "button";
    b.addEventListener("click", onClick);
    if (testid) b.setAttribute("data-testid", testid);  // stable hooks for scripts (docs/html.md)
    if (attr) b.setAttribute(attr, value);
    return b;
  }
  function list(rows) {
    var dl = el("dl");
    rows.forEach(function (r) {
      if (r[1] === null || r[1] === undefined || r[1] === "") return;
      dl.appendChild(el("dt", r[0]));
      var dd = el("dd");
      if (r[1] instanceof Node) dd.appendChild(r[1]); else dd.textContent = String(r[1]);
      dl.appendChild(dd);
    });
    return dl;
  }
  function sourcesBlock(ids) {
    if (!ids.length) return el("div", "No source listed.", "mn-muted");
    var ul = el("ul");
    ids.forEach(function (sid) {
      var li = el("li"), k = sIndex.get(sid);
      if (k === undefined) { li.textContent = sid + " (not in the sources table)"; ul.appendChild(li); return; }
      var label = S.title[k] || S.document[k] || S.url[k] || sid;
      var href = safeHref(S.url[k]);
      if (href) {
        var a = el("a", label);
        a.setAttribute("href", href);
        a.setAttribute("target", "_blank");
        a.setAttribute("rel", "noopener noreferrer");
        li.appendChild(a);
      } else {
        li.appendChild(el("span", label));
      }
      var bits = [S.publisher[k], S.date[k]].filter(function (x) { return x; });
      if (S.document[k] && S.document[k] !== label) bits.push(S.document[k]);
      if (bits.length) li.appendChild(el("span", " \u2014 " + bits.join(", "), "mn-muted"));
      if (S.notes[k]) li.appendChild(el("div", S.notes[k], "mn-muted"));
      ul.appendChild(li);
    });
    return ul;
  }
  // One event as a list item: "date \u00b7 kind \u00b7 place", the summary, who took
  // part in which role, and the event's own sources (all as text).
  function eventItem(k) {
    var li = el("li", null, "mn-event");
    var head = [E.when[k] || "undated", E.kind[k]];
    if (E.place[k]) head.push(E.place[k]);
    li.appendChild(el("div", head.join(" \u00b7 "), "mn-event-head"));
    if (E.summary[k]) li.appendChild(el("div", E.summary[k]));
    var who = E.actors[k].map(function (a) {
      var name = a[0] >= 0 ? G.name[a[0]] : "?";
      return name + " (" + a[1] + (a[2] && a[2] !== "reported" ? ", " + a[2] : "") + ")";
    });
    if (E.fatalities[k] >= 0) who.push(E.fatalities[k] + " killed");
    if (who.length) li.appendChild(el("div", who.join("; "), "mn-muted"));
    li.appendChild(sourcesBlock(E.sources[k]));
    li.setAttribute("data-event", E.id[k]);
    return li;
  }
  function eventsBlock(list) {
    var ul = el("ul", null, "mn-events");
    list.forEach(function (k) { ul.appendChild(eventItem(k)); });
    return ul;
  }
  function extraRows(pairs) { return pairs.map(function (p) { return [p[0], p[1]]; }); }
  function typeArrow(j) { return D.types[R.type[j]].directed ? " \u2192 " : " \u2013 "; }

  // -- details ----------------------------------------------------------------
  var body = $("mn-details-body");
  function showGroup(i) {
    clear(body);
    body.className = "";
    body.appendChild(el("h3", G.name[i]));
    body.appendChild(list([
      ["id", G.id[i]],
      ["aliases", G.aliases[i].join("; ")],
      ["founded", dateText(G.founded[i], "unknown")],
      ["ended", dateText(G.ended[i], "")],
      ["orientation", G.orientation[i]],
      ["country", G.country[i].join("; ")],
      ["notes", G.notes[i]]
    ].concat(extraRows(G.extra[i]))));
    if (!alive[i]) body.appendChild(el("div", "Not in the network on " + iso(state.t) +
      (shownG[i] ? ": shown as a side of a merger in its twelve-month lineage window." : "."), "mn-note"));
    var ties = [];
    for (var j = 0; j < nR; j++) if (active[j] && (R.src[j] === i || R.tgt[j] === i)) ties.push(j);
    var nAlleged = ties.filter(function (j) { return R.confidence[j] === "alleged"; }).length;
    body.appendChild(el("h4", "Ties on " + iso(state.t) + " (" + ties.length +
      (nAlleged ? ", " + nAlleged + " of them alleged" : "") + ")"));
    if (nAlleged) body.appendChild(el("div", nAlleged + " of this group's " + ties.length +
      " ties rest on allegations only (confidence 'alleged'); its size and ranking would " +
      "change without them.", "mn-note mn-alleged-note"));
    else if (state.minConfidence !== "alleged") body.appendChild(el("div",
      "Alleged ties are hidden by the confidence filter (reported or firmer): choose " +
      "'all levels' to see them.", "mn-note mn-alleged-note"));
    if (ties.length) {
      var ul = el("ul");
      ties.forEach(function (j) {
        var li = el("li");
        li.appendChild(button(R.type[j] + ": " + G.name[R.src[j]] + typeArrow(j) +
                              G.name[R.tgt[j]] + " (" + R.confidence[j] + ")",
                              function () { pin("edge", R.id[j]); }, "tie", "data-relation", R.id[j]));
        ul.appendChild(li);
      });
      body.appendChild(ul);
    }
    var kin = [];
    for (var k = 0; k < G.id.length; k++) if (k !== i && G.family[k] === G.family[i]) kin.push(k);
    if (kin.length) {
      body.appendChild(el("h4", "Family through splits and mergers (" + (kin.length + 1) + ")"));
      body.appendChild(button("Highlight the family on the map", function () { highlightFamily(i); },
                              "highlight-family"));
      var fl = el("ul");
      kin.forEach(function (k) {
        var li = el("li");
        li.appendChild(button(G.name[k] + (alive[k] ? "" : " (not alive on this day)"),
                              function () { pin("node", G.id[k]); }, "family-member", "data-group", G.id[k]));
        fl.appendChild(li);
      });
      body.appendChild(fl);
    }
    if (E.group[i].length) {  // folded when long: the sources stay in view
      var evBox = el("details", null, "mn-group-events");
      evBox.appendChild(el("summary", "Events (" + E.group[i].length + ")"));
      evBox.appendChild(eventsBlock(E.group[i]));
      evBox.open = E.group[i].length <= 5;
      body.appendChild(evBox);
    }
    body.appendChild(el("h4", "Sources"));
    body.appendChild(sourcesBlock(G.sources[i]));
  }
  function familyOf(i) {
    var out = [];
    for (var k = 0; k < G.id.length; k++) if (G.family[k] === G.family[i] && shownG[k]) out.push(G.id[k]);
    return out;
  }
  function highlightFamily(i) {
    /* select the group's alive family: vis-network highlights them and their edges */
    network.selectNodes(familyOf(i), true);
  }
  function showEdge(j) {
    clear(body);
    body.className = "";
    var ty = D.types[R.type[j]], a = R.src[j], b = R.tgt[j];
    var head = el("h3");
    head.appendChild(el("span", ty.label + ": "));
    head.appendChild(button(G.name[a], function () { pin("node", G.id[a]); }, "tie-source", "data-group", G.id[a]));
    head.appendChild(el("span", typeArrow(j)));
    head.appendChild(button(G.name[b], function () { pin("node", G.id[b]); }, "tie-target", "data-group", G.id[b]));
    body.appendChild(head);
    body.appendChild(el("div", ty.meaning, "mn-muted"));
    var ev = R.evidence[j] ? el("span", R.evidence[j], "mn-evidence") : "";
    body.appendChild(list([
      ["id", R.id[j]],
      ["start", dateText(R.start[j], "undocumented")],
      ["end", dateText(R.end[j], "none (open-ended)")],
      ["last attested", E.attested[j] >= 0
        ? E.when[E.attested[j]] + " (event " + E.id[E.attested[j]] + ")"
        : dateText(R.last_attested[j], R.end[j] ? "" : "never (lapses from its start)")],
      ["lapses", lapseText(j)],
      ["confidence", R.confidence[j]],
      ["evidence", ev],
      ["notes", R.notes[j]]
    ].concat(extraRows(R.extra[j]))));
    if (!active[j]) body.appendChild(el("div", "Not shown on " + iso(state.t) + ".", "mn-note"));
    else if (stale[j]) body.appendChild(el("div", "Unattested for more than " + D.lapse.mark_label +
      " on " + iso(state.t) + ": drawn faded and dotted.", "mn-note"));
    if (E.rel[j].length) {
      body.appendChild(el("h4", "Events behind this tie (" + E.rel[j].length + ")"));
      body.appendChild(eventsBlock(E.rel[j]));
    }
    body.appendChild(el("h4", "Sources"));
    body.appendChild(sourcesBlock(R.sources[j]));
  }
  function lapseText(j) {
    if (R.end[j]) return "";
    var lap = lapseDays(D.policies[state.policy][1]);
    if (lap === null) return "never (ties do not lapse in this view)";
    if (lap[j] >= D.pos) return "never (no date to lapse from)";
    return "on " + iso(lap[j]) + " (after " + state.stale + " without attestation)";
  }
  function showPinned() {
    var p = state.pinned;
    if (!p) {
      clear(body);
      body.className = "mn-muted";
      body.textContent = BIG ? "Click a group or a tie." : "Hover over or click a group or a tie.";
    } else if (p.kind === "node") showGroup(p.index); else showEdge(p.index);
  }
  function pin(kind, id) {
    var k = kind === "node" ? gIndex.get(id) : kind === "edge" ? rIndex.get(id) : undefined;
    if (k === undefined) {
      state.pinned = null; network.unselectAll(); showPinned(); showEvents(); return false;
    }
    state.pinned = { kind: kind, index: k };
    if (kind === "node" && shownG[k]) network.selectNodes([id]);
    else if (kind === "edge" && active[k]) network.selectEdges([id]);
    else network.unselectAll();
    showPinned();
    showEvents();
    return true;
  }
  network.on("hoverNode", function (p) {
    var k = gIndex.get(p.node);
    if (k !== undefined) { showGroup(k); hovered = k; network.redraw(); }
  });
  network.on("hoverEdge", function (p) { var k = rIndex.get(p.edge); if (k !== undefined) showEdge(k); });
  network.on("blurNode", function () { hovered = -1; showPinned(); network.redraw(); });
  network.on("blurEdge", showPinned);
  // a click on a drawn label counts as a click on its group
  function labelAt(dom) {
    for (var q = placed.boxes.length - 1; q >= 0; q--) {
      var b = placed.boxes[q];
      if (dom.x >= b.x && dom.x <= b.x + b.w && dom.y >= b.y && dom.y <= b.y + b.h) return G.id[b.k];
    }
    return null;
  }
  network.on("click", function (p) {
    var onLabel = p.nodes.length ? null : labelAt(p.pointer.DOM);
    if (p.nodes.length) pin("node", p.nodes[0]);
    else if (onLabel !== null) pin("node", onLabel);
    else if (p.edges.length) pin("edge", p.edges[0]);
    else pin(null, null);
  });

  // -- search -----------------------------------------------------------------
  // The character table comes from Python (militnet._names.search_table): the same
  // folding as Network.resolve. Characters outside it: letters kept, marks dropped,
  // anything else separates words.
  function normalize(name) {
    var s = Array.from(String(name), function (c) {
      var k = G.fold.chars[c];
      return k !== undefined ? k : /[\p{L}\p{N}]/u.test(c) ? c : /[\p{M}\p{Cf}]/u.test(c) ? "" : " ";
    }).join("").replace(/ {2,}/g, " ").trim();
    return s.indexOf("the ") === 0 ? s.slice(4) : s;
  }
  function skeleton(name) {
    return Array.from(normalize(name), function (c) { return G.fold.vowels[c] || c; })
      .join("").replace(/(.)\1+/gu, "$1");
  }
  var folds = [normalize, skeleton, function (s) {
    return skeleton(s).replace(/ /g, "").replace(/(.)\1+/gu, "$1");
  }];
  var stageIndex = folds.map(function (_, k) {
    var m = new Map();
    for (var g = 0; g < nG; g++) {
      G.keys[g][k].forEach(function (key) {
        if (!m.has(key)) m.set(key, []);
        m.get(key).push(g);
      });
    }
    return m;
  });
  function search(q) {
    if (gIndex.has(q)) return { exact: true, hits: [gIndex.get(q)] };
    for (var k = 0; k < folds.length; k++) {
      var key = folds[k](q), hits = key ? stageIndex[k].get(key) : undefined;
      if (hits && hits.length) return { exact: true, hits: hits.slice().sort(function (a, b) { return a - b; }) };
    }
    var part = normalize(q), out = [];
    if (part.length >= 2) {
      for (var g = 0; g < nG && out.length < 12; g++) {
        if (G.keys[g][0].some(function (x) { return x.indexOf(part) >= 0; })) out.push(g);
      }
    }
    return { exact: false, hits: out };
  }
  // Frame the found group with its neighbours on the date, the whole box inside the
  // canvas (labels included), never closer than 1.2.
  function frameGroup(g) {
    var ids = [G.id[g]];
    for (var q = 0; q < nR; q++) {
      if (!active[q]) continue;
      if (R.src[q] === g && shownG[R.tgt[q]]) ids.push(G.id[R.tgt[q]]);
      if (R.tgt[q] === g && shownG[R.src[q]]) ids.push(G.id[R.src[q]]);
    }
    var x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
    var pos = network.getPositions(ids);
    ids.forEach(function (id) {
      var p = pos[id];
      if (!p) return;
      x0 = Math.min(x0, p.x); x1 = Math.max(x1, p.x);
      y0 = Math.min(y0, p.y); y1 = Math.max(y1, p.y);
    });
    var box = $("mn-graph").getBoundingClientRect();
    // room around every framed node for its marker and its label (below it, up to
    // about 400 canvas units wide)
    var w = x1 - x0 + 400, h = y1 - y0 + 200;
    var scale = Math.min((box.width || 600) / w, (box.height || 400) / h, 1.2);
    network.moveTo({ position: { x: (x0 + x1) / 2, y: (y0 + y1) / 2 + 15 },
                     scale: Math.max(scale, 0.02), animation: false });
  }
  function focusGroup(g) {
    pin("node", G.id[g]);
    if (shownG[g]) frameGroup(g);
  }
  var searchBox = $("mn-search"), found = $("mn-search-result");
  function showSearch(pick) {
    clear(found);
    var q = searchBox.value.trim();
    if (!q) return;
    var r = search(q);
    if (!r.hits.length) { found.appendChild(el("div", "No group called that.", "mn-muted")); return; }
    if (r.exact && r.hits.length > 1) {
      found.appendChild(el("div", "Ambiguous: " + r.hits.length + " groups are called that.", "mn-note"));
    } else if (!r.exact) {
      found.appendChild(el("div", "Names containing \u201c" + q + "\u201d:", "mn-muted"));
    }
    r.hits.forEach(function (g) {
      var row = el("div");
      row.appendChild(button(G.name[g] + " (" + G.id[g] + ")", function () { focusGroup(g); },
                             "search-hit", "data-group", G.id[g]));
      found.appendChild(row);
    });
    if (pick && r.hits.length === 1) focusGroup(r.hits[0]);
  }
  searchBox.addEventListener("input", function () { showSearch(false); });
  searchBox.addEventListener("keydown", function (ev) { if (ev.key === "Enter") showSearch(true); });

  // -- filters and legend -----------------------------------------------------
  var SVG = "http://www.w3.org/2000/svg";
  function svgEl(tag, attrs) {
    var e = document.createElementNS(SVG, tag);
    Object.keys(attrs).forEach(function (k) { e.setAttribute(k, String(attrs[k])); });
    return e;
  }
  function lineSwatch(color, dash, arrow, width, opacity) {
    var s = svgEl("svg", { width: 44, height: 12, viewBox: "0 0 44 12" });
    var ln = svgEl("line", { x1: 2, y1: 6, x2: arrow ? 34 : 42, y2: 6, stroke: color,
                             "stroke-width": width, "stroke-opacity": opacity });
    if (dash.length) ln.setAttribute("stroke-dasharray", dash.join(" "));
    s.appendChild(ln);
    if (arrow) s.appendChild(svgEl("polygon", { points: "34,1 43,6 34,11", fill: color }));
    return s;
  }
  var typesBox = $("mn-legend-edges");
  D.type_order.forEach(function (name) {
    var ty = D.types[name];
    var row = el("label", null, "mn-legend-row");
    var cb = el("input");
    cb.type = "checkbox";
    cb.checked = state.types.has(name);
    cb.setAttribute("data-type", name);
    cb.setAttribute("data-testid", "type-" + name);
    cb.addEventListener("change", function () {
      if (cb.checked) state.types.add(name); else state.types.delete(name);
      refresh();
    });
    row.appendChild(cb);
    row.appendChild(lineSwatch(ty.color, ty.dash, ty.arrow, 2.5, 1));
    row.appendChild(el("span", ty.label));
    row.title = ty.meaning;
    typesBox.appendChild(row);
  });
  var widthBox = $("mn-legend-width");
  D.confidence_levels.forEach(function (c) {
    var row = el("div", null, "mn-legend-row");
    row.appendChild(lineSwatch("#3d4654", [], false, 2.2 * D.width[c], D.opacity[c]));
    row.appendChild(el("span", c));
    widthBox.appendChild(row);
  });
  if (D.colors.by) {
    $("mn-legend-nodes-title").textContent = "Node colour: " + D.colors.by;
    var nodesBox = $("mn-legend-nodes"), shown = Math.min(D.colors.labels.length, 14);
    for (var c = 0; c < shown; c++) {
      var row = el("div", null, "mn-legend-row"), sw = el("span", null, "mn-swatch");
      sw.style.background = D.colors.colors[c];
      row.appendChild(sw);
      row.appendChild(el("span", (D.colors.labels[c] || "(none)") + " (" + D.colors.counts[c] + ")"));
      nodesBox.appendChild(row);
    }
    if (D.colors.labels.length > shown) {
      nodesBox.appendChild(el("div", "\u2026 and " + (D.colors.labels.length - shown) + " more", "mn-muted"));
    }
  }
  $("mn-legend-size").textContent = "Node size: " + ({
    degree: "number of ties shown on the date.",
    total_degree: "number of relations over the whole dataset.",
    none: "fixed."
  }[D.options.size_by] || D.options.size_label + ".");

  var confSel = $("mn-confidence"), policySel = $("mn-policy"), undatedBox = $("mn-undated");
  var staleSel = $("mn-stale");
  D.lapse.choices.forEach(function (ch) {
    var o = el("option", ch === "never" ? "never" : "after " + ch + " without attestation");
    o.value = ch;
    staleSel.appendChild(o);
  });
  staleSel.value = state.stale;
  staleSel.addEventListener("change", function () { state.stale = staleSel.value; refresh(); });
  confSel.value = state.minConfidence;
  policySel.value = state.policy;
  undatedBox.checked = state.undated;
  $("mn-step").value = state.step;
  confSel.addEventListener("change", function () { state.minConfidence = confSel.value; refresh(); });
  policySel.addEventListener("change", function () { state.policy = policySel.value; refresh(); });
  undatedBox.addEventListener("change", function () { state.undated = undatedBox.checked; refresh(); });

  // -- export of the current view -------------------------------------------------
  function xmlEscape(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" }[c];
    });
  }
  function fileStem() {
    return (D.meta.name || "network").replace(/[^A-Za-z0-9_-]+/g, "_") + "-" + iso(state.t);
  }
  // What the view shows besides the day: the relation types, confidence, date
  // policy, lapse and undated options in force (and the page's filter, if any).
  function filterParts() {
    var ty = D.type_order.filter(function (k) { return state.types.has(k); });
    var conf = { alleged: "all levels", reported: "alleged hidden",
                 confirmed: "confirmed only" }[state.minConfidence] || state.minConfidence;
    return [
      "relation types: " + (ty.length === D.type_order.length ? "all" : ty.length ? ty.join(", ") : "none"),
      "confidence: " + conf,
      "partial dates: " + state.policy,
      "ties lapse: " + (state.stale === "never" ? "never" : "after " + state.stale + " unattested"),
      "undocumented starts: " + (state.undated ? "included" : "excluded")
    ];
  }
  function countsText() {
    var c = counts();
    return c.groups + " groups \u00b7 " + c.relations + " relations \u00b7 " + c.ties + " ties (" +
      D.tie_types.join(" or ") + " pairs)";
  }
  // PNG: a figure that stands alone on a slide: the title, the day with the counts,
  // the options in force and the page's filter above the canvas as drawn (labels
  // included), the legend on its right, the dataset and its hash below.
  var pngText = [];
  function wrapText(ctx, text, width) {
    var words = String(text).split(" "), lines = [], line = "";
    words.forEach(function (w) {
      var next = line ? line + " " + w : w;
      if (line && ctx.measureText(next).width > width) { lines.push(line); line = w; } else line = next;
    });
    if (line) lines.push(line);
    return lines;
  }
  function legendRows() {  // what the legend panel lists, read from it as shown
    var rows = [], box = $("mn-legend-nodes");
    box.querySelectorAll(".mn-legend-row, .mn-muted").forEach(function (row) {
      var sw = row.querySelector(".mn-swatch");
      rows.push({ color: sw ? getComputedStyle(sw).backgroundColor : null, text: row.textContent.trim() });
    });
    return rows;
  }
  function exportPng() {
    network.redraw();  // the canvas as the view now is (a step draws at the next frame)
    var src = $("mn-graph").querySelector("canvas");
    var pr = src.width / Math.max(src.clientWidth, 1) || 1;
    var cw = src.clientWidth, ch = src.clientHeight, LW = 260, pad = 12;
    var font = 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", Arial, sans-serif';
    var probe = document.createElement("canvas").getContext("2d");
    var W = cw + LW;
    probe.font = "12px " + font;
    var head = [[D.meta.title, "bold 18px", "#1d2430"],
                [iso(state.t) + " \u00b7 " + countsText(), "600 13px", "#1d2430"]];
    wrapText(probe, filterParts().join(" \u00b7 "), W - 2 * pad).forEach(function (l) {
      head.push([l, "12px", "#3b4452"]);
    });
    if (D.meta.filter) {
      wrapText(probe, D.meta.filter, W - 2 * pad).forEach(function (l) { head.push([l, "600 12px", "#8a4b00"]); });
    }
    if (placed.hidden) head.push([placed.hidden + " labels hidden where they would overlap", "12px", "#5b6473"]);
    var headH = pad + head.reduce(function (a, h) { return a + (h[1].indexOf("18px") >= 0 ? 24 : 17); }, 0) + 4;
    // legend entries: [kind, text, extra]
    var leg = [["h", "Relations"]];
    D.type_order.forEach(function (k) { if (state.types.has(k)) leg.push(["edge", D.types[k].label, k]); });
    leg.push(["h", "Confidence"]);
    D.confidence_levels.forEach(function (c) {  // the levels shown
      if (rank(c) >= rank(state.minConfidence)) leg.push(["conf", c, c]);
    });
    var nodeTitle = $("mn-legend-nodes-title").textContent;
    if (nodeTitle) {
      probe.font = "bold 12px " + font;
      wrapText(probe, nodeTitle, LW - 2 * pad).forEach(function (l) { leg.push(["h", l]); });
      probe.font = "12px " + font;
      legendRows().forEach(function (r) {
        wrapText(probe, r.text, LW - 2 * pad - 18).forEach(function (l, q) {
          leg.push(["node", l, q === 0 ? r.color : null]);
        });
      });
    }
    probe.font = "12px " + font;
    wrapText(probe, $("mn-legend-size").textContent, LW - 2 * pad).forEach(function (l) { leg.push(["text", l]); });
    var legH = pad + leg.length * 18 + pad;
    var footH = 22, bodyH = Math.max(ch, legH);
    var H = headH + bodyH + footH;
    var out = document.createElement("canvas");
    out.width = Math.round(W * pr); out.height = Math.round(H * pr);
    var ctx = out.getContext("2d");
    ctx.scale(pr, pr);
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, W, H);
    ctx.textBaseline = "alphabetic";
    pngText = [];
    function text(t, x, y, f, color) {
      ctx.font = f + " " + font; ctx.fillStyle = color; ctx.fillText(t, x, y); pngText.push(t);
    }
    var y = pad;
    head.forEach(function (h) {
      var big = h[1].indexOf("18px") >= 0;
      y += big ? 20 : 16;
      text(h[0], pad, y, h[1], h[2]);
      if (big) y += 4;
    });
    ctx.drawImage(src, 0, headH, cw, ch);
    ctx.strokeStyle = "#d7dbe2"; ctx.lineWidth = 1;
    ctx.strokeRect(0.5, headH + 0.5, cw - 1, ch - 1);
    var lx = cw + pad;
    y = headH + pad;
    leg.forEach(function (e) {
      y += 18;
      if (e[0] === "h") { text(e[1], lx, y - 4, "bold 12px", "#1d2430"); return; }
      if (e[0] === "edge" || e[0] === "conf") {
        var ty = e[0] === "edge" ? D.types[e[2]] : null;
        ctx.save();
        ctx.strokeStyle = ty ? ty.color : "#3d4654";
        ctx.globalAlpha = ty ? 1 : D.opacity[e[2]];
        ctx.lineWidth = ty ? 2.5 : 2.2 * D.width[e[2]];
        ctx.setLineDash(ty && ty.dash.length ? ty.dash.map(function (v) { return v * 2; }) : []);
        ctx.beginPath(); ctx.moveTo(lx, y - 8); ctx.lineTo(lx + (ty && ty.arrow ? 30 : 38), y - 8); ctx.stroke();
        if (ty && ty.arrow) {
          ctx.setLineDash([]); ctx.fillStyle = ty.color; ctx.beginPath();
          ctx.moveTo(lx + 30, y - 13); ctx.lineTo(lx + 39, y - 8); ctx.lineTo(lx + 30, y - 3); ctx.fill();
        }
        ctx.restore();
        text(e[1], lx + 46, y - 4, "12px", "#1d2430");
        return;
      }
      if (e[0] === "node") {
        if (e[2]) {
          ctx.beginPath(); ctx.arc(lx + 6, y - 8, 6, 0, 2 * Math.PI);
          ctx.fillStyle = e[2]; ctx.fill(); ctx.strokeStyle = "rgba(0,0,0,.35)"; ctx.stroke();
        }
        text(e[1], lx + 18, y - 4, "12px", "#1d2430");
        return;
      }
      text(e[1], lx, y - 4, "12px", "#3b4452");
    });
    var prov = (D.meta.name ? D.meta.name + (D.meta.version ? " v" + D.meta.version : "") + " \u00b7 " : "") +
      "sha256:" + D.meta.content_hash.slice(0, 12) + " \u00b7 militnet";
    text(prov, pad, H - 7, "11px", "#5b6473");
    return out.toDataURL("image/png");
  }
  // SVG: the groups and relations shown, at their positions on the canvas, every
  // label escaped; the view (pan and zoom) is the one on screen.
  function exportSvg() {
    currentLabels();
    var box = $("mn-graph").getBoundingClientRect(), W = Math.round(box.width), H = Math.round(box.height);
    var ids = nodesView.getIds(), pos = network.getPositions(ids), scale = network.getScale();
    function at(id) { return network.canvasToDOM(pos[id]); }
    function num(x) { return (Math.round(x * 10) / 10).toString(); }
    // the footer, below the drawing: title, day, counts, the options in force, the
    // page's filter, hidden labels, dataset and hash
    var foot = [D.meta.title + " \u00b7 " + iso(state.t) + " \u00b7 " + countsText(),
                filterParts().join(" \u00b7 ")];
    if (D.meta.filter) foot.push(D.meta.filter);
    if (placed.hidden) foot.push(placed.hidden + " labels hidden where they would overlap");
    foot.push((D.meta.name ? D.meta.name + (D.meta.version ? " v" + D.meta.version : "") + " \u00b7 " : "") +
              "sha256:" + D.meta.content_hash.slice(0, 12));
    var FH = H + 8 + 14 * foot.length;
    var out = ['<?xml version="1.0" encoding="UTF-8"?>',
               '<svg xmlns="http://www.w3.org/2000/svg" width="' + W + '" height="' + FH +
               '" viewBox="0 0 ' + W + " " + FH + '" font-family="sans-serif">',
               "<title>" + xmlEscape(D.meta.title + " \u2014 " + iso(state.t)) + "</title>",
               '<rect width="100%" height="100%" fill="#ffffff"/>',
               '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" ' +
               'markerHeight="7" orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" ' +
               'fill="context-stroke"/></marker></defs>', '<g id="relations">'];
    edgesView.getIds().forEach(function (eid) {
      var j = rIndex.get(eid), a = G.id[R.src[j]], b = G.id[R.tgt[j]];
      if (!pos[a] || !pos[b]) return;
      var p = at(a), q = at(b), ty = D.types[R.type[j]], lk = edgeLook(j, stale[j] === 1);
      var dash = lk.dashes ? ' stroke-dasharray="' + lk.dashes.join(" ") + '"' : "";
      out.push('<line data-relation="' + xmlEscape(eid) + '" x1="' + num(p.x) + '" y1="' + num(p.y) +
               '" x2="' + num(q.x) + '" y2="' + num(q.y) + '" stroke="' + ty.color +
               '" stroke-opacity="' + lk.alpha + '" stroke-width="' +
               num(2 * (D.width[R.confidence[j]] || 1)) + '"' + dash +
               (ty.arrow ? ' marker-end="url(#arrow)"' : "") + "/>");
    });
    out.push("</g>", '<g id="groups">');
    ids.forEach(function (id) {
      var k = gIndex.get(id), p = at(id), r = Math.max(2, nodeSize(k) * scale);
      out.push('<circle data-group="' + xmlEscape(id) + '" cx="' + num(p.x) + '" cy="' + num(p.y) +
               '" r="' + num(r) + '" fill="' + nodeColor(k) + '" stroke="#333333" stroke-width="1"><title>' +
               xmlEscape(G.name[k]) + "</title></circle>");
    });
    // the labels where the page draws them (those it hides are left out: the footer counts them)
    out.push("</g>", '<g id="labels" font-size="' + LABEL_PX + '" fill="#1d2430" ' +
             'stroke="#ffffff" stroke-width="3.5" stroke-linejoin="round" paint-order="stroke">');
    placed.boxes.forEach(function (b) {
      out.push('<text data-group="' + xmlEscape(G.id[b.k]) + '" x="' + num(b.x + 2) + '" y="' +
               num(b.y + b.h / 2 + LABEL_PX * 0.35) + '">' + xmlEscape(G.label[b.k]) + "</text>");
    });
    out.push("</g>", '<g id="footer" font-size="11" fill="#5b6473">');
    foot.forEach(function (line, q) {
      out.push('<text x="8" y="' + (H + 18 + 14 * q) + '">' + xmlEscape(line) + "</text>");
    });
    out.push("</g>", "</svg>");
    return out.join("\n");
  }
  // A download link made for the click, never put in the page.
  function download(href, name) {
    var a = document.createElement("a");
    a.href = href;
    a.download = name;
    a.click();
  }
  $("mn-export-png").addEventListener("click", function () {
    download(exportPng(), fileStem() + ".png");
  });
  $("mn-export-svg").addEventListener("click", function () {
    var url = URL.createObjectURL(new Blob([exportSvg()], { type: "image/svg+xml" }));
    download(url, fileStem() + ".svg");
    setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
  });

  // -- header -----------------------------------------------------------------
  $("mn-title").textContent = D.meta.title;
  var prov = [];
  if (D.meta.name) prov.push(D.meta.name + (D.meta.version ? " v" + D.meta.version : ""));
  prov.push("sha256:" + D.meta.content_hash.slice(0, 12));
  var nGAll = D.meta.n_groups === undefined ? nG : D.meta.n_groups;
  var nRAll = D.meta.n_relations === undefined ? nR : D.meta.n_relations;
  prov.push(nGAll + " groups, " + nRAll + " relations in the dataset");
  $("mn-provenance").textContent = prov.join(" \u00b7 ");
  // a page of a network over max_relations shows a filtered view: said plainly
  $("mn-filter").textContent = D.meta.filter || "";
  $("mn-filter").hidden = !D.meta.filter;
  $("mn-fit").addEventListener("click", fitAll);

  // -- URL fragment: #YYYY-MM-DD&stale=3y&confidence=reported&dates=strict&undated=exclude&types=a,b
  var hashReady = false;
  function writeHash() {
    if (!hashReady) return;
    var parts = [iso(state.t)];
    if (state.stale !== D.options.stale_after) parts.push("stale=" + state.stale);
    if (state.minConfidence !== D.options.min_confidence) parts.push("confidence=" + state.minConfidence);
    if (state.policy !== D.options.date_policy) parts.push("dates=" + state.policy);
    if (state.undated !== (D.options.undated === "include")) parts.push("undated=" + (state.undated ? "include" : "exclude"));
    var ty = D.type_order.filter(function (k) { return state.types.has(k); });
    if (ty.join(",") !== D.options.types.join(",")) parts.push("types=" + (ty.join(",") || "none"));
    var h = "#" + parts.join("&");
    if (location.hash !== h) {
      try { history.replaceState(null, "", h); } catch (err) { /* srcdoc iframes */ }
    }
  }
  // The fragment is untrusted (anyone can craft a link): the parser is total over
  // any string. A part that does not decode, an unknown key or value, a key such as
  // __proto__ or constructor, a date the page cannot show: each is ignored.
  function own(obj, key) { return Object.prototype.hasOwnProperty.call(obj, key); }
  function decodePart(text) {
    try { return decodeURIComponent(text); } catch (err) { return null; }  // malformed %
  }
  function readHash() {
    var raw = String(location.hash || "").replace(/^#/, ""), at = null;
    if (!raw || raw.length > 10000) return null;
    raw.split("&").forEach(function (rawPart) {
      var part = decodePart(rawPart);
      if (part === null || part.length > 1000) return;
      var eq = part.indexOf("="), k = eq < 0 ? part : part.slice(0, eq), v = eq < 0 ? "" : part.slice(eq + 1);
      if (eq < 0) {
        var o = parseIso(k);
        if (o !== null && isFinite(o) && o >= D.range[0] - 36600 && o <= D.range[1] + 36600) at = o;
        return;
      }
      if (k === "stale" && D.lapse.choices.indexOf(v) >= 0) state.stale = v;
      else if (k === "confidence" && D.confidence_levels.indexOf(v) >= 0) state.minConfidence = v;
      else if (k === "dates" && own(D.policies, v)) state.policy = v;
      else if (k === "undated" && (v === "include" || v === "exclude")) state.undated = v === "include";
      else if (k === "types") {
        state.types = new Set(v.split(",").filter(function (x) { return own(D.types, x); }));
      }
    });
    staleSel.value = state.stale;
    confSel.value = state.minConfidence;
    policySel.value = state.policy;
    undatedBox.checked = state.undated;
    document.querySelectorAll("input[data-type]").forEach(function (cb) {
      cb.checked = state.types.has(cb.getAttribute("data-type"));
    });
    return at;
  }

  var fromHash = readHash();
  setSteps(state.step, fromHash);
  hashReady = true;
  setIndex(state.steps.indexOf(fromHash !== null ? fromHash : D.options.at));
  window.addEventListener("hashchange", function () {
    var o = readHash();
    if (o !== null && o !== state.t) setDate(o); else refresh();
  });
  fitAll();

  // -- read-only hook for tests and scripts ----------------------------------
  function sorted(a) { return a.slice().sort(); }
  window.militnet = Object.freeze({
    ready: function () { return readyAt !== null; },
    readyAt: function () { return readyAt; },
    date: function () { return iso(state.t); },
    selected: function () { return sorted(network.getSelectedNodes()); },
    visible: function () {
      return { date: iso(state.t), nodes: sorted(nodesView.getIds()), edges: sorted(edgesView.getIds()) };
    },
    setDate: function (text) {
      var o = parseIso(text);
      if (o === null) throw new Error("not a YYYY-MM-DD date");
      setDate(o);
      return iso(state.t);
    },
    steps: function () { return state.steps.map(iso); },
    drawnSizes: function () {  // size of each drawn group, as vis-network draws it
      var out = {}, drawn = network.body.nodes;
      nodesView.getIds().forEach(function (id) { out[id] = drawn[id].options.size; });
      return out;
    },
    counts: function () { return counts(); },
    stale: function () {
      var out = [];
      for (var q = 0; q < nR; q++) if (active[q] && stale[q]) out.push(R.id[q]);
      return out.sort();
    },
    select: function (kind, id) { return pin(kind, id); },
    search: function (q) { var r = search(q); return { exact: r.exact, ids: r.hits.map(function (g) { return G.id[g]; }) }; },
    domPosition: function (id) {
      var p = network.getPosition(id), d = network.canvasToDOM(p), box = $("mn-graph").getBoundingClientRect();
      return { x: box.left + d.x, y: box.top + d.y };
    },
    exportSvg: function () { return exportSvg(); },
    eventMarks: function () {
      return Array.from(eventMarks().keys()).sort(function (a, b) { return a - b; })
        .map(function (q) { return iso(state.steps[q]); });
    },
    periodEvents: function () { return periodEvents().map(function (k) { return E.id[k]; }); },
    showEvents: function (on) { eventsOn.checked = !!on; showEvents(); return eventsOn.checked; },
    exportPng: function () { return exportPng(); },
    viewport: function () {
      var b = $("mn-graph").getBoundingClientRect();
      return { left: b.left, top: b.top, right: b.right, bottom: b.bottom };
    },
    scale: function () { return network.getScale(); },
    filtered: function () { return D.meta.filter || ""; },
    filters: function () { return filterParts(); },
    pngText: function () { return pngText.slice(); },
    fit: function () { fitAll(); return network.getScale(); },
    // the labels drawn: text, box in page pixels (left, top, width, height), group id
    labels: function () {
      var b = $("mn-graph").querySelector("canvas").getBoundingClientRect();
      currentLabels();
      return {
        px: LABEL_PX,
        hidden: placed.hidden,
        boxes: placed.boxes.map(function (q) {
          return { id: G.id[q.k], text: G.label[q.k], x: b.left + q.x, y: b.top + q.y, w: q.w, h: q.h };
        })
      };
    },
    normalize: normalize,
    skeleton: skeleton,
    safeHref: safeHref
  });
}());
