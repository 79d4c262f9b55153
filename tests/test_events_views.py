"""The events behind the ties, for users: the map, explain, the report, the
timeline and the HTML page (issue 20, "where and when")."""

from __future__ import annotations

import datetime as dt
import html as _html
import shutil
import socket
from html.parser import HTMLParser

import pytest
from events_views_fixture import HOSTILE, events_network, hostile_events_network

import militnet

mpl = pytest.importorskip("matplotlib")
mpl.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402

import militnet.plot  # noqa: E402


@pytest.fixture(scope="module")
def net() -> militnet.Network:
    return events_network()


@pytest.fixture
def offline(monkeypatch):
    """Any attempt to open a network connection fails the test."""

    def refuse(*args, **kwargs):
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def _points(ax) -> int:
    return sum(len(c.get_offsets()) for c in ax.collections if c.get_gid() == "events")


def _land(ax):
    return next(c for c in ax.collections if c.get_gid() == "country-land")


# -- map ----------------------------------------------------------------------------
def test_map_draws_one_point_per_event_with_coordinates_offline(net, offline):
    ax = militnet.plot.map(net)
    assert _points(ax) == 18  # 20 events, 2 without coordinates
    assert "2 of 20 selected events have no coordinates" in ax.get_xlabel()
    assert ax.get_title() == "All groups: 18 events, 2014-12-16 to 2024-12-11"
    plt.close(ax.figure)


def test_map_of_isk_2015_2024_filters_by_date_group_and_kind(net, offline):
    ax = militnet.plot.map(net, "2015", "2024", groups=["IS-K"])
    # the Peshawar school attack (2014, TTP) is out; so are the 2 events without places
    assert _points(ax) == 17
    assert ax.get_title().startswith("Islamic State Khorasan Province: 17 events, 2015 to 2024")
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "Islamic State Khorasan Province (17)" in labels
    assert "fatalities" in labels and "not reported" in labels
    plt.close(ax.figure)
    ax = militnet.plot.map(net, groups="isk", kinds="clash")
    assert _points(ax) == 2
    plt.close(ax.figure)
    ax = militnet.plot.map(net, groups="taliban", roles="target", size_by=None)
    assert _points(ax) == 2  # Kunduz 2021 and Kabul 2024
    plt.close(ax.figure)


def test_map_draws_the_country_patches_of_its_extent(net):
    from militnet.plot._outlines import _visible

    ax = militnet.plot.map(net, extent=(60, 75, 29, 38), labels=True)
    box = (60.0, 75.0, 29.0, 38.0)
    assert len(_land(ax).get_paths()) == len(_visible(box))
    assert ax.get_xlim() == (60.0, 75.0) and ax.get_ylim() == (29.0, 38.0)
    names = {t.get_text() for t in ax.texts if t.get_gid() == "country-label"}
    assert {"Afghanistan", "Pakistan"} <= names
    plt.close(ax.figure)


def test_map_colours_a_co_claimed_attack_by_its_lead_actor(net):
    from militnet.plot._map import GROUP_COLORS

    # all groups: the Quetta 2016-10-24 attack is LeJ-A's (perpetrator before claimant)
    ax = militnet.plot.map(net, "2016-10-24", "2016-10-24")
    assert _points(ax) == 1
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "Lashkar-e-Jhangvi al-Alami (1)" in labels
    plt.close(ax.figure)
    # a map of IS-K draws it as IS-K's (the first colour)
    ax = militnet.plot.map(net, "2016-10-24", "2016-10-24", groups="isk")
    coll = next(c for c in ax.collections if c.get_gid() == "events")
    assert mpl.colors.to_hex(coll.get_facecolors()[0]) == GROUP_COLORS[0]
    plt.close(ax.figure)


def test_map_errors_are_clean(net):
    with pytest.raises(militnet.MilitnetError):
        militnet.plot.map(net, kinds="picnic")
    with pytest.raises(militnet.MilitnetError):
        militnet.plot.map(net, "2020", "2010")
    with pytest.raises(militnet.MilitnetError):
        militnet.plot.map(net, extent=(10, 0, 0, 10))
    with pytest.raises(militnet.MilitnetError):
        militnet.plot.map(net, size_by="area")
    with pytest.raises(militnet.MilitnetError):  # nothing to place, no extent
        militnet.plot.map(net, kinds="pledge")


def test_map_is_byte_identical(net, tmp_path):
    a = militnet.plot.save(militnet.plot.map(net), tmp_path / "a.svg").read_bytes()
    b = militnet.plot.save(militnet.plot.map(net), tmp_path / "b.svg").read_bytes()
    assert a == b
    plt.close("all")


