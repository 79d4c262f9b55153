"""Compiled graph kernels: Brandes betweenness and networkx's Louvain, in C or numba.

Two builds of the same kernels, with the same numbers bit for bit:

- **C** (:mod:`militnet._engine._ckernels`, ``_ckernels.c``): an optional
  extension module that ``pip install`` builds when a C compiler is present
  (``hatch_build.py``). Importing it takes about a millisecond, so a fresh
  process (every CLI call, a notebook's first cell) pays nothing to set the
  kernels up. It runs whenever it is built.
- **numba**: where the extension was not built (no compiler), or when
  ``set_backend("numba")`` or the environment variable
  ``MILITNET_KERNELS=numba`` asks for it. :func:`provider` says which runs.

The functions named ``_k_*`` are plain Python over numpy arrays, written in
the subset of Python numba compiles (the C functions are line-for-line
translations, with the same floating-point operations in the same order,
compiled without fast-math or fused multiply-adds); numba compiles them on
first use, one at a time (:func:`kernel`: a call loads only the kernels it
needs).
The machine code is cached on disk (``numba.njit(cache=True)``), so only the
first run of an installation pays the compilation, a few seconds; later
processes load it in milliseconds per kernel, after numba's own set-up
(importing numba and its compiler, about 0.3 s, once per process: see
:func:`_deferred_blas_probe` for what is spared). The cache goes where numba
can write: next to this module, else the user's cache directory
(``~/.cache/numba``) or ``NUMBA_CACHE_DIR``, else a private directory of the
user in the temporary directory (:func:`cache_dir`), so a read-only
installation compiles once, not in every process. The kernels release the
GIL: threads run them in parallel. They are reached through
:mod:`militnet._engine.backend`, never directly.

Betweenness is Brandes' algorithm (breadth-first search from every source,
then dependencies accumulated in reverse order), summed over ordered pairs as
networkx does; :func:`militnet._engine.backend.betweenness` rescales the sums with
networkx's factors. It equals ``networkx.betweenness_centrality`` **bit for
bit**: the same search order (neighbours in increasing position, networkx's
adjacency order of the tie graph), the same path counts, and networkx's
accumulation (``_accumulate_basic``: nodes farthest first, each adding
``sigma[v] * coeff`` to its predecessors) with the same operations in the
same order, so whether a call runs in networkx (small work) or in the
kernel, the numbers are the same.

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

import os
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

__all__ = [
    "NEEDS",
    "available",
    "c_built",
    "cache_dir",
    "cheap",
    "installed",
    "kernel",
    "kernels",
    "load",
    "loaded",
    "prefer",
    "provider",
]


def _k_betweenness(
    indptr: np.ndarray, indices: np.ndarray, sources: np.ndarray
) -> np.ndarray:  # pragma: no cover - compiled
    """Sum over the given sources of Brandes' dependencies (ordered pairs),
    with networkx's floating-point operations in networkx's order."""
    n = len(indptr) - 1
    bc = np.zeros(n)
    sigma = np.zeros(n)
    delta = np.zeros(n)
    dist = np.full(n, -1, dtype=np.int32)
    order = np.empty(n, dtype=np.int32)  # the nodes reached, in breadth-first order
    first = np.empty(n, dtype=np.int64)  # each node's latest predecessor link
    pred = np.empty(len(indices), dtype=np.int32)  # links: a predecessor...
    nxt = np.empty(len(indices), dtype=np.int64)  # ... and the node's previous link
    for s in sources:
        # breadth-first search, counting shortest paths and linking each node
        # to its predecessors (networkx's P[w], in any order: each predecessor
        # of a node receives one addition from it)
        sigma[s] = 1.0
        dist[s] = 0
        first[s] = -1
        order[0] = s
        head = 0
        tail = 1
        ns = 0
        while head < tail:
            v = order[head]
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
                    pred[ns] = v
                    nxt[ns] = -1
                    first[w] = ns
                    ns += 1
                elif dw == dv:
                    sigma[w] += sv
                    pred[ns] = v
                    nxt[ns] = first[w]
                    first[w] = ns
                    ns += 1
        # networkx's _accumulate_basic: the nodes farthest first, each adding
        # sigma[v] * coeff to its predecessors' dependencies (the same
        # additions to each node in the same order, so the same bits)
        for i in range(tail - 1, -1, -1):
            w = order[i]
            coeff = (1.0 + delta[w]) / sigma[w]
            q = first[w]
            while q >= 0:
                v = pred[q]
                delta[v] += sigma[v] * coeff
                q = nxt[q]
            if w != s:
                bc[w] += delta[w]
        for i in range(tail):
            w = order[i]
            sigma[w] = 0.0
            delta[w] = 0.0
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


#: The kernels by name, with the argument types of their one compiled
#: signature (arrays of int64 / float64, Python floats and ints).
_FUNCTIONS: dict[str, Any] = {
    "degrees": _k_degrees,
    "betweenness": _k_betweenness,
    "one_level": _k_one_level,
    "modularity_terms": _k_modularity_terms,
    "aggregate": _k_aggregate,
}
#: Which kernels each algorithm of :mod:`militnet._engine.backend` calls.
NEEDS: dict[str, tuple[str, ...]] = {
    "betweenness": ("betweenness",),
    "louvain": ("degrees", "one_level", "modularity_terms", "aggregate"),
}
_loaded: dict[tuple[str, str], Any] = {}
_lock = threading.Lock()
#: The build asked for by ``set_backend("numba")`` (None: the C build if it exists).
_preferred: str | None = None


@cache
def _c_module() -> Any:
    """The C extension, or None where it was not built."""
    try:
        from militnet._engine import _ckernels  # type: ignore[attr-defined,unused-ignore]
    except ImportError:
        return None
    return _ckernels


def c_built() -> bool:
    """Whether the C build of the kernels exists (imports it: about 1 ms)."""
    return _c_module() is not None


def prefer(build: str | None) -> None:
    """Ask for the ``"numba"`` build of the kernels (``set_backend("numba")``),
    or ``None`` to let :func:`provider` choose."""
    global _preferred
    _preferred = build


def provider() -> str | None:
    """Which build of the kernels runs now: ``"c"`` (the C extension, when
    built), ``"numba"`` (without it; or asked for by ``set_backend("numba")``
    or ``MILITNET_KERNELS=numba``), or None if neither can run. Does not
    import numba."""
    wanted = _preferred or os.environ.get("MILITNET_KERNELS", "").strip().lower()
    if wanted != "numba" and c_built():
        return "c"
    return "numba" if _numba_installed() else None


def cheap() -> bool:
    """Whether running the kernels now costs no set-up: the C build, or
    numba's kernels already loaded in this process."""
    build = provider()
    return build == "c" or (build == "numba" and any(b == "numba" for b, _ in _loaded))


