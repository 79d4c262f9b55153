"""``militnet.plot.lifecycle``: communities over time as an alluvial figure."""

from __future__ import annotations

from itertools import pairwise
from typing import TYPE_CHECKING, Any, NamedTuple

from militnet._views.style import community_color
from militnet.plot._common import add_legend, literal, new_axes

if TYPE_CHECKING:
    import datetime as _dt

    from matplotlib.axes import Axes

    from militnet._classes.network import Network
    from militnet._core.policy import TiePolicy

#: Vertical gap between two communities of one day, in groups.
_GAP = 1.6
#: Width of a community's bar, as a share of the distance between two days.
_BAR = 0.16


class Bar(NamedTuple):
    """One community on one day: its stable number, members and place."""

    day: int
    number: int
    members: frozenset[str]
    y0: float
    label: str


class Flow(NamedTuple):
    """Groups shared by a community of one day and one of the next."""

    day: int
    before: int
    after: int
    groups: int
    matched: bool


class Alluvial(NamedTuple):
    """What :func:`lifecycle` draws: bars, flows and events (birth, death,
    merge, split: ``(kind, day index, numbers before, numbers after)``)."""

    days: list[_dt.date]
    bars: list[Bar]
    flows: list[Flow]
    events: list[tuple[str, int, tuple[int, ...], tuple[int, ...]]]


def short_name(name: str, aliases: str) -> str:
    """A label that fits a slide: the name if short, else an acronym among
    the aliases (``"TTP"``), else a short alias, else the name cut at a space.

    >>> short_name("Tehrik-i-Taliban Pakistan", "TTP;Pakistani Taliban")
    'TTP'
    >>> short_name("Afghan Taliban", "Taliban;IEA")
    'Afghan Taliban'
    """
    from militnet._core.model import split_list

    if len(name) <= 18:
        return name
    al = [a.strip() for a in split_list(aliases) if a.strip()]
    for a in al:
        caps = sum(ch.isupper() for ch in a)
        if 2 <= len(a) <= 6 and " " not in a and caps >= max(2, len(a) - 2):
            return a
    for a in al:
        if len(a) <= 14:
            return a
    cut = name[:18]
    return (cut[: cut.rindex(" ")] if " " in cut else cut) + "\u2026"


def _lanes(sizes: dict[tuple[int, int], int]) -> dict[int, tuple[float, float]]:
    """Per community number, a horizontal lane (centre, height) it keeps all
    its life: the lowest place where a lane as tall as its largest size fits
    beside the lanes of the communities alive at the same time (numbers in
    order, so older communities lie lower)."""
    life: dict[int, list[int]] = {}
    tall: dict[int, int] = {}
    for (k, n), size in sizes.items():
        life.setdefault(n, []).append(k)
        tall[n] = max(tall.get(n, 0), size)
    placed: list[tuple[int, int, float, float]] = []  # first day, last day, y0, y1
    out: dict[int, tuple[float, float]] = {}
    for n in sorted(life):
        d0, d1 = min(life[n]), max(life[n])
        busy = sorted((y0, y1) for a, b, y0, y1 in placed if a <= d1 + 1 and d0 - 1 <= b)
        y = 0.0
        for y0, y1 in busy:
            if y + tall[n] + _GAP <= y0:
                break
            y = max(y, y1 + _GAP)
        placed.append((d0, d1, y, y + tall[n]))
        out[n] = (y + tall[n] / 2, float(tall[n]))
    return out


