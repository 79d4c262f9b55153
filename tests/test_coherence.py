"""Validation of relation histories: every incoherent history is named, with
file, row, column and value; coherent ones pass."""

from __future__ import annotations

from pathlib import Path

import pytest

import militnet

GROUPS = """id,name,founded,ended
ttp,TTP,2007-12-14,
jua,Jamaat-ul-Ahrar,2014-08-26,2020-08-17
df,Dadullah Front,2015,2015-11
taliban,Taliban,1994,
iskp,IS-K,2015-01,
imu,IMU,1998,
"""

# row numbers as a spreadsheet shows them: header = 1, r1 = 2, ...
RELATIONS = """id,source,target,type,start,end,confidence,evidence,sources,notes,last_attested
r1,jua,ttp,split,2014-08-26,,confirmed,e,,,2014-09
r2,jua,ttp,merger,2020-08-17,,confirmed,e,,,2020-08-17
r3,jua,iskp,alliance,2015,,reported,e,,,2019
r4,jua,taliban,pledge,2015,2021,reported,e,,,2016
r5,jua,imu,alliance,2016,2020-08,reported,e,,,2017
r6,df,imu,alliance,2015-06,,reported,e,,,2015-08
r7,taliban,iskp,rivalry,2015-02-10,,confirmed,e,,,2025
r8,taliban,iskp,alliance,2016,2017,alleged,e,,,2016
r9,ttp,iskp,alliance,2015,,alleged,e,,"overlaps rivalry r10, defies war r7: local commanders",2016
r10,ttp,iskp,rivalry,2015-06,,reported,e,,,2024
r11,ttp,taliban,pledge,2008,,confirmed,e,,,
r12,imu,taliban,pledge,2001,2015-08,confirmed,e,,,2014
r13,imu,iskp,pledge,2015-08,,confirmed,e,,,2014
r14,imu,ttp,alliance,2009,,reported,e,,,20x5
"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    d = tmp_path / "hist"
    d.mkdir()
    (d / "groups.csv").write_text(GROUPS)
    (d / "relations.csv").write_text(RELATIONS)
    (d / "sources.csv").write_text("id,title\n")
    return d


_OTHER = ("has no source", "has no evidence text")


def _found(report: militnet.ValidationReport) -> dict[tuple[int | None, str | None], str]:
    """(row, column) -> the history problems there, one per line."""
    out: dict[tuple[int | None, str | None], str] = {}
    for p in report:
        if p.file.endswith("relations.csv") and not p.message.endswith(_OTHER):
            key = (p.row, p.column)
            out[key] = (out[key] + "\n" if key in out else "") + f"{p.severity}: {p.message}"
    return out


def test_every_incoherent_history_is_named(folder):
    found = _found(militnet.validate(folder))
    # r3: JuA's alliance stays open after JuA ended (and after its merger)
    assert "after group 'jua' ended (2020-08-17)" in found[(4, "end")]
    # r4: JuA's pledge runs to 2021, after the 2020-08-17 merger into the TTP
    assert (
        "continues after 'jua' merged into 'ttp' on 2020-08-17 (relation r2)" in found[(5, "end")]
    )
    # r6: the Dadullah Front's alliance is open after the front ended in 2015-11
    assert "after group 'df' ended (2015-11)" in found[(7, "end")]
    # r7/r8: Taliban-IS-K rivalry and alliance overlap in 2016, unexplained
    assert "rivalry r7 and alliance r8 of the same pair" in found[(8, None)]
    # r11: open-ended without attestation
    assert found[(12, "last_attested")].startswith("warning: open-ended relation without")
    # r13: attested before it started -> error
    assert "error: last_attested 2014 is before start 2015-08" in found[(14, "last_attested")]
    # r14: malformed attestation -> error naming the value
    assert found[(15, "last_attested")].startswith("error: malformed date")


def test_coherent_histories_pass(folder):
    found = _found(militnet.validate(folder))
    # r5 ends (2020-08) by the month of the merger: not definitely after it
    assert not any(row == 6 for row, _ in found)
    # r9/r10 overlap, but r9's notes name r10
    assert not any(row in (10, 11) for row, _ in found)
    # r12 ended before the merger rules apply; attested before its end
    assert not any(row == 13 for row, _ in found)
    # the merger and the split themselves are not "ties after the merger"
    assert not any(row in (2, 3) for row, _ in found)


def test_errors_block_loading_and_name_every_one(folder):
    with pytest.raises(militnet.ValidationError) as info:
        militnet.load(folder)
    rows = {(p.row, p.column) for p in info.value.report.errors}
    assert rows == {(14, "last_attested"), (15, "last_attested")}


def test_a_group_re_created_by_a_split_may_have_ties_again(tmp_path):
    d = tmp_path / "back"
    d.mkdir()
    (d / "groups.csv").write_text("id,name,founded\na,A,2000\nb,B,2000\nc,C,2000\n")
    (d / "relations.csv").write_text(
        "id,source,target,type,start,end,confidence,last_attested\n"
        "m,a,b,merger,2010,,confirmed,2010\n"
        "s,a,b,split,2012,,confirmed,2012\n"
        "x,a,c,alliance,2013,,reported,2014\n"  # after the re-split: fine
        "y,a,c,alliance,2011-02,2011-06,reported,2011-03\n"
    )  # between merger and split
    (d / "sources.csv").write_text("id\n")
    found = _found(militnet.validate(d))
    assert list(found) == [(5, "start")]
    assert "before it re-emerged by a split" in found[(5, "start")]


def test_the_bundled_dataset_has_no_incoherent_history():
    report = militnet.validate("afpak")
    assert report.ok
    assert not [p for p in report.warnings if p.file.endswith("relations.csv")], "\n".join(
        str(p) for p in report.warnings
    )
