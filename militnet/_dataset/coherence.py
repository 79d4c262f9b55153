"""Checks that relation histories are coherent in time.

Part of validation (:func:`militnet.validate`, :func:`militnet.load`), kept
apart from the per-cell checks of :mod:`militnet._dataset.validate`:

* ``last_attested`` is a partial date no earlier than ``start`` and no later
  than ``end`` (errors);
* an open-ended relation has a ``last_attested`` date (a warning: datasheets
  count them; such ties lapse from their start, or never when undated);
* a relation stays open after one of its groups has ended (warning: it
  should end no later than the group);
* a group that folded into another by a ``merger`` keeps alliances, pledges
  or rivalries of its own after the merger date (warning), unless a later
  ``split`` of that group re-creates it (its ties are then fine again from
  that split on);
* a cooperative relation (alliance, pledge) and a rivalry of the same pair are
  active over an overlapping interval and neither relation's ``notes`` names
  the other's id (warning: say why, e.g. factions, a truce, or sources that
  disagree).

Intervals are those recorded (an open end runs on; an unknown start runs
from the beginning), and an overlap or an order is reported only when it
holds at every day of the partial dates' spans (a definite problem, never a
guess).

The checks run over columns: dates are parsed once per distinct value into
day ordinals (:class:`militnet._core.dates.DateColumn`, once per column and
table), candidate rows are screened with numpy, and messages are written
only for the rows that fail.
(``tests/coherence_reference.py`` keeps the row-by-row version the tests
compare against.)
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import repeat

import numpy as np

from militnet._core.dates import DateColumn, PartialDate
from militnet._core.errors import DateError
from militnet._core.problems import Problem
from militnet._core.table import Table, object_array

__all__ = ["check_histories"]

_TIES = ("alliance", "pledge", "rivalry")
_NEG = -(2**40)
_POS = 2**40
_Add = Callable[..., None]
_SHIFT = 22  # day ordinals (< 2**22 up to year 9999) packed under a group code


def check_histories(tables: dict[str, Table]) -> list[Problem]:
    """Every incoherent history in the tables, as problems (see the module)."""
    rel = tables.get("relations")
    if rel is None:
        return []
    out: list[Problem] = []
    rows = rel.rownums or range(len(rel))
    file, append = rel.file, out.append

    def add(
        i: int, column: str | None, value: str | None, msg: str, severity: str = "warning"
    ) -> None:
        append(Problem(severity, file, rows[i], column, value, msg))  # type: ignore[arg-type]

    cols = {
        c: rel.column_or_empty(c)
        for c in ("id", "source", "target", "type", "start", "end", "notes")
    }
    start, end = rel.dates("start"), rel.dates("end")
    ok = start.ok & end.ok  # malformed start or end: reported by the cell checks
    _attestation(rel, cols, start, end, ok, add)
    types = rel.array("type")
    n = len(types)
    ties = ok & np.fromiter(map(frozenset(_TIES).__contains__, cols["type"]), bool, n)
    _open_after_group_end(tables.get("groups"), rel, cols, end, ties, add)
    lo = np.where(start.known, start.last, _NEG)  # definite interval [lo, hi)
    hi = np.where(end.known, end.first, _POS)
    # group ids as integer codes, the same for source and target
    (src, tgt), _ = rel.codes("source", "target")
    at, column, value, words = _after_mergers(cols, src, tgt, start, end, ok, types, ties, lo, hi)
    out.extend(
        map(
            Problem,
            repeat("warning"),
            repeat(file),
            map(rows.__getitem__, at),
            column,
            value,
            words,
        )
    )
    _contradictions(cols, src, tgt, types, ties, lo, hi, add)
    return out


def _attestation(
    rel: Table,
    cols: dict[str, list[str]],
    start: DateColumn,
    end: DateColumn,
    ok: np.ndarray,
    add: _Add,
) -> None:
    """``last_attested`` parses and lies within the relation; open-ended ones have it (or
    cite events, which attest them)."""
    has = "last_attested" in rel.columns
    raw = rel.column_or_empty("last_attested")
    att = rel.dates("last_attested")
    bad = ok & ~att.ok
    before = ok & att.ok & att.known & start.known & (att.last < start.first)
    after = ok & att.ok & att.known & end.known & (att.first > end.last)
    cites = np.zeros(len(ok), dtype=bool)  # open relations citing events are attested
    if "events" in rel.columns:
        cells = rel.column("events")
        filled = np.flatnonzero(rel.array("events") != "")
        cites[filled] = [bool(cells[i].strip()) for i in filled.tolist()]
    missing = ok & ~att.known & att.ok & ~end.known & ~cites
    flagged = np.flatnonzero(bad | before | after | missing)
    s_text, e_text = cols["start"], cols["end"]
    for i in flagged.tolist():
        a = raw[i]
        if bad[i] and has:
            try:
                PartialDate.parse(a)
            except DateError as exc:
                add(
                    i,
                    "last_attested",
                    a,
                    str(exc).replace(f"malformed date {a!r}: ", "malformed date: "),
                    "error",
                )
            continue
        if before[i]:
            add(i, "last_attested", a, f"last_attested {a} is before start {s_text[i]}", "error")
        if after[i]:
            add(i, "last_attested", a, f"last_attested {a} is after end {e_text[i]}", "error")
        if missing[i]:
            add(
                i,
                "last_attested",
                "",
                "open-ended relation without last_attested or cited events: nothing tells "
                "whether the tie continues or nobody reported its end",
                "warning",
            )


def _open_after_group_end(
    groups: Table | None,
    rel: Table,
    cols: dict[str, list[str]],
    end: DateColumn,
    ties: np.ndarray,
    add: _Add,
) -> None:
    """Open relations of a group that has ended."""
    if groups is None or "ended" not in groups.columns:
        return
    gid, ended = groups.column("id"), groups.column("ended")
    d = groups.dates("ended")
    ends = {gid[j]: ended[j] for j in np.flatnonzero(d.ok & d.known).tolist()}
    if not ends:
        return
    src, tgt = cols["source"], cols["target"]
    (s_code, t_code), ids = rel.codes("source", "target")
    has_end = np.fromiter(map(ends.__contains__, ids), bool, len(ids))  # each id once
    ended_one = has_end[s_code] | has_end[t_code]
    for i in np.flatnonzero(ties & ~end.known & ended_one).tolist():
        for g in (src[i], tgt[i]):
            e = ends.get(g)
            if e:
                add(
                    i,
                    "end",
                    "",
                    f"relation stays open after group {g!r} ended ({e}); "
                    f"it should end no later than the group",
                )


def _ranges(starts: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """The concatenation of ``arange(s, s + c)`` for each start and count."""
    total = int(counts.sum())
    if not total:
        return np.zeros(0, dtype=np.int64)
    offsets = np.cumsum(counts) - counts
    return np.repeat(starts - offsets, counts) + np.arange(total)


def _after_mergers(
    cols: dict[str, list[str]],
    src: np.ndarray,
    tgt: np.ndarray,
    start: DateColumn,
    end: DateColumn,
    ok: np.ndarray,
    types: np.ndarray,
    ties: np.ndarray,
    lo: np.ndarray,
    hi: np.ndarray,
) -> tuple[list[int], list[str], list[str], list[str]]:
    """Ties of a merged group after the merger, until a later split re-creates it,
    as warnings: their row indexes, columns, values and messages."""

    merger = np.flatnonzero(ok & (types == "merger") & start.known)
    if not len(merger):
        return [], [], [], []
    src_s, tgt_s = cols["source"], cols["target"]
    folded = start.last[merger]
    gone = src[merger]
    # the first split of the merged group (as its source) after the merger
    split = np.flatnonzero(ok & (types == "split") & start.known)
    key = np.sort((src[split] << _SHIFT) + start.first[split])
    j = np.searchsorted(key, (gone << _SHIFT) + folded, side="right")
    back = np.full(len(merger), _POS, dtype=np.int64)
    if len(key):
        k = np.minimum(j, len(key) - 1)
        found = (j < len(key)) & ((key[k] >> _SHIFT) == gone)
        back[found] = key[k[found]] - (gone[found] << _SHIFT)
    # every tie of each merged group, in row order (a self-loop counts twice)
    t = np.flatnonzero(ties)
    inc_g = np.concatenate([src[t], tgt[t]])
    inc_r = np.concatenate([t, t])
    order = np.argsort(inc_g * (len(types) + 1) + inc_r)  # by group, then row
    inc_g, inc_r = inc_g[order], inc_r[order]
    a = np.searchsorted(inc_g, gone, side="left")
    b = np.searchsorted(inc_g, gone, side="right")
    pair_m = np.repeat(np.arange(len(merger)), b - a)
    r = inc_r[_ranges(a, b - a)]
    f, bk = folded[pair_m], back[pair_m]
    hit = (hi[r] > f) & (lo[r] < bk) & (lo[r] < hi[r])
    if not hit.any():
        return [], [], [], []
    ids = cols["id"]
    s_text, e_text = cols["start"], cols["end"]

    def message(k: int, rt: str, starts_after: bool) -> str:
        m = int(merger[k])
        g, ms = src_s[m], s_text[m]
        until = "" if back[k] == _POS else " and before it re-emerged by a split"
        if starts_after:
            return (
                f"{rt} of {g!r} starts after {g!r} merged into {tgt_s[m]!r} "
                f"on {ms} (relation {ids[m]}){until}; a merged group keeps no ties "
                f"of its own: code the tie on {tgt_s[m]!r}, or check the dates of "
                f"the tie and of the merger"
            )
        return (
            f"{rt} of {g!r} continues after {g!r} merged into {tgt_s[m]!r} "
            f"on {ms} (relation {ids[m]}){until}; a merged group keeps no ties "
            f"of its own: end it by {ms}"
        )

    ks, rs = pair_m[hit], r[hit]
    # a tie that starts after the merger: its start is wrong (or the merger's);
    # one that started before and goes on: its end
    after = lo[rs] > folded[ks]
    column = np.where(after, "start", "end").tolist()
    value = np.where(after, object_array(s_text)[rs], object_array(e_text)[rs]).tolist()
    # one wording per merger, tie type and case, written once and shared by its rows
    kinds, kind = np.unique(types[rs], return_inverse=True)
    nk = len(kinds)
    code = (ks * nk + kind.reshape(-1)) * 2 + after
    which, at = np.unique(code, return_inverse=True)
    words = object_array(
        [
            message(int(w) // 2 // nk, str(kinds[int(w) // 2 % nk]), bool(int(w) % 2))
            for w in which.tolist()
        ]
    )
    return rs.tolist(), column, value, words[at.reshape(-1)].tolist()


def _names(notes: str, rid: str) -> bool:
    """Whether ``notes`` names the id ``rid`` as a whole word (no word character
    or hyphen right before or after it)."""
    at = notes.find(rid)
    while at >= 0:
        before = notes[at - 1 : at]
        after = notes[at + len(rid) : at + len(rid) + 1]
        if not _joins(before) and not _joins(after):
            return True
        at = notes.find(rid, at + 1)
    return False


def _joins(char: str) -> bool:
    """A character that makes an id part of a longer word (regex ``[\\w-]``)."""
    return char.isalnum() or char in ("_", "-") if char else False


def _contradictions(
    cols: dict[str, list[str]],
    src: np.ndarray,
    tgt: np.ndarray,
    types: np.ndarray,
    ties: np.ndarray,
    lo: np.ndarray,
    hi: np.ndarray,
    add: _Add,
) -> None:
    """Cooperation and rivalry of the same pair at the same time, unexplained."""
    import pandas as pd

    t = np.flatnonzero(ties)
    if not len(t):
        return
    a, b = src[t], tgt[t]
    pair, _ = pd.factorize(
        np.minimum(a, b) * (int(max(a.max(), b.max())) + 1) + np.maximum(a, b), sort=False
    )  # unordered; first seen first
    rivalry = types[t] == "rivalry"
    n_pairs = int(pair.max()) + 1
    both = (np.bincount(pair[rivalry], minlength=n_pairs) > 0) & (
        np.bincount(pair[~rivalry], minlength=n_pairs) > 0
    )
    keep = both[pair]
    if not keep.any():
        return
    # every (cooperation, rivalry) couple of each pair: pairs in order of first
    # appearance, rows in file order within each
    kp, kr, riv = pair[keep], t[keep], rivalry[keep]
    by_pair = np.argsort(kp[~riv], kind="stable")
    pc, xs = kp[~riv][by_pair], kr[~riv][by_pair]  # cooperation rows, by pair
    ys = kr[riv][np.argsort(kp[riv], kind="stable")]  # rivalry rows, by pair
    n_riv = np.bincount(kp[riv], minlength=n_pairs)
    x = np.repeat(xs, n_riv[pc])  # each cooperation row once per rivalry of its pair
    y = ys[_ranges(np.cumsum(n_riv)[pc] - n_riv[pc], n_riv[pc])]
    overlap = np.maximum(lo[x], lo[y]) < np.minimum(hi[x], hi[y])
    ids, notes = cols["id"], cols["notes"]
    for xi, yi in zip(x[overlap].tolist(), y[overlap].tolist(), strict=True):
        if _names(notes[xi], ids[yi]) or _names(notes[yi], ids[xi]):
            continue
        add(
            yi,
            None,
            ids[yi],
            f"rivalry {ids[yi]} and {types[xi]} {ids[xi]} of the same pair are both "
            f"active over an overlapping interval; end one, or explain the overlap "
            f"in the notes of one of them, naming the other's id",
        )
