"""Import START's Global Terrorism Database (GTD): CSV or Excel, as distributed.

GTD's End User Agreement forbids redistributing its data: militnet ships none,
only this reader and fixtures written by hand in GTD's column layout. What
each column becomes is documented in :func:`read_gtd` and ``docs/events.md``.
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
    group_countries,
    integers,
    join_notes,
    labelled,
    partial_dates,
    read_frame,
    slug_ids,
)

if TYPE_CHECKING:
    from militnet._classes.network import Network

__all__ = ["GTD_SOURCE", "read_gtd"]

GTD_SOURCE = {
    "id": "gtd",
    "title": "Global Terrorism Database",
    "publisher": "National Consortium for the Study of Terrorism and Responses to "
    "Terrorism (START), University of Maryland",
    "date": "",
    "url": "https://www.start.umd.edu/gtd",
    "document": "",
    "notes": "Incidents read with militnet.read_gtd. GTD's End User Agreement forbids "
    "redistributing the data: share the import only as its terms allow.",
    "kind": "research",
}

LICENCE = (
    "GTD End User Agreement (START, University of Maryland): no public posting or "
    "redistribution of the data; cite the GTD"
)

#: GTD's target type of armed non-state groups.
MILITIA_TARGET = 17

#: ``claimmode`` codes (GTD codebook).
CLAIM_MODES = {
    1: "letter",
    2: "call (before the attack)",
    3: "call (after the attack)",
    4: "e-mail",
    5: "note left at the scene",
    6: "video",
    7: "posted to a website, blog or social media",
    8: "personal claim",
    9: "other",
    10: "unknown",
}

#: Specificity codes whose coordinates are kept: the place itself (1), or the
#: centroid of the smallest administrative unit named (2, 3). Province centroids
#: (4) and unknown places (5) are not positions of the event.
KEEP_SPECIFICITY = (1, 2, 3)

_PERP = (
    # name, subname, uncertain, claimed, claim mode, claim mode text
    ("gname", "gsubname", "guncertain1", "claimed", "claimmode", "claimmode_txt"),
    ("gname2", "gsubname2", "guncertain2", "claim2", "claimmode2", "claimmode2_txt"),
    ("gname3", "gsubname3", "guncertain3", "claim3", "claimmode3", "claimmode3_txt"),
)
REQUIRED = ("eventid", "iyear", "imonth", "iday", "gname")
WANTED = (
    *REQUIRED,
    "approxdate",
    "extended",
    "resolution",
    "country_txt",
    "provstate",
    "city",
    "latitude",
    "longitude",
    "specificity",
    "summary",
    "nkill",
    "compclaim",
    "related",
    "scite1",
    "scite2",
    "scite3",
    *(c for k in (1, 2, 3) for c in (f"targtype{k}", f"corp{k}", f"target{k}")),
    *(c for cols in _PERP for c in cols),
)
_ROLE_ORDER = {"perpetrator": 0, "claimant": 1, "target": 2}


def _eventids(df: Any, log: ImportLog) -> np.ndarray:
    raw = column(df, "eventid")
    n, ok, bad = integers(raw)
    bad = bad | (raw == "") | (ok & (n <= 0))
    log.cells("error", bad, "eventid", raw, "not a GTD event id (a positive whole number)")
    return np.where(ok, [str(v) for v in n.tolist()], raw).astype(object)


def _dates(df: Any, log: ImportLog) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Event dates (partial), first days (datetime64) and day-without-month notes."""
    y_raw, m_raw, d_raw = column(df, "iyear"), column(df, "imonth"), column(df, "iday")
    y, y_ok, _ = integers(y_raw)
    m, m_ok, _ = integers(m_raw)
    d, d_ok, _ = integers(d_raw)
    bad_y = ~y_ok | (y < 1) | (y > 9999)
    bad_m = ~m_ok | (m < 0) | (m > 12)
    bad_d = ~d_ok | (d < 0) | (d > 31)
    log.cells("error", bad_y, "iyear", y_raw, "malformed year (expected 1..9999)")
    log.cells("error", bad_m, "imonth", m_raw, "malformed month (expected 0 = unknown, 1..12)")
    log.cells("error", bad_d, "iday", d_raw, "malformed day (expected 0 = unknown, 1..31)")
    stray = (m == 0) & (d > 0)
    d = np.where(stray | bad_d, 0, d)
    m = np.where(bad_m, 0, m)
    y = np.where(bad_y, 1, y)
    dates, impossible = partial_dates(y, m, d)
    impossible &= ~(bad_y | bad_m | bad_d)
    log.cells("error", impossible, "iday", d_raw, "no such day in that month")
    import pandas as pd

    first = pd.to_datetime(
        pd.DataFrame(
            {"year": y, "month": np.maximum(m, 1), "day": np.where(impossible, 1, np.maximum(d, 1))}
        ),
        errors="coerce",
    ).to_numpy()
    note = labelled(stray, "iday given without a month (imonth 0): the year kept, not the day")
    return dates, first, note


