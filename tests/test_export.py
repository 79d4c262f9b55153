"""Interchange formats: dynamic GEXF 1.3 (validated against the official grammar),
GraphML, node-link JSON and CSV snapshots, and ``militnet export``."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import networkx as nx
import pytest

import militnet
from militnet import Group, Relation, Source
from militnet.cli import main

etree = pytest.importorskip("lxml.etree")

SCHEMA = Path(__file__).parent / "data" / "gexf-1.3"
NS = {"g": "http://gexf.net/1.3"}


@pytest.fixture(scope="module")
def gexf_grammar():
    doc = etree.parse(str(SCHEMA / "gexf.rng"))
    root = doc.getroot()
    for inc in root.findall("{http://relaxng.org/ns/structure/1.0}include"):
        if inc.get("href") == "viz.rng":  # not shipped; militnet writes no viz: elements
            root.remove(inc)
    return etree.RelaxNG(doc)


def assert_valid(grammar, path: Path) -> etree._ElementTree:
    doc = etree.parse(str(path))
    assert grammar.validate(doc), grammar.error_log
    return doc


@pytest.fixture
def edgy() -> militnet.Network:
    """Awkward cases: markup in names, newlines, an undated relation, an interval
    that is empty under the default policy, a group with no dates at all, extras."""
    import pandas as pd

    groups = pd.DataFrame(
        [
            Group(
                "a",
                'Jaish & "Adl" <one>',
                founded="2007-12",
                notes="line 1\nline 2\tx",
                sources="s1",
            ).to_dict(),
            Group("b", "B", founded="2014-08", ended="2020-08-15", sources="s1").to_dict(),
            Group("c", "C").to_dict(),
        ]
    )
    groups["region"] = ["south", "", "north"]
    relations = [
        Relation("r1", "b", "a", "split", start="2014-08", confidence="confirmed", sources="s1"),
        Relation("r2", "b", "a", "merger", start="2020-08", confidence="confirmed", sources="s1"),
        Relation(
            "r3",
            "a",
            "c",
            "alliance",
            start="2010",
            end="2014-03-01",
            confidence="reported",
            evidence="joint <attacks> & more",
            sources="s1;s2",
        ),
        Relation("r4", "a", "c", "alliance", start="2015", confidence="alleged", sources="s2"),
        Relation("r5", "c", "b", "rivalry", start="", confidence="reported", sources="s1"),
        Relation(
            "r6",
            "c",
            "a",
            "pledge",
            start="2018-06",
            end="2018",
            confidence="reported",
            sources="s1",
        ),
    ]
    sources = [Source("s1", title="One"), Source("s2", title="Two")]
    return militnet.Network(groups, relations, sources, metadata={"name": "edgy"})


def _spells(doc, tag: str) -> dict[str, list[dict[str, str]]]:
    """Each element's intervals: its own start/end (one interval), or its spells."""
    out = {}
    for el in doc.getroot().iterfind(f".//g:{tag}", NS):
        own = {k: el.get(k) for k in ("start", "end") if el.get(k) is not None}
        spells = [dict(s.attrib) for s in el.iterfind("g:spells/g:spell", NS)]
        assert not (own and spells)  # one form or the other
        out[el.get("id")] = [own] if own else spells
    return out


def _attvalues(el) -> dict[str, str]:
    return {a.get("for"): a.get("value") for a in el.iterfind("g:attvalues/g:attvalue", NS)}


# -- GEXF ----------------------------------------------------------------------
def test_dynamic_gexf_of_the_bundled_dataset_is_valid(gexf_grammar, tmp_path):
    net = militnet.load_dataset("afpak")
    everything = militnet.TiePolicy.all_types(min_confidence="alleged")
    path = militnet.to_gexf(net, tmp_path / "afpak.gexf", policy=everything)
    doc = assert_valid(gexf_grammar, path)
    graph = doc.getroot().find("g:graph", NS)
    assert graph.get("mode") == "dynamic" and graph.get("timeformat") == "date"
    edges = doc.getroot().findall(".//g:edge", NS)
    assert sorted(e.get("id") for e in edges) == sorted(net.relations.index)
    # the default leaves the alleged relations out
    doc = assert_valid(gexf_grammar, militnet.to_gexf(net, tmp_path / "default.gexf"))
    edges = doc.getroot().findall(".//g:edge", NS)
    rel = net.relations
    assert sorted(e.get("id") for e in edges) == sorted(rel.index[rel["confidence"] != "alleged"])
    assert len(doc.getroot().findall(".//g:node", NS)) == len(net.groups)


