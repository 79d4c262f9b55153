"""Community colours that mean something, and the lifecycle figure (issue 24):
stable numbers across days, singletons and pairs grey, legends in numeric
order, no colour reused; the alluvial figure agrees with the lifecycle table."""

from __future__ import annotations

import shutil

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest
from matplotlib.colors import to_hex

import militnet
import militnet.plot
from militnet import Group, Network, Relation
from militnet._views.html import build_data, render_html
from militnet._views.style import NODE_COLOR, community_color


@pytest.fixture(scope="module")
def afpak():
    return militnet.load_dataset("afpak")


def _triangles(k: int, start: str = "2010") -> Network:
    """``k`` separate triangles (k communities of three), one more pair and a
    group alone."""
    groups, rels = [], []
    for i in range(k):
        a, b, c = f"g{i}a", f"g{i}b", f"g{i}c"
        groups += [Group(x, x.upper(), founded="2000") for x in (a, b, c)]
        rels += [
            Relation(f"r{i}{j}", u, v, "alliance", start=start, last_attested="2020")
            for j, (u, v) in enumerate([(a, b), (b, c), (a, c)])
        ]
    groups += [Group(x, x.upper(), founded="2000") for x in ("p1", "p2", "solo")]
    rels.append(Relation("rp", "p1", "p2", "alliance", start=start, last_attested="2020"))
    return Network(groups, rels)


def _legend(ax):
    return [t.get_text() for t in ax.get_legend().get_texts()]


def test_afpak_2021_counts_only_communities_of_three_or_more(afpak):
    day = "2021-09-15"
    louvain = militnet.communities(afpak, day)
    assert louvain["community"].nunique() > 10  # singletons are Louvain "communities"
    sizes = louvain.groupby("community").size()
    tr = militnet.community_tracks(afpak, dates=[day])
    assert tr["community"].nunique() == int((sizes >= 3).sum()) >= 2
    assert (tr["size"] >= 3).all() and len(tr) == int(sizes[sizes >= 3].sum())
    n = tr["community"].nunique()
    ax = militnet.plot.network(afpak, day, color_by="community")
    entries = [t for t in _legend(ax) if t.startswith("community ")]
    assert len(entries) == n
    numbers = [int(t.split()[1]) for t in entries]
    assert numbers == sorted(numbers)
    grey = [t for t in _legend(ax) if t.startswith("in no community of 3+")]
    assert len(grey) == 1
    # node colours: one per community, grey for the rest, none shared
    cols = [to_hex(c) for c in ax.collections[0].get_facecolors()]
    coloured = {c for c in cols if c != NODE_COLOR}
    assert len(coloured) == n
    assert sum(c == NODE_COLOR for c in cols) == len(cols) - len(tr)
    plt.close(ax.figure)


def test_numbers_stay_while_a_community_continues(afpak):
    tr = militnet.community_tracks(afpak, "2016-01-01", "2024-01-01")
    lc = militnet.community_lifecycle(afpak, "2016-01-01", "2024-01-01", min_size=3)
    cont = lc[lc["event"].isin(["continue", "growth", "contraction"])]
    assert len(cont) > 10
    assert (cont["numbers_before"] == cont["numbers_after"]).all()
    # the number of a group's community on a day is the same whatever window is asked
    late = militnet.community_tracks(afpak, dates=["2019-01-01"])
    same = tr[tr["date"] == "2019-01-01"].set_index("group")["community"]
    assert late.set_index("group")["community"].to_dict() == same.to_dict()
    # and the figures of two days colour a continuing community alike
    first = later = None
    for day in ("2017-01-01", "2018-01-01"):
        ax = militnet.plot.network(afpak, day, color_by="community", labels="id")
        cols = dict(
            zip(
                [t.get_text() for t in ax.texts],
                (to_hex(c) for c in ax.collections[0].get_facecolors()),
                strict=False,
            )
        )
        if first is None:
            first = cols["iskp"]
        else:
            later = cols["iskp"]
        plt.close(ax.figure)
    assert first == later != NODE_COLOR  # IS-K's community, 9 in both


