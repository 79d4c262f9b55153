"""The metric seam: every graph algorithm militnet runs goes through here.

The public analysis functions (:func:`militnet.centrality`,
:func:`militnet.communities`, :meth:`militnet.Network.series`...) never call
networkx algorithms directly. They build a compact snapshot, :class:`Ties`,
and call the plain functions of this module. A faster implementation (a
compiled graph library, numpy/scipy) can replace any function here without
touching the public API, as long as it keeps the signature and the meaning
documented below.

The snapshot
------------
:class:`Ties` is the collapsed, undirected tie graph of one day:

- ``nodes``: group ids, in the order of the network's group table (every
  group alive on the day, tied or not);
- ``src``, ``tgt``: int64 arrays of positions in ``nodes``, one entry per tie
  (pair of groups), ``src < tgt``, pairs unique, sorted by ``(src, tgt)``;
- ``weight``: float64, the tie weight under the policy (number of relations
  behind the tie, or 1);
- ``arc_src``, ``arc_tgt``: int64, the distinct directed arcs among the
  policy's *directed* relations (pledge, and split/merger if selected), for
  in- and out-degree.

Every function returns a float64 array aligned with ``nodes`` (or labels for
:func:`louvain`), and must handle the empty graph and graphs without ties.

The meanings
------------
- :func:`degree`: number of distinct tie partners (unweighted).
- :func:`in_degree`, :func:`out_degree`: distinct groups with a directed arc
  to / from the node.
- :func:`betweenness`: shortest paths by hops (weights are strengths, not
  lengths, so they are ignored), normalised as networkx does for undirected
  graphs; exact, or estimated from ``k`` seeded pivots.
- :func:`pagerank`: PageRank on the weighted undirected graph (each tie two
  arcs of its weight), damping 0.85, tolerance 1e-10 per node; dangling
  (isolated) nodes jump uniformly, as in networkx.
- :func:`eigenvector`: computed per connected component, because the leading
  eigenvector of a disconnected graph is not unique. In a component of size
  ``n_c`` (of ``n`` groups in all) the Perron vector of its weighted
  adjacency is scaled to Euclidean norm ``sqrt(n_c / n)``; the whole vector
  then has norm 1, and on a connected graph it equals networkx's
  ``eigenvector_centrality``. Isolated groups get 0.
- :func:`louvain`: Louvain communities on the weighted graph (seeded) and
  their modularity (``nan`` without ties).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import networkx as nx

__all__ = [
    "Ties",
    "betweenness",
    "degree",
    "eigenvector",
    "greedy_modularity",
    "in_degree",
    "label_propagation",
    "louvain",
    "modularity",
    "out_degree",
    "pagerank",
    "to_networkx",
]

_EMPTY = np.zeros(0, dtype=np.int64)


@dataclass(frozen=True, eq=False)
class Ties:
    """A compact, collapsed, undirected tie graph (see the module docstring)."""

    nodes: tuple[str, ...]
    src: np.ndarray
    tgt: np.ndarray
    weight: np.ndarray
    arc_src: np.ndarray = field(default_factory=lambda: _EMPTY)
    arc_tgt: np.ndarray = field(default_factory=lambda: _EMPTY)

    @property
    def n(self) -> int:
        """Number of nodes."""
        return len(self.nodes)

    @property
    def m(self) -> int:
        """Number of ties."""
        return len(self.src)


def to_networkx(t: Ties, *, weighted: bool = True) -> nx.Graph:
    """The snapshot as an undirected :class:`networkx.Graph` (``weight`` on edges)."""
    import networkx as nx

    g = nx.Graph()
    g.add_nodes_from(t.nodes)
    nodes = t.nodes
    if weighted:
        g.add_weighted_edges_from(
            (nodes[a], nodes[b], float(w))
            for a, b, w in zip(t.src.tolist(), t.tgt.tolist(), t.weight.tolist(), strict=True))
    else:
        g.add_edges_from((nodes[a], nodes[b]) for a, b in zip(t.src.tolist(), t.tgt.tolist(),
                                                               strict=True))
    return g


def _aligned(t: Ties, values: dict[str, float]) -> np.ndarray:
    return np.array([values.get(v, 0.0) for v in t.nodes], dtype=np.float64)


def degree(t: Ties) -> np.ndarray:
    """Number of distinct tie partners of each node."""
    return np.bincount(np.concatenate([t.src, t.tgt]), minlength=t.n).astype(np.float64)


def in_degree(t: Ties) -> np.ndarray:
    """Number of distinct groups with a directed arc to each node."""
    return np.bincount(t.arc_tgt, minlength=t.n).astype(np.float64)


def out_degree(t: Ties) -> np.ndarray:
    """Number of distinct groups each node has a directed arc to."""
    return np.bincount(t.arc_src, minlength=t.n).astype(np.float64)


def betweenness(t: Ties, k: int | None = None, seed: int | None = None,
                normalized: bool = True) -> np.ndarray:
    """Shortest-path (hop) betweenness; exact when ``k`` is None, else from ``k``
    pivots drawn with ``seed``."""
    import networkx as nx

    if t.n == 0:
        return np.zeros(0)
    g = to_networkx(t, weighted=False)
    if k is not None:
        k = min(int(k), t.n)
    bc = nx.betweenness_centrality(g, k=k, normalized=normalized, seed=seed)
    return _aligned(t, bc)


def pagerank(t: Ties, alpha: float = 0.85) -> np.ndarray:
    """PageRank of the weighted undirected graph (sums to 1)."""
    import networkx as nx

    if t.n == 0:
        return np.zeros(0)
    pr = nx.pagerank(to_networkx(t), alpha=alpha, weight="weight", tol=1e-10, max_iter=1000)
    return _aligned(t, pr)


def eigenvector(t: Ties) -> np.ndarray:
    """Eigenvector centrality per connected component (see the module docstring)."""
    import networkx as nx

    out = np.zeros(t.n)
    if t.m == 0:
        return out
    g = to_networkx(t)
    pos = {v: i for i, v in enumerate(t.nodes)}
    for comp in nx.connected_components(g):
        if len(comp) < 2:
            continue
        sub = g.subgraph(comp)
        try:
            x = nx.eigenvector_centrality(sub, max_iter=10_000, tol=1e-12, weight="weight")
            vec = np.array([x[v] for v in sub])
        except nx.PowerIterationFailedConvergence:  # pragma: no cover - (A+I) converges
            a = nx.to_numpy_array(sub, weight="weight")
            vals, vecs = np.linalg.eigh(a)
            vec = np.abs(vecs[:, int(np.argmax(vals))])
        vec = vec / np.linalg.norm(vec) * np.sqrt(len(comp) / t.n)
        for v, val in zip(sub, vec.tolist(), strict=True):
            out[pos[v]] = val
    return out


def _labels(t: Ties, comms: list[set[str]]) -> np.ndarray:
    """Community labels numbered by decreasing size, then smallest node position."""
    pos = {v: i for i, v in enumerate(t.nodes)}
    keyed = sorted(([pos[v] for v in c] for c in comms), key=lambda c: (-len(c), min(c)))
    labels = np.full(t.n, -1, dtype=np.int64)
    for lab, members in enumerate(keyed):
        labels[members] = lab
    return labels


def modularity(t: Ties, labels: np.ndarray, resolution: float = 1.0) -> float:
    """Weighted modularity of a partition (``nan`` if there are no ties)."""
    if t.m == 0:
        return float("nan")
    w = t.weight
    two_m = 2.0 * float(w.sum())
    strength = np.bincount(t.src, weights=w, minlength=t.n) + np.bincount(
        t.tgt, weights=w, minlength=t.n)
    inside = float(w[labels[t.src] == labels[t.tgt]].sum())
    per_comm = np.bincount(labels, weights=strength)
    return 2.0 * inside / two_m - resolution * float((per_comm ** 2).sum()) / two_m ** 2


def louvain(t: Ties, seed: int = 0, resolution: float = 1.0) -> tuple[np.ndarray, float]:
    """Louvain communities (networkx, seeded): labels aligned with ``nodes``
    (0 = largest community; ties broken by the smallest node position) and the
    partition's modularity."""
    import networkx as nx

    if t.n == 0:
        return np.zeros(0, dtype=np.int64), float("nan")
    comms = nx.community.louvain_communities(to_networkx(t), weight="weight",
                                             resolution=resolution, seed=seed)
    labels = _labels(t, comms)
    return labels, modularity(t, labels, resolution)


def greedy_modularity(t: Ties, seed: int = 0,
                      resolution: float = 1.0) -> tuple[np.ndarray, float]:
    """Clauset–Newman–Moore greedy modularity communities (deterministic;
    ``seed`` is accepted for a uniform signature)."""
    import networkx as nx

    if t.n == 0:
        return np.zeros(0, dtype=np.int64), float("nan")
    g = to_networkx(t)
    if t.m == 0:
        comms = [{v} for v in t.nodes]
    else:
        comms = nx.community.greedy_modularity_communities(g, weight="weight",
                                                           resolution=resolution)
    labels = _labels(t, comms)
    return labels, modularity(t, labels, resolution)


def label_propagation(t: Ties, seed: int = 0,
                      resolution: float = 1.0) -> tuple[np.ndarray, float]:
    """Asynchronous label propagation (networkx, seeded); ``resolution`` only
    enters the reported modularity."""
    import networkx as nx

    if t.n == 0:
        return np.zeros(0, dtype=np.int64), float("nan")
    comms = nx.community.asyn_lpa_communities(to_networkx(t), weight="weight", seed=seed)
    labels = _labels(t, [set(c) for c in comms])
    return labels, modularity(t, labels, resolution)
