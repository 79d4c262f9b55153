"""``militnet.plot.timeline``: groups as lifespans, their relations as dated connectors."""

from __future__ import annotations

import datetime as _dt
import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Unpack

from militnet._core.dates import DATE_POLICIES, PartialDate, as_day
from militnet._core.errors import ArgumentError
from militnet._core.model import CONFIDENCE_LEVELS, RELATION_TYPES, split_list
from militnet._core.policy import (
    TieKeywords,
    TiePolicy,
    confidence_rank,
    format_months,
    tie_policy,
)
from militnet._views.style import (
    CONFIDENCE_OPACITY,
    NODE_COLOR,
    RELATION_STYLES,
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

    from militnet._algorithms.lineage import Lineage
    from militnet._classes.network import Network

DEFAULT_TYPES = ("split", "merger", "pledge", "alliance")

#: What :func:`timeline` draws by default: lineage and cooperation, no rivalry.
TIMELINE_POLICY = TiePolicy(types=DEFAULT_TYPES)


def _order(
    ids: list[str], founded: dict[str, _dt.date | None], links: dict[str, set[str]]
) -> list[str]:
    """Rows in reading order: roots by founding, each followed depth-first by the
    groups tied to it (splinters under their parent, affiliates under their patron)."""
    far = _dt.date.max

    def key(g: str) -> tuple[_dt.date, str]:
        return (founded[g] or far, g)

    seen: set[str] = set()
    out: list[str] = []
    for root in sorted(ids, key=key):
        if root in seen:
            continue
        stack = [root]
        while stack:
            g = stack.pop()
            if g in seen:
                continue
            seen.add(g)
            out.append(g)
            stack.extend(
                sorted(
                    (n for n in links[g] if n not in seen),
                    key=lambda n: (founded[n] or far, n),
                    reverse=True,
                )
            )
    return out


def _untangle(
    rows: list[str], spans: list[tuple[str, str, float]], alive: dict[str, tuple[float, float]]
) -> list[str]:
    """Reorder rows so that connectors cross as few unrelated bars as they can.

    ``spans`` are the connectors (source, target, date number); a connector
    crosses the bar of every row between its two ends that is alive on its
    date (``alive``: row → first, last date number). Starting from the
    reading order, pairs of rows are swapped while that lowers the number of
    bars crossed, so related groups move next to each other and the reading
    order is kept wherever it crosses nothing; no chance is involved.
    """
    import numpy as np

    n = len(rows)
    if n < 3 or not spans:
        return rows
    at = {g: i for i, g in enumerate(rows)}
    src = np.array([at[s] for s, _t, _x in spans])
    dst = np.array([at[t] for _s, t, _x in spans])
    xs = np.array([x for *_, x in spans])
    first = np.array([alive[g][0] for g in rows])
    last = np.array([alive[g][1] for g in rows])
    # crossing[k, r]: row r's bar is alive on connector k's date, and r is neither end
    live = (first[None, :] <= xs[:, None]) & (xs[:, None] <= last[None, :])
    live[np.arange(len(xs)), src] = False
    live[np.arange(len(xs)), dst] = False

    def cost(y: np.ndarray) -> int:
        lo = np.minimum(y[src], y[dst])
        hi = np.maximum(y[src], y[dst])
        between = (y[None, :] > lo[:, None]) & (y[None, :] < hi[:, None])
        return int((between & live).sum())

    y = np.arange(n)  # y[r]: the line of row r
    best = cost(y)
    for _ in range(20):
        if not best:
            break
        improved = False
        for i in range(n):
            for j in range(i + 1, n):
                y[i], y[j] = y[j], y[i]
                c = cost(y)
                if c < best:
                    best, improved = c, True
                else:
                    y[i], y[j] = y[j], y[i]
        if not improved:
            break
    return [rows[r] for r in np.argsort(y, kind="stable")]


def _relation_ends(
    net: Network, rel: Any, side: str, months: int | None
) -> dict[str, tuple[float, str]]:
    """Per relation id, where its connector stops: its ``end`` (``"end"``) or,
    open-ended, its lapse day under ``months`` (``"lapse"``), as a date number."""
    import matplotlib.dates as mdates

    from militnet._engine.snapshot import POS

    idx = net.time_index
    pos = {rid: j for j, rid in enumerate(idx.rel_ids)}
    e = idx.r_first if side == "first" else idx.r_last
    lapse = idx.lapse_day(months, side) if months is not None else None
    out: dict[str, tuple[float, str]] = {}
    for rid in rel.index:
        j = pos[str(rid)]
        if e[j] < POS:
            out[str(rid)] = (float(mdates.date2num(_dt.date.fromordinal(int(e[j])))), "end")
        elif lapse is not None and lapse[j] < POS:
            out[str(rid)] = (float(mdates.date2num(_dt.date.fromordinal(int(lapse[j])))), "lapse")
    return out


def _event_days(net: Network) -> dict[str, list[float]]:
    """Relation id → the first days of the events it cites, as date numbers."""
    import matplotlib.dates as mdates

    from militnet._algorithms.event_details import event_infos, relation_events

    infos = event_infos(net)
    return {
        rid: [float(mdates.date2num(d)) for e in ids if (d := infos[e].first) is not None]
        for rid, ids in relation_events(net, infos).items()
    }


def _end_handles(drawn: set[str], stale_after: str | None) -> list[Any]:
    from matplotlib.lines import Line2D

    out: list[Any] = []
    if "events" in drawn:
        out.append(
            Line2D(
                [],
                [],
                color="#555555",
                linestyle="",
                marker="|",
                markersize=12,
                markeredgewidth=1.4,
                label="cited event",
            )
        )
    if "end" in drawn:
        out.append(Line2D([], [], color="#555555", lw=1.0, label="relation ends"))
    if "lapse" in drawn:
        months = stale_after
        out.append(
            Line2D(
                [],
                [],
                color="#555555",
                lw=0.9,
                linestyle=(0, (1, 2)),
                label=f"lapses ({months} unattested)",
            )
        )
    return out


def _selection(
    net: Network, groups: Iterable[str] | Lineage | None, sel_types: tuple[str, ...], rank: int
) -> tuple[list[str], Any]:
    """The group ids drawn, and their relations of the types and confidence drawn."""
    gdf = net.groups
    if groups is not None and hasattr(groups, "groups") and not isinstance(groups, str):
        groups = groups.groups  # a Lineage
    ids = list(gdf.index) if groups is None else list(dict.fromkeys(net.resolve(g) for g in groups))
    if not ids:
        raise ArgumentError("no groups to draw")
    idset = set(ids)
    rel = net.relations
    rel = rel[
        [
            s in idset and t in idset and ty in sel_types and confidence_rank(c) >= rank
            for s, t, ty, c in zip(
                rel["source"], rel["target"], rel["type"], rel["confidence"], strict=True
            )
        ]
    ]
    return ids, rel


def _rows(
    ids: list[str],
    rel: Any,
    founded: dict[str, PartialDate],
    ended: dict[str, PartialDate],
    starts: list[PartialDate],
    s_side: str,
    untangle: bool,
) -> list[str]:
    """Rows in reading order (:func:`_order`), then untangled (:func:`_untangle`)."""
    import matplotlib.dates as mdates

    links: dict[str, set[str]] = defaultdict(set)
    for s, t in zip(rel["source"], rel["target"], strict=True):
        links[s].add(t)
        links[t].add(s)
    # a group of unknown founding is placed by its earliest dated relation
    first_rel: dict[str, _dt.date] = {}
    for s, t, v in zip(rel["source"], rel["target"], rel["start"], strict=True):
        p = PartialDate.parse(v)
        if p:
            for g in (s, t):
                first_rel[g] = min(first_rel.get(g, _dt.date.max), p.first_day())
    rows = _order(
        ids, {g: founded[g].first_day() if founded[g] else first_rel.get(g) for g in ids}, links
    )
    if untangle:
        num = mdates.date2num
        life = {
            g: (
                float(num(founded[g].first_day())) if founded[g] else -math.inf,
                float(num(ended[g].last_day())) if ended[g] else math.inf,
            )
            for g in ids
        }
        rows = _untangle(
            rows,
            [
                (s, t, float(num(p.side(s_side))))
                for s, t, p in zip(rel["source"], rel["target"], starts, strict=True)
                if p and s != t
            ],
            life,
        )
    return rows


def _time_axis(
    founded: dict[str, PartialDate],
    ended: dict[str, PartialDate],
    starts: list[PartialDate],
    rel: Any,
    start: Any,
    end: Any,
) -> tuple[float, float]:
    """Limits of the time axis as date numbers: ``start`` and ``end``, or the
    data's range plus two years on each side."""
    import matplotlib.dates as mdates

    known = [d.first_day() for d in founded.values() if d] + [
        d.last_day() for d in ended.values() if d
    ]
    known += [p.first_day() for p in starts if p]
    known += [PartialDate.parse(v).last_day() for v in rel["end"] if v.strip()]
    lo = (
        as_day(start)
        if start is not None
        else (_dt.date(min(known).year - 2, 1, 1) if known else _dt.date(2000, 1, 1))
    )
    hi = (
        as_day(end)
        if end is not None
        else (_dt.date(max(known).year + 2, 1, 1) if known else _dt.date(2025, 1, 1))
    )
    if hi <= lo:
        raise ArgumentError(f"the time axis ends ({hi}) before it starts ({lo})")
    return mdates.date2num(lo), mdates.date2num(hi)


def _bar_colours(
    net: Network, ids: list[str], color_by: str | None
) -> tuple[dict[str, str], dict[str, str]]:
    """Group id → category (first item of list columns), and category → colour."""
    if color_by is None:
        return {}, {}
    gdf = net.groups
    if color_by not in gdf.columns:
        raise ArgumentError(f"cannot colour by {color_by!r}: not a group column")
    cats: dict[str, str] = {}
    for g in ids:
        items = split_list(str(gdf.at[g, color_by]))
        cats[g] = items[0] if items else ""
    return cats, category_palette(net, color_by)  # the same colours whatever is drawn


def _draw_bars(
    ax: Axes,
    rows: list[str],
    y: dict[str, int],
    founded: dict[str, PartialDate],
    ended: dict[str, PartialDate],
    colours: dict[str, str],
    x0: float,
    x1: float,
) -> None:
    """Each group's lifespan: a bar, lighter bands over imprecise dates, a "?" for
    an unknown founding and an arrow head for a group that still exists."""
    import matplotlib.dates as mdates
    from matplotlib.patches import Rectangle

    num = mdates.date2num
    h = 0.44
    for g in rows:
        color = colours[g]
        f, e = founded[g], ended[g]
        a = num(f.last_day()) if f else x0
        b = num(e.first_day()) if e else x1
        a, b = max(a, x0), min(b, x1)
        if b > a:
            ax.add_patch(
                Rectangle(
                    (a, y[g] - h / 2),
                    b - a,
                    h,
                    facecolor=color,
                    edgecolor="none",
                    alpha=0.85,
                    zorder=1,
                )
            )
        for p in (f, e):  # imprecise founding or end: a lighter band over its span
            if p and p.precision != "day":
                pa, pb = max(num(p.first_day()), x0), min(num(p.last_day()) + 1, x1)
                if pb > pa:
                    ax.add_patch(
                        Rectangle(
                            (pa, y[g] - h / 2),
                            pb - pa,
                            h,
                            facecolor=color,
                            edgecolor="none",
                            alpha=0.35,
                            zorder=1,
                        )
                    )
        if not f:
            ax.annotate(
                "?",
                (x0, y[g]),
                xytext=(2, 0),
                textcoords="offset points",
                ha="left",
                va="center",
                fontsize=8,
                color="#333333",
                zorder=3,
            )
        if not e and b >= x1:
            ax.plot([x1], [y[g]], marker=">", color=color, markersize=6, clip_on=False, zorder=2)


def _draw_stop(
    ax: Axes,
    x: float,
    stop: float,
    how: str,
    ys: float,
    yt: float,
    color: str,
    alpha: float,
    rid: str,
) -> None:
    """A relation's end (a short bar closing it, and a thin line from its start), or
    the day it lapses (the same, dotted and fainter)."""
    (mark,) = ax.plot(
        [stop, stop],
        [ys, yt],
        color=color,
        zorder=4,
        lw=1.0 if how == "end" else 0.9,
        linestyle="solid" if how == "end" else (0, (1, 2)),
        alpha=alpha if how == "end" else alpha * 0.6,
    )
    mark.set_gid(f"relation-{how}-{rid}")
    ax.plot(
        [x, stop],
        [ys, ys],
        color=color,
        lw=0.8,
        zorder=3,
        alpha=alpha * (0.5 if how == "end" else 0.25),
        linestyle="solid" if how == "end" else (0, (1, 2)),
    )


def _draw_connectors(
    ax: Axes,
    net: Network,
    rel: Any,
    starts: list[PartialDate],
    y: dict[str, int],
    sides: tuple[str, str],
    stale_months: int | None,
    x0: float,
    x1: float,
) -> tuple[int, set[str], set[str], set[str]]:
    """One vertical connector per dated relation, with its end or lapse; several
    starting on the same day are spread a little. Returns the number of undated
    relations (not drawn) and the types, confidences and kinds of stop drawn."""
    import matplotlib.dates as mdates

    num = mdates.date2num
    s_side, e_side = sides
    span = x1 - x0
    same_day: Counter[float] = Counter()
    undated = 0
    drawn_types: set[str] = set()
    drawn_conf: set[str] = set()
    drawn_ends: set[str] = set()
    ends = _relation_ends(net, rel, e_side, stale_months)
    event_days = _event_days(net)
    order = sorted(
        zip(
            rel.index,
            rel["source"],
            rel["target"],
            rel["type"],
            rel["confidence"],
            starts,
            strict=True,
        ),
        key=lambda r: r[0],
    )
    for rid, s, t, ty, conf, p in order:
        if not p:
            undated += 1
            continue
        x = num(p.side(s_side))
        if not x0 <= x <= x1:
            continue
        k = same_day[x]
        same_day[x] += 1
        x += ((k + 1) // 2) * (1 if k % 2 else -1) * span * 0.004  # 0, +1, -1, +2, -2...
        st = RELATION_STYLES[ty]
        alpha = CONFIDENCE_OPACITY[conf]
        ax.annotate(
            "",
            xy=(x, y[t]),
            xytext=(x, y[s]),
            zorder=4,
            arrowprops={
                "arrowstyle": "-|>" if st.arrow else "-",
                "color": st.color,
                "linestyle": mpl_linestyle(st.dash),
                "lw": 1.6,
                "alpha": alpha,
                "shrinkA": 0,
                "shrinkB": 3.5 if st.arrow else 0,
                "mutation_scale": 11,
            },
        ).set_gid(f"relation-{rid}")
        ax.plot(
            [x, x],
            [y[s], y[t]],
            linestyle="",
            marker="o",
            markersize=3.2,
            color=st.color,
            alpha=alpha,
            zorder=5,
        )
        stop, how = ends.get(rid, (None, ""))
        if stop is not None and x0 <= stop <= x1:
            _draw_stop(ax, x, stop, how, y[s], y[t], st.color, alpha, rid)
            drawn_ends.add(how)
        ticks = [d for d in event_days.get(str(rid), ()) if x0 <= d <= x1]
        if ticks:  # the relation's cited events, as ticks on its line
            (tk,) = ax.plot(
                ticks,
                [y[s]] * len(ticks),
                linestyle="",
                marker="|",
                markersize=12,
                markeredgewidth=1.4,
                color=st.color,
                zorder=5,
            )
            tk.set_gid(f"relation-events-{rid}")
            drawn_ends.add("events")
        drawn_types.add(ty)
        drawn_conf.add(conf)
    return undated, drawn_types, drawn_conf, drawn_ends


def _style_axes(
    ax: Axes,
    names: list[str],
    x0: float,
    x1: float,
    label_width: int,
    title: str | None,
    undated: int,
) -> None:
    """Limits, one tick per row, date ticks, grid, spines, title and the note on
    relations not drawn."""
    import matplotlib.dates as mdates

    n = len(names)
    ax.set_xlim(x0, x1)
    ax.set_ylim(n - 0.4, -0.6)
    ax.set_yticks(range(n))
    ax.set_yticklabels([wrap(name, label_width) for name in names], fontsize=8)
    ax.xaxis.set_major_locator(mdates.AutoDateLocator(minticks=5, maxticks=12))
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(ax.xaxis.get_major_locator()))
    ax.tick_params(axis="y", length=0)
    ax.grid(axis="x", color="#dddddd", lw=0.6, zorder=0)
    ax.set_axisbelow(True)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    if title is not None:
        ax.set_title(title)
    if undated:
        ax.set_xlabel(
            f"{undated} relation{'s' * (undated != 1)} without a documented start not drawn",
            fontsize=7,
            color="#555555",
            loc="right",
        )


def _draw_legend(
    ax: Axes,
    color_by: str | None,
    cats: dict[str, str],
    palette: dict[str, str],
    drawn_types: set[str],
    drawn_conf: set[str],
    drawn_ends: set[str],
    stale_after: str | None,
) -> None:
    """The legend sections: relation types, confidence, colours, ends and lapses."""
    from matplotlib.patches import Patch

    counts: Counter[str] = Counter(cats.values())
    shown: list[str] = sorted(counts, key=lambda c: (c == "", -counts[c], c)) if palette else []
    add_legend(
        ax,
        [
            ("relation", relation_handles([t for t in RELATION_TYPES if t in drawn_types])),
            ("confidence", confidence_handles([c for c in CONFIDENCE_LEVELS if c in drawn_conf])),
            (str(color_by), [Patch(facecolor=palette[c], label=c or "(none)") for c in shown]),
            ("end", _end_handles(drawn_ends, stale_after)),
        ],
    )


def timeline(
    net: Network,
    groups: Iterable[str] | Lineage | None = None,
    *,
    ax: Axes | None = None,
    policy: TiePolicy | None = TIMELINE_POLICY,
    start: Any = None,
    end: Any = None,
    color_by: str | None = "orientation",
    legend: bool = True,
    title: str | None = None,
    label_width: int = 32,
    figsize: tuple[float, float] | None = None,
    untangle: bool = True,
    **deprecated: Unpack[TieKeywords],
) -> Axes:
    """Groups as lifespans on a time axis, their relations as dated connectors.

    In the spirit of the maps of Stanford's Mapping Militant Organizations
    project: one row per group, a bar from its founding to its end (an arrow
    head when it still exists), and for each relation between two of the
    groups a vertical connector at its start date, from the source's row to
    the target's, coloured, dashed and arrowed by type and drawn fainter the
    weaker its confidence. A founding or end known only to the month or year
    is drawn as a lighter band over that span, so no day is invented. The
    events a relation cites (its ``events`` column) are small ticks in its
    colour on its source's row, at their first day ("cited event" in the
    legend).

    Parameters
    ----------
    net : Network
        The network.
    groups : iterable of str or Lineage, optional
        Groups to show, by id or any name (see :meth:`Network.resolve
        <militnet.Network.resolve>`), or a family from
        :meth:`Network.lineage <militnet.Network.lineage>`
        (``groups=net.lineage("TTP")``); default all. Rows are ordered by
        founding, each group followed by the groups tied to it; then (with
        ``untangle``) rows are swapped while that lowers the number of bars
        that connectors cross, so related groups sit next to each other.
    ax : matplotlib.axes.Axes, optional
        Where to draw (default: a new figure).
    policy : TiePolicy or None
        Which relations are drawn as connectors: their types (default split,
        merger, pledge, alliance: ``TiePolicy(types=("split", "merger",
        "pledge", "alliance"))``; add ``"rivalry"`` for conflicts; ``None`` is
        ``TiePolicy()``, alliance and pledge), weakest confidence; its
        ``date_policy`` says which day of a partial date a connector sits on
        (default: the first day of the span; see
        :data:`~militnet.DATE_POLICIES`), its ``stale_after`` where an
        open-ended relation's connector stops (see below).
    start, end : date, optional
        Limits of the time axis (default: the data's range plus a margin).
    color_by : str or None
        Group column the bars are coloured by (first item of list columns),
        or None.
    legend : bool
        Add the legends.
    title : str, optional
        Axes title.
    untangle : bool
        Reorder rows so connectors cross as few unrelated bars as they can
        (default True); False keeps the reading order (founding, then
        depth-first by ties).
    **deprecated
        ``types``, ``min_confidence``, ``date_policy``, ``undated``,
        ``stale_after``: deprecated since 0.2, applied on top of ``policy``.

    Each relation's connector is closed at its ``end`` by a second bar (and a
    thin line from its start); an open-ended relation is closed by a dotted,
    faint bar on the day it lapses under the policy's ``stale_after``
    (default ``"5y"``; ``None`` draws no lapse). Lapse days come from
    :meth:`TimeIndex.lapse_day`, as in :meth:`Network.at`.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on. Relations without a documented start cannot be
        placed on the axis; they are not drawn, and a note on the figure
        says how many.

    Examples
    --------
    >>> import militnet, militnet.plot
    >>> net = militnet.load_dataset("afpak")
    >>> ax = militnet.plot.timeline(net, groups=["ttp", "jua", "hizb-ul-ahrar"])
    >>> len(ax.get_yticks())
    3
    """
    pol = tie_policy(policy, deprecated, call="militnet.plot.timeline", default=TIMELINE_POLICY)
    sides = DATE_POLICIES[pol.date_policy]
    ids, rel = _selection(net, groups, pol.relation_types, confidence_rank(pol.min_confidence))
    gdf = net.groups
    founded = {g: PartialDate.parse(gdf.at[g, "founded"]) for g in ids}
    ended = {g: PartialDate.parse(gdf.at[g, "ended"]) for g in ids}
    starts = [PartialDate.parse(v) for v in rel["start"]]
    rows = _rows(ids, rel, founded, ended, starts, sides[0], untangle)
    y = {g: i for i, g in enumerate(rows)}
    x0, x1 = _time_axis(founded, ended, starts, rel, start, end)

    ax = new_axes(ax, figsize or (11.0, 0.42 * len(rows) + 1.8))
    cats, palette = _bar_colours(net, ids, color_by)
    _draw_bars(
        ax,
        rows,
        y,
        founded,
        ended,
        {g: palette.get(cats.get(g, ""), NODE_COLOR) for g in rows},
        x0,
        x1,
    )
    undated, drawn_types, drawn_conf, drawn_ends = _draw_connectors(
        ax, net, rel, starts, y, sides, pol.stale_months, x0, x1
    )
    _style_axes(ax, [str(gdf.at[g, "name"]) for g in rows], x0, x1, label_width, title, undated)
    if legend:
        _draw_legend(
            ax,
            color_by,
            cats,
            palette,
            drawn_types,
            drawn_conf,
            drawn_ends,
            format_months(pol.stale_months),
        )
    return ax
