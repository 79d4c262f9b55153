"""``militnet.plot.network``: the network on one day."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, NamedTuple, Unpack

from militnet._core.errors import ArgumentError
from militnet._core.model import CONFIDENCE_LEVELS, RELATION_TYPES, split_list
from militnet._core.policy import ALL_TYPES, TieKeywords, TiePolicy, tie_policy
from militnet._core.schema import LIST_COLUMNS
from militnet._views.style import (
    CONFIDENCE_OPACITY,
    CONFIDENCE_WIDTH,
    NODE_COLOR,
    RELATION_STYLES,
    category_palette,
    community_categories,
    mpl_linestyle,
)
from militnet.plot._common import (
    add_legend,
    confidence_handles,
    literal,
    new_axes,
    relation_handles,
    wrap,
)

if TYPE_CHECKING:
    import numpy as np
    from matplotlib.axes import Axes

    from militnet._classes.network import Network

_LIST_COLUMNS = LIST_COLUMNS["groups"]
#: share of rank in the node coordinates of a computed layout (see _unit_square)
_EVEN = 0.6
_MEASURES = ("degree", "in_degree", "out_degree", "betweenness", "eigenvector", "pagerank")


def _categories(
    net: Network, G: Any, color_by: str, seed: int | None, policy: TiePolicy, at: Any
) -> dict[str, str]:
    """Group id → category label for the alive groups."""
    if color_by not in net.groups.columns or color_by == "id":
        raise ArgumentError(
            f"cannot colour by {color_by!r}: not a group column; use one of "
            f"{', '.join(c for c in net.groups.columns if c != 'name')} "
            f"or 'community'"
        )
    out = {}
    for gid in G.nodes:
        value = G.nodes[gid].get(color_by, "")
        # the first of several values, as the palette (style.category_palette) reads it
        items = value if isinstance(value, list) else list(split_list(str(value)))
        out[gid] = str(items[0]).strip() if items else ""
    return out


def _sizes(
    net: Network, G: Any, at: Any, size_by: Any, policy: TiePolicy
) -> tuple[dict[str, float], dict[str, float]]:
    """Group id → value in [0, 1] for the marker size (0.5 everywhere if None),
    and group id → the measure's value."""
    if size_by is None:
        return {g: 0.5 for g in G.nodes}, {}
    if isinstance(size_by, str):
        if size_by not in _MEASURES:
            raise ArgumentError(
                f"cannot size by {size_by!r}; use one of {', '.join(_MEASURES)}, "
                f"a mapping group → value, or None"
            )
        from militnet._algorithms.centrality import centrality

        values = centrality(net, at, measures=[size_by], policy=policy)[size_by].to_dict()
    elif isinstance(size_by, Mapping) or hasattr(size_by, "to_dict"):
        values = dict(size_by.to_dict() if hasattr(size_by, "to_dict") else size_by)
    else:
        raise ArgumentError("size_by must be a measure name, a mapping group → value, or None")
    vals = {g: float(values.get(g, 0.0) or 0.0) for g in G.nodes}
    vals = {g: 0.0 if math.isnan(v) else v for g, v in vals.items()}
    hi = max(vals.values(), default=0.0)
    return {g: (v / hi if hi > 0 else 0.0) for g, v in vals.items()}, vals


