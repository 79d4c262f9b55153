"""The in-memory table: a CSV file's cells held column by column."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np

    from militnet._core.dates import DateColumn


class Table:
    """One table as read: every cell a string, in file order.

    The cells are held column by column (``cols``: one list per column), which
    is how the checks and the DataFrames use them; ``rows`` gives the same
    cells row by row, built on first use. A table is not changed after it is
    built: the lists are shared, never modified.
    """

    __slots__ = ("_cols", "_derived", "_rows", "columns", "file", "name", "rownums", "writable")

    def __init__(
        self,
        name: str,
        file: str,
        columns: list[str],
        rows: list[list[str]] | None = None,
        rownums: Sequence[int] | None = None,
        *,
        cols: list[list[str]] | None = None,
        writable: bool = False,
        arrays: dict[str, np.ndarray] | None = None,
    ) -> None:
        self.name = name
        #: every cell is known to save and load back exactly (checked as it was read)
        self.writable = writable
        self.file = file
        self.columns = columns
        #: the row number of each row in its file (empty: positions are the numbers)
        self.rownums: Sequence[int] = rownums if rownums is not None else []
        if cols is None:
            rows = rows if rows is not None else []
            cols = [list(c) for c in zip(*rows, strict=True)] if rows else [[] for _ in columns]
            self._rows: list[list[str]] | None = rows
        else:
            self._rows = None
        self._cols = cols
        # computed from the cells once: dates, codes, arrays
        self._derived: dict[Any, Any] = {("array", k): v for k, v in (arrays or {}).items()}

    @property
    def cols(self) -> list[list[str]]:
        """The cells, column by column (shared lists: do not modify)."""
        return self._cols

    @property
    def rows(self) -> list[list[str]]:
        """The cells, row by row (shared lists: do not modify)."""
        if self._rows is None:
            self._rows = [list(r) for r in zip(*self._cols, strict=True)]
        return self._rows

    def __len__(self) -> int:
        return len(self._cols[0]) if self._cols else len(self._rows or ())

    def column(self, name: str) -> list[str]:
        """The cells of column ``name`` (a shared list: do not modify)."""
        return self._cols[self.columns.index(name)]

    def row(self, i: int) -> list[str]:
        """The cells of the ``i``-th row."""
        return [c[i] for c in self._cols]

    def dates(self, name: str) -> DateColumn:
        """Column ``name`` parsed as partial dates (once; a missing column is empty)."""
        key = ("dates", name)
        if key not in self._derived:
            from militnet._core.dates import DateColumn

            (codes,), distinct = self.codes(name)
            self._derived[key] = DateColumn.from_codes(codes, distinct)
        return self._derived[key]  # type: ignore[no-any-return]

    def codes(self, *names: str) -> tuple[list[np.ndarray], list[str]]:
        """Integer codes of the cells of the columns ``names``, numbered together
        (a value has the same code in each), one array per column, and the
        values by code, in order of first appearance (computed once)."""
        key = ("codes", names)
        if key not in self._derived:
            import numpy as np
            import pandas as pd

            n = len(self)
            cells = (
                self.array(names[0])
                if len(names) == 1
                else np.concatenate([self.array(name) for name in names])
            )
            codes, uniques = pd.factorize(cells, sort=False)
            codes = codes.astype(np.int64)
            self._derived[key] = (
                [codes[k * n : (k + 1) * n] for k in range(len(names))],
                list(uniques),
            )
        return self._derived[key]  # type: ignore[no-any-return]

    def array(self, name: str) -> np.ndarray:
        """Column ``name`` as a numpy array of the same strings (``dtype=object``;
        computed once, or kept from the parser; a missing column is empty)."""
        key = ("array", name)
        if key not in self._derived:
            self._derived[key] = object_array(self.column_or_empty(name))
        return self._derived[key]  # type: ignore[no-any-return]

    def cached(self, key: str, make: Callable[[], Any]) -> Any:
        """``make()`` computed once per table under ``key`` (for values the checks
        derive from the cells and share)."""
        k = ("cached", key)
        if k not in self._derived:
            self._derived[k] = make()
        return self._derived[k]

    def column_or_empty(self, name: str) -> list[str]:
        """The cells of column ``name``, or empty cells if the table has no such column."""
        return self.column(name) if name in self.columns else [""] * len(self)

    def row_number(self, i: int) -> int:
        """The file row of the ``i``-th row (its position for in-memory tables)."""
        return self.rownums[i] if self.rownums else i

    def __repr__(self) -> str:
        return f"Table({self.name!r}, {self.file!r}, {len(self.columns)} columns, {len(self)} rows)"


def object_array(values: Sequence[str]) -> np.ndarray:
    """A numpy array holding the same string objects (``dtype=object``, not copied)."""
    import numpy as np

    arr = np.empty(len(values), dtype=object)
    arr[:] = values
    return arr