def test_gexf_keeps_every_relation_of_a_pair_with_its_type(gexf_grammar, tmp_path, edgy):
    everything = militnet.TiePolicy.all_types(min_confidence="alleged")
    doc = assert_valid(gexf_grammar, militnet.to_gexf(edgy, tmp_path / "e.gexf", policy=everything))
    edges = {e.get("id"): e for e in doc.getroot().iterfind(".//g:edge", NS)}
    assert set(edges) == {"r1", "r2", "r3", "r4", "r5"}  # r6 has an empty interval
    assert [(edges[r].get("source"), edges[r].get("target")) for r in ("r1", "r2")] == [
        ("b", "a"),
        ("b", "a"),
    ]
    assert {r: _attvalues(edges[r])["relation_type"] for r in edges} == {
        "r1": "split",
        "r2": "merger",
        "r3": "alliance",
        "r4": "alliance",
        "r5": "rivalry",
    }
    assert {r: edges[r].get("type") for r in edges} == {
        "r1": "directed",
        "r2": "directed",
        "r3": "undirected",
        "r4": "undirected",
        "r5": "undirected",
    }
    r3 = _attvalues(edges["r3"])
    assert r3["confidence"] == "reported"
    assert r3["evidence"] == "joint <attacks> & more"
    assert r3["sources"] == "s1; s2"
    assert r3["directional"] == "false" and r3["sign"] == "1"


def test_gexf_spells_are_iso_days_open_ended_without_end(tmp_path, edgy):
    doc = etree.parse(
        str(
            militnet.to_gexf(
                edgy,
                tmp_path / "e.gexf",
                policy=militnet.TiePolicy.all_types(stale_after=None, min_confidence="alleged"),
            )
        )
    )
    e = _spells(doc, "edge")
    assert e["r3"] == [{"start": "2010-01-01", "end": "2014-03-01"}]
    assert e["r4"] == [{"start": "2015-01-01"}]  # still active: no end
    # undocumented start, no end: present throughout, but b is present past its end
    # (2020-08-15) as the absorbed side of the merger r2, so r5 is held to b's lifetime
    assert e["r5"] == [{"start": "2014-08-01", "end": "2020-08-15"}]
    # the merger r2 (2020-08) stays for its 12-month lineage window, and so does b
    assert e["r2"] == [{"start": "2020-08-01", "end": "2021-08-01"}]
    n = _spells(doc, "node")
    assert n["a"] == [{"start": "2007-12-01"}]
    assert n["b"] == [{"start": "2014-08-01", "end": "2021-08-01"}]
    b_node = next(el for el in doc.getroot().iterfind(".//g:node", NS) if el.get("id") == "b")
    assert _attvalues(b_node)["ended"] == "2020-08-15"
    # c has no dates: alive from its first dated evidence (r3, 2010) until its last
    # (r6, 2018-06) plus the default lapse of 5 years (docs/concepts.md)
    assert n["c"] == [{"start": "2010-01-01", "end": "2023-06-01"}]
    # the partial strings stay, so the precision is not lost
    edges = {el.get("id"): el for el in doc.getroot().iterfind(".//g:edge", NS)}
    assert _attvalues(edges["r3"])["start_date"] == "2010"
    nodes = {el.get("id"): el for el in doc.getroot().iterfind(".//g:node", NS)}
    assert _attvalues(nodes["a"])["founded"] == "2007-12"


def test_gexf_names_relations_left_out_for_an_empty_interval(tmp_path, edgy):
    doc = etree.parse(str(militnet.to_gexf(edgy, tmp_path / "e.gexf")))
    desc = doc.getroot().find("g:meta/g:description", NS).text
    assert "r6" in desc and edgy.content_hash in desc
    # under the lenient policy the same relation has a non-empty interval
    doc = etree.parse(
        str(
            militnet.to_gexf(
                edgy,
                tmp_path / "l.gexf",
                policy=militnet.TiePolicy.all_types(date_policy="lenient"),
            )
        )
    )
    assert _spells(doc, "edge")["r6"] == [{"start": "2018-06-01", "end": "2018-12-31"}]


def test_gexf_escapes_markup_and_keeps_newlines_and_extras(gexf_grammar, tmp_path, edgy):
    doc = assert_valid(gexf_grammar, militnet.to_gexf(edgy, tmp_path / "e.gexf"))
    node = next(n for n in doc.getroot().iterfind(".//g:node", NS) if n.get("id") == "a")
    assert node.get("label") == 'Jaish & "Adl" <one>'
    vals = _attvalues(node)
    assert vals["notes"] == "line 1\nline 2\tx"
    assert vals["x_region"] == "south"


