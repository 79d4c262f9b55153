"""plot.network labels, measured on the renderer: no collisions, whole words,
font size, node-size legend and default title."""

from __future__ import annotations

import itertools
import math

import matplotlib
import pytest

matplotlib.use("Agg")

import matplotlib.pyplot as plt

import militnet
import militnet.plot as mplot


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _boxes(ax):
    """(text, pixel box, node index or None) of every visible text of the axes: the
    labels (gid ``label-<group>``, in node order) and any other text such as the
    footnote naming hidden labels."""
    fig = ax.figure
    fig.draw_without_rendering()
    r = fig.canvas.get_renderer()
    out, k = [], 0
    for t in ax.texts:
        node = None
        if (t.get_gid() or "").startswith("label-"):
            node, k = k, k + 1
        if t.get_visible():
            out.append((t.get_text(), t.get_window_extent(r), node))
    return out, r


def _labels(ax):
    return [t for t in ax.texts if (t.get_gid() or "").startswith("label-")]


def _markers(ax, r):
    """(centre in pixels, radius in pixels) of every node marker, in node order."""
    coll = ax.collections[0]
    centres = ax.transData.transform(coll.get_offsets())
    radii = [math.sqrt(s) / 2 * ax.figure.dpi / 72 for s in coll.get_sizes()]
    return list(zip(centres, radii, strict=True))


def _collisions(ax):
    """Overlaps among what is drawn: visible texts with each other, and with
    every marker but their own node's."""
    boxes, r = _boxes(ax)
    out = [(a, b) for (a, ea, _), (b, eb, _) in itertools.combinations(boxes, 2) if ea.overlaps(eb)]
    markers = _markers(ax, r)
    for name, e, node in boxes:
        for j, ((x, y), rad) in enumerate(markers):
            if node == j:
                continue
            # the nearest point of the box to the marker's centre lies outside the marker
            nx, ny = min(max(x, e.x0), e.x1), min(max(y, e.y0), e.y1)
            if math.hypot(nx - x, ny - y) < rad:
                out.append((name, f"marker {j}"))
    return out


@pytest.mark.slow
@pytest.mark.parametrize("day", ["2001-09-10", "2016-10-24", "2021-09-15", "2025-01-01"])
def test_afpak_labels_do_not_collide(day):
    net = militnet.load_dataset("afpak")
    ax = mplot.network(net, day)
    G = net.at(day)
    nodes = list(G.nodes)
    labels = _labels(ax)
    assert [t.get_gid() for t in labels] == [f"label-{g}" for g in nodes]
    assert _collisions(ax) == []
    names = {str(n) for n in net.groups["name"]}
    words = {w for n in names for w in n.split()}
    for t in labels:  # wrapped at spaces only: every line is made of whole words
        assert t.get_text().replace("\n", " ") in names
        assert all(w in words for line in t.get_text().split("\n") for w in line.split())
    # labels with no free spot are hidden, and the figure says which
    hidden = [g for g, t in zip(nodes, labels, strict=True) if not t.get_visible()]
    notes = [t for t in ax.texts if t.get_gid() == "hidden-labels"]
    if hidden:
        assert len(notes) == 1 and notes[0].get_visible()
        note = notes[0].get_text().replace("\n", " ")
        assert note.startswith(f"{len(hidden)} label{'s' if len(hidden) > 1 else ''} hidden")
        for g in hidden:
            assert str(G.nodes[g]["name"]) in note
    else:
        assert notes == []
    assert len(hidden) <= 0.2 * len(nodes)  # most groups keep their label
    # the groups with most ties (and the biggest markers) always keep theirs
    deg = sorted(nodes, key=lambda g: -G.degree(g))[:5]
    sizes = ax.collections[0].get_sizes()
    big = [nodes[i] for i in sorted(range(len(nodes)), key=lambda i: -sizes[i])[:5]]
    assert not set(deg + big) & set(hidden)


