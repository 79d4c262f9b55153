"""Partial dates that keep their precision, and the policies that compare them.

Sources date events at day, month or year precision ("26 August 2014",
"August 2014", "2014"), or not at all. A :class:`PartialDate` keeps exactly
what the source said; it never invents a day or a month. A partial date
stands for a *span* of days: ``2014-08`` is every day from 2014-08-01 to
2014-08-31.

Comparing a span with a day needs a rule, the *date policy*. militnet makes
that rule explicit and lets the caller choose it (see :data:`DATE_POLICIES`).
"""

from __future__ import annotations

import calendar
import datetime as _dt
import numbers
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from militnet._core.errors import DateError

__all__ = ["DATE_POLICIES", "DateColumn", "DatePolicy", "PartialDate", "as_day"]

DatePolicy = Literal["earliest", "latest", "strict", "lenient"]

#: The date policies, and which end of its span each partial date takes.
#:
#: ``(start_side, end_side)``: ``"first"`` is the first day of a partial date's
#: span, ``"last"`` its last day. A relation is active on day *t* when
#: ``start <= t < end`` after this substitution (half-open interval).
#:
#: - ``earliest`` (default): every partial date is its first day
#:   (``2014`` → 2014-01-01). The usual convention of timeline tools.
#: - ``latest``: every partial date is its last day (``2014`` → 2014-12-31).
#: - ``strict``: active only where *certainly* active: the start is the last
#:   day of its span, the end the first day of its span.
#: - ``lenient``: active wherever *possibly* active: the start is the first
#:   day of its span, the end the last day of its span.
DATE_POLICIES: dict[str, tuple[str, str]] = {
    "earliest": ("first", "first"),
    "latest": ("last", "last"),
    "strict": ("last", "first"),
    "lenient": ("first", "last"),
}

#: numpy's day 0 (1970-01-01) as a proleptic Gregorian ordinal (``date.toordinal``).
EPOCH_ORDINAL = _dt.date(1970, 1, 1).toordinal()

_PATTERN = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?", re.ASCII)