def _positions(
    net: Network, G: Any, layout: Any, seed: int | None
) -> dict[str, tuple[float, float]]:
    if isinstance(layout, Mapping):
        missing = [g for g in G.nodes if g not in layout]
        if missing:
            raise ArgumentError(f"layout has no position for {', '.join(missing[:5])}")
        return {g: (float(layout[g][0]), float(layout[g][1])) for g in G.nodes}
    if layout in ("union", "snapshot"):
        import networkx as nx

        U = nx.Graph()
        if layout == "union":
            U.add_nodes_from(str(g) for g in net.groups.index)
            rel = net.relations
            U.add_edges_from(zip(rel["source"], rel["target"], strict=True))
        else:
            U.add_nodes_from(G.nodes)
            U.add_edges_from((u, v) for u, v in G.edges())
        if len(U) < 2:
            return {g: (0.0, 0.0) for g in G.nodes}
        # stronger repulsion than networkx's default: room for the labels
        p = nx.spring_layout(U, k=2.2 / math.sqrt(len(U)), iterations=200, seed=seed)
        return {g: (float(p[g][0]), float(p[g][1])) for g in G.nodes}
    raise ArgumentError(f"layout must be 'union', 'snapshot' or a mapping, got {layout!r}")


def _stale_relations(net: Network, at: Any, date_policy: str) -> set[str]:
    """Relations unattested for more than five years on ``at`` (marked when drawn)."""
    from militnet._core.dates import DATE_POLICIES, as_day
    from militnet._core.policy import STALE_WARNING_MONTHS

    idx = net.time_index
    t = as_day(at).toordinal()
    lapse = idx.lapse_day(STALE_WARNING_MONTHS, DATE_POLICIES[date_policy][1])
    return {rid for rid, o in zip(idx.rel_ids, lapse.tolist(), strict=True) if o <= t}


def _default_title(
    net: Network, day: Any, drawn: TiePolicy, size_by: Any, measured: TiePolicy
) -> str:
    """Dataset title and day, then what is drawn: relations, lapse, node sizes."""
    from militnet._core.dates import as_day
    from militnet._core.model import RELATION_TYPES
    from militnet._core.policy import format_months

    d = as_day(day)
    name = str(net.metadata.get("title") or net.name or "network")
    types = drawn.relation_types
    what = (
        "all relation types"
        if set(types) == set(RELATION_TYPES)
        else "+".join(types) + " relations"
    )
    if drawn.min_confidence != "alleged":
        what += f" ({drawn.min_confidence} or firmer)"
    lapse = format_months(drawn.stale_months)
    parts = [what + (f", lapse {lapse}" if lapse else ", no lapse")]
    if isinstance(size_by, str):
        parts.append(f"size: {size_by.replace('_', ' ')} over {'+'.join(measured.types)} ties")
    return f"{name} — {d.day} {d:%b %Y}\n{' · '.join(parts)}"


def _size_handles(raw: Mapping[str, float], area: Any, fontsize: float) -> list[Any]:
    """Legend markers for three node sizes: the largest value, about half, the smallest."""
    from matplotlib.lines import Line2D

    vals = sorted({v for v in raw.values() if v > 0})
    if not vals:
        return []
    picks = sorted(
        {vals[-1], min(vals, key=lambda v: abs(v - vals[-1] / 2)), vals[0]}, reverse=True
    )
    integral = all(float(v).is_integer() for v in vals)
    out: list[Any] = []
    for v in picks:  # blank rows between the markers, so that the big ones do not touch
        out.append(Line2D([], [], linestyle="", marker="", label=" "))
        out.append(
            Line2D(
                [],
                [],
                marker="o",
                linestyle="",
                markersize=math.sqrt(area(v / vals[-1])),
                markerfacecolor="#ffffff",
                markeredgecolor="#333333",
                label=f"{v:.0f}" if integral else f"{v:.3g}",
            )
        )
    return out


def _area(v: float) -> float:
    """Marker area in points² for a size value in [0, 1]."""
    return 90.0 + 710.0 * v


def _colours(
    net: Network,
    G: Any,
    color_by: str | None,
    seed: int | None,
    policy: TiePolicy,
    at: Any,
    min_size: int = 3,
) -> tuple[dict[str, str], dict[str, str]]:
    """Group id → category, and category → colour (both empty if ``color_by`` is None)."""
    if color_by is None:
        return {}, {}
    if color_by == "community":
        # stable numbers and one colour per number, as on the page; groups in no
        # community of ``min_size`` or more are grey and "" (not a community)
        cats, palette = community_categories(net, at, policy, seed=seed, min_size=min_size)
        return {g: cats.get(g, "") for g in G.nodes}, palette
    cats = _categories(net, G, color_by, seed, policy, at)
    # colours from every group's value: the same on every day, as in the HTML
    return cats, category_palette(net, color_by)


