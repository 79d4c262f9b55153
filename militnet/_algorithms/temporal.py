"""Time-respecting paths, reachability and temporal betweenness (issue 24).

Influence travels along ties in time order: a chain A–B then B–C links A to C
only if A reached B before the B–C tie ended. Every measure here reads each
relation as the one interval of days on which :meth:`Network.ties
<militnet.Network.ties>` shows it (onset inclusive, end exclusive, partial
dates under the tie policy's date policy, open-ended ties lapsing under its
``stale_after``, both groups alive), so a hop is explained by the same
relations, dates and sources as a snapshot. The search itself is in
:mod:`militnet._engine.journeys`.
"""

from __future__ import annotations

import datetime as _dt
import heapq
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import numpy as np

from militnet._core.citation import order_sources
from militnet._core.dates import as_day
from militnet._core.errors import ArgumentError
from militnet._core.model import split_list
from militnet._core.policy import TiePolicy, tie_policy
from militnet._engine.journeys import Arcs, arcs, journey_kernels
from militnet._engine.snapshot import NEG, POS

if TYPE_CHECKING:
    import pandas as pd

    from militnet._classes.network import Network

__all__ = [
    "journey",
    "reachability",
    "temporal_betweenness",
    "temporal_closeness",
    "temporal_paths",
]

#: Columns of :func:`temporal_paths`.
PATH_COLUMNS = (
    "source",
    "target",
    "target_name",
    "arrival",
    "hops",
    "path",
    "days",
    "relations",
)

#: Columns of :func:`journey`.
JOURNEY_COLUMNS = (
    "hop",
    "from",
    "to",
    "from_name",
    "to_name",
    "day",
    "relation",
    "recorded",
    "type",
    "confidence",
    "start",
    "end",
    "last_attested",
    "active_from",
    "active_until",
    "other_relations",
    "evidence",
    "sources",
    "source_titles",
)


# -- arguments -----------------------------------------------------------------


def _window(start: Any, end: Any) -> tuple[int, int]:
    w0 = int(NEG) if start is None else as_day(start).toordinal()
    w1 = int(POS) if end is None else as_day(end).toordinal()
    if w1 <= w0:
        raise ArgumentError(f"the window is empty: end ({end}) must come after start ({start})")
    return w0, w1


def _window_dates(start: Any, end: Any) -> list[str]:
    return [as_day(d).isoformat() for d in (start, end) if d is not None]


def _max_wait(value: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, _dt.timedelta):
        days = value.days
    elif isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        days = int(value)
    else:
        raise ArgumentError(
            f"max_wait must be a number of days or a datetime.timedelta, got {value!r}"
        )
    if days < 0:
        raise ArgumentError(f"max_wait must not be negative, got {value!r}")
    return days


def _iso(o: int) -> str:
    return "" if o <= NEG or o >= POS else _dt.date.fromordinal(int(o)).isoformat()


def _dates(ordinals: np.ndarray) -> pd.Series:
    """Ordinals as datetime64 (NaT where unbounded: reached "since always")."""
    import pandas as pd

    vals = np.asarray(ordinals, dtype=np.int64)
    ok = (vals > NEG) & (vals < POS)
    out = np.full(len(vals), np.datetime64("NaT"), dtype="datetime64[D]")
    out[ok] = (vals[ok] - _dt.date(1970, 1, 1).toordinal()).astype("datetime64[D]")
    return pd.Series(out.astype("datetime64[ns]"))


# -- one source ------------------------------------------------------------------

#: A hop: (tail group, head group, day taken, arc index in :class:`Arcs`).
Hop = tuple[int, int, int, int]


def _tails(a: Arcs) -> np.ndarray:
    return np.repeat(np.arange(a.n, dtype=np.int64), np.diff(a.indptr))


def _from_source(a: Arcs, s: int) -> tuple[np.ndarray, np.ndarray, dict[int, list[Hop]]]:
    """Earliest arrival, hops and the fewest-hop prefix-foremost journey to
    every group reached from ``s`` (compiled search)."""
    arr, hops, pred, order = journey_kernels()["search"](a, s)
    tails = _tails(a)
    paths: dict[int, list[Hop]] = {s: []}
    for v in order.tolist():
        if v == s:
            continue
        k = int(pred[v])
        u = int(tails[k])
        paths[v] = [*paths[u], (u, v, int(arr[v]), k)]
    return arr, hops, paths


