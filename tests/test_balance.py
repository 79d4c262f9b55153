"""Structural balance on small signed graphs, checked by hand."""

from __future__ import annotations

import math

import pytest
from networks import make_net

import militnet
from militnet import TiePolicy


def tri(ab: str, bc: str, ac: str) -> militnet.Network:
    return make_net([("ab", "a", "b", ab), ("bc", "b", "c", bc), ("ac", "a", "c", ac)])


@pytest.mark.parametrize(
    ("types", "balanced", "pattern"),
    [
        (("alliance", "alliance", "alliance"), True, "+++"),
        (("alliance", "rivalry", "rivalry"), True, "+--"),
        (("alliance", "alliance", "rivalry"), False, "++-"),
        (("rivalry", "rivalry", "rivalry"), False, "---"),
        (("pledge", "rivalry", "rivalry"), True, "+--"),
    ],
)
def test_single_triangle(types, balanced, pattern):
    res = militnet.balance(tri(*types), at="2011-01-01")
    assert (res.balanced, res.unbalanced) == ((1, 0) if balanced else (0, 1))
    assert res.patterns[pattern] == 1
    assert res.share == (1.0 if balanced else 0.0)
    assert len(res.unbalanced_triads) == (0 if balanced else 1)


def test_unbalanced_triad_lists_its_ties():
    res = militnet.balance(tri("alliance", "alliance", "rivalry"), at="2011-01-01")
    row = res.unbalanced_triads.iloc[0].to_dict()
    assert row == {
        "a": "a",
        "b": "b",
        "c": "c",
        "pattern": "++-",
        "sign_ab": 1,
        "sign_bc": 1,
        "sign_ac": -1,
        "relations_ab": "ab",
        "relations_bc": "bc",
        "relations_ac": "ac",
    }


def test_k4_hand_counted():
    # a-b rivals, a-c and b-c allies, d the rival of everyone:
    # abc (-++) and abd (---) unbalanced; acd (+--) and bcd (+--) balanced
    net = make_net(
        [
            ("ab", "a", "b", "rivalry"),
            ("ac", "a", "c", "alliance"),
            ("bc", "b", "c", "alliance"),
            ("ad", "a", "d", "rivalry"),
            ("bd", "b", "d", "rivalry"),
            ("cd", "c", "d", "rivalry"),
        ]
    )
    res = militnet.balance(net, at="2011-01-01")
    assert (res.balanced, res.unbalanced, res.ambiguous) == (2, 2, 0)
    assert res.share == 0.5
    assert res.patterns == {"+++": 0, "+--": 2, "++-": 1, "---": 1}
    got = {(r.a, r.b, r.c, r.pattern) for r in res.unbalanced_triads.itertuples()}
    assert got == {("a", "b", "c", "++-"), ("a", "b", "d", "---")}


def test_mixed_pair_makes_the_triangle_ambiguous():
    net = make_net(
        [
            ("ab1", "a", "b", "alliance"),
            ("ab2", "a", "b", "rivalry"),
            ("bc", "b", "c", "alliance"),
            ("ac", "a", "c", "alliance"),
        ]
    )
    res = militnet.balance(net, at="2011-01-01")
    assert (res.balanced, res.unbalanced, res.ambiguous) == (0, 0, 1)
    assert math.isnan(res.share)


def test_majority_sign_and_confidence_filter():
    # two alliances and one rivalry between a and b: the pair is positive
    net = make_net(
        [
            ("ab1", "a", "b", "alliance"),
            ("ab2", "a", "b", "alliance"),
            ("ab3", "a", "b", "rivalry"),
            ("bc", "b", "c", "rivalry"),
            ("ac", "a", "c", "rivalry", "2010", "", "alleged"),
        ]
    )
    res = militnet.balance(
        net, at="2011-01-01", policy=TiePolicy.signed_ties(min_confidence="alleged")
    )
    assert res.patterns["+--"] == 1
    res = militnet.balance(net, at="2011-01-01")  # the default leaves the alleged tie out
    assert res.balanced + res.unbalanced + res.ambiguous == 0
    assert math.isnan(res.share)


def test_unsigned_policy_is_made_signed_and_recorded():
    res = militnet.balance(
        tri("alliance", "rivalry", "rivalry"), at="2011-01-01", policy=TiePolicy(signed=False)
    )
    assert res.balanced == 1
    assert res.provenance["policy"]["signed"] is True
    assert res.unbalanced_triads.attrs["provenance"] is res.provenance
    assert res.to_dict()["patterns"]["+--"] == 1


def test_lineage_relations_are_not_ties():
    net = make_net(
        [("ab", "a", "b", "rivalry"), ("bc", "b", "c", "rivalry"), ("ac", "a", "c", "split")]
    )
    assert militnet.balance(net, at="2011-01-01").unbalanced == 0


def test_afpak_balance_counts_are_consistent():
    net = militnet.load_dataset("afpak")
    res = militnet.balance(net, at="2016-01-01")
    assert sum(res.patterns.values()) == res.balanced + res.unbalanced
    assert len(res.unbalanced_triads) == res.unbalanced
    assert res.date == "2016-01-01"
