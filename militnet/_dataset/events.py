"""Checking the evidence tables: ``events.csv``, ``event_actors.csv`` and the
``events`` column of ``relations.csv``.

Every problem names file, row, column and value, as the other checks do. The
checks run over whole columns (numpy, pandas); the per-row wording runs on the
rows they flag, so 200,000 events cost about as much as a pandas read.

Errors: a malformed or missing date, an end before the date, an unknown kind,
role, confidence, group, event or source id, coordinates that are not numbers or
out of range (or only one of the two), fatalities that are not a whole number, a
relation citing an event in which its two groups do not both take part.
Warnings: an undated event, an event without actors or sources, coordinates
outside the stated country's bounding box, an actor's event outside the group's
lifetime, a duplicate actor row, a relation that starts after its earliest cited
event or cites an event after its end.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Protocol

import numpy as np

from militnet._core.dates import DateColumn
from militnet._core.model import (
    CONFIDENCE_LEVELS,
    EVENT_KINDS,
    EVENT_ROLES,
    LIST_SEP,
    split_list,
)
from militnet._core.names import did_you_mean
from militnet._core.places import find_country
from militnet._dataset.screen import TableScreen, first_of, ref_problems, rows

if TYPE_CHECKING:
    from militnet._core.table import Table

__all__ = ["check_events", "event_spans"]

#: How far (degrees) a point may lie outside its country's bounding box before a
#: warning: outlines are simplified and places near a border are coded either way.
BBOX_MARGIN = 0.5

_SPACE = re.compile(r"\s")


class Checker(Protocol):
    """What the checks need of the validator (``militnet._dataset.validate``)."""

    def add(
        self,
        t: Table,
        i: int,
        column: str | None,
        value: str | None,
        msg: str,
        severity: str = "error",
    ) -> None: ...

    def suggest_group(self, value: str, groups: Table | None, known: set[str]) -> str: ...

    def ids(self, t: Table, screen: TableScreen | None = None) -> dict[str, int]: ...


def _numbers(values: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Cells as floats (nan where empty) and a mask of the non-empty cells that are
    not finite numbers."""
    import pandas as pd

    s = pd.Series(values, dtype=object)
    # no cell to strip (one search of the joined column): compare whole cells
    filled = s != "" if _SPACE.search("".join(values)) is None else s.str.strip() != ""
    num = pd.to_numeric(s.where(filled), errors="coerce").to_numpy(dtype=np.float64)
    bad = filled.to_numpy() & ~np.isfinite(num)
    return num, bad


def _positions(pos: Mapping[str, int], values: list[str]) -> np.ndarray:
    """``pos.get(v, -1)`` for every value, as an array (one hash join)."""
    import pandas as pd

    if not pos or not values:
        return np.full(len(values), -1, dtype=np.int64)
    at = pd.Index(list(pos), dtype=object).get_indexer(pd.Index(values, dtype=object))
    rows_ = np.fromiter(pos.values(), dtype=np.int64, count=len(pos))
    return np.where(at >= 0, rows_[at], -1)


def _sorted_in(values: np.ndarray, sorted_keys: np.ndarray) -> np.ndarray:
    """``np.isin(values, sorted_keys)`` for integer keys already sorted (a binary
    search: no hashing, no second sort)."""
    if not len(sorted_keys):
        return np.zeros(len(values), dtype=bool)
    at = np.minimum(np.searchsorted(sorted_keys, values), len(sorted_keys) - 1)
    return sorted_keys[at] == values


def _explode(cells: list[str]) -> tuple[np.ndarray, list[str]]:
    """``(row, item)`` for every item of the ``;``-separated cells, in row and cell
    order, the items as :func:`split_list` gives them."""
    filled = [i for i, cell in enumerate(cells) if cell]
    if not filled:
        return np.zeros(0, dtype=np.int64), []
    sub = [cells[i] for i in filled]
    counts = np.fromiter((c.count(LIST_SEP) + 1 for c in sub), dtype=np.int64, count=len(sub))
    items = [p.strip() for p in LIST_SEP.join(sub).split(LIST_SEP)]
    at = np.repeat(np.array(filled, dtype=np.int64), counts)
    keep = np.fromiter(map(bool, items), dtype=bool, count=len(items))
    if keep.all():
        return at, items
    return at[keep], [x for x, k in zip(items, keep.tolist(), strict=True) if k]