def alluvial(
    net: Network,
    days: list[_dt.date],
    pol: TiePolicy,
    *,
    method: str = "louvain",
    resolution: float = 1.0,
    threshold: float = 0.3,
    min_size: int = 3,
    seed: int | None = 0,
    top: int = 2,
) -> Alluvial:
    """The bars, flows and events of :func:`lifecycle` (numbers from
    :func:`militnet._algorithms.tracks.trace_communities`, events from the
    matching :func:`militnet.community_lifecycle` uses)."""
    import numpy as np

    from militnet._algorithms.communities import _events
    from militnet._algorithms.tracks import trace_communities
    from militnet._engine.snapshot import snapshot

    tr = trace_communities(
        net,
        days,
        pol,
        method=method,
        resolution=resolution,
        threshold=threshold,
        min_size=min_size,
        seed=seed,
    )
    groups = net.frame("groups")
    names = groups["name"].to_dict()
    aliases = groups["aliases"].to_dict() if "aliases" in groups else {}
    order = {g: i for i, g in enumerate(net.time_index.group_ids)}
    at = [tr.days.index(d) for d in days]
    lanes = _lanes(
        {(k, tr.ids[i][lab]): len(m) for k, i in enumerate(at) for lab, m in tr.parts[i].items()}
    )
    bars: list[Bar] = []
    for k, i in enumerate(at):
        t = snapshot(net, days[k], pol).ties
        deg = np.bincount(np.concatenate([t.src, t.tgt]), minlength=t.n)
        rank = {v: (-int(deg[j]), order[v]) for j, v in enumerate(t.nodes)}
        for lab in sorted(tr.parts[i], key=lambda lab: tr.ids[i][lab]):
            members = tr.parts[i][lab]
            number = tr.ids[i][lab]
            best = sorted(members, key=lambda v: rank.get(v, (0, order[v])))[:top]
            label = ", ".join(short_name(names.get(v, v), aliases.get(v, "")) for v in best)
            centre, _ = lanes[number]
            bars.append(Bar(k, number, members, centre - len(members) / 2, label))
    flows: list[Flow] = []
    events: list[tuple[str, int, tuple[int, ...], tuple[int, ...]]] = []
    for k, (i0, i1) in enumerate(pairwise(at)):
        before, after = tr.parts[i0], tr.parts[i1]
        n0, n1 = tr.ids[i0], tr.ids[i1]
        matched: set[tuple[int, int]] = set()
        for kind, bl, al, _ in _events(before, after, threshold):
            matched.update((a, b) for a in bl for b in al)
            if kind in ("appear", "vanish", "merge", "split"):
                name = {"appear": "birth", "vanish": "death"}.get(kind, kind)
                events.append((name, k, tuple(n0[a] for a in bl), tuple(n1[b] for b in al)))
        for a, ma in before.items():
            for b, mb in after.items():
                shared = len(ma & mb)
                if shared:
                    flows.append(Flow(k, n0[a], n1[b], shared, (a, b) in matched))
    return Alluvial(list(days), bars, flows, events)


