"""Network.series: tidy table, reuse of identical snapshots, provenance."""

from __future__ import annotations

import doctest

import pandas as pd
import pytest
from analysis_util import make_net

import militnet
from militnet import _backend


def growing() -> militnet.Network:
    return make_net([("r1", "a", "b", "alliance", "2010"), ("r2", "b", "c", "alliance", "2012"),
                     ("r3", "c", "a", "pledge", "2012-06", "2014")],
                    groups={"c": {"founded": "2011"}})


def test_series_doctest_runs():
    # Network's methods present themselves as militnet.Network, which the doctest
    # collector of militnet/_network.py skips; run this example here.
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
        got = (df[df["date"] == day].pivot(index="group", columns="measure", values="value")
               .reindex(index=ref.index, columns=ref.columns))
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
    days = ["2010-06-01", "2011-06-01", "2012-07-01", "2013-01-01", "2013-06-01",
            "2014-06-01", "2015-06-01"]
    # ties never lapse here (with the default 5 years, r1 of 2010 lapses in 2015)
    df = net.series(dates=days, measures="pagerank",
                    policy=militnet.TiePolicy(stale_after=None))
    # computed: 2010, 2011, 2012-07, 2014; 2013-01 and 2013-06 reuse 2012-07, 2015 reuses 2014
    assert calls == [2, 3, 3, 3]
    assert df.attrs["reused_snapshots"] == 3
    a = df[df["date"] == pd.Timestamp("2012-07-01")]["value"].tolist()
    b = df[df["date"] == pd.Timestamp("2013-06-01")]["value"].tolist()
    assert a == b
    # only *consecutive* snapshots are reused: A, B, A computes three times
    calls.clear()
    aba = make_net([("r1", "a", "b", "alliance", "2010"),
                    ("x", "a", "b", "alliance", "2011", "2012")])
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
    b = net.series("2010-01-01", "2020-01-01", measures="betweenness", k=4, seed=11,
                   progress=True)
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
    for start, end, freq in [("2010-01-01", "2012-01-01", "-1YS"),
                             ("2010-01-02", "2010-01-03", "MS")]:
        with pytest.raises(militnet.DateError, match="no day"):
            net.series(start, end, freq=freq, measures="degree")
