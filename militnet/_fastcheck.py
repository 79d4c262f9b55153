"""Vectorised screening of dataset tables for :mod:`militnet._validate`.

Checking every cell in Python costs about 40 µs per relation. Most rows have
no problem, so the checks run over whole columns first (numpy and pandas
string operations), and the per-cell checks of :mod:`militnet._validate`,
which word every problem (file, row, column, value), run only on the rows
the screen flags. The screen is *conservative*: a row it passes has no
problem under any check; a row it flags may have none (for instance a valid
date in a rare form, such as day 29 to 31, is re-checked per cell).

The cross-row facts the per-cell checks need are computed here for all rows
at once: the first row of each id, of each duplicate relation key, and the
lifetimes of the groups.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from militnet._dates import PartialDate
from militnet._errors import DateError
from militnet._model import CONFIDENCE_LEVELS, LIST_SEP, RELATION_TYPES

if TYPE_CHECKING:
    from militnet._io import Table

__all__ = ["DateColumn", "Lifetimes", "TableScreen", "ref_problems", "relation_keys",
           "relation_screen", "rows"]

#: Dates the vectorised path reads; anything else goes to PartialDate.parse.
_SAFE_DATE_RE = re.compile(r"[0-9]{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|1[0-9]|2[0-8]))?)?")
#: URLs is_web_url certainly accepts (ASCII scheme, no space or control character).
_SAFE_URL = re.compile(r"[hH][tT][tT][pP][sS]?://[!-~]{2,}")


#: Tests set this to run the per-row checks on every row (the screen's oracle).
EVERY_ROW = False


def rows(mask: np.ndarray) -> list[int]:
    """The rows a screen flags (every row when :data:`EVERY_ROW` is set)."""
    return list(range(len(mask))) if EVERY_ROW else np.flatnonzero(mask).tolist()


def _mask(flags: list[bool], n: int) -> np.ndarray:
    out = np.array(flags, dtype=bool)
    return out if len(out) == n else np.zeros(n, dtype=bool)


def _factorize(values: list[str]) -> tuple[np.ndarray, list[str]]:
    """Codes and distinct values (in order of first appearance)."""
    import pandas as pd

    arr = np.empty(len(values), dtype=object)
    arr[:] = values
    codes, uniques = pd.factorize(arr)
    return codes, list(uniques)


@dataclass(frozen=True)
class DateColumn:
    """A column of partial dates, parsed at once: ``ok`` (parses), ``known``,
    day numbers of the ``first`` and ``last`` day, and day precision."""

    ok: np.ndarray
    known: np.ndarray
    first: np.ndarray
    last: np.ndarray
    day: np.ndarray

    @classmethod
    def parse(cls, values: list[str]) -> DateColumn:
        """Parse a column; each distinct value once."""
        codes, uniques = _factorize(values)
        u = cls._parse_distinct(uniques)
        return cls(u.ok[codes], u.known[codes], u.first[codes], u.last[codes], u.day[codes])

    @classmethod
    def _parse_distinct(cls, values: list[str]) -> DateColumn:
        n = len(values)
        text = values  # PartialDate.parse rejects whitespace around a date
        safe = _mask([_SAFE_DATE_RE.fullmatch(v) is not None and v[:4] != "0000"
                      for v in text], n)
        lengths = np.array([len(v) for v in text], dtype=np.int64).reshape(n)
        ok = safe | (lengths == 0)
        known = safe.copy()
        first = np.zeros(n, dtype=np.int64)
        last = np.zeros(n, dtype=np.int64)
        day = safe & (lengths == 10)
        if safe.any():
            start = np.array([text[i] for i in np.flatnonzero(safe).tolist()],
                             dtype="datetime64[D]")  # the first day of the year, month or day
            first[safe] = start.astype(np.int64)
            ln = lengths[safe]
            end = start.copy()
            year = ln == 4
            month = ln == 7
            end[year] = (start[year].astype("datetime64[Y]") + 1).astype("datetime64[D]") - 1
            end[month] = (start[month].astype("datetime64[M]") + 1).astype("datetime64[D]") - 1
            last[safe] = end.astype(np.int64)
        epoch = _dt.date(1970, 1, 1)
        for i in np.flatnonzero(~ok).tolist():  # rare forms, and errors: per value
            try:
                d = PartialDate.parse(values[i])
            except DateError:
                continue
            ok[i] = True
            if d.is_known:
                known[i] = True
                first[i] = (d.first_day() - epoch).days
                last[i] = (d.last_day() - epoch).days
                day[i] = d.precision == "day"
        return cls(ok, known, first, last, day)

    def order_problem(self, later: DateColumn) -> np.ndarray:
        """Rows where ``later`` (an end) is before this column (a start), or
        equal to it at day precision: what :meth:`_Checker.order` reports."""
        both = self.ok & later.ok & self.known & later.known
        return both & ((later.last < self.first) | (later.day & self.day
                                                     & (later.first == self.first)))


def ref_problems(values: list[str], known: set[str] | None) -> np.ndarray:
    """Rows whose ``;``-separated id list is empty or names an id not in ``known``."""
    n = len(values)
    if n == 0:
        return np.zeros(0, dtype=bool)
    items = LIST_SEP.join(values).split(LIST_SEP)  # every item of every row, in order
    row = np.repeat(np.arange(n), [v.count(LIST_SEP) + 1 for v in values])
    if known is not None:
        fine = _mask([it in known for it in items], len(items))
    else:
        fine = _mask([it != "" and it.strip() == it for it in items], len(items))
    present = fine.copy()
    unknown = np.zeros(len(items), dtype=bool)
    for j in np.flatnonzero(~fine).tolist():  # padded, empty or unknown items
        it = items[j].strip()
        if it:
            present[j] = True
            unknown[j] = known is not None and it not in known
    bad = np.bincount(row, weights=present, minlength=n) == 0
    bad[row[unknown]] = True
    return bad


def first_of(keys: list[list[str]], n: int) -> np.ndarray:
    """For each row, the first row with the same values in all ``keys`` columns."""
    first: dict[tuple[str, ...], int] = {}
    return np.fromiter((first.setdefault(k, i) for i, k in enumerate(zip(*keys, strict=True))),
                       dtype=np.int64, count=n)


class TableScreen:
    """Columns of one table as arrays, and the vectorised checks over them."""

    def __init__(self, t: Table) -> None:
        self.t = t
        self.n = len(t.rows)
        grid = np.array(t.rows, dtype=object).reshape(len(t.rows), len(t.columns))
        self._cols = [grid[:, j].tolist() for j in range(len(t.columns))]
        self._dates: dict[str, DateColumn] = {}

    def col(self, name: str) -> list[str]:
        """The column's cells (the list is shared: do not modify it)."""
        return self._cols[self.t.columns.index(name)]

    def dates(self, name: str) -> DateColumn:
        """The column parsed as partial dates (once)."""
        if name not in self._dates:
            self._dates[name] = DateColumn.parse(self.col(name))
        return self._dates[name]

    def ids(self) -> tuple[dict[str, int], np.ndarray]:
        """Valid ids -> first row, and a mask of the rows with an id problem
        (empty, spaces, separator, duplicate)."""
        ids = self.col("id")
        valid = _mask([v != "" and v.strip() == v and LIST_SEP not in v for v in ids], self.n)
        seen: dict[str, int] = {}
        dup = np.zeros(self.n, dtype=bool)
        for i, v in enumerate(ids):
            if seen.setdefault(v, i) != i:
                dup[i] = True
        for i in np.flatnonzero(~valid).tolist():
            if seen.get(ids[i]) == i:
                del seen[ids[i]]  # an invalid id is never a first row
        return seen, ~valid | dup

    def empty(self, name: str) -> np.ndarray:
        return _mask([not v.strip() for v in self.col(name)], self.n)

    def not_in(self, name: str, allowed: set[str] | Mapping[str, object]) -> np.ndarray:
        return _mask([v not in allowed for v in self.col(name)], self.n)

    def urls(self) -> np.ndarray:
        """Rows whose url may be rejected (non-empty, not certainly a web URL)."""
        return _mask([bool(u) and _SAFE_URL.fullmatch(u) is None and u.strip() != ""
                      for u in self.col("url")], self.n)

    def list_dates(self, name: str) -> np.ndarray:
        """Rows of a ``;``-separated date-list column with an item that may not parse."""
        rows_of: list[int] = []
        items: list[str] = []
        for i, cell in enumerate(self.col(name)):
            if cell:
                for p in cell.split(LIST_SEP):
                    if p.strip():
                        rows_of.append(i)
                        items.append(p)
        bad = np.zeros(self.n, dtype=bool)
        if items:
            ok = DateColumn.parse(items).ok
            bad[np.asarray(rows_of, dtype=np.int64)[~ok]] = True
        return bad


