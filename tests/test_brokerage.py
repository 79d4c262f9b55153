"""Gould–Fernandez brokerage roles, by hand."""

from __future__ import annotations

import pytest
from networks import make_net

import militnet
from militnet._algorithms.brokerage import ROLES


def chain(ca: str, cb: str, cc: str, kind: str = "pledge") -> militnet.Network:
    return make_net(
        [("r1", "a", "b", kind), ("r2", "b", "c", kind)],
        groups={"a": {"country": ca}, "b": {"country": cb}, "c": {"country": cc}},
    )


@pytest.mark.parametrize(
    ("cats", "role"),
    [
        (("P", "P", "P"), "coordinator"),
        (("P", "A", "P"), "itinerant"),
        (("P", "P", "A"), "representative"),
        (("A", "P", "P"), "gatekeeper"),
        (("A", "P", "I"), "liaison"),
    ],
)
def test_each_role_on_a_pledge_chain(cats, role):
    df = militnet.brokerage(chain(*cats), at="2011-01-01")
    assert df.loc["b", role] == 1
    assert df.loc["b", "total"] == 1
    assert df.loc[["a", "c"], "total"].tolist() == [0, 0]
    assert df.loc["b", "category"] == cats[1]


def test_alliance_is_two_arcs():
    df = militnet.brokerage(chain("P", "P", "A", kind="alliance"), at="2011-01-01")
    # a -> b -> c: representative; c -> b -> a: gatekeeper
    assert df.loc["b", list(ROLES)].to_dict() == {
        "coordinator": 0,
        "itinerant": 0,
        "representative": 1,
        "gatekeeper": 1,
        "liaison": 0,
    }


def test_closed_triangle_brokers_nothing():
    net = make_net(
        [("r1", "a", "b", "alliance"), ("r2", "b", "c", "alliance"), ("r3", "a", "c", "alliance")]
    )
    assert int(militnet.brokerage(net, at="2011-01-01")["total"].sum()) == 0


def test_pledge_back_does_not_close_the_path_the_other_way():
    # a -> b -> c with c -> a: the arc a -> c is missing, so b still brokers a to c
    net = make_net(
        [("r1", "a", "b", "pledge"), ("r2", "b", "c", "pledge"), ("r3", "c", "a", "pledge")]
    )
    df = militnet.brokerage(net, at="2011-01-01", attribute="orientation")
    assert df["unclassified"].tolist() == [1, 1, 1]


def test_multi_valued_attribute():
    net = chain("Afghanistan;Pakistan", "Pakistan", "Pakistan;Afghanistan")
    combined = militnet.brokerage(net, at="2011-01-01")
    assert combined.loc["b", "itinerant"] == 1
    assert combined.loc["a", "category"] == "Afghanistan;Pakistan"
    first = militnet.brokerage(net, at="2011-01-01", multi="first")
    assert first.loc["b", "gatekeeper"] == 1


def test_missing_attribute_is_unclassified():
    df = militnet.brokerage(chain("P", "", "A"), at="2011-01-01")
    assert df.loc["b", "unclassified"] == 1
    assert df.loc["b", "total"] == 0


def test_rivalries_are_not_channels_and_errors():
    net = make_net([("r1", "a", "b", "rivalry"), ("r2", "b", "c", "rivalry")])
    assert (
        int(
            militnet.brokerage(net, at="2011-01-01", policy=militnet.TiePolicy(signed=True))[
                "total"
            ].sum()
        )
        == 0
    )
    with pytest.raises(militnet.MilitnetError, match="unknown group attribute"):
        militnet.brokerage(net, at="2011-01-01", attribute="ideology")
    with pytest.raises(ValueError, match="multi"):
        militnet.brokerage(net, at="2011-01-01", multi="any")


def test_afpak_by_country_has_provenance():
    net = militnet.load_dataset("afpak")
    df = militnet.brokerage(net, at="2016-01-01")
    assert df["total"].sum() > 0
    assert (df["total"] == df[list(ROLES)].sum(axis=1)).all()
    assert df.attrs["provenance"]["parameters"] == {"attribute": "country", "multi": "combined"}