@pytest.mark.parametrize(
    "day",
    [
        "2009-12-31",
        "2010-01-01",
        "2014-02-28",
        "2014-03-01",
        "2014-08-01",
        "2015-01-01",
        "2020-08-14",
        "2020-08-15",
    ],
)
def test_gexf_spells_agree_with_snapshots(tmp_path, edgy, day):
    """Half-open reading of the spells gives exactly the snapshot, boundary days included."""
    doc = etree.parse(str(militnet.to_gexf(edgy, tmp_path / "e.gexf")))

    def alive(spells: list[dict[str, str]]) -> bool:
        if not spells:
            return True
        return any(s.get("start", "0000") <= day < s.get("end", "9999") for s in spells)

    nodes = {i for i, s in _spells(doc, "node").items() if alive(s)}
    edges = {i for i, s in _spells(doc, "edge").items() if alive(s)}
    edge_ends = {
        e.get("id"): (e.get("source"), e.get("target"))
        for e in doc.getroot().iterfind(".//g:edge", NS)
    }
    edges = {i for i in edges if set(edge_ends[i]) <= nodes}  # Gephi hides edges of absent nodes
    G = edgy.at(day)
    assert nodes == set(G.nodes)
    assert edges == {k for *_, k in G.edges(keys=True)}


def test_gexf_spells_end_at_the_lapse_day(tmp_path, edgy):
    """With a lapse threshold the open spell of r4 (2015, never attested) ends at
    its lapse day, which is also written as an attribute; ended relations keep
    their end."""
    doc = etree.parse(
        str(
            militnet.to_gexf(
                edgy,
                tmp_path / "l.gexf",
                policy=militnet.TiePolicy.all_types(stale_after="18m", min_confidence="alleged"),
            )
        )
    )
    e = _spells(doc, "edge")
    assert e["r4"] == [{"start": "2015-01-01", "end": "2016-07-01"}]
    assert e["r3"] == [{"start": "2010-01-01", "end": "2014-03-01"}]
    edges = {el.get("id"): el for el in doc.getroot().iterfind(".//g:edge", NS)}
    assert _attvalues(edges["r4"])["lapses"] == "2016-07-01"
    assert "lapse 18m after their last attestation" in doc.getroot().findtext(
        "g:meta/g:description", namespaces=NS
    )


def test_static_gexf_of_a_snapshot(gexf_grammar, tmp_path, edgy):
    doc = assert_valid(
        gexf_grammar,
        militnet.to_gexf(
            edgy,
            tmp_path / "s.gexf",
            at="2016-01-01",
            policy=militnet.TiePolicy(types="alliance", min_confidence="alleged"),
        ),
    )
    graph = doc.getroot().find("g:graph", NS)
    assert graph.get("mode") == "static" and graph.get("timeformat") is None
    assert [e.get("id") for e in doc.getroot().iterfind(".//g:edge", NS)] == ["r4"]
    assert {n.get("id") for n in doc.getroot().iterfind(".//g:node", NS)} == {"a", "b", "c"}
    assert not doc.getroot().findall(".//g:spell", NS)


def test_gexf_filters_and_policy_errors(tmp_path, edgy):
    doc = etree.parse(
        str(
            militnet.to_gexf(
                edgy,
                tmp_path / "f.gexf",
                policy=militnet.TiePolicy.all_types(min_confidence="reported", undated="exclude"),
            )
        )
    )
    assert {e.get("id") for e in doc.getroot().iterfind(".//g:edge", NS)} == {"r1", "r2", "r3"}
    with pytest.raises(militnet.MilitnetError, match="date policy"):
        militnet.to_gexf(
            edgy, tmp_path / "x.gexf", policy=militnet.TiePolicy.all_types(date_policy="middle")
        )


def test_exports_are_byte_identical(tmp_path, edgy):
    for i in (1, 2):
        militnet.to_gexf(edgy, tmp_path / f"{i}.gexf")
        militnet.to_graphml(edgy, tmp_path / f"{i}.graphml", at="2016-01-01")
        militnet.to_json(edgy, tmp_path / f"{i}.json", at="2016-01-01")
        militnet.to_csv(edgy, tmp_path / f"csv{i}", at="2016-01-01")
    for a, b in [
        ("1.gexf", "2.gexf"),
        ("1.graphml", "2.graphml"),
        ("1.json", "2.json"),
        ("csv1/nodes.csv", "csv2/nodes.csv"),
        ("csv1/edges.csv", "csv2/edges.csv"),
    ]:
        assert (tmp_path / a).read_bytes() == (tmp_path / b).read_bytes(), a


