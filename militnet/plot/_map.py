"""``militnet.plot.map``: where the events happened, coloured by group, over country outlines."""

from __future__ import annotations

import datetime as _dt
import math
from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from militnet._core.dates import PartialDate, as_day
from militnet._core.errors import ArgumentError, DateError
from militnet._core.model import EVENT_KINDS, EVENT_ROLES
from militnet.plot._common import add_legend, literal, new_axes

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from militnet._algorithms.event_details import EventInfo
    from militnet._classes.network import Network

__all__ = ["map"]

#: Group colours, strongest first: the colour-blind-safe cycle of
#: :data:`militnet._views.style.CATEGORY_COLORS` (Okabe & Ito), reordered so the
#: first groups get the colours that read best on pale land; grey is kept for
#: "other groups".
GROUP_COLORS: tuple[str, ...] = (
    "#d55e00",
    "#0072b2",
    "#009e73",
    "#cc79a7",
    "#e69f00",
    "#56b4e9",
    "#f0e442",
)
OTHER_COLOR = "#999999"
_S_MIN = 16.0  # marker area (points²) of an event without fatalities, or of every event
_S_MAX = 520.0  # marker area of the event with the most fatalities
_S_UNKNOWN = 40.0  # area of the hollow marker of an event whose fatalities are not reported


def _bound(value: Any, side: str) -> _dt.date | None:
    """A ``start``/``end`` argument as a day: a partial date (``"2015"``) gives
    its first (``start``) or last (``end``) day."""
    if value is None:
        return None
    if isinstance(value, str):
        try:
            p = PartialDate.parse(value)
        except DateError as exc:
            raise DateError(f"{side}: {exc}") from None
        if not p:
            raise DateError(f"{side} must be a date, got {value!r}")
        return p.first_day() if side == "start" else p.last_day()
    return as_day(value)


def _nice(x: float) -> float:
    """The largest of 1, 2, 5 × 10^k not above ``x`` (``x`` ≥ 1)."""
    k = 10 ** math.floor(math.log10(x))
    for m in (5, 2, 1):
        if m * k <= x:
            return float(m * k)
    return float(k)


def _select(
    infos: dict[str, EventInfo],
    lo: _dt.date | None,
    hi: _dt.date | None,
    gids: set[str] | None,
    kinds: set[str] | None,
    roles: set[str],
) -> list[EventInfo]:
    """Events that meet ``[lo, hi]``, of the kinds, with a selected group in a selected role."""
    out = []
    for info in infos.values():
        if (lo is not None or hi is not None) and info.first is None:
            continue
        if lo is not None and info.last is not None and info.last < lo:
            continue
        if hi is not None and info.first is not None and info.first > hi:
            continue
        if kinds is not None and info.kind not in kinds:
            continue
        if gids is not None and not any(g in gids and r in roles for g, r, _c in info.actors):
            continue
        out.append(info)
    return out


def _extent(
    points: list[tuple[float, float]], countries: list[str]
) -> tuple[float, float, float, float]:
    """A padded box around the points (or the events' countries), at least 6° × 4°,
    widened to a landscape shape that fits a slide."""
    from militnet._core.places import country_bbox

    if points:
        lons = [p[0] for p in points]
        lats = [p[1] for p in points]
        w, e, s, n = min(lons), max(lons), min(lats), max(lats)
    else:
        boxes = [b for b in (country_bbox(c) for c in countries) if b is not None]
        if not boxes:
            raise ArgumentError(
                "no event to place: none has coordinates or a known country; give extent="
            )
        w, s = min(b[0] for b in boxes), min(b[1] for b in boxes)
        e, n = max(b[2] for b in boxes), max(b[3] for b in boxes)
    pad_x = max(0.15 * (e - w), 1.5)
    pad_y = max(0.15 * (n - s), 1.2)
    w, e, s, n = w - pad_x, e + pad_x, s - pad_y, n + pad_y
    mid = (s + n) / 2
    kx = math.cos(math.radians(min(max(mid, -80.0), 80.0)))
    width, height = (e - w) * kx, n - s
    width, height = max(width, 6.0 * kx), max(height, 4.0)
    # landscape, between 4:3 and 16:9 on screen
    if width < 1.35 * height:
        width = 1.35 * height
    elif width > 1.8 * height:
        height = width / 1.8
    cx, cy = (w + e) / 2, (s + n) / 2
    half_lon, half_lat = width / kx / 2, height / 2
    s2, n2 = max(cy - half_lat, -90.0), min(cy + half_lat, 90.0)
    return (cx - half_lon, cx + half_lon, s2, n2)


