"""The snapshot engine: which groups are alive and which relations active on a day.

Dates are turned into day ordinals once per network (vectorised: numpy reads
``YYYY``, ``YYYY-MM`` and ``YYYY-MM-DD`` natively); a snapshot is then a few
vectorised comparisons and the construction of a networkx graph.

Graphs are built by filling networkx's own adjacency dicts (``_node``,
``_succ`` which is ``_adj``, ``_pred``) rather than through ``add_edges_from``:
about three times faster, and equal to it (``tests/test_timeline_fast.py``
compares the two). Every attribute dict and list is a fresh copy, so a
returned graph is the caller's to modify.
"""

from __future__ import annotations

import datetime as _dt
import gc
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np

from militnet._core.dates import DATE_POLICIES, PartialDate, as_day
from militnet._core.dates import EPOCH_ORDINAL as _EPOCH
from militnet._core.errors import RecordError
from militnet._core.model import RELATION_TYPES, split_list
from militnet._core.policy import (
    TiePolicy,
    check_date_policy,
    check_types,
    check_undated,
    confidence_rank,
    resolve_policy,
)
from militnet._core.schema import LIST_COLUMNS
from militnet._engine.ties import Ties, collapse

if TYPE_CHECKING:
    import networkx as nx
    import pandas as pd

    from militnet._classes.network import Network
    from militnet._core.dates import DateColumn

__all__ = [
    "MERGER_WINDOW_MONTHS",
    "Snapshot",
    "TimeIndex",
    "select",
    "shown",
    "snapshot",
    "ties_from_masks",
]

NEG = np.int64(-(2**40))  # unknown start / founding: since always
POS = np.int64(2**40)  # no end: still active

#: How long a merger stays in displays after its start (calendar months): the
#: snapshot of every day in ``[start, start + 12 months)`` shows it, with the
#: absorbed group as a node marked ``alive=False`` (docs/concepts.md, "Mergers").
MERGER_WINDOW_MONTHS = 12

_TYPE_CODES = {t: i for i, t in enumerate(RELATION_TYPES)}
_LIST_GROUP = LIST_COLUMNS["groups"]
_LIST_REL = LIST_COLUMNS["relations"]