def test_official_xsd_still_does_not_compile():
    """tests/data/gexf-1.3/README.md explains why the tests use the RelaxNG grammar;
    if upstream fixes the XSD and it is dropped in here, this says so."""
    with pytest.raises(etree.XMLSchemaParseError, match="graph-content"):
        etree.XMLSchema(etree.parse(str(SCHEMA / "gexf.xsd")))


# -- snapshots ---------------------------------------------------------------------
def test_graphml_round_trip(tmp_path, tiny):
    path = militnet.to_graphml(tiny, tmp_path / "t.graphml", at="2016-07-01")
    G = nx.read_graphml(path, force_multigraph=True)
    S = tiny.at("2016-07-01")
    assert set(G.nodes) == set(S.nodes)
    assert sorted(k for *_, k in G.edges(keys=True)) == sorted(k for *_, k in S.edges(keys=True))
    assert G.nodes["ttp"]["aliases"] == "TTP;Pakistani Taliban"
    assert G.graph["date"] == "2016-07-01"
    data = {k: d for _, _, k, d in G.edges(keys=True, data=True)}
    assert data["r7"]["sources"] == "s1;s2" and data["r7"]["directional"] is False


def test_node_link_json_round_trip(tmp_path, tiny):
    path = militnet.to_json(
        tiny, tmp_path / "t.json", at="2016-07-01", policy=militnet.TiePolicy(types=["alliance"])
    )
    data = json.loads(path.read_text(encoding="utf-8"))
    assert "edges" in data and "links" not in data
    G = nx.node_link_graph(data, edges="edges")
    S = tiny.at("2016-07-01", policy=militnet.TiePolicy(types=["alliance"]))
    assert sorted(G.edges(keys=True)) == sorted(S.edges(keys=True))
    assert G.nodes["iskp"]["aliases"] == ["IS-K", "ISKP", "ISIS-K"]
    assert data["graph"]["types"] == ["alliance"]


def test_csv_snapshot(tmp_path, tiny):
    nodes, edges = militnet.to_csv(tiny, tmp_path / "snap", at="2016-07-01")
    with nodes.open(encoding="utf-8") as f:
        n = list(csv.DictReader(f))
    with edges.open(encoding="utf-8") as f:
        e = list(csv.DictReader(f))
    S = tiny.at("2016-07-01")
    assert [r["id"] for r in n] == list(S.nodes)
    assert sorted(r["id"] for r in e) == sorted(k for *_, k in S.edges(keys=True))
    r7 = next(r for r in e if r["id"] == "r7")
    assert (r7["source"], r7["target"], r7["type"], r7["directional"], r7["sources"]) == (
        "jundallah-pk",
        "ttp",
        "alliance",
        "false",
        "s1;s2",
    )
    ttp = next(r for r in n if r["id"] == "ttp")
    assert ttp["country"] == "Pakistan" and ttp["founded"] == "2007-12"


def test_snapshot_exports_need_a_day(tmp_path, tiny):
    with pytest.raises(militnet.DateError):
        militnet.to_json(tiny, tmp_path / "x.json", at="2016")
    militnet.to_json(tiny, tmp_path / "d.json", at=dt.date(2016, 7, 1))


# -- CLI -----------------------------------------------------------------------------
def test_cli_export_every_format(gexf_grammar, tmp_path, tiny_dir, capsys):
    assert main(["export", str(tiny_dir), "-o", str(tmp_path / "t.gexf")]) == 0
    assert_valid(gexf_grammar, tmp_path / "t.gexf")
    assert (
        main(["export", str(tiny_dir), "-o", str(tmp_path / "t.graphml"), "--at", "2016-07-01"])
        == 0
    )
    assert nx.read_graphml(tmp_path / "t.graphml").number_of_nodes() == 4
    assert (
        main(
            [
                "export",
                str(tiny_dir),
                "--format",
                "json",
                "-o",
                str(tmp_path / "t.out"),
                "--at",
                "2016-07-01",
                "--types",
                "alliance,pledge",
                "--min-confidence",
                "alleged",
            ]
        )
        == 0
    )
    data = json.loads((tmp_path / "t.out").read_text(encoding="utf-8"))
    assert {e["type"] for e in data["edges"]} == {"alliance", "pledge"}
    assert (
        main(
            [
                "export",
                str(tiny_dir),
                "-o",
                str(tmp_path / "csv"),
                "--at",
                "2016-07-01",
                "--min-confidence",
                "confirmed",
            ]
        )
        == 0
    )
    rows = (tmp_path / "csv" / "edges.csv").read_text(encoding="utf-8").splitlines()[1:]
    assert sorted(r.split(",")[0] for r in rows) == ["r1", "r7"]  # the confirmed ones
    assert "wrote" in capsys.readouterr().out