def _spread(
    placed: list[EventInfo], box: tuple[float, float, float, float]
) -> dict[str, tuple[float, float]]:
    """Where each event is drawn: at its coordinates, or, when several events share
    the same point (a city centre), on a small ring around it, in date order from
    the top clockwise, so that every one of them shows."""
    _lon0, _lon1, lat0, lat1 = box
    kx = math.cos(math.radians(min(max((lat0 + lat1) / 2.0, -80.0), 80.0)))
    at: dict[tuple[float, float], list[EventInfo]] = {}
    for i in placed:
        at.setdefault((round(i.longitude or 0.0, 4), round(i.latitude or 0.0, 4)), []).append(i)
    out: dict[str, tuple[float, float]] = {}
    for (lon, lat), items in at.items():
        if len(items) == 1:
            out[items[0].id] = (float(items[0].longitude or 0.0), float(items[0].latitude or 0.0))
            continue
        r = (lat1 - lat0) * (0.012 + 0.002 * min(len(items), 12))
        for n, i in enumerate(items):  # already in date order
            a = math.pi / 2 - 2 * math.pi * n / len(items)
            out[i.id] = (lon + r * math.cos(a) / kx, lat + r * math.sin(a))
    return out


def _check_extent(extent: Any) -> tuple[float, float, float, float]:
    try:
        lon0, lon1, lat0, lat1 = (float(v) for v in extent)
    except (TypeError, ValueError):
        raise ArgumentError(
            f"extent must be (lon_min, lon_max, lat_min, lat_max), got {extent!r}"
        ) from None
    if not (lon0 < lon1 and -90.0 <= lat0 < lat1 <= 90.0):
        raise ArgumentError(f"extent must be (lon_min, lon_max, lat_min, lat_max), got {extent!r}")
    return (lon0, lon1, lat0, lat1)


def _size_scale(fatalities: list[int]) -> tuple[float, list[int]]:
    """Marker area per death (points²: the largest event gets ``_S_MAX``) and the
    values shown on the size legend (round numbers up to the largest)."""
    top = max(fatalities, default=0)
    if top < 1:
        return 0.0, []
    k = (_S_MAX - _S_MIN) / top
    values = sorted({int(_nice(max(top / d, 1))) for d in (1, 3, 10)})
    return k, values


def _title(
    who: str, n: int, lo: Any, hi: Any, drawn: list[EventInfo], kinds: set[str] | None
) -> str:
    def text(v: Any) -> str:
        return v if isinstance(v, str) else as_day(v).isoformat()

    first = text(lo) if lo is not None else (drawn[0].date if drawn else "")
    last = text(hi) if hi is not None else ""
    if hi is None and drawn:
        ends = [i for i in drawn if i.last is not None]
        last = max(ends, key=lambda i: (i.last, i.id)).date if ends else ""
    what = " and ".join(sorted(kinds)) + "s" if kinds and len(kinds) <= 2 else "events"
    when = (
        f", {first} to {last}" if first and last and first != last else f", {first}" * bool(first)
    )
    return f"{who}: {n} {what[:-1] if n == 1 and what.endswith('s') else what}{when}"


