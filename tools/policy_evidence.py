"""The evidence behind the default tie policy, measured on a dataset (afpak).

Prints a Markdown block that docs/concepts.md quotes between the markers
``<!-- policy-evidence:start -->`` and ``<!-- policy-evidence:end -->``;
tests/test_docs_numbers.py checks that the quoted block is what this script
prints for the bundled data, so the reasoning in the docs cannot drift from
the data.

    python tools/policy_evidence.py            # print the block
    python tools/policy_evidence.py --write    # replace it in docs/concepts.md

Three questions:

1. *How long can a tie go unreported and still be in force?* For every
   relation, the dates that attest it (its start, the events it cites that
   fall inside it, its ``last_attested``), and the silences between two
   consecutive ones: a silence followed by another attestation is a gap the
   tie survived. The lapse rule cuts a tie after ``stale_after`` of silence
   at its end only, so its question is: how often do ties survive a silence
   longer than that?
2. *What happens to alleged ties?* For each ``alleged`` relation, whether
   the same pair is later (or at the same time) also coded by a reported or
   confirmed relation of the same sign (corroborated), whether the pair is
   later coded as rivals or the relation is closed by contrary evidence
   (contradicted), or neither.
3. *How much would the rankings analysts quote rest on alleged ties?* On
   the days the face-validity tests name, the top brokers with alleged ties
   counted, the share of their betweenness that rests on them, and the top
   brokers of the default policy, which leaves them out.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import sys
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "concepts.md"
START, END = "<!-- policy-evidence:start -->", "<!-- policy-evidence:end -->"
DAYS = ("2016-10-24", "2021-09-15", "2023-06-01")


def _mid(text: str) -> dt.date | None:
    """The middle of a partial date's span (None if empty or malformed)."""
    from militnet._core.dates import PartialDate
    from militnet._core.errors import MilitnetError

    try:
        p = PartialDate.parse(text)
    except MilitnetError:
        return None
    if not p.is_known:
        return None
    a, b = p.first_day(), p.last_day()
    return a + (b - a) // 2


