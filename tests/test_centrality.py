"""Centrality on hand-made snapshots: boundaries, policies, hand-computed values."""

from __future__ import annotations

import math

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from networks import make_net

import militnet
from militnet import TiePolicy
from militnet._engine.snapshot import snapshot

ALL = ["degree", "in_degree", "out_degree", "betweenness", "eigenvector", "pagerank"]


def col(df: pd.DataFrame, measure: str) -> dict[str, float]:
    return {k: round(float(v), 6) for k, v in df[measure].items()}


def test_path_hand_computed():
    net = make_net(
        [("r1", "a", "b", "alliance"), ("r2", "b", "c", "alliance"), ("r3", "c", "d", "alliance")]
    )
    df = militnet.centrality(net, at="2011-01-01", measures=["degree", "betweenness"])
    assert col(df, "degree") == {"a": 1, "b": 2, "c": 2, "d": 1}
    # b lies on the shortest paths a-c and a-d: 2 of the 3 pairs not involving b
    assert col(df, "betweenness") == {"a": 0, "b": round(2 / 3, 6), "c": round(2 / 3, 6), "d": 0}


def test_star_pagerank_and_eigenvector_hand_computed():
    net = make_net([(f"r{x}", "h", x, "alliance") for x in "xyz"])
    df = militnet.centrality(net, at="2011-01-01")
    # PageRank: c = 0.15/4 + 0.85 * 3 * l, l = 0.15/4 + 0.85 * c / 3
    c = (0.0375 + 2.55 * 0.0375) / (1 - 0.85 * 0.85)
    assert df.loc["h", "pagerank"] == pytest.approx(c, abs=1e-9)
    assert df.loc["x", "pagerank"] == pytest.approx((1 - c) / 3, abs=1e-9)
    # Perron vector of K(1,3): centre 1/sqrt(2), leaves 1/sqrt(6)
    assert df.loc["h", "eigenvector"] == pytest.approx(1 / math.sqrt(2), abs=1e-9)
    assert df.loc["y", "eigenvector"] == pytest.approx(1 / math.sqrt(6), abs=1e-9)
    assert df.loc["h", "betweenness"] == 1.0
    assert df.attrs["provenance"]["function"] == "militnet.centrality"


def test_eigenvector_disconnected_is_per_component():
    net = make_net(
        [(f"r{x}", "h", x, "alliance") for x in "xyz"] + [("p", "u", "v", "alliance")],
        groups={"lone": {}},
    )
    df = militnet.centrality(net, at="2011-01-01", measures="eigenvector")
    n = 7
    assert df.loc["h", "eigenvector"] == pytest.approx(math.sqrt(4 / n) / math.sqrt(2))
    assert df.loc["x", "eigenvector"] == pytest.approx(math.sqrt(4 / n) / math.sqrt(6))
    assert df.loc["u", "eigenvector"] == pytest.approx(math.sqrt(2 / n) / math.sqrt(2))
    assert df.loc["lone", "eigenvector"] == 0.0
    assert float((df["eigenvector"] ** 2).sum()) == pytest.approx(1.0 - 1 / n)


def test_eigenvector_connected_equals_networkx():
    net = make_net(
        [
            ("r1", "a", "b", "alliance"),
            ("r2", "b", "c", "alliance"),
            ("r3", "c", "a", "alliance"),
            ("r4", "c", "d", "pledge"),
            ("r5", "c", "d", "alliance"),
        ]
    )
    df = militnet.centrality(net, at="2011-01-01", measures="eigenvector")
    ref = nx.eigenvector_centrality(
        net.ties("2011-01-01"), weight="weight", tol=1e-12, max_iter=10_000
    )
    for g, v in ref.items():
        assert df.loc[g, "eigenvector"] == pytest.approx(v, abs=1e-8)


def test_empty_and_tieless_snapshots():
    net = make_net([("r1", "a", "b", "alliance", "2010")], groups={"c": {}})
    before = militnet.centrality(net, at="1990-01-01", measures=ALL)
    assert before.empty and list(before.columns) == ALL
    none = militnet.centrality(net, at="2005-01-01", measures=ALL)
    assert sorted(none.index) == ["a", "b", "c"]
    assert (none[["degree", "betweenness", "eigenvector"]] == 0).all().all()
    assert none["pagerank"].tolist() == pytest.approx([1 / 3] * 3)


