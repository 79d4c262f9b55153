"""explain(): the ties and sources behind a group's numbers."""

from __future__ import annotations

import pytest
from networks import make_net

import militnet
from militnet import TiePolicy


def test_explain_tiny_ttp(tiny):
    df = militnet.explain(tiny, "Pakistani Taliban", at="2016-07-01")
    assert list(df.index) == ["r7"]
    row = df.loc["r7"]
    assert (row["other"], row["other_name"], row["type"], row["direction"]) == (
        "jundallah-pk",
        "Jundallah (Pakistan)",
        "alliance",
        "both",
    )
    assert row["sources"] == "s1;s2"
    assert row["source_titles"] == "A report;Another report"
    assert row["start"] == "2016-06-15" and row["confidence"] == "confirmed"
    signed = militnet.explain(tiny, "ttp", at="2016-07-01", policy=TiePolicy(signed=True))
    assert list(signed.index) == ["r5", "r7"]
    assert signed.loc["r5", "sign"] == -1
    assert signed.attrs["provenance"]["parameters"] == {"group": "ttp"}


def test_explain_boundary_and_not_alive(tiny):
    # r3 ends on 2015-03-01: active the day before, not on the day
    assert list(militnet.explain(tiny, "ttp", at="2015-02-28").index) == ["r3"]
    assert militnet.explain(tiny, "ttp", at="2015-03-01").empty
    gone = militnet.explain(tiny, "jua", at="2021-01-01")
    assert gone.empty and gone.attrs["alive"] is False
    with pytest.raises(militnet.AmbiguousNameError):
        militnet.explain(tiny, "Jundallah", at="2016-01-01")


def test_explain_lists_parallel_relations_and_directions():
    net = make_net(
        [
            ("r2", "b", "a", "alliance"),
            ("r1", "a", "b", "alliance"),
            ("p1", "c", "a", "pledge"),
            ("p2", "a", "d", "pledge"),
        ]
    )
    df = militnet.explain(net, "a", at="2011-01-01")
    assert list(df.index) == ["r1", "r2", "p1", "p2"]
    assert df["direction"].tolist() == ["both", "both", "in", "out"]
    assert df["evidence"].tolist() == ["evidence r1", "evidence r2", "evidence p1", "evidence p2"]


@pytest.mark.slow
@pytest.mark.parametrize("day", ["2008-01-01", "2016-01-01", "2021-09-01"])
def test_explain_accounts_for_degree_on_afpak(day):
    net = militnet.load_dataset("afpak")
    deg = militnet.centrality(net, at=day, measures="degree")["degree"]
    for gid, d in deg.items():
        df = militnet.explain(net, gid, at=day)
        assert df["other"].nunique() == d, gid
        rel = net.relations
        assert set(rel.loc[list(df.index), "type"]) <= {"alliance", "pledge"}