def _from_source_waiting(
    a: Arcs, s: int, wait: int
) -> tuple[np.ndarray, np.ndarray, dict[int, list[Hop]]]:
    """Earliest arrival from ``s`` when a group passes influence on at most
    ``wait`` days after it was reached (the source itself may set off on any
    day of the window).

    Arrival is then no longer "the earlier the better" (a group reached later
    can catch a tie that starts later), so the search keeps, per group, the
    *sets* of days it can be reached on: intervals ``[first, last]``, each with
    the interval and arc it came from. A hop from an interval ``[p, q]`` along
    an arc active on ``[lo, hi)`` can be taken on any day of ``[max(p, lo),
    min(q + wait, hi - 1)]``, which becomes an interval of the head. An
    interval already covered by the head's intervals adds nothing and is
    dropped, so the search ends. Intervals are expanded in order of their first
    day, then hops.
    """
    n = a.n
    tails = _tails(a)
    w_end = a.w1 - 1 if a.w1 < POS else int(POS) - 1
    # records: node, first, last, parent record, arc, hops
    recs: list[tuple[int, int, int, int, int, int]] = [(s, a.w0, w_end, -1, -1, 0)]
    cover: list[list[tuple[int, int]]] = [[] for _ in range(n)]
    cover[s].append((a.w0, w_end))
    heap = [(a.w0, 0, 0)]
    while heap:
        _, _, r = heapq.heappop(heap)
        u, p, q, _, _, h = recs[r]
        reach = q if r == 0 else min(q + wait, int(POS) - 1)
        for k in range(int(a.indptr[u]), int(a.indptr[u + 1])):
            lo, hi = int(a.lo[k]), int(a.hi[k])
            first, last = max(p, lo), min(reach, hi - 1)
            if first > last:
                continue
            v = int(a.head[k])
            if _covered(cover[v], first, last):
                continue
            cover[v].append((first, last))
            recs.append((v, first, last, r, k, h + 1))
            heapq.heappush(heap, (first, h + 1, len(recs) - 1))
    arr = np.full(n, POS, dtype=np.int64)
    hops = np.full(n, -1, dtype=np.int64)
    best: dict[int, int] = {}
    for i, (v, first, _, _, _, h) in enumerate(recs):
        if first < arr[v] or (first == arr[v] and h < hops[v]):
            arr[v], hops[v], best[v] = first, h, i
    paths: dict[int, list[Hop]] = {}
    for v, i in best.items():
        hops_back: list[Hop] = []
        tau = recs[i][1]
        while recs[i][3] >= 0:
            node, _, _, parent, k, _ = recs[i]
            hops_back.append((int(tails[k]), node, tau, k))
            pfirst = recs[parent][1]
            tau = max(pfirst, tau - wait) if recs[parent][3] >= 0 else max(pfirst, tau)
            i = parent
        paths[v] = hops_back[::-1]
    return arr, hops, paths


def _covered(intervals: list[tuple[int, int]], first: int, last: int) -> bool:
    """Whether ``[first, last]`` lies in the union of ``intervals``."""
    day = first
    for lo, hi in sorted(intervals):
        if lo > day:
            break
        if hi >= day:
            day = hi + 1
            if day > last:
                return True
    return day > last


class _Context:
    """What the outputs need: names, relation records, source titles."""

    def __init__(self, net: Network, a: Arcs) -> None:
        self.net = net
        self.a = a
        idx = net.time_index
        self.ids = idx.group_ids
        self.rel_ids = idx.rel_ids
        self.names = net.frame("groups")["name"].to_dict()
        self.relations = net.frame("relations")
        self.sources = net.frame("sources")

    def parallel(self, u: int, v: int, day: int) -> list[int]:
        """Arcs ``u -> v`` active on ``day``, in the order of the arcs."""
        a = self.a
        lo, hi = int(a.indptr[u]), int(a.indptr[u + 1])
        ks = np.arange(lo, hi)
        ks = ks[(a.head[lo:hi] == v) & (a.lo[lo:hi] <= day) & (day < a.hi[lo:hi])]
        return sorted(ks.tolist(), key=lambda k: int(a.rel[k]))

    def hop_relations(self, hop: Hop) -> list[str]:
        u, v, day, k = hop
        ks = self.parallel(u, v, day)
        first = [k] + [x for x in ks if x != k]
        return [self.rel_ids[int(self.a.rel[x])] for x in first]


def _group(net: Network, name: Any, what: str) -> str:
    if not isinstance(name, str):
        raise ArgumentError(f"{what} must be a group name or id, got {name!r}")
    return net.resolve(name)


