"""A broken dataset gets a report naming every problem, and nothing is loaded."""

from pathlib import Path

import pytest

import militnet

GROUPS = """id,name,aliases,founded,ended,orientation,country,notes,sources
a,Alpha,,2000,,,,,s1
b,Beta,,2005-13,,,,,s1
c,Gamma,,2010,2008,,,,s9
a,Alpha again,,,,,,,s1
d,,,,,,,,
e,Epsilon,,2012,,,,,s1
"""
RELATIONS = """id,source,target,type,start,end,confidence,evidence,sources,notes
r1,a,zz,alliance,2006,,reported,x,s1,
r2,a,b,friendship,2006,,reported,x,s1,
r3,a,b,alliance,2006,,probable,x,s1,
r4,a,b,alliance,2006-02-30,,reported,x,s1,
r5,a,b,alliance,2010,2008,reported,x,s1,
r6,a,a,alliance,2006,,reported,x,s1,
r7,a,b,pledge,2006,,reported,x,s1,
r8,a,b,pledge,2006,,reported,x,s1,
r1,a,b,rivalry,2007,,reported,x,s1,
r10,a,e,alliance,2001,,reported,x,s1,
r11,a,b,alliance,2006,,reported,x,s404,
r12,c,e,alliance,2012,2020,reported,x,s1,
"""
SOURCES = """id,title,publisher,date,url,document,notes
s1,T,,2016,https://example.org,,
s2,U,,,javascript:alert(1),,
"""


def write(folder: Path, groups=GROUPS, relations=RELATIONS, sources=SOURCES) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "groups.csv").write_text(groups)
    (folder / "relations.csv").write_text(relations)
    (folder / "sources.csv").write_text(sources)
    return folder


def find(report, file, row, column, text):
    hits = [
        p
        for p in report.problems
        if p.file.endswith(file) and p.row == row and p.column == column and text in p.message
    ]
    assert hits, f"no problem {file}:{row}:{column}:{text} in\n{report}"
    return hits[0]


def test_every_problem_is_reported(tmp_path):
    report = militnet.validate(write(tmp_path / "broken"))
    assert not report.ok
    assert find(report, "groups.csv", 3, "founded", "malformed date").value == "2005-13"
    find(report, "groups.csv", 4, "ended", "before founded")
    find(report, "groups.csv", 4, "sources", "unknown source")
    assert find(report, "groups.csv", 5, "id", "duplicate id").value == "a"
    find(report, "groups.csv", 6, "name", "empty name")
    assert find(report, "relations.csv", 2, "target", "unknown group").value == "zz"
    assert find(report, "relations.csv", 3, "type", "unknown relation type").value == "friendship"
    assert find(report, "relations.csv", 4, "confidence", "unknown confidence").value == "probable"
    assert find(report, "relations.csv", 5, "start", "malformed").value == "2006-02-30"
    find(report, "relations.csv", 6, "end", "before start")
    find(report, "relations.csv", 7, "target", "self-loop")
    find(report, "relations.csv", 9, None, "exact duplicate")
    find(report, "relations.csv", 10, "id", "duplicate id")
    find(report, "relations.csv", 11, "start", "before group 'e' was founded")
    find(report, "relations.csv", 12, "sources", "unknown source")
    find(report, "sources.csv", 3, "url", "http")
    assert find(report, "relations.csv", 13, "end", "after group 'c' ended").severity == "warning"
    # warnings are warnings
    assert find(report, "relations.csv", 11, "start", "founded").severity == "warning"
    assert report.summary().startswith(f"{len(report.errors)} errors")


def test_load_raises_with_whole_report_and_loads_nothing(tmp_path):
    folder = write(tmp_path / "broken")
    with pytest.raises(militnet.ValidationError) as info:
        militnet.load(folder)
    err = info.value
    assert isinstance(err, ValueError) and isinstance(err, militnet.MilitnetError)
    assert len(err.report.errors) >= 15
    assert "relations.csv, row 3, column 'type'" in str(err)


def test_missing_columns_and_files(tmp_path):
    folder = write(tmp_path / "d", relations="id,source,target\nr1,a,b\n")
    (folder / "sources.csv").unlink()
    report = militnet.validate(folder)
    msgs = [str(p) for p in report.errors]
    assert any("missing required column 'type'" in m for m in msgs)
    assert any("missing required column 'confidence'" in m for m in msgs)
    assert any("sources.csv: file not found" in m for m in msgs)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\xff\xfeid,name\n", "not valid UTF-8"),
        (b'id,name\na,"unterminated\n', "unreadable CSV"),
        (b"", "empty file"),
        (b"id,name\na,Alpha,extra\n", "3 fields but the header has 2"),
        (b"id,name,name\na,A,B\n", "duplicate column name"),
        (b"id,na\x00me\n", "NUL byte"),
    ],
)
def test_broken_files(tmp_path, content, message):
    folder = write(tmp_path / "d")
    (folder / "groups.csv").write_bytes(content)
    report = militnet.validate(folder)
    assert any(message in p.message and p.file.endswith("groups.csv") for p in report.errors), str(
        report
    )


def test_malformed_datapackage(tmp_path, tiny_dir):
    (tiny_dir / "datapackage.json").write_text("{not json")
    report = militnet.validate(tiny_dir)
    assert any("malformed JSON" in p.message for p in report.errors)


def test_in_memory_tables_are_validated_too(tiny):
    rel = tiny.relations
    rel.loc["r1", "target"] = "nobody"
    rel.loc["r2", "start"] = "20x4"
    with pytest.raises(militnet.ValidationError) as info:
        militnet.Network(tiny.groups, rel, tiny.sources)
    rows = {(p.row, p.column) for p in info.value.report.errors}
    assert {(0, "target"), (1, "start")} <= rows


def test_unknown_dataset_name():
    with pytest.raises(militnet.DatasetNotFoundError, match="bundled datasets"):
        militnet.load("no-such-dataset")


def test_report_frame(tmp_path):
    df = militnet.validate(write(tmp_path / "broken")).to_frame()
    assert list(df.columns) == ["severity", "file", "row", "column", "value", "message"]
    assert (df.severity == "error").sum() >= 15


def test_alternative_dates_are_checked(tiny_dir):
    rel = tiny_dir / "relations.csv"
    lines = rel.read_text().splitlines()
    lines[0] += ",start_alt"
    lines[1] += ",2014-07;2014-09-31"
    lines[2:] = [line + "," for line in lines[2:]]
    rel.write_text("\n".join(lines) + "\n")
    report = militnet.validate(tiny_dir)
    assert [(p.row, p.column, p.value) for p in report.errors] == [(2, "start_alt", "2014-09-31")]


def test_an_unknown_source_kind_is_a_warning(tmp_path):
    import militnet

    d = tmp_path / "k"
    d.mkdir()
    (d / "groups.csv").write_text("id,name\na,A\n")
    (d / "relations.csv").write_text("id,source,target,type,confidence\n")
    (d / "sources.csv").write_text("id,title,kind\ns1,T,wire\ns2,U,blog\n")
    found = [
        (p.row, p.column, p.value, p.severity) for p in militnet.validate(d) if p.column == "kind"
    ]
    assert found == [(3, "kind", "blog", "warning")]