def test_legends_in_numeric_order_and_no_colour_reused():
    net = _triangles(12)
    tr = militnet.community_tracks(net, dates=["2015-01-01"])
    assert sorted(tr["community"].unique().tolist()) == list(range(1, 13))
    ax = militnet.plot.network(net, "2015-01-01", color_by="community", legend=True)
    entries = [t for t in _legend(ax) if t.startswith("community ")]
    assert [int(t.split()[1]) for t in entries] == list(range(1, 13))  # 1, 2, ..., 10, 11, 12
    cols = [to_hex(c) for c in ax.collections[0].get_facecolors()]
    coloured = [c for c in cols if c != NODE_COLOR]
    assert len(set(coloured)) == 12 and len(coloured) == 36
    plt.close(ax.figure)
    data = build_data(net, at="2015-01-01", color_by="community")["colors"]
    assert [int(x.split()[1]) for x in data["labels"][:-1]] == list(range(1, 13))
    assert len(set(data["colors"])) == len(data["colors"])
    assert data["colors"][-1] == NODE_COLOR and data["counts"][-1] == 3  # the pair and solo
    # distinct generated colours well past the palette, deterministic
    palette = [community_color(k) for k in range(1, 301)]
    assert len(set(palette)) == 300 and NODE_COLOR not in palette
    assert palette == [community_color(k) for k in range(1, 301)]


def test_singletons_and_pairs_coloured_when_asked():
    net = _triangles(2)
    ax = militnet.plot.network(net, "2015-01-01", color_by="community", community_min_size=1)
    cols = [to_hex(c) for c in ax.collections[0].get_facecolors()]
    assert NODE_COLOR not in cols and len(set(cols)) == 4  # 2 triangles, the pair, solo
    plt.close(ax.figure)
    data = build_data(net, at="2015-01-01", color_by="community", community_min_size=2)
    assert data["colors"]["counts"][-1] == 1  # only solo is grey
    with pytest.raises(militnet.MilitnetError, match="min_size"):
        militnet.plot.network(net, "2015-01-01", color_by="community", community_min_size=0)


def test_lifecycle_figure_agrees_with_the_table(afpak, tmp_path):
    ax = militnet.plot.lifecycle(afpak, "2007-01-01", "2023-01-01")
    lc = militnet.community_lifecycle(afpak, "2007-01-01", "2023-01-01", min_size=3)
    gids = {p.get_gid() for p in ax.patches if p.get_gid()}
    marks = {ln.get_gid() for ln in ax.lines if ln.get_gid()}
    bars = {g for g in gids if g.startswith("community-")}
    tr = militnet.community_tracks(afpak, "2007-01-01", "2023-01-01")
    assert bars == {
        f"community-{n}-{d.date().isoformat()}"
        for d, n in set(zip(tr["date"], tr["community"], strict=True))
    }
    for row in lc.itertuples():
        day0, day1 = row.date_from.date().isoformat(), row.date_to.date().isoformat()
        nb = row.numbers_before.split(";") if row.numbers_before else []
        na = row.numbers_after.split(";") if row.numbers_after else []
        if row.event in ("continue", "growth", "contraction"):
            assert f"flow-{nb[0]}-{na[0]}-{day0}" in gids
        elif row.event == "merge":
            assert {f"flow-{b}-{na[0]}-{day0}" for b in nb} <= gids
            assert f"merge-{'-'.join(nb + na)}-{day1}" in marks
        elif row.event == "split":
            assert {f"flow-{nb[0]}-{a}-{day0}" for a in na} <= gids
            assert f"split-{'-'.join(nb + na)}-{day1}" in marks
        elif row.event == "birth":
            assert f"birth-{na[0]}-{day1}" in marks
        else:
            assert f"death-{nb[0]}-{day1}" in marks
    kinds = [m.split("-")[0] for m in marks]
    assert len(kinds) == int(lc["event"].isin(["birth", "death", "merge", "split"]).sum())
    # bars in their community's colour
    for p in ax.patches:
        gid = p.get_gid() or ""
        if gid.startswith("community-"):
            assert to_hex(p.get_facecolor()) == community_color(int(gid.split("-")[1]))
    out = militnet.plot.save(ax, tmp_path / "lifecycle.png")
    assert out.stat().st_size > 20_000
    a = militnet.plot.save(ax, tmp_path / "a.svg").read_bytes()
    plt.close(ax.figure)
    ax = militnet.plot.lifecycle(afpak, "2007-01-01", "2023-01-01")
    assert militnet.plot.save(ax, tmp_path / "b.svg").read_bytes() == a
    plt.close(ax.figure)


def test_lifecycle_explains_events_with_splits_and_mergers(afpak):
    lc = militnet.community_lifecycle(afpak, "2010-01-01", "2020-01-01", min_size=3)
    explained = lc[lc["relations"] != ""]
    assert len(explained)
    verb = {"split": "split from", "merger": "merged into"}
    names = afpak.groups["name"]
    for _, row in explained.iterrows():
        for rid in row["relations"].split(";"):
            r = afpak.relations.loc[rid]
            said = f"{rid}: {names[r['source']]} {verb[r['type']]} {names[r['target']]}"
            assert said in row["explained_by"], (rid, row["explained_by"])
    # the Islamic State's break with al-Qaeda explains a 2014-15 change
    rows = lc[lc["relations"].str.split(";").apply(lambda ids: "r026" in ids)]
    assert "r026: Islamic State split from al-Qaeda (2014-02-03)" in rows["explained_by"].iloc[0]