def _draw_legend(
    ax: Axes,
    edges: list[Any],
    stale: set[str],
    color_by: str | None,
    cats: dict[str, str],
    palette: dict[str, str],
    size_by: Any,
    raw: dict[str, float],
    fontsize: float,
    min_size: int = 3,
) -> None:
    """The legend sections: relation types, confidence, colours, sizes, attestation."""
    from matplotlib.lines import Line2D

    drawn_types = {d["type"] for *_, d in edges}
    drawn_conf = {d["confidence"] for *_, d in edges}
    drawn_stale = any(k in stale for _u, _v, k, _d in edges)
    counts = Counter(cats.values())
    if color_by == "community":  # numeric order of the stable numbers, "" (grey) last
        order = [c for c in palette if c in counts]
    else:
        order = sorted(counts, key=lambda c: (c == "", -counts[c], c)) if palette else []
    none = (
        ("not active" if min_size <= 1 else f"in no community of {min_size}+")
        if color_by == "community"
        else "(none)"
    )
    size_title = (
        f"node size: {size_by.replace('_', ' ')}" if isinstance(size_by, str) else "node size"
    )
    add_legend(
        ax,
        [
            ("relation", relation_handles([t for t in RELATION_TYPES if t in drawn_types])),
            ("confidence", confidence_handles([c for c in CONFIDENCE_LEVELS if c in drawn_conf])),
            (
                str(color_by),
                [
                    Line2D(
                        [],
                        [],
                        marker="o",
                        linestyle="",
                        markersize=8,
                        markerfacecolor=palette.get(c, NODE_COLOR),
                        markeredgecolor="#333333",
                        label=f"{c or none} ({counts[c]})"
                        if color_by == "community"
                        else c or none,
                    )
                    for c in order
                ],
            ),
            (size_title, _size_handles(raw, _area, fontsize) if size_by is not None else []),
            (
                "attestation",
                [
                    Line2D(
                        [],
                        [],
                        color="#555555",
                        lw=1.6,
                        alpha=0.5,
                        linestyle=(0, (1, 2)),
                        label="unattested for more than 5 years",
                    )
                ]
                if drawn_stale
                else [],
            ),
        ],
        fontsize=0.9 * fontsize,
    )


def _unit_square(
    pos: dict[str, tuple[float, float]], nodes: list[str], even: float = 0.0
) -> np.ndarray:
    """Node positions normalised to [0.05, 0.95]² (a point spread on one axis: centred).

    With ``even`` > 0, each coordinate is blended with its rank among the
    nodes' (``even`` = 1: evenly spaced ranks), which opens up dense clusters
    and fills empty stretches while keeping every node's left/right and
    above/below order."""
    import numpy as np

    xy = np.array([pos[g] for g in nodes], dtype=float).reshape(-1, 2)
    if len(xy):
        lo, hi = xy.min(axis=0), xy.max(axis=0)
        xy = (xy - lo) / np.where(hi > lo, hi - lo, 1.0)
        if even > 0 and len(xy) > 2:
            ranks = np.argsort(np.argsort(xy, axis=0, kind="stable"), axis=0, kind="stable")
            xy = (1 - even) * xy + even * ranks / (len(xy) - 1)
        xy = 0.05 + 0.9 * np.where(hi > lo, xy, 0.5)
    return xy


