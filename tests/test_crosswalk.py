"""The crosswalk (issue 21): matches by id, name, alias or a reviewed file; never
a guess, never a match that countries or notes contradict."""

from __future__ import annotations

import csv

import pytest

import militnet
from militnet import CombineReport, Group, Network, Relation
from militnet.cli import main


@pytest.fixture
def base():
    """A few afpak-like groups, with their real names, aliases, countries and notes."""
    return Network(
        groups=[
            Group(
                "ansar-ul-islam",
                "Ansar-ul-Islam (Khyber)",
                aliases="Ansar-ul-Islam;Ansarul Islam;Ansar ul-Islam;AI (Khyber)",
                founded="2005",
                country="Pakistan",
                notes="Armed group of Tirah valley and Bara (Khyber Agency). Not to be "
                "confused with Ansar al-Islam of Iraq/Syria.",
            ),
            Group(
                "ttp",
                "Tehrik-i-Taliban Pakistan",
                aliases="TTP;Pakistani Taliban",
                founded="2007-12",
                country="Pakistan;Afghanistan",
            ),
            Group(
                "let",
                "Lashkar-e-Taiba",
                aliases="LeT;Jamaat-ud-Dawa;JuD",
                founded="1990",
                country="Pakistan;India",
            ),
            Group(
                "jundallah-pk",
                "Jundallah (Pakistan)",
                aliases="Jundallah",
                founded="2009",
                country="Pakistan",
            ),
            Group(
                "jundallah-ir",
                "Jundallah (Iran)",
                aliases="Jundallah",
                founded="2002",
                country="Iran;Pakistan",
                notes="NOT the Pakistani Jundallah (jundallah-pk).",
            ),
            Group(
                "is", "Islamic State", aliases="IS;ISIS;Daesh", founded="2013", country="Iraq;Syria"
            ),
            Group(
                "lej",
                "Lashkar-e-Jhangvi",
                aliases="LeJ",
                founded="1996",
                country="Pakistan",
                notes="Distinct from Lashkar-e-Jhangvi al-Alami.",
            ),
        ],
        metadata={"name": "afpak"},
    )


@pytest.fixture
def mmp():
    """Rows as MMP's export has them: no countries, three groups for LeT."""
    return Network(
        groups=[
            Group("mmp-13", "Ansar al-Islam"),
            Group("mmp-105", "Tehreek-e-Taliban Pakistan"),
            Group("mmp-79", "Lashkar-e-Taiba"),
            Group("mmp-221", "Jamaat-ud-Dawa"),
            Group("mmp-459", "Jundullah"),
            Group("mmp-1", "The Islamic State", aliases="ISIS"),
            Group("mmp-451", "Lashkar-e-Jhangvi al-Alami", aliases="LeJ-A"),
            Group("mmp-537", "Free Syrian Army"),
            Group("mmp-563", "The Free Syrian Army"),
            Group("mmp-900", "Hizbul Islam"),
        ],
        relations=[
            Relation("r1", "mmp-13", "mmp-1", "merger", start="2014-08", confidence="reported"),
            Relation("r2", "mmp-79", "mmp-221", "alliance", start="2002", confidence="reported"),
        ],
        metadata={"name": "mmp"},
    )


def rows(base, other, **kw):
    return militnet.crosswalk(base, other, **kw).set_index("external")


def test_columns_and_one_row_per_group(base, mmp):
    cw = militnet.crosswalk(base, mmp)
    assert list(cw.columns) == [
        "dataset",
        "external",
        "external_name",
        "group",
        "how",
        "why_not",
        "candidates",
        "notes",
    ]
    assert cw.external.tolist() == list(mmp.groups.index)
    assert set(cw.dataset) == {"mmp"}


def test_iraqi_ansar_al_islam_is_a_conflict_never_a_match(base, mmp):
    r = rows(base, mmp).loc["mmp-13"]
    assert (r.group, r.how, r.why_not, r.candidates) == ("", "", "conflict", "ansar-ul-islam")
    assert "not to be confused" not in r.notes.lower() or "Ansar al-Islam" in r.notes
    assert "ansar-ul-islam's notes say it is not 'Ansar al-Islam'" in r.notes


def test_country_conflict(base):
    other = Network(
        groups=[
            Group("g1", "Ansar ul-Islam", country="Iraq"),
            Group("g2", "Ansar ul-Islam (Tirah)", aliases="Ansarul Islam", country="Pakistan"),
        ],
        metadata={"name": "x"},
    )
    cw = rows(base, other)
    assert cw.loc["g1", ["why_not", "candidates"]].tolist() == ["conflict", "ansar-ul-islam"]
    assert "countries differ (Iraq against Pakistan)" in cw.loc["g1", "notes"]
    # a shared country is no conflict: the alias matches
    assert cw.loc["g2", ["group", "how"]].tolist() == ["ansar-ul-islam", "alias"]


def test_country_names_are_compared_as_countries(base):
    other = Network(
        groups=[Group("g1", "TTP", country="Islamic Republic of Pakistan")], metadata={"name": "x"}
    )
    assert rows(base, other).loc["g1", "group"] == "ttp"


