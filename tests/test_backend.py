"""The metric backend: every function handles empty input; every backend
(networkx, militnet's numba kernels, igraph) and the numpy measures agree
with networkx. tests/test_backend_kernels.py compares the kernels with
networkx on random graphs."""

from __future__ import annotations

import random

import networkx as nx
import numpy as np
import pytest

import militnet
from militnet._core.policy import TiePolicy
from militnet._engine import backend as _backend
from militnet._engine import kernels as _kernels
from militnet._engine.snapshot import snapshot

# -- The metric seam: every function handles empty input and agrees with networkx.

EMPTY = _backend.Ties(
    nodes=(), src=np.zeros(0, np.int64), tgt=np.zeros(0, np.int64), weight=np.zeros(0)
)
ISOLATES = _backend.Ties(
    nodes=("a", "b"), src=np.zeros(0, np.int64), tgt=np.zeros(0, np.int64), weight=np.zeros(0)
)


@pytest.mark.parametrize(
    "fn", ["degree", "in_degree", "out_degree", "betweenness", "pagerank", "eigenvector"]
)
def test_node_measures_on_empty_and_tieless_graphs(fn):
    assert getattr(_backend, fn)(EMPTY).shape == (0,)
    out = getattr(_backend, fn)(ISOLATES)
    assert out.shape == (2,) and np.isfinite(out).all()


@pytest.mark.parametrize("fn", ["louvain", "greedy_modularity", "label_propagation"])
def test_community_functions_on_empty_and_tieless_graphs(fn):
    labels, q = getattr(_backend, fn)(EMPTY, seed=0)
    assert labels.shape == (0,) and np.isnan(q)
    labels, q = getattr(_backend, fn)(ISOLATES, seed=0)
    assert sorted(labels.tolist()) == [0, 1] and np.isnan(q)


@pytest.mark.parametrize("fn", ["louvain", "greedy_modularity", "label_propagation"])
@pytest.mark.parametrize("resolution", [0.5, 1.0, 1.5])
def test_modularity_agrees_with_networkx(fn, resolution):
    net = militnet.load_dataset("afpak")
    t = snapshot(net, "2018-01-01").ties
    labels, q = getattr(_backend, fn)(t, seed=2, resolution=resolution)
    g = _backend.to_networkx(t)
    comms = [{t.nodes[i] for i in np.flatnonzero(labels == lab)} for lab in set(labels)]
    ref = nx.community.modularity(g, comms, weight="weight", resolution=resolution)
    assert q == pytest.approx(ref, abs=1e-12)


def test_to_networkx_round_trip():
    net = militnet.load_dataset("afpak")
    t = snapshot(net, "2016-01-01").ties
    g = _backend.to_networkx(t)
    assert list(g.nodes) == list(t.nodes)
    assert g.number_of_edges() == t.m
    assert sum(d["weight"] for *_, d in g.edges(data=True)) == t.weight.sum()
    assert (_backend.degree(t) == np.array([g.degree(v) for v in t.nodes])).all()


# -- Every backend (networkx, numba kernels, igraph) and the numpy measures agree
# with networkx.


try:
    import igraph  # noqa: F401

    HAVE_IGRAPH = True
except ImportError:  # pragma: no cover - CI installs it
    HAVE_IGRAPH = False

HAVE_NUMBA = _kernels.available()

BACKENDS = [
    "networkx",
    pytest.param(
        "compiled",
        marks=pytest.mark.skipif(not _kernels.c_built(), reason="the C kernels were not built"),
    ),
    pytest.param(
        "numba", marks=pytest.mark.skipif(not HAVE_NUMBA, reason="numba is not installed")
    ),
    pytest.param(
        "igraph", marks=pytest.mark.skipif(not HAVE_IGRAPH, reason="python-igraph is not installed")
    ),
]


@pytest.fixture(params=BACKENDS)
def backend(request):
    previous = militnet.set_backend(request.param)
    yield request.param
    militnet.set_backend(previous)


def tie_snapshots(synth):
    afpak = militnet.load_dataset("afpak")
    out = [snapshot(afpak, d).ties for d in ("2008-01-01", "2016-01-01", "2022-01-01")]
    out += [snapshot(synth, d).ties for d in ("2000-01-01", "2010-01-01", "2025-01-01")]
    out.append(snapshot(synth, "2010-01-01", TiePolicy(weight="binary")).ties)
    return [t for t in out if t.m > 0]


