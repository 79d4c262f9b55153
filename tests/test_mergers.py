"""Mergers show on their day in every output.

A merger starts on the day its absorbed group ends (afpak records all of them
so), so no day has both its groups alive. Displays show a merger for its
lineage window, twelve months from its start, with the absorbed group as a
node marked ``alive=False``; measures never count it (docs/concepts.md,
"Mergers"). Checked on every merger of afpak, on its day, in ``Network.at``,
GraphML, node-link JSON, CSV, static and dynamic GEXF, the figure and the page.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil

import networkx as nx
import pandas as pd
import pytest
from lxml import etree

import militnet
from militnet._core.dates import DATE_POLICIES, PartialDate
from militnet._engine.snapshot import MERGER_WINDOW_MONTHS

NS = {"g": "http://gexf.net/1.3"}


@pytest.fixture(scope="module")
def afpak() -> militnet.Network:
    return militnet.load_dataset("afpak")


def _mergers(net: militnet.Network) -> list[tuple[str, str, str, dt.date]]:
    """(id, source, target, its day under the default date policy)."""
    m = net.relations[net.relations["type"] == "merger"]
    return [
        (str(rid), r["source"], r["target"], PartialDate.parse(r["start"]).first_day())
        for rid, r in m.iterrows()
    ]


def _months_after(day: dt.date, months: int) -> dt.date:
    m = day.month - 1 + months
    return day.replace(year=day.year + m // 12, month=m % 12 + 1)


def test_afpak_has_mergers_whose_source_ends_on_their_day(afpak):
    """The case the window exists for: without it no snapshot would show any."""
    ms = _mergers(afpak)
    assert ms
    idx = afpak.time_index
    pos = {g: i for i, g in enumerate(idx.group_ids)}
    for _, src, _, day in ms:
        assert dt.date.fromordinal(int(idx.e_first[pos[src]])) <= day  # ended by then


@pytest.mark.parametrize("policy", list(DATE_POLICIES))
def test_every_merger_is_in_the_snapshot_of_its_day(afpak, policy):
    side = DATE_POLICIES[policy][0]
    m = afpak.relations[afpak.relations["type"] == "merger"]
    for rid, r in m.iterrows():
        day = PartialDate.parse(r["start"]).side(side)
        G = afpak.at(day, policy=militnet.TiePolicy.all_types(date_policy=policy))
        assert G.has_edge(r["source"], r["target"], key=rid), (rid, day)
        if policy != "lenient":  # lenient keeps a group ended "2016" until 2016-12-31
            assert G.nodes[r["source"]]["alive"] is False  # absorbed: ended on the day
        last = _months_after(day, MERGER_WINDOW_MONTHS) - dt.timedelta(days=1)
        pol = militnet.TiePolicy.all_types(date_policy=policy)
        assert afpak.at(last, policy=pol).has_edge(r["source"], r["target"], key=rid)
        after = afpak.at(last + dt.timedelta(days=1), policy=pol)
        assert not after.has_edge(r["source"], r["target"], key=rid)


def test_the_window_follows_the_policy_filters(afpak):
    rid, src, tgt, day = next(m for m in _mergers(afpak) if m[0] == "r065")
    assert not afpak.at(day, policy=militnet.TiePolicy()).has_edge(src, tgt, key=rid)
    assert src not in afpak.at(day, policy=militnet.TiePolicy())  # no merger type, no ghost
    reported = afpak.relations.loc["r059"]  # a merger of confidence "reported"
    d = PartialDate.parse(reported["start"]).first_day()
    confirmed = militnet.TiePolicy.all_types(min_confidence="confirmed")
    assert not afpak.at(d, policy=confirmed).has_edge(reported["source"], reported["target"])


def test_measures_do_not_count_the_window(afpak):
    """Centrality, ties and brokerage see the groups alive on the day only."""
    lineage = militnet.TiePolicy(types=["alliance", "pledge", "merger"])
    for rid, src, tgt, day in _mergers(afpak):
        c = militnet.centrality(afpak, day, policy=lineage)
        assert src not in c.index
        base = militnet.centrality(afpak, day, policy=militnet.TiePolicy())
        if tgt in c.index:
            assert c.loc[tgt, "degree"] == base.loc[tgt, "degree"], rid
        T = afpak.ties(day, policy=lineage)
        assert src not in T
        assert not any(rid in d["relations"] for *_, d in T.edges(data=True))
        b = militnet.brokerage(afpak, day, policy=lineage)
        assert src not in b.index


def test_graphml_json_csv_and_static_gexf_show_every_merger_on_its_day(afpak, tmp_path):
    for rid, src, tgt, day in _mergers(afpak):
        g = nx.read_graphml(
            militnet.to_graphml(afpak, tmp_path / f"{rid}.graphml", at=day), force_multigraph=True
        )
        assert (src, tgt, rid) in set(g.edges(keys=True))
        assert g.nodes[src]["alive"] is False
        data = json.loads(
            militnet.to_json(afpak, tmp_path / f"{rid}.json", at=day).read_text("utf-8")
        )
        assert any(e["key"] == rid for e in data["edges"])
        assert next(n for n in data["nodes"] if n["id"] == src)["alive"] is False
        nodes, edges = militnet.to_csv(afpak, tmp_path / rid, at=day)
        e = pd.read_csv(edges, dtype=str, keep_default_na=False).set_index("id")
        assert (e.loc[rid, "source"], e.loc[rid, "target"]) == (src, tgt)
        n = pd.read_csv(nodes, dtype=str, keep_default_na=False).set_index("id")
        assert n.loc[src, "alive"] == "false"
        doc = etree.parse(str(militnet.to_gexf(afpak, tmp_path / f"{rid}.gexf", at=day)))
        assert rid in {el.get("id") for el in doc.getroot().iterfind(".//g:edge", NS)}
        node = next(el for el in doc.getroot().iterfind(".//g:node", NS) if el.get("id") == src)
        vals = {a.get("for"): a.get("value") for a in node.iterfind("g:attvalues/g:attvalue", NS)}
        assert vals["alive"] == "false"


def _present(el) -> list[tuple[str, str]]:
    own = [(el.get("start", "0000"), el.get("end", "9999"))]
    spells = [(s.get("start", "0000"), s.get("end", "9999")) for s in el.iterfind(".//g:spell", NS)]
    return spells or own


@pytest.mark.parametrize(
    "day",
    ["2012-01-01", "2014-08-01", "2016-08-01", "2016-10-24", "2020-08-17", "2021-06-01"],
)
def test_dynamic_gexf_replays_the_snapshots_mergers_included(afpak, tmp_path, day):
    """Reading the intervals half-open (and hiding the edges of absent nodes, as
    Gephi does) gives exactly the snapshot, on merger days as on others."""
    doc = etree.parse(str(militnet.to_gexf(afpak, tmp_path / "d.gexf")))
    root = doc.getroot()

    def on(el) -> bool:
        return any(a <= day < b for a, b in _present(el))

    nodes = {el.get("id") for el in root.iterfind(".//g:node", NS) if on(el)}
    edges = {
        el.get("id")
        for el in root.iterfind(".//g:edge", NS)
        if on(el) and {el.get("source"), el.get("target")} <= nodes
    }
    G = afpak.at(day)
    assert nodes == set(G.nodes)
    assert edges == {k for *_, k in G.edges(keys=True)}


def test_every_merger_is_drawn_in_the_figure(afpak):
    pytest.importorskip("matplotlib")
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    import militnet.plot

    for rid, _, _, day in _mergers(afpak):
        ax = militnet.plot.network(afpak, at=day, legend=False)
        gids = {a.get_gid() for a in ax.get_children() if a.get_gid()}
        assert f"relation-{rid}" in gids, rid
        plt.close(ax.figure)


@pytest.mark.browser
@pytest.mark.slow
def test_every_merger_is_shown_by_the_page(afpak, tmp_path):
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    chromium = shutil.which("chromium")
    if chromium is None:
        pytest.skip("no chromium on PATH")
    path = afpak.to_html(tmp_path / "p.html", seed=0)
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium, args=["--headless", "--no-sandbox"])
        try:
            page = b.new_page(viewport={"width": 1280, "height": 800})
            page.route(
                "**/*",
                lambda r: (
                    r.continue_()
                    if r.request.url.startswith(("file:", "data:", "about:"))
                    else r.abort()
                ),
            )
            page.goto(path.resolve().as_uri())
            page.wait_for_selector("html[data-mn-ready]", state="attached")
            for rid, src, tgt, day in _mergers(afpak):
                page.evaluate("d => window.militnet.setDate(d)", day.isoformat())
                v = page.evaluate("window.militnet.visible()")
                G = afpak.at(day)
                assert rid in v["edges"] and {src, tgt} <= set(v["nodes"]), rid
                assert sorted(v["edges"]) == sorted(k for *_, k in G.edges(keys=True))
                assert sorted(v["nodes"]) == sorted(G.nodes)
            # the absorbed group is drawn faded while the merger's window lasts
            page.evaluate("d => window.militnet.setDate(d)", "2020-09-01")
            v = page.evaluate("window.militnet.visible()")
            assert {"jua", "hizb-ul-ahrar"} <= set(v["nodes"])
        finally:
            b.close()
