import datetime as dt

import pytest

import militnet
from militnet._mmp import convert_date

TODAY = dt.date(2026, 11, 23)


@pytest.fixture
def mmp(mmp_dir):
    return militnet.read_mmp(mmp_dir / "relationships.csv", mmp_dir / "groups.csv", today=TODAY)


def test_types_and_direction(mmp):
    rel = mmp.relations
    assert rel.loc["mmp-1001", ["source", "target", "type"]].tolist() == [
        "mmp-201", "mmp-200", "split"]
    assert rel.loc["mmp-1002", "type"] == "pledge"
    assert set(rel.type) == {"alliance", "pledge", "split", "merger", "rivalry"}
    assert (rel.confidence == "reported").all() and (rel.sources == "mmp").all()


@pytest.mark.parametrize(
    ("raw", "out"),
    [("2014-08-00", "2014-08"), ("2015-00-00", "2015"), ("0000-00-00", ""),
     ("2015-01-26", "2015-01-26"), ("8/17/20", "2020-08-17"), ("1/2/99", "1999-01-02"),
     ("12/31/26", "2026-12-31"), ("1/1/27", "1927-01-01"), ("3/4/2001", "2001-03-04")],
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
        "IS-K's founders pledged allegiance to the Islamic State.")
    assert rel.loc["mmp-1002", "mmp_ids"] == "1002;1003"
    assert "mmp-1003" not in rel.index
    assert rel.loc["mmp-1004", "evidence"] == (
        'Lashkar-e-Jhangvi cooperated with "IS-K" in Balochistan.')
    merged = [p for p in mmp.validation.infos if "exact duplicate" in p.message]
    assert merged and merged[0].row == 4 and merged[0].value == "1003"


def test_flags(mmp):
    warnings = mmp.validation.warnings
    def has(col, text, value=None):
        return any(p.column == col and text in p.message and (value is None or p.value == value)
                   for p in warnings)
    assert has("group2_id", "placeholder", "-99")
    assert has("group_id", "placeholder", "-99")
    assert has("type", "unknown MMP type code", "xyz")
    assert has("date", "malformed", "2016-13-45")
    assert has("date", "spreadsheet-style", "8/17/20")
    assert has("description", "check the direction")
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
