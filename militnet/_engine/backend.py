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
to about 1e-16. Eigenvector is networkx's power iteration replayed in numpy
operation for operation: networkx's numbers bit for bit, without importing
it. Betweenness and Louvain run in militnet's **compiled kernels**
(:mod:`militnet._engine.kernels`: a C extension built at install when a C
compiler is present, else the same kernels in numba, a required
dependency): Brandes' algorithm with networkx's accumulation, equal to networkx **bit for bit**,
and networkx's own Louvain step for step, so the seeded partition is
*identical* to ``networkx.community.louvain_communities(G, seed=seed)`` on
the tie graph. So the numbers of ``"auto"`` do not depend on which of
networkx and the kernels ran (with the numba build only, small work runs
in networkx, without setting numba up).
:func:`set_backend` (or the environment variable ``MILITNET_BACKEND``)
chooses:

- ``"auto"`` (default): the kernels; if neither build can run (no C
  extension, numba cannot be imported), betweenness in igraph when it is
  installed (same numbers) or networkx, and Louvain in networkx (same
  partition). The numbers do not depend on what is installed, only the speed;
- ``"compiled"``: the kernels, C or numba (an error if neither can run);
- ``"numba"``: the kernels' numba build, even where the C one exists (an
  error if numba cannot be imported);
- ``"networkx"``: everything in networkx (the reference; slow);
- ``"igraph"``: betweenness and Louvain in igraph (``pip install
  'militnet[fast]'``; python-igraph is GPL-2.0-or-later, an optional extra
  that militnet never bundles). Its Louvain is another randomised
  heuristic: the partitions differ from networkx's for the same seed, their
  modularity stays within about 0.01 (igraph runs three seeds and keeps
  the best partition).

