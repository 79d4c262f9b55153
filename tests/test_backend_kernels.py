"""militnet's compiled kernels, both builds (the C extension and numba),
against networkx, the reference, on random graphs: exact and sampled
betweenness bit for bit, and Louvain partitions *identical* to
``networkx.community.louvain_communities`` for the same seed.

The graphs come from seeded generators (sparse and dense, connected or not,
with isolated nodes) and from hypothesis; weights are 1 or small integers,
as militnet's ties count relations."""

from __future__ import annotations

import random
import sys

import networkx as nx
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import militnet
from militnet._engine import backend as _backend
from militnet._engine import kernels as _kernels

pytestmark = pytest.mark.skipif(not _kernels._numba_available(), reason="numba is not installed")
needs_c = pytest.mark.skipif(
    not _kernels.c_built(), reason="militnet's C kernels were not built (no C compiler at install)"
)


@pytest.fixture(params=["c", "numba"])
def build(request):
    """Run a test on both builds of the kernels (in CI, where a skip is a
    failure, the C build must have been built)."""
    if request.param == "c" and not _kernels.c_built():
        pytest.skip("militnet's C kernels were not built (no C compiler at install)")
    previous = militnet.set_backend("compiled" if request.param == "c" else "numba")
    assert _kernels.provider() == request.param
    yield request.param
    militnet.set_backend(previous)


@pytest.fixture(autouse=True)
def compiled_backend():
    previous = militnet.set_backend("compiled")
    yield
    militnet.set_backend(previous)


def ties_of(
    n: int,
    edges: list[tuple[int, int]],
    weights: list[float] | None = None,
) -> _backend.Ties:
    """A Ties snapshot of ``n`` nodes (ids with a non-trivial sort order)."""
    pairs: dict[tuple[int, int], float] = {}
    for i, (a, b) in enumerate(edges):
        if a == b:
            continue
        key = (min(a, b), max(a, b))
        pairs[key] = pairs.get(key, 0.0) + (1.0 if weights is None else weights[i])
    keys = sorted(pairs)
    src = np.array([k[0] for k in keys], dtype=np.int64)
    tgt = np.array([k[1] for k in keys], dtype=np.int64)
    return _backend.Ties(
        nodes=tuple(f"g{(7 * i) % max(n, 1)}-{i}" for i in range(n)),
        src=src,
        tgt=tgt,
        weight=np.array([pairs[k] for k in keys]),
    )


def random_ties(seed: int) -> _backend.Ties:
    """Sparse or dense, one component or several, some isolated nodes,
    unit or integer weights."""
    rng = random.Random(seed)
    n = rng.randint(3, 90)
    kind = seed % 4
    if kind == 0:  # sparse, disconnected
        g = nx.gnm_random_graph(n, rng.randint(0, 2 * n), seed=seed)
    elif kind == 1:  # heavy-tailed
        g = nx.barabasi_albert_graph(n, rng.randint(1, 3), seed=seed)
    elif kind == 2:  # dense
        g = nx.gnp_random_graph(n, 0.3, seed=seed)
    else:  # communities
        sizes = [rng.randint(2, 12) for _ in range(rng.randint(2, 6))]
        g = nx.random_partition_graph(sizes, 0.6, 0.03, seed=seed)
        n = g.number_of_nodes()
    edges = list(g.edges())
    weights = [float(rng.randint(1, 4)) for _ in edges] if seed % 3 == 0 else None
    return ties_of(n, edges, weights)


def nx_partition(t: _backend.Ties, seed: int, resolution: float) -> np.ndarray:
    comms = nx.community.louvain_communities(
        _backend.to_networkx(t), weight="weight", resolution=resolution, seed=seed
    )
    return _backend._labels(t, comms)


def nx_betweenness(t: _backend.Ties, **kw: object) -> np.ndarray:
    bc = nx.betweenness_centrality(_backend.to_networkx(t, weighted=False), **kw)
    return np.array([bc[v] for v in t.nodes])


@pytest.mark.parametrize("seed", range(40))
@pytest.mark.usefixtures("build")
def test_exact_betweenness_equals_networkx(seed):
    t = random_ties(seed)
    for normalized in (True, False):
        got = _backend.betweenness(t, normalized=normalized)
        ref = nx_betweenness(t, normalized=normalized)
        assert np.array_equal(got, ref)  # bit for bit: networkx's additions, in its order


