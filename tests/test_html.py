"""The HTML page, checked without a browser: escaping, no external requests,
determinism, and that the embedded day bounds reproduce Network.at."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

import militnet
from benchmarks.synth import make_tables
from militnet import Group, Relation, Source
from militnet._core.names import normalize, skeleton
from militnet._core.policy import LOOSE_KEYWORDS
from militnet._views.html import _last_step, _template, build_data, json_for_script, render_html
from militnet.cli import main

HOSTILE = [
    "<script>window.__pwned=1</script>",
    '<img src=x onerror="window.__pwned=1">',
    "</script><script>window.__pwned=1</script>",
    "javascript:window.__pwned=1",
    "<!-- <script>",
    "\u2028\u2029 & &amp; \"quoted\" 'single'",
]


def hostile_network() -> militnet.Network:
    bad = " ".join(HOSTILE)
    groups = [
        Group(
            "g1",
            f"Alpha {HOSTILE[0]}",
            aliases=f"{HOSTILE[1]};A-1",
            founded="2001",
            orientation=HOSTILE[2],
            country=HOSTILE[3],
            notes=bad,
            sources="s1",
            extra={"profile": HOSTILE[3]},
        ),
        Group(
            "g2",
            f"Beta {HOSTILE[2]}",
            aliases=HOSTILE[4],
            founded="2002-03",
            orientation=HOSTILE[1],
            notes=bad,
            sources="s1;s2",
        ),
        Group("g3", "Gamma", founded="2003-04-05", ended="2010", notes=HOSTILE[5]),
    ]
    relations = [
        Relation(
            "r1",
            "g1",
            "g2",
            "alliance",
            start="2004",
            evidence=bad,
            notes=bad,
            sources="s1;s2",
            confidence="alleged",
            extra={"link": HOSTILE[3]},
        ),
        Relation(
            "r2",
            "g2",
            "g3",
            "pledge",
            start="2005-06",
            end="2008",
            evidence=HOSTILE[1],
            notes=HOSTILE[3],
            sources="s2",
        ),
        Relation("r3", "g3", "g1", "rivalry", start="", evidence=HOSTILE[2]),
    ]
    sources = [
        Source(
            "s1",
            title=f"Report {HOSTILE[0]}",
            publisher=HOSTILE[1],
            date="2009",
            url="https://example.org/hostile?q=<script>",
            document=HOSTILE[3],
            notes=HOSTILE[2],
        ),
        Source("s2", title=HOSTILE[3], publisher=bad, url="http://example.org/two"),
    ]
    return militnet.Network(
        groups, relations, sources, metadata={"name": "hostile", "title": f"Title {HOSTILE[2]}"}
    )


def data_of(page: str) -> dict:
    m = re.search(r'<script type="application/json" id="mn-data">(.*?)</script>', page, re.S)
    assert m is not None
    return json.loads(m.group(1))


def scripts_of(page: str) -> list[str]:
    return re.findall(r"<script>(.*?)</script>", page, re.S)


@pytest.fixture(scope="module")
def hostile_page() -> str:
    return render_html(hostile_network(), seed=3)


# -- escaping -------------------------------------------------------------------------
def test_json_for_script_escapes_what_could_end_the_script_and_round_trips():
    value = {"k<": ["</script>", "<!--", "a & b", "\u2028\u2029", "é ✓"]}
    text = json_for_script(value)
    for raw in ("<", ">", "&", "\u2028", "\u2029"):
        assert raw not in text
    assert json.loads(text) == value


class Tags(HTMLParser):
    """Start tags and attributes of a page, as a browser's tokenizer sees them."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def test_hostile_text_appears_only_inside_the_escaped_json(hostile_page):
    tags = Tags(hostile_page).tags
    # exactly our three scripts: the data, vis-network and the page's own code
    scripts = [a for t, a in tags if t == "script"]
    assert scripts == [{"type": "application/json", "id": "mn-data"}, {}, {}]
    assert {t for t, _ in tags} <= {
        "html",
        "head",
        "meta",
        "title",
        "style",
        "body",
        "div",
        "header",
        "h1",
        "button",
        "input",
        "output",
        "label",
        "select",
        "option",
        "main",
        "aside",
        "section",
        "h2",
        "h3",
        "script",
    }
    assert not any(k.startswith("on") for _, a in tags for k in a)
    # the scripts are the library's code, untouched by the data
    vis, app = scripts_of(hostile_page)
    assert app == _template("app.js") and vis.startswith("/**\n * vis-network")
    assert "__pwned" not in vis
    # the title is data too, as escaped text (see test_title_is_escaped_in_the_head)
    outside = re.sub(r"<script.*?</script>|<title>.*?</title>", "", hostile_page, flags=re.S)
    assert "__pwned" not in outside
    assert "onerror" not in outside
    assert "javascript:" not in outside


