"""Proposed ends for open ties, for review: :func:`suggest_ends`.

Ties outlive their evidence: an alliance typed in once stays open until someone
ends it. :func:`suggest_ends` reads the evidence and proposes an ``end`` for each
open tie it contradicts or outlives, one reviewable row per reason, in the flow
of :func:`militnet.extract`: set ``status`` to ``accepted`` on the rows to keep,
then :func:`militnet.accept_candidates` (or ``militnet accept``) sets the
relations' ends. :func:`apply_ends` is that last step.
"""

from __future__ import annotations

import datetime as _dt
from typing import TYPE_CHECKING, Any

import numpy as np

from militnet._core.errors import ArgumentError
from militnet._core.model import split_list
from militnet._core.schema import RELATION_REVIEW_COLUMNS

if TYPE_CHECKING:
    import pandas as pd

    from militnet._classes.network import Network
    from militnet._core.policy import TiePolicy

__all__ = [
    "END_COLUMNS",
    "END_REASONS",
    "apply_ends",
    "end_rows",
    "restore_cell",
    "suggest_ends",
]

NEG = np.iinfo(np.int64).min // 4
POS = np.iinfo(np.int64).max // 4

#: Columns of :func:`suggest_ends`: the relation's id, then the relations.csv
#: columns :func:`militnet.accept_candidates` reads (``end`` is the proposed end),
#: then the review columns.
END_COLUMNS: tuple[str, ...] = (
    "relation",
    *RELATION_REVIEW_COLUMNS,
    "reason",
    "event",
    "basis",
    "last_attested",
)

#: Why an end is proposed.
END_REASONS: tuple[str, ...] = ("contrary-event", "partner-merged", "partner-ended", "last-event")

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _iso(ordinal: int) -> str:
    return _dt.date.fromordinal(int(ordinal)).isoformat()


def _data_last_day(net: Network) -> int:
    """The last day any date of the data reaches (groups, relations, events)."""
    best = NEG
    for table, cols in (
        ("groups", ("founded", "ended")),
        ("relations", ("start", "end", "last_attested")),
        ("events", ("date", "end")),
    ):
        t = net._tables.get(table)
        if t is None or not len(t):
            continue
        for c in cols:
            if c in t.columns:
                d = t.dates(c)
                m = d.ok & d.known
                if m.any():
                    best = max(best, int(d.last[m].max()))
    return best