def test_hidden_labels_are_named_in_a_footnote():
    # forty long-named groups on a small figure: not all labels fit
    groups = [
        militnet.Group(f"g{i}", f"Lashkar Brigade of the Northern Front {i}", founded="2000")
        for i in range(40)
    ]
    rel = [
        militnet.Relation(f"r{i}", f"g{i}", "g0", "alliance", start="2001") for i in range(1, 40)
    ]
    ax = mplot.network(militnet.Network(groups=groups, relations=rel), "2005-01-01", figsize=(6, 4))
    assert _collisions(ax) == []
    hidden = [t for t in _labels(ax) if not t.get_visible()]
    assert hidden
    (note,) = [t for t in ax.texts if t.get_gid() == "hidden-labels"]
    text = note.get_text().replace("\n", " ")
    assert text.startswith(f"{len(hidden)} labels hidden")
    named = [t for t in hidden if t.get_text().replace("\n", " ") in text]
    assert named  # as many as fit in four lines, the rest counted
    assert len(note.get_text().split("\n")) <= 4
    if len(named) < len(hidden):
        assert text.endswith(f"and {len(hidden) - len(named)} more")
    assert _labels(ax)[0].get_visible()  # the hub keeps its label


def _crowded() -> militnet.Network:
    """Twelve groups with long names, all tied to one hub: labels must make room."""
    groups = [
        militnet.Group(
            f"g{i}",
            f"Harkat-ul-Mujahideen Faction Number {i}",
            founded="2000",
            orientation=("a", "b", "c")[i % 3],
        )
        for i in range(12)
    ]
    rel = [
        militnet.Relation(f"r{i}", f"g{i}", "g0", "alliance", start="2001") for i in range(1, 12)
    ]
    return militnet.Network(groups=groups, relations=rel)


def test_crowded_labels_do_not_collide_and_words_stay_whole():
    ax = mplot.network(_crowded(), "2005-01-01", label_width=10, figsize=(8, 5))
    assert _collisions(ax) == []
    for t in ax.texts:
        lines = t.get_text().split("\n")
        assert lines[0] == "Harkat-ul-Mujahideen"  # longer than label_width, never cut
        assert " ".join(lines).startswith("Harkat-ul-Mujahideen Faction Number")


def test_fontsize_scales_labels_legend_and_title():
    net = _crowded()
    small = mplot.network(net, "2005-01-01", fontsize=8)
    big = mplot.network(net, "2005-01-01", fontsize=14)
    assert {t.get_fontsize() for t in small.texts} == {8}
    assert {t.get_fontsize() for t in big.texts} == {14}
    assert big.get_legend().get_texts()[0].get_fontsize() == pytest.approx(12.6)
    assert big.title.get_fontsize() > small.title.get_fontsize()
    assert _collisions(big) == []


def test_node_size_legend_names_the_measure_and_spans_the_values(tiny):
    ax = mplot.network(tiny, "2016-07-01", size_by="degree")
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "node size: degree" in labels
    deg = militnet.centrality(tiny, "2016-07-01", measures="degree")["degree"]
    after = [x for x in labels[labels.index("node size: degree") + 1 :] if x.strip()]
    assert after[0] == f"{deg.max():.0f}"
    handles = ax.get_legend().legend_handles
    sized = [h.get_markersize() for h, t in zip(handles, labels, strict=True) if t in after]
    assert sized == sorted(sized, reverse=True)
    # the largest legend marker has the area of the largest node
    assert sized[0] ** 2 == pytest.approx(max(ax.collections[0].get_sizes()))
    none = mplot.network(tiny, "2016-07-01", size_by=None)
    assert not any(t.get_text().startswith("node size") for t in none.get_legend().get_texts())


def test_default_title_names_dataset_day_and_policy(tiny):
    ax = mplot.network(
        tiny,
        "2016-07-01",
        policy=militnet.TiePolicy(
            types=["alliance", "pledge"], min_confidence="reported", stale_after=None
        ),
    )
    assert ax.get_title() == (
        "Tiny — 1 Jul 2016\nalliance+pledge relations (reported or "
        "firmer), no lapse · size: degree over alliance+pledge ties"
    )
    assert mplot.network(tiny, "2016-07-01", title="T").get_title() == "T"