def test_boundary_days_half_open():
    net = make_net([("r1", "a", "b", "alliance", "2010-06-01", "2012-06-01")])
    deg = {
        d: militnet.centrality(net, at=d, measures="degree").loc["a", "degree"]
        for d in ("2010-05-31", "2010-06-01", "2012-05-31", "2012-06-01")
    }
    assert deg == {"2010-05-31": 0, "2010-06-01": 1, "2012-05-31": 1, "2012-06-01": 0}


@pytest.mark.parametrize(
    ("policy", "mid_2014", "mid_2016"),
    [
        ("earliest", 1, 0),
        ("latest", 0, 1),
        ("strict", 0, 0),
        ("lenient", 1, 1),
    ],
)
def test_partial_date_policies(policy, mid_2014, mid_2016):
    net = make_net([("r1", "a", "b", "alliance", "2014", "2016")])
    pol = TiePolicy(date_policy=policy)
    got = [
        militnet.centrality(net, at=d, measures="degree", policy=pol).loc["a", "degree"]
        for d in ("2014-06-01", "2016-06-01")
    ]
    assert got == [mid_2014, mid_2016]


def test_groups_not_yet_founded_or_ended_are_absent():
    net = make_net(
        [("r1", "a", "b", "alliance", "2010"), ("r2", "a", "c", "alliance", "2010")],
        groups={"b": {"founded": "2012"}, "c": {"ended": "2011-03-01"}},
    )
    assert sorted(militnet.centrality(net, at="2011-01-01").index) == ["a", "c"]
    df = militnet.centrality(net, at="2011-03-01", measures="degree")
    assert col(df, "degree") == {"a": 0}
    assert col(militnet.centrality(net, at="2013-01-01", measures="degree"), "degree") == {
        "a": 1,
        "b": 1,
    }


def test_parallel_relations_one_tie_of_weight_two():
    net = make_net(
        [("r1", "a", "b", "alliance"), ("r2", "b", "a", "alliance"), ("r3", "a", "c", "alliance")]
    )
    t = snapshot(net, "2011-01-01").ties
    pairs = {(t.nodes[s], t.nodes[g]): w for s, g, w in zip(t.src, t.tgt, t.weight, strict=True)}
    assert pairs == {("a", "b"): 2.0, ("a", "c"): 1.0}
    df = militnet.centrality(net, at="2011-01-01", measures=["degree", "pagerank"])
    assert df.loc["a", "degree"] == 2
    binary = militnet.centrality(
        net, at="2011-01-01", measures="pagerank", policy=TiePolicy(weight="binary")
    )
    assert df.loc["b", "pagerank"] > binary.loc["b", "pagerank"]
    assert binary.loc["b", "pagerank"] == pytest.approx(binary.loc["c", "pagerank"])


def test_alleged_ties_filtered_by_min_confidence():
    net = make_net(
        [
            ("r1", "a", "b", "alliance", "2010", "", "alleged"),
            ("r2", "a", "c", "alliance", "2010", "", "reported"),
        ]
    )
    all_ = militnet.centrality(
        net, at="2011-01-01", measures="degree", policy=TiePolicy(min_confidence="alleged")
    )
    rep = militnet.centrality(net, at="2011-01-01", measures="degree")  # the default
    conf = militnet.centrality(
        net, at="2011-01-01", measures="degree", policy=TiePolicy(min_confidence="confirmed")
    )
    assert (all_.loc["a", "degree"], rep.loc["a", "degree"], conf.loc["a", "degree"]) == (2, 1, 0)
    assert rep.attrs["provenance"]["policy"]["min_confidence"] == "reported"


def test_undated_relations_include_or_exclude():
    net = make_net([("r1", "a", "b", "alliance", ""), ("r2", "a", "c", "alliance", "2010")])
    inc = militnet.centrality(net, at="2005-01-01", measures="degree")
    exc = militnet.centrality(
        net, at="2011-01-01", measures="degree", policy=TiePolicy(undated="exclude")
    )
    assert col(inc, "degree") == {"a": 1, "b": 1, "c": 0}
    assert col(exc, "degree") == {"a": 1, "b": 0, "c": 1}


