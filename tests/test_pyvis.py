"""pyvis draws militnet's graphs: ``from_nx`` on ``Network.at`` graphs, and
``Network.to_pyvis``, which draws the page's ties of a day and writes a page
that works offline (checked in headless Chromium with the network blocked)."""

from __future__ import annotations

import re
import shutil
import warnings
from pathlib import Path

import pytest

import militnet
from militnet import Group, Relation, Source

pyvis_network = pytest.importorskip("pyvis.network", reason="pyvis is not installed")

# every year's first day over afpak's history, and the days the issues name
DAYS = [f"{y}-01-01" for y in range(1990, 2026, 3)] + [
    "2014-08-26",
    "2016-10-24",
    "2020-08-17",
    "2021-09-15",
    "2025-01-01",
]


@pytest.fixture(scope="module")
def afpak() -> militnet.Network:
    return militnet.load_dataset("afpak")


@pytest.fixture(scope="module")
def hostile() -> militnet.Network:
    """Names, evidence and notes that would run script if they reached HTML."""
    bad = "<img src=x onerror=\"document.title='pwned'\">"
    groups = [
        Group("a", f"A {bad}</script><script>document.title='pwned'</script>", founded="2001"),
        Group("b", "B <a href='javascript:alert(1)'>href</a>", founded="2001"),
        Group("c", "C & {{ 7*7 }} {% raw %}", founded="2001", ended="2010"),
    ]
    relations = [
        Relation("r1", "a", "b", "alliance", start="2002", evidence=bad, sources="s"),
        Relation("r2", "b", "a", "pledge", start="2003", evidence="href=<b>x</b>", sources="s"),
        Relation("r3", "c", "b", "merger", start="2010", sources="s"),
    ]
    return militnet.Network(
        groups, relations, [Source("s", title=bad)], metadata={"name": f"n {bad}"}
    )


# -- from_nx ------------------------------------------------------------------------
def test_snapshot_attributes_collide_with_no_pyvis_or_networkx_argument(afpak):
    G = afpak.at("2016-10-24")
    keys = {k for *_, d in G.edges(data=True) for k in d} | {
        k for _, d in G.nodes(data=True) for k in d
    }
    # pyvis passes every attribute as a keyword next to its own (source, to,
    # directed, n_id, label, shape, color); networkx's readers and writers take
    # source, target, key, name, directed, multigraph
    own = {"directed", "source", "to", "n_id", "target", "key", "multigraph", "from"}
    assert not keys & own
    assert "directional" in keys


@pytest.mark.parametrize("day", DAYS)
def test_from_nx_works_on_every_sampled_day(afpak, day):
    G = afpak.at(day)
    pv = pyvis_network.Network(directed=True)  # directed: pyvis merges no parallel edge
    pv.from_nx(afpak.at(day))
    assert len(pv.edges) == G.number_of_edges()
    assert {n["id"] for n in pv.nodes} == set(G.nodes)
    assert {e["id"] for e in pv.edges} == {k for *_, k in G.edges(keys=True)}
    pyvis_network.Network().from_nx(afpak.at(day))  # the undirected one works too


def test_from_nx_works_on_every_month_of_the_history(afpak):
    """The first day of every month from 1985 to 2025 (492 snapshots), every type."""
    import pandas as pd

    every = militnet.TiePolicy.all_types(min_confidence="alleged")
    days = pd.date_range("1985-01-01", "2025-12-01", freq="MS")
    drawn = 0
    for day in days:
        G = afpak.at(day.date(), policy=every)
        pv = pyvis_network.Network(directed=True)
        pv.from_nx(G)
        assert len(pv.edges) == G.number_of_edges(), day
        pyvis_network.Network().from_nx(afpak.at(day.date(), policy=every))
        drawn += len(pv.edges)
    assert len(days) == 492 and drawn > 10_000


