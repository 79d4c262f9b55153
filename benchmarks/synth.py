"""Seeded synthetic generator of temporal militant affiliation networks.

    from benchmarks.synth import make_tables, SCALES
    groups, relations, sources = make_tables(1_000, 20_000, seed=0)

    python benchmarks/synth.py M out/          # writes out/{groups,relations,sources}.csv
    python benchmarks/synth.py 500 4000 out/ --seed 3
    python benchmarks/synth.py M out/ --clean  # validates with 0 errors, 0 warnings

    from benchmarks.synth import make_events, write_dataset
    events, event_actors, relations = make_events((groups, relations, sources), 200_000)
    write_dataset(out, groups, relations, sources, events=events, event_actors=event_actors)

All three DataFrames hold strings only ("" for missing), in militnet's dataset
format. The data are deterministic for a given (n_groups, n_relations, seed,
undated) and numpy version: everything random comes from
``numpy.random.default_rng(seed)``.

What the data look like
-----------------------
* Groups are founded over 1980-2024 (more of them later on); about a quarter
  have ended by 2025, and an ended group lived at least 366 days.
* Relation types: alliance ~55 %, rivalry ~18 %, pledge ~12 %, split ~8 %,
  merger ~7 %; confidence confirmed ~55 %, reported ~30 %, alleged ~15 %.
* Endpoints are drawn with Zipf-like weights (rank ** -0.65 over a random
  permutation of groups), so degree is heavy-tailed; no self-loops; the two
  groups' lifetimes overlap by at least two years.
* About 45 % of alliances/pledges/rivalries are open-ended (empty ``end``);
  splits and mergers are events with an empty end.  A closed relation lasts at
  least 366 days (so its start and end never fall in the same calendar year,
  whatever the precision) and ends no later than the earlier group end; when it
  is clipped to a group's end it copies that date string exactly.
* Re-forming ties: ~8 % of the relations re-form an alliance that had ended:
  same pair, a new record starting 180+ days after the previous one ended
  (chains of three or more occur).
* Splits start on the splinter's founding date when the parent already
  existed; mergers start shortly before the absorbed group's end when it has one.
* Dates mix precisions (``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``).  Every partial
  date is generated as the *first day of its period*, and all the invariants
  above hold when a partial date is read as that first day (a relation start
  whose truncation would fall before a founding is kept at day precision).
  Read as the *last* day of the period some invariants can fail, as in real
  data -- that is what partial-date policies are for.
* ``undated`` (default 0) blanks the start of that share of relations to
  exercise the undated-relation policy.

Clean data (``clean=True``, ``--clean``)
-----------------------------------------
The default data break some of the rules a curator follows, and validation
warns about them by the thousand (at M: ~99,600 ties of merged groups, 10,389
open relations without ``last_attested``, ~815 ties open after a group ended,
~1,400 unexplained cooperation/rivalry overlaps).  ``clean=True`` gives data that
:func:`militnet.validate` passes with 0 errors and 0 warnings, like a curated
dataset, for benchmarking that case.  It starts from the same draws and changes:

* a ``last_attested`` column: on every open-ended relation, a partial date
  (mixed precisions) between its start and the 2025 horizon, most within the
  last 5 years but, for 60 % of the open relations that began before then, an
  older one (at M ~20 % of the open relations would lapse under the default
  5-year policy); 30 % of the closed relations carry one within their span;
* mergers: the absorbed group (the source) is drawn with weight
  ``endpoint weight ** -4`` (small groups fold into bigger ones; the absorber is
  drawn Zipf-weighted among groups alive and independent at the time).  A group
  is absorbed once per independent life: either shortly before its recorded
  end (for ~60 % of the groups that end), or in a merge/split *cycle*: a split
  of its own 0.5-3 years later re-creates it (taken from the split records;
  at M more mergers than groups exist, so most are cycles).  A tie of an
  absorbed group ends on the merger day (copying its date string) or, when it
  began after it, starts on the re-split day; one with no room left is redrawn
  between two groups never absorbed;
* no tie stays open, or ends, after one of its groups ended: it ends with the
  group (copying its date string);
* a cooperation (alliance, pledge) and a rivalry of the same pair never overlap
  unexplained: the one that began first ends when the other begins, or, for
  ~12 % of the overlaps, a note on the later one names the other
  (``"... while the alliance held; see r000123"``);
* the merger cuts close many ties; closed ties of pairs with no other tie,
  between groups never absorbed nor ended, are reopened to keep the open share
  near the default one (at M ~41 % of ties against ~44 %); a closed tie cut
  short by a merger may last less than 366 days;
* a repeated (pair, type, start, end) tie is redrawn; ``undated`` blanks only
  starts whose blanking breaks no rule.

The type and confidence mix, degree distribution, re-forming ties, precisions
and group lifetimes stay as above (the ``groups`` table is unchanged).  The
default output does not depend on this mode (it draws from a random stream of
its own, ``default_rng([seed, 0xC1EA])``).
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd

from militnet._core.schema import COLUMNS

ZIPF = 0.65  # endpoint weight = rank ** -ZIPF
SCALES = {"S": (60, 300), "M": (1_000, 20_000), "L": (10_000, 200_000)}

GROUP_COLUMNS = [
    "id",
    "name",
    "aliases",
    "founded",
    "ended",
    "orientation",
    "country",
    "notes",
    "sources",
]
RELATION_COLUMNS = [
    "id",
    "source",
    "target",
    "type",
    "start",
    "end",
    "confidence",
    "evidence",
    "sources",
    "notes",
]
SOURCE_COLUMNS = ["id", "title", "publisher", "date", "url", "document", "notes"]

TYPES = np.array(["alliance", "rivalry", "pledge", "split", "merger"])
TYPE_P = np.array([0.55, 0.18, 0.12, 0.08, 0.07])  # overall target mix
REFORM_SHARE = 0.08  # re-formed alliances
_BASE_P = TYPE_P - np.array([REFORM_SHARE, 0, 0, 0, 0])
_BASE_P = _BASE_P / _BASE_P.sum()  # mix of the other records
CONFIDENCE = np.array(["confirmed", "reported", "alleged"])
CONFIDENCE_P = np.array([0.55, 0.30, 0.15])
ORIENTATIONS = np.array(["jihadist", "sectarian", "nationalist", "separatist", "ethnic", "leftist"])
ORIENTATION_P = np.array([0.45, 0.15, 0.15, 0.12, 0.08, 0.05])
COUNTRIES = np.array(
    [
        "Afghanistan",
        "Pakistan",
        "Iran",
        "Iraq",
        "Syria",
        "India",
        "Uzbekistan",
        "Tajikistan",
        "Yemen",
        "Somalia",
    ]
)
COUNTRY_P = np.array([0.22, 0.24, 0.06, 0.1, 0.1, 0.08, 0.05, 0.04, 0.06, 0.05])
PUBLISHERS = np.array(
    [
        "Dawn",
        "The Express Tribune",
        "Reuters",
        "BBC News",
        "Al Jazeera",
        "Associated Press",
        "TOLOnews",
        "The Long War Journal",
        "UN Monitoring Team",
        "Gandhara",
    ]
)
PREFIXES = [
    "Jamaat",
    "Lashkar",
    "Harakat",
    "Tehrik",
    "Jaish",
    "Hizb",
    "Ansar",
    "Jabhat",
    "Tanzeem",
    "Katibat",
    "Sipah",
    "Front",
]
SYLLABLES = [
    "al",
    "ba",
    "dar",
    "fa",
    "ha",
    "ja",
    "kha",
    "li",
    "ma",
    "na",
    "qa",
    "ra",
    "sa",
    "ta",
    "wa",
    "za",
    "mu",
    "si",
    "ud",
    "ib",
    "ar",
    "ka",
    "ri",
    "ya",
    "hu",
    "ze",
    "ni",
    "bi",
    "sha",
    "gul",
]
SUFFIXES = [
    "",
    "",
    "",
    " Khorasan",
    " al-Alami",
    " Islami",
    " Mujahideen",
    " Pakistan",
    " Afghanistan",
    " Shura",
]
EVIDENCE = {
    "alliance": "joint operations and a shared statement reported",
    "rivalry": "armed clashes between the groups reported",
    "pledge": "pledge of allegiance announced",
    "split": "faction announced its break with the parent group",
    "merger": "group announced it had merged into the other",
}

EPOCH_MIN = np.datetime64("1980-01-01", "D").astype(np.int64)
EPOCH_MAX = np.datetime64("2024-12-31", "D").astype(np.int64)
HORIZON = np.datetime64("2025-12-31", "D").astype(np.int64)
NO_END = np.iinfo(np.int64).max // 4
YEAR, MONTH, DAY = 0, 1, 2
_WIDTH = np.array([4, 7, 10])


# --------------------------------------------------------------------- dates
def _snap(days: np.ndarray, prec: np.ndarray) -> np.ndarray:
    """First day of the year/month containing ``days`` (for YEAR/MONTH)."""
    d = days.astype("datetime64[D]")
    y = d.astype("datetime64[Y]").astype("datetime64[D]")
    m = d.astype("datetime64[M]").astype("datetime64[D]")
    out = np.where(prec == YEAR, y, np.where(prec == MONTH, m, d))
    return out.astype(np.int64)


def _fmt(days: np.ndarray, prec: np.ndarray, valid: np.ndarray | None = None) -> list[str]:
    iso = np.datetime_as_string(days.astype("datetime64[D]"), unit="D")
    widths = _WIDTH[prec]
    if valid is None:
        return [s[:w] for s, w in zip(iso.tolist(), widths.tolist(), strict=False)]
    return [
        s[:w] if v else ""
        for s, w, v in zip(iso.tolist(), widths.tolist(), valid.tolist(), strict=False)
    ]


def _precision(rng, n, p_year, p_month):
    return rng.choice(3, size=n, p=[p_year, p_month, 1 - p_year - p_month])


def _ids(prefix: str, n: int, width: int) -> list[str]:
    return [f"{prefix}{i:0{width}d}" for i in range(1, n + 1)]


def _join_sources(rng, n_rows: int, src_ids: np.ndarray, max_k: int) -> list[str]:
    k = rng.integers(1, max_k + 1, size=n_rows)
    picks = rng.integers(0, len(src_ids), size=(n_rows, max_k))
    out = []
    for row, kk in zip(picks.tolist(), k.tolist(), strict=False):
        out.append(";".join(sorted({src_ids[j] for j in row[:kk]})))
    return out


# ------------------------------------------------------------------- groups
def _names(rng, n: int) -> tuple[list[str], list[str]]:
    pre = rng.integers(0, len(PREFIXES), size=n)
    nsyl = rng.integers(2, 4, size=n)
    syl = rng.integers(0, len(SYLLABLES), size=(n, 3))
    suf = rng.integers(0, len(SUFFIXES), size=n)
    form = rng.random(n)
    n_alias = rng.choice(3, size=n, p=[0.3, 0.45, 0.25])
    names, aliases, seen = [], [], set()
    for i in range(n):
        core = "".join(SYLLABLES[j] for j in syl[i, : nsyl[i]]).capitalize()
        joiner = "-e-" if form[i] < 0.5 else "-ul-"
        name = f"{PREFIXES[pre[i]]}{joiner}{core}{SUFFIXES[suf[i]]}"
        if name in seen:
            name = f"{name} {i}"
        seen.add(name)
        names.append(name)
        alts = []
        if n_alias[i] >= 1:  # transliteration variant
            alts.append(
                name.replace("-e-", "-i-") if joiner == "-e-" else name.replace("-ul-", " al-")
            )
        if n_alias[i] >= 2:  # acronym
            alts.append("".join(w[0] for w in name.replace("-", " ").split() if w[0].isupper()))
        aliases.append(";".join(alts))
    return names, aliases


def _groups(rng, n_groups: int, src_ids: np.ndarray):
    span = EPOCH_MAX - EPOCH_MIN
    # density of foundings grows over time: sqrt(u) on [0, 1)
    founded = EPOCH_MIN + (np.sqrt(rng.random(n_groups)) * span).astype(np.int64)
    f_prec = _precision(rng, n_groups, 0.3, 0.3)
    founded = _snap(founded, f_prec)

    life = (366 + rng.exponential(12 * 365.25, size=n_groups)).astype(np.int64)
    ended = founded + life
    has_end = (rng.random(n_groups) < 0.45) & (ended < HORIZON)
    e_prec = _precision(rng, n_groups, 0.3, 0.3)
    ended = np.where(has_end, _snap(ended, e_prec), NO_END)
    # snapping keeps ended > founded because life >= 366 days
    names, aliases = _names(rng, n_groups)
    df = pd.DataFrame(
        {
            "id": _ids("g", n_groups, max(5, len(str(n_groups)))),
            "name": names,
            "aliases": aliases,
            "founded": _fmt(founded, f_prec),
            "ended": _fmt(np.where(has_end, ended, 0), e_prec, has_end),
            "orientation": ORIENTATIONS[rng.choice(len(ORIENTATIONS), n_groups, p=ORIENTATION_P)],
            "country": COUNTRIES[rng.choice(len(COUNTRIES), n_groups, p=COUNTRY_P)],
            "notes": "",
            "sources": _join_sources(rng, n_groups, src_ids, 2),
        }
    )
    return df, founded, ended, f_prec, e_prec


# ---------------------------------------------------------------- relations
def _pairs(rng, n: int, weights: np.ndarray, founded, ended):
    """n (source, target) pairs, Zipf-weighted, no self-loops, >= 2 y overlap."""
    src_out, tgt_out, need = [], [], n
    for _ in range(1000):
        if need <= 0:
            break
        m = int(need * 1.6) + 16
        s = rng.choice(len(weights), size=m, p=weights)
        t = rng.choice(len(weights), size=m, p=weights)
        lo = np.maximum(founded[s], founded[t])
        hi = np.minimum(np.minimum(ended[s], ended[t]), HORIZON)
        ok = (s != t) & (hi - lo >= 2 * 366)
        s, t = s[ok][:need], t[ok][:need]
        src_out.append(s)
        tgt_out.append(t)
        need -= len(s)
    if need > 0:
        raise ValueError("too few pairs of groups whose lifetimes overlap by two years")
    return np.concatenate(src_out), np.concatenate(tgt_out)


def _closed_end(rng, start, hi, g_hi, prec):
    """End of a closed relation: start + >= 366 days, snapped to ``prec``.

    Past the earlier group end it is clipped to that end (``clipped``: copy the
    group's date string); past the horizon it stays open (NO_END).
    """
    dur = (366 + rng.exponential(3 * 365.25, size=len(start))).astype(np.int64)
    end = start + dur
    over = end >= hi
    clipped = over & (g_hi < NO_END)
    end = np.where(over, hi, end)
    end = np.where(clipped, end, _snap(end, prec))
    return np.where(over & ~clipped, NO_END, end), clipped


def _relations(rng, n_rel: int, founded, ended, e_prec, weights):
    n_reform = round(REFORM_SHARE * n_rel)
    n_base = n_rel - n_reform

    s, t = _pairs(rng, n_base, weights, founded, ended)
    typ = rng.choice(len(TYPES), size=n_base, p=_BASE_P)
    lo = np.maximum(founded[s], founded[t])
    g_hi = np.minimum(ended[s], ended[t])  # earlier group end or NO_END
    hi = np.minimum(g_hi, HORIZON)
    start = lo + (rng.random(n_base) * (hi - 366 - lo)).astype(np.int64)
    s_prec = _precision(rng, n_base, 0.2, 0.3)

    is_split, is_merger = typ == 3, typ == 4
    # splits: the splinter (source) is founded out of an existing target
    sp = is_split & (founded[s] > founded[t]) & (founded[s] <= hi - 366)
    start = np.where(sp, founded[s], start)
    # mergers: the absorbed group (source) ends shortly after the merger
    mg = is_merger & (ended[s] < NO_END)
    m_start = np.maximum(ended[s] - rng.integers(1, 181, size=n_base), lo)
    mg &= m_start <= hi - 366
    start = np.where(mg, m_start, start)

    snapped = _snap(start, s_prec)
    s_prec = np.where(snapped < lo, DAY, s_prec)  # truncation must not predate a founding
    start = np.where(snapped < lo, start, snapped)
    s_prec = np.where(sp, -1, s_prec)  # marker: copy the founding string

    open_end = (rng.random(n_base) < 0.2) | is_split | is_merger
    end_prec = _precision(rng, n_base, 0.2, 0.3)
    end, clipped = _closed_end(rng, start, hi, g_hi, end_prec)
    end = np.where(open_end, NO_END, end)
    # which group's end string to copy when clipped (the earlier one)
    end_from = np.where(ended[s] <= ended[t], s, t)

    # ---- re-forming alliances: chain new alliance records after closed ones
    rs, rt, rstart, rend, rclip, rfrom, rsprec, reprec = [], [], [], [], [], [], [], []
    has_succ = np.zeros(n_base, dtype=bool)
    cur = dict(s=s, t=t, typ=typ, end=end, hi=hi, g_hi=g_hi, succ=has_succ)
    need = n_reform
    while need > 0:
        gap = rng.integers(180, 3 * 365, size=len(cur["s"]))
        cand = np.flatnonzero(
            (cur["typ"] == 0)
            & (cur["end"] < NO_END)
            & ~cur["succ"]
            & (cur["end"] + gap <= cur["hi"] - 366)
        )
        if len(cand) == 0:
            break
        pick = rng.permutation(cand)[:need]
        cur["succ"][pick] = True
        ns, nt = cur["s"][pick], cur["t"][pick]
        nhi, ng_hi = cur["hi"][pick], cur["g_hi"][pick]
        nstart = cur["end"][pick] + gap[pick]
        nsp = _precision(rng, len(pick), 0.1, 0.3)
        snapped = _snap(nstart, nsp)
        bad = snapped <= cur["end"][pick]
        nsp = np.where(bad, DAY, nsp)
        nstart = np.where(bad, nstart, snapped)
        nep = _precision(rng, len(pick), 0.2, 0.3)
        nend, nclip = _closed_end(rng, nstart, nhi, ng_hi, nep)
        nend = np.where(rng.random(len(pick)) < 0.2, NO_END, nend)
        for acc, x in (
            (rs, ns),
            (rt, nt),
            (rstart, nstart),
            (rend, nend),
            (rclip, nclip),
            (rsprec, nsp),
            (reprec, nep),
        ):
            acc.append(x)
        rfrom.append(np.where(ended[ns] <= ended[nt], ns, nt))
        need -= len(pick)
        cur = dict(
            s=ns,
            t=nt,
            typ=np.zeros(len(pick), dtype=int),
            end=nend,
            hi=nhi,
            g_hi=ng_hi,
            succ=np.zeros(len(pick), dtype=bool),
        )

    cat = lambda a, parts: np.concatenate([a, *parts]) if parts else a  # noqa: E731
    s, t = cat(s, rs), cat(t, rt)
    typ = cat(typ, [np.zeros(len(x), dtype=typ.dtype) for x in rs])
    start, end = cat(start, rstart), cat(end, rend)
    clipped, end_from = cat(clipped, rclip), cat(end_from, rfrom)
    s_prec, end_prec = cat(s_prec, rsprec), cat(end_prec, reprec)

    if need > 0:  # nothing left to re-form (tiny scales): top up with fresh relations
        extra = _relations_fresh(rng, need, founded, ended, weights)
        s, t, typ, start, end, clipped, end_from, s_prec, end_prec = (
            np.concatenate([a, b])
            for a, b in zip(
                (s, t, typ, start, end, clipped, end_from, s_prec, end_prec), extra, strict=False
            )
        )

    return s, t, typ, start, end, clipped, end_from, s_prec, end_prec


def _relations_fresh(rng, n, founded, ended, weights):
    s, t = _pairs(rng, n, weights, founded, ended)
    lo = np.maximum(founded[s], founded[t])
    g_hi = np.minimum(ended[s], ended[t])
    hi = np.minimum(g_hi, HORIZON)
    start = lo + (rng.random(n) * (hi - 366 - lo)).astype(np.int64)
    day = np.full(n, DAY)
    end, clipped = _closed_end(rng, start, hi, g_hi, day)
    end = np.where(rng.random(n) < 0.2, NO_END, end)
    typ = np.zeros(n, dtype=int)
    return s, t, typ, start, end, clipped, np.where(ended[s] <= ended[t], s, t), day, day


# -------------------------------------------------------------- clean mode
_TIE = 3  # type codes below this are ties: alliance, rivalry, pledge
_YEARS = 365
_STALE_SHARE = 0.6  # of the open relations that began 5+ years before the horizon
_OVERLAP_NOTES = (
    "rival factions of the two groups clashed while the {kind} held; see {rid}",
    "sources disagree on when the {kind} ended; see {rid}",
    "local cooperation continued despite the rivalry; see {rid}",
)


def _bounds(strs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """First and last day of each partial date string ("" -> NO_END, NO_END)."""
    codes, uniq = pd.factorize(pd.Series(strs, dtype=object), sort=False)
    u = np.asarray(uniq, dtype=object)
    first = np.full(len(u), NO_END, dtype=np.int64)
    last = np.full(len(u), NO_END, dtype=np.int64)
    lens = np.array([len(x) for x in u], dtype=int)
    for width, unit in ((4, "Y"), (7, "M"), (10, "D")):
        m = lens == width
        if m.any():
            d = np.array(u[m].tolist(), dtype=f"datetime64[{unit}]")
            first[m] = d.astype("datetime64[D]").astype(np.int64)
            last[m] = (d + 1).astype("datetime64[D]").astype(np.int64) - 1
    return first[codes], last[codes]


class _Dates:
    """A column of partial dates as strings with their first and last days."""

    def __init__(self, strs: np.ndarray) -> None:
        self.s = np.asarray(strs, dtype=object).copy()
        self.first, self.last = _bounds(self.s)

    def set(self, i, other: _Dates, j) -> None:
        self.s[i], self.first[i], self.last[i] = other.s[j], other.first[j], other.last[j]

    def take(self, keep: np.ndarray) -> None:
        self.s, self.first, self.last = self.s[keep], self.first[keep], self.last[keep]

    def put(self, i, days: np.ndarray, prec: np.ndarray) -> None:
        """Write ``days`` (snapped to ``prec``) into rows ``i``."""
        text = np.array(_fmt(_snap(days, prec), prec), dtype=object)
        self.s[i] = text
        self.first[i], self.last[i] = _bounds(text)


def _mixed_dates(rng, days: np.ndarray, floor: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Snap ``days`` to mixed precisions, at day precision where the period
    would begin before ``floor``; returns (first days, precisions)."""
    prec = _precision(rng, len(days), 0.2, 0.3)
    snapped = _snap(days, prec)
    low = snapped < floor
    return np.where(low, days, snapped), np.where(low, DAY, prec)


def _plan_mergers(rng, n_merge: int, n_split: int, founded, ended, weights):
    """Merger events: (absorbed group, merger day, re-split day or NO_END).

    A group is absorbed at most once per independent life: after a merger it is
    either gone for good (a *final* merger, shortly before its recorded end) or
    re-created by a split of its own 0.5-3 years later (a merge/split *cycle*).
    Small groups are absorbed rather than hubs: the absorbed group is drawn with
    weight ``endpoint weight ** -4``.
    """
    small = weights**-4.0
    end_cap = np.minimum(ended, HORIZON)
    life = end_cap - founded
    fin_ok = (ended < NO_END) & (life >= 3 * _YEARS)
    n_final = min(int(fin_ok.sum() * 0.6 + 0.5), n_merge)
    n_cyc = min(n_merge - n_final, int(0.8 * n_split))
    pool = np.flatnonzero(fin_ok)
    final = (
        rng.choice(pool, n_final, replace=False, p=small[pool] / small[pool].sum())
        if n_final
        else pool[:0]
    )
    has_final = np.zeros(len(founded), dtype=bool)
    has_final[final] = True
    d_final = ended - rng.integers(1, 181, size=len(founded))
    span_end = np.where(has_final, d_final - 180, end_cap - 180)
    cap = np.clip((span_end - founded - 180) // (2 * _YEARS), 0, None)
    slots = np.repeat(np.arange(len(founded)), cap)
    n_cyc = min(n_cyc, len(slots))
    pick = (
        rng.choice(len(slots), n_cyc, replace=False, p=small[slots] / small[slots].sum())
        if n_cyc
        else slots[:0]
    )
    k = np.bincount(slots[pick], minlength=len(founded))
    # cycles: group g's span [founded + 180, span_end) cut into k slots; in each the
    # group merges 20-50 % of the way in and re-emerges 0.5-3 years (at most 40 %
    # of a slot, slots last 2+ years) later
    g = np.repeat(np.arange(len(founded)), k)
    j = np.arange(len(g)) - np.repeat(np.cumsum(k) - k, k)
    a = founded[g] + 180
    slot = (span_end[g] - a) / np.maximum(k[g], 1)
    d = (a + (j + rng.uniform(0.2, 0.5, len(g))) * slot).astype(np.int64)
    gap = np.minimum(rng.uniform(0.5, 3, len(g)) * _YEARS, 0.4 * slot)
    r = (d + gap).astype(np.int64)
    gf = np.flatnonzero(has_final)
    ev_g = np.concatenate([g, gf])
    ev_d = np.concatenate([d, d_final[gf]])
    ev_r = np.concatenate([r, np.full(len(gf), NO_END)])
    order = np.lexsort((ev_d, ev_g))
    return ev_g[order], ev_d[order], ev_r[order]


def _event_dates(rng, ev_g, ev_d, ev_r, founded):
    """Partial-date strings for the merger and re-split days, in strict order
    within each group (at day precision where mixed precisions would blur it)."""
    cyc = ev_r < NO_END
    d_days, d_prec = _mixed_dates(rng, ev_d, founded[ev_g])
    r_days, r_prec = _mixed_dates(rng, np.where(cyc, ev_r, ev_d), founded[ev_g])
    for _ in range(4):
        D = _Dates(np.array(_fmt(d_days, d_prec), dtype=object))
        R = _Dates(np.array(_fmt(r_days, r_prec, cyc), dtype=object))
        # merger, re-split, next merger, ...: each strictly after the previous
        same = np.r_[False, ev_g[1:] == ev_g[:-1]]
        prev_r = np.r_[0, np.where(cyc[:-1], R.last[:-1], 0)]
        bad = (cyc & (R.first <= D.last)) | (same & (D.first <= prev_r))
        bad_prev = np.r_[bad[1:] & same[1:], False]  # the previous event's re-split
        if not (bad | bad_prev).any():
            break
        d_days, d_prec = np.where(bad, ev_d, d_days), np.where(bad, DAY, d_prec)
        fix_r = bad | bad_prev
        r_days = np.where(fix_r & cyc, ev_r, r_days)
        r_prec = np.where(fix_r, DAY, r_prec)
    return D, R


def _absorbers(rng, ev_g, D, R, founded, e_last, weights):
    """For each merger event, the group absorbing ev_g: alive from the merger to
    the re-split (or a year past a final merger), itself present then; -1 if none."""
    out = np.full(len(ev_g), -1)
    cyc = R.first < NO_END
    for e in range(len(ev_g)):
        until = R.last[e] if cyc[e] else D.last[e] + _YEARS
        ok = (founded <= D.first[e]) & (e_last >= until)
        ok[ev_g[e]] = False
        for day in (D.first[e], R.first[e]) if cyc[e] else (D.first[e],):
            ok[ev_g[(D.first <= day) & (day < R.first)]] = False
        p = weights * ok
        if p.sum() > 0:
            out[e] = rng.choice(len(weights), p=p / p.sum())
    return out


def _redraw(
    rng, rows, s, t, st: _Dates, en: _Dates, E: _Dates, founded, ended, weights, taken: set[int]
) -> None:
    """Give the ties ``rows`` new dates between new pairs of groups (in place):
    pairs with no other relation, of groups never absorbed (``weights`` 0)."""
    n_g = len(founded)
    fs, ft, fstart, fend, fclip, ffrom = (np.zeros(0, dtype=np.int64) for _ in range(6))
    for _ in range(50):
        if len(fs) >= len(rows):
            break
        if not weights.any():
            raise ValueError("clean=True: every group has been absorbed; use more groups")
        xs, xt, _ty, xstart, xend, xclip, xfrom, _p, _q = _relations_fresh(
            rng, 2 * len(rows) + 8, founded, ended, weights / weights.sum()
        )
        key = np.minimum(xs, xt) * n_g + np.maximum(xs, xt)
        _, first = np.unique(key, return_index=True)
        new = np.zeros(len(key), dtype=bool)
        new[first] = True
        new &= ~np.isin(key, np.array(sorted(taken), dtype=np.int64))
        taken.update(key[new].tolist())
        fs, ft, fstart, fend, fclip, ffrom = (
            np.concatenate([a, b[new]])
            for a, b in zip(
                (fs, ft, fstart, fend, fclip, ffrom),
                (xs, xt, xstart, xend, xclip, xfrom),
                strict=True,
            )
        )
    k = len(rows)
    if len(fs) < k:
        raise ValueError(
            f"clean=True: too few free pairs of groups to redraw {k} relations; "
            "use more groups or fewer relations"
        )
    fs, ft, fstart, fend, fclip, ffrom = fs[:k], ft[:k], fstart[:k], fend[:k], fclip[:k], ffrom[:k]
    s[rows], t[rows] = fs, ft
    day = np.full(k, DAY)
    st.put(rows, fstart, day)
    # an open tie of a group that has ended ends with it
    fclip = fclip.astype(bool) | ((fend == NO_END) & (ended[ffrom] < NO_END))
    open_ = (fend == NO_END) & ~fclip
    en.put(rows, np.where(open_ | fclip, 0, fend), day)
    en.s[rows[open_]] = ""
    en.first[rows[open_]] = en.last[rows[open_]] = NO_END
    en.set(rows[fclip], E, ffrom[fclip])


def _clean(rng, s, t, typ, start_str, end_str, founded, ended, g_ended, weights, undated):
    """Make the relations pass every validation rule (see the module docstring)."""
    s, t, typ = s.copy(), t.copy(), typ.copy()
    n = len(s)
    st, en = _Dates(start_str), _Dates(end_str)
    E = _Dates(g_ended)  # group ends (NO_END when none)

    # ---- mergers: planned events replace the generated merger records; a
    # cycle's re-split replaces a generated split record
    m_rows = rng.permutation(np.flatnonzero(typ == 4))
    sp_rows = rng.permutation(np.flatnonzero(typ == 3))
    ev_g, ev_d, ev_r = _plan_mergers(rng, len(m_rows), len(sp_rows), founded, ended, weights)
    D, R = _event_dates(rng, ev_g, ev_d, ev_r, founded)
    into = _absorbers(rng, ev_g, D, R, founded, E.last, weights)
    keep = into >= 0
    ev_g, into = ev_g[keep], into[keep]
    D.take(keep)
    R.take(keep)
    mr = m_rows[: len(ev_g)]
    s[mr], t[mr] = ev_g, into
    st.set(mr, D, np.arange(len(ev_g)))
    typ[m_rows[len(ev_g) :]] = 0  # more mergers than groups can take (tiny scales)
    cyc = np.flatnonzero(R.first < NO_END)
    sr = sp_rows[: len(cyc)]
    s[sr], t[sr] = ev_g[cyc], into[cyc]
    st.set(sr, R, cyc)
    recreate = np.zeros(n, dtype=bool)
    recreate[sr] = True

    # ---- ties of an absorbed group: end by the merger, or start at the re-split
    g_hi = np.minimum(E.first[s], E.first[t])  # first day of the earlier group end
    by_group: dict[int, list[int]] = {}
    for e, g in enumerate(ev_g.tolist()):
        by_group.setdefault(g, []).append(e)
    drop = []
    tie = typ < _TIE
    absorbed = np.zeros(len(founded), dtype=bool)
    absorbed[ev_g] = True
    for i in np.flatnonzero(tie & (absorbed[s] | absorbed[t])).tolist():
        evs = by_group.get(int(s[i]), []) + by_group.get(int(t[i]), [])
        while True:  # until no merger of either group cuts into the tie
            hit = [e for e in evs if en.first[i] > D.last[e] and st.last[i] < R.first[e]]
            if not hit:
                break
            e = min(hit, key=lambda e: D.first[e])
            if st.first[i] < D.first[e]:
                en.set(i, D, e)  # the tie ends with the merger
                continue
            if R.first[e] == NO_END or R.last[e] >= g_hi[i] - 30:
                drop.append(i)  # no room after a re-split: redraw it
                break
            dur = en.first[i] - st.first[i] if en.first[i] < NO_END else NO_END
            st.set(i, R, e)  # it begins when the group re-emerges
            if dur < NO_END:
                new_end = R.first[e] + max(dur, 366)
                if new_end >= g_hi[i]:
                    en.set(i, E, int(s[i] if E.first[s[i]] <= E.first[t[i]] else t[i]))
                else:
                    en.put(np.array([i]), np.array([new_end]), np.array([DAY]))
    dropped = np.zeros(n, dtype=bool)
    dropped[drop] = True
    live = tie & ~dropped

    # ---- no tie open (or ending, after a merger cut) past a group's end: end it
    # with the group
    first_end = np.where(E.first[s] <= E.first[t], s, t)
    close = (
        live
        & (E.first[first_end] < NO_END)
        & ((en.first == NO_END) | (en.first > np.minimum(E.last[s], E.last[t])))
    )
    en.set(close, E, first_end[close])

    # ---- the merger cuts closed many ties: reopen closed ties until the open share
    # is the generated one again (ties of groups never absorbed nor ended, the only
    # tie of their pair)
    lo_p, hi_p = np.minimum(s, t), np.maximum(s, t)
    pair = lo_p.astype(np.int64) * len(founded) + hi_p
    per_pair = np.unique(pair[live], return_counts=True)
    single = np.isin(pair, per_pair[0][per_pair[1] == 1])
    need = int((tie & (end_str == "")).sum() - (live & (en.first == NO_END)).sum())
    cand = np.flatnonzero(
        live
        & single
        & (en.first < NO_END)
        & ~absorbed[s]
        & ~absorbed[t]
        & (E.first[s] == NO_END)
        & (E.first[t] == NO_END)
    )
    reopen = rng.permutation(cand)[: max(need, 0)]
    en.s[reopen] = ""
    en.first[reopen] = en.last[reopen] = NO_END

    # ---- cooperation and rivalry of a pair never overlap unexplained: the earlier
    # one ends when the later begins, or (a small share) a note explains it
    notes = np.full(n, "", dtype=object)
    ids = np.array(_ids("r", n, max(6, len(str(n)))), dtype=object)
    riv = typ == 1
    coop = (typ == 0) | (typ == 2)
    both = np.intersect1d(pair[riv], pair[coop])
    rows_of: dict[int, list[int]] = {}
    for i in np.flatnonzero(live & np.isin(pair, both)).tolist():
        rows_of.setdefault(int(pair[i]), []).append(i)
    explained: set[tuple[int, int]] = set()
    for p in sorted(rows_of):
        rs = sorted(rows_of[p], key=lambda i: (st.first[i], i))
        changed = True
        while changed:
            changed = False
            for a_i, x in enumerate(rs):
                for y in rs[a_i + 1 :]:
                    if riv[x] == riv[y] or (x, y) in explained:
                        continue
                    if max(st.last[x], st.last[y]) >= min(en.first[x], en.first[y]):
                        continue
                    if st.first[x] < st.first[y] and rng.random() >= 0.12:
                        en.set(x, st, y)  # x started first: it ends as y begins
                    else:
                        kind = TYPES[typ[x] if coop[x] else typ[y]]
                        text = _OVERLAP_NOTES[rng.integers(len(_OVERLAP_NOTES))]
                        notes[y] = "; ".join(
                            filter(None, [notes[y], text.format(kind=kind, rid=ids[x])])
                        )
                        explained.add((x, y))
                    changed = True

    # ---- no two records with the same pair, type and dates: a repeat tie is redrawn
    key = pd.DataFrame({"a": lo_p, "b": hi_p, "ty": typ, "st": st.s, "en": en.s})
    dropped |= live & key.duplicated().to_numpy()
    _redraw(
        rng,
        np.flatnonzero(dropped),
        s,
        t,
        st,
        en,
        E,
        founded,
        ended,
        np.where(absorbed, 0.0, weights),
        set(pair[~dropped].tolist()),
    )

    # ---- last_attested: on every open relation (within the 5 years before the
    # horizon, or older for 60 % of those that began before), and on 30 % of the
    # closed ones, within the relation
    is_open = en.first == NO_END
    cut = HORIZON - 5 * _YEARS
    old = (rng.random(n) < _STALE_SHARE) & (st.first < cut - 30)
    lo = np.where(old | ~is_open, st.first, np.maximum(st.first, cut + 30))
    hi = np.where(is_open, np.where(old, cut - 30, HORIZON), np.minimum(en.first, HORIZON))
    att_day = lo + (rng.random(n) * np.maximum(hi - lo, 0)).astype(np.int64)
    att_day, att_prec = _mixed_dates(rng, att_day, st.first)
    att = np.array(_fmt(att_day, att_prec), dtype=object)
    att[~is_open & (rng.random(n) >= 0.3)] = ""

    # ---- undated: blank starts only where that breaks no rule (not a tie of an
    # absorbed group, a merger or re-split, a pair with cooperation and rivalry,
    # nor a repeat of another record)
    start_out = st.s.copy()
    if undated > 0:
        safe = ~recreate & (typ != 4) & ~np.isin(pair, both)
        safe &= ~(tie & (absorbed[s] | absorbed[t]))
        blank = safe & (rng.random(n) < undated)
        start_out[blank] = ""
        key = pd.DataFrame({"a": lo_p, "b": hi_p, "ty": typ, "st": start_out, "en": en.s})
        clash = blank & key.duplicated(keep=False).to_numpy()
        start_out[clash] = st.s[clash]
    return s, t, typ, start_out, en.s, notes, att


# --------------------------------------------------------------------- API
def make_tables(
    n_groups: int, n_relations: int, seed: int = 0, *, undated: float = 0.0, clean: bool = False
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Return (groups, relations, sources) DataFrames of strings ("" = missing).

    ``clean=True`` returns data that pass every validation rule (see the module
    docstring); the default output does not depend on it.
    """
    if n_groups < 2:
        raise ValueError("need at least two groups")
    rng = np.random.default_rng(seed)

    n_src = max(10, n_relations // 20)
    src_ids = np.array(_ids("src", n_src, max(4, len(str(n_src)))), dtype=object)
    src_days = rng.integers(np.datetime64("1990-01-01", "D").astype(np.int64), HORIZON, size=n_src)
    pub = PUBLISHERS[rng.integers(0, len(PUBLISHERS), size=n_src)]
    sources = pd.DataFrame(
        {
            "id": src_ids,
            "title": [f"Report {i} on militant affiliations" for i in range(1, n_src + 1)],
            "publisher": pub,
            "date": _fmt(src_days, np.full(n_src, DAY)),
            "url": [f"https://example.org/news/{x}" for x in src_ids],
            "document": "",
            "notes": "",
        }
    )

    groups, founded, ended, _f_prec, e_prec = _groups(rng, n_groups, src_ids)

    ranks = np.empty(n_groups)
    ranks[rng.permutation(n_groups)] = np.arange(1, n_groups + 1)
    weights = ranks**-ZIPF
    weights /= weights.sum()

    (s, t, typ, start, end, clipped, end_from, s_prec, end_prec) = _relations(
        rng, n_relations, founded, ended, e_prec, weights
    )
    n = len(s)
    gid = groups["id"].to_numpy()
    g_founded = groups["founded"].to_numpy()
    g_ended = groups["ended"].to_numpy()

    split_copy = s_prec == -1
    start_str = np.array(_fmt(start, np.where(split_copy, DAY, s_prec)), dtype=object)
    start_str[split_copy] = g_founded[s[split_copy]]
    is_open = end == NO_END
    end_str = np.array(_fmt(np.where(is_open, 0, end), end_prec, ~is_open), dtype=object)
    copy = clipped & ~is_open
    end_str[copy] = g_ended[end_from[copy]]
    # no two records with the same pair, type and dates (the validator flags them
    # as probable duplicates): move a repeat's start a few days, at day precision
    lo_pair, hi_pair = np.minimum(s, t), np.maximum(s, t)
    for _ in range(10):
        key = pd.DataFrame({"a": lo_pair, "b": hi_pair, "ty": typ, "st": start_str, "en": end_str})
        dup = key.duplicated().to_numpy()
        if not dup.any():
            break
        rank = key.groupby(["a", "b", "ty", "st", "en"]).cumcount().to_numpy()
        moved = start + rank
        start_str[dup] = np.array(_fmt(moved[dup], np.full(int(dup.sum()), DAY)), dtype=object)
        start = np.where(dup, moved, start)
    notes = np.full(n, "", dtype=object)
    attested = None
    if clean:  # a random stream of its own, so that the default data stay as they were
        crng = np.random.default_rng([seed, 0xC1EA])
        s, t, typ, start_str, end_str, notes, attested = _clean(
            crng, s, t, typ, start_str, end_str, founded, ended, g_ended, weights, undated
        )
        gid = groups["id"].to_numpy()
    elif undated > 0:
        start_str[rng.random(n) < undated] = ""

    types = TYPES[typ]
    relations = pd.DataFrame(
        {
            "id": _ids("r", n, max(6, len(str(n)))),
            "source": gid[s],
            "target": gid[t],
            "type": types,
            "start": start_str,
            "end": end_str,
            "confidence": CONFIDENCE[rng.choice(3, size=n, p=CONFIDENCE_P)],
            "evidence": pd.Series(types).map(EVIDENCE).to_numpy(),
            "sources": _join_sources(rng, n, src_ids, 3),
            "notes": notes,
        }
    )
    if attested is not None:
        relations["last_attested"] = attested
    if clean:
        _explain_triads(groups, relations)
    return groups, relations, sources


def _explain_triads(groups: pd.DataFrame, relations: pd.DataFrame) -> None:
    """Clean data explain each incoherent triad (a cooperative tie A-B while A's
    patron is at war with B) in the cooperative relation's notes, naming the
    rivalry, as a curator would for a faction or a local truce (in place)."""
    from militnet._core.table import Table
    from militnet._dataset.evidence import _triads

    def table(name: str, df: pd.DataFrame) -> Table:
        cols = [str(c) for c in df.columns]
        return Table(name, f"<{name}>", cols, cols=[[str(v) for v in df[c]] for c in cols])

    tables = {"groups": table("groups", groups), "relations": table("relations", relations)}
    ids = relations["id"].tolist()
    rivals: dict[int, list[str]] = {}
    for c_row, _p_row, r_row in _triads(tables):
        rivals.setdefault(c_row, [])
        if ids[r_row] not in rivals[c_row]:
            rivals[c_row].append(ids[r_row])
    notes = relations["notes"].to_numpy(dtype=object)
    for c_row, rids in rivals.items():
        text = f"a local faction, not bound by its patron's war ({', '.join(sorted(rids))})"
        notes[c_row] = "; ".join(filter(None, [notes[c_row], text]))
    relations["notes"] = notes


# ------------------------------------------------------------------- events
EVENT_COLUMNS = list(COLUMNS["events"])  # the format, from the schema
ACTOR_COLUMNS = list(COLUMNS["event_actors"])
CONFIDENCE_ACTOR = np.array(["confirmed", "reported", "alleged", ""])  # "": reported
CONFIDENCE_ACTOR_P = np.array([0.45, 0.25, 0.15, 0.15])
# per relation type: (kind, role of the source, role of the target), drawn uniformly
_PAIR_KINDS = {
    "alliance": [
        ("attack", "perpetrator", "perpetrator"),
        ("attack", "perpetrator", "claimant"),
        ("claim", "claimant", "claimant"),
        ("meeting", "participant", "participant"),
        ("statement", "signatory", "signatory"),
    ],
    "pledge": [("pledge", "signatory", "participant"), ("attack", "perpetrator", "claimant")],
    "rivalry": [("clash", "participant", "participant"), ("attack", "perpetrator", "target")],
    "split": [("statement", "signatory", "participant")],
    "merger": [("meeting", "participant", "participant"), ("statement", "signatory", "signatory")],
}
# an event of one group: (kind, its role)
_SINGLE_KINDS = [
    ("attack", "perpetrator"),
    ("claim", "claimant"),
    ("statement", "signatory"),
    ("denial", "denier"),
    ("killing", "target"),
    ("arrest", "target"),
]
_SINGLE_P = np.array([0.45, 0.15, 0.15, 0.05, 0.12, 0.08])
_VIOLENT = ("attack", "clash", "killing")


def _date_spans(values) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Partial ISO dates -> (first day, last day, known); unknown days are NO_END."""
    v = np.asarray(values, dtype=object)
    n = len(v)
    first, last = np.full(n, NO_END, dtype=np.int64), np.full(n, NO_END, dtype=np.int64)
    lens = np.fromiter((len(x) for x in v.tolist()), dtype=np.int64, count=n)
    for width, unit in ((4, "Y"), (7, "M"), (10, "D")):
        m = lens == width
        if m.any():
            p = np.array(v[m].tolist(), dtype=f"datetime64[{unit}]")
            first[m] = p.astype("datetime64[D]").astype(np.int64)
            last[m] = (p + 1).astype("datetime64[D]").astype(np.int64) - 1
    return first, last, lens > 0


def make_events(
    tables: tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame],
    n_events: int,
    actors_per_event: float = 2.0,
    seed: int = 0,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Evidence events for ``tables = make_tables(...)``: ``(events, event_actors,
    relations)``, the last a copy of the relations with an ``events`` column.

    About ``n_events`` events (exactly, unless a group cannot be placed) with
    ``1 + Poisson(actors_per_event - 1)`` actors each (at most 6; an extra actor
    that is not alive on the day is dropped, so slightly fewer rows):

    * ~37 % (with the default 2 actors) are one group's acts (attacks, claims,
      statements, denials, a commander killed or arrested);
    * of the others, 85 % are drawn on a relation (weighted by its span): its two
      groups act together (attacks, co-claims, meetings, statements, a pledge),
      clash or attack each other (rivalries), or announce a split or merger; the
      relation cites it in ``events``. Other actors join as participants;
    * 15 % are co-perpetrated attacks of two groups drawn Zipf-weighted (what
      :func:`militnet.candidates_from_events` proposes ties from).

    Every event lies inside all its actors' lifetimes and inside the span of the
    relation that cites it; kinds, roles and confidence come from the
    vocabularies; ~70 % carry coordinates inside the country's bounding box (the
    first actor's country), the others none; sources exist. An event whose two
    groups would be on opposite sides while an open alliance or pledge between
    them has begun becomes a meeting. So data from ``make_tables(..., clean=True)``
    still validate with 0 errors and 0 warnings. Deterministic for ``seed``
    (a random stream of its own: the tables are not changed).
    """
    groups, relations, sources = tables
    rng = np.random.default_rng([seed, 0xE7E7])
    n_g, n_r = len(groups), len(relations)
    gid = groups["id"].to_numpy(dtype=object)
    gpos = {g: i for i, g in enumerate(gid.tolist())}
    f_first, _, f_known = _date_spans(groups["founded"].to_numpy())
    g_lo = np.where(f_known, f_first, EPOCH_MIN)
    _, e_last, _ = _date_spans(groups["ended"].to_numpy())
    g_hi = np.minimum(e_last, HORIZON)
    g_country = groups["country"].to_numpy(dtype=object)
    # Zipf-like activity: groups with more relations act more
    deg = np.bincount(
        [gpos[g] for g in relations["source"].tolist() + relations["target"].tolist()],
        minlength=n_g,
    ).astype(float)
    weights = (deg + 1.0) / (deg + 1.0).sum()

    rs = np.array([gpos[g] for g in relations["source"].tolist()], dtype=np.int64)
    rt = np.array([gpos[g] for g in relations["target"].tolist()], dtype=np.int64)
    rtype = relations["type"].to_numpy(dtype=object)
    s_first, s_last, s_known = _date_spans(relations["start"].to_numpy())
    _, r_last, _ = _date_spans(relations["end"].to_numpy())
    r_lo = np.maximum(np.where(s_known, s_first, EPOCH_MIN), np.maximum(g_lo[rs], g_lo[rt]))
    r_hi = np.minimum(np.minimum(r_last, HORIZON), np.minimum(g_hi[rs], g_hi[rt]))
    feasible = np.flatnonzero(r_hi >= r_lo)
    span_w = (r_hi[feasible] - r_lo[feasible] + 1).astype(float)

    k = np.minimum(1 + rng.poisson(max(actors_per_event - 1.0, 0.0), size=n_events), 6)
    u = rng.random(n_events)
    on_rel = (k >= 2) & (u < 0.85) & (len(feasible) > 0)
    pair = (k >= 2) & ~on_rel
    single = k == 1

    ev_rel = np.full(n_events, -1, dtype=np.int64)
    a = np.zeros(n_events, dtype=np.int64)
    b = np.full(n_events, -1, dtype=np.int64)
    lo = np.zeros(n_events, dtype=np.int64)
    hi = np.zeros(n_events, dtype=np.int64)
    kind = np.full(n_events, "", dtype=object)
    role_a = np.full(n_events, "", dtype=object)
    role_b = np.full(n_events, "", dtype=object)

    # events on a relation
    i_rel = np.flatnonzero(on_rel)
    if len(i_rel):
        pick = feasible[rng.choice(len(feasible), size=len(i_rel), p=span_w / span_w.sum())]
        ev_rel[i_rel] = pick
        a[i_rel], b[i_rel] = rs[pick], rt[pick]
        lo[i_rel], hi[i_rel] = r_lo[pick], r_hi[pick]
        draw = rng.random(len(i_rel))
        for ty, opts in _PAIR_KINDS.items():
            m = rtype[pick] == ty
            if m.any():
                o = (draw[m] * len(opts)).astype(np.int64)
                rows_ = i_rel[m]
                kind[rows_] = np.array([x[0] for x in opts], dtype=object)[o]
                role_a[rows_] = np.array([x[1] for x in opts], dtype=object)[o]
                role_b[rows_] = np.array([x[2] for x in opts], dtype=object)[o]

    # one group's act, and the first group of a co-perpetrated attack
    i_one = np.flatnonzero(single | pair)
    a[i_one] = rng.choice(n_g, size=len(i_one), p=weights)
    lo[i_one], hi[i_one] = g_lo[a[i_one]], g_hi[a[i_one]]
    i_s = np.flatnonzero(single)
    o = rng.choice(len(_SINGLE_KINDS), size=len(i_s), p=_SINGLE_P)
    kind[i_s] = np.array([x[0] for x in _SINGLE_KINDS], dtype=object)[o]
    role_a[i_s] = np.array([x[1] for x in _SINGLE_KINDS], dtype=object)[o]

    # the day: uniform in the window, then a precision (a partial date is the
    # first day of its period, kept at day precision when that predates the window)
    day = lo + (rng.random(n_events) * (np.maximum(hi - lo, 0) + 1)).astype(np.int64)
    day = np.minimum(day, hi)

    # the second group of a co-perpetrated attack, and extra actors: alive that
    # day, distinct from the others (a few tries; one that finds none is dropped)
    actors = np.full((n_events, 6), -1, dtype=np.int64)
    actors[:, 0] = a
    actors[:, 1] = b
    for slot in range(1, 6):
        need = np.flatnonzero((k > slot) & (actors[:, slot] < 0))
        for _ in range(6):
            if not len(need):
                break
            cand = rng.choice(n_g, size=len(need), p=weights)
            ok = (g_lo[cand] <= day[need]) & (g_hi[cand] >= day[need])
            ok &= ~(actors[need, :slot] == cand[:, None]).any(axis=1)
            actors[need[ok], slot] = cand[ok]
            need = need[~ok]
    i_p = np.flatnonzero(pair & (actors[:, 1] >= 0))
    kind[i_p] = "attack"
    role_a[i_p] = "perpetrator"
    role_b[i_p] = np.where(rng.random(len(i_p)) < 0.5, "perpetrator", "claimant")
    lone = pair & (actors[:, 1] < 0)  # no partner alive: one group's attack
    kind[lone], role_a[lone] = "attack", "perpetrator"

    prec = _precision(rng, n_events, 0.08, 0.17)
    snapped = _snap(day, prec)
    prec = np.where(snapped < lo, DAY, prec)
    first = np.where(snapped < lo, day, snapped)
    last = np.where(
        prec == YEAR,
        (first.astype("datetime64[D]").astype("datetime64[Y]") + 1)
        .astype("datetime64[D]")
        .astype(np.int64)
        - 1,
        np.where(
            prec == MONTH,
            (first.astype("datetime64[D]").astype("datetime64[M]") + 1)
            .astype("datetime64[D]")
            .astype(np.int64)
            - 1,
            first,
        ),
    )
    multi = (prec == DAY) & (rng.random(n_events) < 0.08)
    end_day = np.minimum(day + rng.integers(1, 7, size=n_events), hi)
    multi &= end_day > day

    # opposed sides (clash, attack on a target) of a pair with an open alliance or
    # pledge that has begun by then would be contrary evidence: a meeting instead
    coop_open = relations["type"].isin(["alliance", "pledge"]).to_numpy() & (
        relations["end"].to_numpy(dtype=object) == ""
    )
    lo_open: dict[tuple[int, int], int] = {}
    for x, y, sl, kn in zip(
        rs[coop_open].tolist(),
        rt[coop_open].tolist(),
        s_last[coop_open].tolist(),
        s_known[coop_open].tolist(),
        strict=True,
    ):
        key = (min(x, y), max(x, y))
        lo_open[key] = min(lo_open.get(key, NO_END), sl if kn else -NO_END)
    opposed = np.flatnonzero((kind == "clash") | (role_b == "target"))
    for j in opposed.tolist():
        key = (min(a[j], b[j]), max(a[j], b[j]))
        if lo_open.get(key, NO_END) <= last[j]:
            kind[j], role_a[j], role_b[j] = "meeting", "participant", "participant"

    # order by date, then ids
    order = np.lexsort((np.arange(n_events), first))
    width = max(6, len(str(n_events)))
    ids = np.array(_ids("e", n_events, width), dtype=object)
    eid = np.empty(n_events, dtype=object)
    eid[order] = ids

    n_src = len(sources)
    src_ids = sources["id"].to_numpy(dtype=object)
    country = g_country[a]
    lat = np.full(n_events, "", dtype=object)
    lon = np.full(n_events, "", dtype=object)
    located = rng.random(n_events) < 0.7
    ux, uy = rng.random(n_events), rng.random(n_events)
    from militnet._core.places import country_bbox

    for name in np.unique(country[located]).tolist():
        box = country_bbox(str(name))
        m = located & (country == name)
        if box is None:
            continue
        w, s_, e_, n_ = box
        x = w + (e_ - w) * (0.1 + 0.8 * ux[m])
        y = s_ + (n_ - s_) * (0.1 + 0.8 * uy[m])
        lon[m] = [f"{v:.4f}" for v in x.tolist()]
        lat[m] = [f"{v:.4f}" for v in y.tolist()]
    violent = np.isin(kind, _VIOLENT)
    fat = rng.geometric(0.15, size=n_events) - 1
    fat_s = np.where(violent & (rng.random(n_events) < 0.7), fat.astype(str), "").astype(object)
    admin1 = rng.integers(1, 35, size=n_events)
    place = rng.integers(1, 5000, size=n_events)
    summaries = [
        f"Synthetic {kd} ({gid[g]})" for kd, g in zip(kind.tolist(), a.tolist(), strict=True)
    ]
    events = pd.DataFrame(
        {
            "id": eid,
            "date": _fmt(first, prec),
            "end": _fmt(end_day, np.full(n_events, DAY), multi),
            "kind": kind,
            "country": country,
            "admin1": [f"Province {x}" for x in admin1.tolist()],
            "admin2": "",
            "place": [f"Place {x}" for x in place.tolist()],
            "latitude": lat,
            "longitude": lon,
            "fatalities": fat_s,
            "summary": summaries,
            "sources": _join_sources(rng, n_events, src_ids, 2) if n_src else "",
            "notes": "",
        }
    ).iloc[order]
    events = events.reset_index(drop=True)

    # actor rows, in event order
    roles = np.full((n_events, 6), "participant", dtype=object)
    roles[:, 0], roles[:, 1] = role_a, role_b
    clash = kind == "clash"
    roles[clash, 2:] = "claimant"  # a third group claiming part in a clash is on no side
    ev_i, slot = np.nonzero(actors[order] >= 0)
    src_row = order[ev_i]
    conf = CONFIDENCE_ACTOR[rng.choice(4, size=len(ev_i), p=CONFIDENCE_ACTOR_P)]
    event_actors = pd.DataFrame(
        {
            "event": ids[ev_i],
            "group": gid[actors[src_row, slot]],
            "role": roles[src_row, slot],
            "confidence": conf,
            "notes": "",
        }
    )

    # relations cite the events drawn on them (in date order)
    cited: list[list[str]] = [[] for _ in range(n_r)]
    for j in order[ev_rel[order] >= 0].tolist():
        cited[int(ev_rel[j])].append(str(eid[j]))
    relations = relations.copy()
    relations["events"] = [";".join(c) for c in cited]
    return events, event_actors, relations


def write_dataset(
    folder: str | Path,
    groups,
    relations,
    sources,
    *,
    name: str = "synthetic",
    description: str = "",
    events=None,
    event_actors=None,
) -> Path:
    """Write groups/relations/sources CSVs (``\\n`` line endings, minimal quoting)
    and a small ``datapackage.json``; with ``events`` and ``event_actors`` (from
    :func:`make_events`) also ``events.csv`` and ``event_actors.csv``."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    meta = {
        "name": name,
        "title": f"Synthetic militant affiliation network ({name})",
        "version": "0.0.0",
        "description": description or "Synthetic data from benchmarks/synth.py; not real groups.",
        "licenses": [{"name": "CC0-1.0", "title": "Creative Commons Zero v1.0 Universal"}],
    }
    (folder / "datapackage.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    frames = [("groups", groups), ("relations", relations), ("sources", sources)]
    if events is not None and event_actors is not None:
        frames += [("events", events), ("event_actors", event_actors)]
    for name, df in frames:
        df.to_csv(
            folder / f"{name}.csv",
            index=False,
            quoting=csv.QUOTE_MINIMAL,
            lineterminator="\n",
            encoding="utf-8",
        )
    return folder


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("size", help="S, M, L, or a number of groups (then give n_relations)")
    p.add_argument("rest", nargs="+", help="[n_relations] out_folder")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--undated", type=float, default=0.0)
    p.add_argument(
        "--clean",
        action="store_true",
        help="data that validate with 0 errors and 0 warnings (see the docstring)",
    )
    a = p.parse_args(argv)
    if a.size.upper() in SCALES:
        (n_g, n_r), rest = SCALES[a.size.upper()], a.rest
    else:
        n_g, n_r, rest = int(a.size), int(a.rest[0]), a.rest[1:]
    if len(rest) != 1:
        p.error("expected one output folder")
    g, r, s = make_tables(n_g, n_r, seed=a.seed, undated=a.undated, clean=a.clean)
    clean = "-clean" if a.clean else ""
    out = write_dataset(
        rest[0],
        g,
        r,
        s,
        name=f"synthetic-{n_g}-{n_r}-seed{a.seed}{clean}",
        description=f"make_tables({n_g}, {n_r}, seed={a.seed}, "
        f"undated={a.undated}"
        f"{', clean=True' if a.clean else ''}) from "
        "benchmarks/synth.py; "
        "synthetic, not real groups.",
    )
    print(f"wrote {len(g)} groups, {len(r)} relations, {len(s)} sources to {out}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
