import datetime as dt

import pytest

import militnet
from militnet._readwrite.mmp import convert_date

TODAY = dt.date(2026, 11, 23)


@pytest.fixture
def mmp(mmp_dir):
    return militnet.read_mmp(mmp_dir / "relationships.csv", mmp_dir / "groups.csv", today=TODAY)


def test_types_and_direction(mmp):
    rel = mmp.relations
    assert rel.loc["mmp-1001", ["source", "target", "type"]].tolist() == [
        "mmp-201",
        "mmp-200",
        "split",
    ]
    # "IS-K's founders pledged allegiance to the Islamic State": the key calls
    # group 202 "Islamic State Khorasan Province", so "IS-K" is not recognised and
    # the pledge's direction is not settled: an undirected alliance, flagged
    assert rel.loc["mmp-1002", ["type", "mmp_type"]].tolist() == ["alliance", "aff"]
    # "Hizb-ul-Ahrar split from Jamaat-ul-Ahrar" on a row spl, 201 (JuA), 206 (HuA)
    assert rel.loc["mmp-1007", ["source", "target", "mmp_group1", "mmp_group2"]].tolist() == [
        "mmp-206",
        "mmp-201",
        "201",
        "206",
    ]
    assert set(rel.type) == {"alliance", "split", "merger", "rivalry"}
    assert (rel.confidence == "reported").all() and (rel.sources == "mmp").all()


@pytest.mark.parametrize(
    ("raw", "out"),
    [
        ("2014-08-00", "2014-08"),
        ("2015-00-00", "2015"),
        ("0000-00-00", ""),
        ("2015-01-26", "2015-01-26"),
        ("8/17/20", "2020-08-17"),
        ("1/2/99", "1999-01-02"),
        ("12/31/26", "2026-12-31"),
        ("1/1/27", "1927-01-01"),
        ("3/4/2001", "2001-03-04"),
    ],
)
def test_dates(raw, out):
    assert convert_date(raw, today=TODAY)[0] == out


@pytest.mark.parametrize("raw", ["2016-13-45", "2016-00-05", "31/12/16", "yesterday"])
def test_bad_dates(raw):
    with pytest.raises(militnet.DateError):
        convert_date(raw, today=TODAY)


def test_two_digit_year_never_in_future():
    for yy in range(100):
        d = militnet.PartialDate.parse(convert_date(f"1/1/{yy:02d}")[0])
        assert d.first_day() <= dt.date.today()


def test_cleaning_and_duplicates(mmp):
    rel = mmp.relations
    assert rel.loc["mmp-1002", "evidence"] == (
        "IS-K's founders pledged allegiance to the Islamic State."
    )
    assert rel.loc["mmp-1002", "mmp_ids"] == "1002;1003"
    assert "mmp-1003" not in rel.index
    assert rel.loc["mmp-1004", "evidence"] == (
        'Lashkar-e-Jhangvi cooperated with "IS-K" in Balochistan.'
    )
    merged = [p for p in mmp.validation.infos if "exact duplicate" in p.message]
    assert merged and merged[0].row == 4 and merged[0].value == "1003"


def test_flags(mmp):
    warnings = mmp.validation.warnings

    def has(col, text, value=None):
        return any(
            p.column == col and text in p.message and (value is None or p.value == value)
            for p in warnings
        )

    assert has("group2_id", "placeholder", "-99")
    assert has("group_id", "placeholder", "-99")
    assert has("type", "unknown MMP type code", "xyz")
    assert has("date", "malformed", "2016-13-45")
    assert has("date", "spreadsheet-style", "8/17/20")
    assert has("description", "pledge wording, direction unsettled")
    # the malformed-date row is kept with an undocumented start, not dropped
    assert mmp.relations.loc["mmp-1010", "start"] == ""


def test_names_and_aliases(mmp):
    assert mmp.resolve("Islamic State Khorasan") == "mmp-202"
    assert mmp.resolve("Lashkar-i-Jhangvi") == "mmp-204"
    assert mmp.groups.loc["mmp-200", "founded_year"] == "2007"


def test_missing_columns(tmp_path):
    f = tmp_path / "r.csv"
    f.write_text("unique_id,type\n1,all\n")
    with pytest.raises(militnet.ValidationError, match="group1_id"):
        militnet.read_mmp(f)
    with pytest.raises(militnet.ValidationError, match="file not found"):
        militnet.read_mmp(tmp_path / "nope.csv")


def test_without_group_key(mmp_dir):
    net = militnet.read_mmp(mmp_dir / "relationships.csv", today=TODAY)
    assert net.groups.loc["mmp-200", "name"] == "Tehrik-i-Taliban Pakistan"


def test_round_trip(mmp, tmp_path):
    assert militnet.load(mmp.save(tmp_path / "m")) == mmp


# -- the real export's quirks and the wording rules (tests/data/mmp/wording*.csv) --
@pytest.fixture
def wording(mmp_dir):
    return militnet.read_mmp(mmp_dir / "wording.csv", mmp_dir / "wording_groups.csv", today=TODAY)


