"""Figures: structure (artists, legends, limits), errors, and byte-identical saves."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import matplotlib
import pytest

matplotlib.use("Agg")

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
from matplotlib.patches import FancyArrowPatch, Rectangle

import militnet
import militnet.plot as mplot
from militnet._views.style import CONFIDENCE_OPACITY, RELATION_STYLES


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _legend_labels(ax) -> list[str]:
    return [t.get_text() for t in ax.get_legend().get_texts()]


def _relation_patches(ax) -> dict[str, FancyArrowPatch]:
    return {
        p.get_gid().removeprefix("relation-"): p
        for p in ax.patches
        if isinstance(p, FancyArrowPatch) and (p.get_gid() or "").startswith("relation-")
    }


def _connectors(ax) -> dict[str, object]:
    return {
        a.get_gid().removeprefix("relation-"): a
        for a in ax.texts
        if (a.get_gid() or "").startswith("relation-")
    }


# -- network ----------------------------------------------------------------------
def test_network_draws_one_styled_edge_per_active_relation(tiny):
    ax = mplot.network(tiny, at="2016-07-01", size_by=None)
    G = tiny.at("2016-07-01")
    patches = _relation_patches(ax)
    assert set(patches) == {k for *_, k in G.edges(keys=True)}
    for rid, p in patches.items():
        d = tiny.relation(rid)
        st = RELATION_STYLES[d.type]
        assert matplotlib.colors.to_hex(p.get_edgecolor()) == st.color
        assert p.get_alpha() == CONFIDENCE_OPACITY[d.confidence]
        assert (p.get_arrowstyle().__class__.__name__ == "CurveFilledB") == st.arrow
    nodes = ax.collections[0]
    assert len(nodes.get_offsets()) == G.number_of_nodes()
    # the default leaves alleged relations out, and the title says so
    assert ax.get_title().startswith(
        "Tiny — 1 Jul 2016\nall relation types (reported or firmer), lapse 5y"
    )


def test_network_parallel_relations_bend_apart():
    net = militnet.Network(
        groups=[{"id": "a", "name": "A"}, {"id": "b", "name": "B"}],
        relations=[
            {
                "id": "r1",
                "source": "a",
                "target": "b",
                "type": "alliance",
                "start": "2010",
                "confidence": "confirmed",
            },
            {
                "id": "r2",
                "source": "b",
                "target": "a",
                "type": "pledge",
                "start": "2011",
                "confidence": "alleged",
            },
        ],
    )
    everything = militnet.TiePolicy.all_types(min_confidence="alleged")
    ax = mplot.network(net, at="2012-01-01", size_by=None, color_by=None, policy=everything)
    rads = {rid: p.get_connectionstyle().rad for rid, p in _relation_patches(ax).items()}
    # opposite stored directions, so the same sign of curvature means opposite sides
    assert rads["r1"] != 0 and rads["r1"] == pytest.approx(rads["r2"])


def test_network_legend_lists_drawn_types_confidence_and_colours(tiny):
    ax = mplot.network(tiny, at="2016-07-01", color_by="country")
    labels = _legend_labels(ax)
    drawn = {d["type"] for *_, d in tiny.at("2016-07-01").edges(data=True)}
    assert [x for x in labels if x in {s.label for s in RELATION_STYLES.values()}] == [
        RELATION_STYLES[t].label for t in militnet.RELATION_TYPES if t in drawn
    ]
    assert {"relation", "confidence", "country", "Pakistan", "Afghanistan"} <= set(labels)
    assert "rivalry" in labels and "merger (folds into)" not in labels


def test_network_sizes_follow_the_measure(tiny):
    ax = mplot.network(tiny, at="2016-07-01", size_by="degree", labels="id")
    sizes = dict(zip([t.get_text() for t in ax.texts], ax.collections[0].get_sizes(), strict=True))
    deg = militnet.centrality(tiny, at="2016-07-01", measures="degree")["degree"]
    assert max(sizes, key=sizes.get) == deg.idxmax()
    assert sizes["jundallah-pk"] > sizes["jua"] or deg["jundallah-pk"] <= deg["jua"]


def test_network_options_and_errors(tiny):
    _fig, ax = plt.subplots()
    assert (
        mplot.network(
            tiny,
            at="2016-07-01",
            ax=ax,
            layout="snapshot",
            color_by="community",
            isolates=False,
            community_min_size=2,
        )
        is ax
    )
    assert any(t.startswith("community ") for t in _legend_labels(ax))
    with pytest.raises(militnet.MilitnetError, match="colour by"):
        mplot.network(tiny, at="2016-07-01", color_by="nope")
    with pytest.raises(militnet.MilitnetError, match="size by"):
        mplot.network(tiny, at="2016-07-01", size_by="fame")
    with pytest.raises(militnet.DateError):
        mplot.network(tiny, at="2016")


def test_network_layout_is_seeded(tiny):
    a = mplot.network(tiny, at="2016-07-01", seed=3).collections[0].get_offsets()
    b = mplot.network(tiny, at="2016-07-01", seed=3).collections[0].get_offsets()
    c = mplot.network(tiny, at="2016-07-01", seed=4).collections[0].get_offsets()
    assert (a == b).all() and not (a == c).all()


# -- timeline -----------------------------------------------------------------------
def test_timeline_rows_bars_and_connectors(tiny):
    ax = mplot.timeline(tiny, groups=["TTP", "JuA", "ISKP", "Jundallah (Pakistan)"], untangle=False)
    rows = [t.get_text() for t in ax.get_yticklabels()]
    assert rows[0] == "Jundallah (Pakistan)"  # founded first (2004), in reading order
    assert set(rows) == {
        "Tehrik-i-Taliban Pakistan",
        "Jamaat-ul-Ahrar",
        "Islamic State Khorasan Province",
        "Jundallah (Pakistan)",
    }
    y = {name: i for i, name in enumerate(rows)}
    conn = _connectors(ax)
    # default types: split, merger, pledge, alliance (not rivalry); r6 has no start;
    # r4 is alleged, left out by default
    assert set(conn) == {"r1", "r2", "r3", "r7"}
    r1 = conn["r1"]  # JuA splits from TTP, 2014-08: arrow from JuA's row to TTP's
    assert r1.xy[1] == y["Tehrik-i-Taliban Pakistan"]
    assert r1.xyann[1] == y["Jamaat-ul-Ahrar"]
    assert mdates.num2date(r1.xy[0]).date() == dt.date(2014, 8, 1)
    assert "1 relation without a documented start not drawn" in ax.get_xlabel()
    bars = [p for p in ax.patches if isinstance(p, Rectangle)]
    # JuA: solid bar plus light bands for its month-precision founding and end
    jua = [b for b in bars if b.get_y() == pytest.approx(y["Jamaat-ul-Ahrar"] - 0.22)]
    assert len(jua) == 3
    assert "split (breaks away from)" in _legend_labels(ax)


def test_timeline_limits_types_and_errors(tiny):
    ax = mplot.timeline(
        tiny, policy=militnet.TiePolicy(types=["rivalry"]), start="2000-01-01", end="2025-01-01"
    )
    assert set(_connectors(ax)) == {"r5"}
    assert [mdates.num2date(x).date() for x in ax.get_xlim()] == [
        dt.date(2000, 1, 1),
        dt.date(2025, 1, 1),
    ]
    lineage_and_cooperation = ("split", "merger", "pledge", "alliance")
    ax = mplot.timeline(
        tiny, policy=militnet.TiePolicy(types=lineage_and_cooperation, min_confidence="confirmed")
    )
    assert set(_connectors(ax)) == {"r1", "r2", "r7"}
    with pytest.raises(militnet.AmbiguousNameError):
        mplot.timeline(tiny, groups=["Jundallah"])
    with pytest.raises(militnet.MilitnetError, match="before it starts"):
        mplot.timeline(tiny, start="2020-01-01", end="2010-01-01")


# -- series ---------------------------------------------------------------------------
def test_series_lines_per_group(tiny):
    df = tiny.series("2010-01-01", "2020-01-01", measures=["degree", "pagerank"])
    ax = mplot.series(df, measure="degree", groups=["ttp", "Jamaat-ul-Ahrar"], net=tiny)
    lines = ax.get_lines()
    assert [ln.get_label() for ln in lines] == ["Tehrik-i-Taliban Pakistan", "Jamaat-ul-Ahrar"]
    assert len(lines[0].get_xdata()) == 11
    assert ax.get_ylabel() == "degree"
    ax = mplot.series(df[df["measure"] == "pagerank"], top=2)
    assert len(ax.get_lines()) == 2


def test_series_errors(tiny):
    df = tiny.series("2010-01-01", "2012-01-01", measures=["degree", "pagerank"])
    with pytest.raises(militnet.MilitnetError, match="several measures"):
        mplot.series(df)
    with pytest.raises(militnet.MilitnetError, match="not in the table"):
        mplot.series(df, measure="betweenness")
    with pytest.raises(militnet.MilitnetError, match="lacks column"):
        mplot.series(df.drop(columns="measure"))


# -- saving ---------------------------------------------------------------------------
@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["png", "svg", "pdf"])
def test_saves_are_byte_identical(tiny, tmp_path, fmt):
    out = []
    for i in (1, 2):
        ax = mplot.network(tiny, at="2016-07-01", color_by="orientation")
        mplot.timeline(tiny, ax=plt.figure().add_subplot())
        out.append(mplot.save(ax, tmp_path / f"n{i}.{fmt}", dpi=60).read_bytes())
    assert out[0] == out[1]
    assert len(out[0]) > 1000


def test_import_militnet_plot_is_lazy():
    code = (
        "import sys, militnet\np = militnet.plot\nprint('matplotlib' in sys.modules, p.__name__)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    assert out == ["False", "militnet.plot"]


def test_network_sizes_and_communities_follow_the_drawn_date_policy():
    # r1 starts in "2016": active on 2016-07-01 under "earliest", not under "strict"
    net = militnet.Network(
        groups=[militnet.Group(g, g.upper(), founded="2000") for g in "abcd"],
        relations=[
            militnet.Relation("r1", "a", "b", "alliance", start="2016"),
            militnet.Relation("r2", "b", "c", "alliance", start="2000"),
            militnet.Relation("r3", "c", "d", "alliance", start="2000"),
        ],
    )
    ax = mplot.network(
        net,
        at="2016-07-01",
        policy=militnet.TiePolicy.all_types(date_policy="strict", stale_after=None),
        size_by="degree",
        labels="id",
        color_by="community",
    )
    assert set(_relation_patches(ax)) == {"r2", "r3"}
    sizes = dict(zip([t.get_text() for t in ax.texts], ax.collections[0].get_sizes(), strict=True))
    # the drawn graph: a has no tie (smallest), b and d one, c two
    assert sizes["a"] < sizes["b"] == sizes["d"] < sizes["c"]
    # a, without ties on the drawn day, is in no community (grey); b, c, d are one
    colours = dict(
        zip(
            [t.get_text() for t in ax.texts],
            map(tuple, ax.collections[0].get_facecolors()),
            strict=True,
        )
    )
    assert colours["a"] != colours["b"]


def test_save_to_an_unknown_format_is_a_militnet_error(tiny, tmp_path):
    ax = mplot.network(tiny, at="2016-07-01")
    with pytest.raises(militnet.MilitnetError, match="format 'xyz'"):
        mplot.save(ax, tmp_path / "figure.xyz")
    assert not (tmp_path / "figure.xyz").exists()


@pytest.fixture(scope="module")
def lapsing_net() -> militnet.Network:
    from militnet import Group, Relation

    return militnet.Network(
        groups=[
            Group("a", "Alpha", founded="2000", orientation="jihadist"),
            Group("b", "Beta", founded="2000", orientation="nationalist"),
            Group("c", "Gamma", founded="2000", orientation="sectarian"),
            Group("d", "Delta", founded="2000", orientation="jihadist"),
        ],
        relations=[
            Relation("r1", "a", "b", "alliance", start="2005", last_attested="2012-06"),
            Relation("r2", "b", "c", "pledge", start="2014-03", end="2019"),
            Relation("r3", "c", "d", "alliance", start="2016"),
        ],
    )


def _gids(ax) -> set[str]:
    return {a.get_gid() for a in ax.get_children() + ax.lines if a.get_gid()}


def test_timeline_draws_relation_ends_and_lapse_days(lapsing_net):
    import matplotlib.dates as mdates

    ax = militnet.plot.timeline(lapsing_net, start="2000-01-01", end="2030-01-01")
    by_gid = {ln.get_gid(): ln for ln in ax.lines if ln.get_gid()}
    assert set(by_gid) == {"relation-end-r2", "relation-lapse-r1", "relation-lapse-r3"}
    assert mdates.num2date(by_gid["relation-lapse-r1"].get_xdata()[0]).date() == (
        dt.date(2017, 6, 1)
    )  # last attested 2012-06 + 5 years
    assert mdates.num2date(by_gid["relation-end-r2"].get_xdata()[0]).date() == dt.date(2019, 1, 1)
    ax.figure.clf()
    never = militnet.plot.timeline(
        lapsing_net,
        start="2000-01-01",
        end="2030-01-01",
        policy=militnet.TiePolicy(
            types=("split", "merger", "pledge", "alliance"), stale_after=None
        ),
    )
    assert {ln.get_gid() for ln in never.lines if ln.get_gid()} == {"relation-end-r2"}
    never.figure.clf()


def test_network_marks_ties_unattested_for_five_years_when_kept(lapsing_net):
    kept = militnet.plot.network(
        lapsing_net, "2018-06-01", policy=militnet.TiePolicy.all_types(stale_after=None)
    )
    marked = {
        p.get_gid() for p in kept.patches if p.get_label() == ("unattested for more than 5 years")
    }
    assert marked == {"relation-r1"}
    assert "unattested for more than 5 years" in [
        t.get_text() for t in kept.get_legend().get_texts()
    ]
    kept.figure.clf()
    default = militnet.plot.network(lapsing_net, "2018-06-01")
    gids = {p.get_gid() for p in default.patches if p.get_gid()}
    assert "relation-r1" not in gids and "relation-r3" in gids  # r1 lapsed on 2017-06-01
    default.figure.clf()


def test_category_colours_are_the_same_whatever_subset_is_drawn(lapsing_net):
    from matplotlib.colors import to_hex

    from militnet._views.html import build_data

    data = build_data(lapsing_net)
    html = {
        lab: col
        for lab, col in zip(data["colors"]["labels"], data["colors"]["colors"], strict=True)
    }
    for subset in (["b", "c"], ["c", "d"], ["a", "b", "c", "d"]):
        ax = militnet.plot.timeline(lapsing_net, subset, start="2000-01-01", end="2030-01-01")
        texts, handles = ax.get_legend().get_texts(), ax.get_legend().legend_handles
        shown = {
            t.get_text(): to_hex(h.get_facecolor())
            for t, h in zip(texts, handles, strict=True)
            if t.get_text() in html
        }
        assert shown and all(html[k] == v for k, v in shown.items())
        ax.figure.clf()
    ax = militnet.plot.network(lapsing_net, "2016-06-01")
    node_cols = [to_hex(c) for c in ax.collections[0].get_facecolors()]
    groups = lapsing_net.groups
    assert node_cols == [html[groups.at[g, "orientation"]] for g in groups.index]
    ax.figure.clf()


def test_a_cell_with_several_values_takes_the_first_values_colour():
    from militnet._views.style import category_palette

    net = militnet.Network(
        groups=[
            {"id": "a", "name": "A", "orientation": "jihadist;nationalist"},
            {"id": "b", "name": "B", "orientation": "nationalist"},
        ],
        relations=[
            {
                "id": "r1",
                "source": "a",
                "target": "b",
                "type": "alliance",
                "start": "2010",
                "confidence": "reported",
            }
        ],
    )
    ax = mplot.network(net, at="2012-01-01", color_by="orientation", size_by=None)
    colours = [matplotlib.colors.to_hex(c) for c in ax.collections[0].get_facecolors()]
    palette = category_palette(net, "orientation")
    assert colours[0] == palette["jihadist"] and colours[1] == palette["nationalist"]


def test_every_category_gets_its_own_colour_on_afpak():
    """afpak's orientations are more than the colour-blind-safe set: none may repeat
    (two orientations drawn in one colour read as one)."""
    from militnet._views.style import NODE_COLOR, category_palette

    net = militnet.load_dataset("afpak")
    palette = category_palette(net, "orientation")
    named = {v: c for v, c in palette.items() if v}
    assert len(named) > 8
    assert len(set(named.values())) == len(named)
    assert NODE_COLOR not in named.values()
