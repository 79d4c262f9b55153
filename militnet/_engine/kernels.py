"""Compiled graph kernels: Brandes betweenness and networkx's Louvain, in numba.

The functions named ``_k_*`` are plain Python over numpy arrays, written in
the subset of Python numba compiles; :func:`kernels` compiles them on first
use (``numba.njit(cache=True)``: the machine code is cached on disk, so only
the first run of an installation pays the compilation, a few seconds). They
are reached through :mod:`militnet._engine.backend`, never directly.

Betweenness is Brandes' algorithm (breadth-first search from every source,
then dependencies accumulated in reverse order), summed over ordered pairs as
networkx does; :func:`militnet._engine.backend.betweenness` rescales the sums with
networkx's factors. It equals ``networkx.betweenness_centrality`` to
rounding (about 1e-16): only the order of the floating-point additions
differs.

Louvain is **networkx's own algorithm** (``louvain_communities``), step for
step: the same node order (shuffled by networkx's random stream, drawn in
Python by the caller), the same neighbour-community order (first appearance
among the neighbours, the node's own community last when it has no
neighbour in it), the same gain expression evaluated in the same order, the
same strict ``>`` that keeps the first best community, the same aggregated
graph (its edges and adjacency in networkx's insertion order) and the same
stopping rule (the caller sums the per-community modularity terms with
Python's ``sum``, as networkx does). With integer weights (militnet's ties
count relations) every sum is exact, so the partition is identical to
networkx's for the same seed; the tests check it on random graphs.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import numpy as np

__all__ = ["available", "kernels"]


def _k_betweenness(
    indptr: np.ndarray, indices: np.ndarray, sources: np.ndarray
) -> np.ndarray:  # pragma: no cover - compiled
    """Sum over the given sources of Brandes' dependencies (ordered pairs)."""
    n = len(indptr) - 1
    bc = np.zeros(n)
    sigma = np.zeros(n)
    coeff = np.zeros(n)
    dist = np.full(n, -1, dtype=np.int32)
    order = np.empty(n, dtype=np.int32)  # the nodes reached, by distance
    spos = np.empty(n + 1, dtype=np.int64)  # where each of them starts in ``succ``
    succ = np.empty(len(indices), dtype=np.int32)  # successors: one step farther
    for s in sources:
        # breadth-first search, counting shortest paths and recording successors
        sigma[s] = 1.0
        dist[s] = 0
        order[0] = s
        head = 0
        tail = 1
        ns = 0
        while head < tail:
            v = order[head]
            spos[head] = ns
            head += 1
            dv = dist[v] + 1
            sv = sigma[v]
            for p in range(indptr[v], indptr[v + 1]):
                w = indices[p]
                dw = dist[w]
                if dw < 0:
                    dist[w] = dv
                    order[tail] = w
                    tail += 1
                    sigma[w] = sv
                    succ[ns] = w
                    ns += 1
                elif dw == dv:
                    sigma[w] += sv
                    succ[ns] = w
                    ns += 1
        spos[tail] = ns
        # dependencies, farthest first, pulled from the successors:
        # delta[v] = sigma[v] * sum over them of (1 + delta[w]) / sigma[w]
        for i in range(tail - 1, 0, -1):
            v = order[i]
            total = 0.0
            for q in range(spos[i], spos[i + 1]):
                total += coeff[succ[q]]
            delta = sigma[v] * total
            bc[v] += delta
            coeff[v] = (1.0 + delta) / sigma[v]
        for i in range(tail):
            w = order[i]
            sigma[w] = 0.0
            coeff[w] = 0.0
            dist[w] = -1
    return bc


def _k_degrees(
    indptr: np.ndarray, indices: np.ndarray, weights: np.ndarray
) -> np.ndarray:  # pragma: no cover - compiled
    """networkx's weighted degree: adjacency order, a self-loop counted twice."""
    n = len(indptr) - 1
    deg = np.zeros(n)
    for u in range(n):
        s = 0.0
        loop = 0.0
        for p in range(indptr[u], indptr[u + 1]):
            s += weights[p]
            if indices[p] == u:
                loop = weights[p]
        deg[u] = s + loop
    return deg


def _k_one_level(
    indptr: np.ndarray,
    indices: np.ndarray,
    weights: np.ndarray,
    deg: np.ndarray,
    order: np.ndarray,
    m: float,
    resolution: float,
) -> tuple[np.ndarray, bool]:  # pragma: no cover - compiled
    """One level of networkx's ``_one_level`` (undirected): each node's community."""
    n = len(indptr) - 1
    stot = deg.copy()
    node2com = np.arange(n)
    acc = np.zeros(n)
    seen = np.zeros(n, dtype=np.bool_)
    touched = np.empty(n + 1, dtype=np.int64)
    two_m2 = 2 * m**2
    improvement = False
    nb_moves = 1
    while nb_moves > 0:
        nb_moves = 0
        for u in order:
            best_mod = 0.0
            best_com = node2com[u]
            nt = 0
            for p in range(indptr[u], indptr[u + 1]):
                v = indices[p]
                if v == u:
                    continue
                c = node2com[v]
                if not seen[c]:
                    seen[c] = True
                    acc[c] = 0.0
                    touched[nt] = c
                    nt += 1
                acc[c] += weights[p]
            if not seen[best_com]:  # defaultdict: the own community comes last
                seen[best_com] = True
                acc[best_com] = 0.0
                touched[nt] = best_com
                nt += 1
            degree = deg[u]
            stot[best_com] -= degree
            remove_cost = -acc[best_com] / m + resolution * (stot[best_com] * degree) / two_m2
            for i in range(nt):
                c = touched[i]
                gain = remove_cost + acc[c] / m - resolution * (stot[c] * degree) / two_m2
                if gain > best_mod:
                    best_mod = gain
                    best_com = c
            stot[best_com] += degree
            for i in range(nt):
                seen[touched[i]] = False
            if best_com != node2com[u]:
                improvement = True
                nb_moves += 1
                node2com[u] = best_com
    return node2com, improvement