def _end(df: Any, first: np.ndarray, log: ImportLog) -> tuple[np.ndarray, np.ndarray]:
    """End days of extended incidents (``resolution``) and notes."""
    ext, _, _ = integers(column(df, "extended"))
    res_raw = column(df, "resolution")
    is_ext = ext == 1
    res, bad = days(np.where(is_ext, res_raw, ""), us_form=True)
    log.cells(
        "warning",
        bad,
        "resolution",
        res_raw,
        "resolution is not a day (YYYY-MM-DD or M/D/YYYY): end left empty",
    )
    import pandas as pd

    res_day = pd.to_datetime(
        pd.Series(res, dtype=object).replace("", None), format="%Y-%m-%d"
    ).to_numpy()
    has = res != ""
    before = has & (res_day < first)
    log.cells(
        "warning",
        before,
        "resolution",
        res_raw,
        "resolution before the incident's date: end left empty",
    )
    same = has & (res_day == first)
    end = np.where(has & ~before & ~same, res, "").astype(object)
    note = labelled(
        is_ext & (res == ""), "extended incident (more than 24 hours); resolution date unknown"
    )
    return end, note


def _names(df: Any) -> list[np.ndarray]:
    return [column(df, cols[0]) for cols in _PERP]


def _is_unknown(names: np.ndarray) -> np.ndarray:
    import pandas as pd

    return (pd.Series(names, dtype=object).str.casefold() == "unknown").to_numpy(dtype=bool)


def _actors(
    df: Any, eids: np.ndarray, comp: np.ndarray, log: ImportLog
) -> tuple[dict[str, np.ndarray], np.ndarray, np.ndarray]:
    """Actor rows (row position, name, role, confidence, notes, order) and the
    masks of rows with an Unknown perpetrator and notes on unmatched targets."""
    import pandas as pd

    n = len(eids)
    parts: list[dict[str, np.ndarray]] = []
    unknown_any = np.zeros(n, dtype=bool)
    seen: list[np.ndarray] = []
    for k, (gcol, subcol, unc, claimcol, modecol, modetxt) in enumerate(_PERP):
        name = column(df, gcol)
        unknown = _is_unknown(name)
        unknown_any |= unknown
        present = (name != "") & ~unknown
        repeated = np.zeros(n, dtype=bool)
        for prev in seen:
            repeated |= present & (name == prev)
        if repeated.any():
            log.cells("info", repeated, gcol, name, "group named twice in one incident: once kept")
        present &= ~repeated
        seen.append(name)
        if not present.any():
            continue
        uncertain = integers(column(df, unc))[0] == 1
        claimed = integers(column(df, claimcol))[0] == 1
        mode_code = integers(column(df, modecol))[0]
        mode_txt = column(df, modetxt)
        mode = np.where(
            mode_txt != "",
            mode_txt,
            pd.Series(mode_code).map(CLAIM_MODES).fillna("").to_numpy(dtype=object),
        )
        mode_note = np.where(mode != "", "claim mode: " + mode.astype(object), "").astype(object)
        sub = column(df, subcol)
        sub_note = np.where(sub != "", "GTD subgroup: " + sub.astype(object), "").astype(object)
        disputed = comp & ~claimed
        # perpetrators: every group named, except claimants of an incident with competing claims
        perp = present & ~(comp & claimed)
        perp_conf = np.where(uncertain | disputed, "alleged", "reported")
        perp_notes = join_notes(
            sub_note,
            labelled(uncertain, f"attribution suspected (guncertain{k + 1} = 1)"),
            labelled(disputed, "attribution disputed: competing claims (compclaim)"),
        )
        claim = present & claimed
        claim_notes = join_notes(
            sub_note, mode_note, labelled(comp, "competing claims (compclaim)")
        )
        for mask, role, conf, notes in (
            (perp, "perpetrator", perp_conf, perp_notes),
            (claim, "claimant", np.full(n, "reported", dtype=object), claim_notes),
        ):
            at = np.flatnonzero(mask)
            if len(at):
                parts.append(
                    {
                        "pos": at,
                        "name": name[at],
                        "role": np.full(len(at), role, dtype=object),
                        "confidence": np.asarray(conf, dtype=object)[at],
                        "notes": np.asarray(notes, dtype=object)[at],
                        "order": np.full(len(at), _ROLE_ORDER[role] * 10 + k),
                    }
                )
    # targets: an armed non-state group named exactly as a perpetrator of the file
    known = {v.casefold(): v for p in parts for v in set(p["name"].tolist())}
    target_notes = np.full(n, "", dtype=object)
    for k in (1, 2, 3):
        tt = integers(column(df, f"targtype{k}"))[0] == MILITIA_TARGET
        if not tt.any():
            continue
        corp, target = column(df, f"corp{k}"), column(df, f"target{k}")
        pos_l, name_l = [], []
        for i in np.flatnonzero(tt).tolist():
            hit = known.get(corp[i].casefold()) or known.get(target[i].casefold())
            if hit is not None:
                pos_l.append(i)
                name_l.append(hit)
            else:
                text = " / ".join(t for t in (corp[i], target[i]) if t)
                if text:
                    msg = (
                        f"target {k} (Terrorists/Non-State Militia): {text!r} "
                        "is not a GTD group name"
                    )
                    target_notes[i] = f"{target_notes[i]}; {msg}" if target_notes[i] else msg
        if pos_l:
            at = np.array(pos_l, dtype=np.int64)
            parts.append(
                {
                    "pos": at,
                    "name": np.array(name_l, dtype=object),
                    "role": np.full(len(at), "target", dtype=object),
                    "confidence": np.full(len(at), "reported", dtype=object),
                    "notes": np.full(
                        len(at), f"targtype{k} = 17 (Terrorists/Non-State Militia)", dtype=object
                    ),
                    "order": np.full(len(at), _ROLE_ORDER["target"] * 10 + k),
                }
            )
    if not parts:
        empty = np.zeros(0, dtype=object)
        return (
            {
                "pos": np.zeros(0, dtype=np.int64),
                "name": empty,
                "role": empty,
                "confidence": empty,
                "notes": empty,
            },
            unknown_any,
            target_notes,
        )
    cat = {key: np.concatenate([p[key] for p in parts]) for key in parts[0]}
    order = np.lexsort((cat["order"], cat["pos"]))
    out = {key: cat[key][order] for key in ("pos", "name", "role", "confidence", "notes")}
    return out, unknown_any, target_notes