def _frozen_renderer(ax: Axes, own_figure: bool) -> tuple[Any, float]:
    """Lay the figure out (and freeze the layout of a figure of our own), so that
    labels can be placed in pixels of the axes; the renderer and pixels per point."""
    ax.set_xlim(0.0, 1.0)
    ax.set_ylim(0.0, 1.0)
    fig: Any = ax.figure
    root = fig.figure if hasattr(fig, "figure") and fig.figure is not None else fig
    root.draw_without_rendering()
    if own_figure:  # freeze the layout: labels are placed in pixels of these axes
        root.draw_without_rendering()
        root.set_layout_engine("none")
    return root.canvas.get_renderer(), root.dpi / 72.0


def _label_texts(
    ax: Axes, G: Any, nodes: list[str], labels: str | None, label_width: int, fontsize: float
) -> list[Any]:
    """One text artist per node (positioned later), or none if ``labels`` is None."""
    if labels is None:
        return []
    from matplotlib import patheffects

    halo = [patheffects.withStroke(linewidth=2.5, foreground="white", alpha=0.9)]
    # a light backing: edges passing behind a label do not run through its letters
    backing = {
        "boxstyle": "square,pad=0.08",
        "facecolor": "white",
        "edgecolor": "none",
        "alpha": 0.75,
    }
    texts: list[Any] = []
    for g in nodes:
        text = G.nodes[g].get("name", g) if labels == "name" else g
        t = ax.text(
            0.5,
            0.5,
            wrap(str(text), label_width),
            ha="center",
            va="center",
            fontsize=fontsize,
            color="#222222",
            zorder=4,
            path_effects=halo,
            bbox=backing,
            linespacing=1.1,
        )
        t.set_in_layout(False)
        texts.append(t)
    return texts


def _spread_and_place(
    anchors: np.ndarray,
    radii: np.ndarray,
    sizes: np.ndarray,
    edges: list[Any],
    nodes: list[str],
    bounds: tuple[float, float, float, float],
) -> tuple[np.ndarray, np.ndarray]:
    """Node centres spread apart until their labels fit, and the label centres
    (display pixels): first making room for half of each label, then all of it."""
    import numpy as np

    from militnet.plot import _labels

    index = {g: i for i, g in enumerate(nodes)}
    centres = anchors
    spread_at = anchors
    for f in (0.5, 1.0):
        # spread nodes so that each has room for its marker and a share f of its label
        hw = np.maximum(radii, f * sizes[:, 0] / 2) + _labels.PAD
        tail = f * (sizes[:, 1] + _labels.GAP) / 2
        hh = radii + tail + _labels.PAD
        cy = anchors[:, 1] - tail
        sx, sy = _labels.spread(anchors[:, 0].copy(), cy, hw, hh, bounds)
        spread_at = np.column_stack([sx, sy + tail])
        segs = np.array(
            [[*spread_at[index[u]], *spread_at[index[v]]] for u, v, *_ in edges]
        ).reshape(-1, 4)
        centres, left = _labels.place(
            spread_at,
            radii,
            sizes,
            segs,
            bounds,
        )
        if not left:
            break
        anchors = spread_at
    return spread_at, centres


class _Placed(NamedTuple):
    """Where nodes and labels go, in display pixels."""

    anchors: np.ndarray  #: node centres, spread apart so that labels fit
    centres: np.ndarray  #: label centres
    sizes: np.ndarray  #: label width, height
    radii: np.ndarray  #: marker radii
    shown: np.ndarray  #: whether each label is drawn (False: no free spot, named in a footnote)


def _hidden_note(hidden: list[str], width_px: float, char_px: float, max_lines: int = 4) -> str:
    """The footnote naming the labels left out, wrapped to ``width_px``, at most
    ``max_lines`` lines (then the names that do not fit are counted)."""
    import textwrap

    width = max(20, int(width_px / char_px))
    head = f"{len(hidden)} label{'s' if len(hidden) != 1 else ''} hidden (no free spot): "
    for k in range(len(hidden), 0, -1):
        more = f"; and {len(hidden) - k} more" if k < len(hidden) else ""
        lines = textwrap.wrap(
            head + "; ".join(hidden[:k]) + more,
            width,
            break_on_hyphens=False,
            break_long_words=False,
        )
        if len(lines) <= max_lines:
            return literal("\n".join(lines))
    return literal(head.rstrip(": "))