class Lifetimes(Mapping[str, tuple[PartialDate, PartialDate]]):
    """Group id -> (founded, ended) of its last row whose two dates parse,
    parsed on demand (as the per-row check built it, for every row)."""

    def __init__(self, screen: TableScreen) -> None:
        self._screen = screen
        f, e = screen.dates("founded"), screen.dates("ended")
        ok = f.ok & e.ok
        ids = screen.col("id")
        self._row: dict[str, int] = {ids[i]: i for i in np.flatnonzero(ok).tolist()}
        self.founded, self.ended = f, e

    def __getitem__(self, gid: str) -> tuple[PartialDate, PartialDate]:
        i = self._row[gid]
        t = self._screen.t
        ix = t.columns.index
        return (PartialDate.parse(t.rows[i][ix("founded")]),
                PartialDate.parse(t.rows[i][ix("ended")]))

    def __iter__(self) -> Iterator[str]:
        return iter(self._row)

    def __len__(self) -> int:
        return len(self._row)

    def rows_of(self, gids: list[str]) -> np.ndarray:
        """The group row behind each id (-1: not in the mapping)."""
        return np.array([self._row.get(g, -1) for g in gids], dtype=np.int64)


def lifetime_problems(screen: TableScreen, life: Lifetimes) -> np.ndarray:
    """Relation rows for which :func:`militnet._validate._lifetime` may warn."""
    st, en = screen.dates("start"), screen.dates("end")
    bad = np.zeros(screen.n, dtype=bool)
    both = st.ok & en.ok
    if not len(life):
        return bad
    for col in ("source", "target"):
        g = life.rows_of(screen.col(col))
        has = both & (g >= 0)
        gi = np.where(has, g, 0)
        f_known = life.founded.known[gi]
        e_known = life.ended.known[gi]
        f_first = life.founded.first[gi]
        e_last = life.ended.last[gi]
        bad |= has & (
            (st.known & f_known & (st.last < f_first))
            | (st.known & e_known & (st.first > e_last))
            | (en.known & f_known & (en.last < f_first))
            | (en.known & e_known & (en.first > e_last)))
    return bad