def _sides_slow(values: list[Any], unknown: np.int64) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per-value parsing through :class:`PartialDate` (raises its errors)."""
    first = np.full(len(values), unknown, dtype=np.int64)
    last = np.full(len(values), unknown, dtype=np.int64)
    known = np.zeros(len(values), dtype=bool)
    cache: dict[Any, tuple[int, int] | None] = {}
    for i, v in enumerate(values):
        if v not in cache:
            p = PartialDate.parse(v)
            cache[v] = (p.first_day().toordinal(), p.last_day().toordinal()) if p else None
        fl = cache[v]
        if fl is not None:
            first[i], last[i] = fl
            known[i] = True
    return first, last, known


def _sides(values: list[Any], unknown: np.int64) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """First-day and last-day ordinals of partial dates, and whether known
    (``unknown`` where not known).

    Strings are parsed at once (:class:`militnet._core.dates.DateColumn`); a column
    holding anything else (``None``, NaN, dates) goes through
    :class:`PartialDate` value by value.

    Raises
    ------
    DateError
        For the first malformed value.
    """
    from militnet._core.dates import DateColumn

    if not all(type(v) is str for v in values):
        return _sides_slow(values, unknown)
    col = DateColumn.parse(values)
    if not col.ok.all():
        PartialDate.parse(values[int(np.flatnonzero(~col.ok)[0])])  # raises, worded
    first = np.where(col.known, col.first, unknown)
    last = np.where(col.known, col.last, unknown)
    return first, last, col.known


class TimeIndex:
    """Precomputed arrays over a network's groups and relations."""

    def __init__(
        self,
        groups: pd.DataFrame,
        relations: pd.DataFrame,
        events: pd.DataFrame | None = None,
        event_actors: pd.DataFrame | None = None,
        event_dates: tuple[DateColumn, DateColumn] | None = None,
    ) -> None:
        import pandas as pd

        self._groups, self._relations = groups, relations
        self.group_ids: list[str] = [str(i) for i in groups.index]
        pos = pd.Index(self.group_ids, dtype=object)
        self.f_first, self.f_last, f_known = _sides(groups["founded"].tolist(), NEG)
        self.e_first, self.e_last, e_known = _sides(groups["ended"].tolist(), POS)
        self.rel_ids: list[str] = [str(i) for i in relations.index]
        self.src = _positions(pos, relations["source"], "group")
        self.tgt = _positions(pos, relations["target"], "group")
        self.type = _positions(
            pd.Index(list(RELATION_TYPES), dtype=object), relations["type"], "relation type"
        ).astype(np.int8)
        if len(relations):
            ranks = {c: confidence_rank(c) for c in set(relations["confidence"].tolist())}
            self.conf = relations["confidence"].map(ranks).to_numpy(dtype=np.int8)
        else:
            self.conf = np.zeros(0, dtype=np.int8)
        self.s_first, self.s_last, self.s_known = _sides(relations["start"].tolist(), NEG)
        self.r_first, self.r_last, self.r_known = _sides(relations["end"].tolist(), POS)
        attested = (
            relations["last_attested"].tolist()
            if "last_attested" in relations
            else [""] * len(relations)
        )
        self.a_first, self.a_last, self.a_known = _sides(attested, NEG)
        #: per relation, the cited event that attests it later than ``last_attested``
        #: (its reference day for lapsing), or ``""``
        self.a_event: list[str] = [""] * len(self.rel_ids)
        if events is not None and len(events) and "events" in relations:
            self._attest_from_events(relations["events"].tolist(), events, event_dates)
        self._lapse_cache: dict[tuple[int, str], np.ndarray] = {}
        #: per group: 0 dated by its source; 1 founding inferred from the first dated
        #: evidence; 2 founding and end inferred (first evidence .. last + the lapse)
        self.inferred = np.zeros(len(self.group_ids), dtype=np.int8)
        if not f_known.all():
            self._infer_lifetimes(f_known, e_known, pos, events, event_actors)

    def _infer_lifetimes(
        self,
        f_known: np.ndarray,
        e_known: np.ndarray,
        pos: pd.Index,
        events: pd.DataFrame | None,
        event_actors: pd.DataFrame | None,
    ) -> None:
        """Bound the groups whose source gives no founding date by their dated
        evidence (docs/concepts.md, "Groups without dates"): alive from the first
        day of their earliest dated evidence (a relation's start, end or last
        attestation, an event they took part in); without an ``ended`` date
        either, until the latest evidence plus the default lapse
        (``DEFAULT_STALE_AFTER``). A group with no dated evidence keeps an open
        lifetime."""
        import pandas as pd

        from militnet._core.dates import DateColumn
        from militnet._core.policy import DEFAULT_STALE_AFTER, check_stale_after

        n = len(self.group_ids)
        lo_first = np.full(n, POS, dtype=np.int64)  # earliest evidence, each side
        lo_last = np.full(n, POS, dtype=np.int64)
        hi_first = np.full(n, NEG, dtype=np.int64)  # latest evidence, each side
        hi_last = np.full(n, NEG, dtype=np.int64)

        def add(at: np.ndarray, first: np.ndarray, last: np.ndarray, known: np.ndarray) -> None:
            at, first, last = at[known], first[known], last[known]
            np.minimum.at(lo_first, at, first)
            np.minimum.at(lo_last, at, last)
            np.maximum.at(hi_first, at, first)
            np.maximum.at(hi_last, at, last)

        for ends in (self.src, self.tgt):
            add(ends, self.s_first, self.s_last, self.s_known)
            add(ends, self.r_first, self.r_last, self.r_known)
            add(ends, self.a_first, self.a_last, self.a_known)
        if events is not None and event_actors is not None and len(event_actors):
            d = DateColumn.parse(events["date"].tolist())
            e = DateColumn.parse(events["end"].tolist()) if "end" in events else d
            ev = pd.Index([str(x) for x in events.index], dtype=object)
            j = ev.get_indexer(pd.Index(event_actors["event"].tolist(), dtype=object))
            g = pos.get_indexer(pd.Index(event_actors["group"].tolist(), dtype=object))
            ok = (j >= 0) & (g >= 0)
            j, g = j[ok], g[ok]
            add(g, d.first[j], d.last[j], d.ok[j] & d.known[j])
            add(g, e.first[j], e.last[j], e.ok[j] & e.known[j])
        dated = lo_first < POS
        start = ~f_known & dated
        self.f_first[start], self.f_last[start] = lo_first[start], lo_last[start]
        both = start & ~e_known
        months = check_stale_after(DEFAULT_STALE_AFTER)
        if both.any() and months is not None:
            self.e_first[both] = add_months(hi_first[both], months)
            self.e_last[both] = add_months(hi_last[both], months)
        self.inferred[start] = 1
        self.inferred[both] = 2

    def inferred_lifetimes(self) -> int:
        """How many groups have a lifetime inferred from their evidence."""
        return int(np.count_nonzero(self.inferred))

    def _attest_from_events(
        self,
        cited: list[str],
        events: pd.DataFrame,
        dates: tuple[DateColumn, DateColumn] | None = None,
    ) -> None:
        """Move each relation's attestation to its latest cited event (by its last
        day, the ``end`` of a multi-day event) where that is later than its
        ``last_attested``. ``dates``: the events' ``date`` and ``end`` columns
        already parsed (validation parses them once)."""
        import pandas as pd

        from militnet._core.dates import DateColumn

        filled = [i for i, cell in enumerate(cited) if cell]
        if not filled:
            return
        ids = [str(x) for x in events.index]
        pos = dict(zip(ids, range(len(ids)), strict=True))  # the last row of an id
        if dates is None:
            dates = (
                DateColumn.parse(events["date"].tolist()),
                DateColumn.parse(events["end"].tolist()),
            )
        d, e = dates
        use_end = e.ok & e.known
        ev_first = np.where(use_end, e.first, d.first)
        ev_last = np.where(use_end, e.last, d.last)
        ev_known = (d.ok & d.known) | use_end
        # every (relation, cited event) pair at once: the cells split as split_list does
        sub = [cited[i] for i in filled]
        counts = np.fromiter((c.count(";") + 1 for c in sub), dtype=np.int64, count=len(sub))
        items = [p.strip() for p in ";".join(sub).split(";")]
        at = np.repeat(np.array(filled, dtype=np.int64), counts)
        keys = pd.Index(list(pos), dtype=object)  # one hash join, not a get per item
        at_key = keys.get_indexer(pd.Index(items, dtype=object))
        rows_of_key = np.fromiter(pos.values(), dtype=np.int64, count=len(pos))
        j = np.where(at_key >= 0, rows_of_key[np.maximum(at_key, 0)], -1)
        j[np.fromiter(map(bool, items), dtype=bool, count=len(items)) == 0] = -1  # no empty ids
        ok = j >= 0
        ok[ok] = ev_known[j[ok]]
        at, j = at[ok], j[ok]
        if not len(at):
            return
        # per relation, the first cited event with the latest last day
        order = np.lexsort((np.arange(len(at)), -ev_last[j], at))
        at, j = at[order], j[order]
        head = np.r_[True, at[1:] != at[:-1]]
        rows, best = at[head], j[head]
        later = ~self.a_known[rows] | (ev_last[best] > self.a_last[rows])
        rows, best = rows[later], best[later]
        self.a_first[rows], self.a_last[rows] = ev_first[best], ev_last[best]
        self.a_known[rows] = True
        for i, k in zip(rows.tolist(), best.tolist(), strict=True):
            self.a_event[i] = ids[k]

    # -- lapsing -------------------------------------------------------------
    @cached_property
    def has_reference(self) -> np.ndarray:
        """Open-ended relations with a date to lapse from (last attestation or start)."""
        return ~self.r_known & (self.a_known | self.s_known)

    def reference(self, side: str) -> np.ndarray:
        """Per relation, the day ties lapse from: ``last_attested``, else ``start``
        (the ``side`` of its span); ``NEG`` where neither is known."""
        a = self.a_first if side == "first" else self.a_last
        s = self.s_first if side == "first" else self.s_last
        return np.where(self.a_known, a, np.where(self.s_known, s, NEG))

    def lapse_day(self, months: int, side: str) -> np.ndarray:
        """Per relation, the first day it is lapsed under ``months``: its
        reference day plus ``months`` calendar months (the day of the month
        clamped to the month's length); ``POS`` (never) for a relation with an
        ``end`` or without any date."""
        key = (months, side)
        out = self._lapse_cache.get(key)
        if out is None:
            out = np.full(len(self.rel_ids), POS, dtype=np.int64)
            j = np.flatnonzero(self.has_reference)
            if len(j):
                out[j] = add_months(self.reference(side)[j], months)
            self._lapse_cache[key] = out
        return out

    def effective_end(self, side: str, stale_months: int | None) -> np.ndarray:
        """Per relation, the first day it is no longer active: its ``end`` (the
        ``side`` of its span), or for an open-ended relation its lapse day."""
        e = self.r_first if side == "first" else self.r_last
        if stale_months is None:
            return e
        return np.minimum(e, self.lapse_day(stale_months, side))

    # -- attributes, built on the first graph asked for ------------------------
    @cached_property
    def node_attrs(self) -> list[dict[str, Any]]:
        """One attribute dict per group (list fields as tuples, listed at build time)."""
        return _records(self._groups, _LIST_GROUP, skip=("id",))

    @cached_property
    def edge_attrs(self) -> list[dict[str, Any]]:
        """One attribute dict per relation (``sources`` as a tuple)."""
        rel = self._relations
        recs = _records(rel, _LIST_REL, skip=("id", "source", "target"))
        types = rel["type"].tolist()
        out = []
        for rid, rt, rec in zip(self.rel_ids, types, recs, strict=True):
            t = RELATION_TYPES[rt]
            d: dict[str, Any] = {"id": rid}
            for k, v in rec.items():
                d[k] = v
                if k == "type":
                    d["directional"] = t.directed
                    d["sign"] = t.sign
                    d["kind"] = t.kind
            out.append(d)
        return out

    @cached_property
    def _node_lists(self) -> tuple[str, ...]:
        return tuple(k for k in _LIST_GROUP if k in self._groups.columns)

    @cached_property
    def _edge_lists(self) -> tuple[str, ...]:
        return tuple(k for k in _LIST_REL if k in self._relations.columns)

    @cached_property
    def _edge_ends(self) -> list[tuple[str, str, str, dict[str, Any]]]:
        ids = self.group_ids
        return [
            (ids[a], ids[b], r, d)
            for a, b, r, d in zip(
                self.src.tolist(), self.tgt.tolist(), self.rel_ids, self.edge_attrs, strict=True
            )
        ]

    # -- masks ---------------------------------------------------------------
    @cached_property
    def _window_end(self) -> dict[str, np.ndarray]:
        """Per relation and start side, the first day after a merger's lineage
        window (its start plus :data:`MERGER_WINDOW_MONTHS`); ``NEG`` (never
        shown by the window) for other types and undated mergers."""
        out = {}
        merger = (self.type == _TYPE_CODES["merger"]) & self.s_known
        for side, s in (("first", self.s_first), ("last", self.s_last)):
            w = np.full(len(self.rel_ids), NEG, dtype=np.int64)
            j = np.flatnonzero(merger)
            if len(j):
                w[j] = add_months(s[j], MERGER_WINDOW_MONTHS)
            out[side] = w
        return out

    def lineage_shown(
        self,
        t: int,
        active: np.ndarray,
        types: tuple[str, ...],
        min_rank: int,
        date_policy: str,
    ) -> np.ndarray:
        """The mergers shown on day ``t`` by their lineage window and not
        already ``active``: a merger of ``types`` with a known start, of at
        least ``min_rank`` confidence, with ``start <= t < start +``
        :data:`MERGER_WINDOW_MONTHS`, whether or not its groups are alive
        (the absorbed group has usually ended on the day the merger starts).
        Displays (snapshots, exports, the page, figures) draw them; measures
        never count them (docs/concepts.md, "Mergers")."""
        if "merger" not in types:
            return np.zeros(len(self.rel_ids), dtype=bool)
        s_side = DATE_POLICIES[date_policy][0]
        s = self.s_first if s_side == "first" else self.s_last
        w = self._window_end[s_side]
        return (s <= t) & (t < w) & (self.conf >= min_rank) & ~active

    def alive(self, t: int, date_policy: str) -> np.ndarray:
        s_side, e_side = DATE_POLICIES[date_policy]
        f = self.f_first if s_side == "first" else self.f_last
        e = self.e_first if e_side == "first" else self.e_last
        return (f <= t) & (t < e)

    def active(
        self,
        t: int,
        alive: np.ndarray,
        types: tuple[str, ...],
        min_rank: int,
        date_policy: str,
        undated: str,
        stale_months: int | None = None,
    ) -> np.ndarray:
        s_side, e_side = DATE_POLICIES[date_policy]
        s = self.s_first if s_side == "first" else self.s_last
        e = self.effective_end(e_side, stale_months)
        mask = (s <= t) & (t < e) & (self.conf >= min_rank)
        if undated == "exclude":
            mask &= self.s_known
        if len(types) < len(RELATION_TYPES):
            mask &= np.isin(self.type, [_TYPE_CODES[x] for x in types])
        mask &= alive[self.src] & alive[self.tgt]
        return mask


