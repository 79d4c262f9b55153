"""The fast snapshot engine equals the plain networkx construction.

``Network.at`` fills networkx's internal dicts directly (``_node``, ``_succ`` =
``_adj``, ``_pred``) and parses dates with numpy. These tests compare both
with a reference built the ordinary way, on synthetic data with every
precision of partial date, undated relations, parallel and re-forming ties.
"""

from __future__ import annotations

import calendar
import copy
import datetime as _dt

import networkx as nx
import numpy as np
import pytest

import militnet
from benchmarks.synth import make_tables
from militnet._core.dates import PartialDate
from militnet._core.model import RELATION_TYPES, split_list
from militnet._core.policy import check_stale_after
from militnet._engine.snapshot import NEG, POS, _sides, _sides_slow

GROUP_LISTS = ("aliases", "sources", "country")


@pytest.fixture(scope="module")
def synth() -> militnet.Network:
    g, r, s = make_tables(120, 900, seed=3, undated=0.1)
    # attest a third of the open-ended relations, at every precision, 1-12 years on
    rng = np.random.default_rng(7)
    att = []
    for start, end in zip(r["start"], r["end"], strict=True):
        if end or rng.random() < 0.66:
            att.append("")
            continue
        year = (int(start[:4]) if start else 1990) + int(rng.integers(1, 13))
        att.append(str(year) + ["", "-03", "-11-30"][int(rng.integers(0, 3))])
    r = r.assign(last_attested=att)
    return militnet.Network(groups=g, relations=r, sources=s)


def _lapse_day(ref: PartialDate, side: str, months: int) -> _dt.date:
    """``ref``'s ``side`` plus ``months`` calendar months, by plain date arithmetic."""
    d = ref.side(side)
    m = d.month - 1 + months
    y, m = d.year + m // 12, m % 12 + 1
    return _dt.date(y, m, min(d.day, calendar.monthrange(y, m)[1]))


