"""Every export read back by the tools people use: networkx (GEXF, GraphML),
igraph (GraphML) and graphology-gexf (Gephi Lite's parser, run in node)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
import warnings
from pathlib import Path

import networkx as nx
import pytest

import militnet
from militnet import Group, Relation, Source

NODE_READER = """
const fs = require('fs');
const Graph = require('graphology');
const {parse} = require('graphology-gexf');
const g = parse(Graph, fs.readFileSync(process.argv[2], 'utf-8'));
const edges = [];
g.forEachEdge((key, attrs, source, target, sa, ta, undirected) =>
  edges.push({key, source, target, undirected, attrs}));
const nodes = {};
g.forEachNode((key, attrs) => { nodes[key] = attrs; });
console.log(JSON.stringify({type: g.type, order: g.order, size: g.size, nodes, edges}));
"""


@pytest.fixture
def net() -> militnet.Network:
    """Directed and undirected relations, parallel ones, markup and an extra column."""
    groups = [
        Group("a", 'Jaish & "Adl" <one>', aliases="A1;A2", founded="2007-12"),
        Group("b", "B group", founded="2010"),
        Group("c", "C", founded="2012-03-04"),
        Group("d", "D", founded="2001", ended="2019"),
    ]
    relations = [
        Relation(
            "r1",
            "b",
            "a",
            "split",
            start="2014-08",
            confidence="confirmed",
            evidence="b left a",
            sources="s1",
            extra={"origin": "x"},
        ),
        Relation(
            "r2",
            "a",
            "b",
            "alliance",
            start="2015",
            end="2016-06",
            confidence="reported",
            evidence="joint <attacks> & more",
            sources="s1",
        ),
        Relation(
            "r3",
            "a",
            "b",
            "alliance",
            start="2017",
            confidence="alleged",
            sources="s1;s2",
            extra={"origin": "y"},
        ),
        Relation("r4", "c", "a", "pledge", start="2013", confidence="reported", sources="s2"),
        Relation("r5", "d", "c", "rivalry", start="2014", confidence="reported", sources="s2"),
        Relation("r6", "d", "a", "merger", start="2018", confidence="confirmed", sources="s2"),
    ]
    return militnet.Network(
        groups, relations, [Source("s1", title="T1"), Source("s2")], metadata={"name": "readers"}
    )


def _expected(net: militnet.Network, types: list[str] | None) -> dict[str, dict]:
    """The relations a dynamic file of ``TiePolicy(types=types)`` holds."""
    from militnet._core.policy import confidence_rank

    rel = net.relations
    if types:
        rel = rel[rel.type.isin(types)]
    least = confidence_rank(militnet.TiePolicy(types=types).min_confidence)
    rel = rel[[confidence_rank(c) >= least for c in rel.confidence]]
    return {rid: r for rid, r in rel.iterrows()}


# -- networkx -------------------------------------------------------------------
@pytest.mark.parametrize(
    ("types", "directed"), [(["alliance", "rivalry"], False), (["pledge", "split", "merger"], True)]
)
def test_networkx_reads_gexf_when_all_edges_share_a_direction(tmp_path, net, types, directed):
    path = militnet.to_gexf(net, tmp_path / "g.gexf", policy=militnet.TiePolicy(types=types))
    G = nx.read_gexf(path)
    want = _expected(net, types)
    assert G.is_directed() == directed
    assert G.number_of_nodes() == len(net.groups)
    got = {d["id"]: (u, v, d) for u, v, d in G.edges(data=True)}
    assert set(got) == set(want)
    for rid, (u, v, d) in got.items():
        r = want[rid]
        if directed:
            assert (u, v) == (r.source, r.target)
        else:
            assert {u, v} == {r.source, r.target}
        assert d["relation_type"] == r.type and d["confidence"] == r.confidence
        assert d.get("evidence", "") == r.evidence
    assert G.nodes["a"]["label"] == 'Jaish & "Adl" <one>'
    assert G.nodes["a"]["aliases"] == "A1; A2"


def test_networkx_refuses_a_mixed_gexf_as_documented(tmp_path, net):
    text = militnet.to_gexf(net, tmp_path / "m.gexf").read_text("utf-8")
    assert 'defaultedgetype="directed"' in text
    with pytest.raises(nx.NetworkXError, match="Undirected edge found in directed graph"):
        nx.read_gexf(tmp_path / "m.gexf")


def test_static_gexf_of_undirected_snapshot_reads_in_networkx(tmp_path, net):
    path = militnet.to_gexf(
        net,
        tmp_path / "s.gexf",
        at="2015-06-01",
        policy=militnet.TiePolicy(types=["alliance", "rivalry"]),
    )
    G = nx.read_gexf(path)
    S = net.at("2015-06-01", policy=militnet.TiePolicy(types=["alliance", "rivalry"]))
    assert not G.is_directed()
    assert {d["id"] for *_, d in G.edges(data=True)} == {k for *_, k in S.edges(keys=True)}


def test_networkx_reads_graphml_with_relation_ids_as_edge_ids(tmp_path, net):
    path = militnet.to_graphml(net, tmp_path / "s.graphml", at="2018-06-01")
    G = nx.read_graphml(path, force_multigraph=True)
    S = net.at("2018-06-01")
    assert sorted(G.edges(keys=True)) == sorted(S.edges(keys=True))
    for u, v, k, d in G.edges(keys=True, data=True):
        assert "id" not in d and d["relation"] == k
        assert d["type"] == S.edges[u, v, k]["type"]
        assert d["directional"] == S.edges[u, v, k]["directional"]
    assert G.nodes["a"]["aliases"] == "A1;A2"


# -- igraph -----------------------------------------------------------------------
def test_igraph_reads_graphml_without_a_warning(tmp_path, net):
    igraph = pytest.importorskip("igraph")
    path = militnet.to_graphml(net, tmp_path / "s.graphml", at="2018-06-01")
    S = net.at("2018-06-01")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        g = igraph.Graph.Read_GraphML(str(path))
    assert g.is_directed() and g.vcount() == S.number_of_nodes()
    assert g.ecount() == S.number_of_edges()
    names = g.vs["id"]
    got = {
        e["relation"]: (names[e.source], names[e.target], e["type"], e["confidence"]) for e in g.es
    }
    want = {k: (u, v, d["type"], d["confidence"]) for u, v, k, d in S.edges(keys=True, data=True)}
    assert got == want


# -- graphology-gexf (node) -------------------------------------------------------
@pytest.fixture(scope="module")
def graphology() -> Path:
    """A folder with graphology and graphology-gexf installed from npm (cached)."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if not node or not npm:
        pytest.skip("node and npm are needed to run graphology-gexf")
    cache = Path(
        os.environ.get("MILITNET_NPM_CACHE", Path(tempfile.gettempdir()) / "militnet-graphology")
    )
    if not (cache / "node_modules" / "graphology-gexf").is_dir():
        cache.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [
                npm,
                "install",
                "--prefix",
                str(cache),
                "--no-audit",
                "--no-fund",
                "--silent",
                "graphology",
                "graphology-gexf",
            ],
            check=True,
            timeout=600,
            capture_output=True,
        )
    (cache / "read.js").write_text(NODE_READER, encoding="utf-8")
    return cache


