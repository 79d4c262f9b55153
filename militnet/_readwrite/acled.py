"""Import an ACLED CSV export.

ACLED's terms forbid giving others the raw data and ask users to state the
access date (the data are revised and deleted over time): militnet ships none,
only this reader and fixtures written by hand in ACLED's column layout, and
records the access date the user gives. What each column becomes is
documented in :func:`read_acled` and ``docs/events.md``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from militnet._core.dates import PartialDate
from militnet._core.errors import ArgumentError, DateError
from militnet._readwrite.event_import import (
    ImportLog,
    build_network,
    column,
    coordinates,
    days,
    fatalities,
    group_countries,
    integers,
    join_notes,
    labelled,
    read_frame,
    slug_ids,
)

if TYPE_CHECKING:
    from militnet._classes.network import Network

__all__ = ["ACLED_SOURCE", "read_acled"]

ACLED_SOURCE = {
    "id": "acled",
    "title": "Armed Conflict Location & Event Data (ACLED)",
    "publisher": "ACLED",
    "date": "",
    "url": "https://acleddata.com",
    "document": "",
    "notes": "Events read with militnet.read_acled. ACLED's terms forbid passing on the raw "
    "data; cite ACLED with the access date and the filters used.",
    "kind": "research",
}

LICENCE = (
    "ACLED terms of use: registration required, no redistribution of the raw data; "
    "attribution states the access date and filters"
)

#: ACLED actor type (``inter1``/``inter2``) codes, and the labels newer exports use.
INTER = {
    1: "state forces",
    2: "rebel group",
    3: "political militia",
    4: "identity militia",
    5: "rioters",
    6: "protesters",
    7: "civilians",
    8: "external/other forces",
}
_INTER_LABELS = {
    "state forces": 1,
    "rebel group": 2,
    "rebel groups": 2,
    "political militia": 3,
    "political militias": 3,
    "identity militia": 4,
    "identity militias": 4,
    "rioters": 5,
    "protesters": 6,
    "civilians": 7,
    "external/other forces": 8,
    "external/other": 8,
}
#: Actor types that become groups: rebels, political and identity militias,
#: external/other forces. State forces, rioters, protesters and civilians do not
#: (they are named in the event's notes).
GROUP_INTER = (2, 3, 4, 8)

#: ``event_type`` -> event kind; Protests and Riots are not imported.
EVENT_KINDS = {
    "battles": "clash",
    "explosions/remote violence": "attack",
    "violence against civilians": "attack",
    "strategic developments": "statement",
}
#: ``sub_event_type`` of Strategic developments -> event kind (else ``statement``).
STRATEGIC_KINDS = {"arrests": "arrest", "agreement": "meeting"}
SKIPPED_TYPES = ("protests", "riots")

#: ``time_precision`` codes.
TIME_PRECISION = {1: "day", 2: "within a week of this day", 3: "month"}
#: ``geo_precision`` codes whose coordinates are kept: the place (1) or a nearby
#: place in the same area (2); 3 (a provincial capital standing for a larger
#: region) is not the event's position.
KEEP_GEO_PRECISION = (1, 2)

REQUIRED = ("event_id_cnty", "event_date", "event_type", "actor1")
WANTED = (
    *REQUIRED,
    "time_precision",
    "sub_event_type",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
)


def _inter(values: np.ndarray, col: str, log: ImportLog) -> np.ndarray:
    """Inter codes from numbers or labels (0: empty or unknown, reported)."""
    n, ok, _ = integers(values)
    out = np.where(ok, n, 0)
    label = np.array([_INTER_LABELS.get(v.casefold(), 0) for v in values.tolist()], dtype=np.int64)
    out = np.where(ok, out, label)
    bad = (values != "") & ~np.isin(out, tuple(INTER))
    log.cells("warning", bad, col, values, "unknown ACLED actor type: not taken as a group")
    return np.where(bad, 0, out)


def _unidentified(name: str) -> bool:
    return name.casefold().startswith("unidentified")


def read_acled(path: str | Path, *, accessed: str | None = None) -> Network:
    """Read an ACLED CSV export as a :class:`Network`.

    Every Battles, Explosions/Remote violence, Violence against civilians and
    Strategic developments event naming an armed non-state actor becomes an
    event ``acled-<event_id_cnty>``; Protests and Riots are skipped
    (reported). No relation is invented.

    What each ACLED column becomes:

    - ``event_date`` (``2021-01-12`` or ``12 January 2021``) with
      ``time_precision``: 1 the day; 2 (within a week) the day, flagged in
      the notes; 3 the month (``2021-01``); ``time_precision`` kept as
      ``acled_time_precision``.
    - ``event_type``: Battles -> ``clash`` (every actor a ``participant``);
      Explosions/Remote violence and Violence against civilians -> ``attack``
      (``actor1`` and ``assoc_actor_1`` ``perpetrator``, ``actor2`` and
      ``assoc_actor_2`` ``target``); Strategic developments -> ``arrest``
      (sub-event Arrests: actor1's side perpetrator, actor2's target),
      ``meeting`` (Agreement: every actor a ``signatory``), else
      ``statement`` (participants).
    - Actors: ``actor1``/``actor2`` and the ``;``-separated
      ``assoc_actor_1``/``assoc_actor_2`` (who acted with them). Only actor
      types (``inter1``/``inter2``, codes or labels) 2 rebel group, 3
      political militia, 4 identity militia and 8 external/other become
      groups; associated actors take their side's type (ACLED gives them
      none). State forces, rioters, protesters, civilians and
      "Unidentified ..." actors are named in the event's notes, never
      groups. An event with no group left is skipped (reported).
      Confidence ``reported``.
    - ``country``, ``admin1``, ``admin2``, ``location``: the event's
      ``country``, ``admin1``, ``admin2``, ``place``; ``admin3`` kept as
      ``admin3``; ``latitude``/``longitude`` kept when ``geo_precision`` is
      1-2, ``geo_precision`` kept as ``acled_geo_precision``.
    - ``notes``: ``summary``; ``fatalities``: ``fatalities``; ``source`` (and
      ``source_scale``): a source ``acled:<event_id_cnty>``, cited with
      ACLED itself (source ``acled``).
    - Groups: ``id`` a slug of the name, ``name`` and ``acled_name`` ACLED's
      spelling, ``acled_inter`` its actor type codes, ``event_countries``.

    Parameters
    ----------
    path : path
        The CSV export (UTF-8; Windows-1252/Latin-1 detected and reported);
        columns in any order, others ignored.
    accessed : str, optional
        The day the data were downloaded (``YYYY-MM-DD``), recorded in
        ``net.metadata["acled"]["accessed"]`` as ACLED's attribution asks;
        without it the import warns.

    Returns
    -------
    Network
        Named ``"acled"``; ``net.validation`` accounts for every row.

    Raises
    ------
    ValidationError
        If the file is missing or unreadable, lacks ACLED's columns, or has
        rows that cannot be read (ids, dates): every problem at once.
    ArgumentError
        If ``accessed`` is not a date.

    Examples
    --------
    >>> import militnet
    >>> net = militnet.read_acled("tests/data/acled_sample.csv", accessed="2025-01-15")
    >>> net.events.loc["acled-AFG10001", ["date", "kind"]].tolist()
    ['2021-01-12', 'clash']
    >>> net.metadata["acled"]["accessed"]
    '2025-01-15'
    """
    p = Path(path)
    if accessed is not None:
        try:
            accessed = str(PartialDate.parse(accessed))
        except DateError as exc:
            raise ArgumentError(f"accessed={accessed!r}: {exc}") from None
    log = ImportLog(str(p), "acled")
    df = read_frame(p, log, required=REQUIRED, wanted=WANTED, what="ACLED")
    import pandas as pd

    ids = column(df, "event_id_cnty")
    log.cells("error", ids == "", "event_id_cnty", ids, "empty event id")
    date_raw = column(df, "event_date")
    day, bad_day = days(date_raw, long_form=True)
    log.cells(
        "error",
        bad_day | (date_raw == ""),
        "event_date",
        date_raw,
        "not a day (YYYY-MM-DD or '12 January 2021')",
    )
    tp_raw = column(df, "time_precision")
    tp, tp_ok, _ = integers(tp_raw)
    bad_tp = (tp_raw != "") & (~tp_ok | ~np.isin(tp, (1, 2, 3)))
    log.cells("error", bad_tp, "time_precision", tp_raw, "expected 1, 2 or 3")
    log.fail(f"cannot read ACLED file {p}")
    tp = np.where(tp_ok, tp, 1)
    date = np.where(tp == 3, pd.Series(day, dtype=object).str.slice(0, 7), day).astype(object)

    dup = pd.Series(ids, dtype=object).duplicated(keep="first").to_numpy()
    for i in np.flatnonzero(dup).tolist():
        log.add(
            "info", i + 2, "event_id_cnty", ids[i], "event id repeated: merged into its first row"
        )
    log.merged = int(dup.sum())

    etype = column(df, "event_type")
    sub = column(df, "sub_event_type")
    et = pd.Series(etype, dtype=object).str.casefold()
    kind = et.map(EVENT_KINDS).fillna("").to_numpy(dtype=object)
    strat = pd.Series(sub, dtype=object).str.casefold().map(STRATEGIC_KINDS)
    kind = np.where(
        (kind == "statement") & strat.notna().to_numpy(),
        strat.fillna("").to_numpy(dtype=object),
        kind,
    ).astype(object)
    protest = ~dup & et.isin(SKIPPED_TYPES).to_numpy(dtype=bool)
    log.skip(protest, "protests and riots are not imported", "event_type", etype)
    unknown_type = ~dup & ~protest & (kind == "")
    log.skip(unknown_type, "unknown ACLED event_type", "event_type", etype)
    candidate = ~dup & ~protest & ~unknown_type

    # actors, side by side
    inter = {
        1: _inter(column(df, "inter1"), "inter1", log),
        2: _inter(column(df, "inter2"), "inter2", log),
    }
    battle = kind == "clash"
    signing = kind == "meeting"
    directed = (kind == "attack") | (kind == "arrest")
    rec_pos: list[int] = []
    rec_name: list[str] = []
    rec_role: list[str] = []
    rec_inter: list[int] = []
    others = np.full(len(ids), "", dtype=object)
    unidentified = np.zeros(len(ids), dtype=bool)
    actor = {1: column(df, "actor1"), 2: column(df, "actor2")}
    assoc = {1: column(df, "assoc_actor_1"), 2: column(df, "assoc_actor_2")}
    for i in np.flatnonzero(candidate).tolist():
        seen: set[tuple[str, str]] = set()
        row_notes: list[str] = []
        for side in (1, 2):
            if battle[i]:
                role = "participant"
            elif signing[i]:
                role = "signatory"
            elif directed[i]:
                role = "perpetrator" if side == 1 else "target"
            else:
                role = "participant"
            code = int(inter[side][i])
            names = [actor[side][i]] + [a.strip() for a in assoc[side][i].split(";")]
            for k, name in enumerate(n for n in names if n):
                label = f"actor{side}" if k == 0 and actor[side][i] else f"assoc_actor_{side}"
                if _unidentified(name):
                    unidentified[i] = True
                    row_notes.append(f"{label}: {name} (unidentified: not a group)")
                elif code in GROUP_INTER:
                    if (name, role) not in seen:
                        seen.add((name, role))
                        rec_pos.append(i)
                        rec_name.append(name)
                        rec_role.append(role)
                        rec_inter.append(code)
                else:
                    what = INTER.get(code, "actor type unknown")
                    row_notes.append(f"{label} ({what}): {name}")
        others[i] = "; ".join(row_notes)
    pos = np.array(rec_pos, dtype=np.int64)
    has = np.zeros(len(ids), dtype=bool)
    has[pos] = True
    log.skip(
        candidate & ~has,
        "no armed non-state group among its actors (state forces, civilians, protesters, "
        "rioters or unidentified only)",
        "actor1",
        actor[1],
    )
    keep = candidate & has
    log.imported = int(keep.sum())

    ev_ids = ("acled-" + ids.astype(object)).astype(object)
    names_arr = np.array(rec_name, dtype=object)
    gids = slug_ids(rec_name, log)
    a_groups = np.array([gids[n] for n in rec_name], dtype=object)
    a_events = ev_ids[pos] if len(pos) else np.zeros(0, dtype=object)
    gp, gp_ok, _ = integers(column(df, "geo_precision"))
    use = ~gp_ok | np.isin(gp, KEEP_GEO_PRECISION)
    lat, lon = coordinates(column(df, "latitude"), column(df, "longitude"), keep & use, keep, log)
    notes = join_notes(
        labelled(tp == 2, "date precision (time_precision 2): within a week of this day"),
        labelled((kind == "statement") & (sub != ""), "ACLED sub-event: " + sub.astype(object)),
        others,
    )
    src = column(df, "source")
    scale = column(df, "source_scale")
    at = np.flatnonzero(keep & (src != ""))
    sources = {
        "id": [ACLED_SOURCE["id"], *[f"acled:{i}" for i in ids[at].tolist()]],
        "title": [ACLED_SOURCE["title"], *[f"ACLED event {i}" for i in ids[at].tolist()]],
        "publisher": [ACLED_SOURCE["publisher"], *src[at].tolist()],
        "url": [ACLED_SOURCE["url"], *[""] * len(at)],
        "notes": [
            ACLED_SOURCE["notes"],
            *[f"source scale: {s}" if s else "" for s in scale[at].tolist()],
        ],
        "kind": [ACLED_SOURCE["kind"], *[""] * len(at)],
    }
    ev_sources = np.where(src != "", "acled;acled:" + ids.astype(object), "acled").astype(object)
    at = np.flatnonzero(keep)
    events: dict[str, Any] = {
        "id": ev_ids[at],
        "date": date[at],
        "end": np.full(len(at), "", dtype=object),
        "kind": kind[at],
        "country": column(df, "country")[at],
        "admin1": column(df, "admin1")[at],
        "admin2": column(df, "admin2")[at],
        "place": column(df, "location")[at],
        "latitude": lat[at],
        "longitude": lon[at],
        "fatalities": fatalities(column(df, "fatalities"), "fatalities", keep, log)[at],
        "summary": column(df, "notes")[at],
        "sources": ev_sources[at],
        "notes": notes[at],
        "admin3": column(df, "admin3")[at],
        "acled_time_precision": tp_raw[at],
        "acled_geo_precision": column(df, "geo_precision")[at],
    }
    countries = group_countries(a_groups, a_events, ev_ids[at], events["country"])
    codes: dict[str, set[int]] = {}
    for n, c in zip(rec_name, rec_inter, strict=True):
        codes.setdefault(n, set()).add(c)
    names = sorted(gids, key=lambda n: gids[n])
    groups = {
        "id": [gids[n] for n in names],
        "name": names,
        "sources": [ACLED_SOURCE["id"]] * len(names),
        "acled_name": names,
        "acled_inter": [";".join(str(c) for c in sorted(codes[n])) for n in names],
        "event_countries": [countries.get(gids[n], "") for n in names],
    }
    actors = {
        "event": a_events,
        "group": a_groups,
        "role": np.array(rec_role, dtype=object),
        "confidence": np.full(len(names_arr), "reported", dtype=object),
        "notes": np.full(len(names_arr), "", dtype=object),
    }
    if accessed is None:
        log.add(
            "warning",
            None,
            None,
            None,
            "no access date: ACLED's attribution states when the data were downloaded "
            "(ACLED revises and deletes events); pass accessed='YYYY-MM-DD'",
        )
    meta: dict[str, Any] = {
        "name": "acled",
        "title": f"Import of an ACLED export ({p.name})",
        "sources": [{"title": ACLED_SOURCE["title"], "path": ACLED_SOURCE["url"]}],
        "licence": LICENCE,
        "acled": {
            "file": str(p),
            "accessed": accessed
            or "unknown: ACLED's terms ask for the access date (read_acled(..., accessed=))",
        },
    }
    return build_network(
        log, groups=groups, events=events, actors=actors, sources=sources, metadata=meta
    )
