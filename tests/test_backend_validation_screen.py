"""The vectorised validation screen (militnet._dataset.screen) drops no problem:
on hostile random tables, validation with the screen reports exactly the
problems (same order, file, row, column, value, message) as the per-row
checks run on every row."""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from militnet._core.schema import COLUMNS
from militnet._core.table import Table
from militnet._dataset import screen as _fastcheck
from militnet._dataset.validate import check_tables

IDS = ["a", "b", "c", "d", " a", "", "x;y", "b ", "zz"]
DATES = [
    "",
    "2014",
    "2014-02",
    "2014-02-28",
    "2016-02-29",
    "2015-02-29",
    "2014-13",
    "0000",
    " 2014 ",
    "\u0662\u0660\u0661\u0664",
    "2014-1-1",
    "2014-02-30",
    "1999-12-31",
    "2020-06",
    "2010",
    "2010-01-01",
    "abc",
    "9999-12",
]
REFS = ["s1", "s1;s2", "", " ; ", "s9", " s1 ", "s2;s9", "s1;", "s2"]
URLS = [
    "",
    "http://x",
    "http://xy",
    "https://a.b",
    "ftp://x",
    " http://a.com ",
    "http://a b",
    "HTTP://EXAMPLE.ORG",
    "http://\u017f",
    "https://",
    "https://x",
    "http://a\x01b",
]
TYPES = ["alliance", "pledge", "rivalry", "split", "merger", "friend", ""]
CONF = ["confirmed", "reported", "alleged", "maybe", ""]
TEXT = ["", " ", "quote", "other"]


#: The columns the generators below fill, in this order (others stay empty).
FILLED = {
    "sources": ("id", "title", "publisher", "date", "url", "document", "notes"),
    "groups": (
        "id",
        "name",
        "aliases",
        "founded",
        "ended",
        "orientation",
        "country",
        "notes",
        "sources",
    ),
    "relations": (
        "id",
        "source",
        "target",
        "type",
        "start",
        "end",
        "confidence",
        "evidence",
        "sources",
        "notes",
    ),
}


def table(name: str, rows: list[list[str]], extra: tuple[str, ...] = ()) -> Table:
    cols = list(COLUMNS[name]) + list(extra)
    names = FILLED[name] + extra
    full = [[dict(zip(names, r, strict=True)).get(c, "") for c in cols] for r in rows]
    return Table(name, f"{name}.csv", cols, full, [i + 2 for i in range(len(rows))])


def hostile(seed: int, n_groups: int, n_rel: int, alt: bool) -> dict[str, Table]:
    rng = random.Random(seed)
    pick = rng.choice
    sources = [
        [pick(["s1", "s2", "s3", "s1", " s4", ""]), pick(TEXT), "", pick(DATES), pick(URLS), "", ""]
        for _ in range(rng.randint(0, 5))
    ]
    groups = [
        [pick(IDS), pick(["A", "", " "]), "", pick(DATES), pick(DATES), "", "", "", pick(REFS)]
        + ([pick(["", "2001", "2001;x", "2002;2003-02-29"]), ""] if alt else [])
        for _ in range(n_groups)
    ]
    rels = []
    for i in range(n_rel):
        row = [
            pick(["r1", "r2", f"r{i}", "", " r"]),
            pick(IDS),
            pick(IDS),
            pick(TYPES),
            pick(DATES),
            pick(DATES),
            pick(CONF),
            pick(TEXT),
            pick(REFS),
            pick(TEXT),
        ]
        rels.append(row + ([pick(["", "2001", "bad"]), ""] if alt else []))
        if rels and rng.random() < 0.2:  # copies and near copies
            rels.append(list(rng.choice(rels)))
            if rng.random() < 0.5:
                rels[-1][9] = "changed"
    out = {
        "sources": table("sources", sources),
        "groups": table("groups", groups, ("founded_alt", "ended_alt") if alt else ()),
        "relations": table("relations", rels, ("start_alt", "end_alt") if alt else ()),
    }
    return out


def both_ways(tables: dict[str, Table]) -> tuple[list, list]:
    screened = check_tables(tables)
    _fastcheck.EVERY_ROW = True
    try:
        every = check_tables(tables)
    finally:
        _fastcheck.EVERY_ROW = False
    return screened, every