def _search(
    net: Network,
    source: str,
    w0: int,
    w1: int,
    pol: TiePolicy,
    directed: bool,
    wait: int | None,
) -> tuple[_Context, int, np.ndarray, np.ndarray, dict[int, list[Hop]]]:
    a = arcs(net.time_index, pol, w0, w1, directed=directed)
    ctx = _Context(net, a)
    s = ctx.ids.index(source)
    if wait is None:
        arr, hops, paths = _from_source(a, s)
    else:
        arr, hops, paths = _from_source_waiting(a, s, wait)
    return ctx, s, arr, hops, paths


def _reason(ctx: _Context, s: int, t: int, arr: np.ndarray, w0: int, w1: int) -> str:
    """Why no time-respecting journey leads from ``s`` to ``t``, in words."""
    ids, a = ctx.ids, ctx.a
    window = f"[{_iso(w0) or 'the beginning'}, {_iso(w1) or 'the end'})"
    head = f"no time-respecting path from {ids[s]} to {ids[t]} in {window}"
    into = [k for k in range(len(a.head)) if int(a.head[k]) == t]
    if not into:
        return (
            f"{head}: {ids[t]} has no tie that counts under the policy and leads "
            "into it in the window"
        )
    reached = int(np.count_nonzero(arr < POS)) - 1
    lines = []
    for k in sorted(into, key=lambda k: (int(a.lo[k]), int(a.rel[k])))[:6]:
        u = int(np.searchsorted(a.indptr, k, side="right") - 1)
        rid = ctx.rel_ids[int(a.rel[k])]
        span = f"{_iso(int(a.lo[k])) or '…'} to {_iso(int(a.hi[k])) or '…'}"
        if arr[u] >= POS:
            lines.append(f"{ids[u]}–{ids[t]} ({rid}, active {span}): {ids[u]} is never reached")
        else:
            lines.append(
                f"{ids[u]}–{ids[t]} ({rid}, active {span}) ended before {ids[u]} "
                f"was reached on {_iso(int(arr[u]))}"
            )
    return f"{head} ({ids[s]} reaches {reached} groups); the ties into {ids[t]}: " + "; ".join(
        lines
    )


# -- public --------------------------------------------------------------------


