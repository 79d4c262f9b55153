"""Date expressions in news text, resolved to partial dates with honest precision.

Absolute expressions ("May 27, 2015", "27 May 2015", "November 2014", "in
2015") are read as written. Relative ones ("on Thursday", "last year", "in
November", "earlier this month", "last summer") are resolved against the
article's publication date: each becomes a span of days, and the partial
date is the finest of day, month or year that holds the whole span ("this
week" in an article of Wednesday 2016-10-26 is 2016-10; a week across a month
end is only its year). A relative expression that the publication date is too
coarse to resolve (or an article without one) gives no date. Pure standard
library: no model, no download.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass

from militnet._core.dates import PartialDate

__all__ = ["DateMention", "find_dates", "span_date"]

_MONTHS = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_SEASONS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11)}

_M = (
    r"(?P<mon>January|February|March|April|May|June|July|August|September|October|November|"
    r"December|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?)(?![A-Za-z])"
)  # never the start of a longer word: "from Jundallah" is no June
_D = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_Y = r"(?P<year>(?:19|20)\d\d)"

# (name, pattern); earlier patterns win where matches overlap.
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<day>[0-3]\d)\b")),
    ("mdy", re.compile(rf"\b{_M}\s+{_D},?\s+{_Y}\b")),
    ("dmy", re.compile(rf"\b{_D}\s+{_M},?\s+{_Y}\b")),
    ("my", re.compile(rf"\b{_M},?\s+(?:of\s+)?{_Y}\b")),
    ("md", re.compile(rf"\b{_M}\s+{_D}\b(?!\s*,?\s*\d)")),
    ("dm", re.compile(rf"\b{_D}\s+{_M}(?!\s*,?\s*\d)")),
    ("rel_year", re.compile(r"\b(?P<rel>last|this|previous|the previous|past)\s+year\b", re.I)),
    ("rel_month", re.compile(r"\b(?P<rel>last|this|previous|the previous|past)\s+month\b", re.I)),
    ("rel_week", re.compile(r"\b(?P<rel>last|this|previous|the previous|past)\s+week\b", re.I)),
    ("season", re.compile(r"\b(?P<rel>last|this)\s+(?P<season>spring|summer|autumn|fall)\b", re.I)),
    ("day_word", re.compile(r"\b(?P<word>yesterday|today)\b", re.I)),
    (
        "weekday",
        re.compile(
            r"\b(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|"
            r"Sunday)\b"
        ),
    ),
    (
        "month_only",
        re.compile(
            rf"\b(?P<rel>in|since|by|during|until|from|last|early|late|mid-?|this)\s+{_M}"
            r"(?!\s*,?\s*\d)"
        ),
    ),
    ("year", re.compile(r"(?<![\d$£€.,-])\b(?P<year>(?:19|20)\d\d)\b(?!s\b|'s\b|[\d,.%-]\d)")),
]


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date expression at ``[start, end)`` of the text, and what it resolves to.

    ``value`` is a partial date string (``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``)
    or ``""`` when it cannot be resolved (``note`` says why); ``relative`` is
    true for expressions resolved against the publication date.
    """

    start: int
    end: int
    text: str
    value: str
    relative: bool
    note: str = ""


def span_date(first: _dt.date, last: _dt.date) -> str:
    """The finest partial date (day, month, year) holding every day of ``[first, last]``.

    Examples
    --------
    >>> import datetime as dt
    >>> span_date(dt.date(2016, 10, 24), dt.date(2016, 10, 26))
    '2016-10'
    >>> span_date(dt.date(2016, 10, 31), dt.date(2016, 11, 2))
    '2016'
    >>> span_date(dt.date(2016, 12, 31), dt.date(2017, 1, 1))
    ''
    """
    if first == last:
        return first.isoformat()
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.year:04d}-{first.month:02d}"
    if first.year == last.year:
        return f"{first.year:04d}"
    return ""


def _valid(year: int, month: int, day: int) -> _dt.date | None:
    try:
        return _dt.date(year, month, day)
    except ValueError:
        return None


def _month_span(year: int, month: int) -> tuple[_dt.date, _dt.date]:
    pd = PartialDate(year, month)
    return pd.first_day(), pd.last_day()