def test_hostile_json_round_trips_unchanged(hostile_page):
    data = data_of(hostile_page)
    net = hostile_network()
    assert data["groups"]["name"] == list(net.groups["name"])
    assert data["groups"]["notes"] == list(net.groups["notes"])
    assert data["relations"]["evidence"] == list(net.relations["evidence"])
    assert data["sources"]["title"] == list(net.sources["title"])
    assert data["groups"]["extra"][0] == [["profile", HOSTILE[3]]]
    assert data["relations"]["extra"][0] == [["link", HOSTILE[3]]]


def test_title_is_escaped_in_the_head(hostile_page):
    title = re.search(r"<title>(.*?)</title>", hostile_page, re.S).group(1)
    assert html.unescape(title) == f"Title {HOSTILE[2]}"
    assert "<" not in title


def test_only_http_urls_are_passed_on_as_links():
    data = build_data(hostile_network())
    assert data["sources"]["url"] == [
        "https://example.org/hostile?q=<script>",
        "http://example.org/two",
    ]


# -- offline ------------------------------------------------------------------------------
def test_no_external_resource_is_referenced(hostile_page):
    page = hostile_page
    markup = re.sub(r"<script.*?</script>|<style>.*?</style>", "", page, flags=re.S)
    assert not re.search(r"<(link|img|iframe|object|embed|base)\b", markup, re.I)
    assert not re.search(r"\b(src|href)\s*=", markup, re.I)
    assert "sourceMappingURL" not in page
    styles = "".join(re.findall(r"<style>(.*?)</style>", page, re.S))
    assert "@import" not in styles
    assert all(
        u.startswith(("data:", '"data:', "'data:"))
        for u in re.findall(r"url\(\s*([^)]*)\)", styles)
    )
    assert "cdn" not in markup.lower()


def test_content_security_policy_allows_only_the_page_scripts(hostile_page):
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', hostile_page)
    policy = html.unescape(csp.group(1))
    assert "default-src 'none'" in policy
    assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    hashes = re.findall(r"'sha256-([^']+)'", policy)
    expected = [
        base64.b64encode(hashlib.sha256(s.encode()).digest()).decode()
        for s in scripts_of(hostile_page)
    ]
    assert hashes == expected


def test_vis_network_is_inlined_unchanged_with_its_licence_header(hostile_page):
    import pyvis

    vis = scripts_of(hostile_page)[0]
    assert vis.lstrip().startswith("/**")
    assert "vis.js is dual licensed" in vis[:2000]
    lib = Path(pyvis.__file__).parent / "lib"
    originals = [p.read_text(encoding="utf-8") for p in lib.glob("vis-*/vis-network.min.js")]
    assert any(
        vis == o.replace("\n//# sourceMappingURL=vis-network.min.js.map", "") for o in originals
    )


# -- determinism and side effects -------------------------------------------------------
def test_same_input_and_seed_give_the_same_bytes(tiny, tmp_path):
    a = tiny.to_html(tmp_path / "a.html", seed=5)
    b = tiny.to_html(tmp_path / "b.html", seed=5)
    assert a.read_bytes() == b.read_bytes()
    other = data_of(render_html(tiny, seed=6))
    assert (other["groups"]["x"], other["groups"]["y"]) != (
        data_of(a.read_text())["groups"]["x"],
        data_of(a.read_text())["groups"]["y"],
    )