def lifecycle(
    net: Network,
    start: Any = None,
    end: Any = None,
    freq: str = "YS",
    *,
    dates: Any = None,
    ax: Axes | None = None,
    policy: TiePolicy | None = None,
    method: str = "louvain",
    resolution: float = 1.0,
    threshold: float = 0.3,
    min_size: int = 3,
    seed: int | None = 0,
    top: int = 2,
    legend: bool = True,
    title: str | None = None,
    fontsize: float = 10.0,
    figsize: tuple[float, float] = (13.33, 7.5),
) -> Axes:
    """Communities over time, as an alluvial (Sankey-style) figure that reads
    on a slide.

    Each day of the series is a column; each community of the day is a bar
    whose height is its number of groups, stacked in the order of its stable
    number (:func:`militnet.community_tracks`) and coloured by it, as in
    :func:`militnet.plot.network` and on the page. Bands join a community to
    the next day's communities it shares groups with, as wide as the groups
    shared: in the community's colour where the two are matched (Jaccard
    overlap at least ``threshold``: continuation, growth, contraction, merge
    or split, as :func:`militnet.community_lifecycle` reads them), light grey
    where a few groups move between communities that are not matched. Births
    are marked with a circle, deaths with a cross, merges and splits with a
    diamond. Each community is labelled, at its first day and whenever its
    best-connected members change, by its number and its ``top``
    best-connected members that day (short names: ``"TTP"``).

    Parameters
    ----------
    net : Network
    start, end, freq, dates
        The days, as in :meth:`Network.series <militnet.Network.series>`
        (default: every 1 January of the data's date range).
    ax : matplotlib.axes.Axes, optional
        Where to draw (default: a new figure of ``figsize``).
    policy, method, resolution, seed
        As in :func:`militnet.communities` (default alliance and pledge ties).
    threshold : float, default 0.3
        Minimum Jaccard overlap for two communities to match.
    min_size : int, default 3
        Smallest community drawn (singletons and pairs are not communities;
        the events agree with ``community_lifecycle(..., min_size=3)``).
    top : int, default 2
        How many members name a community.
    legend, title, fontsize, figsize
        The legend (colours are the numbers; the marks), the title (default:
        the dataset and the matching), the label size in points, the size of
        a new figure (16:9).

    Returns
    -------
    matplotlib.axes.Axes
        Bars are rectangles with gid ``community-<number>-<YYYY-MM-DD>``,
        bands patches with gid ``flow-<number>-<number>-<YYYY-MM-DD>`` (the
        day the band leaves), marks lines with gid ``birth-...``,
        ``death-...``, ``merge-...``, ``split-...``.

    Examples
    --------
    >>> import militnet, militnet.plot
    >>> net = militnet.load_dataset("afpak")
    >>> ax = militnet.plot.lifecycle(net, "2013-01-01", "2016-01-01")
    >>> sorted({p.get_gid().split("-")[0] for p in ax.patches if p.get_gid()})
    ['community', 'flow']
    >>> [t.get_text() for t in ax.get_xticklabels()]
    ['2013', '2014', '2015', '2016']
    """
    from matplotlib.lines import Line2D
    from matplotlib.patches import PathPatch, Rectangle
    from matplotlib.path import Path

    from militnet._algorithms.series import series_dates
    from militnet._core.policy import tie_policy

    pol = tie_policy(policy, {}, call="militnet.plot.lifecycle")
    days = series_dates(net, start, end, freq, dates)
    al = alluvial(
        net,
        days,
        pol,
        method=method,
        resolution=resolution,
        threshold=threshold,
        min_size=min_size,
        seed=seed,
        top=top,
    )
    ax = new_axes(ax, figsize)
    half = _BAR / 2
    where = {(b.day, b.number): b for b in al.bars}
    iso = [d.isoformat() for d in days]

    def colour(n: int) -> str:
        return community_color(n)

    for b in al.bars:
        ax.add_patch(
            Rectangle(
                (b.day - half, b.y0),
                _BAR,
                len(b.members),
                facecolor=colour(b.number),
                edgecolor="#333333",
                linewidth=0.6,
                zorder=3,
                gid=f"community-{b.number}-{iso[b.day]}",
            )
        )
    # bands: out of each bar in the order of the bars they reach, into each bar
    # in the order of the bars they leave
    out_y = {(b.day, b.number): b.y0 for b in al.bars}
    in_y = dict(out_y)
    flows = sorted(al.flows, key=lambda f: (f.day, where[(f.day, f.before)].y0))
    placed = []
    for f in sorted(flows, key=lambda f: (f.day, f.before, where[(f.day + 1, f.after)].y0)):
        y0 = out_y[(f.day, f.before)]
        out_y[(f.day, f.before)] += f.groups
        placed.append((f, y0))
    ends = {}
    for f in sorted(flows, key=lambda f: (f.day, f.after, where[(f.day, f.before)].y0)):
        ends[f] = in_y[(f.day + 1, f.after)]
        in_y[(f.day + 1, f.after)] += f.groups
    for f, y0 in placed:
        y1 = ends[f]
        x0, x1 = f.day + half, f.day + 1 - half
        mid = (x0 + x1) / 2
        w = f.groups
        verts = [
            (x0, y0),
            (mid, y0),
            (mid, y1),
            (x1, y1),
            (x1, y1 + w),
            (mid, y1 + w),
            (mid, y0 + w),
            (x0, y0 + w),
            (x0, y0),
        ]
        codes = [Path.MOVETO, *[Path.CURVE4] * 3, Path.LINETO, *[Path.CURVE4] * 3, Path.CLOSEPOLY]
        ax.add_patch(
            PathPatch(
                Path(verts, codes),
                facecolor=colour(f.before) if f.matched else "#c4c9d1",
                edgecolor="none",
                alpha=0.45 if f.matched else 0.55,
                zorder=1 if f.matched else 0.5,
                gid=f"flow-{f.before}-{f.after}-{iso[f.day]}",
            )
        )
    # marks
    marks = {
        "birth": ("o", "white", 7.5),
        "death": ("X", "#222222", 8.0),
        "merge": ("D", "#222222", 6.0),
        "split": ("D", "white", 6.0),
    }
    for kind, k, bl, nl in al.events:
        marker, face, size = marks[kind]
        if kind in ("birth", "merge"):
            b = where[(k + 1, nl[0])]
            x = b.day - half
        else:
            b = where[(k, bl[0])]
            x = b.day + half
        ax.add_line(
            Line2D(
                [x],
                [b.y0 + len(b.members) / 2],
                marker=marker,
                markersize=size,
                markerfacecolor=face,
                markeredgecolor="#222222",
                linestyle="",
                zorder=5,
                gid=f"{kind}-{'-'.join(map(str, bl + nl))}-{iso[k + 1]}",
            )
        )
    # labels: at a community's first day, and when its best-connected members change
    shown: dict[int, tuple[str, int]] = {}
    labels: list[tuple[Bar, bool]] = []
    for b in sorted(al.bars, key=lambda b: (b.day, b.number)):
        first = b.label.split(", ")[0]
        last = shown.get(b.number)
        if (
            last is not None
            and (b.day - 1, b.number) in where
            and (last[0] == first or b.day - last[1] < 4)
        ):
            continue
        labels.append((b, last is None))
        shown[b.number] = (first, b.day)
    top_y = max((b.y0 + len(b.members) for b in al.bars), default=1.0)
    ax.set_xlim(-0.4, len(days) - 0.35)
    ax.set_ylim(-0.8, top_y + 0.8)
    ax.set_xticks(range(len(days)))
    yearly = all(d.month == 1 and d.day == 1 for d in days)
    ax.set_xticklabels(
        [str(d.year) if yearly else d.isoformat() for d in days],
        fontsize=0.9 * fontsize,
        rotation=0 if yearly else 45,
    )
    ax.set_yticks([])
    for side in ("left", "right", "top"):
        ax.spines[side].set_visible(False)
    ax.set_ylabel("groups in communities (bar height: members)", fontsize=0.9 * fontsize)
    if title is None:
        name = str(net.metadata.get("title") or net.name or "network")
        title = (
            f"{name}: communities {days[0].year}–{days[-1].year}\n"
            f"{method.replace('_', ' ').capitalize()} on {'+'.join(pol.types)} ties, "
            f"matched by Jaccard ≥ {threshold:g}; communities of {min_size}+ groups, "
            "numbered and coloured as long as they continue"
        )
        title = literal(title)  # the dataset's title is data: drawn as written
    ax.set_title(title, fontsize=1.1 * fontsize)
    if legend:
        add_legend(
            ax,
            [
                (
                    "marks",
                    [
                        Line2D(
                            [],
                            [],
                            marker=marks[k][0],
                            markerfacecolor=marks[k][1],
                            markeredgecolor="#222222",
                            linestyle="",
                            markersize=marks[k][2],
                            label=lab,
                        )
                        for k, lab in (
                            ("birth", "birth"),
                            ("death", "death (dissolved)"),
                            ("merge", "merge"),
                            ("split", "split"),
                        )
                    ],
                ),
                (
                    "bands",
                    [
                        Line2D(
                            [], [], color="#7f7f7f", lw=6, alpha=0.6, label="matched (continues)"
                        ),
                        Line2D([], [], color="#c4c9d1", lw=6, alpha=0.8, label="a few groups move"),
                    ],
                ),
            ],
            fontsize=0.85 * fontsize,
        )
    _place_labels(ax, labels, half, fontsize)
    return ax


