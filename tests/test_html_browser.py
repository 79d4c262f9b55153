"""The HTML page in a real headless Chromium (Debian's ``chromium`` driven by
Playwright): offline loading, parity with Network.at, details, search, and a
hostile dataset that must execute nothing."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

import militnet
from militnet._core.names import normalize

# the whole file drives headless Chromium (about 10 s): slow as well as browser
pytestmark = [pytest.mark.browser, pytest.mark.slow]

sync_api = pytest.importorskip(
    "playwright.sync_api", reason="playwright is not installed (pip install playwright)"
)
CHROMIUM = shutil.which("chromium")
if CHROMIUM is None:  # pragma: no cover - depends on the machine
    pytest.skip("no chromium on PATH (apt-get install chromium)", allow_module_level=True)

ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


class Page:
    """A page with every request other than file:, data: and about: aborted, and a
    record of console messages, page errors, blocked requests and dialogs."""

    def __init__(self, browser, *, bypass_csp: bool = False) -> None:
        self.page = browser.new_page(viewport={"width": 1280, "height": 800}, bypass_csp=bypass_csp)
        self.console: list[tuple[str, str]] = []
        self.blocked: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("console", lambda m: self.console.append((m.type, m.text)))
        self.page.on("pageerror", lambda e: self.console.append(("pageerror", str(e))))
        self.page.on("dialog", self._dialog)
        self.page.route("**/*", self._route)

    def _dialog(self, d) -> None:
        self.dialogs.append(d.message)
        d.dismiss()

    def _route(self, route) -> None:
        url = route.request.url
        if url.startswith(("file:", "data:", "about:")):
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort()

    def open(self, path: Path, fragment: str = "") -> Page:
        self.page.goto(path.resolve().as_uri() + fragment)
        # (no wait_for_function: it evaluates strings, which the page's CSP forbids)
        self.page.wait_for_selector("html[data-mn-ready]", state="attached")
        return self

    def js(self, code: str, arg=None):
        return self.page.evaluate(code, arg)

    def errors(self) -> list[tuple[str, str]]:
        return [m for m in self.console if m[0] in ("error", "pageerror", "warning")]

    def close(self) -> None:
        self.page.close()


def expected(net: militnet.Network, date: str, **options) -> dict:
    G = net.at(date, policy=militnet.TiePolicy.all_types(**options))
    return {
        "date": date,
        "nodes": sorted(G.nodes),
        "edges": sorted(k for _, _, k in G.edges(keys=True)),
    }


def shown(page: Page) -> dict:
    v = page.js("window.militnet.visible()")
    return {"date": v["date"], "nodes": sorted(v["nodes"]), "edges": sorted(v["edges"])}


@pytest.fixture(scope="module")
def afpak() -> militnet.Network:
    return militnet.load_dataset("afpak")


@pytest.fixture(scope="module")
def afpak_page(browser, afpak, tmp_path_factory):
    path = afpak.to_html(tmp_path_factory.mktemp("html") / "afpak.html", seed=0)
    page = Page(browser).open(path)
    yield page
    page.close()


def test_loads_offline_without_console_errors(afpak_page):
    assert afpak_page.errors() == []
    assert afpak_page.blocked == []
    assert afpak_page.dialogs == []
    assert afpak_page.js("document.getElementById('mn-title').textContent") == (
        militnet.load_dataset("afpak").metadata.get("title")
    )


def test_slider_positions_show_what_network_at_returns(afpak_page, afpak):
    page = afpak_page
    steps = page.js("window.militnet.steps()")
    assert steps[0] <= "2007-12-01" and steps[-1] >= "2023-01-01"
    checked = 0
    for year in (2007, 2010, 2014, 2015, 2016, 2019, 2021, 2023):
        k = steps.index(f"{year}-01-01")
        page.page.fill("#mn-slider", str(k))  # sets the value and fires input
        assert page.js("document.getElementById('mn-date').textContent") == f"{year}-01-01"
        assert shown(page) == expected(afpak, f"{year}-01-01")
        checked += len(shown(page)["edges"])
    assert checked > 50
    page.page.click("#mn-next")  # one step on from the last position checked
    assert page.js("window.militnet.date()") == steps[steps.index("2023-01-01") + 1]
    assert shown(page) == expected(afpak, page.js("window.militnet.date()"))


def test_filters_in_the_page_match_network_at_options(afpak_page, afpak):
    page = afpak_page
    opening = page.js("document.getElementById('mn-confidence').value")
    page.page.uncheck("input[data-type=rivalry]")
    page.page.uncheck("input[data-type=merger]")
    page.page.select_option("#mn-confidence", "reported")
    page.page.select_option("#mn-policy", "strict")
    page.page.uncheck("#mn-undated")
    try:
        for date in ("2014-09-01", "2015-02-01", "2016-10-24", "2021-08-15"):
            assert page.js("(d) => window.militnet.setDate(d)", date) == date
            assert shown(page) == expected(
                afpak,
                date,
                types=("alliance", "pledge", "split"),
                min_confidence="reported",
                date_policy="strict",
                undated="exclude",
            )
    finally:
        page.page.check("input[data-type=rivalry]")
        page.page.check("input[data-type=merger]")
        page.page.select_option("#mn-confidence", opening)
        page.page.select_option("#mn-policy", "earliest")
        page.page.check("#mn-undated")
    assert shown(page) == expected(afpak, "2021-08-15")


def test_clicking_a_group_and_a_tie_shows_details_and_sources(afpak_page, afpak):
    page = afpak_page
    page.js("window.militnet.setDate('2016-01-01')")
    pos = page.js("window.militnet.domPosition('ttp')")
    page.page.mouse.click(pos["x"], pos["y"])
    details = page.page.inner_text("#mn-details-body")
    assert afpak.group("ttp").name in details
    assert "precision" in details
    # open a tie from the group's list: its dates, confidence, evidence and sources
    page.page.click("#mn-details-body li button.mn-link")
    details = page.page.inner_text("#mn-details-body")
    assert "confidence" in details and "Sources" in details
    links = page.js("""Array.from(document.querySelectorAll('#mn-details-body a'))
        .map(a => [a.getAttribute('href'), a.getAttribute('rel'), a.getAttribute('target')])""")
    assert links, "the tie's sources should be links"
    assert all(
        h.startswith(("http://", "https://")) and r == "noopener noreferrer" for h, r, _ in links
    )
    assert page.errors() == []


def test_search_finds_a_group_by_any_alias_and_reports_ambiguity(afpak_page, afpak):
    page = afpak_page
    assert page.js("window.militnet.search('Tehreek-e-Taliban Pakistan')") == {
        "exact": True,
        "ids": ["ttp"],
    }
    ambiguous = page.js("window.militnet.search('Jundallah')")
    assert ambiguous["exact"] and len(ambiguous["ids"]) == 2
    page.page.fill("#mn-search", "ISIS-K")
    page.page.press("#mn-search", "Enter")
    assert afpak.group("ISIS-K").name in page.page.inner_text("#mn-details-body")
    samples = [
        "Tehrik-i-Taliban  Pakistan",
        "the Ḥaqqānī Network",
        "Lashkar-e-Jhangvi",
        "Jaish & Co",
        "Jamaat’ul Ahrar",
        "IS-K",
        "Jamāʿat-ul-Aḥrār",
        "Qaʾida",
    ]
    assert page.js("(xs) => xs.map(window.militnet.normalize)", samples) == [
        normalize(s) for s in samples
    ]


def test_synthetic_day_steps_with_undated_relations(browser, tmp_path):
    from networks import synthetic_network

    net = synthetic_network(40, 250, seed=5, undated=0.2)  # small: the page steps day by day
    page = Page(browser).open(net.to_html(tmp_path / "synth.html", step="day", seed=1))
    try:
        lo, hi = page.js("window.militnet.steps()")[:: len(page.js("window.militnet.steps()")) - 1]
        span = (dt.date.fromisoformat(hi) - dt.date.fromisoformat(lo)).days
        for k in range(1, 12):
            date = (dt.date.fromisoformat(lo) + dt.timedelta(days=span * k // 12)).isoformat()
            page.js("(d) => window.militnet.setDate(d)", date)
            assert shown(page) == expected(net, date)
        assert page.errors() == []
    finally:
        page.close()


@pytest.mark.parametrize("bypass_csp", [False, True], ids=["with-csp", "without-csp"])
def test_hostile_dataset_executes_nothing(browser, tmp_path, bypass_csp):
    """With the page's Content-Security-Policy, and without it (so that the page's own
    DOM code is shown to be safe, not just fenced in)."""
    from test_html import hostile_network

    net = hostile_network()
    path = net.to_html(tmp_path / "hostile.html", at="2006-01-01", seed=0)
    text = path.read_text(encoding="utf-8")
    # The validator refuses non-http source URLs; plant them in the JSON directly to
    # check that the page refuses them too.
    for good, bad in (
        ("https://example.org/hostile?q=\\u003cscript\\u003e", "javascript:window.__pwned=1"),
        ("http://example.org/two", " JaVaScRiPt:window.__pwned=2"),
    ):
        assert good in text
        text = text.replace(good, bad)
    path.write_text(text, encoding="utf-8")
    page = Page(browser, bypass_csp=bypass_csp)
    try:
        page.open(path)
        m = "window.militnet"
        for gid in ("g1", "g2", "g3"):
            assert page.js(f"{m}.select('node', '{gid}')")
        for rid in ("r1", "r2", "r3"):
            assert page.js(f"{m}.select('edge', '{rid}')")
            page.page.click("#mn-details-body h3 button.mn-link")  # follow to a group
        page.page.fill("#mn-search", "onerror")
        page.page.press("#mn-search", "Enter")
        page.page.fill("#mn-search", "Alpha")
        page.page.press("#mn-search", "Enter")
        pos = page.js(f"{m}.domPosition('g1')")
        page.page.mouse.move(pos["x"], pos["y"])
        page.page.mouse.click(pos["x"], pos["y"])
        details = page.page.inner_text("#mn-details-body")
        assert "<script>window.__pwned=1</script>" in details  # shown as text
        assert page.js("typeof window.__pwned") == "undefined"
        assert page.dialogs == []
        assert page.blocked == []
        assert (
            page.js(
                "document.querySelectorAll('#mn-side script, #mn-side img, #mn-side iframe').length"
            )
            == 0
        )
        hrefs = page.js(
            "Array.from(document.querySelectorAll('[href]')).map(a => a.getAttribute('href'))"
        )
        assert all(h.startswith(("http://", "https://")) for h in hrefs)
        assert page.js(
            "['javascript:alert(1)', ' JaVaScRiPt:x', 'data:text/html,x', "
            "'vbscript:x', 'https://ok.example/a'].map(window.militnet.safeHref)"
        ) == [None, None, None, None, "https://ok.example/a"]
        assert page.js("document.title") == "Title </script><script>window.__pwned=1</script>"
        assert [e for e in page.errors() if "Content Security Policy" not in e[1]] == []
    finally:
        page.close()


def test_notebook_iframe_srcdoc_runs_the_page(browser, afpak):
    page = Page(browser)
    try:
        page.page.set_content("<!DOCTYPE html><body>" + afpak.to_html()._repr_html_())
        frame = page.page.frame_locator("iframe")
        frame.locator("#mn-slider").wait_for()
        inner = page.page.frames[1]
        inner.wait_for_selector("html[data-mn-ready]", state="attached")
        got = inner.evaluate("window.militnet.visible()")
        assert sorted(got["nodes"]) == expected(afpak, got["date"])["nodes"]
        assert page.blocked == []
    finally:
        page.close()


@pytest.fixture(scope="module")
def lapsing(browser, tmp_path_factory):
    """A fixture network whose ties lapse at known days, as a page."""
    from militnet import Group, Relation

    net = militnet.Network(
        groups=[Group(g, g.upper(), founded="2000") for g in ("a", "b", "c", "d")],
        relations=[
            Relation("r1", "a", "b", "alliance", start="2005", last_attested="2012-06"),
            Relation("r2", "b", "c", "pledge", start="2014-03"),
            Relation("r3", "c", "d", "alliance", start="2006", end="2019"),
            Relation("r4", "a", "d", "rivalry", start="2008"),
        ],
        metadata={"name": "lapsing", "title": "Lapsing fixture"},
    )
    path = net.to_html(tmp_path_factory.mktemp("lapse") / "lapsing.html", step="month", seed=0)
    return net, path


def test_lapse_menu_hides_exactly_the_lapsed_ties(browser, lapsing):
    net, path = lapsing
    page = Page(browser).open(path)
    try:
        assert page.js("document.getElementById('mn-stale').value") == "5y"
        for stale in ("never", "3y", "5y", "10y"):
            page.page.select_option("#mn-stale", stale)
            for date in ("2010-01-01", "2016-01-01", "2017-07-01", "2018-01-01", "2021-01-01"):
                page.js("(d) => window.militnet.setDate(d)", date)
                assert shown(page) == expected(
                    net, date, stale_after=None if stale == "never" else stale
                ), (stale, date)
        # ties kept although unattested for more than five years are marked
        page.page.select_option("#mn-stale", "never")
        page.js("window.militnet.setDate('2018-01-01')")
        assert page.js("window.militnet.stale()") == ["r1", "r4"]  # r3 has an end
        page.page.select_option("#mn-stale", "5y")
        page.js("window.militnet.setDate('2018-01-01')")
        assert page.js("window.militnet.stale()") == []
        # the details of a tie say when it was last attested and when it lapses
        page.js("window.militnet.select('edge', 'r1')")
        details = page.page.inner_text("#mn-details-body")
        assert "last attested" in details and "2012-06" in details
        assert "2017-06-01" in details  # TimeIndex.lapse_day, embedded by Python
        assert page.errors() == []
    finally:
        page.close()


def test_header_counts_relations_and_ties_apart(browser, lapsing):
    net, path = lapsing
    page = Page(browser).open(path)
    try:
        page.page.select_option("#mn-stale", "never")
        page.js("window.militnet.setDate('2016-01-01')")
        counts = page.js("window.militnet.counts()")
        G = net.at("2016-01-01", policy=militnet.TiePolicy.all_types(stale_after=None))
        assert counts["relations"] == G.number_of_edges()
        ties = net.ties("2016-01-01", policy=militnet.TiePolicy(stale_after=None))
        assert counts["ties"] == ties.number_of_edges()
        text = page.page.inner_text("#mn-count")
        assert f"{counts['relations']} relations shown" in text
        assert f"{counts['ties']} ties" in text
    finally:
        page.close()


def test_url_fragment_opens_on_the_day_and_filters_and_follows_the_view(browser, lapsing):
    net, path = lapsing
    page = Page(browser).open(path, "#2016-10-24&stale=never&types=alliance,pledge")
    try:
        assert page.js("window.militnet.date()") == "2016-10-24"
        assert page.js("document.getElementById('mn-stale').value") == "never"
        assert shown(page) == expected(
            net, "2016-10-24", stale_after=None, types=("alliance", "pledge")
        )
        page.js("window.militnet.setDate('2018-03-01')")
        page.page.select_option("#mn-stale", "3y")
        assert page.js("location.hash") == "#2018-03-01&stale=3y&types=alliance,pledge"
        assert page.errors() == []
    finally:
        page.close()


# -- slider span, exports, search framing ---------------------------------------------
@pytest.fixture(scope="module")
def outlier(tmp_path_factory):
    """Thirty relations in 2010–2016 and one in 1970: the slider opens on the dense years.
    Names are hostile, to check the SVG export escapes them."""
    from militnet import Group, Relation

    names = ['Alpha <b>&amp; "Co"</b>', "Beta's <script>x</script>", "Gamma ]]> &", "Delta"]
    groups = [Group(g, n, founded="1960") for g, n in zip("abcd", names, strict=True)]
    rels = [
        Relation(
            f"r{i}",
            "abcd"[i % 4],
            "abcd"[(i + 1) % 4],
            "alliance",
            start=f"{2010 + i // 6}-{1 + i % 6:02d}-{1 + i:02d}",
            end="2016",
        )
        for i in range(30)
    ]
    rels.append(Relation("old", "a", "c", "alliance", start="1970", end="1971"))
    net = militnet.Network(groups=groups, relations=rels)
    return net, net.to_html(tmp_path_factory.mktemp("html") / "outlier.html", seed=0)


def test_slider_opens_on_the_dense_years_and_the_whole_span_is_one_click(browser, outlier):
    net, path = outlier
    page = Page(browser).open(path)
    try:
        steps = page.js("window.militnet.steps()")
        assert steps[0] >= "2010-01-01" and steps[-1] <= "2018-01-01"
        assert not page.page.is_checked("#mn-span")
        page.page.check("#mn-span")
        whole = page.js("window.militnet.steps()")
        assert whole[0] <= "1970-01-01" and "1970-01-01" in whole and len(whole) > len(steps)
        k = whole.index("1970-01-01")
        page.page.fill("#mn-slider", str(k))
        assert shown(page) == expected(net, "1970-01-01")
        page.page.uncheck("#mn-span")  # back to the dense years, on their first step
        assert page.js("window.militnet.steps()") == steps
        assert page.js("window.militnet.date()") == steps[0]
        assert page.errors() == []
    finally:
        page.close()
    # a link to a day outside the dense years widens the slider
    page = Page(browser).open(path, "#1970-06-01")
    try:
        assert page.js("window.militnet.date()") == "1970-06-01"
        assert page.page.is_checked("#mn-span")
        assert shown(page) == expected(net, "1970-06-01")
    finally:
        page.close()


def test_exports_png_and_an_escaped_svg_of_the_view(browser, outlier):
    import xml.etree.ElementTree as ET

    net, path = outlier
    page = Page(browser).open(path)
    try:
        page.js("window.militnet.setDate('2012-06-01')")
        with page.page.expect_download() as info:
            page.page.click("#mn-export-png")
        png = Path(info.value.path()).read_bytes()
        assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 2000
        assert info.value.suggested_filename.endswith("2012-06-01.png")
        with page.page.expect_download() as info:
            page.page.click("#mn-export-svg")
        svg = Path(info.value.path()).read_text(encoding="utf-8")
        assert info.value.suggested_filename.endswith("2012-06-01.svg")
        root = ET.fromstring(svg)  # parses: every label escaped
        ns = "{http://www.w3.org/2000/svg}"
        G = net.at("2012-06-01")
        groups = {g.get("id"): g for g in root.iter(f"{ns}g")}
        labels = {t.get("data-group"): t.text for t in groups["labels"].iter(f"{ns}text")}
        drawn = {b["id"]: b["text"] for b in page.js("window.militnet.labels()")["boxes"]}
        assert labels == drawn and set(labels) <= set(G.nodes)  # the labels as on screen
        assert len(labels) + page.js("window.militnet.labels()")["hidden"] == len(G.nodes)
        names = {c.get("data-group"): c.find(f"{ns}title").text for c in root.iter(f"{ns}circle")}
        assert names == {g: G.nodes[g]["name"] for g in G}  # full names as tooltips
        footer = [t.text for t in groups["footer"].iter(f"{ns}text")]
        assert "2012-06-01" in footer[0] and "4 groups" in footer[0]
        assert footer[1] == " · ".join(page.js("window.militnet.filters()"))
        assert "relation types: all" in footer[1] and "ties lapse: after 5y" in footer[1]
        assert {ln.get("data-relation") for ln in root.iter(f"{ns}line")} == {
            k for *_, k in G.edges(keys=True)
        }
        assert "<script>" not in svg and "&lt;script&gt;" in svg
        assert svg == page.js("window.militnet.exportSvg()")
        assert page.errors() == []
    finally:
        page.close()


def test_search_frames_the_found_group_and_its_neighbours(afpak_page, afpak):
    page = afpak_page
    page.js("window.militnet.setDate('2016-10-24')")
    G = afpak.at("2016-10-24")
    for query, gid in (("TTP", "ttp"), ("Jaish al-Adl", afpak.resolve("Jaish al-Adl"))):
        page.page.fill("#mn-search", query)
        page.page.press("#mn-search", "Enter")
        box = page.js("window.militnet.viewport()")
        framed = [gid, *set(G.predecessors(gid)) | set(G.successors(gid))]
        for g in framed:
            p = page.js("(id) => window.militnet.domPosition(id)", g)
            assert box["left"] < p["x"] < box["right"] and box["top"] < p["y"] < box["bottom"], g
        assert page.js("window.militnet.scale()") <= 1.2


def test_a_groups_family_can_be_highlighted(afpak_page, afpak):
    """The details of a group list its family through splits and mergers (the same
    groups as Network.lineage) and highlight those alive on the day."""
    page = afpak_page
    page.js("window.militnet.setDate('2016-10-24')")
    page.page.fill("#mn-search", "TTP")
    page.page.press("#mn-search", "Enter")
    details = page.page.inner_text("#mn-details-body")
    family = set(afpak.lineage("TTP").groups)
    assert f"Family through splits and mergers ({len(family)})" in details
    page.page.get_by_text("Highlight the family on the map").click()
    alive = set(page.js("window.militnet.visible()")["nodes"])
    assert set(page.js("window.militnet.selected()")) == family & alive
    assert page.errors() == []


def test_groups_are_drawn_at_their_degree_on_the_day_as_the_slider_moves(afpak_page, afpak):
    """Sizes by degree are set on the drawn groups directly (not through the data
    set): after steps forwards and back, groups appearing and leaving, every
    drawn group is as large as its number of shown relations says."""
    page = afpak_page
    rel = afpak.relations
    steps = page.js("window.militnet.steps()")
    for year in (2014, 2021, 2008, 2016, 2015, 2023):
        page.page.fill("#mn-slider", str(steps.index(f"{year}-01-01")))
        degree = dict.fromkeys(shown(page)["nodes"], 0)
        for rid in shown(page)["edges"]:
            degree[rel.at[rid, "source"]] += 1
            degree[rel.at[rid, "target"]] += 1
        drawn = page.js("window.militnet.drawnSizes()")
        assert set(drawn) == set(degree)
        for gid, d in degree.items():
            assert drawn[gid] == pytest.approx(min(42, 7 + 5 * d**0.5)), (year, gid)
        assert len(set(drawn.values())) > 3  # sizes differ: the test can fail


INKED_JS = """() => {
  const c = document.querySelector('#mn-graph canvas');
  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  let n = 0;
  for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 0 && d[i] + d[i + 1] + d[i + 2] < 600) n++;
  return n;
}"""


def test_every_lapse_setting_and_step_draws_without_errors(browser, afpak, tmp_path):
    """Opening on a fragment and moving through lapse settings and days brings ties
    into view together with their groups: nothing throws while drawing, and the
    canvas is drawn (a tie entering the view before its groups blanked it)."""
    path = afpak.to_html(tmp_path / "afpak.html", seed=0)
    page = Page(browser).open(path, "#2021-09-15&stale=never")
    try:
        page.page.wait_for_timeout(200)
        assert page.errors() == []
        assert page.js(INKED_JS) > 2000
        for stale in ("3y", "never", "10y", "5y", "never"):
            page.page.select_option("#mn-stale", stale)
            for day in ("2008-01-01", "2016-01-01", "2014-01-01", "2023-01-01"):
                page.js(f"window.militnet.setDate('{day}')")
                page.page.wait_for_timeout(50)
                assert page.errors() == [], (stale, day)
        assert page.js(INKED_JS) > 2000
    finally:
        page.close()


def test_group_details_say_how_many_ties_are_alleged(afpak_page, afpak):
    page = afpak_page
    opening = page.js("document.getElementById('mn-confidence').value")
    assert opening == "reported"  # the default leaves alleged ties out
    page.js("window.militnet.setDate('2021-09-15')")
    pos = page.js("window.militnet.domPosition('iskp')")
    page.page.mouse.click(pos["x"], pos["y"])
    assert "hidden by the confidence filter" in page.page.inner_text("#mn-details-body")
    page.page.select_option("#mn-confidence", "alleged")
    try:
        pos = page.js("window.militnet.domPosition('iskp')")
        page.page.mouse.click(pos["x"], pos["y"])
        details = page.page.inner_text("#mn-details-body")
        pol = militnet.TiePolicy.all_types(min_confidence="alleged")
        G = afpak.at("2021-09-15", policy=pol)
        n = sum(d["confidence"] == "alleged" for u, v, d in G.edges(data=True) if "iskp" in (u, v))
        assert n and f"{n} of them alleged" in details
    finally:
        page.page.select_option("#mn-confidence", opening)