def test_notes_conflict_either_side(base):
    # the other group's notes name the base group (a spelling that is not its own)
    other = Network(
        groups=[
            Group(
                "g1",
                "Lashkar-i-Jhangvi",
                notes="A Punjabi gang. Not to be confused with Lashkar-e-Jhangvi of Pakistan.",
            ),
            Group("g2", "LeJ", aliases="Lashkar-e-Jhangvi", notes="Unrelated to the LeJ-A."),
        ],
        metadata={"name": "x"},
    )
    cw = rows(base, other)
    assert cw.loc["g1", ["why_not", "candidates"]].tolist() == ["conflict", "lej"]
    assert "g1's notes say it is not 'Lashkar-e-Jhangvi'" in cw.loc["g1", "notes"]
    assert cw.loc["g2", ["group", "how"]].tolist() == ["lej", "name"]


def test_notes_naming_the_groups_own_name_are_no_conflict(base):
    # jundallah-ir's notes say "NOT the Pakistani Jundallah": its own name, so an Iranian
    # Jundallah elsewhere is still only ambiguous between the two, never a conflict
    other = Network(groups=[Group("g1", "Jundallah (Iran)")], metadata={"name": "x"})
    assert rows(base, other).loc["g1", ["group", "how"]].tolist() == ["jundallah-ir", "name"]


def test_short_names_in_notes_must_appear_as_typed(base):
    # "is" is an English word in the notes: only "IS" as typed would name the group
    other = Network(
        groups=[Group("g1", "Islamic State", notes="It is not to be confused with other groups.")],
        metadata={"name": "x"},
    )
    assert rows(base, other).loc["g1", ["group", "how"]].tolist() == ["is", "name"]


def test_name_and_alias_matches_forgive_spelling(base, mmp):
    cw = rows(base, mmp)
    assert cw.loc["mmp-105", ["group", "how"]].tolist() == ["ttp", "name"]  # Tehreek-e
    assert cw.loc["mmp-1", ["group", "how"]].tolist() == ["is", "name"]  # "The" dropped
    other = Network(groups=[Group("g1", "Pakistani Taleban")], metadata={"name": "x"})
    assert rows(base, other).loc["g1", ["group", "how"]].tolist() == ["ttp", "alias"]


def test_exact_id(base):
    other = Network(
        groups=[Group("ttp", "TTP (central)"), Group("lej", "Lashkar-e-Taiba")],
        metadata={"name": "x"},
    )
    cw = rows(base, other)
    assert cw.loc["ttp", ["group", "how"]].tolist() == ["ttp", "id"]
    # the same id, but a name that names another group: a conflict
    assert cw.loc["lej", "why_not"] == "conflict" and "name matches let" in cw.loc["lej", "notes"]


def test_ambiguous_lists_the_candidates(base, mmp):
    r = rows(base, mmp).loc["mmp-459"]
    assert (r.group, r.why_not, r.candidates) == ("", "ambiguous", "jundallah-ir;jundallah-pk")


def test_unknown(base, mmp):
    r = rows(base, mmp).loc["mmp-900"]
    assert (r.group, r.how, r.why_not, r.candidates) == ("", "", "unknown", "")


def test_duplicates_reported_never_merged(base, mmp):
    cw = rows(base, mmp)
    # two groups of mmp match afpak's let (Jamaat-ud-Dawa is its alias there)
    for gid in ("mmp-79", "mmp-221"):
        assert cw.loc[gid, ["group", "why_not", "candidates"]].tolist() == ["", "ambiguous", "let"]
        assert "duplicate: 2 groups of mmp (mmp-79, mmp-221) match let" in cw.loc[gid, "notes"]
    # the same name twice inside mmp
    assert "duplicate in mmp: same name as mmp-563" in cw.loc["mmp-537", "notes"]
    assert "duplicate in mmp: same name as mmp-537" in cw.loc["mmp-563", "notes"]


def test_user_crosswalk_overrides(base, mmp, tmp_path):
    f = tmp_path / "cw.csv"
    f.write_text(
        "source,external,group\n"
        "mmp,mmp-79,let\n"  # settles the duplicate
        "mmp,mmp-221,\n"  # kept apart
        "mmp,mmp-459,jundallah-pk\n"  # settles the ambiguity
        "mmp,mmp-105,\n"  # keeps apart even a clean name match
        "gtd,Taliban,ttp\n",  # another dataset's rows are ignored
        encoding="utf-8",
    )
    cw = rows(base, mmp, crosswalk=f)
    assert cw.loc["mmp-79", ["group", "how", "why_not"]].tolist() == ["let", "crosswalk", ""]
    assert cw.loc["mmp-221", ["group", "how"]].tolist() == ["", "crosswalk"]
    assert cw.loc["mmp-459", ["group", "how"]].tolist() == ["jundallah-pk", "crosswalk"]
    assert cw.loc["mmp-105", ["group", "how", "notes"]].tolist() == [
        "",
        "crosswalk",
        "kept apart by the crosswalk",
    ]
    # a mapping and the dataset/id column names work the same
    same = rows(base, mmp, crosswalk={("mmp", "mmp-13"): "ansar-ul-islam"})
    assert same.loc["mmp-13", ["group", "how"]].tolist() == ["ansar-ul-islam", "crosswalk"]
    assert "settled by the crosswalk although" in same.loc["mmp-13", "notes"]


