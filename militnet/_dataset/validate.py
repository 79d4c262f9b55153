"""Checking dataset tables: every problem, with file, row, column and value."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from militnet._core.dates import PartialDate
from militnet._core.errors import DateError
from militnet._core.model import CONFIDENCE_LEVELS, LIST_SEP, RELATION_TYPES, is_web_url, split_list
from militnet._core.names import NameIndex, did_you_mean, lookalike_problems
from militnet._core.problems import Problem, ValidationReport
from militnet._core.schema import SOURCE_KINDS
from militnet._core.table import Table
from militnet._dataset.cells import table_problems
from militnet._dataset.coherence import check_histories
from militnet._dataset.events import check_events
from militnet._dataset.evidence import evidence_problems
from militnet._dataset.read import read_folder
from militnet._dataset.screen import (
    Lifetimes,
    TableScreen,
    ref_problems,
    relation_keys,
    relation_screen,
    rows,
)
from militnet._dataset.undated import inferred_lifetime_problems

__all__ = ["check_tables", "validate"]


class _Checker:
    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self._names: NameIndex | None = None  # built on the first unknown group id

    def add(
        self,
        t: Table,
        i: int,
        column: str | None,
        value: str | None,
        msg: str,
        severity: str = "error",
    ) -> None:
        row = t.row_number(i)
        self.problems.append(Problem(severity, t.file, row, column, value, msg))  # type: ignore[arg-type]

    def ids(self, t: Table, screen: TableScreen | None = None) -> dict[str, int]:
        """Check ids; return id -> first row index."""
        ids = t.column("id")
        seen, flagged = (screen or TableScreen(t)).ids()
        for i in rows(flagged):  # only the rows the screen flags
            v = ids[i]
            if not v.strip():
                self.add(t, i, "id", v, "empty id")
            elif v != v.strip():
                self.add(t, i, "id", v, "id has leading or trailing spaces")
            elif LIST_SEP in v:
                self.add(t, i, "id", v, f"id may not contain {LIST_SEP!r}")
            elif v in seen and seen[v] != i:
                first = t.row_number(seen[v])
                self.add(t, i, "id", v, f"duplicate id (first at row {first})")
        return seen

    def date(self, t: Table, i: int, column: str, value: str) -> PartialDate | None:
        try:
            return PartialDate.parse(value)
        except DateError as exc:
            self.add(
                t,
                i,
                column,
                value,
                str(exc).replace(f"malformed date {value!r}: ", "malformed date: "),
            )
            return None

    def order(
        self,
        t: Table,
        i: int,
        a: str,
        pa: PartialDate | None,
        b: str,
        pb: PartialDate | None,
        value: str,
    ) -> None:
        if pa is None or pb is None or not (pa.is_known and pb.is_known):
            return
        if pb.last_day() < pa.first_day():
            self.add(t, i, b, value, f"{b} {pb} is before {a} {pa}")
        elif pb.precision == "day" and pa.precision == "day" and pb == pa:
            self.add(t, i, b, value, f"{b} equals {a}: the interval is empty", "warning")

    def suggest_group(self, value: str, groups: Table | None, known: set[str]) -> str:
        """``"; did you mean ...?"`` for an unknown group id: an id in another
        case, the group the value names (name or alias), a close spelling."""
        if self._names is None and groups is not None:
            ids = groups.column("id")
            names = groups.column_or_empty("name")
            aliases = groups.column_or_empty("aliases")
            self._names = NameIndex(
                (gid, nm, split_list(al)) for gid, nm, al in zip(ids, names, aliases, strict=True)
            )
        return did_you_mean(value, known, self._names)

    def refs(
        self, t: Table, i: int, column: str, cell: str, known: set[str] | None, what: str
    ) -> tuple[str, ...]:
        items = split_list(cell)
        if known is not None:
            for item in items:
                if item not in known:
                    self.add(t, i, column, item, f"unknown {what} id" + did_you_mean(item, known))
        return items


#: Extra columns holding alternative dates reported by other sources; checked
#: as ``;``-separated partial dates.
ALT_DATE_COLUMNS = {
    "groups": ("founded_alt", "ended_alt"),
    "relations": ("start_alt", "end_alt"),
}


def _alt_dates(c: _Checker, t: Table, screen: TableScreen | None = None) -> None:
    for col in ALT_DATE_COLUMNS.get(t.name, ()):
        if col not in t.columns:
            continue
        cells = t.column(col)
        for i in rows((screen or TableScreen(t)).list_dates(col)):
            for item in split_list(cells[i]):
                c.date(t, i, col, item)


def check_tables(tables: dict[str, Table]) -> list[Problem]:
    """Every problem in the tables (those present), as a list."""
    c = _Checker()
    g, rel, src = tables.get("groups"), tables.get("relations"), tables.get("sources")
    # the checks run over whole columns first; the per-row code below runs on
    # the rows they flag (militnet._dataset.screen), and words every problem
    screen = {name: TableScreen(t) for name, t in tables.items()}
    source_ids = set(c.ids(src, screen["sources"])) if src is not None else None
    group_ids = set(c.ids(g, screen["groups"])) if g is not None else None
    lifetimes = Lifetimes(screen["groups"]) if g is not None else None

    if src is not None:
        ix = {n: src.columns.index(n) for n in ("date", "url")}
        sc = screen["sources"]
        flagged = ~sc.dates("date").ok | sc.urls()
        for i in rows(flagged):
            r = src.row(i)
            c.date(src, i, "date", r[ix["date"]])
            url = r[ix["url"]]
            if url.strip() and not is_web_url(url):
                c.add(src, i, "url", url, "url must be an absolute http:// or https:// URL")

    if g is not None:
        ix = {n: g.columns.index(n) for n in ("id", "name", "founded", "ended", "sources")}
        sc = screen["groups"]
        f_col, e_col = sc.dates("founded"), sc.dates("ended")
        flagged = (
            sc.empty("name")
            | ~f_col.ok
            | ~e_col.ok
            | f_col.order_problem(e_col)
            | ref_problems(sc.col("sources"), source_ids)
        )
        for i in rows(flagged):
            r = g.row(i)
            if not r[ix["name"]].strip():
                c.add(g, i, "name", r[ix["name"]], "empty name")
            f = c.date(g, i, "founded", r[ix["founded"]])
            e = c.date(g, i, "ended", r[ix["ended"]])
            c.order(g, i, "founded", f, "ended", e, r[ix["ended"]])
            if not c.refs(g, i, "sources", r[ix["sources"]], source_ids, "source"):
                c.add(g, i, "sources", r[ix["sources"]], "group has no source", "warning")

    for t in (g, rel):
        if t is not None:
            _alt_dates(c, t, screen[t.name])

    if rel is not None:
        sc = screen["relations"]
        c.ids(rel, sc)
        ix = {n: rel.columns.index(n) for n in rel.columns}
        near, dupes = relation_keys(sc)  # the first row with the same key, content
        flagged = (
            relation_screen(sc, group_ids, source_ids, lifetimes)
            | (near < np.arange(sc.n))
            | (dupes < np.arange(sc.n))
        )
        for i in rows(flagged):
            r = rel.row(i)
            s, tg, typ, conf = (r[ix[n]] for n in ("source", "target", "type", "confidence"))
            for col, v in (("source", s), ("target", tg)):
                if not v.strip():
                    c.add(rel, i, col, v, "empty group id")
                elif group_ids is not None and v not in group_ids:
                    c.add(rel, i, col, v, "unknown group id" + c.suggest_group(v, g, group_ids))
            if s and s == tg:
                c.add(rel, i, "target", tg, "self-loop: a group cannot relate to itself")
            if typ not in RELATION_TYPES:
                c.add(
                    rel,
                    i,
                    "type",
                    typ,
                    "unknown relation type"
                    + (
                        did_you_mean(typ, RELATION_TYPES)
                        or f"; expected one of {', '.join(RELATION_TYPES)}"
                    ),
                )
            if conf not in CONFIDENCE_LEVELS:
                c.add(
                    rel,
                    i,
                    "confidence",
                    conf,
                    "unknown confidence"
                    + (
                        did_you_mean(conf, CONFIDENCE_LEVELS)
                        or f"; expected one of {', '.join(CONFIDENCE_LEVELS)}"
                    ),
                )
            st = c.date(rel, i, "start", r[ix["start"]])
            en = c.date(rel, i, "end", r[ix["end"]])
            c.order(rel, i, "start", st, "end", en, r[ix["end"]])
            if not c.refs(rel, i, "sources", r[ix["sources"]], source_ids, "source"):
                c.add(rel, i, "sources", r[ix["sources"]], "relation has no source", "warning")
            if not r[ix["evidence"]].strip():
                c.add(rel, i, "evidence", "", "relation has no evidence text", "warning")
            # lifetimes
            for gid in (s, tg):
                if lifetimes is not None and gid in lifetimes and st is not None and en is not None:
                    _lifetime(c, rel, i, gid, lifetimes[gid], st, en, r)
            # duplicates: (pair, type, dates), and the whole content
            if dupes[i] < i:
                first = rel.row_number(dupes[i])
                c.add(rel, i, None, r[ix["id"]], f"exact duplicate of the relation at row {first}")
            elif near[i] < i:
                first = rel.row_number(near[i])
                c.add(
                    rel,
                    i,
                    None,
                    r[ix["id"]],
                    f"same pair, type and dates as the relation at row {first}; "
                    "merge them if they describe the same tie",
                    "warning",
                )
    c.problems += table_problems(tables) + lookalike_problems(tables)  # cells, names
    if src is not None and "kind" in src.columns:
        for i, kind in enumerate(src.column("kind")):
            if kind and kind not in SOURCE_KINDS:
                c.add(
                    src,
                    i,
                    "kind",
                    kind,
                    "unknown source kind (cited after every known "
                    f"kind); expected one of {', '.join(SOURCE_KINDS)}",
                    "warning",
                )
    check_events(c, tables, group_ids, source_ids)
    c.problems.extend(check_histories(tables))
    c.problems.extend(evidence_problems(tables))
    c.problems.extend(inferred_lifetime_problems(tables))
    return c.problems


def _lifetime(
    c: _Checker,
    t: Table,
    i: int,
    gid: str,
    life: tuple[PartialDate, PartialDate],
    st: PartialDate,
    en: PartialDate,
    r: list[str],
) -> None:
    founded, ended = life
    if st.is_known and founded.is_known and st.last_day() < founded.first_day():
        c.add(
            t,
            i,
            "start",
            str(st),
            f"relation starts before group {gid!r} was founded ({founded})",
            "warning",
        )
    if st.is_known and ended.is_known and st.first_day() > ended.last_day():
        c.add(
            t,
            i,
            "start",
            str(st),
            f"relation starts after group {gid!r} ended ({ended})",
            "warning",
        )
    if en.is_known and founded.is_known and en.last_day() < founded.first_day():
        c.add(
            t,
            i,
            "end",
            str(en),
            f"relation ends before group {gid!r} was founded ({founded})",
            "warning",
        )
    if en.is_known and ended.is_known and en.first_day() > ended.last_day():
        c.add(
            t,
            i,
            "end",
            str(en),
            f"relation ends after group {gid!r} ended ({ended}); snapshots end it with the group",
            "warning",
        )


def validate(path: str | Path) -> ValidationReport:
    """Check a dataset folder and report **every** problem found.

    Parameters
    ----------
    path : str or path-like
        A dataset folder, or the name of a bundled dataset (``"afpak"``).

    Returns
    -------
    ValidationReport
        Errors and warnings, each with file, row, column, value and message.
        ``report.ok`` is true when there are no errors.

    See Also
    --------
    load : Load a dataset; raises :class:`ValidationError` on errors.

    Examples
    --------
    >>> import militnet
    >>> report = militnet.validate("afpak")
    >>> report.ok
    True
    """
    from militnet._dataset.registry import resolve_path

    folder = resolve_path(path)
    tables, _meta, problems = read_folder(folder)
    problems.extend(check_tables(tables))
    return ValidationReport(problems)