Results record what ran in ``attrs["provenance"]["backend"]``.
"""

from __future__ import annotations

import os
import random
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import numpy as np

from militnet._core.checks import check_seed
from militnet._core.errors import MilitnetError, MissingDependencyError
from militnet._engine.ties import Ties, to_networkx

if TYPE_CHECKING:
    pass  # type: ignore[import-untyped,unused-ignore]

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
    "kernels_run",
    "label_propagation",
    "louvain",
    "modularity",
    "networkx_seconds",
    "out_degree",
    "pagerank",
    "prepare",
    "set_backend",
    "to_networkx",
    "workload",
]

_EMPTY = np.zeros(0, dtype=np.int64)

#: The backend settings :func:`set_backend` accepts.
BACKENDS: tuple[str, ...] = ("auto", "compiled", "numba", "networkx", "igraph")

#: Louvain runs of the igraph backend (seeds ``seed, seed + 1, ...``); the
#: partition with the highest modularity is kept.
LOUVAIN_STARTS = 3


def _check_backend(name: str) -> str:
    if name not in BACKENDS:
        raise MilitnetError(f"unknown backend {name!r}; expected one of {', '.join(BACKENDS)}")
    return name


_setting = _check_backend(os.environ.get("MILITNET_BACKEND", "auto").strip() or "auto")
if _setting == "numba":  # the kernels' numba build, even where the C one exists
    from militnet._engine import kernels as _kernels_at_import

    _kernels_at_import.prefer("numba")
_igraph_module: Any = None
_igraph_missing = False


def _load_igraph() -> Any:
    """The igraph module, or None if it cannot be imported (cached)."""
    global _igraph_module, _igraph_missing
    if _igraph_module is None and not _igraph_missing:
        try:
            import igraph  # type: ignore[import-untyped,unused-ignore]
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
    name : {"auto", "compiled", "numba", "networkx", "igraph"}
        ``"auto"`` (the default, or the environment variable
        ``MILITNET_BACKEND``): militnet's compiled kernels (the C extension
        when it was built at install, else numba) for betweenness and
        Louvain, networkx or igraph only where neither can run, with the
        same numbers. ``"compiled"``: the kernels (an error if neither
        build can run). ``"numba"``: the kernels' numba build (an error
        without numba). ``"networkx"``: networkx only.
        ``"igraph"``: betweenness *and* Louvain in igraph (an error if it is
        not installed: ``pip install 'militnet[fast]'``).

    Returns
    -------
    str
        The previous setting, to restore it later.

    Notes
    -----
    Degree and PageRank never depend on the backend (numpy, equal to
    networkx). Betweenness is networkx's bit for bit in the kernels, to about
    1e-15 in igraph. The
    kernels' Louvain gives networkx's partition for the same seed; igraph's
    Louvain gives other partitions, with modularity within about 0.01, which
    is why only ``"igraph"`` uses it. ``attrs["provenance"]["backend"]`` of
    every result records what ran.

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
            "the igraph backend needs python-igraph (pip install 'militnet[fast]')"
        )
    from militnet._engine import kernels as _kernels

    if name == "numba":
        _kernels.prefer("numba")
        if not _kernels.available():
            _kernels.prefer(None)
            raise MissingDependencyError("the numba backend needs numba (pip install numba)")
    else:
        _kernels.prefer(None)
        if name == "compiled" and not _kernels.available():
            raise MissingDependencyError(
                "the compiled backend needs militnet's C extension (built by pip install "
                "where a C compiler is present) or numba (pip install numba)"
            )
    previous, _setting = _setting, name
    return previous


def get_backend() -> str:
    """The backend setting: ``"auto"``, ``"compiled"``, ``"numba"``,
    ``"networkx"`` or ``"igraph"`` (see :func:`set_backend`)."""
    return _setting


#: Estimated seconds of work without the kernels (one call: a snapshot, or
#: a whole series) from which ``"auto"`` sets numba up (the kernels' numba
#: build, where the C one was not built), when no kernel is
#: loaded in the process yet: importing numba and setting up its compiler
#: costs about 0.3 s once per process (each kernel then loads from the disk
#: cache in milliseconds), more than small graphs need without it.
KERNEL_SECONDS = 0.3
#: Rough costs without the kernels: seconds per (source x tie) of
#: betweenness (networkx's loop, in networkx or in militnet's Python,
#: :func:`_py_brandes`, which saves networkx's graph building only), per
#: tie of Louvain (networkx).
_NX_BC_COST = 0.3e-6
_NX_LOUVAIN_COST = 20e-6

_call_seconds: float | None = None


def networkx_seconds(
    ties: list[Ties], measures: tuple[str, ...] | set[str], k: int | None = None
) -> float:
    """Rough time of ``measures`` over the snapshots ``ties`` without the
    compiled kernels (the name is historical)."""
    total = 0.0
    for t in ties:
        if "betweenness" in measures:
            total += _NX_BC_COST * (t.n if k is None else min(k, t.n)) * t.m
        if "community" in measures or "louvain" in measures:
            total += _NX_LOUVAIN_COST * t.m
    return total


@contextmanager
def workload(seconds: float) -> Iterator[None]:
    """Within this block, ``"auto"`` decides between networkx and the kernels
    from ``seconds``, the estimated networkx work of the whole call (a series
    of snapshots: :func:`networkx_seconds`), not from each snapshot."""
    global _call_seconds
    previous, _call_seconds = _call_seconds, seconds
    try:
        yield
    finally:
        _call_seconds = previous


def _implementation(algorithm: str, t: Ties | None = None, k: int | None = None) -> str:
    """What runs ``algorithm`` ("betweenness" or "louvain") on ``t`` now:
    "compiled" (militnet's compiled kernels), "igraph" or "networkx".

    Under ``"auto"``: the kernels when they cost no set-up (the C build, or
    numba's once any kernel is loaded in the process); before that, with the
    numba build, work estimated below :data:`KERNEL_SECONDS` runs networkx's
    algorithms without importing numba (a small call, such as the CLI on the
    bundled data, does not pay for setting numba up). All give the same
    numbers, bit for bit, so the choice (which depends on what the process
    did before) never changes a result."""
    if _setting in ("networkx", "igraph"):
        return _setting
    if _setting in ("compiled", "numba"):
        return "compiled"
    from militnet._engine import kernels as _kernels

    if _kernels.cheap():  # no set-up to pay: the kernels cost nothing more
        return "compiled"
    seconds = _call_seconds
    if seconds is None and t is not None:
        seconds = networkx_seconds([t], {algorithm}, k)
    if seconds is not None and seconds < KERNEL_SECONDS:
        return "networkx"
    if _kernels.available():
        return "compiled"
    if algorithm == "betweenness" and _igraph_installed():
        return "igraph"  # the same numbers as networkx's, faster
    return "networkx"


_versions: dict[str, str | None] = {}


def _version(package: str) -> str | None:
    from importlib.metadata import PackageNotFoundError, version

    if package not in _versions:
        try:
            _versions[package] = version(package)
        except PackageNotFoundError:  # pragma: no cover - an unusual install
            _versions[package] = None
    return _versions[package]


def backend_info() -> dict[str, str | None]:
    """What runs betweenness and Louvain now, for provenance: ``{"name":
    setting, "betweenness": implementation, "louvain": implementation}``
    (``"compiled"``, ``"igraph"`` or ``"networkx"``); with the compiled
    kernels, ``"kernels"``: their build (``"c"`` or ``"numba"``); and the
    version of numba or igraph when they are used."""
    from militnet._engine import kernels as _kernels

    out: dict[str, str | None] = {"name": _setting}
    for algorithm in ("betweenness", "louvain"):
        if _setting == "auto":  # what large work runs, without importing numba
            igraph = algorithm == "betweenness" and _igraph_installed()
            fallback = "igraph" if igraph else "networkx"
            out[algorithm] = "compiled" if _kernels.installed() else fallback
        else:
            out[algorithm] = _implementation(algorithm)
    if "compiled" in out.values():
        out["kernels"] = _kernels.provider()
    for package in ("numba", "igraph"):
        if package in out.values():
            out[package] = _version(package)
    if _setting == "auto" and out.get("kernels") == "numba":
        out["small_work"] = (
            f"below {KERNEL_SECONDS:g} s of estimated networkx work, without the kernels: "
            "networkx's betweenness loop in Python, networkx's Louvain (same numbers)"
        )
    return out


def prepare(measures: tuple[str, ...]) -> None:
    """Load the compiled kernels ``measures`` will run, so that threads or
    worker processes forked afterwards share them instead of loading them each."""
    from militnet._engine import kernels as _kernels

    algorithms = [
        a
        for m, a in (("betweenness", "betweenness"), ("community", "louvain"))
        if m in measures and _implementation(a) == "compiled"
    ]
    if algorithms:
        _kernels.load(algorithms)


def kernels_run(measures: tuple[str, ...] | set[str]) -> bool:
    """Whether the compiled kernels (which release the GIL) do the bulk of
    ``measures`` now: betweenness or Louvain runs in the kernels."""
    return ("betweenness" in measures and _implementation("betweenness") == "compiled") or (
        "community" in measures and _implementation("louvain") == "compiled"
    )


def _igraph(algorithm: str, impl: str | None = None) -> Any:
    """The igraph module if ``algorithm`` runs in igraph now (``impl``: what
    :func:`_implementation` chose for the graph at hand), else None."""
    if (impl if impl is not None else _implementation(algorithm)) != "igraph":
        return None
    ig = _load_igraph()
    if ig is None and _setting == "igraph":  # pragma: no cover - checked by set_backend
        raise MissingDependencyError(
            "the igraph backend needs python-igraph (pip install 'militnet[fast]')"
        )
    return ig


def _igraph_graph(ig: Any, t: Ties) -> Any:
    return ig.Graph(n=t.n, edges=np.column_stack([t.src, t.tgt]).tolist(), directed=False)


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


def betweenness(
    t: Ties, k: int | None = None, seed: int | None = None, normalized: bool = True
) -> np.ndarray:
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
    impl = _implementation("betweenness", t, k)
    if impl == "compiled":
        return _kernel_betweenness(t, k, seed, normalized)
    if impl == "networkx" and _setting == "auto":  # small work: networkx's code, not imported
        return _kernel_betweenness(t, k, seed, normalized, _py_brandes)
    ig = _igraph("betweenness", impl)
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


def _csr(t: Ties) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The tie graph as compressed sparse rows (``indptr``, ``indices``,
    ``weights``), each node's neighbours in increasing position: the
    adjacency order of :func:`to_networkx`'s graph."""
    rows = np.concatenate([t.src, t.tgt])
    cols = np.concatenate([t.tgt, t.src])
    order = np.lexsort((cols, rows))
    indptr = np.zeros(t.n + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows, minlength=t.n), out=indptr[1:])
    weights = np.concatenate([t.weight, t.weight]).astype(np.float64)[order]
    return indptr, cols[order].astype(np.int64), weights


def _py_brandes(indptr: np.ndarray, indices: np.ndarray, sources: np.ndarray) -> np.ndarray:
    """networkx's betweenness loop (``_single_source_shortest_path_basic`` and
    ``_accumulate_basic``) over position lists: the same operations in the
    same order, so the same bits, without importing networkx (0.1–0.2 s, more
    than small graphs take); the kernel's sums in pure Python."""
    from collections import deque

    n = len(indptr) - 1
    ptr, idx = indptr.tolist(), indices.tolist()
    adj = [idx[ptr[v] : ptr[v + 1]] for v in range(n)]
    bc = [0.0] * n
    for s in sources.tolist():
        order: list[int] = []
        preds: dict[int, list[int]] = {}
        sigma = dict.fromkeys(range(n), 0.0)
        dist = {s: 0}
        sigma[s] = 1.0
        queue = deque([s])
        while queue:
            v = queue.popleft()
            order.append(v)
            dv = dist[v] + 1
            sv = sigma[v]
            for w in adj[v]:
                if w not in dist:
                    queue.append(w)
                    dist[w] = dv
                if dist[w] == dv:
                    sigma[w] += sv
                    preds.setdefault(w, []).append(v)
        delta = dict.fromkeys(order, 0.0)
        while order:
            w = order.pop()
            coeff = (1 + delta[w]) / sigma[w]
            for v in preds.get(w, ()):
                delta[v] += sigma[v] * coeff
            if w != s:
                bc[w] += delta[w]
    return np.array(bc, dtype=np.float64)


def _kernel_betweenness(
    t: Ties, k: int | None, seed: int | None, normalized: bool, brandes: Any = None
) -> np.ndarray:
    """Brandes in militnet's compiled kernel (or ``brandes``, the same sums),
    rescaled as networkx's ``_rescale`` does (``endpoints=False``, undirected)."""
    from militnet._engine.kernels import kernel

    indptr, indices, _ = _csr(t)
    if k is None:
        sources = np.arange(t.n, dtype=np.int64)
    else:
        rng = random.Random(seed) if seed is not None else random
        sources = np.asarray(rng.sample(range(t.n), k), dtype=np.int64)
    raw = (brandes or kernel("betweenness"))(indptr, indices, sources)
    big_n = t.n - 1
    if big_n < 2:
        return raw
    if k is None:
        factor = 1 / (big_n * (big_n - 1)) if normalized else big_n / (big_n * 2)
        return raw * factor if factor != 1 else raw
    if normalized:
        scale_source = 1 / ((k - 1) * (big_n - 1)) if k > 1 else float("nan")
        scale_other = 1 / (k * (big_n - 1))
    else:
        scale_source = big_n / ((k - 1) * 2) if k > 1 else float("nan")
        scale_other = big_n / (k * 2)
    scale = np.full(t.n, scale_other)
    scale[sources] = scale_source
    return raw * scale


def _nx_betweenness(t: Ties, k: int | None, seed: int | None, normalized: bool) -> np.ndarray:
    import networkx as nx

    g = to_networkx(t, weighted=False)
    bc = nx.betweenness_centrality(g, k=k, normalized=normalized, seed=seed)
    return _aligned(t, bc)


def pagerank(t: Ties, alpha: float = 0.85, tol: float = 1e-10, max_iter: int = 1000) -> np.ndarray:
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


def components(t: Ties) -> np.ndarray:
    """The connected component of each node, as the smallest position in it
    (label propagation with pointer jumping, in numpy)."""
    lab = np.arange(t.n, dtype=np.int64)
    if t.m == 0:
        return lab
    src, tgt = t.src.astype(np.int64), t.tgt.astype(np.int64)
    while True:
        low = np.minimum(lab[src], lab[tgt])
        new = lab.copy()
        np.minimum.at(new, src, low)
        np.minimum.at(new, tgt, low)
        new = new[new]  # every label is a node of the component: jump to its label
        if np.array_equal(new, lab):
            return lab
        lab = new


#: networkx's defaults as militnet calls ``eigenvector_centrality``.
EIGEN_MAX_ITER = 10_000
EIGEN_TOL = 1e-12


def eigenvector(t: Ties) -> np.ndarray:
    """Eigenvector centrality per connected component (see the module docstring).

    Each component's vector is networkx's ``eigenvector_centrality`` (power
    iteration on ``A + I`` from the uniform vector, L2 normalisation by
    ``math.hypot``, stop when the L1 change is below ``n_c * 1e-12``),
    replayed in numpy operation for operation (each node's new value is its
    old one plus its neighbours' contributions, added in node order, as
    networkx adds them; the norm and the stopping sum in Python), so the
    numbers are networkx's, bit for bit, without importing it (networkx
    run on each component with its nodes in the snapshot's order: see
    :func:`_nx_eigenvector`; 40 to 160 times faster at M).
    """
    import math

    out = np.zeros(t.n)
    if t.m == 0:
        return out
    comp = components(t)
    sizes = np.bincount(comp, minlength=t.n)
    # arcs in networkx's order of addition: by source position, then target
    rows = np.concatenate([t.src, t.tgt]).astype(np.int64)
    cols = np.concatenate([t.tgt, t.src]).astype(np.int64)
    w = np.concatenate([t.weight, t.weight]).astype(np.float64)
    order = np.lexsort((cols, rows))
    rows, cols, w = rows[order], cols[order], w[order]
    by_comp = np.argsort(comp[rows], kind="stable")  # keeps that order within a component
    arc_counts = np.bincount(comp[rows], minlength=t.n)
    arc_bounds = np.cumsum(arc_counts)
    node_order = np.argsort(comp, kind="stable")  # nodes of a component by position
    node_bounds = np.cumsum(sizes)
    local = np.empty(t.n, dtype=np.int64)
    for c in np.flatnonzero(sizes >= 2).tolist():
        nodes = node_order[node_bounds[c] - sizes[c] : node_bounds[c]]
        k = len(nodes)
        local[nodes] = np.arange(k)
        arcs = by_comp[arc_bounds[c] - arc_counts[c] : arc_bounds[c]]
        r, wc = local[rows[arcs]], w[arcs]
        idx = np.concatenate([np.arange(k), local[cols[arcs]]])  # the node itself first
        x = np.full(k, 1 / k)
        for _ in range(EIGEN_MAX_ITER):
            xlast = x
            x = np.bincount(idx, weights=np.concatenate([xlast, xlast[r] * wc]), minlength=k)
            x = x / (math.hypot(*x.tolist()) or 1)
            if sum(np.abs(x - xlast).tolist()) < k * EIGEN_TOL:
                break
        else:  # pragma: no cover - (A + I) converges on a connected graph
            a = np.zeros((k, k))
            np.add.at(a, (r, local[cols[arcs]]), wc)
            vals, vecs = np.linalg.eigh(a)
            x = np.abs(vecs[:, int(np.argmax(vals))])
        out[nodes] = x / np.linalg.norm(x) * np.sqrt(k / t.n)
    return out


def _nx_eigenvector(t: Ties) -> np.ndarray:
    """:func:`eigenvector` through networkx itself (the reference of the tests)."""
    import networkx as nx

    out = np.zeros(t.n)
    if t.m == 0:
        return out
    g = to_networkx(t)
    pos = {v: i for i, v in enumerate(t.nodes)}
    for comp in nx.connected_components(g):
        if len(comp) < 2:
            continue
        # the component's nodes in the snapshot's order (a subgraph view
        # would iterate them in the order of a set of strings, which
        # changes with Python's hash seed, and so would the last bits)
        sub = nx.Graph()
        sub.add_nodes_from(sorted(comp, key=pos.__getitem__))
        sub.add_edges_from(g.subgraph(comp).edges(data=True))
        try:
            x = nx.eigenvector_centrality(
                sub, max_iter=EIGEN_MAX_ITER, tol=EIGEN_TOL, weight="weight"
            )
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
        t.tgt, weights=w, minlength=t.n
    )
    inside = float(w[labels[t.src] == labels[t.tgt]].sum())
    per_comm = np.bincount(labels, weights=strength)
    return 2.0 * inside / two_m - resolution * float((per_comm**2).sum()) / two_m**2


