"""Import UCDP's Georeferenced Event Dataset (GED) CSV.

UCDP data are licensed CC BY 4.0: redistribution is allowed with attribution
(Sundberg & Melander 2013; Davies et al., the yearly "Organized violence"
article). What each column becomes is documented in :func:`read_ucdp_ged`
and ``docs/events.md``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from militnet._readwrite.event_import import (
    ImportLog,
    build_network,
    column,
    coordinates,
    days,
    fatalities,
    first_spelling,
    group_countries,
    integers,
    join_notes,
    labelled,
    read_frame,
    slug_ids,
)

if TYPE_CHECKING:
    from militnet._classes.network import Network

__all__ = ["GED_SOURCE", "read_ucdp_ged"]

GED_SOURCE = {
    "id": "ucdp-ged",
    "title": "UCDP Georeferenced Event Dataset (GED)",
    "publisher": "Uppsala Conflict Data Program, Uppsala University",
    "date": "",
    "url": "https://ucdp.uu.se/downloads/",
    "document": "",
    "notes": "Events read with militnet.read_ucdp_ged. Licence CC BY 4.0: cite Sundberg, "
    "Ralph and Erik Melander (2013), 'Introducing the UCDP Georeferenced Event Dataset', "
    "Journal of Peace Research 50(4), and the GED version used.",
    "kind": "research",
}

LICENCE = (
    "CC BY 4.0 (Uppsala Conflict Data Program): cite Sundberg & Melander (2013), "
    "Journal of Peace Research 50(4), and the GED version"
)

#: ``type_of_violence`` codes.
VIOLENCE = {1: "state-based", 2: "non-state", 3: "one-sided"}

#: ``where_prec`` codes whose coordinates are kept: the exact place (1), a place
#: within about 25 km (2), a second-order administrative unit (3). Coarser
#: precision (a province, a border line, a country, waters) is not the event's
#: position.
KEEP_WHERE_PREC = (1, 2, 3)

#: ``date_prec`` and what it means.
DATE_PREC = {
    1: "exact day",
    2: "within 2-6 days",
    3: "within a week",
    4: "within a month",
    5: "within a year or more",
}

REQUIRED = ("id", "type_of_violence", "side_a", "side_b", "date_start")
WANTED = (
    *REQUIRED,
    "side_a_new_id",
    "side_b_new_id",
    "dyad_name",
    "conflict_name",
    "date_end",
    "date_prec",
    "where_prec",
    "where_coordinates",
    "adm_1",
    "adm_2",
    "latitude",
    "longitude",
    "country",
    "best",
    "low",
    "high",
    "source_article",
    "source_office",
    "source_headline",
    "event_clarity",
)

_NOT_GROUPS = ("civilians",)


def _is_state(names: np.ndarray) -> np.ndarray:
    import pandas as pd

    return pd.Series(names, dtype=object).str.startswith("Government of").to_numpy(dtype=bool)


def _event_dates(
    start: np.ndarray, end: np.ndarray, prec: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """``date`` and ``end`` at ``date_prec``: days for 1-3 (the window's first and
    last day), the month for 4, the year for 5; ``end`` empty when the same."""
    import pandas as pd

    s_month = pd.Series(start, dtype=object).str.slice(0, 7).to_numpy(dtype=object)
    e_month = pd.Series(end, dtype=object).str.slice(0, 7).to_numpy(dtype=object)
    s_year = pd.Series(start, dtype=object).str.slice(0, 4).to_numpy(dtype=object)
    e_year = pd.Series(end, dtype=object).str.slice(0, 4).to_numpy(dtype=object)
    date = np.where(prec == 5, s_year, np.where(prec == 4, s_month, start))
    last = np.where(prec == 5, e_year, np.where(prec == 4, e_month, end))
    last = np.where((end == "") | (last == date), "", last)
    return date.astype(object), last.astype(object)


def read_ucdp_ged(path: str | Path, *, include_state: bool = False) -> Network:
    """Read a UCDP GED CSV as a :class:`Network` of non-state clashes.

    Every non-state event (``type_of_violence`` 2: two organised armed groups,
    neither a government) becomes a ``clash`` event ``ged-<id>`` with both
    sides ``participant`` (confidence ``reported``); every side a group. No
    relation is invented: combined with a curated dataset through a
    crosswalk, the clashes are evidence of rivalry to cite.

    What each GED column becomes:

    - ``date_start``, ``date_end`` (days or timestamps), ``date_prec``: for
      ``date_prec`` 1-3 (exact, within 2-6 days, within a week) the ``date``
      is ``date_start``'s day and ``end`` ``date_end``'s day (the window, when
      different); 4 (within a month): the months; 5 (within a year or more):
      the years; ``date_prec`` kept as ``ged_date_prec``.
    - ``country``, ``adm_1``, ``adm_2``, ``where_coordinates``: ``country``,
      ``admin1``, ``admin2``, ``place``; ``latitude``/``longitude`` kept when
      ``where_prec`` is 1-3 (the place, within 25 km, or a district: coarser
      positions are not the event's); ``where_prec`` kept as
      ``ged_where_prec``.
    - ``best``: ``fatalities``; ``low``/``high``, ``dyad_name`` and
      ``event_clarity`` in the notes.
    - ``source_article``: a source ``ged:<id>`` (``source_office`` as its
      publisher), cited with the GED itself (source ``ucdp-ged``).
    - ``side_a``/``side_b`` with ``side_a_new_id``/``side_b_new_id``: groups
      with ids slugged from the name (collisions get ``-2``...), ``name`` and
      ``ucdp_name`` UCDP's spelling (other spellings of the same UCDP id as
      aliases), ``ucdp_id`` the side id, ``event_countries`` the countries of
      its events.

    Parameters
    ----------
    path : path
        The GED CSV (UTF-8; Windows-1252/Latin-1 detected and reported);
        columns in any order, others ignored.
    include_state : bool
        Also import state-based (1) events as clashes and one-sided (3)
        events as attacks, governments ("Government of ...") becoming groups
        (the "Civilians" side never is). Default: such rows are skipped and
        reported.

    Returns
    -------
    Network
        Named ``"ucdp-ged"``. ``net.validation`` accounts for every row;
        ``net.metadata["ucdp-ged"]`` counts them.

    Raises
    ------
    ValidationError
        If the file is missing or unreadable, lacks GED's columns, or has rows
        that cannot be read (ids, violence types, days): every problem at once.

    Examples
    --------
    >>> import militnet
    >>> net = militnet.read_ucdp_ged("tests/data/ged_sample.csv")
    >>> net.groups[["name", "ucdp_id"]].sort_index()
                name ucdp_id
    id
    is            IS     234
    taleban  Taleban     303
    >>> net.events.loc["ged-900003", ["date", "end", "kind"]].tolist()
    ['2015-11', '', 'clash']
    """
    p = Path(path)
    log = ImportLog(str(p), "ucdp-ged")
    df = read_frame(p, log, required=REQUIRED, wanted=WANTED, what="UCDP GED")
    raw_id = column(df, "id")
    num, ok, bad = integers(raw_id)
    bad |= raw_id == ""
    log.cells("error", bad, "id", raw_id, "not a GED event id (a whole number)")
    ids = np.where(ok, [str(v) for v in num.tolist()], raw_id).astype(object)
    tv_raw = column(df, "type_of_violence")
    tv, tv_ok, _ = integers(tv_raw)
    bad_tv = ~tv_ok | ~np.isin(tv, (1, 2, 3))
    log.cells("error", bad_tv, "type_of_violence", tv_raw, "expected 1, 2 or 3")
    start_raw, end_raw = column(df, "date_start"), column(df, "date_end")
    start, bad_s = days(start_raw)
    end, bad_e = days(end_raw)
    log.cells("error", bad_s | (start_raw == ""), "date_start", start_raw, "not a day (YYYY-MM-DD)")
    log.cells("error", bad_e, "date_end", end_raw, "not a day (YYYY-MM-DD)")
    early = (start != "") & (end != "") & (end < start)
    log.cells("error", early, "date_end", end_raw, "date_end before date_start")
    prec_raw = column(df, "date_prec")
    prec, prec_ok, _ = integers(prec_raw)
    bad_prec = (prec_raw != "") & (~prec_ok | ~np.isin(prec, tuple(DATE_PREC)))
    log.cells("error", bad_prec, "date_prec", prec_raw, "expected 1 to 5")
    log.fail(f"cannot read UCDP GED file {p}")
    prec = np.where(prec_ok, prec, 1)

    import pandas as pd

    dup = pd.Series(ids, dtype=object).duplicated(keep="first").to_numpy()
    for i in np.flatnonzero(dup).tolist():
        log.add("info", i + 2, "id", ids[i], "GED id repeated: merged into its first row")
    log.merged = int(dup.sum())
    state_based = ~dup & (tv != 2)
    if not include_state:
        for code in (1, 3):
            log.skip(
                state_based & (tv == code),
                f"{VIOLENCE[code]} violence (type_of_violence {code}; "
                "include_state=True imports it)",
                "type_of_violence",
                tv_raw,
            )
    keep = ~dup & ((tv == 2) | include_state)
    side_a, side_b = column(df, "side_a"), column(df, "side_b")
    a_is = (side_a != "") & (include_state | ~_is_state(side_a))
    b_is = (side_b != "") & (include_state | ~_is_state(side_b))
    b_is &= ~pd.Series(side_b, dtype=object).str.casefold().isin(_NOT_GROUPS).to_numpy(dtype=bool)
    no_actor = keep & ~a_is & ~b_is
    log.skip(no_actor, "no armed group named", "side_a", side_a)
    keep &= ~no_actor
    log.imported = int(keep.sum())

    kind = np.where(tv == 3, "attack", "clash").astype(object)
    role_a = np.where(tv == 3, "perpetrator", "participant").astype(object)
    ev_ids = ("ged-" + ids.astype(object)).astype(object)
    parts = []
    for side, mask, role, id_col, rank in (
        (side_a, keep & a_is, role_a, "side_a_new_id", 0),
        (side_b, keep & b_is, np.full(len(ids), "participant", dtype=object), "side_b_new_id", 1),
    ):
        at = np.flatnonzero(mask)
        parts.append((at, side[at], role[at], column(df, id_col)[at], np.full(len(at), rank)))
    pos = np.concatenate([x[0] for x in parts])
    names = np.concatenate([x[1] for x in parts])
    roles = np.concatenate([x[2] for x in parts])
    ucdp = np.concatenate([x[3] for x in parts])
    order = np.lexsort((np.concatenate([x[4] for x in parts]), pos))
    pos, names, roles, ucdp = pos[order], names[order], roles[order], ucdp[order]

    # groups: one per UCDP side id (its most used spelling), or per name without an id
    key = np.where(ucdp != "", "id:" + ucdp.astype(object), "name:" + names.astype(object))
    spelled = first_spelling(key, names)
    gids = slug_ids([spelled[k][0] for k in spelled], log)
    by_key = {k: gids[spelled[k][0]] for k in spelled}
    a_groups = np.array([by_key[k] for k in key.tolist()], dtype=object)
    a_events = ev_ids[pos]

    date, last = _event_dates(start, end, prec)
    wp, wp_ok, _ = integers(column(df, "where_prec"))
    use = ~wp_ok | np.isin(wp, KEEP_WHERE_PREC)
    lat, lon = coordinates(column(df, "latitude"), column(df, "longitude"), keep & use, keep, log)
    low, high = column(df, "low"), column(df, "high")
    clarity = integers(column(df, "event_clarity"))[0]
    prec_note = pd.Series(prec).map(DATE_PREC).fillna("").to_numpy(dtype=object)
    notes = join_notes(
        labelled(column(df, "dyad_name") != "", "dyad: " + column(df, "dyad_name").astype(object)),
        labelled(prec > 1, "date precision (date_prec): " + prec_note.astype(object)),
        labelled(
            (low != "") | (high != ""),
            "deaths low " + low.astype(object) + ", high " + high.astype(object),
        ),
        labelled(clarity == 2, "low clarity (event_clarity 2: an aggregate of reports)"),
        labelled(
            tv != 2,
            "type_of_violence: " + pd.Series(tv).map(VIOLENCE).fillna("").to_numpy(dtype=object),
        ),
    )
    article = column(df, "source_article")
    has_src = keep & (article != "")
    at = np.flatnonzero(has_src)
    sources: dict[str, list[str]] = {
        "id": [GED_SOURCE["id"], *[f"ged:{i}" for i in ids[at].tolist()]],
        "title": [GED_SOURCE["title"], *article[at].tolist()],
        "publisher": [GED_SOURCE["publisher"], *column(df, "source_office")[at].tolist()],
        "url": [GED_SOURCE["url"], *[""] * len(at)],
        "notes": [GED_SOURCE["notes"], *[f"source of GED event {i}" for i in ids[at].tolist()]],
        "kind": [GED_SOURCE["kind"], *[""] * len(at)],
    }
    ev_sources = np.where(has_src, "ucdp-ged;ged:" + ids.astype(object), "ucdp-ged").astype(object)
    at = np.flatnonzero(keep)
    events = {
        "id": ev_ids[at],
        "date": date[at],
        "end": last[at],
        "kind": kind[at],
        "country": column(df, "country")[at],
        "admin1": column(df, "adm_1")[at],
        "admin2": column(df, "adm_2")[at],
        "place": column(df, "where_coordinates")[at],
        "latitude": lat[at],
        "longitude": lon[at],
        "fatalities": fatalities(column(df, "best"), "best", keep, log)[at],
        "summary": np.full(len(at), "", dtype=object),
        "sources": ev_sources[at],
        "notes": notes[at],
        "ged_date_prec": column(df, "date_prec")[at],
        "ged_where_prec": column(df, "where_prec")[at],
    }
    countries = group_countries(a_groups, a_events, events["id"], events["country"])
    rows = sorted(spelled, key=lambda k: by_key[k])
    groups = {
        "id": [by_key[k] for k in rows],
        "name": [spelled[k][0] for k in rows],
        "aliases": [";".join(spelled[k][1]) for k in rows],
        "sources": [GED_SOURCE["id"]] * len(rows),
        "ucdp_name": [spelled[k][0] for k in rows],
        "ucdp_id": [k[3:] if k.startswith("id:") else "" for k in rows],
        "event_countries": [countries.get(by_key[k], "") for k in rows],
    }
    actors = {
        "event": a_events,
        "group": a_groups,
        "role": roles,
        "confidence": np.full(len(a_events), "reported", dtype=object),
        "notes": np.full(len(a_events), "", dtype=object),
    }
    meta: dict[str, Any] = {
        "name": "ucdp-ged",
        "title": f"Import of a UCDP Georeferenced Event Dataset file ({p.name})",
        "sources": [{"title": GED_SOURCE["title"], "path": GED_SOURCE["url"]}],
        "licence": LICENCE,
        "ucdp-ged": {"file": str(p), "include_state": include_state},
    }
    return build_network(
        log, groups=groups, events=events, actors=actors, sources=sources, metadata=meta
    )