@pytest.mark.parametrize("seed", range(60))
def test_screen_reports_every_problem(seed):
    tables = hostile(seed, n_groups=seed % 13, n_rel=3 * (seed % 17), alt=seed % 2 == 0)
    screened, every = both_ways(tables)
    assert screened == every


@pytest.mark.slow
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 10**6), st.integers(0, 12), st.integers(0, 40), st.booleans())
def test_screen_reports_every_problem_hypothesis(seed, n_groups, n_rel, alt):
    screened, every = both_ways(hostile(seed, n_groups, n_rel, alt))
    assert screened == every


def test_without_a_groups_or_sources_table():
    tables = hostile(3, 8, 30, False)
    for drop in ("groups", "sources"):
        part = {k: v for k, v in tables.items() if k != drop}
        screened, every = both_ways(part)
        assert screened == every


def test_dates_parse_like_partial_date():
    from militnet._core.dates import DateColumn, PartialDate
    from militnet._core.errors import DateError

    col = DateColumn.parse(DATES)
    for i, v in enumerate(DATES):
        try:
            d = PartialDate.parse(v)
        except DateError:
            assert not col.ok[i], v
            continue
        assert col.ok[i] and col.known[i] == d.is_known, v
        if d.is_known:
            assert col.last[i] - col.first[i] == (d.last_day() - d.first_day()).days, v
            assert col.day[i] == (d.precision == "day"), v


def mostly_clean(seed: int, n_groups: int, n_rel: int) -> dict[str, Table]:
    """Valid tables with one perturbation in a few rows: every check of the
    screen must catch its own kind of problem alone (not only together with
    others, as in the hostile tables)."""
    rng = random.Random(seed)
    sources = [[f"s{i}", "T", "", "2001", "https://example.org/a", "", ""] for i in range(4)]
    groups = []
    for i in range(n_groups):
        f = rng.randint(1950, 2000)
        groups.append(
            [
                f"g{i}",
                f"G{i}",
                "",
                str(f),
                rng.choice(["", str(f + 30)]),
                "",
                "",
                "",
                rng.choice(["s1", "s1;s2"]),
            ]
        )
    rels = []
    for i in range(n_rel):
        a, b = rng.sample(range(n_groups), 2)
        st = rng.randint(1990, 2010)
        rels.append(
            [
                f"r{i}",
                f"g{a}",
                f"g{b}",
                rng.choice(["alliance", "pledge"]),
                str(st),
                rng.choice(["", str(st + 5)]),
                "reported",
                "quote",
                "s1",
                "",
            ]
        )
    perturb = [
        ("groups", 1, ["", " G", " "]),
        ("groups", 3, ["1949-02-29", "2000-13", "1899"]),
        ("groups", 4, ["1940", "2100-02-29"]),
        ("groups", 8, ["", "s9", " s1 ;", ";"]),
        ("relations", 0, ["r0", " r", ""]),
        ("relations", 1, ["g999", "", "g0"]),
        ("relations", 3, ["foe", "rivalry"]),
        ("relations", 4, ["1930", "2050", "2001-02-29"]),
        ("relations", 5, ["1989", "1990-01", "2100"]),
        ("relations", 6, ["maybe"]),
        ("relations", 7, ["", "  "]),
        ("relations", 8, ["", "s7", "s1;s9"]),
        ("sources", 3, ["20011", "2001-02-30"]),
        ("sources", 4, ["ftp://x", "http://x", ""]),
    ]
    tables = {"sources": sources, "groups": groups, "relations": rels}
    for _ in range(rng.randint(1, 4)):
        name, col, values = rng.choice(perturb)
        rows = tables[name]
        if rows:
            rows[rng.randrange(len(rows))][col] = rng.choice(values)
    if rels and rng.random() < 0.3:
        rels.append(list(rng.choice(rels)))
    return {
        "sources": table("sources", sources),
        "groups": table("groups", groups),
        "relations": table("relations", rels),
    }


@pytest.mark.parametrize("seed", range(150))
def test_screen_catches_each_problem_alone(seed):
    screened, every = both_ways(mostly_clean(seed, n_groups=6 + seed % 5, n_rel=12))
    assert screened == every