def test_in_and_out_degree_count_pledges_only():
    net = make_net(
        [
            ("p1", "a", "h", "pledge"),
            ("p2", "b", "h", "pledge"),
            ("p3", "b", "h", "pledge", "2009"),
            ("x", "h", "c", "alliance"),
            ("s", "c", "h", "split"),
        ]
    )
    df = militnet.centrality(net, at="2011-01-01", measures=["in_degree", "out_degree", "degree"])
    assert col(df, "in_degree") == {"a": 0, "h": 2, "b": 0, "c": 0}
    assert col(df, "out_degree") == {"a": 1, "h": 0, "b": 1, "c": 0}
    assert df.loc["h", "degree"] == 3


def test_signed_policy_does_not_add_rivalries_to_centrality():
    net = make_net([("r1", "a", "b", "alliance"), ("r2", "a", "c", "rivalry")])
    df = militnet.centrality(net, at="2011-01-01", measures="degree", policy=TiePolicy(signed=True))
    assert df.loc["a", "degree"] == 1


def test_sampled_betweenness_is_seeded_and_matches_networkx():
    net = militnet.load_dataset("afpak")
    a = militnet.centrality(net, at="2016-01-01", measures="betweenness", k=5, seed=3)
    b = militnet.centrality(net, at="2016-01-01", measures="betweenness", k=5, seed=3)
    pd.testing.assert_frame_equal(a, b)
    ref = nx.betweenness_centrality(net.ties("2016-01-01"), k=5, seed=3)
    assert a["betweenness"].to_dict() == pytest.approx(ref, abs=1e-12)
    assert a.attrs["provenance"]["parameters"]["k"] == 5
    assert a.attrs["provenance"]["seed"] == 3


@pytest.mark.parametrize("day", ["2005-01-01", "2016-01-01", "2022-06-30"])
def test_compact_snapshot_agrees_with_network_ties_and_networkx(day):
    net = militnet.load_dataset("afpak")
    g = net.ties(day)
    t = snapshot(net, day).ties
    assert list(t.nodes) == list(g.nodes)
    got = {
        tuple(sorted((t.nodes[s], t.nodes[v]))): w
        for s, v, w in zip(t.src, t.tgt, t.weight, strict=True)
    }
    want = {tuple(sorted((u, v))): float(d["weight"]) for u, v, d in g.edges(data=True)}
    assert got == want
    df = militnet.centrality(net, at=day, measures=ALL)
    assert df["degree"].to_dict() == dict(g.degree())
    assert df["betweenness"].to_dict() == pytest.approx(nx.betweenness_centrality(g), abs=1e-12)
    assert df["pagerank"].to_dict() == pytest.approx(nx.pagerank(g, tol=1e-12), abs=1e-8)
    assert df["pagerank"].sum() == pytest.approx(1.0)
    assert np.isfinite(df.to_numpy()).all()


def test_unknown_measure_and_bad_policy_are_militnet_errors():
    net = make_net([("r1", "a", "b", "alliance")])
    with pytest.raises(militnet.MilitnetError, match="unknown measure 'closeness'"):
        militnet.centrality(net, at="2011-01-01", measures="closeness")
    with pytest.raises(ValueError, match="TiePolicy"):
        militnet.centrality(net, at="2011-01-01", policy={"types": ["alliance"]})
    with pytest.raises(militnet.DateError):
        militnet.centrality(net, at="2011")


def test_provenance_records_data_and_versions():
    net = make_net([("r1", "a", "b", "alliance")])
    p = militnet.centrality(net, at="2011-01-01", measures="degree").attrs["provenance"]
    assert p["dataset"] == {
        "name": "t",
        "version": "0",
        "content_hash": f"sha256:{net.content_hash}",
    }
    assert p["dates"] == ["2011-01-01"]
    assert p["policy"] == TiePolicy().to_dict()
    assert p["parameters"] == {"measures": ["degree"], "k": None}
    assert set(p["versions"]) == {"militnet", "networkx", "pandas", "numpy", "python"}
    assert p["versions"]["networkx"] == nx.__version__