# -- explain and report ----------------------------------------------------------------
def test_explain_lists_the_events_of_the_quetta_co_claim(net):
    df = militnet.explain(net, "IS-K", at="2017-01-01")
    assert df.at["r-quetta", "events"] == "e-quetta"
    ev = df.attrs["events"]
    row = ev[ev["event"] == "e-quetta"].iloc[0]
    assert row["relation"] == "r-quetta"
    assert row["date"] == "2016-10-24" and row["kind"] == "attack"
    assert row["place"] == "Police Training College, Quetta, Balochistan, Pakistan"
    assert "Lashkar-e-Jhangvi al-Alami (perpetrator, confirmed)" in row["actors"]
    assert "Islamic State Khorasan Province (claimant, confirmed)" in row["actors"]
    assert row["sources"] == "s-reuters;s-dawn"
    # a network without events: the column is there, empty
    plain = militnet.Network(
        [militnet.Group("a", "A"), militnet.Group("b", "B")],
        [militnet.Relation("r1", "a", "b", "alliance", start="2010", sources="s")],
        [militnet.Source("s", title="T")],
    )
    df = militnet.explain(plain, "a", at="2011-01-01")
    assert df["events"].tolist() == [""] and df.attrs["events"].empty


def test_report_cites_the_events_before_the_relations(net):
    text = militnet.report(net, at="2017-01-01")
    events_at = text.index("## Events behind the ties")
    assert events_at < text.index("## Relations used") < text.index("## References")
    section = text[events_at : text.index("## Relations used")]
    line = next(x for x in section.splitlines() if x.startswith("| e-quetta |"))
    assert "2016-10-24 | attack | Police Training College, Quetta" in line
    assert "Lashkar-e-Jhangvi al-Alami (perpetrator, confirmed)" in line
    assert "Islamic State Khorasan Province (claimant, confirmed)" in line
    # the event's own sources are in the reference list
    refs = text[text.index("## References") :]
    assert "(`s-reuters`)" in refs and "(`s-dawn`)" in refs
    # the relations table names the events before the prose sources
    header = next(x for x in text.splitlines() if x.startswith("| relation | type |"))
    assert header.index("events") < header.index("decisive source")


def test_report_without_events_is_unchanged():
    from networks import tiny_network

    net = tiny_network()
    assert not net.has_events
    text = militnet.report(net, at="2016-01-01")
    assert "Events behind the ties" not in text and "| events |" not in text


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.attrs: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        self.attrs += [k for k, _v in attrs]


def test_hostile_event_strings_are_escaped_in_the_report():
    net = hostile_events_network()
    md = militnet.report(net, at="2017-01-01")
    for bad in ("<script>", "<img", "[x](javascript:"):
        assert bad not in md
    assert "\\[x\\](javascript:" in md  # the link syntax is escaped
    assert "&lt;script&gt;window.\\_\\_pwned=1&lt;/script&gt;" in md
    page = militnet.report(net, at="2017-01-01", format="html")
    parser = _Tags()
    parser.feed(page)
    assert parser.tags <= {
        "html", "head", "meta", "title", "style", "body", "h1", "h2", "h3", "p",
        "table", "thead", "tbody", "tr", "th", "td", "ol", "li", "a", "span", "code",
    }  # fmt: skip
    assert not [a for a in parser.attrs if a.startswith("on")]
    assert _html.escape(HOSTILE[0]) in page


# -- timeline -------------------------------------------------------------------------
def test_timeline_marks_the_days_of_a_ties_events(net):
    import matplotlib.dates as mdates

    ax = militnet.plot.timeline(net, start="2013-01-01", end="2026-01-01")
    # r-haqqani is alleged: left out by default
    assert "relation-events-r-haqqani" not in {line.get_gid() for line in ax.lines}
    plt.close(ax.figure)
    everything = militnet.TiePolicy(
        types=("split", "merger", "pledge", "alliance"), min_confidence="alleged"
    )
    ax = militnet.plot.timeline(net, start="2013-01-01", end="2026-01-01", policy=everything)
    marks = {
        line.get_gid(): line
        for line in ax.lines
        if (line.get_gid() or "").startswith("relation-events")
    }
    assert set(marks) == {
        "relation-events-r-quetta",
        "relation-events-r-pledge",
        "relation-events-r-haqqani",
    }  # fmt: skip (rivalry not drawn)
    x = list(marks["relation-events-r-quetta"].get_xdata())
    assert x == [mdates.date2num(dt.date(2016, 10, 24))]
    assert "cited event" in [t.get_text() for t in ax.get_legend().get_texts()]
    plt.close(ax.figure)