def nx_values(t, fn):
    g = _backend.to_networkx(t, weighted=True)
    d = fn(g)
    return np.array([d[v] for v in t.nodes], dtype=np.float64)


def test_pagerank_equals_networkx(synth):
    for t in tie_snapshots(synth):
        for alpha, tol in ((0.85, 1e-10), (0.85, 1e-6), (0.5, 1e-8)):
            ref = nx_values(
                t,
                lambda g, a=alpha, e=tol: nx.pagerank(
                    g, alpha=a, weight="weight", tol=e, max_iter=1000
                ),
            )
            got = _backend.pagerank(t, alpha=alpha, tol=tol)
            assert np.max(np.abs(got - ref)) <= 1e-12
            assert got.sum() == pytest.approx(1.0)


def test_pagerank_with_isolated_groups_and_failure():
    t = _backend.Ties(
        nodes=("a", "b", "c"), src=np.array([0]), tgt=np.array([1]), weight=np.array([2.0])
    )
    ref = nx_values(t, lambda g: nx.pagerank(g, weight="weight", tol=1e-10))
    assert np.max(np.abs(_backend.pagerank(t) - ref)) <= 1e-15
    with pytest.raises(nx.PowerIterationFailedConvergence):
        _backend.pagerank(t, tol=0.0, max_iter=3)


def test_degree_counts_partners(synth):
    for t in tie_snapshots(synth):
        g = _backend.to_networkx(t)
        assert _backend.degree(t).tolist() == [float(g.degree(v)) for v in t.nodes]


@pytest.mark.parametrize("normalized", [True, False])
def test_exact_betweenness_agrees(backend, synth, normalized):
    for t in tie_snapshots(synth):
        ref = nx_values(
            t, lambda g, n=normalized: nx.betweenness_centrality(g, normalized=n, weight=None)
        )
        got = _backend.betweenness(t, normalized=normalized)
        assert np.max(np.abs(got - ref)) <= 1e-9


@pytest.mark.parametrize("k", [1, 2, 7, 10_000])
@pytest.mark.parametrize("seed", [0, 5])
@pytest.mark.parametrize("normalized", [True, False])
def test_sampled_betweenness_agrees(backend, synth, k, seed, normalized):
    for t in tie_snapshots(synth):
        kk = min(k, t.n)
        ref = nx_values(
            t,
            lambda g, kk=kk: nx.betweenness_centrality(
                g, k=kk, seed=seed, normalized=normalized, weight=None
            ),
        )
        got = _backend.betweenness(t, k=k, seed=seed, normalized=normalized)
        assert np.array_equal(np.isnan(got), np.isnan(ref))
        ok = ~np.isnan(ref)
        assert np.max(np.abs(got[ok] - ref[ok])) <= 1e-9


def test_sampled_betweenness_without_seed_uses_the_global_stream(backend, synth):
    t = tie_snapshots(synth)[-1]
    random.seed(11)
    got = _backend.betweenness(t, k=5, seed=None)
    random.seed(11)
    ref = nx_values(t, lambda g: nx.betweenness_centrality(g, k=5, seed=None))
    assert np.max(np.abs(got - ref)) <= 1e-9


@pytest.mark.parametrize("resolution", [0.7, 1.0, 1.5])
def test_louvain_modularity_close_to_networkx(backend, synth, resolution):
    for t in tie_snapshots(synth):
        labels, q = _backend.louvain(t, seed=3, resolution=resolution)
        assert labels.shape == (t.n,)
        # labels are 0.. by decreasing size, ties broken by the first member
        sizes = np.bincount(labels)
        assert (np.diff(sizes) <= 0).all()
        g = _backend.to_networkx(t)
        comms = [{t.nodes[i] for i in np.flatnonzero(labels == c)} for c in range(len(sizes))]
        assert q == pytest.approx(
            nx.community.modularity(g, comms, weight="weight", resolution=resolution), abs=1e-12
        )
        # networkx's own Louvain varies with the seed (by 0.013 on afpak 2016 at
        # resolution 1.5): within 0.01 of its best seed, or no worse than its worst
        refs = [
            nx.community.modularity(
                g,
                nx.community.louvain_communities(
                    g, weight="weight", resolution=resolution, seed=sd
                ),
                weight="weight",
                resolution=resolution,
            )
            for sd in range(5)
        ]
        assert q >= min(max(refs) - 0.01, min(refs)) - 1e-12


