"""Vectorised screening of dataset tables for :mod:`militnet._dataset.validate`.

Checking every cell in Python costs tens of microseconds per relation. Most
rows have no problem, so the checks run over whole columns first: each
distinct value once (``set(column) <= allowed``, a blank among the distinct
values, every item of the ``;`` lists a known id), a column joined into one
string for a single search, group ids as integer codes shared by the checks
(:meth:`militnet._dataset.read.Table.codes`), dates parsed once per distinct value
(:class:`militnet._core.dates.DateColumn`). The per-cell checks of
:mod:`militnet._dataset.validate`, which word every problem (file, row, column,
value), run only on the rows the screen flags. The screen is
*conservative*: a row it passes has no problem under any check; a row it
flags may have none (``tests/test_backend_validation_screen.py`` runs the
per-cell checks on every row and demands the same problems).

The cross-row facts the per-cell checks need are computed here for all rows
at once: the first row of each id, of each duplicate relation key, and the
lifetimes of the groups.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from itertools import repeat
from typing import TYPE_CHECKING, Any

import numpy as np

from militnet._core.dates import DateColumn, PartialDate
from militnet._core.model import CONFIDENCE_LEVELS, LIST_SEP, RELATION_TYPES
from militnet._core.table import object_array

if TYPE_CHECKING:
    from militnet._core.table import Table

__all__ = ["Lifetimes", "TableScreen", "ref_problems", "relation_keys", "relation_screen", "rows"]

_SPACE = re.compile(r"\s")
#: URLs is_web_url certainly accepts (ASCII scheme, no space or control character).
_SAFE_URL = re.compile(r"[hH][tT][tT][pP][sS]?://[!-~]{2,}")


#: Tests set this to run the per-row checks on every row (the screen's oracle).
EVERY_ROW = False


def rows(mask: np.ndarray) -> list[int]:
    """The rows a screen flags (every row when :data:`EVERY_ROW` is set)."""
    return list(range(len(mask))) if EVERY_ROW else np.flatnonzero(mask).tolist()


def ref_problems(values: list[str], known: set[str] | None) -> np.ndarray:
    """Rows whose ``;``-separated id list is empty or names an id not in ``known``."""
    n = len(values)
    if n == 0:
        return np.zeros(0, dtype=bool)
    items = LIST_SEP.join(values).split(LIST_SEP)  # every item of every row, in order
    if known is not None and known.issuperset(items):
        return np.zeros(n, dtype=bool)  # every item names a known id (never "")
    row = np.repeat(np.arange(n), _flags(map(str.count, values, repeat(LIST_SEP)), n, np.int64) + 1)
    if known is not None:
        fine = _flags(map(known.__contains__, items), len(items))
    else:
        fine = (object_array(items) != "") & ~_padded(items)
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


def _flags(values: Iterable[Any], n: int, dtype: type = bool) -> np.ndarray:
    """An array from an iterator of ``n`` values (a C-level ``map`` is fastest)."""
    return np.fromiter(values, dtype=dtype, count=n)


def _padded(values: list[str]) -> np.ndarray:
    """Cells with whitespace at either end (all-whitespace cells included)."""
    return object_array(values) != object_array(list(map(str.strip, values)))


def first_of(keys: list[list[str] | np.ndarray], n: int) -> np.ndarray:
    """For each row, the first row with the same values in all ``keys`` columns."""
    import pandas as pd

    if n == 0:
        return np.zeros(0, dtype=np.int64)
    code = np.zeros(n, dtype=np.int64)
    for k in keys:  # combine column codes pairwise, re-coded to stay small
        c, u = pd.factorize(k if isinstance(k, np.ndarray) else object_array(k), sort=False)
        code, _ = pd.factorize(code * len(u) + c, sort=False)
    # codes number the distinct keys in order of first appearance
    first = np.full(int(code.max()) + 1, n, dtype=np.int64)
    np.minimum.at(first, code, np.arange(n))
    return first[code]


class TableScreen:
    """Columns of one table as arrays, and the vectorised checks over them."""

    def __init__(self, t: Table) -> None:
        self.t = t
        self.n = len(t)

    def col(self, name: str) -> list[str]:
        """The column's cells (the list is shared: do not modify it)."""
        return self.t.column(name)

    def dates(self, name: str) -> DateColumn:
        """The column parsed as partial dates (once)."""
        return self.t.dates(name)

    def ids(self) -> tuple[dict[str, int], np.ndarray]:
        """Valid ids -> first row, and a mask of the rows with an id problem
        (empty, spaces, separator, duplicate)."""
        ids = self.col("id")
        seen = dict(zip(reversed(ids), range(self.n - 1, -1, -1), strict=True))  # first row
        joined = "".join(ids)
        if "" not in seen and LIST_SEP not in joined and not _SPACE.search(joined):
            valid = np.ones(self.n, dtype=bool)  # the whole column at once
        else:
            valid = (
                (self.t.array("id") != "")
                & ~_padded(ids)
                & ~_flags(map(str.__contains__, ids, repeat(LIST_SEP)), self.n)
            )
        dup = np.zeros(self.n, dtype=bool)
        if len(seen) < self.n:
            dup[:] = True
            dup[list(seen.values())] = False
        for i in np.flatnonzero(~valid).tolist():
            if seen.get(ids[i]) == i:
                del seen[ids[i]]  # an invalid id is never a first row
        return seen, ~valid | dup

    def empty(self, name: str) -> np.ndarray:
        """Rows whose cell is empty or only whitespace."""
        col = self.col(name)
        distinct = set(col)
        if "" not in distinct and not any(map(str.isspace, distinct)):
            return np.zeros(self.n, dtype=bool)
        return (self.t.array(name) == "") | _flags(map(str.isspace, col), self.n)

    def not_in(self, name: str, allowed: set[str] | Mapping[str, object]) -> np.ndarray:
        """Rows whose cell is not in ``allowed``."""
        col = self.col(name)
        if set(col).issubset(allowed):
            return np.zeros(self.n, dtype=bool)
        return ~_flags(map(allowed.__contains__, col), self.n)

    def urls(self) -> np.ndarray:
        """Rows whose url may be rejected (non-empty, not certainly a web URL)."""
        return np.array(
            [
                bool(u) and _SAFE_URL.fullmatch(u) is None and u.strip() != ""
                for u in self.col("url")
            ],
            dtype=bool,
        ).reshape(self.n)

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
        return (PartialDate.parse(t.column("founded")[i]), PartialDate.parse(t.column("ended")[i]))

    def __iter__(self) -> Iterator[str]:
        return iter(self._row)

    def __len__(self) -> int:
        return len(self._row)

    def rows_of(self, gids: list[str]) -> np.ndarray:
        """The group row behind each id (-1: not in the mapping)."""
        return np.array([self._row.get(g, -1) for g in gids], dtype=np.int64)