@pytest.mark.parametrize("k", [0, -3, "a", 1.5, True])
def test_bad_k_is_a_militnet_error(k):
    net = make_net([("r1", "a", "b", "alliance"), ("r2", "b", "c", "alliance")])
    with pytest.raises(militnet.MilitnetError, match="k must be a positive integer"):
        militnet.centrality(net, at="2011-01-01", measures="betweenness", k=k)
    with pytest.raises(militnet.MilitnetError, match="k must be a positive integer"):
        net.series(dates=["2011-01-01"], measures="betweenness", k=k)


def test_sampled_betweenness_is_reproducible_by_default():
    # seed defaults to 0, as in Network.series, communities and the CLI: a cited
    # sampled betweenness must come out the same when the notebook is rerun
    net = militnet.load_dataset("afpak")
    runs = [
        militnet.centrality(net, at="2016-01-01", measures="betweenness", k=3) for _ in range(6)
    ]
    for df in runs[1:]:
        pd.testing.assert_frame_equal(runs[0], df)
    assert runs[0].attrs["provenance"]["seed"] == 0


def test_measures_none_means_the_defaults():
    net = make_net([("r1", "a", "b", "alliance")])
    df = militnet.centrality(net, at="2011-01-01", measures=None)
    assert list(df.columns) == ["degree", "betweenness", "eigenvector", "pagerank"]


# -- the signature convention of the public analysis functions

ANALYSES = {
    "centrality": ("net", "at"),
    "communities": ("net", "at"),
    "brokerage": ("net", "at"),
    "balance": ("net", "at"),
    "sensitivity": ("net", "at"),
    "explain": ("net", "group", "at"),
    "community_evolution": ("net", "dates"),
}
#: The shared options, in the order every function lists those it takes.
ORDER = ("measures", "measure", "attribute", "policy", "method", "k", "seed", "n_jobs")


@pytest.mark.parametrize("name", sorted(ANALYSES))
def test_options_are_keyword_only_in_one_order(name):
    import inspect

    params = inspect.signature(getattr(militnet, name)).parameters
    positional = [p.name for p in params.values() if p.kind is p.POSITIONAL_OR_KEYWORD]
    assert tuple(positional) == ANALYSES[name]
    options = [p for p in params.values() if p.kind is p.KEYWORD_ONLY]
    assert len(options) == len(params) - len(positional)
    shared = [p.name for p in options if p.name in ORDER]
    assert shared == sorted(shared, key=ORDER.index)
    if "seed" in params:
        assert params["seed"].default == 0
        assert params["seed"].annotation in ("int | None", int | None)


def test_k_at_least_the_groups_is_exact_betweenness_and_says_so():
    net = make_net(
        [
            (f"r{i}", u, v, "alliance")
            for i, (u, v) in enumerate([("a", "b"), ("b", "c"), ("c", "d"), ("d", "e"), ("b", "e")])
        ]
    )
    exact = militnet.centrality(net, "2011-01-01", measures="betweenness")
    assert exact.attrs["provenance"]["parameters"]["betweenness"] == "exact"
    for k in (5, 6, 100):  # five groups alive
        df = militnet.centrality(net, "2011-01-01", measures="betweenness", k=k)
        pd.testing.assert_frame_equal(df, exact)
        assert df.attrs["provenance"]["parameters"]["betweenness"] == "exact"
    sampled = militnet.centrality(net, "2011-01-01", measures="betweenness", k=2)
    assert sampled.attrs["provenance"]["parameters"]["betweenness"] == "sampled"
    assert (
        "betweenness"
        not in militnet.centrality(net, "2011-01-01", measures="degree").attrs["provenance"][
            "parameters"
        ]
    )
    # a series over days of 2 and then 5 groups: exact on the first only
    grow = make_net(
        [
            ("r1", "a", "b", "alliance"),
            ("r2", "b", "c", "alliance", "2012"),
            ("r3", "c", "d", "alliance", "2012"),
            ("r4", "d", "e", "alliance", "2012"),
        ],
        groups={g: {"founded": "2012"} for g in "cde"},
    )
    s = grow.series(dates=["2011-01-01", "2013-01-01"], measures="betweenness", k=3)
    assert s.attrs["provenance"]["parameters"]["betweenness"] == "mixed"