def temporal_paths(
    net: Network,
    source: str,
    target: str | None = None,
    *,
    start: Any = None,
    end: Any = None,
    policy: TiePolicy | None = None,
    directed: bool = False,
    max_wait: int | _dt.timedelta | None = None,
) -> pd.DataFrame:
    """Earliest-arrival time-respecting paths from one group.

    A **time-respecting path** (a *journey*) from ``source`` is a sequence of
    hops, each along a relation active on the day it is taken, the days never
    going back: A–B on day t1, then B–C on a day t2 ≥ t1. Interval onsets are
    inclusive and ends exclusive, and a relation is active on exactly the days
    :meth:`Network.ties <militnet.Network.ties>` shows it under ``policy``
    (types, confidence, partial dates read by the date policy, open-ended ties
    lapsing after ``stale_after``, both groups alive). The source sets off on
    ``start``; a group passes influence on any time after it was reached (or
    within ``max_wait`` days); several hops may be taken on the same day.

    For each group reached, the **earliest arrival** day, and one journey
    arriving then: among the journeys that reach every group on the way at its
    own earliest arrival (prefix-foremost journeys, as R tsna's ``tPath``),
    the one with the fewest hops (ties broken by the earliest-settled
    predecessor, then the relation table's order).

    Parameters
    ----------
    net : Network
    source, target : str
        Any name :meth:`Network.resolve` accepts. Without ``target``, every
        group reached.
    start, end : date, optional
        The window ``[start, end)``: the source sets off on ``start``, and
        only days before ``end`` count. Default: unbounded.
    policy : TiePolicy, optional
        Which relations are ties (default alliance and pledge).
    directed : bool, default False
        False: every relation is usable both ways (influence through a pledge
        flows both to and from the group pledged to). True: a directed
        relation (a pledge: its source pledges to its target) only from its
        source to its target.
    max_wait : int or datetime.timedelta, optional
        The most days a group may wait between being reached and passing the
        influence on (the source is not bound). ``None``: unbounded. With a
        bound, the journey shown is an earliest-arriving one, not always the
        one with the fewest hops.

    Returns
    -------
    pandas.DataFrame
        One row per group reached (the source excluded), by arrival then
        hops: ``source``, ``target``, ``target_name``, ``arrival``
        (datetime64; NaT for "since always", where neither the window nor the
        ties have a first day), ``hops``, ``path`` (group ids, ``;``-joined,
        source first), ``days`` (the day each hop was taken, ``;``-joined) and
        ``relations`` (per hop, the relations active between the two groups
        on that day, ``+``-joined, the one the search took first; hops
        ``;``-joined). ``attrs["provenance"]``; with a ``target`` that is not
        reached, no row and ``attrs["reason"]`` says why. :func:`journey`
        explains each hop with its sources.

    Notes
    -----
    ``O(m log m)`` for ``m`` usable relations (each gives one or two arcs).
    With ``max_wait``, a slower search over sets of reachable days (fine on
    hundreds of relations).

    Examples
    --------
    >>> import militnet
    >>> from militnet import Group, Network, Relation
    >>> net = Network([Group(g, g.upper(), founded="2000") for g in "abcd"], [
    ...     Relation("r1", "a", "b", "alliance", start="2010", end="2012"),
    ...     Relation("r2", "b", "c", "alliance", start="2014", end="2016"),
    ...     Relation("r3", "c", "d", "alliance", start="2008", end="2009")])
    >>> militnet.temporal_paths(net, "a", start="2009-06-01")[
    ...     ["target", "arrival", "hops", "path", "days", "relations"]]
      target    arrival  hops   path                   days relations
    0      b 2010-01-01     1    a;b             2010-01-01        r1
    1      c 2014-01-01     2  a;b;c  2010-01-01;2014-01-01     r1;r2
    >>> militnet.temporal_paths(net, "a", "d").attrs["reason"]  # doctest: +ELLIPSIS
    'no time-respecting path from a to d in [the beginning, the end) (a reaches 2 groups); ...'
    """
    import pandas as pd

    from militnet._algorithms.provenance import provenance

    pol = tie_policy(policy, {}, call="militnet.temporal_paths")
    sid = _group(net, source, "source")
    tid = None if target is None else _group(net, target, "target")
    w0, w1 = _window(start, end)
    wait = _max_wait(max_wait)
    ctx, s, arr, hops, paths = _search(net, sid, w0, w1, pol, bool(directed), wait)
    ids = ctx.ids
    wanted = sorted(
        (v for v in paths if v != s and (tid is None or ids[v] == tid)),
        key=lambda v: (int(arr[v]), int(hops[v]), ids[v]),
    )
    rows = []
    for v in wanted:
        path = paths[v]
        rows.append(
            {
                "source": sid,
                "target": ids[v],
                "target_name": ctx.names.get(ids[v], ""),
                "hops": len(path),
                "path": ";".join([sid, *(ids[h[1]] for h in path)]),
                "days": ";".join(_iso(h[2]) for h in path),
                "relations": ";".join("+".join(ctx.hop_relations(h)) for h in path),
            }
        )
    df = pd.DataFrame(rows, columns=[c for c in PATH_COLUMNS if c != "arrival"])
    df.insert(3, "arrival", _dates(np.array([arr[v] for v in wanted], dtype=np.int64)))
    df["hops"] = df["hops"].astype("int64")
    if tid is not None and not wanted:
        df.attrs["reason"] = (
            f"{tid} is the source" if tid == sid else _reason(ctx, s, ids.index(tid), arr, w0, w1)
        )
    df.attrs["provenance"] = provenance(
        net,
        function="militnet.temporal_paths",
        dates=_window_dates(start, end),
        policy=pol,
        parameters={
            "source": sid,
            "target": tid,
            "start": None if start is None else as_day(start).isoformat(),
            "end": None if end is None else as_day(end).isoformat(),
            "directed": bool(directed),
            "max_wait": wait,
        },
    )
    return df