def _numba_installed() -> bool:
    if "numba" in sys.modules:
        return True
    import importlib.util

    return importlib.util.find_spec("numba") is not None


def installed() -> bool:
    """Whether the kernels can run, without importing numba (about 0.15 s):
    the C build, or numba installed and, once its import was tried,
    importable."""
    build = provider()
    if build == "numba" and _numba_available.cache_info().currsize:
        return _numba_available()
    return build is not None


def available() -> bool:
    """Whether the kernels can run: the C build (unless numba is asked for),
    or numba importable."""
    if provider() == "c":
        return True
    return _numba_available()


@cache
def _numba_available() -> bool:
    """Whether numba can be imported."""
    try:
        import numba  # noqa: F401
    except Exception:  # not installed, or broken (e.g. a numpy it does not support)
        return False
    return True


def _private_dir(path: Path) -> Path | None:
    """``path``, created for this user alone (mode 0700), or None if that
    cannot be made sure (another user's directory, a symlink): numba's cache
    holds pickles, which must not come from anyone else."""
    try:
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        st = path.lstat()
    except OSError:
        return None
    import stat

    if not stat.S_ISDIR(st.st_mode) or stat.S_IMODE(st.st_mode) & 0o077:
        return None
    if hasattr(os, "getuid") and st.st_uid != os.getuid():
        return None
    return path


