import pytest

import militnet
from militnet import Group, Relation, TiePolicy
from militnet.cli import main


@pytest.fixture
def net():
    return militnet.Network(
        groups=[
            Group("ttp", "TTP", founded="2007"),
            Group("jua", "JuA", founded="2014-08", ended="2020-08"),
            Group("lej", "LeJ", founded="1996"),
            Group("aq", "AQ", founded="1988"),
        ],
        relations=[
            Relation("r1", "jua", "ttp", "split", start="2014-08", confidence="confirmed"),
            Relation(
                "r2",
                "lej",
                "ttp",
                "alliance",
                start="2010",
                end="2016",
                confidence="reported",
                sources="s1",
            ),
            Relation("r3", "jua", "aq", "alliance", start="2015", confidence="alleged"),
            Relation(
                "r4",
                "aq",
                "ttp",
                "alliance",
                start="2008",
                confidence="reported",
                last_attested="2013-06",
            ),  # lapses on 2018-06-01 (5 years)
        ],
        sources=[militnet.Source("s1", title="A report")],
    )


EVERYTHING = militnet.TiePolicy.all_types(min_confidence="alleged")


def test_dates_groups_ties_and_reasons(net):
    d = militnet.diff(net, "2014-01-01", "2017-01-01", policy=EVERYTHING)
    assert d.groups[["group", "change"]].values.tolist() == [["jua", "appeared"]]
    ties = d.ties.set_index("relation")
    assert ties.loc["r1", "change"] == "started" and ties.loc["r3", "change"] == "started"
    assert ties.loc["r2", ["change", "reason", "sources"]].tolist() == [
        "ended",
        "its end date passed",
        "s1",
    ]
    assert "r4" not in ties.index  # active on both days
    assert d.reason == ""


def test_group_end_ends_its_ties(net):
    d = militnet.diff(net, "2019-01-01", "2021-01-01", policy=EVERYTHING)
    assert d.groups[["group", "change"]].values.tolist() == [["jua", "ended"]]
    ties = d.ties.set_index("relation")
    assert set(ties.index) == {"r1", "r3"}
    assert set(ties.reason) == {"one of its groups ended"}


def test_a_tie_that_lapses_is_reported_as_lapsed(net):
    # r4 is open-ended and last attested 2013-06: under the default 5-year rule it
    # lapses on 2018-06-01; the snapshot engine, not diff, says what is active
    assert "r4" not in set(militnet.diff(net, "2017-06-01", "2018-05-31").ties.relation)
    row = militnet.diff(net, "2017-06-01", "2018-06-01").ties.set_index("relation").loc["r4"]
    assert row.change == "lapsed" and "last attested 2013-06" in row.reason
    never = militnet.diff(
        net, "2017-06-01", "2018-06-01", policy=TiePolicy(types=("alliance",), stale_after=None)
    )
    assert "r4" not in set(never.ties.relation)


def test_centrality_changes_carry_the_relations_behind_them(net):
    d = militnet.diff(net, "2014-01-01", "2017-01-01")
    c = d.centrality.set_index("group")
    # degree under the default tie policy (alliance, pledge): ttp loses lej (r2)
    assert c.loc["ttp", ["before", "after"]].tolist() == [2.0, 1.0]
    assert "r2" in c.loc["ttp", "relations"].split(";")
    big = militnet.diff(net, "2014-01-01", "2017-01-01", threshold=1.0)
    assert big.centrality.empty


def test_policy_filters_what_counts(net):
    d = militnet.diff(
        net,
        "2014-01-01",
        "2017-01-01",
        policy=TiePolicy(types=("alliance",), min_confidence="reported"),
    )
    assert set(d.ties.relation) == {"r2"}


def test_nothing_changed_says_why(net):
    d = militnet.diff(net, "2017-01-01", "2018-01-01")
    assert d.empty
    assert d.reason.startswith("no relation in the data starts or ends between these dates")
    assert "none —" in str(d)
    filtered = militnet.diff(net, "2014-01-01", "2015-06-01", policy=TiePolicy(types=("rivalry",)))
    assert filtered.groups.shape[0] == 1  # jua appears: something did change


def test_something_dated_between_but_filtered_out():
    net = militnet.Network(
        # founded: a group without a founding date would appear with its first evidence
        groups=[Group("a", "A", founded="2000"), Group("b", "B", founded="2000")],
        relations=[Relation("r1", "a", "b", "rivalry", start="2015-03", confidence="alleged")],
    )
    d = militnet.diff(net, "2015-01-01", "2016-01-01", policy=TiePolicy(types=("alliance",)))
    assert d.empty and d.reason.startswith("1 relation dates and 0 group dates")


