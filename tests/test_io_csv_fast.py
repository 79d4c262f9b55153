"""The two ways of reading a CSV file give the same table and the same problems.

``militnet._dataset.read.parse_csv`` reads a well-formed file (of a thousand lines or
more) with pandas' C parser once ``csv_shape`` has proved it well formed, and
anything else record by record with the csv module (which words each
problem). Here the fast path is tried on small texts too. These tests hold the fast
path to the csv module: on random texts made of the characters that matter
to CSV, and on real files (the bundled dataset, files written by ``save``,
spreadsheet exports with CRLF and quoted line breaks).
"""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import militnet
from militnet._dataset import read as _io
from militnet._dataset.read import csv_shape, parse_csv

# the characters CSV reading turns on, and a few that it must leave alone
PIECES = [
    "a",
    "b",
    ",",
    '"',
    '""',
    "\r",
    "\n",
    "\r\n",
    " ",
    "\t",
    "é",
    "\u2028",
    "\x0b",
    "\x1a",
    ";",
    "\ufeff",
    ',"',
    '",',
    '"\n',
]
csv_text = st.lists(st.sampled_from(PIECES), max_size=24).map("".join)


def by_csv_module(text: str) -> list[list[str]] | None:
    try:
        return list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error:
        return None


def both_ways(
    text: str, monkeypatch: pytest.MonkeyPatch, **kw: object
) -> tuple[tuple[object, list[object]], tuple[object, list[object]], bool]:
    """parse_csv's table and problems, with the fast path and without it."""

    def run() -> tuple[object, list[object]]:
        problems: list[object] = []
        t = parse_csv(text, "sources", "s.csv", problems, **kw)  # type: ignore[arg-type]
        shown = None if t is None else (t.columns, t.cols, list(t.rownums), t.rows)
        return shown, problems

    fast_taken = _io._fast_cells(text) is not None
    with monkeypatch.context() as m:
        m.setattr(_io, "_FAST_MIN_LINES", 0)  # small texts too
        fast = run()
    with monkeypatch.context() as m:
        m.setattr(_io, "_fast_cells", lambda text: None)
        slow = run()
    return fast, slow, fast_taken


@pytest.mark.slow
@settings(
    max_examples=400,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    body=csv_text,
    header=st.sampled_from(["id,title\n", "id\n", 'id,"ti,tle"\r\n', "", "id,title,url\r"]),
)
def test_both_paths_give_the_same_table_and_problems(body, header, monkeypatch):
    fast, slow, _ = both_ways(header + body, monkeypatch)
    assert fast == slow


@pytest.mark.slow
@settings(max_examples=1500, deadline=None)
@given(text=csv_text)
def test_the_fast_path_accepts_only_what_the_csv_module_reads_the_same(text):
    got = _io._fast_cells(text)
    if got is None:
        return
    ref = by_csv_module(text)
    header, cols, arrays = got
    assert [a.tolist() for a in arrays] == cols
    assert ref is not None, "the csv module refuses it"
    assert all(ref), "a blank line"
    assert [header, *map(list, zip(*cols, strict=True))] == ref


@pytest.mark.parametrize(
    "text",
    [
        'id,title\n1,"x"y\n',  # text after a closing quote (pandas reads "xy")
        'id,title\n1,"2" \n',  # a space after a closing quote
        'id,title\n1,"a,"b\n',  # a comma inside quotes, then text after the quote
        'id,title\n1,x"y\n',  # a quote inside an unquoted field
        "id,title\n1\n",  # a short row (pandas pads it)
        "id,title\n1,2,3\n",  # a long row
        "id,title\n\n1,2\n",  # a blank line (pandas can keep or skip it)
        "id,title\n1,2\r\r\n",  # CR then CRLF: a blank record
        'id,title\n1,"2\n',  # a quote never closed
        "\ufeffid,title\n1,2\n",  # a second byte-order mark (pandas drops it)
    ],
)
def test_what_pandas_would_misread_goes_the_careful_way(text, monkeypatch):
    assert _io._fast_cells(text) is None
    fast, slow, taken = both_ways(text, monkeypatch)
    assert not taken and fast == slow


def test_overlong_cells_go_the_careful_way(monkeypatch):
    text = "id,title\n1," + "x" * (_io.MAX_CELL + 1) + "\n"
    fast, slow, taken = both_ways(text, monkeypatch)
    assert not taken and fast == slow
    assert "cell too long" in str(fast[1][0])


@pytest.mark.parametrize(
    "text",
    [
        "id,title\n1,2\n",
        "id,title\r\n1,2\r\n",
        "id,title\r1,2",
        'id,title\n1,"two\r\nlines, and ""quotes"""\n',
        'id,title\n"",""\n',
    ],
)
def test_well_formed_files_take_the_fast_path(text, monkeypatch):
    fast, slow, taken = both_ways(text, monkeypatch)
    assert taken and fast == slow
    assert csv_shape(text.encode()) is not None


def test_real_files_read_the_same_both_ways(tmp_path, monkeypatch):
    """The bundled dataset, the same saved by militnet, and a spreadsheet-style
    export of it (CRLF line ends, every field quoted)."""
    from militnet._dataset.registry import bundled_path

    src = bundled_path("afpak")
    militnet.load(src).save(tmp_path / "saved")
    excel = tmp_path / "excel"
    shutil.copytree(src, excel)
    for f in excel.glob("*.csv"):
        rows = list(csv.reader(io.StringIO(f.read_text(encoding="utf-8"), newline="")))
        buf = io.StringIO()
        csv.writer(buf, quoting=csv.QUOTE_ALL, lineterminator="\r\n").writerows(rows)
        f.write_bytes(b"\xef\xbb\xbf" + buf.getvalue().encode("utf-8"))
    for folder in (src, tmp_path / "saved", excel):
        for f in sorted(Path(folder).glob("*.csv")):
            text = f.read_bytes().decode("utf-8-sig")
            fast, slow, taken = both_ways(text, monkeypatch, required=(), known=())
            assert taken, f
            assert fast == slow, f