@pytest.mark.parametrize("seed", range(0, 40, 3))
@pytest.mark.usefixtures("build")
def test_sampled_betweenness_equals_networkx(seed):
    t = random_ties(seed)
    for k in (1, 3, max(1, t.n // 2)):
        got = _backend.betweenness(t, k=k, seed=seed)
        ref = nx_betweenness(t, k=k, seed=seed, normalized=True)
        assert np.array_equal(got, ref, equal_nan=True)


@pytest.mark.parametrize("seed", range(40))
@pytest.mark.usefixtures("build")
def test_louvain_partition_is_networkx_partition(seed):
    t = random_ties(seed)
    for louvain_seed, resolution in ((0, 1.0), (seed + 1, 1.0), (3, 0.5), (3, 1.7)):
        labels, q = _backend.louvain(t, seed=louvain_seed, resolution=resolution)
        ref = nx_partition(t, louvain_seed, resolution)
        assert labels.tolist() == ref.tolist()
        if t.m:
            assert q == pytest.approx(
                nx.community.modularity(
                    _backend.to_networkx(t),
                    [{t.nodes[i] for i in np.flatnonzero(ref == c)} for c in range(ref.max() + 1)],
                    weight="weight",
                    resolution=resolution,
                ),
                abs=1e-12,
            )


@pytest.mark.usefixtures("build")
def test_louvain_without_seed_draws_from_the_global_stream():
    t = random_ties(5)
    random.seed(17)
    got, _ = _backend.louvain(t, seed=None)
    random.seed(17)
    assert got.tolist() == nx_partition(t, None, 1.0).tolist()  # type: ignore[arg-type]


edge_lists = st.integers(min_value=1, max_value=25).flatmap(
    lambda n: st.tuples(
        st.just(n),
        st.lists(
            st.tuples(st.integers(0, n - 1), st.integers(0, n - 1), st.integers(1, 3)),
            max_size=4 * n,
        ),
    )
)


@settings(
    max_examples=150,
    deadline=None,
    # the fixture only chooses the build, the same for every example
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(edge_lists, st.integers(0, 2**16))
@pytest.mark.usefixtures("build")
def test_kernels_equal_networkx_on_any_small_graph(graph, seed):
    n, triples = graph
    t = ties_of(n, [(a, b) for a, b, _ in triples], [float(w) for _, _, w in triples])
    got = _backend.betweenness(t)
    assert np.array_equal(got, nx_betweenness(t, normalized=True))
    labels, _ = _backend.louvain(t, seed=seed)
    assert labels.tolist() == nx_partition(t, seed, 1.0).tolist()


@pytest.mark.usefixtures("build")
def test_empty_and_tieless_graphs():
    for t in (ties_of(0, []), ties_of(1, []), ties_of(4, []), ties_of(2, [(0, 1)])):
        assert _backend.betweenness(t).tolist() == [0.0] * t.n
        labels, _ = _backend.louvain(t, seed=0)
        assert labels.tolist() == nx_partition(t, 0, 1.0).tolist()


@pytest.mark.usefixtures("build")
def test_yearly_series_same_numbers_on_every_backend():
    """The public series: numba kernels and networkx give the same table (the
    partition identical, betweenness to 1e-9)."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from benchmarks.synth import make_tables

    g, r, s = make_tables(120, 900, seed=4)
    net = militnet.Network(groups=g, relations=r, sources=s)
    kw = dict(
        start="1995-01-01",
        end="2025-01-01",
        freq="5YS",
        measures=["degree", "pagerank", "betweenness", "community"],
        n_jobs=1,
    )
    got = net.series(**kw)
    militnet.set_backend("networkx")
    ref = net.series(**kw)
    assert got[["date", "group", "measure"]].equals(ref[["date", "group", "measure"]])
    comm = (got["measure"] == "community").to_numpy()
    assert got["value"][comm].tolist() == ref["value"][comm].tolist()
    assert np.max(np.abs(got["value"].to_numpy() - ref["value"].to_numpy())) <= 1e-9


def synthetic(n_groups: int, n_relations: int, seed: int) -> militnet.Network:
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from benchmarks.synth import make_tables

    g, r, s = make_tables(n_groups, n_relations, seed=seed)
    return militnet.Network(groups=g, relations=r, sources=s)


def test_default_n_jobs_is_measured_and_recorded(monkeypatch):
    """n_jobs=None times the largest snapshot, extrapolates the rest and runs
    it in threads only when that estimate passes THREAD_SECONDS; the decision
    and the estimate are in the provenance; the table is always the one of a
    single worker, whatever ran it (one thread, threads, forked processes)."""
    from militnet._algorithms import series as _series

    net = synthetic(80, 600, seed=2)
    kw = dict(
        start="1990-01-01", end="2025-01-01", freq="5YS", measures=["betweenness", "community"]
    )
    one = net.series(**kw, n_jobs=1)
    p1 = one.attrs["provenance"]["parameters"]
    assert (p1["processes"], p1["threads"], p1["parallel"]["decision"]) == (1, 1, "one")
    monkeypatch.setattr(_series, "THREAD_SECONDS", float("inf"))
    small = net.series(**kw)  # never worth threads: one worker
    par = small.attrs["provenance"]["parameters"]["parallel"]
    assert small.attrs["provenance"]["parameters"]["n_jobs"] is None
    assert par["decision"] == "one" and par["workers"] == 1
    assert par["first_snapshot_seconds"] > 0 and par["estimated_rest_seconds"] > 0
    monkeypatch.setattr(_series, "THREAD_SECONDS", 0.0)
    monkeypatch.setattr(_series, "usable_cores", lambda: 2)
    monkeypatch.setattr(_series, "system_load", lambda: 0.5)
    threaded = net.series(**kw)
    par = threaded.attrs["provenance"]["parameters"]["parallel"]
    assert par["decision"] == "threads" and par["workers"] == 2
    assert threaded.attrs["provenance"]["parameters"]["threads"] == 2
    assert threaded.attrs["provenance"]["parameters"]["processes"] == 1
    forked = net.series(**kw, n_jobs=2)  # asked for: threads too, the kernels run
    assert forked.attrs["provenance"]["parameters"]["parallel"]["decision"] == "threads"
    for df in (small, threaded, forked):
        assert df.equals(one)
    militnet.set_backend("networkx")  # holds the GIL: processes when asked
    pooled = net.series(**kw, n_jobs=2)
    assert pooled.attrs["provenance"]["parameters"]["processes"] == 2
    assert pooled.attrs["provenance"]["parameters"]["parallel"]["decision"] == "processes"
    assert pooled.equals(net.series(**kw, n_jobs=1))


def test_decide_workers():
    from militnet._algorithms.series import POOL_SECONDS, THREAD_SECONDS, decide_workers

    # the rest is the first snapshot's time scaled by the work left
    kind, workers, est = decide_workers(0.01, 30.0, 10.0, 5, True, 2)
    assert est == pytest.approx(0.03)
    assert (kind, workers) == (("threads", 2) if est >= THREAD_SECONDS else ("one", 1))
    assert decide_workers(1.0, 10.0, 1.0, 5, True, 8)[:2] == ("threads", 4)  # at most 4
    assert decide_workers(1.0, 10.0, 1.0, 5, True, 1)[:2] == ("one", 1)  # one core
    assert decide_workers(1.0, 10.0, 1.0, 0, True, 4)[:2] == ("one", 1)  # nothing left
    assert decide_workers(1e-4, 1.0, 1.0, 5, True, 4)[:2] == ("one", 1)  # too little
    # GIL-bound (networkx): processes only for long work, and only by fork
    expected = ("processes", 3) if sys.platform.startswith("linux") else ("one", 1)
    assert decide_workers(POOL_SECONDS, 2.0, 1.0, 3, False, 4)[:2] == expected
    assert decide_workers(POOL_SECONDS / 4, 2.0, 1.0, 3, False, 4)[:2] == ("one", 1)
    # an oversubscribed machine: one worker (threads would wait for each other)
    assert decide_workers(1.0, 10.0, 1.0, 5, True, 2, load=2.9)[:2] == ("threads", 2)
    assert decide_workers(1.0, 10.0, 1.0, 5, True, 2, load=3.0)[:2] == ("one", 1)
    assert decide_workers(1.0, 10.0, 1.0, 5, False, 2, load=7.0)[:2] == ("one", 1)


def _run(code: str, **env: str) -> str:
    """Run ``code`` in a fresh interpreter (the checkout first on the path)."""
    import os
    import subprocess
    from pathlib import Path

    root = str(Path(__file__).resolve().parent.parent)
    full = {**os.environ, "PYTHONPATH": root, **env}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=full, cwd=root
    )
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


def test_a_call_loads_only_the_kernels_it_needs_and_not_scipy():
    """A fresh process: betweenness loads one kernel, Louvain four; numba's
    set-up does not import scipy.linalg (its BLAS probe is deferred) and
    numba's own flag ends as the probe would have set it; a small call
    (networkx work below KERNEL_SECONDS) imports neither numba nor scipy."""
    code = """
import sys, militnet
from militnet._engine import backend, kernels
from militnet import Group, Network, Relation, Source
net = Network(groups=[Group(g, g, sources="s") for g in "abcd"],
    relations=[Relation(f"r{i}", u, v, "alliance", start="2010", sources="s")
               for i, (u, v) in enumerate(["ab", "bc", "cd"])],
    sources=[Source("s", title="t")])
militnet.centrality(net, "2011-01-01", measures=["betweenness"])
militnet.communities(net, "2011-01-01")
small = ("numba" in sys.modules, "scipy" in sys.modules)
with backend.workload(10.0):
    militnet.centrality(net, "2011-01-01", measures=["betweenness", "degree"])
    bc = kernels.loaded()
    militnet.communities(net, "2011-01-01")
import numba.np.arraymath as am
print(small, bc, sorted(kernels.loaded()), "scipy.linalg" in sys.modules, am._HAVE_BLAS)
"""
    expected = (
        "(False, False) ('betweenness',) "
        "['aggregate', 'betweenness', 'degrees', 'modularity_terms', 'one_level'] False True"
    )
    assert _run(code, MILITNET_KERNELS="numba") == expected


def test_numba_still_uses_blas_for_user_code_after_the_kernels_load():
    code = """
import numpy as np, numba
from militnet._engine import kernels
kernels.kernel("betweenness")
f = numba.njit(lambda a, b: np.convolve(a, b))
print(f(np.arange(3.0), np.ones(2)).tolist())
"""
    assert _run(code, MILITNET_KERNELS="numba") == "[0.0, 1.0, 3.0, 2.0]"


def test_cache_falls_back_to_a_private_temporary_directory(tmp_path):
    """When numba finds no writable place for its cache (a read-only
    installation, no writable home), the kernels are cached in a private
    directory of the user in the temporary directory, and loaded from there
    by the next process."""
    code = """
import os
from numba.core import caching, config
assert not config.CACHE_DIR
# numba's places next to the module and in the home are not writable:
# only a directory given by NUMBA_CACHE_DIR (unset) could be used
caching.CacheImpl._locator_classes = [caching.UserProvidedCacheLocator]
from militnet._engine import kernels
fn = kernels.kernel("degrees")
print(kernels.cache_dir() is not None, not config.CACHE_DIR, sum(fn.stats.cache_hits.values()))
"""
    env = {"TMPDIR": str(tmp_path), "NUMBA_CACHE_DIR": "", "MILITNET_KERNELS": "numba"}
    assert _run(code, **env) == "True True 0"  # compiled, and cached
    folders = list(tmp_path.glob("militnet-numba-*"))
    assert len(folders) == 1 and oct(folders[0].stat().st_mode & 0o777) == "0o700"
    assert any(folders[0].rglob("*.nbi"))
    assert _run(code, **env) == "True True 1"  # the second process loads it


def test_private_cache_directory_refuses_a_shared_one(tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o777)
    shared.chmod(0o777)
    assert _kernels._private_dir(shared) is None
    assert _kernels._private_dir(tmp_path / "mine") == tmp_path / "mine"
    link = tmp_path / "link"
    link.symlink_to(tmp_path / "mine")
    assert _kernels._private_dir(link) is None


def test_auto_runs_the_numba_kernels_only_for_large_work(monkeypatch):
    """With the numba build (where the C one was not built), small work runs
    networkx's loop rather than paying numba's set-up."""
    from militnet._engine import kernels as _k

    militnet.set_backend("auto")
    monkeypatch.setenv("MILITNET_KERNELS", "numba")
    t = random_ties(1)
    calls = []
    real = _k.kernel
    monkeypatch.setattr(_k, "kernel", lambda name: calls.append(name) or real(name))
    monkeypatch.setattr(_k, "_loaded", {})  # as in a fresh process
    small = _backend.betweenness(t)
    assert not calls  # a small graph: networkx's loop in Python, no kernel
    with _backend.workload(10.0):  # a large call: the kernels
        big = _backend.betweenness(t)
    assert calls == ["betweenness"]
    assert np.array_equal(small, big)  # the same bits either way
    calls.clear()
    again = _backend.betweenness(t)  # once loaded, small work runs them too
    assert calls == ["betweenness"] and np.array_equal(again, small)


@needs_c
def test_auto_runs_the_c_kernels_for_any_work(monkeypatch):
    militnet.set_backend("auto")
    t = random_ties(1)
    calls = []
    real = _kernels.kernel
    monkeypatch.setattr(_kernels, "kernel", lambda name: calls.append(name) or real(name))
    small = _backend.betweenness(t)
    assert calls == ["betweenness"]  # no set-up to avoid: the kernel, however small the work
    militnet.set_backend("networkx")
    assert np.array_equal(small, _backend.betweenness(t))


@needs_c
def test_a_fresh_process_with_the_c_kernels_never_imports_numba():
    """The C build costs a fresh process nothing to set up: a series that
    runs betweenness and Louvain in the kernels imports neither numba nor
    llvmlite nor scipy, and records the build in its provenance."""
    code = """
import sys
sys.path.insert(0, ".")
import militnet
from benchmarks.synth import make_tables
g, r, s = make_tables(200, 2000, seed=3, clean=True)
net = militnet.Network(groups=g, relations=r, sources=s)
df = net.series(dates=["2000-01-01", "2010-01-01", "2020-01-01"],
                measures=["betweenness", "community"], n_jobs=1)
from militnet._engine import kernels
prov = df.attrs["provenance"]["backend"]
print(sorted(m for m in ("numba", "llvmlite", "scipy") if m in sys.modules),
      sorted(kernels.loaded()), prov["betweenness"], prov["louvain"], prov["kernels"])
"""
    expected = (
        "[] ['aggregate', 'betweenness', 'degrees', 'modularity_terms', 'one_level'] "
        "compiled compiled c"
    )
    assert _run(code) == expected


@needs_c
def test_the_c_kernels_refuse_bad_arrays_instead_of_reading_past_them():
    c = _kernels._c_module()
    ptr = np.array([0, 1, 2], dtype=np.int64)
    out = np.empty(2)
    with pytest.raises(ValueError, match="indices: a node out of range"):
        c.betweenness(ptr, np.array([1, 5], dtype=np.int64), np.arange(2, dtype=np.int64), out)
    with pytest.raises(ValueError, match="sources: a node out of range"):
        c.betweenness(ptr, np.array([1, 0], dtype=np.int64), np.array([2], dtype=np.int64), out)
    with pytest.raises(ValueError, match="indptr"):
        c.betweenness(
            np.array([0, 3, 2], dtype=np.int64),
            np.array([1, 0], dtype=np.int64),
            np.arange(2, dtype=np.int64),
            out,
        )
    with pytest.raises(TypeError, match="int64"):
        c.betweenness(ptr.astype(np.int32), np.array([1, 0]), np.arange(2), out)
    with pytest.raises(ValueError, match="out: expected 2 values"):
        c.betweenness(
            ptr, np.array([1, 0], dtype=np.int64), np.arange(2, dtype=np.int64), np.empty(3)
        )
    with pytest.raises(ValueError, match="comm: a node out of range"):
        c.modularity_terms(
            ptr,
            np.array([1, 0], dtype=np.int64),
            np.ones(2),
            np.ones(2),
            np.array([0, 4], dtype=np.int64),
            2,
            1.0,
            np.empty(2),
        )
    with pytest.raises(ValueError, match="read-only"):  # an output it may not write
        ro = np.empty(2)
        ro.flags.writeable = False
        c.degrees(ptr, np.array([1, 0], dtype=np.int64), np.ones(2), ro)


@needs_c
def test_the_c_kernels_give_the_same_numbers_in_threads():
    """The C kernels release the GIL (the speed that buys is measured by
    benchmarks/run.py, not here); threads give the numbers of one thread."""
    from concurrent.futures import ThreadPoolExecutor

    ties = [random_ties(s) for s in range(8)]
    one = [_backend.betweenness(t) for t in ties]
    with ThreadPoolExecutor(4) as pool:
        many = list(pool.map(_backend.betweenness, ties))
    assert all(np.array_equal(a, b) for a, b in zip(one, many, strict=True))
