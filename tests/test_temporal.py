"""Time-respecting paths, reachability, temporal betweenness and community
lifecycles (issue 24): hand-made networks whose answers are known by hand, and
a day-by-day brute force on small random networks."""

from __future__ import annotations

import datetime as dt
import heapq
import itertools
import random

import numpy as np
import pandas as pd
import pytest

import militnet
from militnet import Group, Network, Relation, Source, TiePolicy
from militnet._engine.journeys import active_intervals
from militnet._engine.snapshot import select


def net_of(rels, groups="abcd", founded="2000", **group_kw):
    return Network(
        [Group(g, g.upper(), founded=founded, sources="s", **group_kw) for g in groups],
        [
            Relation(
                f"r{i}",
                *r[:3],
                start=r[3],
                end=r[4] if len(r) > 4 else "",
                last_attested=r[5] if len(r) > 5 else "",
                sources="s",
            )
            for i, r in enumerate(rels)
        ],
        sources=[Source("s", title="A report")],
    )


def arrival(net, source, target, **kw):
    df = militnet.temporal_paths(net, source, target, **kw)
    return None if df.empty else df["arrival"].iloc[0].date().isoformat()


# -- order in time ---------------------------------------------------------------


def test_a_chain_in_time_order_reaches():
    net = net_of([("a", "b", "alliance", "2010", "2012"), ("b", "c", "alliance", "2014")])
    df = militnet.temporal_paths(net, "a", "c", policy=TiePolicy(stale_after=None))
    row = df.iloc[0]
    assert (row["path"], row["hops"], row["days"]) == ("a;b;c", 2, "2010-01-01;2014-01-01")
    assert row["relations"] == "r0;r1"
    assert row["arrival"] == pd.Timestamp("2014-01-01")


def test_a_chain_out_of_time_order_does_not():
    net = net_of([("b", "c", "alliance", "2008", "2009"), ("a", "b", "alliance", "2010")])
    df = militnet.temporal_paths(net, "a", "c")
    assert df.empty
    reason = df.attrs["reason"]
    assert "no time-respecting path from a to c" in reason
    assert "b–c (r0, active 2008-01-01 to 2009-01-01) ended before b was reached" in reason
    # the other way round it does: c reaches b in 2008, then a in 2010
    assert arrival(net, "c", "a") == "2010-01-01"


def test_reachability_is_not_symmetric():
    net = net_of([("a", "b", "alliance", "2010", "2012"), ("b", "c", "alliance", "2014", "2016")])
    r = militnet.reachability(net, "2005-01-01", "2020-01-01")
    pairs = set(zip(r["source"], r["target"], strict=True))
    assert ("a", "c") in pairs and ("c", "a") not in pairs
    assert r.attrs["summary"].loc["b", "reaches"] == 2


@pytest.mark.parametrize(
    ("start", "expected"),
    [("2011-12-31", "2011-12-31"), ("2012-01-01", None)],
)
def test_ends_exclusive(start, expected):
    # a–b is active on 2011-12-31, not on 2012-01-01 (its end)
    net = net_of([("a", "b", "alliance", "2010-01-01", "2012-01-01")])
    assert arrival(net, "a", "b", start=start) == expected


@pytest.mark.parametrize(
    ("end", "expected"),
    [("2012-03-01", None), ("2012-03-02", "2012-03-01")],
)
def test_onsets_inclusive(end, expected):
    # b–c starts on 2012-03-01: counted from that day; the window's end is exclusive too
    net = net_of([("a", "b", "alliance", "2010-01-01"), ("b", "c", "alliance", "2012-03-01")])
    assert arrival(net, "a", "c", end=end) == expected


def test_same_day_hops_and_window():
    net = net_of([("a", "b", "alliance", "2010-05-01"), ("b", "c", "alliance", "2010-05-01")])
    df = militnet.temporal_paths(net, "a", "c")
    assert (df["hops"].iloc[0], arrival(net, "a", "c")) == (2, "2010-05-01")
    # the window: setting off later arrives later; ending before the onset, never
    assert arrival(net, "a", "c", start="2012-03-04") == "2012-03-04"
    assert arrival(net, "a", "c", end="2010-05-01") is None
    assert arrival(net, "a", "c", end="2010-05-02") == "2010-05-01"