def _duplicates(df: Any, eids: np.ndarray, log: ImportLog) -> np.ndarray:
    """Rows repeating an earlier row's eventid (merged into it, reported)."""
    import pandas as pd

    dup = pd.Series(eids, dtype=object).duplicated(keep="first").to_numpy()
    if not dup.any():
        return dup
    first: dict[str, int] = {}
    for i, e in enumerate(eids.tolist()):
        first.setdefault(e, i)
    cols = list(df.columns)
    for i in np.flatnonzero(dup).tolist():
        j = first[eids[i]]
        same = all(df[c].iat[i] == df[c].iat[j] for c in cols)
        if same:
            log.add(
                "info", i + 2, "eventid", eids[i], f"exact duplicate of row {j + 2}: merged into it"
            )
        else:
            log.add(
                "warning",
                i + 2,
                "eventid",
                eids[i],
                f"eventid repeated (first at row {j + 2}) with other values: the first kept",
            )
    log.merged = int(dup.sum())
    return dup


def _sources(
    df: Any, eids: np.ndarray, keep: np.ndarray
) -> tuple[dict[str, list[str]], np.ndarray]:
    """Source rows (the GTD itself, then one per distinct citation of an incident,
    ``gtd:<eventid>:<k>`` for ``scite<k>``) and each incident's source ids."""
    ids: list[str] = [GTD_SOURCE["id"]]
    titles: list[str] = [GTD_SOURCE["title"]]
    notes: list[str] = [GTD_SOURCE["notes"]]
    pubs: list[str] = [GTD_SOURCE["publisher"]]
    urls: list[str] = [GTD_SOURCE["url"]]
    kinds: list[str] = [GTD_SOURCE["kind"]]
    cites = [column(df, f"scite{k}") for k in (1, 2, 3)]
    per_event = np.full(len(eids), GTD_SOURCE["id"], dtype=object)
    for k, c in enumerate(cites, start=1):
        new = keep & (c != "")
        for prev in cites[: k - 1]:
            new &= c != prev
        at = np.flatnonzero(new)
        if not len(at):
            continue
        sid = np.array([f"gtd:{e}:{k}" for e in eids[at].tolist()], dtype=object)
        per_event[at] = per_event[at] + ";" + sid
        ids += sid.tolist()
        titles += c[at].tolist()
        notes += [f"cited by GTD incident {e} (scite{k})" for e in eids[at].tolist()]
        pubs += [""] * len(at)
        urls += [""] * len(at)
        kinds += [""] * len(at)
    rows = {
        "id": ids,
        "title": titles,
        "publisher": pubs,
        "url": urls,
        "notes": notes,
        "kind": kinds,
    }
    return rows, per_event