def test_repel_step_separates_labels_from_labels_and_markers():
    import numpy as np

    from militnet.plot import _labels

    rng = np.random.default_rng(3)
    anchors = np.column_stack([rng.uniform(150, 650, 14), rng.uniform(100, 400, 14)])
    radii = np.full(14, 8.0)
    sizes = np.column_stack([rng.uniform(60, 120, 14), np.full(14, 18.0)])
    centres, left = _labels.place(anchors, radii, sizes, np.zeros((0, 4)), (0, 0, 800, 500))
    assert left == 0
    boxes = [
        (c[0] - w / 2, c[1] - h / 2, c[0] + w / 2, c[1] + h / 2)
        for c, (w, h) in zip(centres, sizes, strict=True)
    ]
    for a, b in itertools.combinations(boxes, 2):  # checked here, not by the module
        assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]
    for x0, y0, x1, y1 in boxes:
        for (x, y), r in zip(anchors, radii, strict=True):
            nx, ny = min(max(x, x0), x1), min(max(y, y0), y1)
            assert math.hypot(nx - x, ny - y) >= r
        assert x0 >= 0 and x1 <= 800 and y0 >= 0 and y1 <= 500
    # every label still next to its own node
    assert max(math.hypot(*(c - a)) for c, a in zip(centres, anchors, strict=True)) < 150


# -- timeline: rows untangled, lineages selectable ------------------------------------
def _bars_crossed(ax) -> int:
    """Connectors (annotations with a relation gid) passing over a bar of a row
    between their ends, measured on the drawn artists."""
    from matplotlib.patches import Rectangle

    bars = [
        (p.get_x(), p.get_x() + p.get_width(), p.get_y() + p.get_height() / 2)
        for p in ax.patches
        if isinstance(p, Rectangle) and p.get_alpha() == 0.85
    ]
    crossed = 0
    for a in ax.texts:
        if not (a.get_gid() or "").startswith("relation-"):
            continue
        x, y1 = a.xy
        _, y0 = a.xyann
        lo, hi = sorted((y0, y1))
        crossed += sum(1 for b0, b1, yb in bars if lo < yb < hi and b0 <= x <= b1)
    return crossed


def test_timeline_rows_are_untangled():
    # reading order a, b, d, c: the a–c split of 2006 would cross the bars of b and d
    net = militnet.Network(
        groups=[militnet.Group(g, g.upper(), founded=f"{2000 + i}") for i, g in enumerate("abcd")],
        relations=[
            militnet.Relation("r1", "b", "a", "split", start="2005"),
            militnet.Relation("r2", "c", "a", "split", start="2006"),
            militnet.Relation("r3", "b", "d", "alliance", start="2010"),
        ],
    )
    tangled = mplot.timeline(net, untangle=False, start="1999-01-01", end="2012-01-01")
    assert [t.get_text() for t in tangled.get_yticklabels()] == ["A", "B", "D", "C"]
    assert _bars_crossed(tangled) == 2
    ax = mplot.timeline(net, start="1999-01-01", end="2012-01-01")
    assert _bars_crossed(ax) == 0
    rows = [t.get_text() for t in ax.get_yticklabels()]
    for s, t in (("A", "B"), ("A", "C"), ("B", "D")):  # related groups are adjacent
        assert abs(rows.index(s) - rows.index(t)) == 1


@pytest.mark.slow
def test_timeline_untangling_lowers_crossings_on_afpak_ttp_family():
    net = militnet.load_dataset("afpak")
    fam = net.lineage("TTP")
    ax = mplot.timeline(net, fam)
    assert {t.get_text() for t in ax.get_yticklabels()} == {
        militnet.plot._common.wrap(str(net.groups.at[g, "name"]), 32) for g in fam.groups
    }
    before = _bars_crossed(mplot.timeline(net, fam, untangle=False))
    assert _bars_crossed(ax) < before


def test_timeline_accepts_a_lineage(tiny):
    fam = tiny.lineage("ttp")
    a = mplot.timeline(tiny, fam)
    b = mplot.timeline(tiny, list(fam.groups))
    assert [t.get_text() for t in a.get_yticklabels()] == [
        t.get_text() for t in b.get_yticklabels()
    ]
