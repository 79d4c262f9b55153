"""Groups whose source gives no founding date: their lifetimes are inferred.

The snapshot engine (:class:`militnet._engine.snapshot.TimeIndex`) bounds a
group with an empty ``founded`` by its dated evidence, instead of keeping it
alive at every date: from the first day of its earliest dated evidence (a
relation's ``start``, ``end`` or ``last_attested``; an event it took part in)
and, when ``ended`` is empty too, until its latest dated evidence plus the
default lapse (``DEFAULT_STALE_AFTER``, 5 years). Validation says so, one
``info`` per group (``docs/concepts.md``, "Groups without dates").
"""

from __future__ import annotations

from collections.abc import Mapping

from militnet._core.dates import PartialDate
from militnet._core.errors import DateError
from militnet._core.problems import Problem
from militnet._core.table import Table

__all__ = ["inferred_lifetime_problems"]


def _date(text: str) -> PartialDate | None:
    try:
        return PartialDate.parse(text)
    except DateError:
        return None  # reported by the cell checks


def inferred_lifetime_problems(tables: Mapping[str, Table]) -> list[Problem]:
    """One ``info`` per group with an empty ``founded``: the lifetime the
    snapshots give it, and from what."""
    from militnet._core.policy import DEFAULT_STALE_AFTER, check_stale_after, format_months

    lapse = format_months(check_stale_after(DEFAULT_STALE_AFTER))
    g = tables.get("groups")
    if g is None or "founded" not in g.columns:
        return []
    founded = g.column("founded")
    undated = {
        gid: i
        for i, (gid, f) in enumerate(zip(g.column("id"), founded, strict=True))
        if not f.strip()
    }
    if not undated:
        return []
    first: dict[str, PartialDate] = {}
    last: dict[str, PartialDate] = {}

    def see(gid: str, text: str) -> None:
        if gid not in undated or not text.strip():
            return
        d = _date(text)
        if d is None:
            return
        if gid not in first or d.first_day() < first[gid].first_day():
            first[gid] = d
        if gid not in last or d.last_day() > last[gid].last_day():
            last[gid] = d

    rel = tables.get("relations")
    if rel is not None and len(rel):
        cols = [c for c in ("start", "end", "last_attested") if c in rel.columns]
        values = [rel.column(c) for c in cols]
        for k, (s, t) in enumerate(zip(rel.column("source"), rel.column("target"), strict=True)):
            if s in undated or t in undated:
                for col in values:
                    see(s, col[k])
                    see(t, col[k])
    ev, actors = tables.get("events"), tables.get("event_actors")
    if ev is not None and actors is not None and len(actors):
        dates: dict[str, list[str]] = {}
        ends = ev.column_or_empty("end")
        for eid, d, e in zip(ev.column("id"), ev.column("date"), ends, strict=True):
            dates[eid] = [d, e]
        for eid, gid in zip(actors.column("event"), actors.column("group"), strict=True):
            for text in dates.get(eid, ()):
                see(gid, text)
    ended = g.column_or_empty("ended")
    out = []
    for gid, i in undated.items():
        if gid not in first:
            msg = (
                "no founding date and no dated relation or event: the group is alive at "
                "every date (give 'founded', or dated evidence)"
            )
        elif ended[i].strip():
            msg = (
                f"no founding date: lifetime inferred, alive from {first[gid]} (its first "
                "dated evidence) until its 'ended'"
            )
        else:
            msg = (
                f"no founding or end date: lifetime inferred from its dated evidence, alive "
                f"from {first[gid]} (the first) until {lapse} after {last[gid]} (the last, "
                "plus the default lapse)"
            )
        out.append(Problem("info", g.file, g.row_number(i), "founded", "", msg))
    return out
