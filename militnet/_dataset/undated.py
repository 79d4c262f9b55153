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


def _evidence_bounds(
    tables: Mapping[str, Table], undated: dict[str, int]
) -> tuple[dict[str, str], dict[str, str]]:
    """Per undated group, the text of its earliest and of its latest dated evidence
    (relations' start, end, last_attested; its events' date and end), over whole
    columns: each evidence is a (group, first day, last day, text) entry, in the
    order the tables list them, and the first entry wins a tie."""
    import numpy as np
    import pandas as pd

    ids = pd.Index(list(undated))
    parts: list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = []
    rel = tables.get("relations")
    if rel is not None and len(rel):
        cols = [c for c in ("start", "end", "last_attested") if c in rel.columns]
        rows = np.arange(len(rel))
        for c_k, c in enumerate(cols):
            dc, text = rel.dates(c), rel.array(c)
            valid = dc.ok & dc.known
            for s_k, side in enumerate(("source", "target")):
                gp = ids.get_indexer(pd.Index(rel.array(side)))
                m = valid & (gp >= 0)
                order = rows[m] * 6 + c_k * 2 + s_k
                parts.append((gp[m], dc.first[m], dc.last[m], text[m], order))
    ev, actors = tables.get("events"), tables.get("event_actors")
    if ev is not None and actors is not None and len(actors) and len(ev):
        eids = pd.Index(ev.array("id"))
        keep = np.flatnonzero(~eids.duplicated(keep="last"))  # a repeated id: its last row
        ep = eids[keep].get_indexer(pd.Index(actors.array("event")))
        gp = ids.get_indexer(pd.Index(actors.array("group")))
        base = 6 * (len(rel) if rel is not None else 0)
        rows = np.arange(len(actors))
        for c_k, e_col in enumerate(("date", "end")):
            if e_col not in ev.columns:
                continue
            dc, text = ev.dates(e_col), ev.array(e_col)
            at = keep[np.maximum(ep, 0)]
            m = (ep >= 0) & (gp >= 0) & dc.ok[at] & dc.known[at]
            parts.append(
                (gp[m], dc.first[at][m], dc.last[at][m], text[at][m], base + rows[m] * 2 + c_k)
            )
    if not parts:
        return {}, {}
    g, f, last, text, order = (np.concatenate([x[k] for x in parts]) for k in range(5))
    df = pd.DataFrame({"g": g, "f": f, "l": last, "t": text}).iloc[np.argsort(order, kind="stable")]
    df = df.reset_index(drop=True)
    lo = df.loc[df.groupby("g")["f"].idxmin()]
    hi = df.loc[df.groupby("g")["l"].idxmax()]
    names = list(undated)
    return (
        {names[int(k)]: str(v) for k, v in zip(lo["g"], lo["t"], strict=True)},
        {names[int(k)]: str(v) for k, v in zip(hi["g"], hi["t"], strict=True)},
    )


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
    first, last = _evidence_bounds(tables, undated)
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