def journey(
    net: Network,
    source: str,
    target: str,
    start: Any = None,
    end: Any = None,
    *,
    policy: TiePolicy | None = None,
    directed: bool = False,
    max_wait: int | _dt.timedelta | None = None,
) -> pd.DataFrame:
    """The earliest-arrival journey from ``source`` to ``target``, one row per
    hop, with the relation behind it and its sources (so it can be cited).

    The journey is the one :func:`temporal_paths` gives for ``target`` (same
    parameters).

    Returns
    -------
    pandas.DataFrame
        One row per hop: ``hop`` (1, 2, ...), ``from``, ``to``, ``from_name``,
        ``to_name``, ``day`` (datetime64: the day the hop was taken),
        ``relation`` (the id), ``recorded`` (the relation as recorded,
        ``"iskp pledge is"``: which way a pledge points), ``type``,
        ``confidence``, ``start``, ``end``, ``last_attested`` (as recorded),
        ``active_from``, ``active_until`` (the days it counts as active in the
        window under the policy, the second exclusive; ``""`` unbounded),
        ``other_relations`` (further relations between the two groups active
        that day, ``;``-joined), ``evidence``, ``sources`` (strongest first)
        and ``source_titles``. ``attrs["arrival"]`` (ISO day or ``None``),
        ``attrs["reason"]`` when there is no journey (no row then), and
        ``attrs["provenance"]``.

    Examples
    --------
    >>> import militnet
    >>> from militnet import Group, Network, Relation, Source
    >>> net = Network([Group(g, g.upper(), founded="2000") for g in "abc"], [
    ...     Relation("r1", "a", "b", "alliance", start="2010", end="2012", sources="s"),
    ...     Relation("r2", "c", "b", "pledge", start="2014", sources="s")],
    ...     sources=[Source("s", title="A report")])
    >>> militnet.journey(net, "a", "c")[["hop", "from", "to", "day", "relation", "recorded",
    ...                                   "source_titles"]]
       hop from to        day relation        recorded source_titles
    0    1    a  b 2010-01-01       r1  a alliance b      A report
    1    2    b  c 2014-01-01       r2      c pledge b      A report
    >>> militnet.journey(net, "a", "c", directed=True).attrs["reason"]  # doctest: +ELLIPSIS
    'no time-respecting path from a to c in [the beginning, the end): c has no tie ...'
    """
    import pandas as pd

    from militnet._algorithms.provenance import provenance

    pol = tie_policy(policy, {}, call="militnet.journey")
    sid = _group(net, source, "source")
    tid = _group(net, target, "target")
    w0, w1 = _window(start, end)
    wait = _max_wait(max_wait)
    ctx, s, arr, _, paths = _search(net, sid, w0, w1, pol, bool(directed), wait)
    t = ctx.ids.index(tid)
    ids, a, rel = ctx.ids, ctx.a, ctx.relations
    rows = []
    path = paths.get(t, []) if t != s else []
    for i, hop in enumerate(path, 1):
        u, v, day, k = hop
        rids = ctx.hop_relations(hop)
        rid = rids[0]
        rec = {str(k): v for k, v in rel.loc[rid].to_dict().items()}
        srcs = order_sources(split_list(rec["sources"]), ctx.sources)
        titles = ctx.sources["title"].to_dict() if "title" in ctx.sources else {}
        rows.append(
            {
                "hop": i,
                "from": ids[u],
                "to": ids[v],
                "from_name": ctx.names.get(ids[u], ""),
                "to_name": ctx.names.get(ids[v], ""),
                "day": day,
                "relation": rid,
                "recorded": f"{rec['source']} {rec['type']} {rec['target']}",
                "type": rec["type"],
                "confidence": rec["confidence"],
                "start": rec["start"],
                "end": rec["end"],
                "last_attested": rec.get("last_attested", ""),
                "active_from": _iso(int(a.lo[k])),
                "active_until": _iso(int(a.hi[k])),
                "other_relations": ";".join(rids[1:]),
                "evidence": rec.get("evidence", ""),
                "sources": ";".join(srcs),
                "source_titles": ";".join(titles.get(x, "") for x in srcs),
            }
        )
    df = pd.DataFrame(rows, columns=list(JOURNEY_COLUMNS))
    df["day"] = _dates(np.array([r["day"] for r in rows], dtype=np.int64)).to_numpy()
    df["hop"] = df["hop"].astype("int64")
    df.attrs["arrival"] = _iso(int(arr[t])) or None if path else None
    if not path:
        df.attrs["reason"] = f"{tid} is the source" if t == s else _reason(ctx, s, t, arr, w0, w1)
    df.attrs["provenance"] = provenance(
        net,
        function="militnet.journey",
        dates=_window_dates(start, end),
        policy=pol,
        parameters={
            "source": sid,
            "target": tid,
            "directed": bool(directed),
            "max_wait": wait,
        },
    )
    return df