def _pixel_layout(
    ax: Axes,
    renderer: Any,
    px: float,
    xy: np.ndarray,
    nodes: list[str],
    edges: list[Any],
    marker_area: dict[str, float],
    texts: list[Any],
    priority: np.ndarray,
    names: list[str],
    fontsize: float,
) -> tuple[_Placed, Any]:
    """Nodes (``xy`` in the unit square) and their labels placed in the axes' pixels;
    labels with no free spot are hidden and named in a footnote at the bottom of
    the axes (returned, or None), in a strip kept free of nodes and labels."""
    import numpy as np

    from militnet.plot import _labels

    bb = ax.get_window_extent(renderer)
    radii = np.array([(math.sqrt(marker_area[g]) / 2 + 0.8) * px for g in nodes])
    sizes = np.array(
        [[e.width, e.height] for e in (t.get_window_extent(renderer) for t in texts)]
    ).reshape(-1, 2)
    start = (
        np.column_stack([bb.x0 + xy[:, 0] * bb.width, bb.y0 + xy[:, 1] * bb.height])
        if len(xy)
        else xy
    )
    shown = np.ones(len(nodes), dtype=bool)
    if not texts:
        return _Placed(start, start, sizes, radii, shown), None
    index = {g: i for i, g in enumerate(nodes)}
    note = None
    reserve = 0.0
    for _ in range(4):
        bounds = (bb.x0, bb.y0 + reserve, bb.x1, bb.y1)
        anchors, centres = _spread_and_place(start, radii, sizes, edges, nodes, bounds)
        segs = np.array([[*anchors[index[u]], *anchors[index[v]]] for u, v, *_ in edges]).reshape(
            -1, 4
        )
        centres, shown = _labels.settle(
            anchors,
            radii,
            sizes,
            centres,
            segs,
            bounds,
            priority,
            reach=14 * fontsize * px,
            leader_from=6 * px,
        )
        hidden = [names[i] for i in range(len(nodes)) if not shown[i]]
        if not hidden:
            if note is not None:
                note.remove()
                note = None
            break
        if note is None:
            note = ax.text(
                0.0,
                0.0,
                "",
                transform=ax.transAxes,
                ha="left",
                va="bottom",
                fontsize=0.85 * fontsize,
                color="#444444",
                zorder=5,
                linespacing=1.15,
            )
            note.set_gid("hidden-labels")
            note.set_in_layout(False)
        char_px = 0.85 * fontsize * px * 0.56  # a mean character width of the sans font
        note.set_text(_hidden_note(hidden, bb.width, char_px))
        e = note.get_window_extent(renderer)
        while e.width > bb.width and char_px < fontsize * px:  # wider than estimated
            char_px *= 1.1
            note.set_text(_hidden_note(hidden, bb.width, char_px))
            e = note.get_window_extent(renderer)
        need = e.height + 2 * _labels.PAD
        if need <= reserve:
            break
        reserve = need
    return _Placed(anchors, centres, sizes, radii, shown), note