def _k_modularity_terms(
    indptr: np.ndarray,
    indices: np.ndarray,
    weights: np.ndarray,
    deg: np.ndarray,
    comm: np.ndarray,
    k: int,
    resolution: float,
) -> np.ndarray:  # pragma: no cover - compiled
    """networkx's ``modularity`` term of each community (the caller sums them)."""
    n = len(indptr) - 1
    deg_sum = 0.0
    for u in range(n):
        deg_sum += deg[u]
    m = deg_sum / 2
    norm = 1 / deg_sum**2
    inside = np.zeros(k)
    strength = np.zeros(k)
    for u in range(n):
        strength[comm[u]] += deg[u]
        for p in range(indptr[u], indptr[u + 1]):
            v = indices[p]
            if v >= u and comm[v] == comm[u]:
                inside[comm[u]] += weights[p]
    out = np.empty(k)
    for c in range(k):
        out[c] = inside[c] / m - resolution * strength[c] * strength[c] * norm
    return out


def _k_aggregate(
    indptr: np.ndarray, indices: np.ndarray, weights: np.ndarray, comm: np.ndarray, k: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:  # pragma: no cover
    """networkx's ``_gen_graph``: the graph of communities, with its adjacency
    in networkx's insertion order (edges numbered by first appearance)."""
    n = len(indptr) - 1
    slot = {-1: -1}  # typed int64 -> int64 (key -1 is never looked up)
    e1 = np.empty(len(indices), dtype=np.int64)
    e2 = np.empty(len(indices), dtype=np.int64)
    ew = np.empty(len(indices))
    ne = 0
    for u in range(n):
        for p in range(indptr[u], indptr[u + 1]):
            v = indices[p]
            if v < u:  # networkx reports each edge from its first node
                continue
            c1 = comm[u]
            c2 = comm[v]
            key = min(c1, c2) * k + max(c1, c2)
            if key not in slot:
                slot[key] = ne
                e1[ne] = c1
                e2[ne] = c2
                ew[ne] = weights[p] + 0.0
                ne += 1
            else:
                j = slot[key]
                ew[j] = weights[p] + ew[j]
    counts = np.zeros(k + 1, dtype=np.int64)
    for j in range(ne):
        counts[e1[j] + 1] += 1
        if e1[j] != e2[j]:
            counts[e2[j] + 1] += 1
    new_indptr = np.cumsum(counts)
    fill = new_indptr[:-1].copy()
    new_indices = np.empty(new_indptr[k], dtype=np.int64)
    new_weights = np.empty(new_indptr[k])
    for j in range(ne):
        a = e1[j]
        b = e2[j]
        new_indices[fill[a]] = b
        new_weights[fill[a]] = ew[j]
        fill[a] += 1
        if a != b:
            new_indices[fill[b]] = a
            new_weights[fill[b]] = ew[j]
            fill[b] += 1
    return new_indptr, new_indices, new_weights


@cache
def available() -> bool:
    """Whether numba can be imported (the kernels can run)."""
    try:
        import numba  # noqa: F401
    except Exception:  # not installed, or broken (e.g. a numpy it does not support)
        return False
    return True


@cache
def kernels() -> dict[str, Any]:
    """The compiled kernels by name (``betweenness``, ``degrees``, ``one_level``,
    ``modularity_terms``, ``aggregate``); compiled, or loaded from numba's
    disk cache, on the first call in a process."""
    import numba

    try:
        # cache next to this module, or in the user's cache directory
        numba.njit(cache=True)(_k_degrees)
        jit = numba.njit(cache=True, nogil=True)
    except RuntimeError:  # nowhere writable: compile in every process
        jit = numba.njit(nogil=True)
    out: dict[str, Any] = {
        "degrees": jit(_k_degrees),
        "betweenness": jit(_k_betweenness),
        "one_level": jit(_k_one_level),
        "modularity_terms": jit(_k_modularity_terms),
        "aggregate": jit(_k_aggregate),
    }
    # load (or compile) the machine code now, on a path of three nodes: then
    # the cost is paid here once, and forked worker processes inherit the code
    indptr = np.array([0, 1, 3, 4], dtype=np.int64)
    indices = np.array([1, 0, 2, 1], dtype=np.int64)
    weights = np.ones(4)
    three = np.arange(3, dtype=np.int64)
    out["betweenness"](indptr, indices, three)
    deg = out["degrees"](indptr, indices, weights)
    out["one_level"](indptr, indices, weights, deg, three, 2.0, 1.0)
    out["modularity_terms"](indptr, indices, weights, deg, three, 3, 1.0)
    out["aggregate"](indptr, indices, weights, three, 3)
    return out