def test_cli_export_snapshot_formats_require_at(tmp_path, tiny_dir, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["export", str(tiny_dir), "-o", str(tmp_path / "t.json")])
    assert exc.value.code == 2
    assert "--at" in capsys.readouterr().err
    assert main(["export", str(tiny_dir), "-o", str(tmp_path / "t.json"), "--at", "2016"]) == 1
    assert "day precision" in capsys.readouterr().err


@pytest.mark.parametrize(
    "kw, match",
    [
        ({"undated": "bogus"}, "undated"),
        ({"min_confidence": "sure"}, "confidence"),
        ({"types": "friendship"}, "relation type"),
    ],
)
def test_dynamic_gexf_rejects_bad_options_like_network_at(tmp_path, edgy, kw, match):
    # the dynamic file must not silently read a bad option (undated="bogus" was "exclude")
    with pytest.raises(militnet.MilitnetError, match=match):
        militnet.to_gexf(edgy, tmp_path / "x.gexf", policy=militnet.TiePolicy.all_types(**kw))
    with pytest.raises(militnet.MilitnetError, match=match):
        militnet.to_gexf(
            edgy, tmp_path / "y.gexf", at="2016-01-01", policy=militnet.TiePolicy.all_types(**kw)
        )
    assert not (tmp_path / "x.gexf").exists() and not (tmp_path / "y.gexf").exists()


def test_graphml_drops_what_xml_cannot_carry(tmp_path):
    """C0 controls, U+FFFE and lone surrogates cannot be written in XML 1.0: GraphML
    drops them, as GEXF does, instead of raising lxml's error."""
    import networkx as nx

    net = militnet.Network(
        [militnet.Group("a", "A\x01b\x0bc\ufffe"), militnet.Group("b", "B")],
        [militnet.Relation("r1", "a", "b", "alliance", evidence="x\x01y")],
    )
    G = nx.read_graphml(militnet.to_graphml(net, tmp_path / "x.graphml", "2020-01-01"))
    assert G.nodes["a"]["name"] == "Abc"
    assert [d["evidence"] for *_, d in G.edges(data=True)] == ["xy"]


def test_cli_csv_export_neutralises_formulas_unless_raw(tmp_path):
    from militnet.cli import main

    net = militnet.Network(
        [militnet.Group("a", '=HYPERLINK("http://x")'), militnet.Group("b", "B")],
        [militnet.Relation("r1", "a", "b", "alliance", start="2019")],
        metadata={"name": "f"},
    )
    data = net.save(tmp_path / "f")
    assert main(["export", str(data), "--at", "2020-01-01", "-o", str(tmp_path / "safe")]) == 0
    assert "'=HYPERLINK" in (tmp_path / "safe" / "nodes.csv").read_text()
    assert (
        main(["export", str(data), "--at", "2020-01-01", "--raw", "-o", str(tmp_path / "raw")]) == 0
    )
    text = (tmp_path / "raw" / "nodes.csv").read_text()
    assert "=HYPERLINK" in text and "'=HYPERLINK" not in text


@pytest.mark.parametrize("at", [None, "2020-09-01"])
def test_afpak_gexf_with_merger_windows_is_valid(gexf_grammar, tmp_path, at):
    """Element start/end (and the alive attribute of a static file) are GEXF 1.3."""
    every = militnet.TiePolicy.all_types(min_confidence="alleged")
    net = militnet.load_dataset("afpak")
    path = militnet.to_gexf(net, tmp_path / "a.gexf", at=at, policy=every)
    doc = assert_valid(gexf_grammar, path)
    edges = doc.getroot().findall(".//g:edge", NS)
    if at is None:
        assert len(edges) == len(net.relations)
        assert any(e.get("start") for e in edges) and not doc.getroot().findall(".//g:spell", NS)
    else:
        assert {"r065", "r068"} <= {e.get("id") for e in edges}  # 2020-08-17 mergers into the TTP