def reachability(
    net: Network,
    start: Any = None,
    end: Any = None,
    *,
    sources: Any = None,
    policy: TiePolicy | None = None,
    directed: bool = False,
) -> pd.DataFrame:
    """Who could reach whom through ties in time order within ``[start, end)``.

    For every ordered pair (source, target) of different groups such that a
    time-respecting path leads from the source, setting off on ``start``, to
    the target before ``end``: the earliest arrival and the hops of the
    journey :func:`temporal_paths` would show (same semantics). Reachability
    is not symmetric: A–B (2010–2012) then B–C (2014–) lets A reach C, not C
    reach A.

    Parameters
    ----------
    net : Network
    start, end : date, optional
        The window (default unbounded).
    sources : iterable of str, optional
        The groups to start from (names or ids); default every group.
    policy : TiePolicy, optional
        Which relations are ties (default alliance and pledge).
    directed : bool, default False
        As in :func:`temporal_paths`.

    Returns
    -------
    pandas.DataFrame
        One row per reachable pair, by source (table order) then arrival:
        ``source``, ``target``, ``arrival`` (datetime64; NaT for "since
        always"), ``hops``. ``attrs["summary"]``: a DataFrame indexed by group
        with ``name``, ``reaches`` (groups it reaches, from the sources asked
        for: itself excluded) and ``reached_by`` (sources that reach it).
        ``attrs["provenance"]``.

    Notes
    -----
    One label-setting search per source, in time order over the relations'
    onsets (an event-driven sweep: the arrival days are the window's first
    day or the onset of some relation, so days between onsets are never
    visited): ``O(n · m log m)`` for ``n`` sources and ``m`` usable
    relations, compiled with numba. On the synthetic M network (1,000 groups,
    20,000 relations) every pair over 1990–2026 takes about a second
    (``benchmarks/temporal_bench.py``).

    Examples
    --------
    >>> import militnet
    >>> from militnet import Group, Network, Relation
    >>> net = Network([Group(g, g.upper(), founded="2000") for g in "abc"], [
    ...     Relation("r1", "a", "b", "alliance", start="2010", end="2012"),
    ...     Relation("r2", "b", "c", "alliance", start="2014", end="2016")])
    >>> r = militnet.reachability(net, "2005-01-01", "2020-01-01")
    >>> r
      source target    arrival  hops
    0      a      b 2010-01-01     1
    1      a      c 2014-01-01     2
    2      b      a 2010-01-01     1
    3      b      c 2014-01-01     1
    4      c      b 2014-01-01     1
    >>> r.attrs["summary"]
          name  reaches  reached_by
    group
    a        A        2           1
    b        B        2           2
    c        C        1           2
    """
    import pandas as pd

    from militnet._algorithms.provenance import provenance

    pol = tie_policy(policy, {}, call="militnet.reachability")
    w0, w1 = _window(start, end)
    idx = net.time_index
    ids = idx.group_ids
    if sources is None:
        src = np.arange(len(ids), dtype=np.int64)
    else:
        if isinstance(sources, str):
            sources = [sources]
        if not isinstance(sources, Iterable) or isinstance(sources, (bytes, bytearray)):
            raise ArgumentError(
                "sources must be a group (id or name) or a list of groups, got "
                f"{type(sources).__name__} {sources!r}"[:200]
            )
        pos = {g: i for i, g in enumerate(ids)}
        src = np.array(sorted({pos[_group(net, x, "sources")] for x in sources}), dtype=np.int64)
    a = arcs(idx, pol, w0, w1, directed=bool(directed))
    arr, hops = journey_kernels()["foremost"](a, src)
    reached = arr < POS
    reached[np.arange(len(src)), src] = False
    si, ti = np.nonzero(reached)
    order = np.lexsort((ti, hops[si, ti], arr[si, ti], si))
    si, ti = si[order], ti[order]
    gids = np.array(ids, dtype=object)
    df = pd.DataFrame({"source": gids[src[si]], "target": gids[ti]})
    df["arrival"] = _dates(arr[si, ti])
    df["hops"] = hops[si, ti].astype("int64")
    names = net.frame("groups")["name"]
    reaches = np.zeros(len(ids), dtype=np.int64)
    reaches[src] = reached.sum(axis=1)
    summary = pd.DataFrame(
        {
            "name": names.to_numpy(),
            "reaches": reaches,
            "reached_by": reached.sum(axis=0).astype(np.int64),
        },
        index=pd.Index(list(ids), name="group", dtype=object),
    )
    df.attrs["summary"] = summary
    df.attrs["provenance"] = provenance(
        net,
        function="militnet.reachability",
        dates=_window_dates(start, end),
        policy=pol,
        parameters={
            "sources": None if sources is None else [ids[i] for i in src.tolist()],
            "directed": bool(directed),
        },
    )
    return df


