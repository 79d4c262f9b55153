"""The page's layout, labels, opening day and filtered view, on the Python side
(the browser side is in tests/test_html_labels.py)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pytest

import militnet
from militnet import Group, Relation
from militnet._views.html import (
    MAX_RELATIONS,
    _label_width,
    _step_days,
    build_data,
    busiest_day,
    layout,
    short_label,
)


@pytest.fixture(scope="module")
def afpak() -> militnet.Network:
    return militnet.load_dataset("afpak")


def test_short_labels_drop_parentheses_and_second_names_and_stay_short(afpak):
    assert short_label("Mullah Nazir group (South Waziristan, Ahmadzai Wazir)") == (
        "Mullah Nazir group"
    )
    assert short_label("East Turkistan Islamic Movement / Turkistan Islamic Party") == (
        "East Turkistan Islamic Movement"
    )
    assert short_label("Ansar-ul-Islam (Khyber)") == "Ansar-ul-Islam (Khyber)"  # short: kept
    assert short_label("  Haqqani\tNetwork ") == "Haqqani Network"
    assert short_label("x" * 80) == "x" * 35 + "…"
    for name in afpak.groups["name"]:
        label = short_label(name)
        assert 0 < len(label) <= 36
        assert label == name or label.endswith("…") or name.startswith(label)


def test_layout_boxes_of_every_group_and_label_are_clear_of_each_other(afpak):
    pos = layout(afpak, seed=0)
    assert pos == layout(afpak, seed=0)  # deterministic
    ids = [str(g) for g in afpak.groups.index]
    xy = np.array([pos[g] for g in ids])
    half_w = np.array([max(_label_width(short_label(n)), 30.0) / 2 for n in afpak.groups["name"]])
    half_h = 21.0
    overlapping = 0
    for i in range(len(ids)):
        for j in range(i + 1, len(ids)):
            if (
                abs(xy[i, 0] - xy[j, 0]) < half_w[i] + half_w[j]
                and abs(xy[i, 1] - xy[j, 1]) < 2 * half_h
            ):
                overlapping += 1
    assert overlapping == 0
    # the layout fills a canvas-sized frame rather than a small square
    span = xy.max(axis=0) - xy.min(axis=0)
    assert span[0] > 900 and span[1] > 700


def ties_on(net: militnet.Network, day: dt.date, policy: militnet.TiePolicy) -> int:
    """The header's tie count, from Network.at: pairs joined by a shown relation of
    the cooperative tie types."""
    G = net.at(day, policy=policy)
    tie_types = set(policy.cooperative().types)
    return len(
        {frozenset((a, b)) for a, b, d in G.edges(data=True) if d["type"] in tie_types and a != b}
    )


@pytest.mark.parametrize("step", ["year", "month"])
def test_the_page_opens_on_the_position_with_most_ties(afpak, step):
    policy = militnet.TiePolicy.all_types()
    data = build_data(afpak, seed=0, step=step)
    opening = dt.date.fromordinal(data["options"]["at"])
    lo, hi = (dt.date.fromordinal(o) for o in data["dense"])
    days = _step_days(lo, hi, step)
    if step == "month":
        days = [*days[::6], opening]  # a sample: Network.at is slow on 300 days
    counts = {d: ties_on(afpak, d, policy) for d in days}
    assert opening in days and counts[opening] == max(counts.values())
    if step == "year":  # the latest of the busiest positions
        assert opening == max(d for d, c in counts.items() if c == counts[opening])
        # docs/html.md states the day and its ties
        docs = Path(__file__).resolve().parent.parent / "docs" / "html.md"
        text = " ".join(docs.read_text(encoding="utf-8").split())
        assert f"that is {opening.isoformat()} ({counts[opening]} ties)" in text
        first, last = (dt.date.fromordinal(o).year for o in data["dense"])
        whole = dt.date.fromordinal(data["range"][0]).year
        assert f"afpak, {first}–{last} rather than from {whole}." in text
    assert data["dense"][0] <= data["options"]["at"] <= data["dense"][1]


def test_opening_day_follows_the_policy_and_the_caller():
    net = militnet.Network(
        groups=[Group(g, g.upper(), founded="2000") for g in "abcd"],
        relations=[
            Relation("r1", "a", "b", "alliance", start="2003", end="2008"),
            Relation("r2", "b", "c", "alliance", start="2005", end="2006"),
            Relation("r3", "c", "d", "rivalry", start="2010", end="2012"),
            Relation("r4", "a", "d", "alliance", start="2011", end="2012", confidence="alleged"),
            Relation("r5", "b", "d", "alliance", start="2011", end="2012", confidence="alleged"),
        ],
    )
    span = (dt.date(2000, 1, 1), dt.date(2014, 1, 1))
    # rivalries are not ties; the two alleged alliances of 2011 win when shown
    every = militnet.TiePolicy(min_confidence="alleged")
    assert busiest_day(net, every, span) == dt.date(2011, 1, 1)
    hide = militnet.TiePolicy(min_confidence="reported")
    assert busiest_day(net, hide, span) == dt.date(2005, 1, 1)
    assert busiest_day(net, militnet.TiePolicy(types=["pledge"]), span) is None
    assert build_data(net, at="2003-02-01")["options"]["at"] == dt.date(2003, 2, 1).toordinal()
    data = build_data(net, policy=hide)
    assert data["options"]["at"] == dt.date(2005, 1, 1).toordinal()
    data = build_data(net, policy=militnet.TiePolicy.all_types(min_confidence="alleged"))
    assert data["options"]["at"] == dt.date(2011, 1, 1).toordinal()
    # no tie on any day: the last position, as before
    lone = militnet.Network(groups=[Group("a", "A", founded="2001")])
    assert build_data(lone)["options"]["at"] == dt.date(2001, 1, 1).toordinal()


def synthetic(n_groups: int, n_relations: int) -> militnet.Network:
    from benchmarks.synth import make_tables

    g, r, s = make_tables(n_groups, n_relations, seed=3, clean=True)
    return militnet.Network(groups=g, relations=r, sources=s)


def test_a_network_over_max_relations_is_shown_filtered_and_says_so():
    net = synthetic(120, 900)
    data = build_data(net, seed=0, max_relations=300)
    kept = data["groups"]["id"]
    n_rel = len(data["relations"]["id"])
    assert 0 < n_rel <= 300 and len(kept) < 120
    # the kept groups are the top ones by relations over the dataset (ties by id)
    rel = net.relations
    total = {g: 0 for g in map(str, net.groups.index)}
    for a, b in zip(rel["source"], rel["target"], strict=True):
        total[a] += 1
        total[b] += 1
    order = sorted(total, key=lambda g: (-total[g], g))
    assert set(kept) == set(order[: len(kept)])
    # and the next group would have taken the page over max_relations
    nxt = set(order[: len(kept) + 1])
    inside = sum(1 for a, b in zip(rel["source"], rel["target"], strict=True) if {a, b} <= nxt)
    assert inside > 300
    assert set(data["relations"]["id"]) == {
        rid
        for rid, a, b in zip(rel.index, rel["source"], rel["target"], strict=True)
        if a in set(kept) and b in set(kept)
    }
    meta = data["meta"]
    assert meta["n_groups"] == 120 and meta["n_relations"] == 900
    assert meta["content_hash"] == net.content_hash
    assert meta["filter"].startswith(f"Filtered view: the {len(kept)} groups with the most")
    assert f"{n_rel} relations among them (of 900)" in meta["filter"]
    # by a centrality measure when the page is sized by one
    by_pr = build_data(net, seed=0, max_relations=300, size_by="pagerank")
    assert "the highest pagerank on" in by_pr["meta"]["filter"]
    # under the limit, or with max_relations=None: the whole network, no filter
    assert build_data(net, seed=0, max_relations=None)["meta"]["filter"] == ""
    assert len(build_data(net, seed=0, max_relations=900)["relations"]["id"]) == 900
    assert MAX_RELATIONS == 20_000


def test_filtering_keeps_the_events_of_the_groups_kept():
    from benchmarks.synth import make_events, make_tables

    g, r, s = make_tables(60, 400, seed=1, clean=True)
    ev, ea, r = make_events((g, r, s), 300, seed=1)
    net = militnet.Network(groups=g, relations=r, sources=s, events=ev, event_actors=ea)
    data = build_data(net, seed=0, max_relations=120)
    kept = set(data["groups"]["id"])
    events = data["events"]
    assert 0 < len(events["id"]) < 300
    for actors in events["actors"]:
        assert any(a[0] >= 0 for a in actors)  # every event keeps one of its groups
    assert len(events["rel"]) == len(data["relations"]["id"])  # per relation shown
    assert kept and kept < set(map(str, net.groups.index))


@pytest.mark.parametrize("bad", [0, -5, 2.5, "many"])
def test_bad_max_relations_is_refused(bad):
    net = militnet.Network(groups=[Group("a", "A")])
    with pytest.raises(militnet.MilitnetError, match="max_relations"):
        build_data(net, max_relations=bad)