def event_spans(events: Table) -> tuple[dict[str, int], DateColumn, DateColumn]:
    """Event id -> row (its first row), and the ``date`` and ``end`` columns parsed;
    computed once per table (the checks of events, actors and relations share it)."""
    ids = events.column("id")
    pos: dict[str, int] = events.cached(
        "event_rows", lambda: dict(zip(reversed(ids), range(len(ids) - 1, -1, -1), strict=True))
    )
    return pos, events.dates("date"), events.dates("end")


def check_events(
    c: Checker,
    tables: Mapping[str, Table],
    group_ids: set[str] | None,
    source_ids: set[str] | None,
) -> None:
    """Check the evidence tables in ``tables`` (if present), adding to ``c``."""
    ev, act, rel = tables.get("events"), tables.get("event_actors"), tables.get("relations")
    if ev is None and act is None:
        if rel is not None and "events" in rel.columns:
            _relation_events(c, rel, None, None)
        return
    event_ids: set[str] | None = None
    if ev is not None:
        event_ids = set(c.ids(ev, TableScreen(ev)))
        _events(c, ev, source_ids)
    # each actor row's event (row in events.csv, -1 if none), for the checks below
    a_rows = (
        _positions(event_spans(ev)[0], act.column("event"))
        if ev is not None and act is not None
        else None
    )
    if act is not None:
        _actors(c, act, event_ids, group_ids, tables.get("groups"), ev, a_rows)
    has = set(act.column("event")) if act is not None else set()
    if ev is not None and len(ev) and not set(ev.column("id")) <= has | {""}:
        for i, eid in enumerate(ev.column("id")):
            if eid and eid not in has:
                c.add(
                    ev,
                    i,
                    "id",
                    eid,
                    "event has no actors (event_actors.csv names no group for it)",
                    "warning",
                )
    if rel is not None and "events" in rel.columns:
        _relation_events(c, rel, ev, act, a_rows)


