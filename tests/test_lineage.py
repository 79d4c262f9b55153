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


def test_lineage_depth_limits_the_family():
    net = militnet.load_dataset("afpak")
    whole = net.lineage("TTP")
    assert whole.depth is None and set(whole.distance) == set(whole.groups)
    previous = 0
    for depth in range(0, max(whole.distance.values()) + 1):
        fam = net.lineage("TTP", depth=depth)
        assert fam.groups[0] == "ttp" and fam.distance["ttp"] == 0
        assert set(fam.groups) == {g for g, d in whole.distance.items() if d <= depth}
        assert len(fam.groups) >= previous
        previous = len(fam.groups)
        kept = set(fam.groups)
        assert all(
            s in kept and t in kept
            for s, t in zip(fam.relations["source"], fam.relations["target"], strict=True)
        )
    assert net.lineage("TTP", depth=0).groups == ("ttp",)
    direct = net.lineage("TTP", depth=1)
    rel = net.relations[net.relations["type"].isin(["split", "merger"])]
    partners = set(rel.loc[rel["source"] == "ttp", "target"]) | set(
        rel.loc[rel["target"] == "ttp", "source"]
    )
    assert set(direct.groups) == partners | {"ttp"}
    assert "(within 1 step)" in str(direct)
    for bad in (-1, 1.5, True, "2"):
        with pytest.raises(militnet.MilitnetError, match="depth"):
            net.lineage("TTP", depth=bad)