def query(
    index: TimeIndex,
    at: Any,
    types: Any,
    min_confidence: str,
    date_policy: str,
    undated: str,
    stale_months: int | None = None,
) -> tuple[_dt.date, np.ndarray, np.ndarray, tuple[str, ...]]:
    """Validated query → (day, alive mask, active mask, types)."""
    day = as_day(at)
    check_date_policy(date_policy)
    check_undated(undated)
    sel = check_types(types)
    rank = confidence_rank(min_confidence)
    t = day.toordinal()
    alive = index.alive(t, date_policy)
    active = index.active(t, alive, sel, rank, date_policy, undated, stale_months)
    return day, alive, active, sel


def add_months(ordinals: np.ndarray, months: int) -> np.ndarray:
    """Proleptic ordinals plus a number of calendar months (day clamped to the
    length of the target month: 2020-02-29 + 12 months = 2021-02-28)."""
    d = (ordinals - _EPOCH).astype("datetime64[D]")
    m = d.astype("datetime64[M]")
    dom = (d - m.astype("datetime64[D]")).astype(np.int64)
    target = m + months
    length = ((target + 1).astype("datetime64[D]") - target.astype("datetime64[D]")).astype(
        np.int64
    )
    out = target.astype("datetime64[D]") + np.minimum(dom, length - 1)
    return out.astype(np.int64) + _EPOCH