def _events(c: Checker, ev: Table, source_ids: set[str] | None) -> None:
    sc = TableScreen(ev)
    d, e = sc.dates("date"), sc.dates("end")
    lat, bad_lat = _numbers(sc.col("latitude"))
    lon, bad_lon = _numbers(sc.col("longitude"))
    lat_out = np.isfinite(lat) & (np.abs(lat) > 90)
    lon_out = np.isfinite(lon) & (np.abs(lon) > 180)
    half = np.isfinite(lat) != np.isfinite(lon)
    fat = ev.array("fatalities")
    fat_bad = np.zeros(sc.n, dtype=bool)
    filled = fat != ""
    if filled.any():
        import pandas as pd

        ok = pd.Series(fat[filled], dtype=object).str.fullmatch(r"\d{1,9}").fillna(False)
        fat_bad[np.flatnonzero(filled)] = ~ok.to_numpy(dtype=bool)
    box = _outside_country(sc.col("country"), lat, lon)
    flagged = (
        ~d.ok
        | ~d.known
        | ~e.ok
        | (d.known & e.known & (e.last < d.first))
        | sc.not_in("kind", set(EVENT_KINDS))
        | bad_lat
        | bad_lon
        | lat_out
        | lon_out
        | half
        | fat_bad
        | box
        | ref_problems(sc.col("sources"), source_ids)
    )
    ix = {n: ev.columns.index(n) for n in ev.columns}
    for i in rows(flagged):
        r = ev.row(i)
        if not d.ok[i]:
            c.add(
                ev,
                i,
                "date",
                r[ix["date"]],
                "malformed date (expected YYYY, YYYY-MM or YYYY-MM-DD)",
            )
        elif not d.known[i]:
            c.add(ev, i, "date", "", "undated event: it attests nothing", "warning")
        if not e.ok[i]:
            c.add(
                ev, i, "end", r[ix["end"]], "malformed date (expected YYYY, YYYY-MM or YYYY-MM-DD)"
            )
        elif d.known[i] and e.known[i] and e.last[i] < d.first[i]:
            c.add(ev, i, "end", r[ix["end"]], f"event ends before its date ({r[ix['date']]})")
        kind = r[ix["kind"]]
        if kind not in EVENT_KINDS:
            c.add(
                ev, i, "kind", kind, f"unknown event kind; expected one of {', '.join(EVENT_KINDS)}"
            )
        for col, bad, out, lim in (
            ("latitude", bad_lat, lat_out, 90),
            ("longitude", bad_lon, lon_out, 180),
        ):
            if bad[i]:
                c.add(ev, i, col, r[ix[col]], "not a number (decimal degrees, WGS84)")
            elif out[i]:
                c.add(ev, i, col, r[ix[col]], f"out of range (-{lim} to {lim})")
        if half[i] and not (bad_lat[i] or bad_lon[i]):
            have, miss = (
                ("latitude", "longitude") if np.isfinite(lat[i]) else ("longitude", "latitude")
            )
            c.add(ev, i, miss, "", f"{have} given without {miss}: give both or neither")
        if fat_bad[i]:
            c.add(
                ev,
                i,
                "fatalities",
                r[ix["fatalities"]],
                "fatalities must be a whole number of people (or empty: unknown)",
            )
        if box[i]:
            c.add(
                ev,
                i,
                "latitude",
                f"{r[ix['latitude']]}, {r[ix['longitude']]}",
                f"coordinates lie outside {r[ix['country']]}'s bounding box; check the "
                "place, the country or a swapped latitude and longitude",
                "warning",
            )
        cited = split_list(r[ix["sources"]])
        if source_ids is not None:
            for s in cited:
                if s not in source_ids:
                    c.add(ev, i, "sources", s, "unknown source id" + did_you_mean(s, source_ids))
    if "sources" in ev.columns:
        empty = sc.empty("sources")
        for i in rows(empty):
            c.add(ev, i, "sources", "", "event has no source", "warning")