def test_lapsing_follows_the_policy():
    # a reaches c in 2015-06; the c–b tie of 2010 lapses on 2015-01-01 (5 years)
    rels = [("c", "b", "alliance", "2010"), ("a", "c", "alliance", "2015-06")]
    net = net_of(rels)
    assert arrival(net, "a", "b") is None
    assert arrival(net, "a", "b", policy=TiePolicy(stale_after=None)) == "2015-06-01"
    attested = net_of([("c", "b", "alliance", "2010", "", "2013"), rels[1]])
    assert arrival(attested, "a", "b") == "2015-06-01"  # attested 2013: lapses 2018
    assert arrival(attested, "a", "b", policy=TiePolicy(stale_after="2y")) is None


@pytest.mark.parametrize(
    ("date_policy", "expected"),
    [("earliest", None), ("latest", None), ("strict", None), ("lenient", "2012-06-01")],
)
def test_partial_dates_follow_the_date_policy(date_policy, expected):
    # a reaches b when a–b starts ("2012-06"); c–b ends "2012-06"
    net = net_of(
        [("a", "b", "alliance", "2012-06", "2013"), ("c", "b", "alliance", "2010", "2012-06")]
    )
    assert arrival(net, "a", "c", policy=TiePolicy(date_policy=date_policy)) == expected


def test_groups_must_be_alive():
    # b ended in 2011: the b–c tie of 2014 never counts
    net = Network(
        [
            Group("a", "A", founded="2000"),
            Group("b", "B", founded="2000", ended="2011"),
            Group("c", "C", founded="2000"),
        ],
        [
            Relation("r0", "a", "b", "alliance", start="2010"),
            Relation("r1", "b", "c", "alliance", start="2014"),
        ],
    )
    assert arrival(net, "a", "c", policy=TiePolicy(stale_after=None)) is None


def test_directed_pledges():
    net = net_of([("b", "a", "pledge", "2010"), ("b", "c", "pledge", "2011")])
    assert arrival(net, "a", "c") == "2011-01-01"  # both ways by default
    assert arrival(net, "a", "c", directed=True) is None
    assert arrival(net, "b", "c", directed=True) == "2011-01-01"


def test_policy_types_and_confidence():
    net = net_of([("a", "b", "rivalry", "2010"), ("b", "c", "alliance", "2011")])
    assert arrival(net, "a", "c") is None
    assert arrival(net, "a", "c", policy=TiePolicy.all_types()) == "2011-01-01"


def test_fewest_hops_among_the_earliest():
    # a reaches d on 2012 either via b (2 hops) or via b, c (3 hops)
    net = net_of(
        [
            ("a", "b", "alliance", "2010"),
            ("b", "c", "alliance", "2011"),
            ("c", "d", "alliance", "2012"),
            ("b", "d", "alliance", "2012"),
        ]
    )
    df = militnet.temporal_paths(net, "a", "d")
    assert (df["path"].iloc[0], df["hops"].iloc[0]) == ("a;b;d", 2)


def test_parallel_relations_are_listed():
    net = net_of(
        [
            ("a", "b", "alliance", "2010"),
            ("a", "b", "pledge", "2009"),
            ("b", "c", "alliance", "2011"),
        ]
    )
    df = militnet.temporal_paths(net, "a", "c")
    assert df["relations"].iloc[0] == "r1;r2"
    net2 = net_of([("a", "b", "alliance", "2010"), ("a", "b", "pledge", "2010")])
    assert militnet.temporal_paths(net2, "a", "b")["relations"].iloc[0] == "r0+r1"


def test_journey_explains_each_hop():
    net = net_of([("a", "b", "alliance", "2010", "2012"), ("c", "b", "pledge", "2014")])
    j = militnet.journey(net, "A", "C", policy=TiePolicy(stale_after=None))
    assert j["relation"].tolist() == ["r0", "r1"]
    assert j["recorded"].tolist() == ["a alliance b", "c pledge b"]
    assert j["active_from"].tolist() == ["2010-01-01", "2014-01-01"]
    assert j["active_until"].tolist() == ["2012-01-01", ""]
    assert j["source_titles"].tolist() == ["A report", "A report"]
    assert j.attrs["arrival"] == "2014-01-01"
    assert j.attrs["provenance"]["function"] == "militnet.journey"
    none = militnet.journey(net, "c", "a")
    assert none.empty and "no time-respecting path from c to a" in none.attrs["reason"]


def test_max_wait():
    # b is reached on 2010-01-01 (a–b lasts one day); b–c starts 59 days later
    net = net_of(
        [("a", "b", "alliance", "2010-01-01", "2010-01-02"), ("b", "c", "alliance", "2010-03-01")]
    )
    assert arrival(net, "a", "c", max_wait=59) == "2010-03-01"
    assert arrival(net, "a", "c", max_wait=58) is None
    # reaching b later helps: a–b stays active, so a passes it on later
    net2 = net_of(
        [("a", "b", "alliance", "2010-01-01"), ("b", "c", "alliance", "2012-01-01", "2012-02-01")]
    )
    df = militnet.temporal_paths(net2, "a", "c", max_wait=10)
    assert df["days"].iloc[0] == "2011-12-22;2012-01-01"
    with pytest.raises(militnet.ArgumentError):
        militnet.temporal_paths(net, "a", max_wait=-1)