def lifetime_problems(screen: TableScreen, life: Lifetimes) -> np.ndarray:
    """Relation rows for which :func:`militnet._dataset.validate._lifetime` may warn."""
    st, en = screen.dates("start"), screen.dates("end")
    bad = np.zeros(screen.n, dtype=bool)
    both = st.ok & en.ok
    if not len(life):
        return bad
    codes, groups = screen.t.codes("source", "target")
    rows_of = life.rows_of(groups)
    for g in (rows_of[c] for c in codes):
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
            | (en.known & e_known & (en.first > e_last))
        )
    return bad


def relation_keys(screen: TableScreen) -> tuple[np.ndarray, np.ndarray]:
    """First row of each relation's duplicate key ``(pair, type, start, end)``
    and of its full content, as the per-row check defines them."""
    cols = screen.t.columns
    undirected = {k for k, v in RELATION_TYPES.items() if not v.directed}
    (src, tgt), groups = screen.t.codes("source", "target")
    swap = ~screen.not_in("type", undirected) & (src > tgt)  # one order for undirected
    pair = np.where(swap, tgt, src) * (len(groups) + 1) + np.where(swap, src, tgt)
    # dates compare stripped (a date that parses has no surrounding whitespace)
    key: list[list[str] | np.ndarray] = [pair, screen.t.codes("type")[0][0]]
    for c in ("start", "end"):
        key.append(
            screen.t.codes(c)[0][0]
            if screen.dates(c).ok.all()
            else list(map(str.strip, screen.col(c)))
        )
    near = first_of(key, screen.n)
    full = np.arange(screen.n)
    # the whole content can only repeat within a repeated key
    shared = np.flatnonzero(np.bincount(near, minlength=screen.n)[near] > 1).tolist()
    if shared:
        others = [
            j
            for j, n in enumerate(cols)
            if n not in ("id", "source", "target", "start", "end", "type")
        ]
        seen: dict[tuple[object, ...], int] = {}
        for i in shared:
            row = screen.t.row(i)
            full[i] = seen.setdefault((int(near[i]), *(row[j] for j in others)), i)
    return near, full


def relation_screen(
    screen: TableScreen,
    group_ids: set[str] | None,
    source_ids: set[str] | None,
    life: Lifetimes | None,
) -> np.ndarray:
    """Relation rows that may have a problem, besides their id."""
    (src, tgt), groups = screen.t.codes("source", "target")  # each distinct id once
    bad = src == tgt  # a self-loop
    flagged = np.fromiter((not g.strip() for g in groups), bool, len(groups))  # empty
    if group_ids is not None:
        flagged |= ~np.fromiter(map(group_ids.__contains__, groups), bool, len(groups))
    bad |= flagged[src] | flagged[tgt]
    bad |= screen.not_in("type", RELATION_TYPES)
    bad |= screen.not_in("confidence", set(CONFIDENCE_LEVELS))
    st, en = screen.dates("start"), screen.dates("end")
    bad |= ~st.ok | ~en.ok | st.order_problem(en)
    bad |= ref_problems(screen.col("sources"), source_ids)
    bad |= screen.empty("evidence")
    if life is not None:
        bad |= lifetime_problems(screen, life)
    return bad