def test_the_old_attribute_name_still_reads_with_a_warning(afpak):
    G = afpak.at("2016-10-24")
    d = next(d for *_, d in G.edges(data=True) if d["type"] == "pledge")
    assert "directed" not in d
    with pytest.warns(DeprecationWarning, match=r"'directed'.*read 'directional'") as rec:
        assert d["directed"] is True
    assert rec[0].filename == __file__  # points at the caller's line
    with pytest.raises(KeyError):
        d["no such key"]


# -- to_pyvis ------------------------------------------------------------------------
@pytest.mark.parametrize("day", DAYS)
def test_to_pyvis_draws_the_snapshot_with_arrows_only_on_directed_types(afpak, day):
    G = afpak.at(day)
    pv = afpak.to_pyvis(day)
    assert {n["id"] for n in pv.nodes} == set(G.nodes)
    edges = {e["id"]: e for e in pv.edges}
    assert len(edges) == len(pv.edges) == G.number_of_edges()
    for u, v, k, d in G.edges(keys=True, data=True):
        e = edges[k]
        assert (e["from"], e["to"]) == (u, v)
        assert e["arrows"]["to"]["enabled"] is militnet.RELATION_TYPES[d["type"]].directed
        assert e["relation_type"] == d["type"]
    kinds = {e["relation_type"] for e in pv.edges}
    if {"alliance", "pledge"} <= kinds:  # both kinds survive: undirected ties are not dropped
        assert {e["arrows"]["to"]["enabled"] for e in pv.edges} == {True, False}


def test_to_pyvis_takes_colours_and_dashes_from_the_shared_style(afpak):
    from militnet._views.style import RELATION_STYLES, edge_rgba

    every = militnet.TiePolicy.all_types(min_confidence="alleged")
    pv = afpak.to_pyvis("2016-10-24", policy=every)
    for e in pv.edges:
        style = RELATION_STYLES[e["relation_type"]]
        assert e["dashes"] == ([2 * x for x in style.dash] if style.dash else False)
        assert e["color"]["color"].startswith(edge_rgba(e["relation_type"], "confirmed")[:-4])
    G = afpak.at("2016-10-24", policy=every)
    e = next(e for e in pv.edges if G.edges[e["from"], e["to"], e["id"]]["confidence"] == "alleged")
    assert e["color"]["color"] == edge_rgba(e["relation_type"], "alleged")


def test_to_pyvis_follows_the_policy(afpak):
    pol = militnet.TiePolicy(types="pledge")
    pv = afpak.to_pyvis("2016-10-24", policy=pol)
    assert {e["relation_type"] for e in pv.edges} == {"pledge"}
    assert len(pv.edges) == afpak.at("2016-10-24", policy=pol).number_of_edges()
    with pytest.raises(militnet.ArgumentError):
        afpak.to_pyvis("2016-10-24", color_by="no such column")


def _external(text: str) -> list[str]:
    """URLs the page would fetch: src/href attributes and CSS url() of http(s)."""
    return re.findall(r"""(?:src|href)\s*=\s*["']?\s*((?:https?:)?//[^"' >]+)""", text) + [
        u for u in re.findall(r"url\(\s*['\"]?([^)'\"]+)", text) if re.match(r"(https?:)?//", u)
    ]


def test_written_page_references_nothing_external(afpak, tmp_path):
    path = tmp_path / "p.html"
    afpak.to_pyvis("2016-10-24").write_html(str(path))
    text = path.read_text(encoding="utf-8")
    assert _external(text) == []
    assert "bootstrap" not in text.lower() and "cdnjs" not in text and "jsdelivr" not in text
    assert "new vis.Network" in text and "vis-network" not in re.findall(r"<script src", text)
    assert not (tmp_path / "lib").exists()  # nothing beside the page: all in line
    assert text.count("<h1>") == 1  # pyvis's template has the heading twice


