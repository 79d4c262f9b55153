"""militnet's compiled kernels (numba) against networkx, the reference, on
random graphs: exact and sampled betweenness to 1e-9, and Louvain partitions
*identical* to ``networkx.community.louvain_communities`` for the same seed.

The graphs come from seeded generators (sparse and dense, connected or not,
with isolated nodes) and from hypothesis; weights are 1 or small integers,
as militnet's ties count relations."""

from __future__ import annotations

import random

import networkx as nx
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import militnet
from militnet._engine import backend as _backend
from militnet._engine import kernels as _kernels

pytestmark = pytest.mark.skipif(not _kernels.available(), reason="numba is not installed")


@pytest.fixture(autouse=True)
def numba_backend():
    previous = militnet.set_backend("numba")
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
def test_exact_betweenness_equals_networkx(seed):
    t = random_ties(seed)
    for normalized in (True, False):
        got = _backend.betweenness(t, normalized=normalized)
        ref = nx_betweenness(t, normalized=normalized)
        assert np.max(np.abs(got - ref)) <= 1e-9


@pytest.mark.parametrize("seed", range(0, 40, 3))
def test_sampled_betweenness_equals_networkx(seed):
    t = random_ties(seed)
    for k in (1, 3, max(1, t.n // 2)):
        got = _backend.betweenness(t, k=k, seed=seed)
        ref = nx_betweenness(t, k=k, seed=seed, normalized=True)
        assert np.array_equal(np.isnan(got), np.isnan(ref))
        ok = ~np.isnan(ref)
        assert np.max(np.abs(got[ok] - ref[ok]), initial=0.0) <= 1e-9


@pytest.mark.parametrize("seed", range(40))
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


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edge_lists, st.integers(0, 2**16))
def test_kernels_equal_networkx_on_any_small_graph(graph, seed):
    n, triples = graph
    t = ties_of(n, [(a, b) for a, b, _ in triples], [float(w) for _, _, w in triples])
    got = _backend.betweenness(t)
    assert np.max(np.abs(got - nx_betweenness(t, normalized=True)), initial=0.0) <= 1e-9
    labels, _ = _backend.louvain(t, seed=seed)
    assert labels.tolist() == nx_partition(t, seed, 1.0).tolist()


def test_empty_and_tieless_graphs():
    for t in (ties_of(0, []), ties_of(1, []), ties_of(4, []), ties_of(2, [(0, 1)])):
        assert _backend.betweenness(t).tolist() == [0.0] * t.n
        labels, _ = _backend.louvain(t, seed=0)
        assert labels.tolist() == nx_partition(t, 0, 1.0).tolist()


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


def test_default_n_jobs_uses_processes_when_it_pays(monkeypatch):
    """n_jobs=None: a pool when the work passes POOL_WORK, recorded in the
    provenance; the table is the one of a single process."""
    import os
    import sys
    from pathlib import Path

    from militnet._algorithms import series as _series

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from benchmarks.synth import make_tables

    g, r, s = make_tables(80, 600, seed=2)
    net = militnet.Network(groups=g, relations=r, sources=s)
    kw = dict(
        start="1990-01-01", end="2025-01-01", freq="5YS", measures=["betweenness", "community"]
    )
    one = net.series(**kw, n_jobs=1)
    assert one.attrs["provenance"]["parameters"]["processes"] == 1
    small = net.series(**kw)  # far below the threshold: one process
    assert small.attrs["provenance"]["parameters"]["processes"] == 1
    assert small.attrs["provenance"]["parameters"]["n_jobs"] is None
    monkeypatch.setattr(_series, "POOL_WORK", 0)
    pooled = net.series(**kw)
    distinct = pooled["date"].nunique() - pooled.attrs["reused_snapshots"]
    expected = min(os.cpu_count() or 1, 4, distinct)
    assert pooled.attrs["provenance"]["parameters"]["processes"] == expected
    if (os.cpu_count() or 1) > 1:
        assert expected > 1
    assert pooled.equals(one)


def test_auto_runs_the_kernels_only_for_large_work(monkeypatch):
    militnet.set_backend("auto")
    t = random_ties(1)
    calls = []
    real = _backend._kernel_betweenness
    monkeypatch.setattr(_backend, "_kernel_betweenness", lambda *a: calls.append(1) or real(*a))
    small = _backend.betweenness(t)
    assert not calls  # a small graph: networkx
    with _backend.workload(10.0):  # a large call: the kernels
        big = _backend.betweenness(t)
    assert calls
    assert np.max(np.abs(small - big), initial=0.0) <= 1e-12