class EdgeAttrs(dict[str, Any]):
    """The attribute dict of a snapshot edge: a plain dict whose deprecated key
    ``directed`` (renamed ``directional`` in 0.2: it collided with the
    ``directed`` argument of pyvis and networkx) still reads, with a
    :class:`DeprecationWarning`, until 0.3. It is not among the keys, so
    ``**attrs`` and iteration see only ``directional``."""

    __slots__ = ()

    def __missing__(self, key: str) -> Any:
        if key == "directed" and "directional" in self:
            import warnings

            warnings.warn(
                "the edge attribute 'directed' of Network.at graphs is deprecated since "
                "militnet 0.2 and will be removed in 0.3; read 'directional'",
                DeprecationWarning,
                stacklevel=2,
            )
            return self["directional"]
        raise KeyError(key)


def shown(
    index: TimeIndex, day: Any, policy: TiePolicy, types: tuple[str, ...] | None = None
) -> tuple[_dt.date, np.ndarray, np.ndarray, np.ndarray]:
    """What a display shows on a day: :func:`select`'s day, alive and active
    masks, and the mergers shown by their lineage window
    (:meth:`TimeIndex.lineage_shown`)."""
    day_, alive, active = select(index, day, policy, types)
    window = index.lineage_shown(
        day_.toordinal(),
        active,
        policy.types if types is None else types,
        confidence_rank(policy.min_confidence),
        policy.date_policy,
    )
    return day_, alive, active, window