def suggest_ends(net: Network, *, policy: TiePolicy | None = None, at: Any = None) -> pd.DataFrame:
    """Proposed ends (and lapses) of open ties, for review.

    Looks at every open relation (no ``end``) of the policy's types and
    confidence, and proposes an end, one row per reason:

    - ``contrary-event``: an event puts the two groups on opposite sides (one
      attacks the other, both fight in a ``clash``, one denies a link with the
      other; see :func:`militnet._dataset.evidence.opposed_pairs`) while the
      tie is open (the contrary-evidence warning of validation). Proposed end:
      the event's date. Not proposed when the tie is attested after the event
      (its ``last_attested`` or a cited event is later): the tie outlived it;
      explain the event in the relation's ``notes`` instead.
    - ``partner-merged``: one group folded into another (a ``merger`` relation
      from it) while the tie is open. Proposed end: the merger's start.
    - ``partner-ended``: one group ended (``groups.ended``) without a merger.
      Proposed end: its end.
    - ``last-event``: the tie is attested last by an event (it cites events,
      and its ``last_attested``, if any, is no later than the latest of them)
      and lapses under the policy's ``stale_after`` by ``at``. Proposed end:
      the lapse day, the first day the tie no longer counts
      (:func:`militnet._engine.attestation.lapse_dates`).

    Only proposals whose end is on or before ``at`` are listed, and none that
    would make the relation invalid (an end not after its start, or before its
    ``last_attested``).

    Parameters
    ----------
    net : Network
        The network.
    policy : TiePolicy, optional
        Which relations are ties (types, confidence) and when they lapse
        (``stale_after``, ``date_policy``); ``None`` is ``TiePolicy()``
        (alliances and pledges, lapsing after five years).
    at : str or date, optional
        The day the proposals are made on (day precision). Default: the last
        day any date of the data reaches, so equal data give equal tables.

    Returns
    -------
    pandas.DataFrame
        One row per proposal, sorted by relation (data order), proposed end
        and reason. Columns :data:`END_COLUMNS`: ``relation`` (id),
        ``source``, ``target``, ``type``, ``start`` (the relation's), ``end``
        (the proposed end), ``confidence`` (of the proposal: the weaker of the
        two sides' roles in a contrary event, the merger's confidence, or
        ``alleged`` for a lapse, which rests on silence), ``evidence`` (what
        the proposal rests on, in words), ``sources`` (the event's, the
        merger's or the group's sources), ``notes``, ``status``
        (``candidate``), ``reason`` (one of :data:`END_REASONS`), ``event``
        (the event id, for ``contrary-event`` and ``last-event``), ``basis``
        (``event e04``, ``relation r03`` or ``group jua``: what accepting
        writes in the relation's notes) and ``last_attested`` (the relation's).
        ``df.attrs["provenance"]`` records the data, policy and day.

    Examples
    --------
    >>> import militnet
    >>> from militnet import Group, Network, Relation
    >>> net = Network(
    ...     [Group("isk", "IS-K"), Group("ttp", "TTP")],
    ...     [Relation("r1", "isk", "ttp", "alliance", start="2015-01",
    ...               last_attested="2015-06")],
    ...     events=[{"id": "e1", "date": "2017-06-10", "kind": "clash",
    ...              "summary": "clash in Achin"}],
    ...     event_actors=[{"event": "e1", "group": "isk", "role": "participant"},
    ...                   {"event": "e1", "group": "ttp", "role": "participant"}])
    >>> s = militnet.suggest_ends(net)
    >>> s[["relation", "end", "reason", "event", "status"]]
      relation         end          reason event     status
    0       r1  2017-06-10  contrary-event    e1  candidate
    >>> s.loc[0, "status"] = "accepted"
    >>> new = militnet.accept_candidates(net, s)
    >>> new.relations.loc["r1", ["end", "notes"]].tolist()
    ['2017-06-10', 'end from event e1 (suggest_ends)']
    """
    import pandas as pd

    from militnet._algorithms.provenance import provenance
    from militnet._core.dates import DATE_POLICIES, PartialDate, as_day
    from militnet._core.policy import confidence_rank, tie_policy
    from militnet._dataset.evidence import contrary_evidence
    from militnet._engine.attestation import lapse_dates

    pol = tie_policy(policy, {}, call="militnet.suggest_ends")
    day = as_day(at).toordinal() if at is not None else _data_last_day(net)
    rel = net._tables["relations"]
    idx = net.time_index
    n = len(rel)
    rids = rel.column("id")
    src, tgt, types = rel.column("source"), rel.column("target"), rel.column("type")
    starts, confs = rel.column("start"), rel.column("confidence")
    last_att = rel.column_or_empty("last_attested")
    rel_sources = rel.column("sources")
    min_rank = confidence_rank(pol.min_confidence)
    s_col, a_col = rel.dates("start"), rel.dates("last_attested")
    ends = rel.column("end")
    selected = np.array(
        [
            types[i] in pol.types and confidence_rank(confs[i]) >= min_rank and not ends[i].strip()
            for i in range(n)
        ],
        dtype=bool,
    )
    # the tie is certainly attested on this day or later (last_attested or a cited event)
    att_first = np.where(idx.a_known, idx.a_first, NEG)

    def valid_end(i: int, end_first: int, end_last: int, day_precision: bool) -> bool:
        if s_col.ok[i] and s_col.known[i]:
            if end_last < s_col.first[i]:
                return False
            if day_precision and s_col.day[i] and end_first == s_col.first[i]:
                return False
        if a_col.ok[i] and a_col.known[i] and a_col.first[i] > end_last:
            return False
        return end_first <= day

    rows: list[dict[str, Any]] = []

    def add(
        i: int, end: str, reason: str, conf: str, evidence: str, sources: str, **kw: str
    ) -> None:
        basis = kw.get("basis", "")
        rows.append(
            {
                "relation": rids[i],
                "source": src[i],
                "target": tgt[i],
                "type": types[i],
                "start": starts[i],
                "end": end,
                "confidence": conf,
                "evidence": evidence,
                "sources": sources,
                "notes": f"accepting sets the end of {rids[i]} to {end} and notes "
                f"'end from {basis} (suggest_ends)'",
                "status": "candidate",
                "reason": reason,
                "event": kw.get("event", ""),
                "basis": basis,
                "last_attested": last_att[i],
                "_order": (i, PartialDate.parse(end).first_day().toordinal(), reason),
            }
        )

    # -- contrary events
    ev = net._tables.get("events")
    act = net._tables.get("event_actors")
    if ev is not None and act is not None and len(ev):
        e_ids = ev.column("id")
        epos = {x: j for j, x in enumerate(e_ids)}
        e_date, e_kind, e_summary = ev.column("date"), ev.column("kind"), ev.column("summary")
        e_sources = ev.column("sources")
        d = ev.dates("date")
        hits = contrary_evidence(net._tables)
        # the actors' confidence in the contrary events only
        a_event = pd.Series(act.array("event"), dtype=object)
        rows_ = np.flatnonzero(a_event.isin({h.event for h in hits}).to_numpy(dtype=bool))
        a_ids, a_group, a_conf = act.column("event"), act.column("group"), act.column("confidence")
        rank: dict[tuple[str, str], int] = {}
        for ar in rows_.tolist():
            key = (a_ids[ar], a_group[ar])
            r = {"confirmed": 2, "reported": 1, "alleged": 0}.get(a_conf[ar].strip(), 1)
            rank[key] = max(rank.get(key, -1), r)
        for hit in hits:
            i = hit.relation
            j = epos[hit.event]
            if not selected[i] or att_first[i] > d.last[j]:
                continue
            if not valid_end(i, int(d.first[j]), int(d.last[j]), bool(d.day[j])):
                continue
            weakest = min(rank.get((hit.event, src[i]), 1), rank.get((hit.event, tgt[i]), 1))
            summary = f": {e_summary[j]}" if e_summary[j] else ""
            add(
                i,
                e_date[j],
                "contrary-event",
                ("alleged", "reported", "confirmed")[weakest],
                f"{hit.why} ({e_kind[j]} {hit.event}, {e_date[j]}){summary}",
                e_sources[j],
                event=hit.event,
                basis=f"event {hit.event}",
            )

    # -- partners that merged or ended
    groups = net._tables["groups"]
    g_pos = {g: k for k, g in enumerate(groups.column("id"))}
    g_ended, g_end_raw, g_sources = (
        groups.dates("ended"),
        groups.column("ended"),
        groups.column("sources"),
    )
    mergers: dict[str, list[int]] = {}
    for m in range(n):
        if types[m] == "merger" and s_col.ok[m] and s_col.known[m]:
            mergers.setdefault(src[m], []).append(m)
    for i in np.flatnonzero(selected).tolist():
        for partner in dict.fromkeys((src[i], tgt[i])):
            if partner in mergers:
                for m in mergers[partner]:
                    if att_first[i] > s_col.last[m] or not valid_end(
                        i, int(s_col.first[m]), int(s_col.last[m]), bool(s_col.day[m])
                    ):
                        continue
                    add(
                        i,
                        starts[m],
                        "partner-merged",
                        confs[m],
                        f"{partner} merged into {tgt[m]} on {starts[m]} (relation {rids[m]})",
                        rel_sources[m],
                        basis=f"relation {rids[m]}",
                    )
                continue
            k = g_pos.get(partner)
            if k is None or not (g_ended.ok[k] and g_ended.known[k]):
                continue
            if att_first[i] > g_ended.last[k] or not valid_end(
                i, int(g_ended.first[k]), int(g_ended.last[k]), bool(g_ended.day[k])
            ):
                continue
            add(
                i,
                g_end_raw[k],
                "partner-ended",
                "reported",
                f"{partner} ended on {g_end_raw[k]}",
                g_sources[k],
                basis=f"group {partner}",
            )

    # -- ties attested last by an old event, lapsing
    if pol.stale_months is not None and ev is not None and len(ev):
        lapses = lapse_dates(net, pol)
        e_ids = ev.column("id")
        epos = {x: j for j, x in enumerate(e_ids)}
        cited = rel.column_or_empty("events")
        e_last = np.where(
            ev.dates("end").ok & ev.dates("end").known, ev.dates("end").last, ev.dates("date").last
        )
        e_known = ev.dates("date").ok & ev.dates("date").known
        for i in np.flatnonzero(selected).tolist():
            lapse = lapses.get(rids[i], "")
            eid = idx.a_event[i]
            if not eid and cited[i]:  # last_attested no later than the latest cited event
                js = [epos[x] for x in split_list(cited[i]) if x in epos and e_known[epos[x]]]
                if js:
                    j = max(js, key=lambda j: (int(e_last[j]), e_ids[j]))
                    if idx.a_known[i] and idx.a_last[i] <= e_last[j]:
                        eid = e_ids[j]
            if not eid or not lapse:
                continue
            o = _dt.date.fromisoformat(lapse).toordinal()
            if o > day or not valid_end(i, o, o, True):
                continue
            j = epos[eid]
            when = ev.column("date")[j] + (
                f" to {ev.column('end')[j]}" if ev.column("end")[j] else ""
            )
            summary = f": {ev.column('summary')[j]}" if ev.column("summary")[j] else ""
            add(
                i,
                lapse,
                "last-event",
                "alleged",
                f"last attested by {ev.column('kind')[j]} {eid} ({when}){summary}; no later "
                f"evidence, so the tie lapses {pol.stale_after} after it "
                f"(tie policy, {DATE_POLICIES[pol.date_policy][1]} day of the event)",
                ev.column("sources")[j],
                event=eid,
                basis=f"event {eid}",
            )

    rows.sort(key=lambda r: r["_order"])
    for row in rows:
        del row["_order"]
    df = pd.DataFrame(rows, columns=list(END_COLUMNS))
    df.attrs["provenance"] = provenance(
        net,
        function="militnet.suggest_ends",
        dates=[_iso(day)] if NEG < day < POS else [],
        policy=pol,
        parameters={"at": _iso(day) if NEG < day < POS else None},
    )
    return df


