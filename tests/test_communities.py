"""Communities (stable labels, seeded) and their evolution between snapshots."""

from __future__ import annotations

import itertools
import math

import networkx as nx
import pandas as pd
import pytest
from networks import make_net

import militnet


def clique(prefix: str, members: str, start: str = "2010", end: str = "") -> list[tuple]:
    return [
        (f"{prefix}{u}{v}", u, v, "alliance", start, end)
        for u, v in itertools.combinations(members, 2)
    ]


def test_labels_by_size_then_first_member():
    net = make_net(clique("t", "xyz") + clique("k", "abcd"))
    cm = militnet.communities(net, at="2011-01-01")
    assert cm["community"].to_dict() == {"x": 1, "y": 1, "z": 1, "a": 0, "b": 0, "c": 0, "d": 0}
    assert cm["size"].to_dict() == {"x": 3, "y": 3, "z": 3, "a": 4, "b": 4, "c": 4, "d": 4}


def test_modularity_matches_networkx():
    net = make_net(clique("t", "abc") + clique("u", "def") + [("br", "c", "d", "alliance")])
    cm = militnet.communities(net, at="2011-01-01", seed=0)
    parts = [set(g.index) for _, g in cm.groupby("community")]
    g = net.ties("2011-01-01")
    assert cm.attrs["modularity"] == pytest.approx(nx.community.modularity(g, parts), abs=1e-12)
    assert cm.attrs["provenance"]["parameters"] == {"method": "louvain", "resolution": 1.0}


@pytest.mark.parametrize("method", ["louvain", "greedy_modularity", "label_propagation"])
def test_methods_are_seeded_and_stable(method):
    net = militnet.load_dataset("afpak")
    a = militnet.communities(net, at="2016-01-01", method=method, seed=7)
    b = militnet.communities(net, at="2016-01-01", method=method, seed=7)
    pd.testing.assert_frame_equal(a, b)
    assert a.attrs["modularity"] == b.attrs["modularity"]
    assert (a["community"] >= 0).all()
    labels = sorted(set(a["community"]))
    assert labels == list(range(len(labels)))
    sizes = a.groupby("community").size()
    assert sizes.is_monotonic_decreasing


def test_no_ties_every_group_alone():
    net = make_net([("r1", "a", "b", "alliance", "2010")], groups={"c": {}})
    cm = militnet.communities(net, at="2005-01-01")
    assert sorted(cm["community"]) == [0, 1, 2]
    assert math.isnan(cm.attrs["modularity"])
    with pytest.raises(militnet.MilitnetError, match="unknown community method"):
        militnet.communities(net, at="2005-01-01", method="infomap")


def evolving() -> militnet.Network:
    rels = (
        clique("a", "abc")
        + clique("d", "def")
        + [(f"x{u}{v}", u, v, "alliance", "2012") for u in "abc" for v in "def"]  # merge
        + [("m1", "d", "a", "merger", "2012-05"), ("m0", "e", "a", "merger", "2009")]
        + clique("p", "pqr")  # vanish: the groups end
        + clique("y", "xyz", "2012")  # appear
        + clique("g", "ghi")
        + [(f"j{v}", "j", v, "alliance", "2012") for v in "ghi"]  # grow
        + clique("k", "klmn")  # shrink: n ends
        + clique("s", "stu")  # continue
        + [("sp", "u", "s", "split", "2012-02")]
    )
    ended = {"ended": "2012"}
    return make_net(
        rels,
        groups={
            "p": ended,
            "q": ended,
            "r": ended,
            "n": ended,
            "x": {"founded": "2012"},
            "j": {"founded": "2012"},
        },
    )


def test_evolution_events():
    ev = militnet.community_evolution(evolving(), ["2011-01-01", "2013-01-01"])
    got = {(r.event, r.groups, r.relations) for r in ev.itertuples()}
    assert got == {
        ("merge", "a;b;c;d;e;f", "m1"),
        ("vanish", "p;q;r", ""),
        ("appear", "x;y;z", ""),
        ("grow", "j;g;h;i", ""),  # groups in table order (j is declared first)
        ("shrink", "n;k;l;m", ""),
        ("continue", "s;t;u", "sp"),
    }
    merge = ev[ev["event"] == "merge"].iloc[0]
    assert (merge["size_before"], merge["size_after"], merge["jaccard"]) == (6, 6, 0.5)
    assert len(merge["before"].split(";")) == 2
    assert str(ev["date_from"].dtype) == "datetime64[ns]"
    assert ev.attrs["provenance"]["parameters"]["threshold"] == 0.3


def test_split_is_the_merge_reversed():
    rels = (
        clique("a", "abc")
        + clique("d", "def")
        + [(f"x{u}{v}", u, v, "alliance", "2010", "2012") for u in "abc" for v in "def"]
    )
    ev = militnet.community_evolution(make_net(rels), ["2011-01-01", "2013-01-01"])
    assert ev[["event", "before", "after"]].values.tolist() == [["split", "0", "0;1"]]


def test_threshold_and_identical_snapshots():
    net = evolving()
    strict = militnet.community_evolution(net, ["2011-01-01", "2013-01-01"], threshold=0.6)
    assert "merge" not in set(strict["event"])
    assert {"vanish", "appear"} <= set(strict["event"])
    same = militnet.community_evolution(net, ["2011-01-01", "2011-06-01", "2011-09-01"])
    assert set(same["event"]) == {"continue"}
    with pytest.raises(ValueError, match="increasing"):
        militnet.community_evolution(net, ["2013-01-01", "2011-01-01"])
    with pytest.raises(ValueError, match="at least two"):
        militnet.community_evolution(net, ["2013-01-01"])


@pytest.mark.parametrize(
    "kw, match",
    [
        ({"resolution": "a"}, "resolution"),
        ({"resolution": -1.0}, "resolution"),
        ({"resolution": 0}, "resolution"),
        ({"resolution": float("nan")}, "resolution"),
        ({"seed": "a"}, "seed"),
        ({"seed": 1.5}, "seed"),
    ],
)
def test_bad_community_options_are_militnet_errors(kw, match):
    net = make_net([("r1", "a", "b", "alliance"), ("r2", "b", "c", "alliance")])
    with pytest.raises(militnet.MilitnetError, match=match):
        militnet.communities(net, at="2011-01-01", **kw)
    with pytest.raises(militnet.MilitnetError, match=match):
        militnet.community_evolution(net, ["2011-01-01", "2012-01-01"], **kw)


@pytest.mark.parametrize(
    "kw, match",
    [
        ({"threshold": "a"}, "threshold"),
        ({"min_size": "a"}, "min_size"),
        ({"min_size": 0}, "min_size"),
    ],
)
def test_bad_evolution_options_are_militnet_errors(kw, match):
    net = make_net([("r1", "a", "b", "alliance"), ("r2", "b", "c", "alliance")])
    with pytest.raises(militnet.MilitnetError, match=match):
        militnet.community_evolution(net, ["2011-01-01", "2012-01-01"], **kw)