def build_multigraph(
    index: TimeIndex,
    alive: np.ndarray,
    active: np.ndarray,
    graph_attrs: dict[str, Any],
    window: np.ndarray | None = None,
) -> nx.MultiDiGraph:
    """A new MultiDiGraph of the alive groups and active relations.

    ``window``: mergers shown by their lineage window; they are added as
    edges, and their groups that are not alive as nodes with ``alive=False``
    (every other node has ``alive=True``).

    Fills the graph's own dicts: ``_node``, ``_succ`` (which is ``_adj``) and
    ``_pred``, with ``succ[u][v]`` and ``pred[v][u]`` the *same* ``{key:
    attrs}`` dict, as networkx keeps them. Node and edge attribute dicts, and
    their list values, are copies: the cache is never shared with the caller.
    """
    import networkx as nx

    enabled = gc.isenabled()
    gc.disable()  # thousands of new dicts and no cycles: collections only cost time
    try:
        return _fill(nx.MultiDiGraph(**graph_attrs), index, alive, active, window)
    finally:
        if enabled:
            gc.enable()


def _fill(
    g: nx.MultiDiGraph,
    index: TimeIndex,
    alive: np.ndarray,
    active: np.ndarray,
    window: np.ndarray | None = None,
) -> nx.MultiDiGraph:
    ids = index.group_ids
    na = index.node_attrs
    node_lists = index._node_lists
    nodes: dict[str, dict[str, Any]] = {}
    succ: dict[str, dict[str, dict[str, dict[str, Any]]]] = {}
    pred: dict[str, dict[str, dict[str, dict[str, Any]]]] = {}
    present = alive
    if window is not None and window.any():
        active = active | window
        present = alive.copy()
        present[index.src[window]] = True
        present[index.tgt[window]] = True
    for i in np.flatnonzero(present).tolist():
        d = na[i].copy()
        for k in node_lists:
            d[k] = list(d[k])
        d["alive"] = bool(alive[i])
        v = ids[i]
        nodes[v] = d
        succ[v] = {}
        pred[v] = {}
    edges = index._edge_ends
    edge_lists = index._edge_lists
    for j in np.flatnonzero(active).tolist():
        u, v, key, a = edges[j]
        d = EdgeAttrs(a)
        for k in edge_lists:
            d[k] = list(d[k])
        su = succ[u]
        kd = su.get(v)
        if kd is None:
            su[v] = pred[v][u] = {key: d}
        else:
            kd[key] = d
    g._node = nodes
    g._succ = g._adj = succ
    g._pred = pred
    return g