def test_writes_only_the_requested_file_and_leaves_the_network_alone(tiny, tmp_path):
    before = (tiny.content_hash, tiny.groups.copy(), tiny.relations.copy())
    out = tiny.to_html(tmp_path / "sub.html")
    assert out == tmp_path / "sub.html"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sub.html"]
    assert tiny.content_hash == before[0]
    assert tiny.groups.equals(before[1]) and tiny.relations.equals(before[2])


def test_notebook_view_is_an_attribute_escaped_srcdoc_iframe(hostile_page):
    view = hostile_network().to_html(seed=3)
    assert view.html == hostile_page
    frag = view._repr_html_()
    m = re.fullmatch(r'<iframe srcdoc="([^"]*)" sandbox="([^"]*)"[^>]*></iframe>', frag)
    assert m is not None
    assert html.unescape(m.group(1)) == hostile_page
    assert "<" not in m.group(1) and "allow-same-origin" not in m.group(2)
    assert "allow-scripts" in m.group(2)
    # the summary table of the network itself is unchanged
    assert hostile_network()._repr_html_().startswith("<div class='militnet-network'>")


# -- what is shown on a date equals Network.at ------------------------------------------
def visible(
    data: dict, day: dt.date, types, min_confidence, date_policy, undated, stale: str | None = None
):
    """The page's rule, step by step as app.js applies it to the embedded integers
    (``stale``: the lapse menu's choice; default the page's opening one)."""
    g, r = data["groups"], data["relations"]
    first_side, end_side = data["policies"][date_policy]
    t = day.toordinal()
    f = g["f_first"] if first_side == "first" else g["f_last"]
    e = g["e_first"] if end_side == "first" else g["e_last"]
    alive = [a <= t < b for a, b in zip(f, e, strict=True)]
    s = r["s_first"] if first_side == "first" else r["s_last"]
    en = r["r_first"] if end_side == "first" else r["r_last"]
    stale = stale or data["options"]["stale_after"]
    lap = None if stale == "never" else data["lapse"]["days"][stale][end_side]
    levels = data["confidence_levels"]
    min_rank = len(levels) - 1 - levels.index(min_confidence)
    edges = [
        rid
        for j, rid in enumerate(r["id"])
        if s[j] <= t < en[j]
        and (lap is None or t < lap[j])
        and r["conf"][j] >= min_rank
        and (undated == "include" or r["s_known"][j])
        and r["type"][j] in types
        and alive[r["src"][j]]
        and alive[r["tgt"][j]]
    ]
    # a merger stays shown for its lineage window, with its groups (alive or not)
    w = r["w_first"] if first_side == "first" else r["w_last"]
    shown = list(alive)
    for j, rid in enumerate(r["id"]):
        if (
            rid not in edges
            and s[j] <= t < w[j]
            and r["conf"][j] >= min_rank
            and r["type"][j] in types
        ):
            edges.append(rid)
            shown[r["src"][j]] = shown[r["tgt"][j]] = True
    return sorted(i for i, a in zip(g["id"], shown, strict=True) if a), sorted(edges)


@pytest.fixture(scope="module")
def synth_net() -> militnet.Network:
    groups, relations, sources = make_tables(60, 400, seed=11, undated=0.15)
    return militnet.Network(groups=groups, relations=relations, sources=sources)


@pytest.fixture(scope="module")
def lapsing_net() -> militnet.Network:
    """The synthetic network with last attestations on half its open-ended relations."""
    groups, relations, sources = make_tables(60, 400, seed=11, undated=0.15)
    att = []
    for k, (s, e) in enumerate(zip(relations["start"], relations["end"], strict=True)):
        y = str(s)[:4]
        att.append(f"{int(y) + 2}" if y and not e and k % 2 == 0 else "")
    relations = relations.assign(last_attested=att)
    return militnet.Network(groups=groups, relations=relations, sources=sources)