def _variants(b: Bar) -> list[str]:
    """A label from the longest to the shortest: number, members, size."""
    names = b.label.split(", ")
    out = [
        f"{b.number} · {', '.join(names[:k])} ({len(b.members)})" for k in range(len(names), 0, -1)
    ]
    return [literal(s) for s in (*out, f"{b.number} · {names[0]}", str(b.number))]


def _place_labels(ax: Axes, labels: list[tuple[Bar, bool]], half: float, fontsize: float) -> None:
    """Draw the labels right of their bars, left to right, each in the longest
    form that overlaps no label drawn before it; a label that does not fit in
    any form is left out, unless it is a community's first (then in its
    shortest form, the labels it overlaps shortened to make room)."""
    fig = ax.get_figure(root=True)
    if fig is None:  # pragma: no cover - an axes always has a figure here
        return
    if fig.get_layout_engine() is not None:
        fig.draw_without_rendering()  # the layout fixes the pixels of a data unit
    get = getattr(fig.canvas, "get_renderer", None)  # Agg; else matplotlib finds one
    renderer = get() if get is not None else None
    kept: list[tuple[Any, list[str]]] = []

    def box(t: Any) -> Any:
        return t.get_window_extent(renderer).expanded(1.04, 1.15)

    for b, first in sorted(labels, key=lambda x: (x[0].day, x[0].number)):
        forms = _variants(b)
        t = ax.text(
            b.day + half + 0.12,
            b.y0 + len(b.members) / 2,
            forms[0],
            fontsize=0.9 * fontsize,
            va="center",
            ha="left",
            zorder=6,
            bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.8},
        )
        fits = False
        for form in forms:
            t.set_text(form)
            if not any(box(t).overlaps(box(k)) for k, _ in kept):
                fits = True
                break
        if not fits and not first:
            t.remove()
            continue
        if not fits:  # a community's first label: make room in the labels before it
            mine = box(t)
            for k, kforms in kept:
                for form in kforms:
                    k.set_text(form)
                    if not box(k).overlaps(mine):
                        break
        kept.append((t, forms))