def test_provenance_and_arguments():
    net = net_of([("a", "b", "alliance", "2010")])
    df = militnet.temporal_paths(net, "a", start="2009-01-01", end="2011-01-01")
    p = df.attrs["provenance"]
    assert p["function"] == "militnet.temporal_paths"
    assert p["parameters"]["start"] == "2009-01-01" and p["policy"]["types"] == [
        "alliance",
        "pledge",
    ]
    with pytest.raises(militnet.ArgumentError):
        militnet.temporal_paths(net, "a", start="2011-01-01", end="2010-01-01")
    with pytest.raises(militnet.UnknownGroupError):
        militnet.temporal_paths(net, "zz")
    with pytest.raises(militnet.ArgumentError):
        militnet.temporal_betweenness(net, None, "2011-01-01")


# -- temporal betweenness by hand ----------------------------------------------------


def test_betweenness_by_hand():
    # a–b, then b–c and b–d: b on a->c, a->d; c->a... only before a–b ends
    net = net_of(
        [
            ("a", "b", "alliance", "2010", "2016"),
            ("b", "c", "alliance", "2012"),
            ("b", "d", "alliance", "2013"),
            ("c", "d", "alliance", "2013"),
        ]
    )
    tb = militnet.temporal_betweenness(net, "2011-01-01", "2015-01-01")
    # pairs through b: a->c, a->d (d: via b on 2013, 2 hops: a;b;d), c->a, d->a,
    # and c->d? c–d is direct (1 hop) on 2013: not through b
    assert tb.loc["b", "betweenness"] == pytest.approx(4.0)
    assert tb.loc["c", "betweenness"] == 0.0
    assert tb["share"].between(0, 1).all()


def test_betweenness_splits_equal_journeys():
    # a reaches d on 2012 through b or through c, two hops each: half each
    net = net_of(
        [
            ("a", "b", "alliance", "2010"),
            ("a", "c", "alliance", "2010"),
            ("b", "d", "alliance", "2012"),
            ("c", "d", "alliance", "2012"),
        ]
    )
    tb = militnet.temporal_betweenness(net, "2011-01-01", "2013-01-01")
    # a->d: b and c 1/2 each; d->a: the same; b->c and c->b: through a (2011) only,
    # d is reached in 2012 (later): so a gets 2
    assert tb.loc["b", "betweenness"] == pytest.approx(1.0)
    assert tb.loc["c", "betweenness"] == pytest.approx(1.0)
    assert tb.loc["a", "betweenness"] == pytest.approx(2.0)


# -- against a day-by-day brute force ---------------------------------------------------