# -- the page -------------------------------------------------------------------------
def test_page_data_carries_the_events():
    import json
    import re

    from militnet._views.html import render_html

    page = render_html(events_network(), seed=0)
    data = json.loads(re.search(r'id="mn-data">(.*?)</script>', page, re.S).group(1))
    ev = data["events"]
    assert len(ev["id"]) == 20
    j = data["relations"]["id"].index("r-quetta")
    assert [ev["id"][k] for k in ev["rel"][j]] == ["e-quetta"]
    assert ev["id"][ev["attested"][j]] == "e-quetta"
    isk = data["groups"]["id"].index("isk")
    assert len(ev["group"][isk]) == 19


def test_hostile_event_strings_never_reach_the_page_as_markup(tmp_path):
    page = hostile_events_network().to_html().html
    body = page.split('id="mn-data">', 1)[1].split("</script>", 1)[0]
    for bad in ("<script>", "<img", "</script>"):
        assert bad not in body


try:  # the browser test needs playwright and chromium
    from playwright import sync_api
except ImportError:  # pragma: no cover - depends on the machine
    sync_api = None
CHROMIUM = shutil.which("chromium")


def _open(browser, path, errors):
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.on("console", lambda m: errors.append((m.type, m.text)) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(("pageerror", str(e))))
    page.on("dialog", lambda d: (errors.append(("dialog", d.message)), d.dismiss()))

    def route(r):
        if r.request.url.startswith(("file:", "data:", "about:")):
            r.continue_()
        else:
            errors.append(("request", r.request.url))
            r.abort()

    page.route("**/*", route)
    page.goto(path.resolve().as_uri())
    page.wait_for_selector("html[data-mn-ready]", state="attached")
    return page


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.skipif(sync_api is None or CHROMIUM is None, reason="no playwright or chromium")
@pytest.mark.parametrize("hostile", [False, True], ids=["plain", "hostile"])
def test_page_details_list_the_events_in_chromium(tmp_path, hostile):
    net = hostile_events_network() if hostile else events_network()
    path = net.to_html(tmp_path / "events.html", at="2016-01-01", seed=0)
    errors: list[tuple[str, str]] = []
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            page = _open(browser, path, errors)
            m = "window.militnet"
            assert page.evaluate(f"{m}.select('edge', 'r-quetta')")
            details = page.inner_text("#mn-details-body")
            assert "Events behind this tie (1)" in details
            assert "2016-10-24 · attack · Police Training College, Quetta" in details
            assert "Lashkar-e-Jhangvi al-Alami (perpetrator, confirmed)" in details
            assert "Islamic State Khorasan Province (claimant, confirmed)" in details
            assert "Reuters reports" in details and "61 killed" in details
            assert "2016-10-24 (event e-quetta)" in details  # attested by the event
            # the slider marks the tie's event, then the group's
            assert page.evaluate(f"{m}.eventMarks()") == ["2016-01-01"]
            assert page.evaluate(f"{m}.select('node', 'lej-a')")
            assert page.evaluate(f"{m}.eventMarks()") == ["2016-01-01"]
            assert page.evaluate("document.querySelectorAll('#mn-marks .mn-mark').length") == 1
            assert page.evaluate(f"{m}.select('node', 'isk')")
            text = page.evaluate("document.getElementById('mn-details-body').textContent")
            assert "Events (19)" in text and "Suicide bombing at the Abbey Gate" in text
            # the events layer lists the step's events
            assert page.evaluate(f"{m}.showEvents(true)")
            assert page.evaluate(f"{m}.periodEvents()") == ["e-hospital", "e-quetta"]
            assert "Events 2016-01-01 to 2016-12-31 (2)" in page.text_content("#mn-events")
            if hostile:
                assert HOSTILE[0] in page.inner_text("#mn-events")  # shown as text
                assert page.evaluate("typeof window.__pwned") == "undefined"
                assert (
                    page.evaluate(
                        "document.querySelectorAll('#mn-side script, #mn-side img').length"
                    )
                    == 0
                )
            assert page.evaluate(f"{m}.showEvents(false)") is False
            assert page.evaluate("document.getElementById('mn-events').hidden")
            assert errors == []
            page.close()
        finally:
            browser.close()