def _draw_edges(
    ax: Axes,
    edges: list[Any],
    p: dict[str, tuple[float, float]],
    marker_area: dict[str, float],
    stale: set[str],
) -> None:
    """One arc per relation; parallel relations of a pair bend apart, consistently
    whatever their direction; stale ones dotted and faded."""
    from matplotlib.patches import FancyArrowPatch

    pairs: dict[tuple[str, str], list[tuple[str, str, str, dict[str, Any]]]] = {}
    for u, v, k, d in edges:
        pairs.setdefault((min(u, v), max(u, v)), []).append((u, v, k, d))
    for (a, _b), rels in pairs.items():
        n = len(rels)
        for i, (u, v, k, d) in enumerate(rels):
            rad = 0.0 if n == 1 else 0.22 * (i - (n - 1) / 2)
            if u != a:
                rad = -rad
            st = RELATION_STYLES[d["type"]]
            conf = d["confidence"]
            r_u = math.sqrt(marker_area[u]) / 2 + 1
            r_v = math.sqrt(marker_area[v]) / 2 + (3 if st.arrow else 1)
            old = k in stale  # kept although unattested for more than five years
            patch = FancyArrowPatch(
                p[u],
                p[v],
                arrowstyle="-|>" if st.arrow else "-",
                connectionstyle=f"arc3,rad={rad:.3f}",
                mutation_scale=13,
                shrinkA=r_u,
                shrinkB=r_v,
                color=st.color,
                linestyle=(0, (1, 2)) if old else mpl_linestyle(st.dash),
                lw=1.8 * CONFIDENCE_WIDTH[conf],
                alpha=CONFIDENCE_OPACITY[conf] * (0.5 if old else 1.0),
                zorder=1,
            )
            patch.set_gid(f"relation-{k}")
            if old:
                patch.set_label("unattested for more than 5 years")
            ax.add_patch(patch)


def _draw_labels(
    ax: Axes, texts: list[Any], nodes: list[str], placed: _Placed, renderer: Any, px: float
) -> None:
    """Move each label to its centre; one moved away from its node gets a leader line."""
    from militnet.plot import _labels

    anchors, centres, sizes, radii, shown = placed
    to_data = ax.transData.inverted()
    for i, t in enumerate(texts):
        t.set_gid(f"label-{nodes[i]}")
        if not shown[i]:  # no free spot: named in the footnote instead
            t.set_visible(False)
            continue
        c = centres[i]
        t.set_position(tuple(to_data.transform(c)))
        e = t.get_window_extent(renderer)  # correct for where the renderer puts the box
        t.set_position(
            tuple(to_data.transform((2 * c[0] - (e.x0 + e.x1) / 2, 2 * c[1] - (e.y0 + e.y1) / 2)))
        )
        half = sizes[i] / 2
        end = _labels.leader_end(c, half, anchors[i])
        dist = math.hypot(end[0] - anchors[i][0], end[1] - anchors[i][1])
        if dist > radii[i] + 6 * px:  # moved away from its node: a leader line
            frac = radii[i] / dist
            start = (
                anchors[i][0] + (end[0] - anchors[i][0]) * frac,
                anchors[i][1] + (end[1] - anchors[i][1]) * frac,
            )
            (ln,) = ax.plot(
                *zip(*to_data.transform([start, end]), strict=True),
                color="#666666",
                lw=0.7,
                zorder=3,
            )
            ln.set_gid(f"leader-{nodes[i]}")
            ln.set_in_layout(False)