def _resolve(kind: str, m: re.Match[str], pub: PartialDate | None) -> tuple[str, str]:
    """(value, note) for one match."""
    g = m.groupdict()
    mon = _MONTHS[g["mon"].lower().rstrip(".")] if g.get("mon") else None
    if kind == "iso":
        d = _valid(int(g["year"]), int(g["m"]), int(g["day"]))
        return (d.isoformat(), "") if d else ("", "not a calendar date")
    if kind in ("mdy", "dmy"):
        d = _valid(int(g["year"]), mon or 0, int(g["day"]))
        return (d.isoformat(), "") if d else ("", "not a calendar date")
    if kind == "my":
        return f"{int(g['year']):04d}-{mon:02d}", ""
    if kind == "year":
        return g["year"], ""
    # relative expressions need the publication date
    if pub is None or not pub.is_known:
        return "", "relative date, no publication date given"
    prec = pub.precision
    if kind in ("md", "dm"):
        assert mon is not None
        year = pub.year or 0
        d = _valid(year, mon, int(g["day"]))
        if d is None:
            return "", "not a calendar date"
        if d > pub.last_day():
            d = _valid(year - 1, mon, int(g["day"]))
            if d is None:
                return "", "not a calendar date"
        elif d > pub.first_day():  # could be this year or last year
            return "", "month and day without a year; publication date too coarse"
        return d.isoformat(), ""
    if kind == "rel_year":
        rel = g["rel"].lower()
        y = (pub.year or 0) - (0 if rel == "this" else 1)
        return f"{y:04d}", ""
    if kind == "month_only":
        if prec == "year":
            return "", "month without a year; publication date gives only the year"
        assert mon is not None and pub.year is not None and pub.month is not None
        rel = g["rel"].lower()
        y = pub.year if mon <= pub.month else pub.year - 1
        if rel == "last" and mon == pub.month:
            y -= 1
        return f"{y:04d}-{mon:02d}", ""
    if kind == "season":
        lo, hi = _SEASONS[g["season"].lower()]
        if prec == "year":
            return ("", "season; publication date gives only the year")
        assert pub.year is not None and pub.month is not None
        y = pub.year if (g["rel"].lower() == "this" or pub.month > hi) else pub.year - 1
        return span_date(_month_span(y, lo)[0], _month_span(y, hi)[1]), ""
    if kind == "rel_month":
        if prec == "year":
            return "", "relative month; publication date gives only the year"
        assert pub.year is not None and pub.month is not None
        y, mth = pub.year, pub.month
        if g["rel"].lower() != "this":
            y, mth = (y - 1, 12) if mth == 1 else (y, mth - 1)
        return f"{y:04d}-{mth:02d}", ""
    # day-anchored expressions
    if prec != "day":
        return "", "relative day; publication date is not a day"
    day = pub.first_day()
    if kind == "day_word":
        d = day - _dt.timedelta(days=1 if g["word"].lower() == "yesterday" else 0)
        return d.isoformat(), ""
    if kind == "weekday":
        back = (day.weekday() - _WEEKDAYS.index(g["wd"].lower())) % 7
        return (day - _dt.timedelta(days=back)).isoformat(), ""
    if kind == "rel_week":
        monday = day - _dt.timedelta(days=day.weekday())
        if g["rel"].lower() == "this":
            return span_date(monday, day), ""
        return span_date(monday - _dt.timedelta(days=7), monday - _dt.timedelta(days=1)), ""
    return "", "unsupported expression"  # pragma: no cover


def find_dates(text: str, published: PartialDate | None = None) -> list[DateMention]:
    """Every date expression in ``text``, in order, resolved against ``published``.

    Examples
    --------
    >>> from militnet._core.dates import PartialDate
    >>> pub = PartialDate.parse("2016-10-26")
    >>> for d in find_dates("Monday's attack; they split last year, in November 2014 "
    ...                     "and on Oct. 2, 2015.", pub):
    ...     print(d.text, "->", d.value)
    Monday -> 2016-10-24
    last year -> 2015
    November 2014 -> 2014-11
    Oct. 2, 2015 -> 2015-10-02
    >>> [(d.text, d.value, d.note) for d in find_dates("last year", None)]
    [('last year', '', 'relative date, no publication date given')]
    """
    taken: list[tuple[int, int]] = []
    out: list[DateMention] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            s, e = m.span()
            if kind == "month_only":  # keep only the month name as the expression's core
                s = (
                    m.start("mon")
                    if m.group("rel").lower() in ("in", "since", "by", "during", "until", "from")
                    else s
                )
            if any(s < te and ts < e for ts, te in taken):
                continue
            taken.append((s, e))
            value, note = _resolve(kind, m, published)
            relative = kind not in ("iso", "mdy", "dmy", "my", "year")
            out.append(DateMention(s, e, text[s:e], value, relative, note))
    out.sort(key=lambda d: d.start)
    return out
