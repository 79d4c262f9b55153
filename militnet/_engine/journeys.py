"""Time-respecting journeys: the active interval of every relation, and the
earliest-arrival search over them (compiled with numba).

A relation is **active** on the days of one half-open interval ``[lo, hi)``:
exactly the days on which :func:`militnet._engine.snapshot.snapshot` counts it
(the latest of its start and its two groups' foundings, to the earliest of its
end, its lapse day under ``stale_after`` and its two groups' ends, each partial
date read on the side the date policy says). A snapshot is a set of
comparisons per day; here each relation is one interval, so a search never
walks day by day.

A **journey** from a source group, leaving on the first day of the window,
is a sequence of hops ``u -> v`` each along a relation active on the day it is
taken, the days non-decreasing (a group waits as long as it likes; several
hops may be taken on the same day). The **earliest arrival** at ``v`` is the
first day a journey reaches it. Because waiting is free, arriving earlier is
never worse (a FIFO network): the arrival over a relation from ``u`` reached on
day ``a`` is ``max(a, lo)`` if ``a < hi``, and it does not decrease when ``a``
grows. So a label-setting search in time order (Dijkstra's algorithm on
arrival days) is exact, and every arrival day is the window's first day or
the onset ``lo`` of some relation: the search visits those onsets in sorted
order, never the days between them. Among the journeys that reach every group
on the way at its own earliest arrival (*prefix-foremost* journeys, the
earliest-arrival trees of Bui Xuan, Ferreira and Jarry 2003, and R tsna's
``tPath``), it keeps those with the fewest hops: labels ``(arrival, hops)``
ordered lexicographically.

Cost: one search is ``O(m log m)`` for ``m`` arcs (two per undirected
relation); all pairs from ``n`` sources ``O(n m log m)``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

import numpy as np

from militnet._core.dates import DATE_POLICIES
from militnet._core.model import RELATION_TYPES
from militnet._core.policy import TiePolicy, confidence_rank
from militnet._engine.snapshot import POS

if TYPE_CHECKING:
    from militnet._engine.snapshot import TimeIndex

__all__ = ["Arcs", "active_intervals", "arcs", "journey_kernels"]

_DIRECTED = np.array([RELATION_TYPES[t].directed for t in RELATION_TYPES], dtype=bool)


def active_intervals(idx: TimeIndex, pol: TiePolicy) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per relation, the first day it is active, the first day it is no longer
    active (``lo``, ``hi``: ordinals, ``NEG``/``POS`` when unbounded) and whether
    it counts under ``pol`` at all (type, confidence, undated). A relation is
    active on day ``t`` exactly when ``lo <= t < hi`` and it counts: the same
    days :func:`~militnet._engine.snapshot.snapshot` shows it (as
    :func:`militnet._engine.attestation._ever` reads them)."""
    s_side, e_side = DATE_POLICIES[pol.date_policy]
    f = idx.f_first if s_side == "first" else idx.f_last
    e = idx.e_first if e_side == "first" else idx.e_last
    s = idx.s_first if s_side == "first" else idx.s_last
    src, tgt = idx.src, idx.tgt
    ok = (idx.conf >= confidence_rank(pol.min_confidence)) & (src != tgt)
    if pol.undated == "exclude":
        ok &= idx.s_known
    if len(pol.types) < len(RELATION_TYPES):
        ok &= np.isin(idx.type, [list(RELATION_TYPES).index(t) for t in pol.types])
    lo = np.maximum(s, np.maximum(f[src], f[tgt]))
    hi = np.minimum(idx.effective_end(e_side, pol.stale_months), np.minimum(e[src], e[tgt]))
    return lo, hi, ok & (lo < hi)


@dataclass(frozen=True, eq=False)
class Arcs:
    """The usable hops of a window, grouped by the group they leave (CSR).

    ``indptr`` (n + 1), and per arc ``head`` (the group reached), ``lo``,
    ``hi`` (its relation's active interval clipped to the window) and ``rel``
    (the relation's row in the relation table). Arcs of one tail are sorted by
    ``(head, lo, rel)``. ``w0`` is the window's first day (``NEG`` without one).
    """

    indptr: np.ndarray
    head: np.ndarray
    lo: np.ndarray
    hi: np.ndarray
    rel: np.ndarray
    w0: int
    w1: int

    @property
    def n(self) -> int:
        return len(self.indptr) - 1


