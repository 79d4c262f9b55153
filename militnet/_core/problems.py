"""Validation problems and the report that collects them."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from militnet._core.errors import ArgumentError

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Problem", "ValidationReport"]

Severity = Literal["error", "warning", "info"]


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem found in a dataset.

    ``row`` is the row as a spreadsheet shows it (the header is row 1, the
    first record row 2) for files, and the 0-based position for in-memory
    tables; ``None`` when the problem concerns a whole file or column.
    """

    severity: Severity
    file: str
    row: int | None
    column: str | None
    value: str | None
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.column is not None:
            where += f", column {self.column!r}"
        text = f"{self.severity}: {where}: {self.message}"
        if self.value is not None:
            shown = self.value if len(self.value) <= 80 else self.value[:77] + "..."
            text += f" (value {shown!r})"
        return text


class ValidationReport:
    """Every problem found in a dataset, errors and warnings.

    Examples
    --------
    >>> from militnet import ValidationReport, Problem
    >>> r = ValidationReport([Problem("error", "groups.csv", 3, "founded", "20x4",
    ...                               "malformed date")])
    >>> r.ok, len(r.errors), len(r.warnings)
    (False, 1, 0)
    >>> print(r)
    1 error, 0 warnings
    error: groups.csv, row 3, column 'founded': malformed date (value '20x4')
    """

    def __init__(self, problems: Iterable[Problem] = ()) -> None:
        if not isinstance(problems, Iterable) or isinstance(problems, (str, bytes)):
            raise ArgumentError(
                f"problems must be an iterable of Problem, got {type(problems).__name__}"
            )
        self.problems: list[Problem] = list(problems)

    @property
    def errors(self) -> list[Problem]:
        """Problems that make the dataset unusable."""
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        """Problems worth a look that do not prevent loading."""
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def infos(self) -> list[Problem]:
        """Notes on what an importer changed (cleaned, converted, merged)."""
        return [p for p in self.problems if p.severity == "info"]

    @property
    def ok(self) -> bool:
        """True when there is no error (warnings allowed)."""
        return not self.errors

    def __iter__(self) -> Iterator[Problem]:
        return iter(self.problems)

    def __len__(self) -> int:
        return len(self.problems)

    def __bool__(self) -> bool:
        return True

    def summary(self) -> str:
        """``"N errors, M warnings"``."""
        e, w, i = len(self.errors), len(self.warnings), len(self.infos)
        text = f"{e} error{'s' * (e != 1)}, {w} warning{'s' * (w != 1)}"
        return text + (f", {i} change{'s' * (i != 1)}" if i else "")

    def format(self, *, errors_only: bool = False) -> str:
        """The summary line followed by one line per problem."""
        shown = self.errors if errors_only else self.problems
        return "\n".join([self.summary(), *(str(p) for p in shown)])

    def __str__(self) -> str:
        return self.format()

    def __repr__(self) -> str:
        return f"<ValidationReport: {self.summary()}>"

    def to_frame(self) -> pd.DataFrame:
        """The problems as a DataFrame with columns severity, file, row, column, value,
        message."""
        import pandas as pd

        cols = ["severity", "file", "row", "column", "value", "message"]
        return pd.DataFrame([[getattr(p, c) for c in cols] for p in self.problems], columns=cols)