def louvain(t: Ties, seed: int | None = 0, resolution: float = 1.0) -> tuple[np.ndarray, float]:
    """Louvain communities (seeded): labels aligned with ``nodes`` (0 = largest
    community; ties broken by the smallest node position) and the partition's
    modularity.

    networkx's ``louvain_communities`` (in the compiled kernels by default:
    the same partition), or with ``set_backend("igraph")``
    igraph's multilevel algorithm run with seeds ``seed, seed + 1, seed + 2`` (the
    partition of highest modularity wins, the first on a tie). igraph draws
    from Python's ``random``; its state is saved and restored around the runs.
    """
    seed = check_seed(seed)  # militnet._core.checks
    if t.n == 0:
        return np.zeros(0, dtype=np.int64), float("nan")
    impl = _implementation("louvain", t) if t.m else "networkx"
    if impl == "compiled":
        labels = _labels_of_membership(_kernel_louvain(t, seed, resolution))
        return labels, modularity(t, labels, resolution)
    ig = _igraph("louvain", impl)
    if ig is None:
        import networkx as nx

        comms = nx.community.louvain_communities(
            to_networkx(t), weight="weight", resolution=resolution, seed=seed
        )
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
            member = np.asarray(
                g.community_multilevel(weights=weights, resolution=resolution).membership
            )
            labels = _labels_of_membership(member)
            q = modularity(t, labels, resolution)
            if best is None or q > best[1]:
                best = (labels, q)
    finally:
        if state is not None:
            random.setstate(state)
    assert best is not None
    return best


