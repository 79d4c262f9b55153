"""Screens of column names and cells that every table passes, read or built in memory."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from militnet._core.problems import Problem
from militnet._core.table import Table

if TYPE_CHECKING:
    pass


MAX_CELL = 100_000
#: Longest column name accepted.
MAX_COLUMN_NAME = 200
_BAD = object()
_UNWRITABLE = re.compile("[\x00\ud800-\udfff]")
_BAD_NAME_CHAR = re.compile("[\x00-\x1f\x7f-\x9f\ufeff\ud800-\udfff]")


def _too_long(value: str) -> str:
    return f"cell too long ({len(value):,} characters; at most {MAX_CELL:,})"


def header_problems(file: str, header: list[str]) -> list[Problem]:
    """Problems with column names: empty, stray spaces, control characters,
    duplicates, too long."""
    out: list[Problem] = []
    seen: set[str] = set()
    for c in header:
        shown = _printable(c)
        if not c.strip():
            out.append(_err(file, "empty column name in header", 1))
        elif c != c.strip():
            out.append(_err(file, "column name has leading or trailing spaces", 1, shown, shown))
        elif _BAD_NAME_CHAR.search(c):
            out.append(
                _err(
                    file,
                    "column name contains a control character, a byte-order "
                    "mark or a lone surrogate",
                    1,
                    shown,
                    shown,
                )
            )
        elif len(c) > MAX_COLUMN_NAME:
            out.append(
                _err(
                    file,
                    f"column name longer than {MAX_COLUMN_NAME} characters",
                    1,
                    shown[:40] + "...",
                    shown[:40] + "...",
                )
            )
        elif c in seen:
            out.append(_err(file, "duplicate column name in header", 1, shown, shown))
        seen.add(c)
    return out


def table_problems(tables: dict[str, Table]) -> list[Problem]:
    """Values that could not be saved and loaded back exactly: NUL characters, lone
    surrogates, cells over :data:`MAX_CELL` characters, bad column names.

    Tables read from files were checked as they were read (``Table.writable``);
    otherwise each column is screened at once (its longest cell, and its cells
    joined as one string), and the cells of a column that fails are looked at
    one by one."""
    out: list[Problem] = []
    for t in tables.values():
        out.extend(header_problems(t.file, t.columns))
        found: list[tuple[int, int, Problem]] = []
        for j, (c, col) in enumerate(zip(t.columns, t.cols, strict=True)):
            if (
                col
                and not t.writable
                and (max(map(len, col)) > MAX_CELL or not _writable("".join(col)))
            ):
                found.extend(
                    (i, j, p)
                    for i, v in enumerate(col)
                    if (p := _cell_problem(t, i, c, v)) is not None
                )
        out.extend(p for _i, _j, p in sorted(found, key=lambda f: (f[0], f[1])))
    return out


def _writable(text: str) -> bool:
    """No NUL character and no lone surrogate (what :func:`_cell_problem` looks for)."""
    if "\x00" in text:
        return False
    if text.isascii():
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _cell_problem(t: Table, i: int, column: str, value: str) -> Problem | None:
    if len(value) > MAX_CELL:
        return _err(
            t.file,
            _too_long(value),
            t.row_number(i),
            _printable(column),
            _printable(value[:40]) + "...",
        )
    if _UNWRITABLE.search(value):
        return _err(
            t.file,
            "cell contains a NUL character or a lone surrogate (not valid text)",
            t.row_number(i),
            _printable(column),
            _printable(value),
        )
    return None


def _printable(text: str) -> str:
    """Text that can be printed and encoded (lone surrogates and NUL escaped)."""
    if not _UNWRITABLE.search(text):
        return text
    return _UNWRITABLE.sub(
        lambda m: m.group().encode("utf-8", "backslashreplace").decode("ascii"), text
    )


def _err(
    file: str,
    msg: str,
    row: int | None = None,
    column: str | None = None,
    value: str | None = None,
    severity: str = "error",
) -> Problem:
    return Problem(severity, file, row, column, value, msg)  # type: ignore[arg-type]
