"""Validation messages name the cell they mean: for every problem with a row and
a column, the value quoted is that cell's text in the file (issue 28).

Datasets are the bundled afpak with semantic mutations (bad dates, unknown ids,
swapped dates, ties around mergers, unknown types and confidences), each
mutation seeded, so a failure names its seed.
"""

from __future__ import annotations

import csv
import random
import shutil
from pathlib import Path

import pytest

import militnet
from militnet._core.schema import LIST_COLUMNS
from militnet._dataset.registry import bundled_path

_LISTS = {c for cols in LIST_COLUMNS.values() for c in cols}

BAD = {
    "start": ["2015-13", "15/03/2014", "2030-01-01", "1899", "", "2014-02-30"],
    "end": ["2001", "1990-05", "2016-02-29", "", "tomorrow"],
    "last_attested": ["1980", "2040-01", "x", ""],
    "source": ["ttp ", "no-such-group", "TTP", ""],
    "target": ["iskp", "is-k", "taliban", ""],
    "type": ["alliance", "merger", "Alliance", "friendship", "split"],
    "confidence": ["alleged", "probable", "", "CONFIRMED"],
    "sources": ["", "no-such-source", "seed-000;;"],
    "events": ["e9999", "e0001;e0001", ""],
    "founded": ["2030", "19xx", "", "2016-08"],
    "ended": ["1980", "2014-13", "", "2015-11"],
}


def _read(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


def _write(path: Path, head: list[str], rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows([head, *rows])


def _mutate(folder: Path, rng: random.Random) -> None:
    for _ in range(rng.randint(1, 6)):
        name = rng.choice(["relations.csv", "relations.csv", "groups.csv"])
        head, rows = _read(folder / name)
        cols = [c for c in head if c in BAD]
        col = rng.choice(cols)
        j = head.index(col)
        i = rng.randrange(len(rows))
        if rng.random() < 0.3 and name == "relations.csv":
            # a tie of a group that merged, starting before or after the merger
            r = next(r for r in rows if r[head.index("type")] == "merger")
            gone, when = r[head.index("source")], r[head.index("start")]
            rows[i][head.index("source")] = gone
            rows[i][head.index("type")] = rng.choice(["alliance", "pledge", "rivalry"])
            year = int(when[:4]) + rng.choice([-3, 2])
            rows[i][head.index("start")] = str(year)
            rows[i][head.index("end")] = rng.choice(["", str(year + 4)])
        else:
            rows[i][j] = rng.choice(BAD[col])
        _write(folder / name, head, rows)


@pytest.mark.parametrize("seed", range(40))
def test_every_problem_quotes_the_cell_it_names(tmp_path, seed):
    folder = tmp_path / "afpak"
    shutil.copytree(bundled_path("afpak"), folder)
    _mutate(folder, random.Random(seed))
    report = militnet.validate(folder)
    tables = {p.name: _read(p) for p in folder.glob("*.csv")}
    checked = 0
    for p in report.problems:
        if p.row is None or p.column is None or p.value is None:
            continue
        head, rows = tables[Path(p.file).name]
        assert p.column in head, (seed, str(p))
        cell = rows[p.row - 2][head.index(p.column)]
        # a list cell (sources, events, aliases) may be quoted one item at a time
        items = [x.strip() for x in cell.split(";")] if p.column in _LISTS else []
        assert cell == p.value or p.value in items, (seed, str(p), cell)
        checked += 1


def test_the_mutations_break_cells(tmp_path):
    """The seeded mutation sets do produce problems to check (a mutation can land on a
    value that is valid where it lands, but not in most sets)."""
    broken = 0
    for seed in range(0, 40, 4):
        folder = tmp_path / f"afpak-{seed}"
        shutil.copytree(bundled_path("afpak"), folder)
        _mutate(folder, random.Random(seed))
        report = militnet.validate(folder)
        broken += any(p.row is not None and p.column for p in report.problems)
    assert broken >= 7


def test_merger_messages_name_the_right_cell_and_advice(tmp_path):
    from militnet import Group, Network, Relation, Source

    net = Network(
        groups=[
            Group("a", "A", founded="1985", ended="1993", sources="s"),
            Group("b", "B", founded="1985", sources="s"),
            Group("c", "C", founded="1985", sources="s"),
        ],
        relations=[
            Relation("m", "a", "b", "merger", start="1993", confidence="confirmed", sources="s"),
            Relation("r1", "a", "c", "alliance", start="1990", end="1996", sources="s"),
            Relation("r2", "a", "c", "rivalry", start="1998", end="2001", sources="s"),
        ],
        sources=[Source("s", title="t")],
    )
    folder = net.save(tmp_path / "d")
    by_row = {p.row: p for p in militnet.validate(folder).warnings if "merged" in p.message}
    goes_on, starts_after = by_row[3], by_row[4]
    assert (goes_on.column, goes_on.value) == ("end", "1996")
    assert goes_on.message.endswith("end it by 1993")
    assert (starts_after.column, starts_after.value) == ("start", "1998")
    assert "starts after" in starts_after.message and "end it by" not in starts_after.message


def _set(folder: Path, name: str, row: int, column: str, value: str) -> None:
    head, rows = _read(folder / name)
    rows[row - 2][head.index(column)] = value
    _write(folder / name, head, rows)


@pytest.mark.parametrize(
    ("name", "column", "value", "suggested"),
    [
        ("relations.csv", "source", "TTP", "'ttp'"),
        ("relations.csv", "target", "Tehreek-e-Taliban Pakistan", "'ttp'"),
        ("relations.csv", "source", "haqani", "'haqqani'"),
        ("relations.csv", "type", "aliance", "'alliance'"),
        ("relations.csv", "confidence", "Reported", "'reported'"),
        ("relations.csv", "sources", "seed-0000", "'seed-000'"),
        ("relations.csv", "events", "e00001", "'e0001'"),
        ("event_actors.csv", "group", "Taliban ", "'taliban'"),
        ("event_actors.csv", "event", "E0001", "'e0001'"),
        ("events.csv", "sources", "SEED-000", "'seed-000'"),
    ],
)
def test_unknown_ids_get_a_did_you_mean(tmp_path, name, column, value, suggested):
    folder = tmp_path / "afpak"
    shutil.copytree(bundled_path("afpak"), folder)
    _set(folder, name, 3, column, value)
    hits = [
        p
        for p in militnet.validate(folder).errors
        if p.row == 3 and p.column == column and p.value in (value, value.strip())
    ]
    assert hits, [str(p) for p in militnet.validate(folder).errors][:5]
    assert any(f"did you mean {suggested}" in p.message for p in hits), [str(p) for p in hits]


def test_no_suggestion_when_nothing_is_close(tmp_path):
    folder = tmp_path / "afpak"
    shutil.copytree(bundled_path("afpak"), folder)
    _set(folder, "relations.csv", 3, "source", "qqqqqqqq")
    (p,) = [p for p in militnet.validate(folder).errors if p.value == "qqqqqqqq"]
    assert p.message == "unknown group id"
