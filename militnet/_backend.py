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

Implementations
---------------
Degree and PageRank are numpy: counting, and networkx's own power iteration
(same start vector, dangling handling and stopping rule), equal to networkx
to about 1e-16. Betweenness and Louvain can run in **igraph**
(``pip install 'militnet[fast]'``; python-igraph is GPL-2.0-or-later, an
optional extra that militnet never bundles); the rest always runs in
networkx. :func:`set_backend` (or the environment variable
``MILITNET_BACKEND``) chooses:

- ``"auto"`` (default): betweenness in igraph if it is installed, because the
  result is the same (to about 1e-15, exact or sampled with networkx's
  pivots); Louvain in networkx, so a seeded partition does not depend on
  whether the extra is installed;
- ``"igraph"``: betweenness and Louvain in igraph. Louvain is a randomised
  heuristic: the partitions differ from networkx's for the same seed, their
  modularity stays within about 0.01 (igraph runs three seeds and keeps the
  best partition), and it is 5 to 15 times faster;
- ``"networkx"``: everything in networkx.

Results record what ran in ``attrs["provenance"]["backend"]``.
"""

from __future__ import annotations

import os
import random
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from militnet._checks import check_seed
from militnet._errors import MilitnetError, MissingDependencyError

if TYPE_CHECKING:
    import networkx as nx

__all__ = [
    "BACKENDS",
    "Ties",
    "backend_info",
    "betweenness",
    "degree",
    "eigenvector",
    "get_backend",
    "greedy_modularity",
    "in_degree",
    "label_propagation",
    "louvain",
    "modularity",
    "out_degree",
    "pagerank",
    "set_backend",
    "to_networkx",
]

_EMPTY = np.zeros(0, dtype=np.int64)

#: The backend settings :func:`set_backend` accepts.
BACKENDS: tuple[str, ...] = ("auto", "networkx", "igraph")

#: Louvain runs of the igraph backend (seeds ``seed, seed + 1, ...``); the
#: partition with the highest modularity is kept.
LOUVAIN_STARTS = 3


def _check_backend(name: str) -> str:
    if name not in BACKENDS:
        raise MilitnetError(f"unknown backend {name!r}; expected one of {', '.join(BACKENDS)}")
    return name


_setting = _check_backend(os.environ.get("MILITNET_BACKEND", "auto").strip() or "auto")
_igraph_module: Any = None
_igraph_missing = False


def _load_igraph() -> Any:
    """The igraph module, or None if it cannot be imported (cached)."""
    global _igraph_module, _igraph_missing
    if _igraph_module is None and not _igraph_missing:
        try:
            import igraph
        except ImportError:
            _igraph_missing = True
        else:
            _igraph_module = igraph
    return _igraph_module


def _igraph_installed() -> bool:
    """Whether igraph looks importable, without importing it (it is slow to import)."""
    if _igraph_module is not None:
        return True
    if _igraph_missing:
        return False
    import importlib.util

    return importlib.util.find_spec("igraph") is not None


def set_backend(name: str) -> str:
    """Choose the graph library behind betweenness and Louvain communities.

    Parameters
    ----------
    name : {"auto", "networkx", "igraph"}
        ``"auto"`` (the default, or the environment variable
        ``MILITNET_BACKEND``): betweenness in igraph if it is installed (same
        numbers, faster), everything else in networkx. ``"igraph"``:
        betweenness *and* Louvain in igraph (an error if it is not installed:
        ``pip install 'militnet[fast]'``). ``"networkx"``: networkx only.

    Returns
    -------
    str
        The previous setting, to restore it later.

    Notes
    -----
    Degree and PageRank never depend on the backend (numpy, equal to
    networkx). Betweenness is the same in both libraries. igraph's Louvain
    gives other partitions than networkx's for the same seed, with
    modularity within about 0.01; that is why only ``"igraph"`` uses it.
    ``attrs["provenance"]["backend"]`` of every result records what ran.

    Examples
    --------
    >>> import militnet
    >>> previous = militnet.set_backend("networkx")
    >>> militnet.get_backend()
    'networkx'
    >>> _ = militnet.set_backend(previous)
    """
    global _setting
    _check_backend(name)
    if name == "igraph" and _load_igraph() is None:
        raise MissingDependencyError(
            "the igraph backend needs python-igraph (pip install 'militnet[fast]')")
    previous, _setting = _setting, name
    return previous


def get_backend() -> str:
    """The backend setting: ``"auto"``, ``"networkx"`` or ``"igraph"`` (see
    :func:`set_backend`)."""
    return _setting


def _uses_igraph(algorithm: str) -> bool:
    if _setting == "igraph":
        return True
    return _setting == "auto" and algorithm == "betweenness" and _igraph_installed()


_versions: dict[str, str | None] = {}


def backend_info() -> dict[str, str | None]:
    """What runs betweenness and Louvain now, for provenance: ``{"name":
    setting, "betweenness": library, "louvain": library}``, plus ``"igraph":
    version`` when igraph is used."""
    from importlib.metadata import PackageNotFoundError, version

    out: dict[str, str | None] = {"name": _setting}
    for algorithm in ("betweenness", "louvain"):
        out[algorithm] = "igraph" if _uses_igraph(algorithm) else "networkx"
    if "igraph" in out.values():
        if "igraph" not in _versions:
            try:
                _versions["igraph"] = version("igraph")
            except PackageNotFoundError:  # pragma: no cover - an unusual install
                _versions["igraph"] = None
        out["igraph"] = _versions["igraph"]
    return out


def _igraph(algorithm: str) -> Any:
    """The igraph module if ``algorithm`` runs in igraph now, else None."""
    if not _uses_igraph(algorithm):
        return None
    ig = _load_igraph()
    if ig is None and _setting == "igraph":  # pragma: no cover - checked by set_backend
        raise MissingDependencyError(
            "the igraph backend needs python-igraph (pip install 'militnet[fast]')")
    return ig


def _igraph_graph(ig: Any, t: Ties) -> Any:
    return ig.Graph(n=t.n, edges=np.column_stack([t.src, t.tgt]).tolist(), directed=False)


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
    pivots drawn with ``seed``.

    The pivots are the ones networkx draws (``random.Random(seed).sample`` of
    the nodes in order; the global ``random`` stream if ``seed`` is None), and
    both backends rescale as networkx does, so igraph and networkx agree.
    """
    if t.n == 0:
        return np.zeros(0)
    if k is not None:
        k = min(int(k), t.n)
        if k == t.n:
            k = None  # networkx computes the exact value then
    ig = _igraph("betweenness")
    if ig is None:
        return _nx_betweenness(t, k, seed, normalized)
    g = _igraph_graph(ig, t)
    if k is None:
        raw = np.asarray(g.betweenness(directed=False), dtype=np.float64)  # unordered pairs
        if t.n <= 2:
            return raw
        return raw * (2.0 / ((t.n - 1) * (t.n - 2))) if normalized else raw
    rng = random.Random(seed) if seed is not None else random
    pivots = rng.sample(range(t.n), k)
    # igraph counts each (pivot, target) path once; networkx sums ordered pairs
    raw = 2.0 * np.asarray(g.betweenness(directed=False, sources=pivots), dtype=np.float64)
    big_n = t.n - 1  # endpoints excluded
    if big_n < 2:
        return raw
    corr = 1.0 if normalized else 2.0
    num = 1.0 if normalized else float(big_n)
    den = big_n - 1 if normalized else 1
    scale_source = num / ((k - 1) * den * corr) if k > 1 else float("nan")
    scale_other = num / (k * den * corr)
    scale = np.full(t.n, scale_other)
    scale[pivots] = scale_source
    return raw * scale