def cache_dir() -> Path | None:
    """Where the kernels' machine code is cached when neither numba's own
    places (``__pycache__`` next to this module, then the user's cache
    directory, e.g. ``~/.cache/numba``) nor ``NUMBA_CACHE_DIR`` are
    writable (a read-only installation with no writable home): a private
    directory in the system's temporary directory. None if even that fails
    (then every process compiles the kernels, a few seconds)."""
    import getpass
    import tempfile

    user = os.getuid() if hasattr(os, "getuid") else getpass.getuser()
    return _private_dir(Path(tempfile.gettempdir()) / f"militnet-numba-{user}")


@cache
def _decorator() -> Callable[[Any], Any]:
    """``numba.njit`` with the machine code cached on disk wherever numba can
    write (see :func:`cache_dir`), nogil (threads run the kernels in parallel)."""
    import numba
    from numba.core import config

    try:
        numba.njit(cache=True)(_k_degrees)  # numba's own places, or NUMBA_CACHE_DIR
    except RuntimeError:  # nowhere writable
        fallback = cache_dir()
        if fallback is None:  # pragma: no cover - no writable temporary directory
            return numba.njit(nogil=True)  # type: ignore[no-any-return]
        plain = numba.njit(cache=True, nogil=True)

        def jit(fn: Any) -> Any:
            # numba picks the cache's place when a function is decorated
            previous = config.CACHE_DIR  # type: ignore[attr-defined,unused-ignore]
            config.CACHE_DIR = str(fallback)  # type: ignore[attr-defined,unused-ignore]
            try:
                return plain(fn)
            finally:
                config.CACHE_DIR = previous  # type: ignore[attr-defined,unused-ignore]

        return jit
    return numba.njit(cache=True, nogil=True)  # type: ignore[no-any-return]


@contextmanager
def _deferred_blas_probe() -> Iterator[None]:
    """Let numba set up its compiler without importing scipy.linalg.

    The first compiled function of a process (compiled, or loaded from the
    cache) makes numba load its implementations of numpy; one of them
    imports ``scipy.linalg`` (0.2–0.5 s, more than the kernels themselves)
    only to probe whether BLAS exists, for ``np.convolve`` and
    ``np.correlate``, which militnet never compiles. The probe is answered
    "absent" while militnet's kernels load, then numba's flag is set back to
    what the probe would have found (scipy installed), so numba behaves for
    any other code of the process exactly as before, and scipy is imported
    when something needs it. Does nothing once scipy.linalg or numba's numpy
    implementations are loaded. (While numba sets up, about 0.2 s once per
    process, another thread of the process importing ``scipy.linalg`` for
    the first time would get an ImportError: the one cost of the deferral.)
    """
    name = "scipy.linalg.cython_blas"
    if name in sys.modules or "numba.np.arraymath" in sys.modules:
        yield
        return
    sys.modules[name] = None  # type: ignore[assignment]  # import fails at once
    try:
        yield
    finally:
        if name in sys.modules and sys.modules[name] is None:
            del sys.modules[name]
        arraymath = sys.modules.get("numba.np.arraymath")
        if arraymath is not None and getattr(arraymath, "_HAVE_BLAS", True) is False:
            import importlib.util

            arraymath._HAVE_BLAS = importlib.util.find_spec("scipy") is not None  # type: ignore[attr-defined]


def _warm_up(name: str, fn: Any) -> None:
    """Load (or compile) ``fn``'s machine code for militnet's one signature,
    on a path of three nodes."""
    indptr = np.array([0, 1, 3, 4], dtype=np.int64)
    indices = np.array([1, 0, 2, 1], dtype=np.int64)
    weights = np.ones(4)
    three = np.arange(3, dtype=np.int64)
    deg = _k_degrees(indptr, indices, weights)
    if name == "betweenness":
        fn(indptr, indices, three)
    elif name == "degrees":
        fn(indptr, indices, weights)
    elif name == "one_level":
        fn(indptr, indices, weights, deg, three, 2.0, 1.0)
    elif name == "modularity_terms":
        fn(indptr, indices, weights, deg, three, 3, 1.0)
    else:
        fn(indptr, indices, weights, three, 3)


