import pytest

import militnet
from militnet import CombineReport, Group, Relation, Source
from militnet.cli import main


@pytest.fixture
def other():
    """A second dataset naming the tiny fixture's groups its own way."""
    return militnet.Network(
        groups=[
            Group("g1", "Tehreek-e-Taliban Pakistan"),  # ttp, by a variant spelling
            Group("g2", "Jamaat ul Ahrar"),  # jua
            Group("g3", "Jundullah"),  # two candidates: never guessed
            Group("g4", "Hizb-ul-Ahrar"),
        ],  # unknown to tiny
        relations=[
            Relation(
                "r1", "g2", "g1", "split", start="2014-08", confidence="reported", sources="s1"
            ),  # duplicate of tiny r1
            Relation(
                "r2", "g1", "g2", "merger", start="2020-08", confidence="reported", sources="s1"
            ),  # tiny r2 the other way round
            Relation(
                "r3", "g4", "g2", "split", start="2017-11", confidence="reported", sources="s9"
            ),
            Relation("r4", "g3", "g1", "rivalry", start="2012", confidence="alleged", sources="s1"),
        ],
        sources=[Source("s1", title="Another dataset's report"), Source("s9", title="x")],
        metadata={"name": "other", "version": "2.0"},
    )


def test_groups_matched_by_resolve_never_guessed(tiny, other):
    net = militnet.combine(tiny, other)
    rep = CombineReport.of(net)
    assert rep.matches[["id", "group", "method"]].values.tolist() == [
        ["g1", "ttp", "resolve"],
        ["g2", "jua", "resolve"],
    ]
    un = rep.unmatched.set_index("id")
    assert un.loc["g3", "reason"] == "ambiguous"
    assert un.loc["g3", "candidates"] == "jundallah-ir;jundallah-pk"
    assert un.loc["g4", "reason"] == "unknown"
    assert set(un.kept_as) == {"g3", "g4"} and {"g3", "g4"} <= set(net.groups.index)
    assert any("g3" in p.message and "several groups" in p.message for p in net.validation.warnings)
    assert net.groups.loc["ttp", "origins"] == "tiny:ttp;other:g1"
    assert "Tehreek-e-Taliban Pakistan" in net.groups.loc["ttp", "aliases"].split(";")


def test_every_relation_keeps_its_origin_and_ids_are_prefixed(tiny, other):
    net = militnet.combine(tiny, other)
    rel = net.relations
    assert len(rel) == len(tiny.relations) + len(other.relations)
    assert rel.loc[
        "other:r1", ["source", "target", "origin_dataset", "origin_version", "origin_id"]
    ].tolist() == ["jua", "ttp", "other", "2.0", "r1"]
    assert rel.loc["r1", ["origin_dataset", "origin_id"]].tolist() == ["tiny", "r1"]
    # sources per origin: a colliding id is prefixed, an unused one kept
    assert rel.loc["other:r1", "sources"] == "other:s1"
    assert rel.loc["r3", "sources"] == "s2" and rel.loc["other:r3", "sources"] == "s9"
    src = net.sources
    assert src.loc["other:s1", ["title", "origin_dataset"]].tolist() == [
        "Another dataset's report",
        "other",
    ]
    assert src.loc["s1", "title"] == "A report"


def test_duplicates_and_conflicts_are_reported(tiny, other):
    net = militnet.combine(tiny, other)
    ov = CombineReport.of(net).overlaps
    pairs = {(r.kind, r.relations) for r in ov.itertuples()}
    assert ("duplicate", "r1;other:r1") in pairs
    assert ("conflict", "r2;other:r2") in pairs  # opposite directions
    conflicts = [p for p in net.validation.warnings if "conflict across datasets" in p.message]
    assert any("opposite directions" in p.message for p in conflicts)
    text = str(CombineReport.of(net))
    assert "1 duplicate and 1 conflicting relations" in text


def test_crosswalk_decides(tiny, other, tmp_path):
    cw = tmp_path / "cw.csv"
    cw.write_text("dataset,id,group\nother,g3,jundallah-pk\nother,g1,\n", encoding="utf-8")
    net = militnet.combine(tiny, other, crosswalk=cw)
    rep = CombineReport.of(net)
    m = rep.matches.set_index("id")
    assert m.loc["g3", ["group", "method"]].tolist() == ["jundallah-pk", "crosswalk"]
    assert rep.unmatched.set_index("id").loc["g1", "reason"] == "crosswalk: kept apart"
    assert net.relations.loc["other:r4", "source"] == "jundallah-pk"
    same = militnet.combine(tiny, other, crosswalk={("other", "g3"): "jundallah-pk"})
    assert same.relations.loc["other:r4", "source"] == "jundallah-pk"


def test_bad_crosswalk_lists_every_problem(tiny, other, tmp_path):
    cw = tmp_path / "cw.csv"
    cw.write_text("dataset,id,group\nnope,g3,ttp\nother,g99,ttp\nother,g3,zzz\n", encoding="utf-8")
    with pytest.raises(militnet.ValidationError) as err:
        militnet.combine(tiny, other, crosswalk=cw)
    assert [p.row for p in err.value.report.errors] == [2, 3, 4]


def test_two_groups_matching_one_are_left_apart(tiny):
    b = militnet.Network(
        groups=[Group("a", "TTP"), Group("b", "Pakistani Taliban"), Group("c", "IS-K")],
        relations=[Relation("x", "a", "b", "alliance", confidence="alleged")],
        metadata={"name": "b"},
    )
    net = militnet.combine(tiny, b)
    un = CombineReport.of(net).unmatched.set_index("id")
    assert set(un.index) == {"a", "b"}
    assert un.loc["a", "reason"].startswith("ambiguous: 2 groups of b match ttp")
    assert net.relations.loc["x", ["source", "target"]].tolist() == ["a", "b"]


def test_provenance_names_the_parents(tiny, other):
    net = militnet.combine(tiny, other)
    parents = net.metadata["derived_from"]
    assert [p["name"] for p in parents] == ["tiny", "other"]
    assert parents[0]["content_hash"] == f"sha256:{tiny.content_hash}"
    assert net.name == "tiny+other"


def test_needs_networks(tiny):
    with pytest.raises(TypeError):
        militnet.combine(tiny)


def test_cli(tiny_dir, other, tmp_path, capsys):
    other_dir = other.save(tmp_path / "other")
    out = tmp_path / "combined"
    assert main(["combine", str(tiny_dir), str(other_dir), "-o", str(out)]) == 0
    text = capsys.readouterr().out
    assert "2 groups matched, 2 not matched" in text and f"wrote {out}" in text
    back = militnet.load(out)
    assert len(back.relations) == 11 and "origin_dataset" in back.relations.columns
    assert CombineReport.of(back).overlaps.shape[0] == 2


def test_alliance_and_rivalry_conflict_only_when_their_times_can_meet():
    from militnet import Group, Network, Relation

    def one(name, rel):
        return Network(
            [Group("a", "Alpha"), Group("b", "Beta")],
            [rel],
            metadata={"name": name, "version": "1"},
        )

    ally = one("x", Relation("r1", "a", "b", "alliance", start="2005", end="2010"))
    later = one("y", Relation("r1", "a", "b", "rivalry", start="2012"))
    during = one("z", Relation("r1", "a", "b", "rivalry", start="2008"))

    def conflicts(net):
        return [p.message for p in net.validation.warnings if "against" in p.message]

    assert conflicts(militnet.combine(ally, later)) == []
    assert any(
        "alliance against rivalry for the same pair at the same time" in m
        for m in conflicts(militnet.combine(ally, during))
    )