def network(
    net: Network,
    at: Any,
    *,
    ax: Axes | None = None,
    policy: TiePolicy | None = ALL_TYPES,
    color_by: str | None = "orientation",
    size_by: Any = "degree",
    layout: Any = "union",
    seed: int | None = 0,
    labels: str | None = "name",
    label_width: int = 18,
    isolates: bool = True,
    legend: bool = True,
    title: str | None = None,
    fontsize: float = 10.0,
    figsize: tuple[float, float] = (13.33, 7.5),
    community_min_size: int = 3,
    **deprecated: Unpack[TieKeywords],
) -> Axes:
    """Draw the network on one day, in the visual language of the HTML view.

    Edges are the relations active on ``at`` (one per relation record; parallel
    relations of a pair are drawn as separate arcs), coloured and dashed by
    type, with an arrow for directed types (pledge, split, merger), and drawn
    fainter the weaker their confidence. Nodes are the groups alive on the
    day, coloured by a group attribute or community, sized by a centrality
    measure.

    Labels never collide: the nodes are first spread apart (from the layout's
    positions) until each node and its label have room, then each label
    takes the side of its node that crosses the fewest edges, and a repel
    step, measured on the labels as the renderer draws them, pushes labels
    off each other and off every marker. Then, biggest nodes first, each
    label keeps a spot free of the labels kept so far and of every marker,
    or takes the nearest free spot around its node crossing the fewest
    edges (tied to it by a thin leader line); a label with no free spot is
    hidden (its text artist, gid ``label-<group id>``, is set invisible) and
    named in a footnote at the bottom of the axes ("n labels hidden (no free
    spot): ...", gid ``hidden-labels``), so the figure says what it leaves
    out. Names wrap at spaces only. Labels are
    placed in the pixels of the axes as laid out when drawing: a new figure
    has its layout frozen then; on an ``ax`` of yours, finish the figure's
    layout (size, other subplots) before calling.

    Parameters
    ----------
    net : Network
        The network.
    at : date
        The day (``"2016-01-01"``).
    ax : matplotlib.axes.Axes, optional
        Where to draw (default: a new figure of ``figsize``).
    policy : TiePolicy or None
        Which relations are drawn, as in :meth:`Network.at
        <militnet.Network.at>` (default ``TiePolicy.all_types()``: every
        active relation, open-ended ties lapsing after five years; ``None`` is
        ``TiePolicy()``). When ties are kept longer (``stale_after=None`` or
        more than five years), those unattested for more than five years are
        drawn dotted and faded, with a legend entry. Node sizes and community
        colours are measured on its cooperative ties
        (:meth:`TiePolicy.cooperative`), so they describe the day drawn.
    color_by : str or None
        A group column (``"orientation"``, ``"country"`` — first country —, or
        any further column), ``"community"`` (:func:`militnet.communities`
        with ``seed`` and ``policy``), or None for one colour. Colours come
        from :func:`militnet._views.style.category_palette`: one fixed colour per
        value, whatever is drawn. Communities keep their number and colour
        while they continue from day to day (:func:`militnet.community_tracks`,
        the numbers of the page and of :func:`militnet.plot.lifecycle`), no
        two numbers share a colour, the legend lists them in numeric order,
        and groups in no community of ``community_min_size`` or more are grey
        and not counted as communities.
    size_by : str, mapping or None
        A centrality measure (``"degree"``, ``"betweenness"``,
        ``"eigenvector"``, ``"pagerank"``...) computed by
        :func:`militnet.centrality` (see ``policy``); a mapping or Series
        group id → value; or None for equal sizes. A legend section names the
        measure and shows three sizes.
    layout : {"union", "snapshot"} or mapping
        ``"union"`` (default): positions from a seeded spring layout of every
        relation ever recorded, the same as the HTML view's and the same on
        every day, so figures of different days compare (the day's nodes
        are then evened out over the axes — each coordinate blended with its
        rank, which keeps every left/right and above/below order but opens
        up dense clusters — and nudged apart so their labels fit).
        ``"snapshot"``: a seeded spring layout of this day's edges only
        (evened out and nudged alike). Or a mapping group id → (x, y) (only
        nudged).
    seed : int or None
        Seed of the layout and of community detection (``None``: unseeded).
    labels : {"name", "id"} or None
        Node labels (names are wrapped at spaces, at ``label_width``
        characters).
    isolates : bool
        Draw groups without any relation on the day (default True).
    legend : bool
        Add the legends (relation types, confidence, node colours, node size).
    title : str, optional
        Axes title (default: the dataset's title and the day, then the
        relations drawn, the lapse and the measure behind node sizes).
    fontsize : float
        Size in points of the labels; legends are 0.9 and the title 1.2 times
        as large (default 10: readable when the default 13.33 × 7.5 inch
        figure fills a 16:9 slide).
    figsize : (float, float)
        Size of a new figure in inches (default 16:9).
    community_min_size : int
        With ``color_by="community"``, the smallest community coloured
        (default 3: singletons and pairs are grey; 1 colours them too).
    **deprecated
        ``types``, ``min_confidence``, ``date_policy``, ``undated``,
        ``stale_after``: deprecated since 0.2, applied on top of ``policy``.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.

    Examples
    --------
    >>> import militnet, militnet.plot
    >>> net = militnet.load_dataset("afpak")
    >>> ax = militnet.plot.network(net, at="2016-01-01", color_by="orientation")
    >>> print(ax.get_title())  # doctest: +NORMALIZE_WHITESPACE
    Afghanistan-Pakistan-Central Asia militant affiliation network — 1 Jan 2016
    all relation types (reported or firmer), lapse 5y · size: degree over alliance+pledge ties
    """
    drawn = tie_policy(policy, deprecated, call="militnet.plot.network", default=ALL_TYPES)
    measured = drawn.cooperative()
    G = net.graph_at(at, drawn)
    stale = _stale_relations(net, at, drawn.date_policy)
    if not isolates:
        G.remove_nodes_from([g for g in list(G.nodes) if G.degree(g) == 0])
    own_figure = ax is None
    ax = new_axes(ax, figsize)
    nodes = list(G.nodes)
    pos = _positions(net, G, layout, seed)
    size, raw = _sizes(net, G, at, size_by, measured)
    marker_area = {g: _area(size[g]) for g in nodes}
    cats, palette = _colours(net, G, color_by, seed, measured, at, community_min_size)
    colors = [palette.get(cats.get(g, ""), NODE_COLOR) for g in nodes]
    edges = sorted(G.edges(keys=True, data=True), key=lambda e: e[2])

    # title and legend first: the layout engine sizes the axes, labels are placed in them
    ax.set_axis_off()
    ax.set_title(
        title if title is not None else literal(_default_title(net, at, drawn, size_by, measured)),
        fontsize=1.2 * fontsize,
    )
    if legend:
        _draw_legend(
            ax, edges, stale, color_by, cats, palette, size_by, raw, fontsize, community_min_size
        )

    # positions normalised to the unit square, then worked on in display pixels
    renderer, px = _frozen_renderer(ax, own_figure)
    texts = _label_texts(ax, G, nodes, labels, label_width, fontsize)
    import numpy as np

    # who keeps a label first: the biggest markers, then the most ties drawn
    priority = np.array([marker_area[g] + G.degree(g) / (1.0 + len(edges)) for g in nodes])
    names = [str(G.nodes[g].get("name", g) if labels == "name" else g) for g in nodes]
    placed, _note = _pixel_layout(
        ax,
        renderer,
        px,
        _unit_square(pos, nodes, 0.0 if isinstance(layout, Mapping) else _EVEN),
        nodes,
        edges,
        marker_area,
        texts,
        priority,
        names,
        fontsize,
    )
    data_xy = (
        ax.transData.inverted().transform(placed.anchors) if len(placed.anchors) else placed.anchors
    )
    p = {g: (float(data_xy[i, 0]), float(data_xy[i, 1])) for i, g in enumerate(nodes)}

    _draw_edges(ax, edges, p, marker_area, stale)
    from matplotlib.colors import to_rgba

    # a group shown only as the absorbed side of a merger in its lineage window
    # (alive=False in Network.at): faded, with a dashed rim
    gone = [not G.nodes[g].get("alive", True) for g in nodes]
    ax.scatter(
        [p[g][0] for g in nodes],
        [p[g][1] for g in nodes],
        s=[marker_area[g] for g in nodes],
        c=[to_rgba(c, 0.35 if x else 1.0) for c, x in zip(colors, gone, strict=True)],
        edgecolors="#333333",
        linewidths=0.8,
        linestyles=[(0, (2, 2)) if x else "solid" for x in gone],
        zorder=2,
    )
    _draw_labels(ax, texts, nodes, placed, renderer, px)
    return ax