def test_hostile_strings_are_escaped(hostile, tmp_path):
    pv = hostile.to_pyvis("2005-01-01")
    path = tmp_path / "h.html"
    pv.write_html(str(path))
    text = path.read_text(encoding="utf-8")
    assert "<img src=x" not in text and "</script><script>document" not in text
    assert "popup.innerHTML" not in text  # titles with 'href' do not switch pyvis to HTML
    assert "&lt;img src=x" in re.search(r"<h1>(.*?)</h1>", text, re.S).group(1)
    # titles are plain text; the heading is text too
    node = next(n for n in pv.nodes if n["id"] == "a")
    assert "<img src=x" in node["title"]  # kept as text, shown by vis-network as text


# -- in the browser ---------------------------------------------------------------------
CHROMIUM = shutil.which("chromium")


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    if CHROMIUM is None:
        pytest.skip("no chromium on PATH (apt-get install chromium)")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"],
        )
        yield b
        b.close()


def _open(browser, path: Path) -> tuple[object, list[str], list[str], list[str]]:
    page = browser.new_page(viewport={"width": 1280, "height": 1100})  # 750px drawing
    blocked: list[str] = []
    errors: list[str] = []
    dialogs: list[str] = []

    def route(r) -> None:
        if r.request.url.startswith(("file:", "data:", "about:")):
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(path.resolve().as_uri())
    page.wait_for_function("typeof network !== 'undefined' && network !== null")
    return page, blocked, errors, dialogs


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("day", ["2016-10-24", "2020-09-01"])
def test_page_renders_offline_in_chromium(afpak, browser, tmp_path, day):
    path = tmp_path / "p.html"
    afpak.to_pyvis(day).write_html(str(path))
    page, blocked, errors, _ = _open(browser, path)
    try:
        G = afpak.at(day)
        assert blocked == [] and errors == []
        assert page.evaluate("edges.length") == G.number_of_edges()
        assert page.evaluate("nodes.length") == G.number_of_nodes()
        assert sorted(page.evaluate("edges.getIds()")) == sorted(k for *_, k in G.edges(keys=True))
        # the canvas is drawn: some pixels are not white
        drawn = page.evaluate(
            """() => { const c = document.querySelector('#mynetwork canvas');
                 const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                 let n = 0; for (let i = 0; i < d.length; i += 4)
                   if (d[i + 3] > 0 && (d[i] < 250 || d[i + 1] < 250 || d[i + 2] < 250)) n++;
                 return n; }"""
        )
        assert drawn > 1000
    finally:
        page.close()


@pytest.mark.browser
@pytest.mark.slow
def test_hostile_page_runs_nothing_in_chromium(hostile, browser, tmp_path):
    path = tmp_path / "h.html"
    hostile.to_pyvis("2005-01-01").write_html(str(path))
    page, blocked, errors, dialogs = _open(browser, path)
    try:
        assert blocked == [] and dialogs == [] and errors == []
        assert page.evaluate("document.title") != "pwned"
        assert page.evaluate("document.querySelectorAll('img, a').length") == 0
        assert "<img src=x" in page.evaluate("document.querySelector('h1').textContent")
        # hover a node: the tooltip shows the name as text
        pos = page.evaluate(
            "(() => { const p = network.canvasToDOM(network.getPositions(['a'])['a']);"
            " return [p.x, p.y]; })()"
        )
        box = page.query_selector("#mynetwork").bounding_box()
        page.mouse.move(box["x"] + pos[0] - 5, box["y"] + pos[1] - 5)
        page.mouse.move(box["x"] + pos[0], box["y"] + pos[1], steps=5)
        page.wait_for_selector("div.vis-tooltip", state="visible", timeout=5000)
        tip = page.query_selector("div.vis-tooltip")
        assert "<img src=x" in tip.text_content()
        assert tip.query_selector("img") is None
        assert page.evaluate("document.title") != "pwned"
    finally:
        page.close()


def test_to_pyvis_needs_no_warning(afpak):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        afpak.to_pyvis("2016-10-24")