def test_louvain_is_seeded_and_leaves_random_alone(backend, synth):
    t = tie_snapshots(synth)[-2]
    random.seed(99)
    expected = random.random()
    random.seed(99)
    a, qa = _backend.louvain(t, seed=4)
    assert random.random() == expected  # the user's stream is untouched
    b, qb = _backend.louvain(t, seed=4)
    assert np.array_equal(a, b) and qa == qb


def test_public_results_record_the_backend(backend):
    net = militnet.load_dataset("afpak")
    df = militnet.centrality(net, at="2016-01-01")
    prov = df.attrs["provenance"]["backend"]
    assert prov["name"] == backend == militnet.get_backend()
    ran = "compiled" if backend in ("compiled", "numba") else backend
    assert prov["betweenness"] == prov["louvain"] == ran
    if ran == "compiled":  # which build of the kernels
        assert prov["kernels"] == ("numba" if backend == "numba" else "c")
        assert (prov.get("numba") is not None) == (backend == "numba")
    assert (prov.get("igraph") is not None) == (backend == "igraph")
    cm = militnet.communities(net, at="2016-01-01")
    assert cm.attrs["provenance"]["backend"] == prov


def test_auto_gives_networkx_numbers():
    previous = militnet.set_backend("auto")
    try:
        info = _backend.backend_info()
        assert info["name"] == "auto"
        if HAVE_NUMBA:
            assert info["betweenness"] == info["louvain"] == "compiled"
            assert info["kernels"] == ("c" if _kernels.c_built() else "numba")
            assert ("numba" in info) == (info["kernels"] == "numba")
        net = militnet.load_dataset("afpak")
        t = snapshot(net, "2016-01-01").ties
        got = _backend.louvain(t, seed=1)
        got_bc = _backend.betweenness(t)
        militnet.set_backend("networkx")
        ref = _backend.louvain(t, seed=1)
        ref_bc = _backend.betweenness(t)
        assert np.array_equal(ref[0], got[0]) and ref[1] == got[1]
        assert np.max(np.abs(ref_bc - got_bc)) <= 1e-12
    finally:
        militnet.set_backend(previous)


def test_backends_give_the_same_public_numbers(synth):
    if not HAVE_IGRAPH:
        pytest.skip("python-igraph is not installed")
    out = {}
    for name in ("networkx", "igraph"):
        previous = militnet.set_backend(name)
        try:
            out[name] = synth.series(
                "2000-01-01",
                "2020-01-01",
                freq="5YS",
                measures=["degree", "betweenness", "pagerank"],
                k=None,
            )
        finally:
            militnet.set_backend(previous)
    a, b = out["networkx"], out["igraph"]
    assert a[["date", "group", "measure"]].equals(b[["date", "group", "measure"]])
    assert np.max(np.abs(a["value"].to_numpy() - b["value"].to_numpy())) <= 1e-9


def test_set_backend_validates():
    with pytest.raises(militnet.MilitnetError, match="unknown backend"):
        militnet.set_backend("fast")
    previous = militnet.set_backend("networkx")
    try:
        assert militnet.get_backend() == "networkx"
    finally:
        militnet.set_backend(previous)


def test_set_backend_igraph_without_igraph(monkeypatch):
    monkeypatch.setattr(_backend, "_igraph_module", None)
    monkeypatch.setattr(_backend, "_igraph_missing", True)
    monkeypatch.setattr(_kernels, "available", lambda: False)  # neither build can run
    monkeypatch.setattr(_kernels, "installed", lambda: False)
    monkeypatch.setattr(_backend, "_setting", "auto")  # restored by monkeypatch
    with pytest.raises(militnet.MissingDependencyError, match="militnet\\[fast\\]"):
        militnet.set_backend("igraph")
    with pytest.raises(militnet.MissingDependencyError, match="numba"):
        militnet.set_backend("numba")
    assert _backend.backend_info() == {
        "name": "auto",
        "betweenness": "networkx",
        "louvain": "networkx",
    }
    t = _backend.Ties(
        nodes=("a", "b", "c"), src=np.array([0, 1]), tgt=np.array([1, 2]), weight=np.ones(2)
    )
    assert _backend.betweenness(t).tolist() == [0.0, 1.0, 0.0]