#: networkx's default modularity gain below which Louvain stops.
LOUVAIN_THRESHOLD = 1e-7


def _kernel_louvain(t: Ties, seed: int | None, resolution: float) -> np.ndarray:
    """networkx's ``louvain_communities`` in militnet's compiled kernels: the
    community (an arbitrary number) of each node, the same partition as
    networkx's for the same seed (see :mod:`militnet._engine.kernels`)."""
    from militnet._engine.kernels import NEEDS, kernel

    kern = {name: kernel(name) for name in NEEDS["louvain"]}
    resolution = float(resolution)  # one compiled signature
    # networkx's stream (``create_py_random_state``), drawn in the same order;
    # made here, so that networkx (0.1 s to import) is not needed
    shuffle = random.shuffle if seed is None else random.Random(seed).shuffle
    indptr, indices, weights = _csr(t)
    deg = kern["degrees"](indptr, indices, weights)
    n = t.n
    # modularity of the singletons; the stopping rule sums the terms as networkx does
    mod = sum(
        kern["modularity_terms"](
            indptr, indices, weights, deg, np.arange(n, dtype=np.int64), n, resolution
        ).tolist()
    )
    m = sum(deg.tolist()) / 2  # Graph.size(weight=...)
    member = np.arange(n, dtype=np.int64)  # original node -> node of the current level

    def level(k: int) -> tuple[np.ndarray, int, bool]:
        order = list(range(k))
        shuffle(order)
        node2com, moved = kern["one_level"](
            indptr, indices, weights, deg, np.asarray(order, dtype=np.int64), m, resolution
        )
        present = np.zeros(k, dtype=bool)
        present[node2com] = True  # empty communities are dropped, the others keep their order
        renumber = np.cumsum(present) - 1
        return renumber[node2com], int(present.sum()), bool(moved)

    comm, k, _ = level(n)
    member = comm[member]
    final = member
    improvement = True
    while improvement:
        final = member
        new_mod = sum(
            kern["modularity_terms"](indptr, indices, weights, deg, comm, k, resolution).tolist()
        )
        if new_mod - mod <= LOUVAIN_THRESHOLD:
            break
        mod = new_mod
        indptr, indices, weights = kern["aggregate"](indptr, indices, weights, comm, k)
        deg = kern["degrees"](indptr, indices, weights)
        comm, k, improvement = level(k)
        member = comm[member]
    return final


