"""How much of a ranking rests on alleged ties (militnet.alleged_reliance, CLI metrics)."""

import io

import numpy as np
import pandas as pd
import pytest

import militnet
from militnet.cli import main

DAYS = ["2010-06-01", "2016-10-24", "2021-09-15", "2023-06-01"]


@pytest.fixture(scope="module")
def afpak():
    return militnet.load_dataset("afpak")


@pytest.mark.parametrize("day", DAYS)
def test_matches_two_centrality_runs(afpak, day):
    pol = militnet.TiePolicy(min_confidence="alleged")
    bare = militnet.TiePolicy(min_confidence="reported")
    df = militnet.alleged_reliance(afpak, day, policy=pol)
    full = militnet.centrality(afpak, day, policy=pol)
    strict = militnet.centrality(afpak, day, policy=bare)
    for m in full.columns:
        pd.testing.assert_series_equal(df[m], full[m])
        np.testing.assert_array_equal(df[f"{m}_without_alleged"].to_numpy(), strict[m].to_numpy())
        v, w = full[m].to_numpy(), strict[m].to_numpy()
        share = df[f"{m}_alleged_share"].to_numpy()
        assert ((share >= 0) & (share <= 1)).all()
        for x, y, s in zip(v, w, share, strict=True):
            if x <= 0 or np.isclose(x, y, rtol=1e-9, atol=1e-12):  # equal up to rounding
                assert s == 0.0
            else:
                assert s == min(1.0, max(0.0, (x - y) / x))


@pytest.mark.parametrize("day", DAYS)
def test_alleged_ties_are_ties_held_only_by_alleged_relations(afpak, day):
    pol = militnet.TiePolicy(min_confidence="alleged")
    df = militnet.alleged_reliance(afpak, day, measures="degree", policy=pol)
    G = afpak.at(day, policy=pol)
    held: dict[frozenset, set[str]] = {}
    for u, v, d in G.edges(data=True):
        if u != v:
            held.setdefault(frozenset((u, v)), set()).add(d["confidence"])
    expect = {g: 0 for g in df.index}
    ties = {g: 0 for g in df.index}
    for pair, conf in held.items():
        for g in pair:
            ties[g] += 1
            expect[g] += conf == {"alleged"}
    assert df["alleged_ties"].to_dict() == expect
    assert df["ties"].to_dict() == ties
    assert df["alleged_ties"].sum() > 0 or day == "2010-06-01"


def test_default_policy_leaves_alleged_ties_out_so_nothing_rests_on_them(afpak):
    df = militnet.alleged_reliance(afpak, "2021-09-15")
    assert (df["alleged_ties"] == 0).all()
    assert (df.filter(like="_alleged_share") == 0).all().all()


def test_community_is_refused(afpak):
    with pytest.raises(militnet.MilitnetError, match="membership"):
        militnet.alleged_reliance(afpak, "2016-10-24", measures=["community"])


def test_hand_made_chain():
    from militnet import Group, Network, Relation, Source

    groups = [Group(g, g.upper(), sources="s") for g in "abcde"]
    rels = [
        Relation(f"r{i}", u, v, "alliance", start="2010", sources="s", confidence=c)
        for i, (u, v, c) in enumerate(
            [
                ("a", "b", "confirmed"),
                ("b", "c", "alleged"),
                ("c", "d", "reported"),
                ("b", "c", "reported"),
                ("d", "e", "alleged"),
            ]
        )
    ]
    net = Network(groups, rels, [Source("s", title="t")])
    pol = militnet.TiePolicy(min_confidence="alleged")
    df = militnet.alleged_reliance(net, "2012-01-01", measures=["degree"], policy=pol)
    # b–c is also held by a reported relation: not alleged; d–e is alleged only
    assert df["alleged_ties"].to_dict() == {"a": 0, "b": 0, "c": 0, "d": 1, "e": 1}
    assert df["degree_alleged_share"].to_dict() == {"a": 0, "b": 0, "c": 0, "d": 0.5, "e": 1.0}


def _metrics(capsys, *extra):
    assert main(["metrics", "afpak", "--at", "2021-09-15", "--format", "csv", *extra]) == 0
    return pd.read_csv(io.StringIO(capsys.readouterr().out), index_col="group")


def test_cli_metrics_says_what_rests_on_alleged_ties(capsys, afpak):
    df = _metrics(capsys, "--sort", "betweenness", "--min-confidence", "alleged")
    assert list(df.columns[-2:]) == ["alleged_ties", "betweenness_alleged_share"]
    pol = militnet.TiePolicy(min_confidence="alleged")
    ref = militnet.alleged_reliance(afpak, "2021-09-15", measures=["betweenness"], policy=pol)
    assert df["alleged_ties"].to_dict() == ref["alleged_ties"].to_dict()
    np.testing.assert_allclose(
        df["betweenness_alleged_share"].sort_index(),
        ref["betweenness_alleged_share"].sort_index(),
    )
    every = _metrics(capsys, "--min-confidence", "alleged")
    assert [c for c in every.columns if c.endswith("_alleged_share")] == [
        f"{m}_alleged_share" for m in ("degree", "betweenness", "eigenvector", "pagerank")
    ]
    for extra in ((), ("--min-confidence", "alleged", "--no-alleged-share")):
        plain = _metrics(capsys, *extra)
        assert "alleged_ties" not in plain.columns


def test_cli_metrics_says_when_alleged_ties_are_left_out(capsys):
    assert main(["metrics", "afpak", "--at", "2021-09-15"]) == 0
    err = capsys.readouterr().err
    assert "alleged" in err and "--min-confidence alleged" in err