@pytest.mark.browser
def test_page_legend_in_numeric_order_in_chromium(afpak, tmp_path):
    sync_api = pytest.importorskip("playwright.sync_api")
    chromium = shutil.which("chromium")
    if chromium is None:
        pytest.skip("no chromium on PATH")
    page_file = tmp_path / "page.html"
    page_file.write_text(
        render_html(afpak, at="2021-09-15", color_by="community"), encoding="utf-8"
    )
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium, args=["--headless", "--no-sandbox"])
        page = b.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(page_file.as_uri())
        page.wait_for_selector("#mn-legend-nodes .mn-legend-row")
        rows = page.locator("#mn-legend-nodes .mn-legend-row").all_inner_texts()
        swatches = page.eval_on_selector_all(
            "#mn-legend-nodes .mn-swatch",
            "els => els.map(e => getComputedStyle(e).backgroundColor)",
        )
        b.close()
    assert not errors
    data = build_data(afpak, at="2021-09-15", color_by="community")["colors"]
    assert len(rows) == len(data["labels"]) >= 3
    numbers = [int(r.split(" · ")[0].split()[1]) for r in rows[:-1]]
    assert numbers == sorted(numbers)  # 6, 9, 10: not "10, 6, 9"
    assert rows[-1].startswith("in no community of 3+")
    assert len(set(swatches)) == len(rows)


def test_numbers_follow_merges_and_splits_by_hand():
    # 2010-2011: {a,b,c,d,h,i} (a 6-clique) and {e,f,g}; 2012: the cross ties end
    # and the clique splits into {a,b,c} + {d,h,i}; 2014: {a,b,c} merges with {e,f,g}
    def clique(ms, start, end="", tag=""):
        return [(f"{tag}{u}{v}", u, v, start, end) for i, u in enumerate(ms) for v in ms[i + 1 :]]

    rows = (
        clique("abc", "2010", "2014", "x")
        + clique("dhi", "2010", "", "z")
        + [(f"c{u}{v}", u, v, "2010", "2012") for u in "abc" for v in "dhi"]
        + clique("efg", "2010", "2014", "y")
        + clique("abcefg", "2014", "", "w")
    )
    net = Network(
        [Group(g, g.upper(), founded="2000") for g in "abcdefghi"],
        [
            Relation(r, u, v, "alliance", start=s, end=e, last_attested="" if e else "2016")
            for r, u, v, s, e in rows
        ],
    )
    tr = militnet.community_tracks(net, "2011-01-01", "2015-01-01", freq="YS")
    num = {(d.year, g): n for d, g, n in zip(tr["date"], tr["group"], tr["community"], strict=True)}
    first, other = num[(2011, "a")], num[(2011, "e")]
    assert {first, other} == {1, 2}  # traced from 2000; both born in 2010, larger first
    assert first == 1
    # the split: {a,b,c} and {d,h,i} overlap the old clique alike (3/6): the first
    # in the group table keeps the number, the other is new
    assert num[(2012, "a")] == first and num[(2012, "d")] == 3
    # the merge: {a,b,c} and {e,f,g} overlap {a,...,g} alike (3/6): the older number
    assert num[(2014, "e")] == num[(2014, "a")] == first
    lc = militnet.community_lifecycle(net, "2011-01-01", "2015-01-01", min_size=3)
    assert set(lc["event"]) >= {"split", "merge"}
    split = lc[lc["event"] == "split"].iloc[0]
    assert split["numbers_before"] == str(first)
    assert set(split["numbers_after"].split(";")) == {str(first), "3"}
    merge = lc[lc["event"] == "merge"].iloc[0]
    assert set(merge["numbers_before"].split(";")) == {str(first), str(other)}
    assert merge["numbers_after"] == str(first)
    # the same numbers whatever window is asked for
    late = militnet.community_tracks(net, dates=["2015-01-01"])
    assert dict(zip(late["group"], late["community"], strict=True)) == {
        g: n for (y, g), n in num.items() if y == 2015
    }
    with pytest.raises(militnet.MilitnetError, match="threshold"):
        militnet.community_tracks(net, dates=["2015-01-01"], threshold=0)
