"""What a first call costs (issue 26), tested as behaviour, not time: a
small call imports neither numba nor scipy nor (for the measures that do
not need it) networkx; the numpy eigenvector is networkx's, bit for bit;
the yearly series gives the same table cold and warm, in one worker, in
threads and with the kernels forced."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import networkx as nx
import numpy as np
import pytest

import militnet
from militnet._engine import backend as _backend
from militnet._engine.snapshot import snapshot

ROOT = Path(__file__).resolve().parent.parent


def run(code: str) -> str:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT
    )
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


def random_ties(seed: int, n: int, p: float, isolated: int = 3) -> _backend.Ties:
    """A seeded random tie graph with integer weights and some isolated nodes."""
    rng = np.random.default_rng(seed)
    g = nx.gnp_random_graph(n, p, seed=seed)
    pairs = sorted((min(u, v), max(u, v)) for u, v in g.edges())
    nodes = tuple(f"g{(i * 7919) % 1009:04d}" for i in range(n + isolated))
    src = np.array([u for u, _ in pairs], dtype=np.int64)
    tgt = np.array([v for _, v in pairs], dtype=np.int64)
    weight = rng.integers(1, 4, size=len(pairs)).astype(np.float64)
    return _backend.Ties(nodes=nodes, src=src, tgt=tgt, weight=weight)


@pytest.mark.parametrize("seed", range(12))
def test_eigenvector_is_networkx_bit_for_bit(seed):
    # sparse (many components), medium and dense graphs
    p = (0.02, 0.05, 0.3)[seed % 3]
    t = random_ties(seed, 40 + 10 * seed, p)
    got = _backend.eigenvector(t)
    ref = _backend._nx_eigenvector(t)
    assert np.array_equal(got, ref)
    comp = _backend.components(t)
    ref_comps = {frozenset(c) for c in nx.connected_components(_backend.to_networkx(t))}
    mine: dict[int, set[str]] = {}
    for i, c in enumerate(comp.tolist()):
        mine.setdefault(c, set()).add(t.nodes[i])
    assert {frozenset(c) for c in mine.values()} == ref_comps


@pytest.mark.parametrize("seed", range(8))
def test_python_brandes_is_networkx_bit_for_bit(seed):
    """Small work runs networkx's betweenness loop in militnet's Python
    (networkx is not imported): the same bits as networkx, exact and sampled,
    and as the compiled kernel."""
    t = random_ties(seed, 30 + 5 * seed, (0.05, 0.15)[seed % 2])
    for k, normalized in ((None, True), (None, False), (4, True), (9, False)):
        got = _backend._kernel_betweenness(t, k, seed, normalized, _backend._py_brandes)
        ref = _backend._nx_betweenness(t, k, seed, normalized)
        assert np.array_equal(got, ref, equal_nan=True)
    previous = militnet.set_backend("auto")
    try:
        assert np.array_equal(_backend.betweenness(t), _backend._nx_betweenness(t, None, 0, True))
    finally:
        militnet.set_backend(previous)


def test_eigenvector_on_the_bundled_data_is_networkx_bit_for_bit():
    net = militnet.load_dataset("afpak")
    for year in range(1990, 2026, 3):
        t = snapshot(net, f"{year}-06-01").ties
        assert np.array_equal(_backend.eigenvector(t), _backend._nx_eigenvector(t))


def test_the_cli_on_the_bundled_data_loads_no_compiled_code():
    """``militnet metrics afpak`` is small work: networkx's algorithms run it
    without the kernels, and numba, scipy and networkx itself are never
    imported (they cost about 0.6 s of a CLI call)."""
    code = """
import sys, contextlib, io
from militnet.cli import main
with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
    main(["metrics", "afpak", "--at", "2016-10-24"])
print(sorted(m for m in ("numba", "scipy", "llvmlite", "networkx") if m in sys.modules))
"""
    assert run(code) == "[]"


def test_degree_and_pagerank_and_eigenvector_need_no_networkx():
    code = """
import sys, militnet
net = militnet.load_dataset("afpak")
militnet.centrality(net, "2016-01-01", measures=["degree", "pagerank", "eigenvector"])
print("networkx" in sys.modules)
"""
    assert run(code) == "False"


def test_series_same_table_cold_warm_threads_and_kernels():
    """The M-like yearly series: a fresh process's first call, a warmed call,
    one worker, threads and the kernels forced give the same table (values
    compared exactly)."""
    code = """
import sys
sys.path.insert(0, ".")
import militnet
from benchmarks.synth import make_tables
g, r, s = make_tables(300, 4000, seed=5, clean=True)
net = militnet.Network(groups=g, relations=r, sources=s)
kw = dict(dates=[f"{y}-01-01" for y in range(1990, 2026, 2)],
          measures=["degree", "pagerank", "betweenness", "eigenvector", "community"])
first = net.series(**kw)
tables = [first, net.series(**kw), net.series(**kw, n_jobs=1), net.series(**kw, n_jobs=2)]
militnet.set_backend("numba")
tables.append(net.series(**kw, n_jobs=2))
print(all(t.equals(first) for t in tables), len(first) > 1000,
      first.attrs["provenance"]["backend"]["betweenness"])
"""
    assert run(code) == "True True compiled"