def _random_net(seed: int) -> Network:
    rng = random.Random(seed)
    gs = "abcdef"
    groups = []
    for g in gs:
        founded = rng.choice(["2000", "2001-06", "2002-03-15", ""])
        ended = rng.choice(["", "", "", "2004-07", "2005"])
        groups.append(Group(g, g.upper(), founded=founded or "2000", ended=ended))
    rels = []
    for i in range(rng.randint(6, 12)):
        u, v = rng.sample(gs, 2)
        y = rng.randint(2000, 2004)
        start = rng.choice(
            [
                f"{y}",
                f"{y}-{rng.randint(1, 12):02d}",
                f"{y}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                "",
            ]
        )
        end = rng.choice(
            [
                "",
                "",
                f"{y + rng.randint(1, 2)}",
                f"{y + 1}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            ]
        )
        attested = rng.choice(["", f"{y + 1}"]) if not end else ""
        rels.append(
            Relation(
                f"r{i}",
                u,
                v,
                rng.choice(["alliance", "alliance", "pledge", "rivalry"]),
                start=start,
                end=end,
                last_attested=attested,
                confidence=rng.choice(["confirmed", "reported", "alleged"]),
            )
        )
    return Network(groups, rels)


def _brute(net, pol, w0, w1, directed):
    """Per source: {target: (arrival ordinal, hops)} and, per day, the active
    arcs, straight from the snapshot masks, day by day."""
    idx = net.time_index
    n = len(idx.group_ids)
    directed_types = {
        i for i, t in enumerate(militnet.RELATION_TYPES) if militnet.RELATION_TYPES[t].directed
    }
    days = {}
    for t in range(w0, w1):
        _, _, active = select(idx, dt.date.fromordinal(t), pol)
        arcs = set()
        for j in np.flatnonzero(active).tolist():
            u, v = int(idx.src[j]), int(idx.tgt[j])
            if u == v:
                continue
            arcs.add((u, v))
            if not (directed and int(idx.type[j]) in directed_types):
                arcs.add((v, u))
        days[t] = arcs
    out = {}
    for s in range(n):
        lab = {s: (w0, 0)}
        for t in range(w0, w1):
            adj: dict[int, list[int]] = {}
            for u, v in days[t]:
                adj.setdefault(u, []).append(v)
            heap = [(h, u) for u, (_, h) in lab.items()]
            heapq.heapify(heap)
            best = {u: h for u, (_, h) in lab.items()}
            while heap:
                h, u = heapq.heappop(heap)
                if best.get(u) != h:
                    continue
                for v in adj.get(u, ()):
                    if v in lab:  # reached earlier: its label is final
                        continue
                    if v not in best or h + 1 < best[v]:
                        best[v] = h + 1
                        heapq.heappush(heap, (h + 1, v))
            for v, h in best.items():
                if v not in lab:
                    lab[v] = (t, h)
        out[s] = lab
    return out, days


def _brute_betweenness(net, lab, days, w0, w1):
    n = len(net.time_index.group_ids)
    union = {u: set() for u in range(n)}
    for arcs in days.values():
        for u, v in arcs:
            union[u].add(v)

    def step(u, v, a):  # the first day >= a on which u -> v is usable
        return next((t for t in range(a, w1) if (u, v) in days[t]), None)

    bc = np.zeros(n)
    for s in range(n):
        sigma: dict[int, int] = {}
        through: dict[tuple[int, int], int] = {}

        def walk(path, a, s=s, sigma=sigma, through=through):
            u = path[-1]
            for v in union[u]:
                if v in path or v not in lab[s]:
                    continue
                t = step(u, v, a)
                if t is None or (t, len(path)) != lab[s][v]:
                    continue
                sigma[v] = sigma.get(v, 0) + 1
                for w in path[1:]:
                    through[(v, w)] = through.get((v, w), 0) + 1
                walk([*path, v], t, s, sigma, through)

        walk([s], w0)
        for (t, w), c in through.items():
            bc[w] += c / sigma[t]
    return bc


@pytest.mark.parametrize("seed", range(12))
def test_against_brute_force(seed):
    net = _random_net(seed)
    rng = random.Random(seed)
    pol = rng.choice(
        [
            TiePolicy(),
            TiePolicy(stale_after="18m"),
            TiePolicy(date_policy="lenient"),
            TiePolicy(min_confidence="reported", undated="exclude"),
            TiePolicy(date_policy="strict", stale_after=None),
            TiePolicy.all_types(),
        ]
    )
    directed = seed % 3 == 0
    start, end = dt.date(2000, 1, 1), dt.date(2006, 7, 1)
    w0, w1 = start.toordinal(), end.toordinal()
    lab, days = _brute(net, pol, w0, w1, directed)
    ids = net.time_index.group_ids
    # the intervals are the snapshots' days
    lo, hi, ok = active_intervals(net.time_index, pol)
    for t in range(w0, w1, 37):
        _, _, active = select(net.time_index, dt.date.fromordinal(t), pol)
        assert np.array_equal(active, ok & (lo <= t) & (t < hi))
    r = militnet.reachability(net, start, end, policy=pol, directed=directed)
    got = {
        (s, t): (a.date().toordinal(), h)
        for s, t, a, h in zip(r["source"], r["target"], r["arrival"], r["hops"], strict=True)
    }
    want = {
        (ids[s], ids[v]): lab_v for s, labs in lab.items() for v, lab_v in labs.items() if v != s
    }
    assert got == want
    # the paths agree with the labels, hop by hop, on the days the ties were active
    for s in ids[:3]:
        df = militnet.temporal_paths(net, s, start=start, end=end, policy=pol, directed=directed)
        for row in df.itertuples():
            path = row.path.split(";")
            hop_days = [dt.date.fromisoformat(d).toordinal() for d in row.days.split(";")]
            assert len(path) - 1 == row.hops == len(hop_days)
            assert hop_days == sorted(hop_days)
            for (u, v), t in zip(itertools.pairwise(path), hop_days, strict=True):
                assert (ids.index(u), ids.index(v)) in days[t]
        # unbounded waiting gives the same arrivals
        w = militnet.temporal_paths(
            net, s, start=start, end=end, policy=pol, directed=directed, max_wait=10**6
        )
        assert dict(zip(w["target"], w["arrival"], strict=True)) == dict(
            zip(df["target"], df["arrival"], strict=True)
        )
    tb = militnet.temporal_betweenness(net, start, end, policy=pol, directed=directed)
    ref = _brute_betweenness(net, lab, days, w0, w1)
    assert tb["betweenness"].to_numpy() == pytest.approx(ref)
    tc = militnet.temporal_closeness(net, start, end, policy=pol, directed=directed, unit=30)
    want_out, want_in = _brute_closeness(lab, days, len(ids), w0, 30)
    assert tc["closeness"].to_numpy() == pytest.approx(want_out)
    assert tc["in_closeness"].to_numpy() == pytest.approx(want_in)


def _brute_closeness(lab, days, n, w0, per):
    """Harmonic temporal closeness from the day-by-day labels: 1/(1 + latency)
    summed over the groups reached, over N - 1 (N: groups with a tie on some day)."""
    active = {u for arcs in days.values() for e in arcs for u in e}
    norm = max(len(active) - 1, 1)
    out, inn = np.zeros(n), np.zeros(n)
    for s, labs in lab.items():
        for v, (t, _) in labs.items():
            if v != s:
                out[s] += 1 / (1 + (t - w0) / per) / norm
                inn[v] += 1 / (1 + (t - w0) / per) / norm
    return out, inn


def test_closeness_by_hand_and_arguments():
    # a–b 2010, b–c from 2012: a reaches b at once, c two years on; c reaches b, then a
    net = net_of(
        [("a", "b", "alliance", "2010-01-01"), ("b", "c", "alliance", "2012-01-01")],
        groups="abcd",
    )
    tc = militnet.temporal_closeness(net, "2010-01-01", "2014-01-01", unit=365)
    assert tc.attrs["groups_counted"] == 3  # d has no tie: not counted, closeness 0
    assert tc.loc["a", "closeness"] == pytest.approx((1 + 1 / (1 + 730 / 365)) / 2)
    assert tc.loc["d", ["closeness", "in_closeness", "reaches"]].tolist() == [0.0, 0.0, 0]
    assert tc.loc["c", "reaches"] == 2 and tc.loc["c", "mean_latency"] == pytest.approx(730 / 365)
    assert "temporal_closeness" in tc.attrs["provenance"]["function"]
    with pytest.raises(militnet.ArgumentError, match="window"):
        militnet.temporal_closeness(net, None, "2014-01-01")
    with pytest.raises(militnet.ArgumentError, match="unit"):
        militnet.temporal_closeness(net, "2010-01-01", "2014-01-01", unit="fortnight")
    with pytest.raises(militnet.ArgumentError, match="unit"):
        militnet.temporal_closeness(net, "2010-01-01", "2014-01-01", unit=0)


# -- community lifecycles ------------------------------------------------------------


def test_lifecycle_events_and_members():
    pairs = [
        ("a", "b", "2010", "2013"),
        ("b", "c", "2010", "2013"),
        ("a", "c", "2010", "2013"),
        ("d", "e", "2012", ""),
        ("e", "f", "2012", ""),
        ("d", "f", "2012", ""),
    ]
    net = Network(
        [Group(g, g.upper(), founded="2000") for g in "abcdef"],
        [
            Relation(f"r{i}", u, v, "alliance", start=s, end=e, last_attested="" if e else "2014")
            for i, (u, v, s, e) in enumerate(pairs)
        ],
    )
    lc = militnet.community_lifecycle(net, "2011-01-01", "2014-01-01")
    assert lc["event"].tolist() == ["continue", "birth", "death", "continue", "continue"]
    death = lc.iloc[2]
    assert death["members_before"] == "a;b;c" and death["members_after"] == ""
    assert death["left"] == "a;b;c" and death["joined"] == ""
    assert death["summary"] == "The community around a dissolved (a, b, c)."
    assert lc.iloc[1]["summary"] == "A community of 3 was born around d: d, e, f."
    assert set(lc["event"]) <= set(militnet._algorithms.lifecycle.LIFECYCLE_EVENTS.values())


def test_lifecycle_matches_community_evolution_on_afpak():
    net = militnet.load_dataset("afpak")
    lc = militnet.community_lifecycle(net, "2007-01-01", "2023-01-01")
    ev = militnet.community_evolution(net, [f"{y}-01-01" for y in range(2007, 2024)])
    assert len(lc) == len(ev)
    # no singleton is a community
    for cell in lc["members_before"].tolist() + lc["members_after"].tolist():
        for members in filter(None, cell.split("|")):
            assert len(members.split(";")) >= 2