def _nx_betweenness(t: Ties, k: int | None, seed: int | None, normalized: bool) -> np.ndarray:
    import networkx as nx

    g = to_networkx(t, weighted=False)
    bc = nx.betweenness_centrality(g, k=k, normalized=normalized, seed=seed)
    return _aligned(t, bc)


def pagerank(t: Ties, alpha: float = 0.85, tol: float = 1e-10,
             max_iter: int = 1000) -> np.ndarray:
    """PageRank of the weighted undirected graph (sums to 1).

    networkx's power iteration in numpy: start and teleport uniform, the rank
    of dangling (isolated) nodes spread uniformly, stop when the L1 change is
    below ``n * tol``. Equal to ``networkx.pagerank(G, alpha, weight="weight",
    tol=tol, max_iter=max_iter)`` to rounding.
    """
    n = t.n
    if n == 0:
        return np.zeros(0)
    rows = np.concatenate([t.src, t.tgt])
    cols = np.concatenate([t.tgt, t.src])
    w = np.concatenate([t.weight, t.weight]).astype(np.float64)
    strength = np.bincount(rows, weights=w, minlength=n)
    inv = np.zeros(n)
    nz = strength != 0
    inv[nz] = 1.0 / strength[nz]
    dangling = np.flatnonzero(~nz)
    p = np.full(n, 1.0 / n)
    x = p.copy()
    for _ in range(max_iter):
        xlast = x
        # x @ (D^-1 A) for symmetric A: each node sends x/strength along its arcs
        flow = np.bincount(cols, weights=(x * inv)[rows] * w, minlength=n)
        x = alpha * (flow + x[dangling].sum() * p) + (1 - alpha) * p
        if np.abs(x - xlast).sum() < n * tol:
            return x
    import networkx as nx

    raise nx.PowerIterationFailedConvergence(max_iter)


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