def _labels_of_membership(member: np.ndarray) -> np.ndarray:
    """Relabel a membership vector as :func:`_labels` numbers communities."""
    _, first, inverse, counts = np.unique(
        member, return_index=True, return_inverse=True, return_counts=True
    )
    order = np.lexsort((first, -counts))  # by decreasing size, then first member
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    return rank[inverse.ravel()]


def greedy_modularity(t: Ties, seed: int = 0, resolution: float = 1.0) -> tuple[np.ndarray, float]:
    """Clauset–Newman–Moore greedy modularity communities (deterministic;
    ``seed`` is accepted for a uniform signature)."""
    import networkx as nx

    if t.n == 0:
        return np.zeros(0, dtype=np.int64), float("nan")
    g = to_networkx(t)
    if t.m == 0:
        comms = [{v} for v in t.nodes]
    else:
        comms = nx.community.greedy_modularity_communities(
            g, weight="weight", resolution=resolution
        )
    labels = _labels(t, comms)
    return labels, modularity(t, labels, resolution)


def label_propagation(t: Ties, seed: int = 0, resolution: float = 1.0) -> tuple[np.ndarray, float]:
    """Asynchronous label propagation (networkx, seeded); ``resolution`` only
    enters the reported modularity."""
    import networkx as nx

    seed = check_seed(seed, allow_none=False)  # militnet._core.checks
    if t.n == 0:
        return np.zeros(0, dtype=np.int64), float("nan")
    comms = nx.community.asyn_lpa_communities(to_networkx(t), weight="weight", seed=seed)
    labels = _labels(t, [set(c) for c in comms])
    return labels, modularity(t, labels, resolution)
