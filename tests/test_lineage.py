import pytest

import militnet
from militnet import Group, Relation
from militnet.cli import main


def test_history_is_every_relation_of_the_group_in_time_order(tiny):
    h = tiny.history("Pakistani Taliban")
    rel = tiny.relations
    mine = rel[(rel.source == "ttp") | (rel.target == "ttp")]
    assert sorted(h.relation) == sorted(mine.index)
    dated = [s for s in h.start if s]
    assert dated == sorted(dated)
    assert h.start.tolist()[-len([s for s in h.start if not s]) or len(h) :] == [
        s for s in h.start if not s
    ]
    row = h.set_index("relation").loc["r7"]
    assert [row.role, row.other, row.other_name, row.confidence] == [
        "target",
        "jundallah-pk",
        "Jundallah (Pakistan)",
        "confirmed",
    ]
    assert row.source_titles == "A report; Another report"
    assert h.attrs["group"] == "ttp"


def test_history_of_an_ambiguous_name_is_refused(tiny):
    with pytest.raises(militnet.AmbiguousNameError):
        tiny.history("Jundallah")


def test_lineage_follows_splits_and_mergers_both_ways():
    net = militnet.Network(
        groups=[Group(g, g.upper()) for g in ("ttp", "jua", "hua", "lej", "iskp", "x")],
        relations=[
            Relation("r1", "jua", "ttp", "split", start="2014-08", confidence="confirmed"),
            Relation("r2", "hua", "jua", "split", start="2017-11", confidence="confirmed"),
            Relation("r3", "hua", "ttp", "merger", start="2020-08", confidence="confirmed"),
            Relation("r4", "lej", "ttp", "alliance", start="2010", confidence="reported"),
            Relation("r5", "iskp", "x", "split", start="2015", confidence="reported"),
        ],
    )
    for start in ("ttp", "hua", "JUA"):
        fam = net.lineage(start)
        assert set(fam.groups) == {"ttp", "jua", "hua"}
        assert list(fam.relations.index) == ["r1", "r2", "r3"]
    assert net.lineage("lej").groups == ("lej",)
    assert net.lineage("lej").relations.empty
    assert set(militnet.lineage(net, "x").groups) == {"x", "iskp"}


def test_cli_history_and_lineage(tiny_dir, capsys):
    assert main(["history", str(tiny_dir), "IS-K", "--format", "csv"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("relation,start,end,type,role,other")
    assert len(out) == 1 + len(militnet.load(tiny_dir).history("iskp"))
    assert main(["lineage", str(tiny_dir), "TTP"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("lineage of ttp: 2 groups, 2 split or merger relations")
    assert "jua split from ttp (r1)" in out and "jua merged into ttp (r2)" in out