def temporal_betweenness(
    net: Network,
    start: Any,
    end: Any,
    *,
    policy: TiePolicy | None = None,
    directed: bool = False,
) -> pd.DataFrame:
    """Temporal betweenness over ``[start, end)``: for each group, the share of
    earliest-arrival journeys between other groups that pass through it.

    Definition. Every group ``s`` sets off on ``start``; journeys are as in
    :func:`temporal_paths`. For a target ``t`` reachable from ``s`` before
    ``end``, the journeys counted are the **fewest-hop prefix-foremost**
    ones: each group on the way is reached at its own earliest arrival from
    ``s`` (the foremost-journey trees of Bui Xuan, Ferreira and Jarry 2003
    and of R tsna's ``tPath``), and among those the ones with the fewest hops
    (the "shortest" criterion of Holme and Saramäki's review applied among the
    foremost journeys). Journeys are counted as sequences of groups (parallel
    relations between two groups make one step). Equally good journeys
    share the credit: with ``σ_st`` such journeys from ``s`` to ``t`` and
    ``σ_st(v)`` of them through ``v``,

    ``betweenness(v) = Σ σ_st(v) / σ_st`` over ordered pairs ``s ≠ v ≠ t``
    with ``t`` reachable from ``s``, and
    ``share(v) = betweenness(v) / pairs(v)``, ``pairs(v)`` the number of
    those pairs (so ``share`` is between 0 and 1: the expected fraction of the
    time-respecting routes between other groups that run through ``v``).

    Computed exactly with Brandes' accumulation on the DAG of the labels
    ``(earliest arrival, hops)`` of each source's search:
    ``O(n · m log m)``; on the synthetic M network (1,000 groups, 20,000
    relations) over five years, about a second (``benchmarks/temporal_bench.py``).

    Parameters
    ----------
    net : Network
    start, end : date
        The window.
    policy : TiePolicy, optional
        Which relations are ties (default alliance and pledge).
    directed : bool, default False
        As in :func:`temporal_paths`.

    Returns
    -------
    pandas.DataFrame
        Indexed by group (every group of the network, table order): ``name``,
        ``betweenness``, ``pairs``, ``share``. ``attrs["provenance"]``.

    Examples
    --------
    >>> import militnet
    >>> from militnet import Group, Network, Relation
    >>> net = Network([Group(g, g.upper(), founded="2000") for g in "abc"], [
    ...     Relation("r1", "a", "b", "alliance", start="2010", end="2012"),
    ...     Relation("r2", "b", "c", "alliance", start="2014", end="2016")])
    >>> militnet.temporal_betweenness(net, "2005-01-01", "2020-01-01")
          name  betweenness  pairs  share
    group
    a        A          0.0      2    0.0
    b        B          1.0      1    1.0
    c        C          0.0      2    0.0
    """
    import pandas as pd

    from militnet._algorithms.provenance import provenance

    pol = tie_policy(policy, {}, call="militnet.temporal_betweenness")
    if start is None or end is None:
        raise ArgumentError("temporal_betweenness needs a window: start and end")
    w0, w1 = _window(start, end)
    idx = net.time_index
    a = arcs(idx, pol, w0, w1, directed=bool(directed))
    bc, pairs = journey_kernels()["betweenness"](a)
    share = np.divide(bc, pairs, out=np.zeros(len(bc)), where=pairs > 0)
    df = pd.DataFrame(
        {
            "name": net.frame("groups")["name"].to_numpy(),
            "betweenness": bc,
            "pairs": pairs.astype(np.int64),
            "share": share,
        },
        index=pd.Index(list(idx.group_ids), name="group", dtype=object),
    )
    df.attrs["provenance"] = provenance(
        net,
        function="militnet.temporal_betweenness",
        dates=_window_dates(start, end),
        policy=pol,
        parameters={"directed": bool(directed), "ties": "fractional, fewest hops"},
    )
    return df


#: Units of :func:`temporal_closeness`'s latencies, in days.
LATENCY_UNITS: dict[str, float] = {"day": 1.0, "week": 7.0, "month": 30.4375, "year": 365.25}