def map(
    net: Network,
    start: Any = None,
    end: Any = None,
    *,
    groups: Iterable[str] | str | None = None,
    kinds: Iterable[str] | str | None = None,
    roles: Iterable[str] | str | None = None,
    ax: Axes | None = None,
    title: str | None = None,
    size_by: str | None = "fatalities",
    extent: tuple[float, float, float, float] | None = None,
    max_groups: int = 7,
    labels: bool = True,
    legend: bool = True,
    figsize: tuple[float, float] = (11.0, 7.0),
) -> Axes:
    """Where the events happened: one marker per event, coloured by group, over country outlines.

    Events with coordinates (``latitude``, ``longitude``) are drawn at them
    over Natural Earth country outlines shipped with militnet (public domain;
    nothing is downloaded, no tile server is used). The map uses a plain
    equirectangular projection (x = longitude, y = latitude, the aspect right
    at mid-latitude).

    **An event with several actors is drawn once**, in the colour of its *lead
    actor*: its first perpetrator (in ``event_actors`` order), else its first
    claimant, else its first participant, signatory, denier, then target; with
    ``groups``, the lead is looked for among those groups only. So the Quetta
    police-college attack of 2016-10-24 (LeJ-A perpetrator, IS-K claimant) is
    drawn in LeJ-A's colour on a map of all groups and in IS-K's on a map of
    IS-K. The first ``max_groups`` groups by number of events drawn get a
    colour each; the others are grey ("other groups"). Events at the very
    same coordinates (often a city centre standing for "somewhere in the
    city") are spread on a small ring around that point, in date order
    clockwise from the top, so each of them shows.

    Parameters
    ----------
    net : Network
        A network with events (:attr:`Network.has_events <militnet.Network.has_events>`).
    start, end : date, optional
        Keep the events that meet this span (both days included). Partial
        dates widen outwards: ``start="2015", end="2024"`` is 2015-01-01 to
        2024-12-31. An event of unknown date is dropped when either is given.
    groups : str or iterable of str, optional
        Keep the events of these groups (ids or any name :meth:`Network.resolve
        <militnet.Network.resolve>` accepts); default all.
    kinds : str or iterable of str, optional
        Keep these kinds of event (``"attack"``, ``"clash"``...; default all).
    roles : str or iterable of str, optional
        The roles through which ``groups`` count (default all, targets
        included: a map of a group shows what it did and what was done to it;
        ``roles=("perpetrator", "claimant")`` shows its attacks only).
    ax : matplotlib.axes.Axes, optional
        Where to draw (default: a new figure of ``figsize``).
    title : str, optional
        Default: the groups (or "All groups"), the number of events and the
        date range (``start``/``end`` as given, else the events' first and
        last dates).
    size_by : {"fatalities", None}
        Marker area proportional to the event's ``fatalities`` (a size legend
        shows the scale; an event with unknown fatalities is a hollow marker of
        the smallest size), or ``None`` for one size.
    extent : tuple of float, optional
        ``(lon_min, lon_max, lat_min, lat_max)`` in degrees. Default: the
        events drawn, padded and widened to a landscape shape (or, if none has
        coordinates, the countries they name).
    max_groups : int
        How many groups get a colour of their own.
    labels : bool
        Write country names.
    legend : bool
        Legend of the groups (and of the sizes), right of the map.
    figsize : tuple of float
        Size of a new figure, in inches.

    Returns
    -------
    matplotlib.axes.Axes
        The map. The events are one scatter collection with ``gid``
        ``"events"`` (one offset per event drawn, in drawing order: largest
        first); the land and borders have ``gid`` ``"country-land"`` and
        ``"country-borders"``. A note under the map counts the selected
        events that have no coordinates (not drawn).

    Examples
    --------
    >>> import militnet, militnet.plot
    >>> from militnet import Group, Network, Relation, Source
    >>> net = Network(
    ...     [Group("isk", "IS-K"), Group("lej-a", "LeJ-A")], [], [Source("s1", title="A")],
    ...     events=[{"id": "e1", "date": "2016-10-24", "kind": "attack",
    ...              "country": "Pakistan", "place": "Quetta", "latitude": "30.18",
    ...              "longitude": "66.98", "fatalities": "61", "sources": "s1"}],
    ...     event_actors=[{"event": "e1", "group": "lej-a", "role": "perpetrator"},
    ...                   {"event": "e1", "group": "isk", "role": "claimant"}])
    >>> ax = militnet.plot.map(net, "2015", "2024", groups="isk")
    >>> ax.get_title()
    'IS-K: 1 event, 2015 to 2024'
    >>> [len(c.get_offsets()) for c in ax.collections if c.get_gid() == "events"]
    [1]
    """
    from matplotlib.colors import to_rgba
    from matplotlib.lines import Line2D

    from militnet._algorithms.event_details import event_infos
    from militnet.plot._outlines import draw_countries

    if size_by not in ("fatalities", None):
        raise ArgumentError(f"size_by must be 'fatalities' or None, got {size_by!r}")
    if isinstance(max_groups, bool) or not isinstance(max_groups, int) or max_groups < 0:
        raise ArgumentError(f"max_groups must be a non-negative integer, got {max_groups!r}")
    lo, hi = _bound(start, "start"), _bound(end, "end")
    if lo is not None and hi is not None and hi < lo:
        raise DateError(f"end {end} is before start {start}")
    gids = None
    if groups is not None:
        items = [groups] if isinstance(groups, str) else list(groups)
        gids = set(dict.fromkeys(net.resolve(g) for g in items))
    kind_set = _vocabulary(kinds, EVENT_KINDS, "kind")
    role_set = _vocabulary(roles, EVENT_ROLES, "role") or set(EVENT_ROLES)
    if roles is not None and gids is None:
        raise ArgumentError("roles= needs groups=")

    selected = _select(event_infos(net), lo, hi, gids, kind_set, role_set)
    placed = [
        i
        for i in selected
        if i.latitude is not None
        and i.longitude is not None
        and -90 <= i.latitude <= 90
        and -180 <= i.longitude <= 180
    ]
    lead_among = (
        {g for i in selected for g, r, _c in i.actors if g in gids and r in role_set}
        if gids is not None
        else None
    )
    lead = {i.id: i.lead(lead_among) for i in placed}
    counts = Counter(g for g in lead.values() if g)
    coloured = [g for g, _n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
    coloured = coloured[:max_groups]
    colour = {g: GROUP_COLORS[k % len(GROUP_COLORS)] for k, g in enumerate(coloured)}

    box = (
        _check_extent(extent)
        if extent is not None
        else _extent(
            [(float(i.longitude or 0.0), float(i.latitude or 0.0)) for i in placed],
            [i.country for i in selected if i.country],
        )
    )
    ax = new_axes(ax, figsize)
    draw_countries(ax, box, label=labels, fontsize=10.0)

    k, legend_sizes = _size_scale([i.fatalities or 0 for i in placed]) if size_by else (0.0, [])

    def area(i: EventInfo) -> float:
        if not size_by:
            return 36.0
        return _S_UNKNOWN if i.fatalities is None else _S_MIN + k * i.fatalities

    order = sorted(placed, key=lambda i: (-area(i), i.first or _dt.date.min, i.id))
    cols = [colour.get(lead[i.id], OTHER_COLOR) for i in order]
    hollow = [bool(size_by) and i.fatalities is None for i in order]
    clear = (0.0, 0.0, 0.0, 0.0)
    faces = [clear if h else to_rgba(c, 0.78) for c, h in zip(cols, hollow, strict=True)]
    edges = [
        to_rgba(c if h else "white", 1.0 if h else 0.9) for c, h in zip(cols, hollow, strict=True)
    ]
    where = _spread(placed, box)
    coll = ax.scatter(
        [where[i.id][0] for i in order],
        [where[i.id][1] for i in order],
        s=[area(i) for i in order],
        facecolors=faces or "none",
        edgecolors=edges or "none",
        linewidths=[1.4 if h else 0.7 for h in hollow],
        zorder=3,
    )
    coll.set_gid("events")

    names = {str(g): str(n) for g, n in net.groups["name"].items()}
    if title is None:
        who = (
            ", ".join(names.get(g, g) for g in sorted(gids, key=lambda g: names.get(g, g)))
            if gids
            else "All groups"
        )
        title = literal(_title(who, len(placed), start, end, selected, kind_set))
    ax.set_title(title, fontsize=14)
    missing = len(selected) - len(placed)
    if missing:
        ax.set_xlabel(
            f"{missing} of {len(selected)} selected events have no coordinates and are not drawn.",
            fontsize=9,
            color="#555555",
        )
    if legend:
        dot: dict[str, Any] = {
            "marker": "o",
            "linestyle": "",
            "markeredgecolor": "white",
            "markersize": 9,
        }
        handles = [
            Line2D(
                [], [], color=colour[g], label=literal(f"{names.get(g, g)} ({counts[g]})"), **dot
            )
            for g in coloured
        ]
        rest = sum(n for g, n in counts.items() if g not in colour) + sum(
            1 for i in placed if not lead[i.id]
        )
        if rest:
            handles.append(Line2D([], [], color=OTHER_COLOR, label=f"other groups ({rest})", **dot))
        sizes = [
            Line2D(
                [],
                [],
                marker="o",
                linestyle="",
                color="#777777",
                markeredgecolor="white",
                markersize=math.sqrt(_S_MIN + k * v),
                label=f"{v:,}",
            )
            for v in legend_sizes
        ]
        if any(hollow):
            sizes.append(
                Line2D(
                    [],
                    [],
                    marker="o",
                    linestyle="",
                    markerfacecolor="none",
                    markeredgecolor="#555555",
                    markersize=math.sqrt(_S_UNKNOWN),
                    label="not reported",
                )
            )
        add_legend(
            ax,
            [("group (lead actor)", handles), ("fatalities", sizes)],
            fontsize=10.0,
            labelspacing=0.9 if sizes else 0.5,
        )
    return ax


def _vocabulary(
    value: Iterable[str] | str | None, known: tuple[str, ...], what: str
) -> set[str] | None:
    if value is None:
        return None
    items = {value} if isinstance(value, str) else set(value)
    bad = sorted(items - set(known))
    if bad:
        raise ArgumentError(f"unknown event {what} {bad[0]!r}; expected one of {', '.join(known)}")
    return items
