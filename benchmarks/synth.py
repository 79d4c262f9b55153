"""Seeded synthetic generator of temporal militant affiliation networks.

    from benchmarks.synth import make_tables, SCALES
    groups, relations, sources = make_tables(1_000, 20_000, seed=0)

    python benchmarks/synth.py M out/          # writes out/{groups,relations,sources}.csv
    python benchmarks/synth.py 500 4000 out/ --seed 3

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
"""
from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd

ZIPF = 0.65  # endpoint weight = rank ** -ZIPF
SCALES = {"S": (60, 300), "M": (1_000, 20_000), "L": (10_000, 200_000)}

GROUP_COLUMNS = ["id", "name", "aliases", "founded", "ended", "orientation",
                 "country", "notes", "sources"]
RELATION_COLUMNS = ["id", "source", "target", "type", "start", "end",
                    "confidence", "evidence", "sources", "notes"]
SOURCE_COLUMNS = ["id", "title", "publisher", "date", "url", "document", "notes"]

TYPES = np.array(["alliance", "rivalry", "pledge", "split", "merger"])
TYPE_P = np.array([0.55, 0.18, 0.12, 0.08, 0.07])       # overall target mix
REFORM_SHARE = 0.08                                       # re-formed alliances
_BASE_P = TYPE_P - np.array([REFORM_SHARE, 0, 0, 0, 0])
_BASE_P = _BASE_P / _BASE_P.sum()                         # mix of the other records
CONFIDENCE = np.array(["confirmed", "reported", "alleged"])
CONFIDENCE_P = np.array([0.55, 0.30, 0.15])
ORIENTATIONS = np.array(["jihadist", "sectarian", "nationalist", "separatist",
                         "ethnic", "leftist"])
ORIENTATION_P = np.array([0.45, 0.15, 0.15, 0.12, 0.08, 0.05])
COUNTRIES = np.array(["Afghanistan", "Pakistan", "Iran", "Iraq", "Syria",
                      "India", "Uzbekistan", "Tajikistan", "Yemen", "Somalia"])
COUNTRY_P = np.array([0.22, 0.24, 0.06, 0.1, 0.1, 0.08, 0.05, 0.04, 0.06, 0.05])
PUBLISHERS = np.array(["Dawn", "The Express Tribune", "Reuters", "BBC News",
                       "Al Jazeera", "Associated Press", "TOLOnews",
                       "The Long War Journal", "UN Monitoring Team", "Gandhara"])
PREFIXES = ["Jamaat", "Lashkar", "Harakat", "Tehrik", "Jaish", "Hizb", "Ansar",
            "Jabhat", "Tanzeem", "Katibat", "Sipah", "Front"]
SYLLABLES = ["al", "ba", "dar", "fa", "ha", "ja", "kha", "li", "ma", "na", "qa",
             "ra", "sa", "ta", "wa", "za", "mu", "si", "ud", "ib", "ar", "ka",
             "ri", "ya", "hu", "ze", "ni", "bi", "sha", "gul"]
SUFFIXES = ["", "", "", " Khorasan", " al-Alami", " Islami", " Mujahideen",
            " Pakistan", " Afghanistan", " Shura"]
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
    return [s[:w] if v else "" for s, w, v in
            zip(iso.tolist(), widths.tolist(), valid.tolist(), strict=False)]


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
            alts.append(name.replace("-e-", "-i-") if joiner == "-e-"
                        else name.replace("-ul-", " al-"))
        if n_alias[i] >= 2:  # acronym
            alts.append("".join(w[0] for w in name.replace("-", " ").split()
                                if w[0].isupper()))
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
    df = pd.DataFrame({
        "id": _ids("g", n_groups, max(5, len(str(n_groups)))),
        "name": names,
        "aliases": aliases,
        "founded": _fmt(founded, f_prec),
        "ended": _fmt(np.where(has_end, ended, 0), e_prec, has_end),
        "orientation": ORIENTATIONS[rng.choice(len(ORIENTATIONS), n_groups, p=ORIENTATION_P)],
        "country": COUNTRIES[rng.choice(len(COUNTRIES), n_groups, p=COUNTRY_P)],
        "notes": "",
        "sources": _join_sources(rng, n_groups, src_ids, 2),
    })
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
    g_hi = np.minimum(ended[s], ended[t])            # earlier group end or NO_END
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
    s_prec = np.where(snapped < lo, DAY, s_prec)    # truncation must not predate a founding
    start = np.where(snapped < lo, start, snapped)
    s_prec = np.where(sp, -1, s_prec)               # marker: copy the founding string

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
        cand = np.flatnonzero((cur["typ"] == 0) & (cur["end"] < NO_END) & ~cur["succ"]
                              & (cur["end"] + gap <= cur["hi"] - 366))
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
        for acc, x in ((rs, ns), (rt, nt), (rstart, nstart), (rend, nend), (rclip, nclip),
                       (rsprec, nsp), (reprec, nep)):
            acc.append(x)
        rfrom.append(np.where(ended[ns] <= ended[nt], ns, nt))
        need -= len(pick)
        cur = dict(s=ns, t=nt, typ=np.zeros(len(pick), dtype=int), end=nend,
                   hi=nhi, g_hi=ng_hi, succ=np.zeros(len(pick), dtype=bool))

    cat = lambda a, parts: np.concatenate([a, *parts]) if parts else a  # noqa: E731
    s, t = cat(s, rs), cat(t, rt)
    typ = cat(typ, [np.zeros(len(x), dtype=typ.dtype) for x in rs])
    start, end = cat(start, rstart), cat(end, rend)
    clipped, end_from = cat(clipped, rclip), cat(end_from, rfrom)
    s_prec, end_prec = cat(s_prec, rsprec), cat(end_prec, reprec)

    if need > 0:  # nothing left to re-form (tiny scales): top up with fresh relations
        extra = _relations_fresh(rng, need, founded, ended, weights)
        s, t, typ, start, end, clipped, end_from, s_prec, end_prec = (
            np.concatenate([a, b]) for a, b in zip(
                (s, t, typ, start, end, clipped, end_from, s_prec, end_prec), extra, strict=False))

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