def _quantile(values: list[float], q: float) -> float:
    s = sorted(values)
    if not s:
        return float("nan")
    k = (len(s) - 1) * q
    lo = int(k)
    hi = min(lo + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (k - lo)


def attestation_gaps(net) -> dict:  # type: ignore[no-untyped-def]
    """Silences (in years) between consecutive attestations of each relation."""
    ev_date = {str(i): _mid(str(d)) for i, d in net.events["date"].items()}
    gaps: list[float] = []
    single = 0
    tail: list[float] = []  # from the last attestation to an explicit end
    for _rid, r in net.relations.iterrows():
        if r["type"] not in ("alliance", "pledge"):
            continue
        start, end = _mid(r["start"]), _mid(r["end"])
        dates = {d for d in (start, _mid(r.get("last_attested", ""))) if d}
        for e in str(r.get("events", "")).split(";"):
            d = ev_date.get(e.strip())
            if d and (start is None or d >= start) and (end is None or d <= end):
                dates.add(d)
        seq = sorted(dates)
        if len(seq) <= 1:
            single += 1
        gaps += [(b - a).days / 365.25 for a, b in itertools.pairwise(seq)]
        if end and seq:
            tail.append((end - seq[-1]).days / 365.25)
    return {"gaps": gaps, "single": single, "tail": tail}


def alleged_fates(net) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    """Alleged cooperative relations: corroborated, contradicted, or alone."""
    from militnet._algorithms.ends import suggest_ends

    rel = net.relations
    coop = rel[rel["type"].isin(("alliance", "pledge"))]
    ended_by = set(suggest_ends(net)["relation"]) if len(net.events) else set()
    out: dict[str, list[str]] = {"corroborated": [], "contradicted": [], "alone": []}
    for rid, r in coop[coop["confidence"] == "alleged"].iterrows():
        pair = {r["source"], r["target"]}
        same = rel[
            rel.apply(lambda x, p=pair: {x["source"], x["target"]} == p, axis=1)
            & (rel.index != rid)
        ]
        start = _mid(r["start"]) or dt.date.min
        better = same[same["type"].isin(("alliance", "pledge")) & (same["confidence"] != "alleged")]
        rivals = same[same["type"] == "rivalry"]
        later_rival = [
            j for j, x in rivals.iterrows() if (_mid(x["start"]) or dt.date.max) >= start
        ]
        if len(better):
            out["corroborated"].append(str(rid))
        elif later_rival or rid in ended_by or r["end"]:
            out["contradicted"].append(str(rid))
        else:
            out["alone"].append(str(rid))
    return out


def rankings(net) -> list[tuple[str, list[tuple[str, float, float]], list[str]]]:  # type: ignore[no-untyped-def]
    import militnet

    rows = []
    for day in DAYS:
        counted = militnet.TiePolicy(min_confidence="alleged")
        rel = militnet.alleged_reliance(net, day, measures=["betweenness"], policy=counted)
        top = rel.sort_values("betweenness", ascending=False, kind="stable").head(3)
        bare = rel.sort_values("betweenness_without_alleged", ascending=False, kind="stable")
        rows.append(
            (
                day,
                [
                    (str(g), float(v), float(s))
                    for g, v, s in zip(
                        top.index, top["betweenness"], top["betweenness_alleged_share"], strict=True
                    )
                ],
                [str(g) for g in bare.index[:3]],
            )
        )
    return rows


def block(name: str = "afpak") -> str:
    import militnet

    warnings.simplefilter("ignore")
    net = militnet.load_dataset(name)
    g = attestation_gaps(net)
    gaps, tail = g["gaps"], g["tail"]
    over5 = sum(x > 5 for x in gaps)
    over3 = sum(x > 3 for x in gaps)
    fates = alleged_fates(net)
    n_alleged = sum(len(v) for v in fates.values())
    coop = net.relations["type"].isin(("alliance", "pledge"))
    lines = [
        START,
        f"Measured on `{name}` {net.version} by `python tools/policy_evidence.py` "
        "(cooperative relations: alliance and pledge).",
        "",
        f"- **Silences a tie survived.** {len(gaps)} silences between two consecutive "
        f"attestations of the same tie (start, cited events inside it, `last_attested`): "
        f"median {_quantile(gaps, 0.5):.1f} years, 75th percentile "
        f"{_quantile(gaps, 0.75):.1f}, 90th {_quantile(gaps, 0.9):.1f}; "
        f"{over5} of {len(gaps)} ({100 * over5 / max(len(gaps), 1):.0f} %) are longer than "
        f"five years, {over3} ({100 * over3 / max(len(gaps), 1):.0f} %) longer than three. "
        f"{g['single']} cooperative relations have a single attestation.",
        f"- **After the last attestation.** Of {len(tail)} cooperative relations with an "
        f"explicit end, the end falls a median {_quantile(tail, 0.5):.1f} years after the "
        f"last attestation (75th percentile {_quantile(tail, 0.75):.1f}, 90th "
        f"{_quantile(tail, 0.9):.1f}).",
        f"- **Alleged ties.** {n_alleged} of {int(coop.sum())} cooperative relations are "
        f"`alleged`: {len(fates['corroborated'])} were corroborated by a reported or "
        f"confirmed relation of the same pair, {len(fates['contradicted'])} were "
        f"contradicted (a later rivalry of the pair, an end, or contrary events), "
        f"{len(fates['alone'])} stand alone.",
        "",
        "| day | top brokers counting alleged ties (share of betweenness resting on "
        "them) | top brokers, default policy (alleged ties left out) |",
        "| --- | --- | --- |",
    ]
    for day, top, bare in rankings(net):
        cells = ", ".join(f"{gid} {v:.3f} ({100 * s:.0f} %)" for gid, v, s in top)
        lines.append(f"| {day} | {cells} | {', '.join(bare)} |")
    lines.append(END)
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--write", action="store_true", help=f"replace the block in {DOC}")
    args = ap.parse_args(argv)
    text = block()
    if not args.write:
        print(text)
        return 0
    doc = DOC.read_text(encoding="utf-8")
    if START not in doc or END not in doc:
        print(f"{DOC}: markers {START} / {END} not found", file=sys.stderr)
        return 1
    head, rest = doc.split(START, 1)
    _, tail = rest.split(END, 1)
    DOC.write_text(head + text + tail, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
