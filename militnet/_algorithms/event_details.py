"""The events behind ties, as the views show them (explain, report, page, figures).

Small read-only helpers over ``net.events``, ``net.event_actors`` and the
relations' ``events`` column: every view lists the same fields (date, kind,
place, summary, sources, actors) in the same order (by first day, then id).
Nothing here filters by policy; :func:`militnet.events` is the user-facing table.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from militnet._core.dates import PartialDate
from militnet._core.errors import DateError
from militnet._core.model import EVENT_ROLES, split_list

if TYPE_CHECKING:
    from militnet._classes.network import Network

__all__ = [
    "LEAD_ROLES",
    "EventInfo",
    "describe",
    "event_infos",
    "event_span",
    "relation_events",
]

#: Roles in the order that picks an event's lead actor (the group a map colours
#: it by): who did it, then who said so, then the other roles; targets last.
LEAD_ROLES: tuple[str, ...] = (
    "perpetrator",
    "claimant",
    "participant",
    "signatory",
    "denier",
    "target",
)


@dataclass(frozen=True)
class EventInfo:
    """One event as the views show it (every text as in the data, unescaped)."""

    id: str
    date: str
    end: str
    kind: str
    place: str
    """``place, admin2, admin1, country`` (the parts given, most precise first)."""
    country: str
    summary: str
    sources: tuple[str, ...]
    actors: tuple[tuple[str, str, str], ...]
    """``(group, role, confidence)`` in the order of ``event_actors``; an empty
    confidence reads ``"reported"``."""
    latitude: float | None
    longitude: float | None
    fatalities: int | None
    first: _dt.date | None
    """First day (``None`` if the date is unknown or malformed)."""
    last: _dt.date | None
    """Last day: of ``end`` for a multi-day event, else of ``date``."""

    @property
    def when(self) -> str:
        """``date`` or ``date to end``."""
        return f"{self.date} to {self.end}" if self.end else self.date

    def lead(self, among: set[str] | None = None) -> str:
        """The group the event is drawn for: the first actor by :data:`LEAD_ROLES`
        (then table order), among ``among`` if given; ``""`` if none."""
        for role in LEAD_ROLES:
            for g, r, _c in self.actors:
                if r == role and (among is None or g in among):
                    return g
        return ""

    def roles_text(self, names: dict[str, str] | None = None) -> str:
        """``"LeJ-A (perpetrator, alleged); IS-K (claimant)"``: who did what."""
        out = []
        for g, r, c in self.actors:
            label = (names or {}).get(g, g)
            out.append(f"{label} ({r}{', ' + c if c and c != 'reported' else ''})")
        return "; ".join(out)


def _float(text: str) -> float | None:
    try:
        return float(text) if text.strip() else None
    except ValueError:
        return None


def _int(text: str) -> int | None:
    try:
        return int(text) if text.strip() else None
    except ValueError:
        return None


def event_span(date: str, end: str = "") -> tuple[_dt.date | None, _dt.date | None]:
    """First and last day of an event (``None`` for an unknown or malformed date).

    >>> event_span("2016-10", "2016-11-02")
    (datetime.date(2016, 10, 1), datetime.date(2016, 11, 2))
    """
    try:
        p = PartialDate.parse(date)
        q = PartialDate.parse(end) if end.strip() else p
    except DateError:
        return None, None
    if not p:
        return None, None
    return p.first_day(), (q.last_day() if q else p.last_day())


def _place(row: dict[str, str]) -> str:
    parts = [row.get(k, "").strip() for k in ("place", "admin2", "admin1", "country")]
    out: list[str] = []
    for p in parts:
        if p and p not in out:
            out.append(p)
    return ", ".join(out)


def event_infos(net: Network) -> dict[str, EventInfo]:
    """Every event of the network by id, in order of first day then id (undated last).

    Returns ``{}`` for a network without events.
    """
    if not net.has_events:
        return {}
    ev = net._frame("events")
    actors: dict[str, list[tuple[str, str, str]]] = {}
    act = net._frame("event_actors")
    for e, g, r, c in zip(act["event"], act["group"], act["role"], act["confidence"], strict=True):
        actors.setdefault(str(e), []).append((str(g), str(r), str(c) or "reported"))
    rank = {r: i for i, r in enumerate(EVENT_ROLES)}
    infos = []
    cols = list(ev.columns)
    for eid, values in zip(ev.index, ev.itertuples(index=False, name=None), strict=True):
        row = {c: str(v) for c, v in zip(cols, values, strict=True)}
        first, last = event_span(row.get("date", ""), row.get("end", ""))
        acts = actors.get(str(eid), [])
        infos.append(
            EventInfo(
                id=str(eid),
                date=row.get("date", ""),
                end=row.get("end", ""),
                kind=row.get("kind", ""),
                place=_place(row),
                country=row.get("country", "").strip(),
                summary=row.get("summary", ""),
                sources=split_list(row.get("sources", "")),
                actors=tuple(sorted(acts, key=lambda a: rank.get(a[1], len(rank)))),
                latitude=_float(row.get("latitude", "")),
                longitude=_float(row.get("longitude", "")),
                fatalities=_int(row.get("fatalities", "")),
                first=first,
                last=last,
            )
        )
    infos.sort(key=lambda i: (i.first is None, i.first or _dt.date.min, i.id))
    return {i.id: i for i in infos}


def relation_events(
    net: Network, infos: dict[str, EventInfo] | None = None
) -> dict[str, list[str]]:
    """Relation id → the ids of the events it cites, in date order (known ids only).

    Relations citing no event are left out; ``{}`` without events.
    """
    if not net.has_events:
        return {}
    rel = net._frames["relations"]
    if "events" not in rel.columns:
        return {}
    infos = event_infos(net) if infos is None else infos
    order = {eid: k for k, eid in enumerate(infos)}
    out: dict[str, list[str]] = {}
    for rid, cell in zip(rel.index, rel["events"], strict=True):
        ids = [e for e in dict.fromkeys(split_list(str(cell))) if e in order]
        if ids:
            out[str(rid)] = sorted(ids, key=order.__getitem__)
    return out


def describe(info: EventInfo, names: dict[str, str] | None = None) -> dict[str, Any]:
    """The fields every view lists for an event, as plain strings."""
    return {
        "event": info.id,
        "date": info.when,
        "kind": info.kind,
        "place": info.place,
        "actors": info.roles_text(names),
        "summary": info.summary,
        "sources": ";".join(info.sources),
    }
