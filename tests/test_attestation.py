"""Lapsing ties: last attestation, the stale_after rule, and what results say."""

from __future__ import annotations

import pytest

import militnet
from militnet import Group, Network, Relation, TiePolicy
from militnet._engine.attestation import attestation_summary, lapse_dates


@pytest.fixture
def net() -> Network:
    """A hub with five partners, attested at different dates (query day 2021-09-15)."""
    groups = [Group(g, g.upper(), founded="2000") for g in ("hub", "a", "b", "c", "d", "e", "f")]
    rels = [
        # attested 2020: active under any threshold of a year or more
        Relation("r1", "hub", "a", "alliance", start="2012", last_attested="2020-06"),
        # attested 2016-11: lapsed after 5 years on 2021-11-01, so still active on 2021-09-15
        Relation("r2", "hub", "b", "alliance", start="2015-08", last_attested="2016-11"),
        # attested 2015-02-02: lapsed on 2020-02-02 under 5 years
        Relation("r3", "hub", "c", "alliance", start="2015", last_attested="2015-02-02"),
        # no attestation: lapses from its start (2010-03 + 5y = 2015-03-01)
        Relation("r4", "hub", "d", "pledge", start="2010-03"),
        # ended: never lapses, simply ends
        Relation("r5", "hub", "e", "alliance", start="2005", end="2019"),
        # neither start nor attestation: cannot lapse
        Relation("r6", "a", "f", "alliance"),
    ]
    return Network(groups, rels, [])


def test_lapse_days_follow_the_attestation_or_the_start(net):
    assert lapse_dates(net, TiePolicy(stale_after=5)) == {
        "r1": "2025-06-01",
        "r2": "2021-11-01",
        "r3": "2020-02-02",
        "r4": "2015-03-01",
        "r5": "",
        "r6": "",
    }
    # the latest date policy reads each partial date as its last day
    assert (
        lapse_dates(net, TiePolicy(stale_after="18m", date_policy="latest"))["r2"] == "2018-05-30"
    )
    assert set(lapse_dates(net, TiePolicy(stale_after=None)).values()) == {""}


def test_centrality_drops_exactly_the_ties_unattested_for_five_years(net):
    day = "2021-09-15"
    five = militnet.centrality(net, day, policy=TiePolicy(stale_after=5))
    assert five.loc["hub", "degree"] == 2  # r1 and r2 only: r3 and r4 lapsed
    assert five.loc["c", "degree"] == 0 and five.loc["d", "degree"] == 0
    att = five.attrs["provenance"]["attestation"]
    assert att["stale_after"] == "5y" and att["lapsed_ids"] == ["r3", "r4"]
    assert att["undated_ids"] == ["r6"]
    assert five.attrs["provenance"]["policy"]["stale_after"] == "5y"


def test_degree_counts_pledges_too(net):
    never = militnet.centrality(net, "2021-09-15", policy=TiePolicy(stale_after=None))
    assert never.loc["hub", "degree"] == 4  # r1 r2 r3 r4 (r5 ended in 2019)


def test_a_result_that_rests_on_old_ties_says_so(net):
    df = militnet.centrality(net, "2021-09-15", policy=TiePolicy(stale_after=None))
    att = df.attrs["provenance"]["attestation"]
    assert att["stale_ids"] == ["r3", "r4"]
    assert any("unattested for more than 5 years (r3, r4)" in w for w in att["warnings"])
    assert any("neither a start nor a last attestation (r6)" in w for w in att["warnings"])
    # under a 10-year threshold r3 (attested 2015-02) stays in and is still flagged;
    # r4 (from 2010-03, never attested) lapsed in 2020-03
    ten = militnet.centrality(net, "2021-09-15", policy=TiePolicy(stale_after=10))
    assert ten.attrs["provenance"]["attestation"]["stale_ids"] == ["r3"]
    assert ten.attrs["provenance"]["attestation"]["lapsed_ids"] == ["r4"]


def test_boundary_day_of_a_lapse_is_half_open(net):
    # r3 lapses on 2020-02-02: active the day before, not on the day
    pol = TiePolicy(stale_after=5)
    assert net.ties("2020-02-01", pol).has_edge("hub", "c")
    assert not net.ties("2020-02-02", pol).has_edge("hub", "c")
    # the lapse is the lapse rule's doing: without it r3 is still active that day
    assert net.ties("2020-02-02", TiePolicy(stale_after=None)).has_edge("hub", "c")
    # a relation with an end never lapses: r5 (2005-2019, never attested) is active
    # in 2018 although its start is 13 years old, and ends on its end date
    assert net.ties("2018-06-01", pol).has_edge("hub", "e")
    assert not net.ties("2019-06-01", pol).has_edge("hub", "e")


def test_network_at_and_series_agree_on_lapses(net):
    G = net.at("2021-09-15", policy=militnet.TiePolicy.all_types(stale_after="5y"))
    assert {k for *_, k in G.edges(keys=True)} == {"r1", "r2", "r6"}
    assert G.graph["stale_after"] == "5y"
    assert {
        k
        for *_, k in net.at(
            "2021-09-15", policy=militnet.TiePolicy.all_types(stale_after=None)
        ).edges(keys=True)
    } == {
        "r1",
        "r2",
        "r3",
        "r4",
        "r6",
    }
    s = net.series(
        dates=["2014-01-01", "2016-01-01", "2021-09-15"],
        measures="degree",
        policy=TiePolicy(stale_after=5),
    )
    hub = s[s["group"] == "hub"].set_index("date")["value"].tolist()
    # 2014: r1 r3? (r3 starts 2015) -> r1 r4 r5; 2016: r1 r2 r3 r5 (r4 lapsed 2015-03);
    # 2021-09-15: r1 r2
    assert hub == [3, 4, 2]


def test_stale_after_is_validated():
    for bad in ("x", 0, -2, "5 years", True, float("nan"), "1.5m"):
        with pytest.raises(militnet.MilitnetError):
            TiePolicy(stale_after=bad)
    assert TiePolicy(stale_after="5").stale_after == "5y"
    assert TiePolicy(stale_after="1y6m").stale_after == "18m"
    assert TiePolicy(stale_after="never").stale_after is None


def test_last_attested_round_trips_and_is_checked(tmp_path, net):
    folder = net.save(tmp_path / "n")
    again = militnet.load(folder)
    assert again.relation("r2").last_attested == militnet.PartialDate.parse("2016-11")
    assert again.relations.loc["r2", "last_attested"] == "2016-11"
    with pytest.raises(militnet.ArgumentError, match="last_attested 2009 is before start"):
        Relation("x", "a", "b", "alliance", start="2010", last_attested="2009")
    with pytest.raises(militnet.ArgumentError, match="end 2012 is before last_attested"):
        Relation("x", "a", "b", "alliance", start="2010", end="2012", last_attested="2013")


def test_attestation_summary_without_policy_is_empty(net):
    assert attestation_summary(net, ["2020-01-01"], None) == {}