# -- accepting ----------------------------------------------------------------------
def end_rows(table: pd.DataFrame) -> Any:
    """Mask of the rows of a reviewed table that propose an end for an existing
    relation (a non-empty ``relation`` cell), as :func:`suggest_ends` writes."""
    import pandas as pd

    if "relation" not in table.columns:
        return pd.Series(False, index=table.index, dtype=bool)
    return table["relation"].fillna("").astype(str).str.strip() != ""


def restore_cell(value: Any) -> Any:
    """Undo the spreadsheet neutralisation of a review CSV cell (the apostrophe
    written before a cell that begins with ``= + - @``, tab or CR; see
    :func:`militnet._core.escape.restore_cell`)."""
    from militnet._core.escape import restore_cell as restore

    return restore(value)


def apply_ends(relations: pd.DataFrame, accepted: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """The relations table with the accepted end proposals applied, and how many.

    Each accepted row sets its relation's ``end`` to the row's ``end`` and
    appends ``end from <basis> (suggest_ends)`` to its ``notes`` (``basis``:
    ``event e04``, ``relation r03``, ``group jua``; from ``event`` when
    ``basis`` is empty); every other cell is kept.

    Raises
    ------
    ArgumentError
        If a row names an unknown relation, one whose groups or type differ
        from the row's (a table made for other data), one that already has an
        end, the same relation twice, or has an empty end.
    """
    out = relations.copy()
    done: set[str] = set()
    for _, row in accepted.iterrows():

        def cell(name: str, row: Any = row) -> str:
            v = row.get(name, "")
            return "" if v is None or v != v else str(v).strip()

        rid = cell("relation")
        if rid not in out.index:
            raise ArgumentError(f"end proposal for relation {rid!r}: no such relation")
        if rid in done:
            raise ArgumentError(
                f"relation {rid!r} has more than one accepted end proposal; accept one"
            )
        done.add(rid)
        for col in ("source", "target", "type"):
            if cell(col) and cell(col) != str(out.at[rid, col]):
                raise ArgumentError(
                    f"end proposal for relation {rid!r}: {col} is {cell(col)!r} in the "
                    f"table but {out.at[rid, col]!r} in the data (a table for other data?)"
                )
        current = str(out.at[rid, "end"]).strip()
        if current:
            raise ArgumentError(f"relation {rid!r} already ends on {current}")
        end = cell("end")
        if not end:
            raise ArgumentError(f"end proposal for relation {rid!r} has no end date")
        basis = cell("basis") or (f"event {cell('event')}" if cell("event") else "review")
        out.at[rid, "end"] = end
        note = f"end from {basis} (suggest_ends)"
        old = str(out.at[rid, "notes"]).strip()
        out.at[rid, "notes"] = f"{old}; {note}" if old else note
    return out, len(done)
