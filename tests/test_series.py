"""Network.series: days, the degree sweep, snapshot reuse, process pools, the community measure."""

from __future__ import annotations

import doctest

import pandas as pd
import pytest
from networks import make_net

import militnet
from militnet._algorithms import series as _series
from militnet._engine import backend as _backend


# -- Network.series: tidy table, reuse of identical snapshots, provenance.
def growing() -> militnet.Network:
    return make_net(
        [
            ("r1", "a", "b", "alliance", "2010"),
            ("r2", "b", "c", "alliance", "2012"),
            ("r3", "c", "a", "pledge", "2012-06", "2014"),
        ],
        groups={"c": {"founded": "2011"}},
    )


def test_series_doctest_runs():
    # Network's methods present themselves as militnet.Network, which the doctest
    # collector of militnet/_classes/network.py skips; run this example here.
    finder = doctest.DocTestFinder()
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE)
    (test,) = finder.find(militnet.Network.series, "Network.series", globs={})
    runner.run(test)
    assert runner.failures == 0 and runner.tries > 0


def test_tidy_table_matches_centrality_each_day():
    net = growing()
    df = net.series("2009-01-01", "2015-01-01", measures=["degree", "pagerank"])
    assert list(df.columns) == ["date", "group", "measure", "value"]
    assert str(df["date"].dtype) == "datetime64[ns]"
    assert df["value"].dtype == "float64"
    days = sorted(set(df["date"]))
    assert [d.year for d in days] == [2009, 2010, 2011, 2012, 2013, 2014, 2015]
    for day in days:
        ref = militnet.centrality(net, at=day, measures=["degree", "pagerank"])
        got = (
            df[df["date"] == day]
            .pivot(index="group", columns="measure", values="value")
            .reindex(index=ref.index, columns=ref.columns)
        )
        pd.testing.assert_frame_equal(got, ref, check_names=False, check_index_type=False)
    # groups not alive have no rows: c is founded in 2011
    assert set(df[df["date"] == pd.Timestamp("2010-01-01")]["group"]) == {"a", "b"}


def test_identical_consecutive_snapshots_reuse_results(monkeypatch):
    calls: list[int] = []
    real = _backend.pagerank

    def counting(t, *a, **kw):
        calls.append(t.n)
        return real(t, *a, **kw)

    monkeypatch.setattr(_backend, "pagerank", counting)
    net = growing()
    # 2010-2011 differ (c founded); 2012-07..2013-12 identical; 2014 differs (r3 ends)
    days = [
        "2010-06-01",
        "2011-06-01",
        "2012-07-01",
        "2013-01-01",
        "2013-06-01",
        "2014-06-01",
        "2015-06-01",
    ]
    # ties never lapse here (with the default 5 years, r1 of 2010 lapses in 2015)
    df = net.series(dates=days, measures="pagerank", policy=militnet.TiePolicy(stale_after=None))
    # computed: 2010, 2011, 2012-07, 2014 (largest first); 2013-01 and 2013-06
    # reuse 2012-07, 2015 reuses 2014
    assert sorted(calls) == [2, 3, 3, 3]
    assert df.attrs["reused_snapshots"] == 3
    a = df[df["date"] == pd.Timestamp("2012-07-01")]["value"].tolist()
    b = df[df["date"] == pd.Timestamp("2013-06-01")]["value"].tolist()
    assert a == b
    # only *consecutive* snapshots are reused: A, B, A computes three times
    calls.clear()
    aba = make_net(
        [("r1", "a", "b", "alliance", "2010"), ("x", "a", "b", "alliance", "2011", "2012")]
    )
    df = aba.series(dates=["2010-06-01", "2011-06-01", "2012-06-01"], measures="pagerank")
    assert len(calls) == 3
    assert df.attrs["reused_snapshots"] == 0


def test_default_range_and_explicit_dates():
    net = growing()
    df = net.series(measures="degree")
    prov = df.attrs["provenance"]
    assert prov["dates"][0] == "2000-01-01" and prov["dates"][-1] == "2014-01-01"
    assert prov["function"] == "militnet.Network.series"
    assert prov["parameters"]["freq"] == "YS"
    monthly = net.series("2012-01-01", "2012-12-31", freq="MS", measures="degree")
    assert monthly["date"].nunique() == 12
    with pytest.raises(militnet.DateError):
        net.series("2012-01-01", dates=["2012-01-01"])
    with pytest.raises(militnet.DateError):
        net.series("2013-01-01", "2012-01-01")
    with pytest.raises(militnet.DateError, match="frequency"):
        net.series("2012-01-01", "2013-01-01", freq="fortnightly")


def test_empty_series_has_columns():
    df = growing().series("1990-01-01", "1992-01-01", measures="degree")
    assert df.empty and list(df.columns) == ["date", "group", "measure", "value"]


def test_seeded_sampled_betweenness_is_stable_and_progress_is_optional(capsys):
    net = militnet.load_dataset("afpak")
    a = net.series("2010-01-01", "2020-01-01", measures="betweenness", k=4, seed=11)
    b = net.series("2010-01-01", "2020-01-01", measures="betweenness", k=4, seed=11, progress=True)
    pd.testing.assert_frame_equal(a, b)
    err = capsys.readouterr().err
    assert "11/11" in err or "snapshot" in err
    assert a.attrs["provenance"]["seed"] == 11