def reference(net: militnet.Network, day: str, **opts: str) -> nx.MultiDiGraph:
    """The snapshot built with add_nodes_from / add_edges_from from the frames,
    with the day test done by PartialDate (no index, no numpy)."""
    from militnet._core.dates import DATE_POLICIES, as_day
    from militnet._core.policy import confidence_rank

    t = as_day(day)
    policy = opts.get("date_policy", "earliest")
    s_side, e_side = DATE_POLICIES[policy]
    default = militnet.TiePolicy.all_types().min_confidence
    min_rank = confidence_rank(opts.get("min_confidence", default))
    undated = opts.get("undated", "include")
    months = check_stale_after(opts.get("stale_after", "5y"))

    events = net.events

    def attestation(attested: str, cited: str) -> str:
        """The later of last_attested and the latest cited event (its end, if any)."""
        best = attested
        for eid in split_list(cited):
            row = events.loc[eid]
            day = row["end"] or row["date"]
            if day and (
                not best or PartialDate.parse(day).last_day() > PartialDate.parse(best).last_day()
            ):
                best = day
        return best

    def lapsed(start: str, end: str, attested: str) -> bool:
        ref = PartialDate.parse(attested) or PartialDate.parse(start)
        if months is None or PartialDate.parse(end) or not ref:
            return False
        return _lapse_day(ref, e_side, months) <= t

    def within(start: str, end: str, s_unknown_ok: bool = True) -> bool:
        ps, pe = PartialDate.parse(start), PartialDate.parse(end)
        if ps and ps.side(s_side) > t:
            return False
        if not ps and not s_unknown_ok:
            return False
        return not (pe and pe.side(e_side) <= t)

    groups = net.frame("groups").reset_index()
    rels = net.frame("relations").reset_index()
    G = nx.MultiDiGraph()
    alive = set()
    for rec in groups.to_dict("records"):
        if within(rec["founded"], rec["ended"]):
            gid = rec.pop("id")
            alive.add(gid)
            G.add_node(
                gid,
                **{k: list(split_list(v)) if k in GROUP_LISTS else v for k, v in rec.items()},
                alive=True,
            )
    for rec in rels.to_dict("records"):
        if (
            rec["source"] in alive
            and rec["target"] in alive
            and confidence_rank(rec["confidence"]) >= min_rank
            and within(rec["start"], rec["end"], undated == "include")
            and not lapsed(
                rec["start"],
                rec["end"],
                attestation(rec.get("last_attested", ""), rec.get("events", "")),
            )
        ):
            rt = RELATION_TYPES[rec["type"]]
            attrs = {"id": rec["id"]}
            for k, v in rec.items():
                if k in ("id", "source", "target"):
                    continue
                attrs[k] = list(split_list(v)) if k in ("sources", "events") else v
                if k == "type":
                    attrs.update(directional=rt.directed, sign=rt.sign, kind=rt.kind)
            G.add_edge(rec["source"], rec["target"], key=rec["id"], **attrs)
    # a merger stays shown for twelve months from its start (its lineage window),
    # with its groups, alive or not (docs/concepts.md, "Mergers")
    by_id = {rec["id"]: rec for rec in groups.to_dict("records")}
    for rec in rels.to_dict("records"):
        ps = PartialDate.parse(rec["start"])
        if (
            rec["type"] != "merger"
            or not ps
            or G.has_edge(rec["source"], rec["target"], key=rec["id"])
            or confidence_rank(rec["confidence"]) < min_rank
            or not ps.side(s_side) <= t < _lapse_day(ps, s_side, 12)
        ):
            continue
        for gid in (rec["source"], rec["target"]):
            if gid not in G:
                g = {k: v for k, v in by_id[gid].items() if k != "id"}
                G.add_node(
                    gid,
                    **{k: list(split_list(v)) if k in GROUP_LISTS else v for k, v in g.items()},
                    alive=False,
                )
        rt = RELATION_TYPES[rec["type"]]
        attrs = {"id": rec["id"]}
        for k, v in rec.items():
            if k in ("id", "source", "target"):
                continue
            attrs[k] = list(split_list(v)) if k in ("sources", "events") else v
            if k == "type":
                attrs.update(directional=rt.directed, sign=rt.sign, kind=rt.kind)
        G.add_edge(rec["source"], rec["target"], key=rec["id"], **attrs)
    return G


def same_graph(a: nx.MultiDiGraph, b: nx.MultiDiGraph) -> None:
    assert dict(a.nodes(data=True)) == dict(b.nodes(data=True))
    ea = sorted((u, v, k, tuple(d.items())) for u, v, k, d in a.edges(keys=True, data=True))
    eb = sorted((u, v, k, tuple(d.items())) for u, v, k, d in b.edges(keys=True, data=True))
    assert ea == eb
    for g in (a, b):
        assert set(g._adj) == set(g._pred) == set(g._node)
        assert g._adj is g._succ
        for u, nbrs in g._succ.items():
            for v, keydict in nbrs.items():
                assert g._pred[v][u] is keydict  # one dict shared, as networkx keeps it
        assert sum(len(kd) for nb in g._pred.values() for kd in nb.values()) == g.number_of_edges()


@pytest.mark.parametrize(
    "day", ["1985-06-01", "2000-01-01", "2010-01-01", "2016-07-15", "2025-01-01"]
)
@pytest.mark.parametrize(
    "opts",
    [
        {},
        {"date_policy": "latest"},
        {"date_policy": "strict", "undated": "exclude"},
        {"date_policy": "lenient", "min_confidence": "reported"},
        {"stale_after": None},
        {"stale_after": "18m", "date_policy": "latest"},
        {"stale_after": 3, "date_policy": "strict"},
    ],
)
def test_fast_graph_equals_plain_construction(synth, day, opts):
    G = synth.at(day, policy=militnet.TiePolicy.all_types(**opts))
    same_graph(G, reference(synth, day, **opts))
    assert G.number_of_edges() > 0 or day == "1985-06-01"


