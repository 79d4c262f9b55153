"""The row-by-row history checks that ``militnet._dataset.coherence`` replaced, kept as the
reference its column-wise version must match problem for problem (see the rules in
that module's docstring). Test-only: it builds a PartialDate per cell and loops
over every relation of a merged group and every cooperation/rivalry pair.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from militnet._core.dates import PartialDate
from militnet._core.errors import DateError
from militnet._core.problems import Problem
from militnet._core.table import Table

__all__ = ["check_histories"]

_COOPERATIVE = ("alliance", "pledge")
_TIES = ("alliance", "pledge", "rivalry")
_NEG = -(2**40)
_Add = Callable[..., None]
_POS = 2**40


@dataclass(frozen=True)
class _Rel:
    i: int  # row index in the table
    id: str
    source: str
    target: str
    type: str
    start: PartialDate
    end: PartialDate
    notes: str

    # a definite interval: [lo_sure, hi_sure) holds whatever day of the spans is meant;
    # [lo_any, hi_any) is the widest reading
    @property
    def lo_sure(self) -> int:
        return self.start.last_day().toordinal() if self.start else _NEG

    @property
    def hi_sure(self) -> int:
        return self.end.first_day().toordinal() if self.end else _POS

    def groups(self) -> tuple[str, str]:
        return (self.source, self.target)


def _parse(value: str) -> PartialDate | None:
    try:
        return PartialDate.parse(value)
    except DateError:
        return None


def check_histories(tables: dict[str, Table]) -> list[Problem]:
    """Every incoherent history in the tables, as problems (see the module)."""
    rel = tables.get("relations")
    if rel is None:
        return []
    out: list[Problem] = []

    def add(
        i: int | None, column: str | None, value: str | None, msg: str, severity: str = "warning"
    ) -> None:
        row = (rel.rownums[i] if rel.rownums else i) if i is not None else None
        out.append(Problem(severity, rel.file, row, column, value, msg))  # type: ignore[arg-type]

    rels = list(_relations(rel, add))
    ended = _group_ends(tables.get("groups"))
    for r in rels:
        if r.end or r.type not in _TIES:
            continue
        for gid in r.groups():
            e = ended.get(gid)
            if e:
                add(
                    r.i,
                    "end",
                    "",
                    f"relation stays open after group {gid!r} ended ({e}); "
                    f"it should end no later than the group",
                )
    _after_mergers(rels, add)
    _contradictions(rels, add)
    return out


def _relations(rel: Table, add: _Add) -> Iterator[_Rel]:
    ix = {c: rel.columns.index(c) for c in rel.columns}
    has_attested = "last_attested" in ix
    for i, row in enumerate(rel.rows):

        def cell(c: str, row: list[str] = row) -> str:
            return row[ix[c]] if c in ix else ""

        start, end = _parse(cell("start")), _parse(cell("end"))
        if start is None or end is None:
            continue  # malformed: reported by the cell checks
        raw = cell("last_attested")
        attested = _parse(raw) if has_attested else PartialDate()
        if attested is None:
            try:
                PartialDate.parse(raw)
            except DateError as exc:
                add(
                    i,
                    "last_attested",
                    raw,
                    str(exc).replace(f"malformed date {raw!r}: ", "malformed date: "),
                    "error",
                )
        elif attested:
            if start and attested.last_day() < start.first_day():
                add(
                    i,
                    "last_attested",
                    raw,
                    f"last_attested {attested} is before start {start}",
                    "error",
                )
            if end and attested.first_day() > end.last_day():
                add(
                    i, "last_attested", raw, f"last_attested {attested} is after end {end}", "error"
                )
        elif not end and not cell("events").strip():
            add(
                i,
                "last_attested",
                "",
                "open-ended relation without last_attested or cited events: nothing tells "
                "whether the tie continues or nobody reported its end",
                "warning",
            )
        yield _Rel(
            i, cell("id"), cell("source"), cell("target"), cell("type"), start, end, cell("notes")
        )


def _group_ends(groups: Table | None) -> dict[str, PartialDate]:
    if groups is None or "ended" not in groups.columns:
        return {}
    gi, ei = groups.columns.index("id"), groups.columns.index("ended")
    out: dict[str, PartialDate] = {}
    for row in groups.rows:
        e = _parse(row[ei])
        if e:
            out[row[gi]] = e
    return out


def _after_mergers(rels: list[_Rel], add: _Add) -> None:
    """Ties of a merged group after the merger, until a later split re-creates it."""
    by_group: dict[str, list[_Rel]] = {}
    for r in rels:
        for g in r.groups():
            by_group.setdefault(g, []).append(r)
    for m in rels:
        if m.type != "merger" or not m.start:
            continue
        gone, folded_from = m.source, m.start.last_day().toordinal()
        back = min(
            (
                r.start.first_day().toordinal()
                for r in by_group.get(gone, [])
                if r.type == "split"
                and r.source == gone
                and r.start
                and r.start.first_day().toordinal() > folded_from
            ),
            default=_POS,
        )
        for r in by_group.get(gone, []):
            if r is m or r.type not in _TIES:
                continue
            # definitely active on some day in [folded_from, back)
            if r.hi_sure > folded_from and r.lo_sure < back and r.lo_sure < r.hi_sure:
                until = "" if back == _POS else " and before it re-emerged by a split"
                head = f"{r.type} of {gone!r}"
                where = f"{gone!r} merged into {m.target!r} on {m.start} (relation {m.id}){until}"
                if r.lo_sure > folded_from:  # starts after the merger: the start is wrong
                    add(
                        r.i,
                        "start",
                        str(r.start),
                        f"{head} starts after {where}; a merged group keeps no ties of its "
                        f"own: code the tie on {m.target!r}, or check the dates of the tie "
                        f"and of the merger",
                    )
                else:
                    add(
                        r.i,
                        "end",
                        str(r.end),
                        f"{head} continues after {where}; a merged group keeps no ties "
                        f"of its own: end it by {m.start}",
                    )


def _names(notes: str, rid: str) -> bool:
    return bool(re.search(rf"(?<![\w-]){re.escape(rid)}(?![\w-])", notes))


def _contradictions(rels: list[_Rel], add: _Add) -> None:
    """Cooperation and rivalry of the same pair at the same time, unexplained."""
    pairs: dict[frozenset[str], list[_Rel]] = {}
    for r in rels:
        if r.type in _TIES:
            pairs.setdefault(frozenset(r.groups()), []).append(r)
    for items in pairs.values():
        coop = [r for r in items if r.type in _COOPERATIVE]
        riv = [r for r in items if r.type == "rivalry"]
        for a in coop:
            for b in riv:
                lo, hi = max(a.lo_sure, b.lo_sure), min(a.hi_sure, b.hi_sure)
                if lo >= hi or _names(a.notes, b.id) or _names(b.notes, a.id):
                    continue
                add(
                    b.i,
                    None,
                    b.id,
                    f"rivalry {b.id} and {a.type} {a.id} of the same pair are both active "
                    f"over an overlapping interval; end one, or explain the overlap in the "
                    f"notes of one of them, naming the other's id",
                )