def temporal_closeness(
    net: Network,
    start: Any,
    end: Any,
    *,
    policy: TiePolicy | None = None,
    directed: bool = False,
    unit: str | float = "year",
) -> pd.DataFrame:
    """Temporal closeness over ``[start, end)``: how soon a group's ties in
    time order reach the others (and how soon the others reach it).

    Definition. Every group ``s`` sets off on ``start``; journeys and earliest
    arrivals are as in :func:`temporal_paths`. The **latency** ``λ(s, t)`` is
    the time from ``start`` to the earliest arrival at ``t``, in ``unit``
    (0 when ``t`` is reached on the first day). Closeness is the harmonic
    mean of the discounted latencies, as tsna-style temporal closeness takes
    the harmonic mean of inverse temporal distances, with one added to the
    latency so that a group reached on the first day counts 1 (not infinity):

    ``closeness(s) = 1/(N − 1) · Σ_t 1 / (1 + λ(s, t))`` over the groups ``t ≠ s``
    reachable from ``s`` before ``end``, and
    ``in_closeness(t) = 1/(N − 1) · Σ_s 1 / (1 + λ(s, t))`` over the groups
    ``s ≠ t`` that reach ``t``,

    ``N`` the number of groups with at least one tie that counts under the
    policy on some day of the window (the others are 0). Unreachable groups
    contribute 0 (harmonic closeness needs no connected network), so the
    values lie in ``[0, 1]``: 1 when every group is reached on the first day;
    a group reached a ``unit`` later counts a half, two units later a third.

    Parameters
    ----------
    net : Network
    start, end : date
        The window.
    policy : TiePolicy, optional
        Which relations are ties (default alliance and pledge).
    directed : bool, default False
        As in :func:`temporal_paths`.
    unit : {"year", "month", "week", "day"} or float, default "year"
        The unit of latency (a number: days): a year by default, so reaching
        a group a year into the window counts half of reaching it at once.

    Returns
    -------
    pandas.DataFrame
        Indexed by group (every group, table order): ``name``, ``closeness``
        (outward: how soon it reaches the others), ``in_closeness`` (how soon
        the others reach it), ``reaches``, ``reached_by`` (groups, itself
        excluded) and ``mean_latency`` (mean latency in ``unit`` of the groups
        it reaches; ``nan`` when none). ``attrs["groups_counted"]`` (``N``)
        and ``attrs["provenance"]``.

    Notes
    -----
    One earliest-arrival search per group (compiled, as :func:`reachability`):
    ``O(n · m log m)``.

    Examples
    --------
    >>> import militnet
    >>> from militnet import Group, Network, Relation
    >>> net = Network([Group(g, g.upper(), founded="2000") for g in "abc"], [
    ...     Relation("r1", "a", "b", "alliance", start="2010", end="2011"),
    ...     Relation("r2", "b", "c", "alliance", start="2011", end="2016")])
    >>> militnet.temporal_closeness(net, "2010-01-01", "2020-01-01", unit=365)
          name  closeness  in_closeness  reaches  reached_by  mean_latency
    group
    a        A       0.75          0.50        2           1           0.5
    b        B       0.75          0.75        2           2           0.5
    c        C       0.25          0.50        1           2           1.0

    ``a`` reaches ``b`` at once (1/1) and ``c`` a year later (1/2), so its
    closeness is (1 + 1/2) / 2 = 0.75; ``c`` reaches only ``b``, in 2011,
    after the a–b tie had ended: (1/2) / 2 = 0.25.
    """
    import pandas as pd

    from militnet._algorithms.provenance import provenance

    pol = tie_policy(policy, {}, call="militnet.temporal_closeness")
    if start is None or end is None:
        raise ArgumentError("temporal_closeness needs a window: start and end")
    if isinstance(unit, str):
        if unit not in LATENCY_UNITS:
            raise ArgumentError(
                f"unknown unit {unit!r}; expected one of {', '.join(LATENCY_UNITS)} "
                "or a number of days"
            )
        per = LATENCY_UNITS[unit]
    elif isinstance(unit, (int, float, np.number)) and not isinstance(unit, bool) and unit > 0:
        per = float(unit)
    else:
        raise ArgumentError(f"unit must be a unit name or a positive number of days, got {unit!r}")
    w0, w1 = _window(start, end)
    idx = net.time_index
    ids = idx.group_ids
    n = len(ids)
    a = arcs(idx, pol, w0, w1, directed=bool(directed))
    src = np.arange(n, dtype=np.int64)
    arr, _ = journey_kernels()["foremost"](a, src)
    reached = arr < POS
    reached[src, src] = False
    inv = np.zeros(arr.shape)
    inv[reached] = 1.0 / (1.0 + (arr[reached] - w0) / per)
    active = np.diff(a.indptr) > 0  # every undirected relation gives an arc each way
    active[a.head] = True
    counted = int(np.count_nonzero(active))
    norm = counted - 1 if counted > 1 else 1
    reaches = reached.sum(axis=1)
    lat = np.where(reached, (arr - w0) / per, 0.0).sum(axis=1)
    mean_lat = np.divide(lat, reaches, out=np.full(n, np.nan), where=reaches > 0)
    df = pd.DataFrame(
        {
            "name": net.frame("groups")["name"].to_numpy(),
            "closeness": inv.sum(axis=1) / norm,
            "in_closeness": inv.sum(axis=0) / norm,
            "reaches": reaches.astype(np.int64),
            "reached_by": reached.sum(axis=0).astype(np.int64),
            "mean_latency": mean_lat,
        },
        index=pd.Index(list(ids), name="group", dtype=object),
    )
    df.attrs["groups_counted"] = counted
    df.attrs["provenance"] = provenance(
        net,
        function="militnet.temporal_closeness",
        dates=_window_dates(start, end),
        policy=pol,
        parameters={"directed": bool(directed), "unit_days": per},
    )
    return df
