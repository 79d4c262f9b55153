from pathlib import Path

import pandas as pd

import militnet


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_load_save_load_is_exact(tiny_dir, tmp_path):
    a = militnet.load(tiny_dir)
    b = militnet.load(a.save(tmp_path / "b"))
    assert a == b
    c = b.save(tmp_path / "c")
    assert _files(tmp_path / "b") == _files(c)
    assert _files(tiny_dir) == _files(c)


def test_unknown_columns_survive(tiny_dir, tmp_path):
    rel = tiny_dir / "relations.csv"
    lines = rel.read_text().splitlines()
    lines[0] += ",start_alt"
    lines[1:] = [line + (",2014-07" if i == 0 else ",") for i, line in enumerate(lines[1:])]
    rel.write_text("\n".join(lines) + "\n")
    net = militnet.load(tiny_dir)
    assert net.relations.loc["r1", "start_alt"] == "2014-07"
    assert net.relation("r1").extra["start_alt"] == "2014-07"
    out = net.save(tmp_path / "out")
    assert "start_alt" in (out / "relations.csv").read_text().splitlines()[0]
    assert militnet.load(out) == net
    schema = (out / "datapackage.json").read_text()
    assert '"start_alt"' in schema


def test_columns_may_come_in_any_order_and_missing_optional(tmp_path):
    d = tmp_path / "d"
    d.mkdir()
    (d / "groups.csv").write_text("name,id\nAlpha,a\nBeta,b\n")
    (d / "relations.csv").write_text("id,type,target,source,confidence\nr1,alliance,b,a,reported\n")
    (d / "sources.csv").write_text("id\n")
    net = militnet.load(d)
    assert list(net.groups.columns) == [
        "name",
        "aliases",
        "founded",
        "ended",
        "orientation",
        "country",
        "notes",
        "sources",
    ]
    assert net.relations.loc["r1", "start"] == ""
    assert net.name == "d"  # from the folder name, without datapackage.json


def test_network_from_dataframes_equals_loaded(tiny, tmp_path):
    again = militnet.Network(tiny.groups, tiny.relations, tiny.sources, metadata=tiny.metadata)
    assert again == tiny
    assert isinstance(tiny.groups, pd.DataFrame) and tiny.groups.index.name == "id"


def test_tables_are_copies(tiny):
    df = tiny.relations
    df.loc["r1", "type"] = "alliance"
    assert tiny.relations.loc["r1", "type"] == "split"


def test_content_hash_tracks_data(tiny, tmp_path):
    rel = tiny.relations
    rel.loc["r3", "evidence"] = "changed"
    other = militnet.Network(tiny.groups, rel, tiny.sources)
    assert other.content_hash != tiny.content_hash
    assert len(tiny.content_hash) == 64


def test_save_does_not_leave_temporary_files(tiny, tmp_path):
    out = tiny.save(tmp_path / "x")
    assert sorted(p.name for p in out.iterdir()) == [
        "datapackage.json",
        "groups.csv",
        "relations.csv",
        "sources.csv",
    ]


def test_parallel_relations_stay_separate(tiny):
    rel = tiny.relations
    pair = rel[(rel.source == "jundallah-pk") & (rel.target == "ttp")]
    assert list(pair.index) == ["r3", "r7"]


def test_repr_and_html(tiny):
    assert repr(tiny).startswith("<Network 'tiny' v1.0: 5 groups, 7 relations")
    html = tiny._repr_html_()
    assert "<table>" in html and "Tiny" in html


def test_html_summary_escapes(tmp_path):
    net = militnet.Network(
        [militnet.Group("a", "A")], [], [], metadata={"title": "<script>alert(1)</script>"}
    )
    assert "<script>" not in net._repr_html_()


def test_missing_values_in_dataframes_become_empty_cells():
    import numpy as np

    g = pd.DataFrame(
        {
            "id": ["a", "b", "c"],
            "name": ["A", "B", "C"],
            "founded": [pd.NA, np.nan, None],
            "aliases": [["x", "y"], "", None],
        }
    )
    net = militnet.Network(g)
    assert net.groups["founded"].tolist() == ["", "", ""]
    assert net.groups.loc["a", "aliases"] == "x;y"