def louvain(t: Ties, seed: int | None = 0,
            resolution: float = 1.0) -> tuple[np.ndarray, float]:
    """Louvain communities (seeded): labels aligned with ``nodes`` (0 = largest
    community; ties broken by the smallest node position) and the partition's
    modularity.

    networkx's ``louvain_communities``, or with ``set_backend("igraph")``
    igraph's multilevel algorithm run with seeds ``seed, seed + 1, seed + 2`` (the
    partition of highest modularity wins, the first on a tie). igraph draws
    from Python's ``random``; its state is saved and restored around the runs.
    """
    seed = check_seed(seed)  # militnet._checks
    if t.n == 0:
        return np.zeros(0, dtype=np.int64), float("nan")
    ig = _igraph("louvain") if t.m else None
    if ig is None:
        import networkx as nx

        comms = nx.community.louvain_communities(to_networkx(t), weight="weight",
                                                 resolution=resolution, seed=seed)
        labels = _labels(t, comms)
        return labels, modularity(t, labels, resolution)
    g = _igraph_graph(ig, t)
    weights = t.weight.tolist()
    best: tuple[np.ndarray, float] | None = None
    state = random.getstate() if seed is not None else None
    try:
        for i in range(LOUVAIN_STARTS):
            if seed is not None:
                random.seed(seed + i)
            member = np.asarray(g.community_multilevel(weights=weights,
                                                       resolution=resolution).membership)
            labels = _labels_of_membership(member)
            q = modularity(t, labels, resolution)
            if best is None or q > best[1]:
                best = (labels, q)
    finally:
        if state is not None:
            random.setstate(state)
    assert best is not None
    return best


def _labels_of_membership(member: np.ndarray) -> np.ndarray:
    """Relabel a membership vector as :func:`_labels` numbers communities."""
    _, first, inverse, counts = np.unique(member, return_index=True, return_inverse=True,
                                          return_counts=True)
    order = np.lexsort((first, -counts))  # by decreasing size, then first member
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    return rank[inverse.ravel()]


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

    seed = check_seed(seed, allow_none=False)  # militnet._checks
    if t.n == 0:
        return np.zeros(0, dtype=np.int64), float("nan")
    comms = nx.community.asyn_lpa_communities(to_networkx(t), weight="weight", seed=seed)
    labels = _labels(t, [set(c) for c in comms])
    return labels, modularity(t, labels, resolution)