@dataclass(frozen=True, slots=True, order=False)
class PartialDate:
    """A date known to day, month or year precision, or unknown.

    Parameters
    ----------
    year, month, day : int or None
        ``month`` needs ``year``; ``day`` needs ``month``. All ``None`` is the
        unknown date.

    Examples
    --------
    >>> from militnet import PartialDate
    >>> d = PartialDate.parse("2014-08")
    >>> d.precision
    'month'
    >>> d.first_day(), d.last_day()
    (datetime.date(2014, 8, 1), datetime.date(2014, 8, 31))
    >>> str(d)
    '2014-08'
    >>> PartialDate.parse("").is_known
    False
    """

    year: int | None = None
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        for part in ("year", "month", "day"):
            v = getattr(self, part)
            if v is None:
                continue
            if isinstance(v, bool) or not isinstance(v, numbers.Integral):
                raise DateError(f"{part} must be an integer or None, got {v!r}"[:200])
            object.__setattr__(self, part, int(v))  # numpy integers become plain ints
        y, m, d = self.year, self.month, self.day
        if y is None and (m is not None or d is not None):
            raise DateError(f"a partial date with a month or day needs a year: {(y, m, d)}")
        if m is None and d is not None:
            raise DateError(f"a partial date with a day needs a month: {(y, m, d)}")
        if y is not None and not 1 <= y <= 9999:
            raise DateError(f"year out of range: {y}")
        if m is not None and not 1 <= m <= 12:
            raise DateError(f"month out of range: {m}")
        if d is not None:
            assert y is not None and m is not None
            if not 1 <= d <= calendar.monthrange(y, m)[1]:
                raise DateError(f"day out of range: {y:04d}-{m:02d}-{d:02d}")

    # -- construction --------------------------------------------------------
    @classmethod
    def parse(cls, value: object) -> PartialDate:
        """Parse ``""``, ``"YYYY"``, ``"YYYY-MM"`` or ``"YYYY-MM-DD"``.

        ASCII digits only (``٢٠١٤`` and ``２０１４`` are refused), with no
        surrounding whitespace (refused, so a date is stored as it is meant).

        :class:`datetime.date` and :class:`PartialDate` are accepted too;
        ``None`` is the unknown date.

        Raises
        ------
        DateError
            If the value is in none of these forms or is not a real date.

        Examples
        --------
        >>> PartialDate.parse("2016-10-24")
        PartialDate('2016-10-24')
        >>> PartialDate.parse("24/10/2016")
        Traceback (most recent call last):
        ...
        militnet.DateError: malformed date '24/10/2016': expected YYYY, YYYY-MM or YYYY-MM-DD
        """
        if isinstance(value, PartialDate):
            return value
        if value is None or (isinstance(value, (float, _dt.datetime)) and value != value):
            return cls()  # None, NaN and pandas.NaT: a missing date is the unknown date
        if isinstance(value, _dt.datetime):
            value = value.date()
        if isinstance(value, _dt.date):
            return cls(value.year, value.month, value.day)
        if not isinstance(value, str):
            raise DateError(f"malformed date {value!r}: expected a string")
        if not value:
            return cls()
        text = value.strip()
        if text != value:
            raise DateError(
                f"malformed date {value!r}: stray whitespace around the date"
                if text
                else f"malformed date {value!r}: only whitespace; "
                f"leave the cell empty for an unknown date"
            )
        m = _PATTERN.fullmatch(text)
        if not m:
            raise DateError(f"malformed date {value!r}: expected YYYY, YYYY-MM or YYYY-MM-DD")
        y, mo, d = (int(g) if g is not None else None for g in m.groups())
        try:
            return cls(y, mo, d)
        except DateError as exc:
            raise DateError(f"malformed date {value!r}: {exc}") from None

    # -- properties ----------------------------------------------------------
    @property
    def precision(self) -> Literal["day", "month", "year", "unknown"]:
        """``"day"``, ``"month"``, ``"year"`` or ``"unknown"``."""
        if self.year is None:
            return "unknown"
        if self.month is None:
            return "year"
        if self.day is None:
            return "month"
        return "day"

    @property
    def is_known(self) -> bool:
        """Whether the date is known at any precision."""
        return self.year is not None

    def first_day(self) -> _dt.date:
        """First day of the span. Raises :class:`DateError` if unknown."""
        if self.year is None:
            raise DateError("the unknown date has no first day")
        return _dt.date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> _dt.date:
        """Last day of the span. Raises :class:`DateError` if unknown."""
        if self.year is None:
            raise DateError("the unknown date has no last day")
        month = self.month or 12
        day = self.day or calendar.monthrange(self.year, month)[1]
        return _dt.date(self.year, month, day)

    def side(self, which: str) -> _dt.date:
        """The ``"first"`` or ``"last"`` day of the span."""
        return self.first_day() if which == "first" else self.last_day()

    def contains(self, day: object) -> bool:
        """Whether a day falls inside this span.

        Examples
        --------
        >>> PartialDate.parse("2014").contains("2014-08-26")
        True
        """
        t = as_day(day)
        return self.is_known and self.first_day() <= t <= self.last_day()

    def __str__(self) -> str:
        if self.year is None:
            return ""
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def __repr__(self) -> str:
        return f"PartialDate({str(self)!r})"

    def __bool__(self) -> bool:
        return self.is_known


def as_day(value: Any) -> _dt.date:
    """Coerce a query date to a :class:`datetime.date` (day precision).

    Accepts ``"YYYY-MM-DD"`` strings, :class:`datetime.date`,
    :class:`datetime.datetime`, :class:`pandas.Timestamp` and
    :class:`numpy.datetime64`. A year or month alone is refused, because a
    snapshot is taken on one day.

    Examples
    --------
    >>> as_day("2016-10-24")
    datetime.date(2016, 10, 24)
    >>> as_day("2016")
    Traceback (most recent call last):
    ...
    militnet.DateError: a query date needs day precision, got '2016'; write e.g. '2016-01-01'
    """
    if type(value).__name__ == "NaTType":  # pandas.NaT is a datetime subclass
        raise DateError("a query date cannot be NaT")
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    if isinstance(value, PartialDate):
        if value.precision != "day":
            raise DateError(
                f"a query date needs day precision, got {str(value)!r}; "
                f"write e.g. '{value.first_day().isoformat()}'"
            )
        return value.first_day()
    if isinstance(value, str):
        return as_day(PartialDate.parse(value))
    type_name = type(value).__name__
    if type_name == "datetime64" or hasattr(value, "to_pydatetime"):
        import pandas as pd

        ts = pd.Timestamp(value)
        if ts is pd.NaT:
            raise DateError("a query date cannot be NaT")
        return ts.date()
    raise DateError(f"cannot use {value!r} as a date")