def arcs(idx: TimeIndex, pol: TiePolicy, w0: int, w1: int, *, directed: bool = False) -> Arcs:
    """The arcs of the relations that count under ``pol`` and are active on at
    least one day of ``[w0, w1)``; an undirected relation, or any relation
    unless ``directed``, gives an arc each way."""
    lo, hi, ok = active_intervals(idx, pol)
    lo = np.maximum(lo, w0)
    hi = np.minimum(hi, w1)
    j = np.flatnonzero(ok & (lo < hi))
    both = ~_DIRECTED[idx.type[j]] if directed else np.ones(len(j), dtype=bool)
    tail = np.concatenate([idx.src[j], idx.tgt[j][both]])
    head = np.concatenate([idx.tgt[j], idx.src[j][both]])
    rel = np.concatenate([j, j[both]]).astype(np.int64)
    alo, ahi = lo[rel], hi[rel]
    order = np.lexsort((rel, alo, head, tail))
    tail, head, rel, alo, ahi = tail[order], head[order], rel[order], alo[order], ahi[order]
    n = len(idx.group_ids)
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(tail, minlength=n), out=indptr[1:])
    return Arcs(
        indptr,
        head.astype(np.int64),
        alo.astype(np.int64),
        ahi.astype(np.int64),
        rel,
        int(w0),
        int(w1),
    )


# -- kernels (plain Python in the subset numba compiles) -----------------------
# The compiled helpers are module globals set by :func:`journey_kernels`, so the
# compiled kernels call one another (numba reads globals when it compiles).

_POS = int(POS)
_j_push: Any = None
_j_pop: Any = None
_j_search: Any = None


def _k_push(
    hk: Any, hh: Any, hv: Any, size: int, a: int, h: int, v: int
) -> int:  # pragma: no cover
    """Push ``(a, h, v)`` on the binary min-heap held in three arrays; return
    the new size."""
    i = size
    while i > 0:
        p = (i - 1) // 2
        if not (a < hk[p] or (a == hk[p] and (h < hh[p] or (h == hh[p] and v < hv[p])))):
            break
        hk[i] = hk[p]
        hh[i] = hh[p]
        hv[i] = hv[p]
        i = p
    hk[i] = a
    hh[i] = h
    hv[i] = v
    return size + 1


def _k_pop(hk: Any, hh: Any, hv: Any, size: int) -> int:  # pragma: no cover
    """Remove the smallest entry, leaving it at position ``size - 1``; return
    the new size."""
    last = size - 1
    a0, h0, v0 = hk[0], hh[0], hv[0]
    a, h, v = hk[last], hh[last], hv[last]
    i = 0
    while True:
        c = 2 * i + 1
        if c >= last:
            break
        if c + 1 < last and (
            hk[c + 1] < hk[c]
            or (
                hk[c + 1] == hk[c]
                and (hh[c + 1] < hh[c] or (hh[c + 1] == hh[c] and hv[c + 1] < hv[c]))
            )
        ):
            c += 1
        if not (hk[c] < a or (hk[c] == a and (hh[c] < h or (hh[c] == h and hv[c] < v)))):
            break
        hk[i] = hk[c]
        hh[i] = hh[c]
        hv[i] = hv[c]
        i = c
    hk[i] = a
    hh[i] = h
    hv[i] = v
    hk[last] = a0
    hh[last] = h0
    hv[last] = v0
    return last


def _k_search(
    indptr: Any,
    head: Any,
    lo: Any,
    hi: Any,
    s: int,
    w0: int,
    arr: Any,
    hops: Any,
    pred: Any,
    order: Any,
    hk: Any,
    hh: Any,
    hv: Any,
) -> int:  # pragma: no cover - compiled
    """Earliest arrival, then fewest hops, from ``s`` leaving on day ``w0``:
    fills ``arr``, ``hops``, ``pred`` (the arc that set the label, -1 for none)
    and ``order`` (the groups reached, in label order); returns how many."""
    n = len(indptr) - 1
    for v in range(n):
        arr[v] = _POS
        hops[v] = -1
        pred[v] = -1
    arr[s] = w0
    hops[s] = 0
    size = _j_push(hk, hh, hv, 0, w0, 0, s)
    count = 0
    while size > 0:
        size = _j_pop(hk, hh, hv, size)
        a = hk[size]
        h = hh[size]
        u = hv[size]
        if a != arr[u] or h != hops[u]:
            continue  # superseded by a better label
        order[count] = u
        count += 1
        for k in range(indptr[u], indptr[u + 1]):
            if a >= hi[k]:
                continue
            v = head[k]
            t = a if a > lo[k] else lo[k]
            if t < arr[v] or (t == arr[v] and h + 1 < hops[v]):
                arr[v] = t
                hops[v] = h + 1
                pred[v] = k
                size = _j_push(hk, hh, hv, size, t, h + 1, v)
    return count


def _k_foremost(
    indptr: Any, head: Any, lo: Any, hi: Any, sources: Any, w0: int
) -> tuple[Any, Any]:  # pragma: no cover - compiled
    """Earliest arrival and hops from each source (rows) to every group."""
    n = len(indptr) - 1
    m = len(head)
    out_a = np.empty((len(sources), n), dtype=np.int64)
    out_h = np.empty((len(sources), n), dtype=np.int64)
    arr = np.empty(n, dtype=np.int64)
    hops = np.empty(n, dtype=np.int64)
    pred = np.empty(n, dtype=np.int64)
    order = np.empty(n, dtype=np.int64)
    hk = np.empty(m + 1, dtype=np.int64)
    hh = np.empty(m + 1, dtype=np.int64)
    hv = np.empty(m + 1, dtype=np.int64)
    for i in range(len(sources)):
        _j_search(indptr, head, lo, hi, sources[i], w0, arr, hops, pred, order, hk, hh, hv)
        out_a[i, :] = arr
        out_h[i, :] = hops
    return out_a, out_h