def test_datasets_field_by_field(tiny):
    rel = tiny.relations
    rel.loc["r3", "end"] = "2015-06-01"
    rel = rel.drop(index="r6")
    rel.loc["r9"] = rel.loc["r5"]
    rel.loc["r9", "start"] = "2019"
    changed = militnet.Network(
        tiny.groups, rel, tiny.sources, metadata={"name": "tiny", "version": "1.1"}
    )
    d = militnet.diff(tiny, changed)
    ch = d.changes
    assert ch[ch.change == "added"][["table", "id"]].values.tolist() == [["relations", "r9"]]
    assert ch[ch.change == "removed"][["table", "id"]].values.tolist() == [["relations", "r6"]]
    assert ch[ch.change == "changed"][["id", "column", "old", "new"]].values.tolist() == [
        ["r3", "end", "2015-03-01", "2015-06-01"]
    ]
    assert d.counts["relations"] == {"added": 1, "removed": 1, "changed": 1}
    assert "tiny 1.1" in str(d) and "'2015-03-01' → '2015-06-01'" in str(d)
    same = militnet.diff(tiny, tiny)
    assert same.empty and "identical content hash" in same.reason


def test_wrong_arguments(net):
    with pytest.raises(militnet.ArgumentError):
        militnet.diff(net, "2014-01-01")
    with pytest.raises(militnet.ArgumentError):
        militnet.diff(net, net, "2014-01-01")


def test_cli(tiny_dir, tmp_path, capsys):
    assert main(["diff", str(tiny_dir), "--from", "2018-01-01", "--to", "2019-01-01"]) == 0
    assert "none — no relation in the data starts or ends" in capsys.readouterr().out
    assert (
        main(
            ["diff", str(tiny_dir), "--from", "2014-01-01", "--to", "2016-01-01", "--format", "csv"]
        )
        == 0
    )
    out = capsys.readouterr().out
    # r4 is alleged: left out by default
    assert out.startswith("kind,id,change,detail") and "tie,r5,started" in out
    assert "tie,r4," not in out
    assert main(["diff", str(tiny_dir), str(tiny_dir)]) == 0
    assert "identical content hash" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["diff", str(tiny_dir)])


def test_changes_say_when_and_how_precisely():
    from militnet import Group, Network, Relation, Source

    net = Network(
        groups=[Group(g, g.upper(), founded="2000", sources="s") for g in "abcd"],
        relations=[
            Relation("r1", "a", "b", "alliance", start="2015", sources="s"),
            Relation("r2", "a", "c", "alliance", start="2015-03-04", sources="s"),
            Relation("r3", "b", "c", "alliance", start="2001", end="2015-05", sources="s"),
            Relation("r4", "c", "d", "alliance", start="2009-02-10", sources="s"),
        ],
        sources=[Source("s", title="t")],
    )
    d = militnet.diff_dates(net, "2014-12-31", "2015-06-01", policy=militnet.TiePolicy())
    t = d.ties.set_index("relation")
    assert t.loc["r1", ["date", "precision", "timing"]].tolist() == ["2015", "year", "during"]
    assert t.loc["r2", ["date", "precision", "timing"]].tolist() == ["2015-03-04", "day", "within"]
    assert t.loc["r3", ["change", "date", "precision", "timing"]].tolist() == [
        "ended",
        "2015-05",
        "month",
        "within",
    ]
    assert "r4" not in t.index  # lapsed on 2014-02-10, before the window
    text = str(d)
    assert "imprecise dates that may fall outside the window" in text
    assert "(on 2015; year precision, may fall outside)" in text
    assert "(on 2015-03-04)" in text


def test_lapse_date_is_the_day_the_rule_takes_effect():
    from militnet import Group, Network, Relation, Source

    net = Network(
        groups=[Group(g, g.upper(), founded="2000", sources="s") for g in "ab"],
        relations=[Relation("r1", "a", "b", "alliance", start="2010-02-10", sources="s")],
        sources=[Source("s", title="t")],
    )
    d = militnet.diff_dates(net, "2015-01-01", "2015-06-01", policy=militnet.TiePolicy())
    row = d.ties.iloc[0]
    assert (row["change"], row["date"], row["precision"]) == ("lapsed", "2015-02-10", "derived")
    assert "(from 2015-02-10)" in str(d)
    g = militnet.diff_dates(net, "1999-01-01", "2001-01-01").groups
    assert g[["date", "precision", "timing"]].values.tolist() == [["2000", "year", "within"]] * 2
    g = militnet.diff_dates(net, "1999-01-01", "2000-06-01").groups
    assert g[["date", "precision", "timing"]].values.tolist() == [["2000", "year", "during"]] * 2