def test_raw_bytes_of_messy_fixture_are_as_mmp_writes_them(mmp_dir):
    for name in ("wording.csv", "wording_groups.csv"):
        data = (mmp_dir / name).read_bytes()
        assert data.startswith(b"\xef\xbb\xbf") and b",\r\n" in data


def test_messy_files_are_read_and_every_cleaning_step_reported(wording):
    infos = [p.message for p in wording.validation.infos]
    for file in ("wording.csv", "wording_groups.csv"):
        mine = [p.message for p in wording.validation.infos if p.file.endswith(file)]
        assert "byte-order mark removed" in mine
        assert any("CRLF" in m for m in mine)
        assert any("trailing comma" in m for m in mine)
    assert any("cleaned to 'Tehrik-i-Taliban Pakistan'" in m for m in infos)
    assert wording.groups.loc["mmp-1", "name"] == "Tehrik-i-Taliban Pakistan"


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("inf", "infinite"),
        ("nan", "infinite"),
        ("99999999999", "implausibly large"),
        ("-3", "placeholder"),
    ],
)
def test_impossible_ids_are_skipped_and_reported(wording, value, reason):
    hits = [p for p in wording.validation.warnings if p.column == "group1_id" and p.value == value]
    assert len(hits) == 1 and reason in hits[0].message and "row skipped" in hits[0].message
    assert f"mmp-{value}" not in set(wording.relations.source) | set(wording.groups.index)


def test_input_columns_never_overwrite_the_importers_own(wording):
    rel = wording.relations
    assert rel.loc["mmp-2001", ["start", "confidence"]].tolist() == ["2014-08", "reported"]
    assert rel.loc["mmp-2001", ["mmp_start", "mmp_confidence"]].tolist() == ["1999", "high"]
    g = wording.groups
    assert g.loc["mmp-1", ["mmp_id", "mmp_mmp_id", "region"]].tolist() == ["1", "x", "South Asia"]
    renamed = [p.message for p in wording.validation.infos if "renamed" in p.message]
    assert len(renamed) == 3


# (row, type, source, target, decision class, flagged): read by hand from each description
WORDINGS = [
    ("2001", "split", "2", "1", "split: split from", False),
    ("2002", "split", "8", "2", "split: a splinter of", False),
    ("2003", "split", "8", "1", "split: broke away", False),
    ("2004", "split", "2", "1", "split: direction unsettled", True),  # MMP's usual order
    ("2005", "merger", "2", "1", "merger: incorporated into", False),
    ("2006", "merger", "8", "1", "merger: merged into", False),
    ("2007", "merger", "1", "2", "merger: merged with (direction unsettled)", True),
    ("2008", "pledge", "3", "4", "pledge: allegiance", False),
    ("2009", "pledge", "9", "6", "pledge: allegiance", False),
    ("2010", "pledge", "11", "4", "pledge: declared support", False),
    ("2011", "alliance", "6", "7", "alliance: joint operations", False),
    ("2012", "alliance", "9", "5", "alliance: funding or support", False),
    ("2013", "alliance", "11", "4", "alliance: funding or support", False),
    ("2014", "alliance", "4", "1", "alliance: affiliation, no wording", False),
    ("2015", "pledge", "10", "9", "pledge: became affiliate or province", False),
    ("2016", "alliance", "5", "3", "alliance: MMP all", False),
    ("2017", "rivalry", "6", "3", "rivalry: MMP riv", False),
    ("2018", "split", "12", "1", "split: formed a new group", False),
    ("2019", "merger", "2", "1", "merger: merged to form", False),
    ("2020", "alliance", "3", "4", "alliance: pledge wording, direction unsettled", True),
]


@pytest.mark.parametrize(("uid", "rtype", "src", "dst", "klass", "flagged"), WORDINGS)
def test_direction_and_type_from_the_wording(wording, uid, rtype, src, dst, klass, flagged):
    r = wording.relations.loc[f"mmp-{uid}"]
    assert [r.type, r.source, r.target, r.mmp_decision] == [
        rtype,
        f"mmp-{src}",
        f"mmp-{dst}",
        klass,
    ]
    warned = any(
        p.row is not None and p.column == "description" and p.value == r.evidence
        for p in wording.validation.warnings
    )
    assert warned == flagged


def test_raw_code_and_order_kept(wording):
    r = wording.relations.loc["mmp-2008"]  # aff, group1 = 4 (IS), group2 = 3 (IS-K)
    assert [r.mmp_type, r.mmp_group1, r.mmp_group2] == ["aff", "4", "3"]


def test_counts_per_decision(wording):
    counts = wording.metadata["mmp"]["decisions"]
    expected = {}
    for *_, klass, _flag in WORDINGS:
        expected[klass] = expected.get(klass, 0) + 1
    assert counts == {**expected, "skipped": 4}
    assert wording.metadata["mmp"]["rows"] == 24
    summary = [p for p in wording.validation.infos if "decisions:" in p.message]
    assert len(summary) == 1 and "skipped 4" in summary[0].message


