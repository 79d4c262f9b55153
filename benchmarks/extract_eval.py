"""Precision, recall and date accuracy of ``militnet.extract`` on hand-coded articles.

Two sets:

- **seeds**: the five seed articles (``../shared/seeds`` beside the repository,
  or ``--seeds DIR``), dated by the installed afpak's sources.csv (``seed-000`` ...),
  against the gold relations in ``tests/data/extract/gold/seed-00N.csv``; the
  afpak relations that cite each seed are reported too (how many of them the
  extractor proposes), whatever version of afpak is installed;
- **news**: the short excerpts in ``tests/data/extract/news/`` (their header
  gives the publication date) against ``tests/data/extract/gold/<name>.csv``;
- **dev** and **heldout**: a second, fresher gold set of news excerpts
  (2010-2024, ``tests/data/extract/fresh/{dev,heldout}/<name>.txt`` with the
  hand-coded ``<name>.csv`` beside each), coded before the extractor was run
  on them. The rules are tuned on ``dev`` only; ``heldout`` is scored, never
  tuned on.

Scoring (relations between known groups): a candidate counts when both ends
are resolved group ids, it is neither negated nor out of scope; candidates are
deduplicated by (type, source, target), undirected types unordered. It matches
a gold row with the same type and ends (``a|b`` in the gold accepts either).
Date accuracy is over matched gold rows: the candidate's ``start`` equals the
gold ``start`` (an empty gold start needs an empty candidate start: no date
invented). "lenient recall" also counts a gold row found only by a candidate
left ambiguous whose candidates include the gold ends.

Run: ``python benchmarks/extract_eval.py [--seeds DIR] [--markdown]``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "extract"
SYMMETRIC = {"alliance", "rivalry"}


def _alts(value: Any) -> set[str]:
    return {v.strip() for v in str("" if pd.isna(value) else value).split("|")}


def _matches(g: pd.Series, src: set[str], tgt: set[str], rtype: str) -> bool:
    if rtype != g["type"]:
        return False
    gs, gt = _alts(g["source"]), _alts(g["target"])
    if src & gs and tgt & gt:
        return True
    return rtype in SYMMETRIC and bool(src & gt and tgt & gs)


def score(candidates: pd.DataFrame, gold: pd.DataFrame) -> dict[str, Any]:
    """Counts for one article: predicted, gold, true positives, dates right..."""
    c = candidates[~candidates["negated"] & ~candidates["out_of_scope"]]
    resolved = c[~c["ambiguous"]]
    preds: dict[tuple[str, str, str], list[str]] = {}
    for row in resolved.itertuples():
        s, t = str(row.source), str(row.target)
        key = (row.type, *sorted((s, t))) if row.type in SYMMETRIC else (row.type, s, t)
        preds.setdefault(key, []).append(str(row.start or ""))
    gold_hit = [False] * len(gold)
    date_ok = [False] * len(gold)
    pred_hit = 0
    for key, starts in preds.items():
        rtype, a, b = key
        hit = False
        for i, (_, g) in enumerate(gold.iterrows()):
            if _matches(g, {a}, {b}, rtype):
                hit = gold_hit[i] = True
                want = _alts(g["start"])
                date_ok[i] = date_ok[i] or any(s in want for s in starts)
        pred_hit += hit
    lenient = list(gold_hit)
    amb = c[c["ambiguous"]]
    for row in amb.itertuples():
        src = (
            set(str(row.source_candidates).split(";"))
            if "|" in str(row.source)
            else {str(row.source)}
        )
        tgt = (
            set(str(row.target_candidates).split(";"))
            if "|" in str(row.target)
            else {str(row.target)}
        )
        for i, (_, g) in enumerate(gold.iterrows()):
            lenient[i] = lenient[i] or _matches(g, src, tgt, str(row.type))
    return {
        "predicted": len(preds),
        "correct": pred_hit,
        "gold": len(gold),
        "found": sum(gold_hit),
        "found_lenient": sum(lenient),
        "dates_right": sum(d for d, h in zip(date_ok, gold_hit, strict=True) if h),
        "missed": [
            f"{g['source']}-{g['type']}-{g['target']}"
            for (_, g), h in zip(gold.iterrows(), gold_hit, strict=True)
            if not h
        ],
        "wrong": [
            f"{k[1]}-{k[0]}-{k[2]}"
            for k in preds
            if not any(_matches(g, {k[1]}, {k[2]}, k[0]) for _, g in gold.iterrows())
        ],
    }


def read_news(path: Path) -> tuple[dict[str, str], str]:
    """Header (``# key: value`` lines) and body of a news excerpt file."""
    head: dict[str, str] = {}
    lines = path.read_text(encoding="utf-8").splitlines()
    k = 0
    while k < len(lines) and lines[k].startswith("#"):
        key, _, value = lines[k][1:].partition(":")
        head[key.strip()] = value.strip()
        k += 1
    return head, "\n".join(lines[k:]).strip() + "\n"


FRESH = DATA / "fresh"
SPLITS = ("dev", "heldout")


def _gold(name: str, group: str = "news") -> pd.DataFrame:
    path = FRESH / group / f"{name}.csv" if group in SPLITS else DATA / "gold" / f"{name}.csv"
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def articles(seeds: Path | None, net: Any) -> list[tuple[str, str, str, str]]:
    """``(set, name, text, published)`` for every article that is present."""
    out = []
    src = net.sources
    if seeds is not None and seeds.is_dir():
        for sid in sorted(i for i in src.index if str(i).startswith("seed-")):
            doc = seeds / str(src.loc[sid, "document"])
            if doc.is_file() and (DATA / "gold" / f"{sid}.csv").is_file():
                out.append(
                    ("seeds", str(sid), doc.read_text(encoding="utf-8"), str(src.loc[sid, "date"]))
                )
    for path in sorted((DATA / "news").glob("*.txt")):
        head, body = read_news(path)
        out.append(("news", path.stem, body, head.get("published", "")))
    for split in SPLITS:
        for path in sorted((FRESH / split).glob("*.txt")):
            head, body = read_news(path)
            out.append((split, path.stem, body, head.get("published", "")))
    return out


def evaluate(seeds: Path | None = None) -> pd.DataFrame:
    """One row per article with its counts, precision, recall and date accuracy."""
    import militnet

    net = militnet.load_dataset("afpak")
    rel = net.relations
    rows = []
    for group, name, text, published in articles(seeds, net):
        cands = militnet.extract(net, text, published=published or None, source=name)
        s = score(cands, _gold(name, group))
        if group == "seeds":  # afpak's own relations citing this seed, as a second reference
            cited = rel[rel["sources"].str.split(";").apply(lambda ids, n=name: n in ids)]
            ref = cited[["source", "target", "type", "start"]].assign(
                start=cited["start"].fillna("")
            )
            s["afpak_cites"] = len(ref)
            s["afpak_found"] = score(cands, ref)["found"]
        rows.append({"set": group, "article": name, "published": published, **s})
    df = pd.DataFrame(rows)
    df["precision"] = df["correct"] / df["predicted"].where(df["predicted"] > 0)
    df["recall"] = df["found"] / df["gold"].where(df["gold"] > 0)
    df["date_accuracy"] = df["dates_right"] / df["found"].where(df["found"] > 0)
    return df


def totals(df: pd.DataFrame) -> pd.DataFrame:
    """Micro-averaged figures per set."""
    cols = ["predicted", "correct", "gold", "found", "found_lenient", "dates_right"]
    t = df.groupby("set", sort=False)[cols].sum()
    t["precision"] = t["correct"] / t["predicted"]
    t["recall"] = t["found"] / t["gold"]
    t["recall_lenient"] = t["found_lenient"] / t["gold"]
    t["date_accuracy"] = t["dates_right"] / t["found"]
    return t


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--seeds",
        type=Path,
        default=ROOT.parent / "shared" / "seeds",
        help="folder of the seed articles (default: ../shared/seeds)",
    )
    ap.add_argument("--details", action="store_true", help="list misses and wrong candidates")
    args = ap.parse_args(argv)
    df = evaluate(args.seeds)
    show = [
        "set",
        "article",
        "published",
        "predicted",
        "correct",
        "gold",
        "found",
        "precision",
        "recall",
        "date_accuracy",
    ]
    print(
        df[show].to_markdown(index=False, floatfmt=".2f")
        if _has_tabulate()
        else df[show].to_string(index=False)
    )
    print()
    t = totals(df)
    print(t.to_markdown(floatfmt=".2f") if _has_tabulate() else t.to_string())
    if "afpak_cites" in df:
        seeds = df[df["set"] == "seeds"]
        print(
            f"\nafpak relations citing the seeds: {int(seeds['afpak_cites'].sum())}, "
            f"proposed by the extractor: {int(seeds['afpak_found'].sum())}"
        )
    if args.details:
        for row in df.itertuples():
            print(f"\n{row.article}: missed {row.missed}; wrong {row.wrong}")
    return 0


def _has_tabulate() -> bool:
    try:
        import tabulate  # noqa: F401
    except ImportError:
        return False
    return True


if __name__ == "__main__":
    sys.exit(main())