def _outside_country(country: list[str], lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """Rows whose point certainly lies outside the named country's bounding box
    (unknown country names are not judged); one box test per distinct country."""
    out = np.zeros(len(country), dtype=bool)
    located = np.isfinite(lat) & np.isfinite(lon) & (np.abs(lat) <= 90) & (np.abs(lon) <= 180)
    at = np.flatnonzero(located)
    if not len(at):
        return out
    import pandas as pd

    names = pd.Series([country[i] for i in at.tolist()], dtype=object)
    for name, idx in names.groupby(names, sort=False).indices.items():
        rec = find_country(str(name).strip()) if str(name).strip() else None
        if rec is None:
            continue
        w, s, e, n = rec.get("bbox_wrap", rec["bbox"])
        m = BBOX_MARGIN
        rows_ = at[idx]
        x, y = lon[rows_], lat[rows_]
        if w > e:  # across the antimeridian
            inside_x = (x - w + m) % 360.0 <= (e - w) % 360.0 + 2 * m
        else:
            inside_x = (x >= w - m) & (x <= e + m)
        out[rows_] = ~(inside_x & (y >= s - m) & (y <= n + m))
    return out


def _actors(
    c: Checker,
    act: Table,
    event_ids: set[str] | None,
    group_ids: set[str] | None,
    groups: Table | None,
    ev: Table | None,
    a_rows: np.ndarray | None = None,
) -> None:
    sc = TableScreen(act)
    events, gids = sc.col("event"), sc.col("group")
    conf = act.array("confidence")
    dup_first = first_of([events, gids, sc.col("role")], sc.n) if sc.n else np.zeros(0, np.int64)
    dup = dup_first < np.arange(sc.n)
    unknown_event = sc.not_in("event", event_ids) if event_ids is not None else sc.empty("event")
    unknown_group = sc.not_in("group", group_ids) if group_ids is not None else sc.empty("group")
    life = _outside_lifetime(events, gids, groups, ev, a_rows)
    flagged = (
        unknown_event
        | unknown_group
        | sc.not_in("role", set(EVENT_ROLES))
        | ((conf != "") & ~np.isin(conf, CONFIDENCE_LEVELS))
        | dup
        | life
    )
    for i in rows(flagged):
        r = act.row(i)
        eid, gid, role = events[i], gids[i], act.column("role")[i]
        if unknown_event[i]:
            c.add(
                act,
                i,
                "event",
                eid,
                "empty event id"
                if not eid.strip()
                else "unknown event id" + did_you_mean(eid, event_ids or ()),
            )
        if unknown_group[i]:
            c.add(
                act,
                i,
                "group",
                gid,
                "empty group id"
                if not gid.strip()
                else "unknown group id" + c.suggest_group(gid, groups, group_ids or set()),
            )
        if role not in EVENT_ROLES:
            c.add(act, i, "role", role, f"unknown role; expected one of {', '.join(EVENT_ROLES)}")
        cf = r[act.columns.index("confidence")]
        if cf and cf not in CONFIDENCE_LEVELS:
            c.add(
                act,
                i,
                "confidence",
                cf,
                "unknown confidence; expected one of "
                f"{', '.join(CONFIDENCE_LEVELS)} (empty: reported)",
            )
        if dup[i]:
            c.add(
                act,
                i,
                None,
                f"{eid}, {gid}, {role}",
                "duplicate actor row (same event, "
                f"group and role as row {act.row_number(int(dup_first[i]))})",
                "warning",
            )
        if life[i]:
            c.add(
                act, i, "group", gid, f"event {eid!r} lies outside the group's lifetime", "warning"
            )


def _outside_lifetime(
    events: list[str],
    gids: list[str],
    groups: Table | None,
    ev: Table | None,
    a_rows: np.ndarray | None = None,
) -> np.ndarray:
    """Actor rows whose event certainly lies outside the group's founded-ended span."""
    n = len(events)
    out = np.zeros(n, dtype=bool)
    if groups is None or ev is None or not n or not len(groups) or not len(ev):
        return out
    gpos = {g: i for i, g in enumerate(groups.column("id"))}
    f, e = groups.dates("founded"), groups.dates("ended")
    epos, d, end = event_spans(ev)
    gi = _positions(gpos, gids)
    ei = _positions(epos, events) if a_rows is None else a_rows
    ok = (gi >= 0) & (ei >= 0)
    gi_, ei_ = np.where(ok, gi, 0), np.where(ok, ei, 0)
    last_day = np.where(end.known[ei_], end.last[ei_], d.last[ei_])
    known = ok & d.known[ei_]
    before = f.known[gi_] & f.ok[gi_] & (last_day < f.first[gi_])
    after = e.known[gi_] & e.ok[gi_] & (d.first[ei_] > e.last[gi_])
    out[:] = known & (before | after)
    return out


def _relation_events(
    c: Checker,
    rel: Table,
    ev: Table | None,
    act: Table | None,
    a_rows: np.ndarray | None = None,
) -> None:
    cells = rel.column("events")
    if not any(cells):
        return
    epos: dict[str, int] = {}
    d = e = None
    if ev is not None:
        epos, d, e = event_spans(ev)
    src, tgt = rel.column("source"), rel.column("target")
    start, end = rel.dates("start"), rel.dates("end")
    alt = rel.dates("start_alt")
    flagged, cited = _relation_event_screen(cells, src, tgt, epos, d, start, end, act, a_rows)
    if not flagged:
        return
    actors: dict[str, set[str]] = {}
    if act is not None:  # the actors of the events the flagged rows cite
        a_ev, a_gr = act.column("event"), act.column("group")
        for k in np.flatnonzero(_positions(dict.fromkeys(cited, 0), a_ev) >= 0).tolist():
            actors.setdefault(a_ev[k], set()).add(a_gr[k])
    for i in flagged:
        cell = cells[i]
        first_event: tuple[int, str] | None = None
        for eid in split_list(cell):
            if eid not in epos:
                c.add(
                    rel,
                    i,
                    "events",
                    eid,
                    "unknown event id" + did_you_mean(eid, epos)
                    if ev is not None
                    else "relation cites an event but the network has no events (events.csv; "
                    "in Python, pass events= and event_actors=)",
                )
                continue
            took_part = actors.get(eid, set())
            missing = [g for g in (src[i], tgt[i]) if g not in took_part]
            if missing:
                who = " and ".join(repr(g) for g in missing)
                c.add(
                    rel,
                    i,
                    "events",
                    eid,
                    f"relation cites an event in which {who} takes no part (event_actors.csv)",
                )
                continue
            assert d is not None and e is not None
            j = epos[eid]
            if not d.known[j]:
                continue
            if first_event is None or d.last[j] < first_event[0]:
                first_event = (int(d.last[j]), eid)  # the day it certainly happened by
            if end.ok[i] and end.known[i] and d.first[j] > end.last[i]:
                c.add(
                    rel,
                    i,
                    "events",
                    eid,
                    f"relation cites an event after its end "
                    f"({rel.column('end')[i]}): the tie was seen in force later; move the "
                    "end, or cite the event in a later relation",
                    "warning",
                )
        if (
            first_event is not None
            and start.ok[i]
            and start.known[i]
            and start.first[i] > first_event[0]
            # an alternative start the sources give (start_alt) reaching the
            # event says why the start is later: the sources disagree
            and not (alt.ok[i] and alt.known[i] and alt.first[i] <= first_event[0])
        ):
            j = epos[first_event[1]]
            c.add(
                rel,
                i,
                "start",
                rel.column("start")[i],
                f"relation starts after its "
                f"earliest cited event {first_event[1]!r} "
                f"({ev.column('date')[j] if ev is not None else ''}): the tie's first "
                "act is earlier; start it there, or say why in notes",
                "warning",
            )


def _relation_event_screen(
    cells: list[str],
    src: list[str],
    tgt: list[str],
    epos: dict[str, int],
    d: DateColumn | None,
    start: DateColumn,
    end: DateColumn,
    act: Table | None,
    a_rows: np.ndarray | None = None,
) -> tuple[list[int], set[str]]:
    """The relations :func:`_relation_events` has something to say about (whole
    columns at once), and the event ids they cite."""
    at, items = _explode(cells)
    if not len(at):
        return [], set()
    n = len(cells)
    j = _positions(epos, items)
    unknown = j < 0
    missing = ~unknown
    if act is not None and len(act) and d is not None and not unknown.all():
        import pandas as pd

        a_ev, a_gr = act.column("event"), act.column("group")
        aj = _positions(epos, a_ev) if a_rows is None else a_rows
        codes, _ = pd.factorize(np.array(a_gr + src + tgt, dtype=object))
        n_codes = int(codes.max()) + 1 if len(codes) else 1
        m = len(a_gr)
        a_code, s_code, t_code = codes[:m], codes[m : m + n], codes[m + n :]
        took_part = np.sort((aj * n_codes + a_code)[aj >= 0])
        jj = np.maximum(j, 0)
        has_s = _sorted_in(jj * n_codes + s_code[at], took_part)
        has_t = _sorted_in(jj * n_codes + t_code[at], took_part)
        missing = ~unknown & ~(has_s & has_t)
    bad = unknown | missing
    rows_ = set(at[bad].tolist())
    if d is not None:
        jj = np.maximum(j, 0)
        dated = ~bad & d.known[jj]
        day = d.first[jj].astype(np.int64)
        after = dated & end.ok[at] & end.known[at] & (day > end.last[at])
        rows_.update(at[after].tolist())
        earliest = np.full(n, np.iinfo(np.int64).max, dtype=np.int64)
        np.minimum.at(earliest, at[dated], day[dated])
        late = (
            (earliest < np.iinfo(np.int64).max)
            & start.ok
            & start.known
            & (start.first.astype(np.int64) > earliest)
        )
        rows_.update(np.flatnonzero(late).tolist())
    flagged = sorted(rows_)
    cited = {x for i, x in zip(at.tolist(), items, strict=True) if i in rows_} if rows_ else set()
    return flagged, cited