def _c_kernel(name: str) -> Any:
    """The C build of kernel ``name``, with the numba kernel's signature."""
    c = _c_module()
    i8 = np.int64

    def arr(a: Any, dtype: Any) -> np.ndarray:
        return np.ascontiguousarray(a, dtype=dtype)

    def betweenness(indptr: Any, indices: Any, sources: Any) -> np.ndarray:
        out = np.empty(len(indptr) - 1)
        c.betweenness(arr(indptr, i8), arr(indices, i8), arr(sources, i8), out)
        return out

    def degrees(indptr: Any, indices: Any, weights: Any) -> np.ndarray:
        out = np.empty(len(indptr) - 1)
        c.degrees(arr(indptr, i8), arr(indices, i8), arr(weights, np.float64), out)
        return out

    def one_level(
        indptr: Any, indices: Any, weights: Any, deg: Any, order: Any, m: float, res: float
    ) -> tuple[np.ndarray, bool]:
        node2com = np.empty(len(indptr) - 1, dtype=i8)
        moved = c.one_level(
            arr(indptr, i8),
            arr(indices, i8),
            arr(weights, np.float64),
            arr(deg, np.float64),
            arr(order, i8),
            float(m),
            float(res),
            node2com,
        )
        return node2com, bool(moved)

    def modularity_terms(
        indptr: Any, indices: Any, weights: Any, deg: Any, comm: Any, k: int, res: float
    ) -> np.ndarray:
        out = np.empty(int(k))
        c.modularity_terms(
            arr(indptr, i8),
            arr(indices, i8),
            arr(weights, np.float64),
            arr(deg, np.float64),
            arr(comm, i8),
            int(k),
            float(res),
            out,
        )
        return out

    def aggregate(
        indptr: Any, indices: Any, weights: Any, comm: Any, k: int
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        size = 2 * len(indices)
        new_indptr = np.empty(int(k) + 1, dtype=i8)
        new_indices = np.empty(size, dtype=i8)
        new_weights = np.empty(size)
        total = c.aggregate(
            arr(indptr, i8),
            arr(indices, i8),
            arr(weights, np.float64),
            arr(comm, i8),
            int(k),
            new_indptr,
            new_indices,
            new_weights,
        )
        return new_indptr, new_indices[:total], new_weights[:total]

    fns: dict[str, Any] = {
        "betweenness": betweenness,
        "degrees": degrees,
        "one_level": one_level,
        "modularity_terms": modularity_terms,
        "aggregate": aggregate,
    }
    return fns[name]


def kernel(name: str) -> Any:
    """One compiled kernel (``betweenness``, ``degrees``, ``one_level``,
    ``modularity_terms``, ``aggregate``) of the build :func:`provider` names:
    the C extension's, or numba's, loaded from numba's disk cache (or
    compiled, the first time) on its first use in a process; only the
    kernels a call needs are loaded. Thread-safe."""
    build = provider() or "numba"  # numba's ImportError names what is missing
    key = (build, name)
    fn = _loaded.get(key)
    if fn is not None:
        return fn
    with _lock:
        if key not in _loaded:
            if build == "c":
                if name not in _FUNCTIONS:
                    raise KeyError(name)
                _loaded[key] = _c_kernel(name)
            else:
                with _deferred_blas_probe():
                    fn = _decorator()(_FUNCTIONS[name])
                    _warm_up(name, fn)
                _loaded[key] = fn
    return _loaded[key]


def load(algorithms: Iterable[str]) -> None:
    """Load the kernels ``algorithms`` (keys of :data:`NEEDS`) call, e.g.
    before starting threads or forking processes that will run them."""
    for algorithm in algorithms:
        for name in NEEDS.get(algorithm, ()):
            kernel(name)


def loaded() -> tuple[str, ...]:
    """The kernels of the current build (:func:`provider`) loaded in this
    process so far."""
    build = provider()
    return tuple(name for b, name in _loaded if b == build)


def kernels() -> dict[str, Any]:
    """Every compiled kernel by name (loading those not loaded yet)."""
    return {name: kernel(name) for name in _FUNCTIONS}