@dataclass(frozen=True)
class DateColumn:
    """A column of partial-date cells parsed at once, as numpy arrays.

    ``ok``: the cell parses (:meth:`PartialDate.parse` accepts it); ``known``:
    it is a date (not empty); ``first`` and ``last``: the proleptic Gregorian
    ordinals (:meth:`datetime.date.toordinal`) of the first and last day of its
    span (0 where not known); ``day``: day precision.

    Each distinct value is parsed once. Clean ``YYYY[-MM[-DD]]`` text is read
    by numpy, which takes ``YYYY`` and ``YYYY-MM`` as the first day of the
    period (the last day is the next period's first day minus one); anything
    else (whitespace, other digits, year 0, a day that does not exist) goes
    through :meth:`PartialDate.parse` value by value, so the two agree exactly
    (tested). Used by validation, its history checks and the snapshot engine.

    Examples
    --------
    >>> col = DateColumn.parse(["2014", "2014-08-26", "", "26/08/2014"])
    >>> col.ok.tolist(), col.known.tolist(), col.day.tolist()
    ([True, True, True, False], [True, True, False, False], [False, True, False, False])
    >>> int(col.last[0] - col.first[0]) + 1
    365
    """

    ok: Any
    known: Any
    first: Any
    last: Any
    day: Any

    @classmethod
    def parse(cls, values: Sequence[str]) -> DateColumn:
        """Parse a column of strings (cells as read from a file)."""
        import numpy as np
        import pandas as pd

        n = len(values)
        if not n:
            z = np.zeros(0, dtype=np.int64)
            return cls(z.astype(bool), z.astype(bool), z, z.copy(), z.astype(bool))
        arr = np.empty(n, dtype=object)
        arr[:] = values
        codes, uniques = pd.factorize(arr, sort=False)
        return cls.from_codes(codes, list(uniques))

    @classmethod
    def from_codes(cls, codes: Any, distinct: list[str]) -> DateColumn:
        """Parse a column given as codes into its ``distinct`` values (each parsed once)."""
        u = cls._parse_distinct(distinct)
        return cls(u.ok[codes], u.known[codes], u.first[codes], u.last[codes], u.day[codes])

    @classmethod
    def _parse_distinct(cls, values: list[str]) -> DateColumn:
        import numpy as np

        n = len(values)
        ok = np.zeros(n, dtype=bool)
        known = np.zeros(n, dtype=bool)
        first = np.zeros(n, dtype=np.int64)
        last = np.zeros(n, dtype=np.int64)
        lengths = np.fromiter(map(len, values), dtype=np.int64, count=n)
        ok[lengths == 0] = True
        text = np.array(values, dtype=str) if n else np.zeros(0, dtype="U1")
        width = text.dtype.itemsize // 4
        # clean text: 4 ASCII digits, then -MM, then -DD (numpy checks the ranges)
        safe = np.isin(lengths, (4, 7, 10))
        if width >= 4 and safe.any():
            chars = text.view(np.uint32).reshape(n, width)
            digit = (chars >= 48) & (chars <= 57)
            safe &= digit[:, :4].all(axis=1) & (chars[:, :4] != 48).any(axis=1)  # no year 0
            for pos, need in ((4, 7), (7, 10)):
                if width >= need:  # else no value is that long
                    long = lengths >= need
                    safe &= ~long | ((chars[:, pos] == 45) & digit[:, pos + 1] & digit[:, pos + 2])
        else:
            safe[:] = False
        slow = ~ok & ~safe
        if safe.any():
            idx = np.flatnonzero(safe)
            try:
                start = np.array([values[i] for i in idx.tolist()], dtype="datetime64[D]")
            except ValueError:  # a month or day out of range somewhere: value by value
                slow |= safe
            else:
                ln = lengths[idx]
                stop = start + 1
                year, month = ln == 4, ln == 7
                stop[year] = (start[year].astype("datetime64[Y]") + 1).astype("datetime64[D]")
                stop[month] = (start[month].astype("datetime64[M]") + 1).astype("datetime64[D]")
                ok[idx] = known[idx] = True
                first[idx] = start.astype(np.int64) + EPOCH_ORDINAL
                last[idx] = stop.astype(np.int64) - 1 + EPOCH_ORDINAL
        day = known & (lengths == 10)
        for i in np.flatnonzero(slow).tolist():
            try:
                d = PartialDate.parse(values[i])
            except DateError:
                continue
            ok[i] = True
            if d.is_known:
                known[i] = True
                first[i] = d.first_day().toordinal()
                last[i] = d.last_day().toordinal()
                day[i] = d.precision == "day"
        return cls(ok, known, first, last, day)

    def order_problem(self, later: DateColumn) -> Any:
        """Rows where ``later`` (an end) is before this column (a start), or
        equal to it at day precision: the order problems validation reports."""
        both = self.ok & later.ok & self.known & later.known
        return both & (
            (later.last < self.first) | (later.day & self.day & (later.first == self.first))
        )