def relation_keys(screen: TableScreen) -> tuple[np.ndarray, np.ndarray]:
    """First row of each relation's duplicate key ``(pair, type, start, end)``
    and of its full content, as the per-row check defines them."""
    cols = screen.t.columns
    undirected = {k for k, v in RELATION_TYPES.items() if not v.directed}
    pairs = [(b, a) if t in undirected and a > b else (a, b) for a, b, t in zip(
        screen.col("source"), screen.col("target"), screen.col("type"), strict=True)]
    a = [p[0] for p in pairs]
    b = [p[1] for p in pairs]
    key = [a, b, screen.col("type"), [v.strip() for v in screen.col("start")],
           [v.strip() for v in screen.col("end")]]
    near = first_of(key, screen.n)
    full = np.arange(screen.n)
    # the whole content can only repeat within a repeated key
    shared = np.flatnonzero(np.bincount(near, minlength=screen.n)[near] > 1).tolist()
    if shared:
        others = [j for j, n in enumerate(cols)
                  if n not in ("id", "source", "target", "start", "end", "type")]
        seen: dict[tuple[object, ...], int] = {}
        for i in shared:
            row = screen.t.rows[i]
            full[i] = seen.setdefault((int(near[i]), *(row[j] for j in others)), i)
    return near, full


def relation_screen(screen: TableScreen, group_ids: set[str] | None,
                    source_ids: set[str] | None, life: Lifetimes | None) -> np.ndarray:
    """Relation rows that may have a problem, besides their id."""
    bad = np.zeros(screen.n, dtype=bool)
    for col in ("source", "target"):
        bad |= screen.empty(col)
        if group_ids is not None:
            bad |= screen.not_in(col, group_ids)
    bad |= _mask([a == b for a, b in zip(screen.col("source"), screen.col("target"),
                                         strict=True)], screen.n)
    bad |= screen.not_in("type", RELATION_TYPES)
    bad |= screen.not_in("confidence", set(CONFIDENCE_LEVELS))
    st, en = screen.dates("start"), screen.dates("end")
    bad |= ~st.ok | ~en.ok | st.order_problem(en)
    bad |= ref_problems(screen.col("sources"), source_ids)
    bad |= screen.empty("evidence")
    if life is not None:
        bad |= lifetime_problems(screen, life)
    return bad
