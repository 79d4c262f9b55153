"""Network.series: n_jobs > 1 and the degree sweep give the same table as the
day-by-day computation in one process."""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
import pytest

import militnet
from militnet import _series

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.synth import make_tables


@pytest.fixture(scope="module")
def synth() -> militnet.Network:
    g, r, s = make_tables(80, 600, seed=1, undated=0.1)
    return militnet.Network(groups=g, relations=r, sources=s)


def same(a: pd.DataFrame, b: pd.DataFrame) -> None:
    """The same table and provenance, but for the processes asked for and used."""
    pd.testing.assert_frame_equal(a, b)
    pa, pb = (dict(x.attrs["provenance"]["parameters"]) for x in (a, b))
    for p in (pa, pb):
        assert p.pop("processes") >= 1
        p.pop("n_jobs")
    assert pa == pb
    strip = [{k: v for k, v in x.attrs["provenance"].items() if k != "parameters"}
             for x in (a, b)]
    assert strip[0] == strip[1]
    assert a.attrs["reused_snapshots"] == b.attrs["reused_snapshots"]


def test_two_processes_give_the_same_table():
    net = militnet.load_dataset("afpak")
    one = net.series("2000-01-01", "2023-01-01")
    two = net.series("2000-01-01", "2023-01-01", n_jobs=2)
    same(one, two)
    assert one.attrs["reused_snapshots"] > 0  # reuse survives the pool


@pytest.mark.parametrize("backend", ["networkx", "auto"])
def test_two_processes_on_synthetic_data(synth, backend):
    previous = militnet.set_backend(backend)
    try:
        kw = dict(start="1990-01-01", end="2025-01-01", freq="2YS",
                  measures=["degree", "in_degree", "betweenness", "pagerank", "eigenvector"])
        same(synth.series(**kw), synth.series(**kw, n_jobs=2))
        kw.update(k=5, seed=3, measures=["betweenness"])
        same(synth.series(**kw), synth.series(**kw, n_jobs=-1, progress=True))
    finally:
        militnet.set_backend(previous)


def test_one_distinct_snapshot_needs_no_pool(synth):
    df = synth.series(dates=["1970-01-01", "1971-01-01"], measures="pagerank", n_jobs=2)
    assert df.attrs["reused_snapshots"] == 1


@pytest.mark.parametrize("bad", [0, -2, 1.5, True, "2"])
def test_bad_n_jobs(bad):
    net = militnet.load_dataset("afpak")
    with pytest.raises(militnet.RecordError, match="n_jobs"):
        net.series("2010-01-01", "2012-01-01", measures="betweenness", n_jobs=bad)


@pytest.mark.parametrize("policy", [
    militnet.TiePolicy(),
    militnet.TiePolicy(weight="binary", date_policy="latest"),
    militnet.TiePolicy(types=("alliance", "pledge", "split", "merger"), date_policy="strict",
                       undated="exclude", min_confidence="reported"),
    militnet.TiePolicy(types=("rivalry",), date_policy="lenient"),
])
@pytest.mark.parametrize("freq", ["YS", "MS"])
def test_degree_sweep_equals_day_by_day(synth, policy, freq, monkeypatch):
    kw = dict(start="1982-01-01", end="2025-06-01", freq=freq,
              measures=["out_degree", "degree", "in_degree"], policy=policy)
    fast = synth.series(**kw)
    monkeypatch.setattr(_series, "SWEEP_CELLS", 0)
    slow = synth.series(**kw)
    same(fast, slow)


def test_degree_sweep_on_explicit_days_and_the_bundled_dataset(monkeypatch):
    net = militnet.load_dataset("afpak")
    days = ["2014-07-31", "2014-08-01", "2014-08-02", "2015-01-26", "2016-01-01",
            "2016-01-02", "2020-08-01"]
    fast = net.series(dates=days, measures="degree")
    monkeypatch.setattr(_series, "SWEEP_CELLS", 0)
    same(fast, net.series(dates=days, measures="degree"))