def _graphology(folder: Path, path: Path) -> dict:
    out = subprocess.run(
        ["node", str(folder / "read.js"), str(path)],
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return json.loads(out.stdout)


@pytest.mark.parametrize(
    ("at", "types"),
    [
        (None, None),
        (None, ["alliance", "rivalry"]),
        (None, ["pledge", "split", "merger"]),
        ("2015-06-01", None),
        ("2018-06-01", ["alliance"]),
    ],
)
def test_graphology_reads_every_gexf(tmp_path, net, graphology, at, types):
    path = militnet.to_gexf(net, tmp_path / "g.gexf", at=at, policy=militnet.TiePolicy(types=types))
    g = _graphology(graphology, path)
    if at is None:
        want = _expected(net, types)
        nodes = set(net.groups.index)
    else:
        S = net.at(at, policy=militnet.TiePolicy(types=types))
        want = {k: net.relations.loc[k] for *_, k in S.edges(keys=True)}
        nodes = set(S.nodes)
    assert set(g["nodes"]) == nodes and g["order"] == len(nodes)
    assert g["size"] == len(want)
    kinds = {militnet.RELATION_TYPES[r.type].directed for r in want.values()}
    assert (
        g["type"]
        == {frozenset({True}): "directed", frozenset({False}): "undirected"}.get(
            frozenset(kinds), "mixed"
        )
        or not want
    )
    for e in g["edges"]:
        r = want[e["key"]]
        assert e["undirected"] == (not militnet.RELATION_TYPES[r.type].directed)
        if not e["undirected"]:
            assert (e["source"], e["target"]) == (r.source, r.target)
        a = e["attrs"]
        assert a["relation_type"] == r.type and a["confidence"] == r.confidence
        assert a.get("evidence", "") == r.evidence
        assert a.get("x_origin", "") == r.origin  # extra columns: attribute id x_<name>
        assert a["directional"] is militnet.RELATION_TYPES[r.type].directed
    assert g["nodes"]["a"]["label"] == 'Jaish & "Adl" <one>'
    assert g["nodes"]["a"]["aliases"] == "A1; A2"


# -- time in GEXF, on afpak: what each reader keeps (docs/howto/gephi.md) -----------------
@pytest.fixture(scope="module")
def afpak() -> militnet.Network:
    return militnet.load_dataset("afpak")


def _intervals(path: Path) -> dict[tuple[str, str], tuple[str | None, str | None]]:
    """(kind, id) → (start, end) as written on the element (None: open)."""
    from lxml import etree

    ns = {"g": "http://gexf.net/1.3"}
    root = etree.parse(str(path)).getroot()
    assert not root.findall(".//g:spells", ns)  # afpak: one interval per element
    return {
        (tag, el.get("id")): (el.get("start"), el.get("end"))
        for tag in ("node", "edge")
        for el in root.iterfind(f".//g:{tag}", ns)
    }


@pytest.mark.parametrize(
    "types",
    [["alliance", "rivalry"], ["pledge", "split", "merger"]],
    ids=["undirected", "directed"],
)
def test_networkx_reads_open_ends_as_missing_not_none(tmp_path, afpak, types):
    """networkx turns a missing spell bound into the string 'None'; militnet writes one
    interval as the element's start/end, which networkx leaves out when missing."""
    pol = militnet.TiePolicy.all_types(types=types, min_confidence="alleged")
    path = militnet.to_gexf(afpak, tmp_path / "t.gexf", policy=pol)
    G = nx.read_gexf(path)
    written = _intervals(path)
    values = [v for _, d in G.nodes(data=True) for v in d.values()]
    values += [v for *_, d in G.edges(data=True) for v in d.values()]
    assert "None" not in values and None not in values
    assert not any("spells" in d for _, d in G.nodes(data=True))
    opened = 0
    for n, d in G.nodes(data=True):
        start, end = written[("node", n)]
        assert (d.get("start"), d.get("end")) == (start, end)
        opened += end is None
    for *_, d in G.edges(data=True):
        assert (d.get("start"), d.get("end")) == written[("edge", d["id"])]
    assert opened > 0  # groups still active: the case that came back as 'None'
    assert G.number_of_edges() == sum(1 for k in written if k[0] == "edge")


def test_graphology_keeps_attributes_and_direction_but_not_time(tmp_path, afpak, graphology):
    """graphology-gexf (Gephi Lite's reader) reads the mixed, multi-edge history with
    every attribute and each edge's direction, and drops start/end: no timeline."""
    pol = militnet.TiePolicy.all_types(min_confidence="alleged")
    path = militnet.to_gexf(afpak, tmp_path / "a.gexf", policy=pol)
    g = _graphology(graphology, path)
    assert g["type"] == "mixed" and g["size"] == len(afpak.relations)
    assert g["order"] == len(afpak.groups)
    for e in g["edges"]:
        r = afpak.relations.loc[e["key"]]
        assert e["undirected"] == (not militnet.RELATION_TYPES[r.type].directed)
        assert e["attrs"]["relation_type"] == r.type
        assert e["attrs"].get("start_date", "") == r.start  # date strings stay, as attributes
        assert "start" not in e["attrs"] and "end" not in e["attrs"]
    assert all("start" not in a and "end" not in a for a in g["nodes"].values())


def test_igraph_keeps_the_snapshot_flags(tmp_path, afpak):
    igraph = pytest.importorskip("igraph")
    day = "2020-09-01"  # JuA and Hizb-ul-Ahrar merged into the TTP on 2020-08-17
    path = militnet.to_graphml(afpak, tmp_path / "s.graphml", at=day)
    g = igraph.Graph.Read_GraphML(str(path))
    S = afpak.at(day)
    assert g.ecount() == S.number_of_edges() and g.vcount() == S.number_of_nodes()
    alive = dict(zip(g.vs["id"], g.vs["alive"], strict=True))
    assert alive == {n: d["alive"] for n, d in S.nodes(data=True)}
    assert not alive["jua"] and not alive["hizb-ul-ahrar"] and alive["ttp"]
    for e in g.es:
        assert e["directional"] == militnet.RELATION_TYPES[e["type"]].directed