@pytest.mark.parametrize("stale_after", [None, "3y", "5y", "10y", "18m"])
@pytest.mark.parametrize("date_policy", sorted(militnet.DATE_POLICIES))
def test_embedded_bounds_reproduce_network_at(lapsing_net, date_policy, stale_after):
    net = lapsing_net
    data = build_data(net, seed=0, policy=militnet.TiePolicy.all_types(stale_after=stale_after))
    assert data["options"]["stale_after"] == (stale_after or "never")
    lo, hi = (dt.date.fromordinal(o) for o in data["range"])
    days = [
        lo + dt.timedelta(days=int(k))
        for k in range(0, (hi - lo).days + 1, max(1, (hi - lo).days // 23))
    ]
    options = [
        (tuple(militnet.RELATION_TYPES), "alleged", "include"),
        (("alliance", "pledge"), "reported", "exclude"),
    ]
    lapsed = 0
    for day in days:
        for types, conf, undated in options:
            G = net.at(
                day,
                policy=militnet.TiePolicy(
                    types=types,
                    min_confidence=conf,
                    date_policy=date_policy,
                    undated=undated,
                    stale_after=stale_after,
                ),
            )
            nodes, edges = visible(data, day, types, conf, date_policy, undated)
            assert nodes == sorted(G.nodes)
            assert edges == sorted(k for _, _, k in G.edges(keys=True))
            if stale_after is not None:
                lapsed += len(
                    visible(data, day, types, conf, date_policy, undated, "never")[1]
                ) - len(edges)
    assert (lapsed > 0) == (stale_after is not None)


def test_lapse_menu_offers_the_opening_threshold_and_never(tiny):
    data = build_data(tiny, policy=militnet.TiePolicy.all_types(stale_after="18m"))
    assert data["lapse"]["choices"] == ["never", "18m", "3y", "5y", "10y"]
    assert data["options"]["stale_after"] == "18m"
    assert (
        build_data(tiny, policy=militnet.TiePolicy.all_types(stale_after=None))["options"][
            "stale_after"
        ]
        == "never"
    )
    assert build_data(tiny)["options"]["stale_after"] == "5y"
    with pytest.raises(militnet.MilitnetError):
        build_data(tiny, policy=militnet.TiePolicy.all_types(stale_after="soon"))


@pytest.mark.parametrize("date_policy", sorted(militnet.DATE_POLICIES))
def test_embedded_bounds_reproduce_network_at_every_type(synth_net, date_policy):
    data = build_data(synth_net, seed=0)
    lo, hi = (dt.date.fromordinal(o) for o in data["range"])
    days = [
        lo + dt.timedelta(days=int(k))
        for k in range(0, (hi - lo).days + 1, max(1, (hi - lo).days // 23))
    ]
    options = [
        (tuple(militnet.RELATION_TYPES), "alleged", "include"),
        (("alliance", "pledge"), "reported", "exclude"),
        (("split", "merger", "rivalry"), "confirmed", "include"),
    ]
    for day in days:
        for types, conf, undated in options:
            G = synth_net.at(
                day,
                policy=militnet.TiePolicy(
                    types=types, min_confidence=conf, date_policy=date_policy, undated=undated
                ),
            )
            nodes, edges = visible(data, day, types, conf, date_policy, undated)
            assert nodes == sorted(G.nodes)
            assert edges == sorted(k for _, _, k in G.edges(keys=True))


def test_boundary_days_follow_the_half_open_interval():
    net = militnet.Network(
        groups=[Group("a", "A", founded="2000"), Group("b", "B", founded="2000")],
        relations=[Relation("r", "a", "b", "alliance", start="2010-03-01", end="2012-07-15")],
    )
    data = build_data(net)
    for day, shown in (
        ("2010-02-28", False),
        ("2010-03-01", True),
        ("2012-07-14", True),
        ("2012-07-15", False),
    ):
        d = dt.date.fromisoformat(day)
        assert visible(data, d, ("alliance",), "alleged", "earliest", "include")[1] == (
            ["r"] if shown else []
        )


# -- options ------------------------------------------------------------------------------
def test_initial_options_are_embedded(tiny):
    data = build_data(
        tiny,
        at="2016-07-01",
        step="month",
        policy=militnet.TiePolicy(
            types=["alliance", "pledge"],
            min_confidence="reported",
            date_policy="strict",
            undated="exclude",
        ),
        color_by="country",
        size_by="total_degree",
        seed=2,
    )
    opts = data["options"]
    assert opts["at"] == dt.date(2016, 7, 1).toordinal()
    assert (
        opts["step"],
        opts["types"],
        opts["min_confidence"],
        opts["date_policy"],
        opts["undated"],
        opts["seed"],
    ) == ("month", ["alliance", "pledge"], "reported", "strict", "exclude", 2)
    colors = data["colors"]
    # list-valued columns colour by their first item; no value → "" listed last
    assert colors["labels"][-1] == ""
    node_labels = [colors["labels"][k] for k in colors["node"]]
    assert node_labels == ["Pakistan", "Pakistan", "Afghanistan", "", ""]


def test_community_colours_and_centrality_sizes(tiny):
    data = build_data(tiny, at="2016-07-01", color_by="community", size_by="betweenness")
    # stable numbers (community_tracks), named after their best-connected member;
    # groups in no community of 3+ share one grey label, listed last
    tr = militnet.community_tracks(tiny, dates=["2016-07-01"]).set_index("group")
    names = tiny.groups["name"]
    labels = [data["colors"]["labels"][k] for k in data["colors"]["node"]]
    none = "in no community of 3+ or not active"
    expected = [
        f"community {tr.at[g, 'community']} · {names[tr.at[g, 'anchor']]}"
        if g in tr.index
        else none
        for g in tiny.groups.index
    ]
    assert labels == expected
    numbers = [int(x.split()[1]) for x in data["colors"]["labels"][:-1]]
    assert numbers == sorted(numbers) and data["colors"]["labels"][-1] == none
    assert len(set(data["colors"]["colors"])) == len(data["colors"]["colors"])
    bc = militnet.centrality(tiny, "2016-07-01", measures="betweenness")["betweenness"]
    assert data["groups"]["measure"] == [round(float(bc.get(g, 0.0)), 6) for g in tiny.groups.index]
    assert "2016-07-01" in data["options"]["size_label"]


@pytest.mark.parametrize(
    "bad",
    [
        {"step": "week"},
        {"size_by": "height"},
        {"color_by": "colour"},
        {"date_policy": "median"},
        {"undated": "maybe"},
        {"min_confidence": "rumoured"},
        {"types": ["friendship"]},
        {"at": "2016"},
    ],
)
def test_bad_options_raise_militnet_value_errors(tiny, bad):
    bad = dict(bad)
    tie = {k: bad.pop(k) for k in list(bad) if k in LOOSE_KEYWORDS}
    with pytest.raises(militnet.MilitnetError) as exc:
        render_html(tiny, policy=militnet.TiePolicy.all_types(**tie), **bad)
    assert isinstance(exc.value, ValueError)


def test_last_step_is_the_first_position_on_or_after_the_latest_date():
    # the opening day when no day has a tie (see tests/test_html_layout.py)
    assert _last_step(dt.date(2024, 5, 1), "year") == dt.date(2025, 1, 1)
    assert _last_step(dt.date(2024, 1, 1), "year") == dt.date(2024, 1, 1)
    assert _last_step(dt.date(2024, 5, 2), "month") == dt.date(2024, 6, 1)
    assert _last_step(dt.date(2024, 12, 2), "month") == dt.date(2025, 1, 1)
    assert _last_step(dt.date(2024, 5, 1), "month") == dt.date(2024, 5, 1)
    assert _last_step(dt.date(2024, 5, 2), "day") == dt.date(2024, 5, 2)


def test_search_keys_are_the_name_index_stages(tiny):
    data = build_data(tiny)
    i = data["groups"]["id"].index("ttp")
    exact, folded, squashed = data["groups"]["keys"][i]
    assert normalize("Pakistani Taliban") in exact
    assert skeleton("Tehreek-e-Taliban Pakistan") in folded
    assert skeleton("Tehrik-i-Taliban Pakistan").replace(" ", "") in squashed


def test_a_network_without_dates_or_groups_still_renders():
    empty = militnet.Network()
    assert data_of(render_html(empty))["groups"]["id"] == []
    undated = militnet.Network(
        groups=[Group("a", "A"), Group("b", "B")], relations=[Relation("r", "a", "b", "alliance")]
    )
    data = data_of(render_html(undated, at="2001-02-03"))
    assert data["range"] == [dt.date(2001, 2, 3).toordinal()] * 2


# -- command line -----------------------------------------------------------------------
def test_cli_render_writes_the_file_with_the_options(tiny_dir, tmp_path, capsys):
    out = tmp_path / "net.html"
    code = main(
        [
            "render",
            str(tiny_dir),
            "-o",
            str(out),
            "--at",
            "2016-01-01",
            "--step",
            "month",
            "--hide-alleged",
            "--types",
            "alliance",
            "pledge",
            "--seed",
            "4",
            "--color-by",
            "none",
            "--size-by",
            "none",
        ]
    )
    assert code == 0
    data = data_of(out.read_text(encoding="utf-8"))
    assert data["options"]["min_confidence"] == "reported"
    assert data["options"]["types"] == ["alliance", "pledge"]
    assert data["colors"]["by"] == ""
    assert str(out) in capsys.readouterr().err
    again = tmp_path / "again.html"
    main(
        [
            "render",
            str(tiny_dir),
            "-o",
            str(again),
            "--at",
            "2016-01-01",
            "--step",
            "month",
            "--hide-alleged",
            "--types",
            "alliance",
            "pledge",
            "--seed",
            "4",
            "--color-by",
            "none",
            "--size-by",
            "none",
        ]
    )
    assert again.read_bytes() == out.read_bytes()


def test_cli_render_stale_after_sets_the_opening_threshold(tiny_dir, tmp_path, capsys):
    out = tmp_path / "never.html"
    assert main(["render", str(tiny_dir), "-o", str(out), "--stale-after", "never"]) == 0
    assert data_of(out.read_text(encoding="utf-8"))["options"]["stale_after"] == "never"
    assert main(["render", str(tiny_dir), "-o", str(out), "--stale-after", "18m"]) == 0
    assert data_of(out.read_text(encoding="utf-8"))["options"]["stale_after"] == "18m"
    assert (
        main(["render", str(tiny_dir), "-o", str(tmp_path / "bad.html"), "--stale-after", "soon"])
        == 1
    )
    assert "stale_after" in capsys.readouterr().err
    assert not (tmp_path / "bad.html").exists()


def test_cli_render_reports_a_bad_column(tiny_dir, tmp_path, capsys):
    assert (
        main(["render", str(tiny_dir), "-o", str(tmp_path / "x.html"), "--color-by", "nope"]) == 1
    )
    assert "cannot colour by 'nope'" in capsys.readouterr().err
    assert not (tmp_path / "x.html").exists()


def test_community_colours_and_sizes_follow_the_opening_policy():
    # r1 starts in "2016": a tie on 2016-07-01 under "earliest", not under "strict";
    # the page opens under "strict", so sizes and colours must describe that day
    net = militnet.Network(
        groups=[Group(g, g.upper(), founded="2000") for g in "abcd"],
        relations=[
            Relation("r1", "a", "b", "alliance", start="2016"),
            Relation("r2", "b", "c", "alliance", start="2000"),
            Relation("r3", "c", "d", "alliance", start="2000"),
        ],
    )
    pol = militnet.TiePolicy(date_policy="strict", min_confidence="alleged")
    data = build_data(
        net,
        at="2016-07-01",
        color_by="community",
        size_by="betweenness",
        policy=militnet.TiePolicy.all_types(date_policy="strict"),
        community_min_size=1,  # every group alive has a colour, singletons too
    )
    bc = militnet.centrality(net, "2016-07-01", measures="betweenness", policy=pol)
    assert data["groups"]["measure"] == [round(float(bc["betweenness"][g]), 6) for g in "abcd"]
    tr = militnet.community_tracks(net, dates=["2016-07-01"], policy=pol, min_size=1)
    tr = tr.set_index("group")
    labels = [data["colors"]["labels"][k] for k in data["colors"]["node"]]
    assert labels == [
        f"community {tr.at[g, 'community']} · {tr.at[g, 'anchor'].upper()}" for g in "abcd"
    ]
    assert labels[0] != labels[1]  # a has no tie on the day shown
