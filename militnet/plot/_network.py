"""``militnet.plot.network``: the network on one day."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from militnet._errors import RecordError
from militnet._model import CONFIDENCE_LEVELS, RELATION_TYPES, split_list
from militnet._policy import DEFAULT_STALE_AFTER
from militnet._style import (
    CONFIDENCE_OPACITY,
    CONFIDENCE_WIDTH,
    NODE_COLOR,
    RELATION_STYLES,
    category_colors,
    category_palette,
    mpl_linestyle,
)
from militnet.plot._common import (
    add_legend,
    confidence_handles,
    new_axes,
    relation_handles,
    wrap,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from militnet._network import Network
    from militnet._policy import TiePolicy

_LIST_COLUMNS = ("country", "aliases", "sources")
_MEASURES = ("degree", "in_degree", "out_degree", "betweenness", "eigenvector", "pagerank")


def _categories(net: Network, G: Any, color_by: str, seed: int,
                policy: TiePolicy | None, at: Any) -> dict[str, str]:
    """Group id → category label for the alive groups."""
    if color_by == "community":
        from militnet._communities import communities

        cm = communities(net, at, seed=seed, policy=policy)
        return {str(g): f"community {int(c) + 1}" for g, c in cm["community"].items()}
    if color_by not in net.groups.columns or color_by == "id":
        raise RecordError(f"cannot colour by {color_by!r}: not a group column; use one of "
                          f"{', '.join(c for c in net.groups.columns if c != 'name')} "
                          f"or 'community'")
    out = {}
    for gid in G.nodes:
        value = G.nodes[gid].get(color_by, "")
        if isinstance(value, list) or color_by in _LIST_COLUMNS:
            items = value if isinstance(value, list) else list(split_list(value))
            value = items[0] if items else ""
        out[gid] = str(value).strip()
    return out


def _sizes(net: Network, G: Any, at: Any, size_by: Any, policy: TiePolicy | None
           ) -> dict[str, float]:
    """Group id → value in [0, 1] for the marker size (1.0 everywhere if None)."""
    if size_by is None:
        return {g: 0.5 for g in G.nodes}
    if isinstance(size_by, str):
        if size_by not in _MEASURES:
            raise RecordError(f"cannot size by {size_by!r}; use one of {', '.join(_MEASURES)}, "
                              f"a mapping group → value, or None")
        from militnet._centrality import centrality

        values = centrality(net, at, measures=[size_by], policy=policy)[size_by].to_dict()
    elif isinstance(size_by, Mapping) or hasattr(size_by, "to_dict"):
        values = dict(size_by.to_dict() if hasattr(size_by, "to_dict") else size_by)
    else:
        raise RecordError("size_by must be a measure name, a mapping group → value, or None")
    vals = {g: float(values.get(g, 0.0) or 0.0) for g in G.nodes}
    vals = {g: 0.0 if math.isnan(v) else v for g, v in vals.items()}
    hi = max(vals.values(), default=0.0)
    return {g: (v / hi if hi > 0 else 0.0) for g, v in vals.items()}


def _positions(net: Network, G: Any, layout: Any, seed: int) -> dict[str, tuple[float, float]]:
    if isinstance(layout, Mapping):
        missing = [g for g in G.nodes if g not in layout]
        if missing:
            raise RecordError(f"layout has no position for {', '.join(missing[:5])}")
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
    raise RecordError(f"layout must be 'union', 'snapshot' or a mapping, got {layout!r}")


def _stale_relations(net: Network, at: Any, date_policy: str) -> set[str]:
    """Relations unattested for more than five years on ``at`` (marked when drawn)."""
    from militnet._dates import DATE_POLICIES, as_day
    from militnet._policy import STALE_WARNING_MONTHS

    idx = net._time
    t = as_day(at).toordinal()
    lapse = idx.lapse_day(STALE_WARNING_MONTHS, DATE_POLICIES[date_policy][1])
    return {rid for rid, o in zip(idx.rel_ids, lapse.tolist(), strict=True) if o <= t}


def network(net: Network, at: Any, *, ax: Axes | None = None,
            types: Iterable[str] | str | None = None, min_confidence: str = "alleged",
            date_policy: str = "earliest", undated: str = "include",
            color_by: str | None = "orientation", size_by: Any = "degree",
            policy: TiePolicy | None = None, layout: Any = "union", seed: int = 0,
            labels: str | None = "name", label_width: int = 18, isolates: bool = True,
            legend: bool = True, title: str | None = None,
            figsize: tuple[float, float] = (10.0, 8.0),
            stale_after: float | str | None = DEFAULT_STALE_AFTER) -> Axes:
    """Draw the network on one day, in the visual language of the HTML view.

    Edges are the relations active on ``at`` (one per relation record; parallel
    relations of a pair are drawn as separate arcs), coloured and dashed by
    type, with an arrow for directed types (pledge, split, merger), and drawn
    fainter the weaker their confidence. Nodes are the groups alive on the
    day, coloured by a group attribute or community, sized by a centrality
    measure.

    Parameters
    ----------
    net : Network
        The network.
    at : date
        The day (``"2016-01-01"``).
    ax : matplotlib.axes.Axes, optional
        Where to draw (default: a new figure of ``figsize``).
    types, min_confidence, date_policy, undated, stale_after
        Which relations are drawn, as in :meth:`Network.at
        <militnet.Network.at>` (default: all active relations; open-ended ties
        lapse after ``stale_after``, default ``"5y"``). When ties are kept
        longer (``stale_after=None`` or more than five years), those
        unattested for more than five years are drawn dotted and faded, with
        a legend entry.
    color_by : str or None
        A group column (``"orientation"``, ``"country"`` — first country —, or
        any further column), ``"community"`` (:func:`militnet.communities`
        with ``seed`` and ``policy``), or None for one colour.
    size_by : str, mapping or None
        A centrality measure (``"degree"``, ``"betweenness"``,
        ``"eigenvector"``, ``"pagerank"``...) computed by
        :func:`militnet.centrality` under ``policy``; a mapping or Series
        group id → value; or None for equal sizes.
    policy : TiePolicy, optional
        Tie policy for ``size_by`` and community colouring (default: alliance
        and pledge ties under this call's ``min_confidence``, ``date_policy``
        and ``undated``, so sizes and colours describe the day drawn).
    layout : {"union", "snapshot"} or mapping
        ``"union"`` (default): positions from a seeded spring layout of every
        relation ever recorded, the same as the HTML view's and the same on
        every day, so figures of different days compare. ``"snapshot"``: a
        seeded spring layout of this day's edges only. Or a mapping group id
        → (x, y).
    seed : int
        Seed of the layout and of community detection.
    labels : {"name", "id"} or None
        Node labels (names are wrapped at ``label_width`` characters).
    isolates : bool
        Draw groups without any relation on the day (default True).
    legend : bool
        Add the legends (relation types, confidence, node colours).
    title : str, optional
        Axes title (default: dataset name and day).

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.

    Examples
    --------
    >>> import militnet, militnet.plot
    >>> net = militnet.load_dataset("afpak")
    >>> ax = militnet.plot.network(net, at="2016-01-01", color_by="orientation")
    >>> ax.get_title()
    'afpak, 2016-01-01'
    """
    from matplotlib.patches import FancyArrowPatch

    G = net.at(at, types=types, min_confidence=min_confidence, date_policy=date_policy,
               undated=undated, stale_after=stale_after)
    if policy is None:
        from militnet._policy import TiePolicy

        policy = TiePolicy(min_confidence=min_confidence, date_policy=date_policy,
                           undated=undated, stale_after=stale_after)  # type: ignore[arg-type]
    stale = _stale_relations(net, at, date_policy)
    if not isolates:
        G.remove_nodes_from([g for g in list(G.nodes) if G.degree(g) == 0])
    ax = new_axes(ax, figsize)
    nodes = list(G.nodes)
    pos = _positions(net, G, layout, seed)
    size = _sizes(net, G, at, size_by, policy)
    marker_area = {g: 90.0 + 710.0 * size[g] for g in nodes}

    cats: dict[str, str] = {}
    palette: dict[str, str] = {}
    if color_by is not None:
        cats = _categories(net, G, color_by, seed, policy, at)
        if color_by == "community":
            palette = category_colors(list(cats.values()))
        else:  # colours from every group's value: the same on every day, as in the HTML
            palette = category_palette(net, color_by)
    colors = [palette.get(cats.get(g, ""), NODE_COLOR) for g in nodes]

    # edges: parallel relations of a pair bend apart, consistently whatever their direction
    pairs: dict[tuple[str, str], list[tuple[str, str, str, dict[str, Any]]]] = {}
    for u, v, k, d in sorted(G.edges(keys=True, data=True), key=lambda e: e[2]):
        pairs.setdefault((min(u, v), max(u, v)), []).append((u, v, k, d))
    drawn_types: set[str] = set()
    drawn_conf: set[str] = set()
    drawn_stale = False
    for (a, _b), rels in pairs.items():
        n = len(rels)
        for i, (u, v, _k, d) in enumerate(rels):
            rad = 0.0 if n == 1 else 0.22 * (i - (n - 1) / 2)
            if u != a:
                rad = -rad
            st = RELATION_STYLES[d["type"]]
            conf = d["confidence"]
            r_u = math.sqrt(marker_area[u]) / 2 + 1
            r_v = math.sqrt(marker_area[v]) / 2 + (3 if st.arrow else 1)
            old = _k in stale  # kept although unattested for more than five years
            patch = FancyArrowPatch(
                pos[u], pos[v], arrowstyle="-|>" if st.arrow else "-",
                connectionstyle=f"arc3,rad={rad:.3f}", mutation_scale=13,
                shrinkA=r_u, shrinkB=r_v, color=st.color,
                linestyle=(0, (1, 2)) if old else mpl_linestyle(st.dash),
                lw=1.8 * CONFIDENCE_WIDTH[conf],
                alpha=CONFIDENCE_OPACITY[conf] * (0.5 if old else 1.0), zorder=1)
            patch.set_gid(f"relation-{_k}")
            if old:
                patch.set_label("unattested for more than 5 years")
                drawn_stale = True
            ax.add_patch(patch)
            drawn_types.add(d["type"])
            drawn_conf.add(conf)

    xs = [pos[g][0] for g in nodes]
    ys = [pos[g][1] for g in nodes]
    ax.scatter(xs, ys, s=[marker_area[g] for g in nodes], c=colors, edgecolors="#333333",
               linewidths=0.8, zorder=2)
    if labels is not None:
        from matplotlib import patheffects

        halo = [patheffects.withStroke(linewidth=2.5, foreground="white", alpha=0.85)]
        for g in nodes:
            text = G.nodes[g].get("name", g) if labels == "name" else g
            ax.annotate(wrap(str(text), label_width), pos[g], xytext=(0, -math.sqrt(
                marker_area[g]) / 2 - 2), textcoords="offset points", ha="center", va="top",
                fontsize=7.5, color="#222222", zorder=3, path_effects=halo)

    if xs:
        span_x = (max(xs) - min(xs)) or 1.0
        span_y = (max(ys) - min(ys)) or 1.0
        ax.set_xlim(min(xs) - 0.08 * span_x, max(xs) + 0.08 * span_x)
        ax.set_ylim(min(ys) - 0.12 * span_y, max(ys) + 0.06 * span_y)
    ax.set_axis_off()
    ax.set_title(title if title is not None else
                 f"{net.name + ', ' if net.name else ''}{G.graph['date']}")

    if legend:
        from matplotlib.lines import Line2D

        counts = Counter(cats.values())
        order = sorted(counts, key=lambda c: (c == "", -counts[c], c)) if palette else []
        add_legend(ax, [
            ("relation", relation_handles([t for t in RELATION_TYPES if t in drawn_types])),
            ("confidence", confidence_handles([c for c in CONFIDENCE_LEVELS
                                               if c in drawn_conf])),
            (str(color_by), [Line2D([], [], marker="o", linestyle="", markersize=8,
                                    markerfacecolor=palette[c], markeredgecolor="#333333",
                                    label=c or "(none)") for c in order]),
            ("attestation", [Line2D([], [], color="#555555", lw=1.6, alpha=0.5,
                                    linestyle=(0, (1, 2)),
                                    label="unattested for more than 5 years")]
             if drawn_stale else []),
        ])
    return ax