# --------------------------------------------------------------------- API
def make_tables(n_groups: int, n_relations: int, seed: int = 0, *,
                undated: float = 0.0) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Return (groups, relations, sources) DataFrames of strings ("" = missing)."""
    if n_groups < 2:
        raise ValueError("need at least two groups")
    rng = np.random.default_rng(seed)

    n_src = max(10, n_relations // 20)
    src_ids = np.array(_ids("src", n_src, max(4, len(str(n_src)))), dtype=object)
    src_days = rng.integers(np.datetime64("1990-01-01", "D").astype(np.int64),
                            HORIZON, size=n_src)
    pub = PUBLISHERS[rng.integers(0, len(PUBLISHERS), size=n_src)]
    sources = pd.DataFrame({
        "id": src_ids,
        "title": [f"Report {i} on militant affiliations" for i in range(1, n_src + 1)],
        "publisher": pub,
        "date": _fmt(src_days, np.full(n_src, DAY)),
        "url": [f"https://example.org/news/{x}" for x in src_ids],
        "document": "",
        "notes": "",
    })

    groups, founded, ended, _f_prec, e_prec = _groups(rng, n_groups, src_ids)

    ranks = np.empty(n_groups)
    ranks[rng.permutation(n_groups)] = np.arange(1, n_groups + 1)
    weights = ranks ** -ZIPF
    weights /= weights.sum()

    (s, t, typ, start, end, clipped, end_from, s_prec,
     end_prec) = _relations(rng, n_relations, founded, ended, e_prec, weights)
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
    if undated > 0:
        start_str[rng.random(n) < undated] = ""

    types = TYPES[typ]
    relations = pd.DataFrame({
        "id": _ids("r", n, max(6, len(str(n)))),
        "source": gid[s],
        "target": gid[t],
        "type": types,
        "start": start_str,
        "end": end_str,
        "confidence": CONFIDENCE[rng.choice(3, size=n, p=CONFIDENCE_P)],
        "evidence": pd.Series(types).map(EVIDENCE).to_numpy(),
        "sources": _join_sources(rng, n, src_ids, 3),
        "notes": "",
    })
    return groups, relations, sources


def write_dataset(folder: str | Path, groups, relations, sources, *,
                  name: str = "synthetic", description: str = "") -> Path:
    """Write groups/relations/sources CSVs (``\\n`` line endings, minimal quoting)
    and a small ``datapackage.json``."""
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
    for name, df in (("groups", groups), ("relations", relations), ("sources", sources)):
        df.to_csv(folder / f"{name}.csv", index=False, quoting=csv.QUOTE_MINIMAL,
                  lineterminator="\n", encoding="utf-8")
    return folder


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("size", help="S, M, L, or a number of groups (then give n_relations)")
    p.add_argument("rest", nargs="+", help="[n_relations] out_folder")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--undated", type=float, default=0.0)
    a = p.parse_args(argv)
    if a.size.upper() in SCALES:
        (n_g, n_r), rest = SCALES[a.size.upper()], a.rest
    else:
        n_g, n_r, rest = int(a.size), int(a.rest[0]), a.rest[1:]
    if len(rest) != 1:
        p.error("expected one output folder")
    g, r, s = make_tables(n_g, n_r, seed=a.seed, undated=a.undated)
    out = write_dataset(rest[0], g, r, s, name=f"synthetic-{n_g}-{n_r}-seed{a.seed}",
                        description=f"make_tables({n_g}, {n_r}, seed={a.seed}, "
                                    f"undated={a.undated}) from benchmarks/synth.py; "
                                    "synthetic, not real groups.")
    print(f"wrote {len(g)} groups, {len(r)} relations, {len(s)} sources to {out}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