def _positions(index: pd.Index, values: pd.Series, what: str) -> np.ndarray:
    """Positions of ``values`` in ``index`` (int64); unknown values are an error."""
    import pandas as pd

    pos = index.get_indexer(pd.Index(values.tolist(), dtype=object))
    if (pos < 0).any():
        bad = values.iloc[int(np.flatnonzero(pos < 0)[0])]
        raise RecordError(f"unknown {what} {bad!r}")
    return pos.astype(np.int64)


def _records(
    df: pd.DataFrame, lists: tuple[str, ...], skip: tuple[str, ...]
) -> list[dict[str, Any]]:
    """Row dicts of a table (index excluded), column-wise; ``lists`` split to tuples."""
    cols = [c for c in df.columns if c not in skip]
    data = []
    for c in cols:
        vals = df[c].tolist()
        data.append([split_list(v) for v in vals] if c in lists else vals)
    return (
        [dict(zip(cols, row, strict=True)) for row in zip(*data, strict=True)]
        if cols
        else [{} for _ in range(len(df))]
    )


@dataclass(frozen=True, eq=False)
class Snapshot:
    """One day under a tie policy: the masks over the network's tables, and the
    compact tie graph handed to :mod:`militnet._engine.backend`."""

    day: _dt.date
    alive: np.ndarray  # bool, over the group table
    active: np.ndarray  # bool, over the relation table (policy types only)
    ties: Ties

    def key(self) -> tuple[bytes, bytes]:
        """Equal keys mean equal alive groups and equal active relations."""
        return (np.packbits(self.alive).tobytes(), np.packbits(self.active).tobytes())


def snapshot(net: Network, at: Any, policy: TiePolicy | None = None) -> Snapshot:
    """The compact snapshot of ``net`` on day ``at`` under ``policy``.

    Ties are the relations of ``policy.types`` (the ``signed`` flag does not
    add rivalries here: centrality and communities are about cooperation; see
    :func:`militnet.balance` for signed ties), filtered by the policy's
    confidence, date policy, undated and lapse (``stale_after``) options, among
    groups alive on the day.
    """
    pol = resolve_policy(policy)
    idx = net.time_index
    day, alive, active = select(idx, at, pol)
    return Snapshot(day, alive, active, ties_from_masks(idx, alive, active, pol))


def select(
    index: TimeIndex, at: Any, policy: TiePolicy, types: tuple[str, ...] | None = None
) -> tuple[_dt.date, np.ndarray, np.ndarray]:
    """The day, and the alive and active masks on it under a resolved policy
    (relations of ``types``, by default the policy's own)."""
    day = as_day(at)
    t = day.toordinal()
    alive = index.alive(t, policy.date_policy)
    active = index.active(
        t,
        alive,
        policy.types if types is None else types,
        confidence_rank(policy.min_confidence),
        policy.date_policy,
        policy.undated,
        policy.stale_months,
    )
    return day, alive, active


def ties_from_masks(idx: Any, alive: np.ndarray, active: np.ndarray, policy: TiePolicy) -> Ties:
    """Collapse the active relations into unique undirected ties (and directed arcs):
    :func:`militnet._engine.ties.collapse`."""
    return collapse(idx, alive, active, policy).ties