def test_bad_user_crosswalk(base, mmp, tmp_path):
    f = tmp_path / "cw.csv"
    f.write_text("source,external,group\nmmp,nope,let\nmmp,mmp-79,zzz\n", encoding="utf-8")
    with pytest.raises(militnet.ValidationError) as err:
        militnet.crosswalk(base, mmp, crosswalk=f)
    assert [p.row for p in err.value.report.errors] == [2, 3]
    g = tmp_path / "bad.csv"
    g.write_text("who,group\nmmp,let\n", encoding="utf-8")
    with pytest.raises(militnet.ValidationError, match="missing crosswalk column"):
        militnet.crosswalk(base, mmp, crosswalk=g)


def test_combine_uses_the_crosswalk(base, mmp):
    net = militnet.combine(base, mmp)
    rep = CombineReport.of(net)
    m = rep.matches.set_index("id")
    assert m.loc["mmp-105", ["group", "method", "how"]].tolist() == ["ttp", "resolve", "name"]
    un = rep.unmatched.set_index("id")
    assert un.loc["mmp-13", "reason"].startswith("conflict: ansar-ul-islam's notes say")
    assert un.loc["mmp-13", ["candidates", "kept_as"]].tolist() == ["ansar-ul-islam", "mmp-13"]
    # the Iraqi group's relation stays on the Iraqi group
    assert net.relations.loc["r1", ["source", "target"]].tolist() == ["mmp-13", "is"]
    assert net.groups.loc["ansar-ul-islam", "origins"] == "afpak:ansar-ul-islam"
    assert any(
        "ansar-ul-islam" in p.message and "not matched" in p.message
        for p in net.validation.warnings
    )
    # duplicates are in the report, and both LeT rows stay groups of their own
    dup = rep.duplicates
    assert {"mmp-79;mmp-221", "mmp-537;mmp-563"} <= set(dup.groups)
    assert {"mmp-79", "mmp-221"} <= set(net.groups.index)
    assert "duplicate groups: mmp mmp-537;mmp-563" in str(rep)


def test_combine_with_a_reviewed_crosswalk(base, mmp):
    net = militnet.combine(base, mmp, crosswalk={("mmp", "mmp-79"): "let", ("mmp", "mmp-13"): ""})
    rep = CombineReport.of(net)
    assert rep.matches.set_index("id").loc["mmp-79", "group"] == "let"
    assert rep.unmatched.set_index("id").loc["mmp-13", "reason"] == "crosswalk: kept apart"
    assert net.relations.loc["r2", ["source", "target"]].tolist() == ["let", "mmp-221"]


def test_cli_draft_is_spreadsheet_safe_and_never_overwrites_inputs(base, tmp_path, capsys):
    base_dir = base.save(tmp_path / "afpak")
    evil = Network(
        groups=[Group("g1", '=HYPERLINK("http://x")'), Group("g2", "TTP")],
        metadata={"name": "evil"},
    )
    evil_dir = evil.save(tmp_path / "evil")
    out = tmp_path / "draft.csv"
    assert main(["crosswalk", str(base_dir), str(evil_dir), "-o", str(out)]) == 0
    text = capsys.readouterr().out
    assert "2 groups, 1 matched (1 by name), 1 unknown" in text
    with open(out, encoding="utf-8", newline="") as f:
        data = list(csv.DictReader(f))
    assert data[0]["external_name"] == '\'=HYPERLINK("http://x")'
    assert data[1]["group"] == "ttp"
    # the reviewed draft goes back in as it is (its dataset/external/group columns)
    data[0]["group"] = "let"
    with open(tmp_path / "reviewed.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(data[0]))
        w.writeheader()
        w.writerows(data)
    cw = militnet.crosswalk(base, evil, crosswalk=tmp_path / "reviewed.csv")
    assert cw.group.tolist() == ["let", "ttp"] and set(cw.how) == {"crosswalk"}
    # refused: writing into an input dataset folder, or over the crosswalk read
    for target in (evil_dir / "groups.csv", base_dir / "x.csv"):
        assert main(["crosswalk", str(base_dir), str(evil_dir), "-o", str(target)]) == 1
    assert (
        main(
            [
                "crosswalk",
                str(base_dir),
                str(evil_dir),
                "--crosswalk",
                str(tmp_path / "reviewed.csv"),
                "-o",
                str(tmp_path / "reviewed.csv"),
            ]
        )
        == 1
    )
    assert "refusing to write" in capsys.readouterr().err


def test_needs_networks(base):
    with pytest.raises(TypeError):
        militnet.crosswalk(base, "mmp")
