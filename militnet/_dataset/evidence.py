"""Histories checked against their evidence: contrary events and incoherent triads.

Two warnings, both on ``relations.csv`` rows:

- **Contrary evidence.** An event where two groups are on opposite sides (one a
  perpetrator or claimant, the other its target; or both participants in a
  ``clash``), or a ``denial`` by one of them naming the other, while an open
  cooperative relation (alliance or pledge, no end) between them has started.
  :func:`militnet.suggest_ends` proposes an end for each.
- **Incoherent triad.** A cooperative tie between A and B while A has pledged to a
  patron P that is at the same time in a rivalry with B (an ally of the IMU inside
  the Taliban's family while the Taliban fight the IMU).

A relation whose ``notes`` name the event id (contrary evidence) or the other two
relations' ids (triad) is taken as explained and not warned about. Spans are the
ones the records certainly cover: from the latest possible start to the earliest
possible end (an open relation runs on; a group's end ends its ties).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from militnet._core.model import split_list
from militnet._core.problems import Problem

if TYPE_CHECKING:
    from militnet._core.table import Table

__all__ = ["Contrary", "contrary_evidence", "evidence_problems", "opposed_pairs"]

NEG = np.iinfo(np.int64).min // 4
POS = np.iinfo(np.int64).max // 4
COOPERATIVE = ("alliance", "pledge")


@dataclass(frozen=True)
class Contrary:
    """An open cooperative relation and an event that contradicts it."""

    relation: int  # row in relations
    event: str
    day: int  # ordinal of the event's first day
    why: str  # "clash", "attack", "denial"...


ACTING = ("perpetrator", "claimant")


def opposite_sides(kind: str, roles_a: set[str], roles_b: set[str]) -> bool:
    """Whether two groups with these roles in an event of this kind are on opposite
    sides: one a perpetrator or claimant and the other its target, or both
    participants of a ``clash`` (the rule :func:`opposed_pairs` applies, a denial
    apart; :func:`militnet.cite_events` cites such events on rivalries)."""
    acting_a, acting_b = bool(roles_a & set(ACTING)), bool(roles_b & set(ACTING))
    if (acting_a and "target" in roles_b) or (acting_b and "target" in roles_a):
        return True
    return kind == "clash" and "participant" in roles_a and "participant" in roles_b


def opposed_pairs(
    events: Table, actors: Table, rows: np.ndarray | None = None
) -> Iterator[tuple[str, str, str, str]]:
    """``(event id, group a, group b, why)`` for every pair of groups on opposite sides
    of an event: perpetrator or claimant against target, participants of a clash, a
    denier against the other groups of a denial. ``rows``: only these actor rows (a
    boolean mask; the caller's pre-screen)."""
    kind = dict(zip(events.column("id"), events.column("kind"), strict=True))
    by_event: dict[str, list[tuple[str, str]]] = defaultdict(list)
    a_ev, a_gr, a_role = actors.column("event"), actors.column("group"), actors.column("role")
    may = _may_oppose(a_ev, a_gr, a_role, kind)
    if rows is not None:
        may = may[rows[may]]
    for k in may.tolist():
        by_event[a_ev[k]].append((a_gr[k], a_role[k]))
    for eid, members in by_event.items():
        k = kind.get(eid, "")
        acting = {g for g, r in members if r in ACTING}
        targets = {g for g, r in members if r == "target"}
        seen: set[tuple[str, str]] = set()
        for a in sorted(acting):
            for b in sorted(targets):
                if a != b and (a, b) not in seen:
                    seen.add((a, b))
                    yield eid, a, b, f"{k or 'event'}: {a} against {b}"
        if k == "clash":
            sides = sorted({g for g, r in members if r == "participant"})
            for i, a in enumerate(sides):
                for b in sides[i + 1 :]:
                    yield eid, a, b, f"clash between {a} and {b}"
        if k == "denial":
            deniers = sorted({g for g, r in members if r == "denier"})
            others = sorted({g for g, _ in members})
            for a in deniers:
                for b in others:
                    if a != b:
                        yield eid, a, b, f"denial by {a} of a link with {b}"


def _may_oppose(
    a_ev: list[str], a_gr: list[str], a_role: list[str], kind: dict[str, str]
) -> np.ndarray:
    """The actor rows (in order) of the events that may set two groups against each
    other: two groups or more, and an actor against a target, a clash or a denial.
    Only those can give :func:`opposed_pairs` a pair; screening them first is what
    keeps it fast on hundreds of thousands of actor rows."""
    n = len(a_ev)
    if not n:
        return np.zeros(0, dtype=np.int64)
    import pandas as pd

    ev_code, uniq = pd.factorize(np.array(a_ev, dtype=object))
    gr_code, _ = pd.factorize(np.array(a_gr, dtype=object))
    n_ev = len(uniq)
    width = int(gr_code.max()) + 1
    pairs = np.sort(ev_code.astype(np.int64) * width + gr_code)
    pairs = pairs[np.r_[True, pairs[1:] != pairs[:-1]]]  # distinct (event, group)
    groups = np.bincount(pairs // width, minlength=n_ev)
    role = pd.Series(a_role, dtype=object)
    acting = np.bincount(ev_code[role.isin(ACTING).to_numpy()], minlength=n_ev)
    target = np.bincount(ev_code[(role == "target").to_numpy()], minlength=n_ev)
    k = pd.Series(uniq, dtype=object).map(kind).to_numpy(dtype=object)
    special = (k == "clash") | (k == "denial")
    keep = (groups >= 2) & (((acting > 0) & (target > 0)) | special)
    return np.flatnonzero(keep[ev_code])


def _events_of_pairs(
    actors: Table, rel: Table, by_pair: Mapping[frozenset[str], list[int]]
) -> np.ndarray:
    """Actor rows of the events in which both groups of one of these pairs take part
    (a self-join of the actor rows on the event, over integer codes): only those
    events can contradict one of the pairs' relations."""
    import pandas as pd

    n = len(actors)
    if not n:
        return np.zeros(0, dtype=bool)
    groups = np.concatenate([actors.array("group"), rel.array("source"), rel.array("target")])
    codes, uniques = pd.factorize(groups)
    width = np.int64(max(len(uniques), 1))
    g = codes[:n].astype(np.int64)
    pos = {x: k for k, x in enumerate(uniques)}
    wanted = np.array(
        sorted(
            min(pos[a], pos[b]) * width + max(pos[a], pos[b])
            for pair in by_pair
            for a, b in [tuple(pair) if len(pair) == 2 else (*pair, *pair)]
        ),
        dtype=np.int64,
    )
    ev_code = pd.factorize(actors.array("event"))[0].astype(np.int64)
    li, ri = _join(ev_code, ev_code)
    keep = g[li] < g[ri]
    key = g[li][keep] * width + g[ri][keep]
    hit = np.isin(key, wanted)
    events = np.unique(ev_code[li[keep][hit]])
    return np.isin(ev_code, events)


def _codes(rel: Table) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The relations' source and target group ids as integer codes, and the ids
    (shared with the other checks: the table computes them once)."""
    (src, tgt), uniques = rel.codes("source", "target")
    return src, tgt, np.asarray(uniques, dtype=object)


def _spans(
    rel: Table,
    groups: Table | None,
    coded: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Per relation, the span it certainly covers: [latest start, earliest end)."""
    s, e = rel.dates("start"), rel.dates("end")
    lo = np.where(s.ok & s.known, s.last, NEG)
    hi = np.where(e.ok & e.known, e.first, POS)
    if groups is not None and len(rel) and len(groups):
        import pandas as pd

        src, tgt, uniques = coded if coded is not None else _codes(rel)
        ids = pd.Index(groups.array("id"))
        first = np.flatnonzero(~ids.duplicated())  # a duplicate id (an error): its first row
        ended = groups.dates("ended")
        g_end = np.where(ended.ok & ended.known, ended.first + 1, POS)[first]
        at = ids[first].get_indexer(uniques)  # each distinct id once
        end_of = np.where(at >= 0, g_end[np.maximum(at, 0)], POS)
        hi = np.minimum(hi, np.minimum(end_of[src], end_of[tgt]))
    return lo, hi


def contrary_evidence(tables: Mapping[str, Table]) -> list[Contrary]:
    """Every (open cooperative relation, contrary event) pair, relation order, then
    event date."""
    rel, ev, act = tables.get("relations"), tables.get("events"), tables.get("event_actors")
    if rel is None or ev is None or act is None or not len(ev) or not len(rel):
        return []
    types, ends = rel.column("type"), rel.column("end")
    by_pair: dict[frozenset[str], list[int]] = defaultdict(list)
    for i, (a, b) in enumerate(zip(rel.column("source"), rel.column("target"), strict=True)):
        if types[i] in COOPERATIVE and not ends[i].strip():
            by_pair[frozenset((a, b))].append(i)
    if not by_pair:
        return []
    lo, _ = _spans(rel, tables.get("groups"))
    opposed = list(opposed_pairs(ev, act, _events_of_pairs(act, rel, by_pair)))
    ids = ev.column("id")
    wanted = {eid for eid, *_ in opposed}
    epos: dict[str, int] = {}  # the last row of each event id named
    if wanted:
        import pandas as pd

        for row in np.flatnonzero(pd.Series(ids, dtype=object).isin(wanted).to_numpy()).tolist():
            epos[ids[row]] = row
    d = ev.dates("date")
    notes = rel.column("notes")
    cited = rel.column("events") if "events" in rel.columns else [""] * len(rel)
    out: list[Contrary] = []
    for eid, a, b, why in opposed:
        j = epos.get(eid)
        if j is None or not (d.ok[j] and d.known[j]):
            continue
        for i in by_pair.get(frozenset((a, b)), ()):
            if lo[i] <= d.last[j] and eid not in notes[i] and eid not in split_list(cited[i]):
                out.append(Contrary(i, eid, int(d.first[j]), why))
    out.sort(key=lambda c: (c.relation, c.day, c.event))
    return out


def _join(left: np.ndarray, right: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every ``(i, j)`` with ``left[i] == right[j]`` (integer keys), by sorting."""
    order = np.argsort(right, kind="stable")
    r = right[order]
    lo = np.searchsorted(r, left, "left")
    n = np.searchsorted(r, left, "right") - lo
    li = np.repeat(np.arange(len(left)), n)
    offset = np.arange(len(li)) - np.repeat(np.cumsum(n) - n, n)
    return li, order[lo[li] + offset]


def _triads(tables: Mapping[str, Table]) -> list[tuple[int, int, int]]:
    """``(cooperative row, pledge row, rivalry row)``: A–B cooperative while A's
    patron P is at war with B, the three certainly overlapping in time; sorted.

    Two sort-based joins over integer codes (pledges with the patron's rivalries,
    then with A's cooperative ties), so the cost grows with the triads found, not
    with every pledge times every rivalry."""
    rel = tables.get("relations")
    if rel is None or not len(rel):
        return []
    # group ids as integer codes: the joins compare integers, not strings
    coded = _codes(rel)
    src, tgt, uniques = coded
    n_groups = max(len(uniques), 1)
    types = rel.array("type")
    lo, hi = _spans(rel, tables.get("groups"), coded)
    live = (lo < hi) & (src != tgt)
    pledge = np.flatnonzero(live & (types == "pledge"))
    rival = np.flatnonzero(live & (types == "rivalry"))
    coop = np.flatnonzero(live & np.isin(types, COOPERATIVE))
    if not (len(pledge) and len(rival) and len(coop)):
        return []
    # rivalries and cooperation are undirected: each row seen from both ends
    r_rows = np.concatenate([rival, rival])
    r_from, r_to = (
        np.concatenate([src[rival], tgt[rival]]),
        np.concatenate([tgt[rival], src[rival]]),
    )
    c_rows = np.concatenate([coop, coop])
    c_key = np.concatenate([src[coop] * n_groups + tgt[coop], tgt[coop] * n_groups + src[coop]])
    # pledge A -> P joined with P's rivalries P - B
    pi, ri = _join(tgt[pledge], r_from)
    p_row, r_row = pledge[pi], r_rows[ri]
    a, b = src[p_row], r_to[ri]
    keep = (b != a) & (np.maximum(lo[p_row], lo[r_row]) < np.minimum(hi[p_row], hi[r_row]))
    p_row, r_row, a, b = p_row[keep], r_row[keep], a[keep], b[keep]
    # ... joined with A's cooperative ties A - B
    xi, ci = _join(a * n_groups + b, c_key)
    c_row, p_row, r_row = c_rows[ci], p_row[xi], r_row[xi]
    start = np.maximum(np.maximum(lo[c_row], lo[p_row]), lo[r_row])
    stop = np.minimum(np.minimum(hi[c_row], hi[p_row]), hi[r_row])
    keep = start < stop
    c_row, p_row, r_row = c_row[keep], p_row[keep], r_row[keep]
    n = np.int64(len(rel))
    if int(n) ** 3 >= 2**62:  # the packed key would overflow: unique rows instead
        rows_ = np.unique(np.stack([c_row, p_row, r_row], axis=1), axis=0)
        return [(int(x), int(y), int(z)) for x, y, z in rows_.tolist()]
    found = np.unique((c_row * n + p_row) * n + r_row)  # sorted, distinct
    parts = ((found // (n * n)).tolist(), (found // n % n).tolist(), (found % n).tolist())
    return list(zip(*parts, strict=True))


def evidence_problems(tables: Mapping[str, Table]) -> list[Problem]:
    """The contrary-evidence and triad warnings, as validation problems."""
    rel = tables.get("relations")
    if rel is None:
        return []
    out: list[Problem] = []
    ids, notes = rel.column("id"), rel.column("notes")
    src, tgt, types = rel.column("source"), rel.column("target"), rel.column("type")
    ev = tables.get("events")
    dates = dict(zip(ev.column("id"), ev.column("date"), strict=True)) if ev is not None else {}
    for c in contrary_evidence(tables):
        i = c.relation
        out.append(
            Problem(
                "warning",
                rel.file,
                rel.row_number(i),
                "end",
                "",
                f"open {types[i]} {src[i]}–{tgt[i]} is contradicted by event {c.event!r} "
                f"({dates.get(c.event, '')}, {c.why}); end it, or explain in notes "
                "(militnet.suggest_ends proposes ends)",
            )
        )
    found: dict[tuple[int, str], tuple[list[str], list[str]]] = {}
    for c_row, p_row, r_row in _triads(tables):
        if ids[p_row] in notes[c_row] or ids[r_row] in notes[c_row]:
            continue
        pl, rv = found.setdefault((c_row, tgt[p_row]), ([], []))
        pl.extend([ids[p_row]] if ids[p_row] not in pl else [])
        rv.extend([ids[r_row]] if ids[r_row] not in rv else [])
    first_row: dict[str, int] = {}
    if found:
        first_row = dict(zip(reversed(ids), range(len(ids) - 1, -1, -1), strict=True))
    for (c_row, patron), (pl, rv) in sorted(found.items()):
        a = src[first_row[pl[0]]]
        b = tgt[c_row] if src[c_row] == a else src[c_row]
        out.append(
            Problem(
                "warning",
                rel.file,
                rel.row_number(c_row),
                None,
                ids[c_row],
                f"incoherent triad: {types[c_row]} {a}–{b} while {a}'s patron {patron} "
                f"(pledge {', '.join(pl)}) is at war with {b} (rivalry {', '.join(rv)}) at the "
                "same time; end one of them, or explain in notes (naming the other relations)",
            )
        )
    return out