def test_fast_graph_on_the_bundled_dataset():
    net = militnet.load_dataset("afpak")
    for day in ("2008-01-01", "2016-10-24", "2022-01-01"):
        same_graph(net.at(day), reference(net, day))


def test_views_degree_and_algorithms_work(synth):
    G = synth.at("2016-07-15")
    R = reference(synth, "2016-07-15")
    for v in list(G)[:30]:
        assert dict(G.adj[v]) == dict(R.adj[v])
        assert dict(G.succ[v]) == dict(R.succ[v])
        assert dict(G.pred[v]) == dict(R.pred[v])
        assert G.in_degree(v) == R.in_degree(v) and G.out_degree(v) == R.out_degree(v)
    assert sorted(G.edges(keys=True)) == sorted(R.edges(keys=True))
    assert nx.to_undirected(G).number_of_edges() == nx.to_undirected(R).number_of_edges()
    assert nx.pagerank(G) == pytest.approx(nx.pagerank(R))


def test_graph_is_the_callers_to_modify(synth):
    G = synth.at("2016-07-15")
    u, v, k, d = next(iter(G.edges(keys=True, data=True)))
    node = next(iter(G))
    before_edge = copy.deepcopy(d)
    before_node = copy.deepcopy(G.nodes[node])
    d["confidence"] = "changed"
    d["sources"].append("mine")
    G.nodes[node]["name"] = "changed"
    G.nodes[node]["aliases"].append("mine")
    G.graph["date"] = "changed"
    H = synth.at("2016-07-15")
    assert H.edges[u, v, k] == before_edge
    assert H.nodes[node] == before_node
    assert H.graph["date"] == "2016-07-15"


def test_structural_changes_copy_and_freeze(synth):
    G = synth.at("2016-07-15")
    n0, m0 = G.number_of_nodes(), G.number_of_edges()
    u, v, k = next(iter(G.edges(keys=True)))
    C = G.copy()
    same_graph(C, G)
    G.remove_edge(u, v, key=k)
    assert not G.has_edge(u, v, key=k) and C.has_edge(u, v, key=k)
    assert G.number_of_edges() == m0 - 1
    hub = max(G.degree, key=lambda x: x[1])[0]
    gone = sum(1 for a, b, kk in C.edges(keys=True) if hub in (a, b) and (a, b, kk) != (u, v, k))
    G.remove_node(hub)
    assert hub not in G and hub not in G.pred and all(hub not in nb for nb in G.adj.values())
    assert G.number_of_nodes() == n0 - 1
    assert G.number_of_edges() == m0 - 1 - gone
    G.add_edge("x", "y", key="new", type="alliance")
    assert G.has_edge("x", "y", key="new") and "x" in G.pred["y"]
    # the next snapshot is untouched by all this
    same_graph(synth.at("2016-07-15"), C)
    F = nx.freeze(synth.at("2016-07-15"))
    assert nx.is_frozen(F)
    with pytest.raises(nx.NetworkXError):
        F.add_edge("a", "b")
    sub = C.subgraph(list(C)[:20]).copy()
    assert set(sub) == set(list(C)[:20])


@pytest.mark.parametrize(
    "values",
    [
        ["", "2014", "2014-02", "2014-02-28", "2016-02", "2000", "1999-12-31", "", "2014"],
        [],
        ["", ""],
        ["0001", "9999-12", "2024-02"],
    ],
)
@pytest.mark.parametrize("unknown", [NEG, POS])
def test_vectorised_date_parsing_equals_partial_date(values, unknown):
    fast = _sides(values, unknown)
    slow = _sides_slow(values, unknown)
    for a, b in zip(fast, slow, strict=True):
        assert a.dtype == b.dtype and np.array_equal(a, b)


@pytest.mark.parametrize("bad", ["2014-02-30", "24/10/2016", "NaT", "0000"])
def test_malformed_dates_fall_back_to_partial_date_errors(bad):
    with pytest.raises(militnet.DateError):
        _sides(["2014", bad], NEG)
    assert _sides([None, "2014"], NEG)[2].tolist() == [False, True]