def test_afpak_yearly_series_is_one_tidy_table():
    net = militnet.load_dataset("afpak")
    df = net.series("2000-01-01", "2023-01-01")
    assert set(df["measure"]) == {"degree", "betweenness", "eigenvector", "pagerank"}
    assert not df.duplicated(["date", "group", "measure"]).any()
    assert df["value"].notna().all()
    pr = df[df["measure"] == "pagerank"].groupby("date")["value"].sum()
    assert pr.to_numpy() == pytest.approx(1.0)


@pytest.mark.parametrize("freq", ["0D", "0YS", "XX", None, 5])
def test_bad_frequency_is_a_date_error(freq):
    net = make_net([("r1", "a", "b", "alliance")])
    with pytest.raises(militnet.DateError, match="frequency"):
        net.series("2010-01-01", "2012-01-01", freq=freq, measures="degree")


def test_range_without_any_step_is_a_date_error():
    # a negative step, or a monthly step in a range of two days, gives no day at all
    net = make_net([("r1", "a", "b", "alliance")])
    for start, end, freq in [
        ("2010-01-01", "2012-01-01", "-1YS"),
        ("2010-01-02", "2010-01-03", "MS"),
    ]:
        with pytest.raises(militnet.DateError, match="no day"):
            net.series(start, end, freq=freq, measures="degree")


# -- n_jobs > 1 and the degree sweep give the same table as day by day in one process
# -- Network.series: n_jobs > 1 and the degree sweep give the same table as the


def same(a: pd.DataFrame, b: pd.DataFrame) -> None:
    """The same table and provenance, but for the processes asked for and used."""
    pd.testing.assert_frame_equal(a, b)
    pa, pb = (dict(x.attrs["provenance"]["parameters"]) for x in (a, b))
    for p in (pa, pb):
        assert p.pop("processes") >= 1
        assert p.pop("threads") >= 1
        assert p.pop("parallel")["decision"] in ("one", "threads", "processes")
        p.pop("n_jobs")
    assert pa == pb
    strip = [{k: v for k, v in x.attrs["provenance"].items() if k != "parameters"} for x in (a, b)]
    assert strip[0] == strip[1]
    assert a.attrs["reused_snapshots"] == b.attrs["reused_snapshots"]


@pytest.mark.slow
def test_two_processes_give_the_same_table():
    net = militnet.load_dataset("afpak")
    one = net.series("2000-01-01", "2023-01-01", freq="QS")
    two = net.series("2000-01-01", "2023-01-01", freq="QS", n_jobs=2)
    same(one, two)
    assert one.attrs["reused_snapshots"] > 0  # reuse survives the pool


@pytest.mark.parametrize("backend", ["networkx", "auto"])
def test_two_processes_on_synthetic_data(synth, backend):
    previous = militnet.set_backend(backend)
    try:
        kw = dict(
            start="1990-01-01",
            end="2025-01-01",
            freq="2YS",
            measures=["degree", "in_degree", "betweenness", "pagerank", "eigenvector"],
        )
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
    with pytest.raises(militnet.ArgumentError, match="n_jobs"):
        net.series("2010-01-01", "2012-01-01", measures="betweenness", n_jobs=bad)


@pytest.mark.parametrize(
    "policy",
    [
        militnet.TiePolicy(),
        militnet.TiePolicy(weight="binary", date_policy="latest"),
        militnet.TiePolicy(
            types=("alliance", "pledge", "split", "merger"),
            date_policy="strict",
            undated="exclude",
            min_confidence="reported",
        ),
        militnet.TiePolicy(types=("rivalry",), date_policy="lenient"),
    ],
)
@pytest.mark.parametrize("freq", ["YS", "MS"])
def test_degree_sweep_equals_day_by_day(synth, policy, freq, monkeypatch):
    kw = dict(
        start="1982-01-01",
        end="2025-06-01",
        freq=freq,
        measures=["out_degree", "degree", "in_degree"],
        policy=policy,
    )
    fast = synth.series(**kw)
    monkeypatch.setattr(_series, "SWEEP_CELLS", 0)
    slow = synth.series(**kw)
    same(fast, slow)


def test_degree_sweep_on_explicit_days_and_the_bundled_dataset(monkeypatch):
    net = militnet.load_dataset("afpak")
    days = [
        "2014-07-31",
        "2014-08-01",
        "2014-08-02",
        "2015-01-26",
        "2016-01-01",
        "2016-01-02",
        "2020-08-01",
    ]
    fast = net.series(dates=days, measures="degree")
    monkeypatch.setattr(_series, "SWEEP_CELLS", 0)
    same(fast, net.series(dates=days, measures="degree"))


# -- The ``community`` measure: Louvain membership inside centrality and series.


def test_community_measure_equals_communities():
    net = militnet.load_dataset("afpak")
    for day in ("2012-01-01", "2016-10-24", "2022-01-01"):
        got = militnet.centrality(net, day, measures=["community"], seed=3)["community"]
        want = militnet.communities(net, day, seed=3)["community"]
        assert got.astype(int).to_dict() == want.to_dict()


def test_series_community_same_with_a_pool():
    net = militnet.load_dataset("afpak")
    kw = {
        "dates": ["2010-01-01", "2014-01-01", "2016-10-24", "2020-01-01"],
        "measures": ["degree", "community"],
        "seed": 1,
    }
    one = net.series(**kw)
    two = net.series(**kw, n_jobs=2)
    assert one.equals(two)
    day = one[(one.date == "2016-10-24") & (one.measure == "community")]
    want = militnet.communities(net, "2016-10-24", seed=1)["community"]
    assert dict(zip(day.group, day.value.astype(int), strict=True)) == want.to_dict()