def _k_betweenness(
    indptr: Any, head: Any, lo: Any, hi: Any, w0: int
) -> tuple[Any, Any]:  # pragma: no cover - compiled
    """Per group ``v``: the sum over ordered pairs ``(s, t)``, ``s != v != t``,
    of the share of the fewest-hop prefix-foremost journeys from ``s`` to ``t``
    (as sequences of groups) that pass through ``v``; and the number of those
    pairs with ``t`` reachable from ``s``. Brandes' accumulation over the DAG
    of arcs ``u -> v`` with ``label(v) = (max(arr(u), lo), hops(u) + 1)``."""
    n = len(indptr) - 1
    m = len(head)
    bc = np.zeros(n)
    pairs = np.zeros(n, dtype=np.int64)
    reached_by = np.zeros(n, dtype=np.int64)
    arr = np.empty(n, dtype=np.int64)
    hops = np.empty(n, dtype=np.int64)
    pred = np.empty(n, dtype=np.int64)
    order = np.empty(n, dtype=np.int64)
    sigma = np.zeros(n)
    delta = np.zeros(n)
    seen = np.full(n, -1, dtype=np.int64)  # the last (source, tail, pass) that counted v
    hk = np.empty(m + 1, dtype=np.int64)
    hh = np.empty(m + 1, dtype=np.int64)
    hv = np.empty(m + 1, dtype=np.int64)
    total = 0
    for s in range(n):
        count = _j_search(indptr, head, lo, hi, s, w0, arr, hops, pred, order, hk, hh, hv)
        for i in range(count):
            sigma[order[i]] = 0.0
            delta[order[i]] = 0.0
        sigma[s] = 1.0
        for rnd in range(2):  # 0: count journeys forward; 1: accumulate backward
            for i in range(count):
                u = order[i] if rnd == 0 else order[count - 1 - i]
                a = arr[u]
                mark = (s * n + u) * 2 + rnd
                for k in range(indptr[u], indptr[u + 1]):
                    v = head[k]
                    if seen[v] == mark or a >= hi[k] or hops[v] != hops[u] + 1:
                        continue
                    t = a if a > lo[k] else lo[k]
                    if t == arr[v]:
                        seen[v] = mark  # parallel relations make one step
                        if rnd == 0:
                            sigma[v] += sigma[u]
                        else:
                            delta[u] += sigma[u] / sigma[v] * (1.0 + delta[v])
                if rnd == 1 and u != s:
                    bc[u] += delta[u]
        for i in range(1, count):
            reached_by[order[i]] += 1
        total += count - 1
        pairs[s] -= count - 1
    for v in range(n):
        pairs[v] += total - reached_by[v]
    return bc, pairs


@cache
def journey_kernels() -> dict[str, Any]:
    """The compiled kernels (``foremost``, ``betweenness``, ``search``), as
    functions of :class:`Arcs`: compiled, or loaded from numba's disk cache, on
    the first call in a process."""
    import numba

    g = globals()
    try:
        jit = numba.njit(cache=True, nogil=True)
        g["_j_push"] = jit(_k_push)
    except RuntimeError:  # nowhere writable: compile in every process
        jit = numba.njit(nogil=True)
        g["_j_push"] = jit(_k_push)
    g["_j_pop"] = jit(_k_pop)
    g["_j_search"] = jit(_k_search)
    search = g["_j_search"]
    foremost = jit(_k_foremost)
    betweenness = jit(_k_betweenness)

    def run_foremost(a: Arcs, sources: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        out: tuple[np.ndarray, np.ndarray] = foremost(
            a.indptr, a.head, a.lo, a.hi, np.asarray(sources, dtype=np.int64), a.w0
        )
        return out

    def run_betweenness(a: Arcs) -> tuple[np.ndarray, np.ndarray]:
        out: tuple[np.ndarray, np.ndarray] = betweenness(a.indptr, a.head, a.lo, a.hi, a.w0)
        return out

    def run_search(a: Arcs, s: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        n, m = a.n, len(a.head)
        arr = np.empty(n, dtype=np.int64)
        hops = np.empty(n, dtype=np.int64)
        pred = np.empty(n, dtype=np.int64)
        order = np.empty(n, dtype=np.int64)
        hk, hh, hv = (np.empty(m + 1, dtype=np.int64) for _ in range(3))
        count = search(a.indptr, a.head, a.lo, a.hi, s, a.w0, arr, hops, pred, order, hk, hh, hv)
        return arr, hops, pred, order[:count]

    return {"foremost": run_foremost, "betweenness": run_betweenness, "search": run_search}