def test_ids_with_spaces_or_a_decimal_point_are_read_and_reported(tmp_path):
    rel = tmp_path / "r.csv"
    rel.write_text(
        "unique_id,type,group1_id,group2_id,date,description,group1_name,"
        "group2_name\n1,all, 7 ,8.0,2015-00-00,A and B worked together.,A,B\n",
        encoding="utf-8",
    )
    net = militnet.read_mmp(rel, today=TODAY)
    assert net.relations.loc["mmp-1", ["source", "target"]].tolist() == ["mmp-7", "mmp-8"]
    notes = {(p.column, p.value): p.message for p in net.validation.infos}
    assert notes[("group1_id", " 7 ")] == "group id read as '7'"
    assert notes[("group2_id", "8.0")] == "group id read as '8'"


# -- direction: MMP's usual order where the text does not settle it; abbreviations (issue 21)
def test_unsettled_split_takes_group2_as_the_splinter_and_stays_flagged(wording):
    r = wording.relations.loc["mmp-2004"]  # "The TTP and Jamaat-ul-Ahrar parted ways."
    assert [r.source, r.target, r.mmp_group1, r.mmp_group2] == ["mmp-2", "mmp-1", "1", "2"]
    assert "group2 taken as the splinter" in r.notes
    assert any(
        p.value == r.evidence and "group2 taken as the splinter" in p.message
        for p in wording.validation.warnings
    )
    # an unsettled merger keeps MMP's usual order: group1 folds into group2
    m = wording.relations.loc["mmp-2007"]
    assert [m.source, m.target] == ["mmp-1", "mmp-2"] and "group1 taken" in m.notes
    assert wording.metadata["mmp"]["direction"]["spl"]["fallback"] == 1


@pytest.mark.parametrize(
    ("desc", "name1", "name2", "actor", "klass"),
    [
        (
            "Lashkar-e-Jhangvi Al-Alami is a splinter of LeJ known to have carried attacks.",
            "Lashkar-e-Jhangvi",
            "Lashkar-e-Jhangvi Al Alami",
            2,
            "split: a splinter of",
        ),
        (
            "Masood Azhar splits from HuM to found JeM.",
            "Jaish-e-Mohammad",
            "Harakat-ul-Mujahedeen",
            1,
            "split: formed a new group",
        ),
        (
            "JuA split from the TTP.",
            "Tehrik-i-Taliban Pakistan",
            "Jamaat-ul-Ahrar",
            2,
            "split: split from",
        ),
        (
            "HuM splinters from HuJI.",
            "Harkat-ul-Jihadi al-Islami",
            "Harakat-ul-Mujahedeen",
            2,
            "split: split from",
        ),
    ],
)
def test_abbreviations_settle_direction(desc, name1, name2, actor, klass):
    from militnet._readwrite.mmp_text import decide

    d = decide("spl", desc, name1, name2)
    assert (d.actor, d.klass, d.flagged) == (actor, klass, False)


def test_an_abbreviation_several_groups_share_settles_nothing():
    from militnet._readwrite.mmp_text import abbreviations, decide

    shared = abbreviations(
        {
            "1": ["Harkat-ul-Jihadi al-Islami"],
            "2": ["Harakat-ul-Mujahedeen"],
            "3": ["Hizb-ul-Mujahideen"],
        }
    )
    assert "HuM" in shared and "HuJI" not in shared
    d = decide(
        "spl",
        "HuM splinters from HuJI.",
        "Harkat-ul-Jihadi al-Islami",
        "Harakat-ul-Mujahedeen",
        shared,
    )
    assert d.flagged and d.klass == "split: direction unsettled" and d.actor == 2
    # defined in the text, it counts again
    d = decide(
        "spl",
        "Harakat-ul-Mujahedeen (HuM) splinters from HuJI.",
        "Harkat-ul-Jihadi al-Islami",
        "Harakat-ul-Mujahedeen",
        shared,
    )
    assert (d.actor, d.flagged) == (2, False)


def test_shared_abbreviations_are_found_across_the_export(tmp_path):
    rel = tmp_path / "r.csv"
    rel.write_text(
        "unique_id,type,group1_id,group2_id,date,description,group1_name,group2_name\n"
        "1,spl,1,2,2000-00-00,HuM split from HuJI.,Harkat-ul-Jihadi al-Islami,"
        "Harakat-ul-Mujahedeen\n"
        "2,all,3,1,2001-00-00,x,Hizb-ul-Mujahideen,Harkat-ul-Jihadi al-Islami\n",
        encoding="utf-8",
    )
    net = militnet.read_mmp(rel, today=TODAY)
    r = net.relations.loc["mmp-1"]
    # HuM is Harakat-ul-Mujahedeen's and Hizb-ul-Mujahideen's: unsettled, MMP's usual order
    assert r.mmp_decision == "split: direction unsettled"
    assert [r.source, r.target] == ["mmp-2", "mmp-1"]
    assert net.metadata["mmp"]["direction"] == {"spl": {"fallback": 1}}