def read_gtd(
    path: str | Path, *, sheet: str | int | None = None, encoding: str | None = None
) -> Network:
    """Read a Global Terrorism Database file (CSV or Excel) as a :class:`Network`.

    Every incident with a named group becomes an ``attack`` event
    ``gtd-<eventid>``; every distinct perpetrator name a group; no relation is
    invented (the relations table is empty: ties come from reviewing the
    events, e.g. :func:`militnet.candidates_from_events`, or from combining
    with a curated dataset through a crosswalk).

    What each GTD column becomes:

    - ``iyear``, ``imonth``, ``iday`` (0 = unknown): the event ``date`` at its
      precision (``2015``, ``2015-03``, ``2015-03-07``), never the 1st of an
      unknown month; ``approxdate`` kept in the event ``notes``; ``extended`` =
      1 with a ``resolution`` day (``YYYY-MM-DD`` or ``M/D/YYYY``): the
      ``end``.
    - ``country_txt``, ``provstate``, ``city``: ``country``, ``admin1``,
      ``place``; ``latitude``/``longitude`` kept when ``specificity`` is 1-3
      (the place, or the smallest administrative unit named; a province
      centroid (4) or an unknown place (5) is not the event's position),
      ``specificity`` kept as ``gtd_specificity``.
    - ``nkill``: ``fatalities`` (empty or negative: unknown).
    - ``summary``: ``summary``; ``scite1-3``: a source per distinct citation,
      ``gtd:<eventid>:<k>``, cited with the GTD itself (source ``gtd``).
    - ``gname``, ``gname2``, ``gname3``: ``perpetrator`` actors, confidence
      ``alleged`` when ``guncertain1-3`` is 1, else ``reported``;
      ``gsubname`` in the actor's notes. ``"Unknown"`` is no group: the actor
      is skipped, and the incident too if it names no other group (reported).
    - ``claimed``, ``claim2``, ``claim3`` = 1: the group is also a
      ``claimant`` (``claimmode`` in the notes).
    - ``compclaim`` = 1 (groups claimed it separately): noted on the event and
      the actors ("competing claims (compclaim)"); the groups that claimed
      it are claimants only, not co-perpetrators, and a group named but not
      claiming is an ``alleged`` perpetrator, so that
      :func:`militnet.candidates_from_events` reads rivalry, not cooperation.
    - ``targtype1-3`` = 17 (Terrorists/Non-State Militia): the target becomes a
      ``target`` actor only when ``corp`` or ``target`` is exactly (ignoring
      case) a group name of the file's perpetrators; other text is kept in
      the event's notes, never guessed into a group.
    - Groups: ``id`` a slug of the name (collisions get ``-2``...), ``name``
      and ``gtd_name`` the GTD spelling, ``event_countries`` the countries
      of its incidents (most first), no founding or end date (GTD gives
      none).

    Parameters
    ----------
    path : path
        A ``.csv`` file (UTF-8, or Windows-1252/Latin-1 as GTD's public CSV
        often is: detected and reported) or an ``.xlsx`` workbook (needs
        openpyxl: ``pip install 'militnet[import]'``). Columns may come in
        any order; those not listed above are ignored.
    sheet : str or int, optional
        The workbook sheet (default the first).
    encoding : str, optional
        The CSV encoding, to override detection.

    Returns
    -------
    Network
        Named ``"gtd"``. ``net.validation`` accounts for every row (``info``:
        imported, skipped with its reason, merged as a duplicate eventid) and
        lists cells left empty (``warning``); ``net.metadata["gtd"]`` counts
        them.

    Raises
    ------
    ValidationError
        If the file is missing or unreadable, lacks GTD's columns, or has rows
        that cannot be read (malformed ids or dates): every problem at once,
        with file, row, column and value.
    MissingDependencyError
        For an Excel file when openpyxl is not installed.

    Examples
    --------
    >>> import militnet
    >>> net = militnet.read_gtd("tests/data/gtd_sample.csv")
    >>> net.groups.loc["tehrik-i-taliban-pakistan-ttp", ["name", "gtd_name"]].tolist()
    ['Tehrik-i-Taliban Pakistan (TTP)', 'Tehrik-i-Taliban Pakistan (TTP)']
    >>> net.events.loc["gtd-201500000001", ["date", "kind", "country"]].tolist()
    ['2015', 'attack', 'Pakistan']
    >>> len(net.relations)
    0
    """
    p = Path(path)
    log = ImportLog(str(p), "gtd")
    df = read_frame(
        p, log, required=REQUIRED, wanted=WANTED, what="GTD", sheet=sheet, encoding=encoding
    )
    eids = _eventids(df, log)
    dates, first, stray = _dates(df, log)
    end, ext_note = _end(df, first, log)
    log.fail(f"cannot read GTD file {p}")
    dup = _duplicates(df, eids, log)
    comp = integers(column(df, "compclaim"))[0] == 1
    actors, unknown, target_notes = _actors(df, eids, comp & ~dup, log)
    keep_actor = ~dup[actors["pos"]]
    actors = {k: v[keep_actor] for k, v in actors.items()}
    has_actor = np.zeros(len(eids), dtype=bool)
    has_actor[actors["pos"]] = True
    unknown_only = ~dup & ~has_actor & unknown
    log.skip(
        unknown_only, "perpetrator Unknown and no other group named", "gname", column(df, "gname")
    )
    log.skip(~dup & ~has_actor & ~unknown, "no group named", "gname", column(df, "gname"))
    partial_unknown = ~dup & has_actor & unknown
    keep = ~dup & has_actor
    log.imported = int(keep.sum())

    spec, spec_ok, _ = integers(column(df, "specificity"))
    use_coords = ~spec_ok | np.isin(spec, KEEP_SPECIFICITY)
    lat, lon = coordinates(
        column(df, "latitude"), column(df, "longitude"), keep & use_coords, keep, log
    )
    approx = column(df, "approxdate")
    related = column(df, "related")
    notes = join_notes(
        labelled(approx != "", "approxdate: " + approx.astype(object)),
        stray,
        ext_note,
        labelled(comp, "competing claims (compclaim): more than one group claimed it separately"),
        labelled(partial_unknown, "a further perpetrator is Unknown in GTD"),
        target_notes,
        labelled(related != "", "related GTD incidents: " + related.astype(object)),
    )
    source_rows, event_sources = _sources(df, eids, keep)
    event_ids = ("gtd-" + eids.astype(object)).astype(object)
    at = np.flatnonzero(keep)
    events = {
        "id": event_ids[at],
        "date": dates[at],
        "end": end[at],
        "kind": np.full(len(at), "attack", dtype=object),
        "country": column(df, "country_txt")[at],
        "admin1": column(df, "provstate")[at],
        "place": column(df, "city")[at],
        "latitude": lat[at],
        "longitude": lon[at],
        "fatalities": fatalities(column(df, "nkill"), "nkill", keep, log)[at],
        "summary": column(df, "summary")[at],
        "sources": event_sources[at],
        "notes": notes[at],
        "gtd_specificity": column(df, "specificity")[at],
    }
    ids = slug_ids(actors["name"].tolist(), log)
    a_groups = np.array([ids[n] for n in actors["name"].tolist()], dtype=object)
    a_events = event_ids[actors["pos"]]
    countries = group_countries(a_groups, a_events, events["id"], events["country"])
    names = sorted(ids, key=lambda n: ids[n])
    groups = {
        "id": [ids[n] for n in names],
        "name": names,
        "sources": [GTD_SOURCE["id"]] * len(names),
        "gtd_name": names,
        "event_countries": [countries.get(ids[n], "") for n in names],
    }
    event_actors = {
        "event": a_events,
        "group": a_groups,
        "role": actors["role"],
        "confidence": actors["confidence"],
        "notes": actors["notes"],
    }
    meta: dict[str, Any] = {
        "name": "gtd",
        "title": f"Import of a Global Terrorism Database file ({p.name})",
        "sources": [{"title": GTD_SOURCE["title"], "path": GTD_SOURCE["url"]}],
        "licence": LICENCE,
        "gtd": {"file": str(p)},
    }
    return build_network(
        log, groups=groups, events=events, actors=event_actors, sources=source_rows, metadata=meta
    )
