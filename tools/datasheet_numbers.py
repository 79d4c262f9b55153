"""The numbers of the afpak datasheet and the README, computed from the data.

Every count the datasheet (docs/datasets/afpak.md) and the README state about
the bundled data sits in a block this script writes, between markers such as
``<!-- numbers:contents:start -->`` and ``<!-- numbers:contents:end -->``;
tests/test_docs_numbers.py checks that every block is what this script prints
for the bundled data, so a count cannot go stale silently.

    python tools/datasheet_numbers.py            # print every block
    python tools/datasheet_numbers.py --write    # refresh them in the files
"""

from __future__ import annotations

import argparse
import sys
import warnings
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATASHEET = ROOT / "docs" / "datasets" / "afpak.md"
README = ROOT / "README.md"


def marker(name: str, which: str) -> str:
    return f"<!-- numbers:{name}:{which} -->"


def _n(k: int, word: str) -> str:
    return f"{k} {word}{'' if k == 1 else 's'}"


def size(net) -> str:  # type: ignore[no-untyped-def]
    return (
        f"| size | {len(net.groups)} groups, {len(net.relations)} relations, "
        f"{len(net.sources)} sources; {len(net.events)} events with "
        f"{len(net.event_actors)} actor rows |"
    )


def readme(net) -> str:  # type: ignore[no-untyped-def]
    return (
        f"(`afpak` {net.version}: {len(net.groups)} groups,\n"
        f"{len(net.relations)} relations, {len(net.events)} evidence events, every tie "
        "cited and dated where the sources allow; alleged ties are left out of measures "
        "unless asked for, and ties lapse after five years unless attested)."
    )


def contents(net) -> str:  # type: ignore[no-untyped-def]
    from militnet._core.model import CONFIDENCE_LEVELS, RELATION_TYPES

    rel = net.relations
    levels = list(CONFIDENCE_LEVELS)
    lines = [
        "| type | " + " | ".join(levels) + " | total |",
        "|---" * (len(levels) + 2) + "|",
    ]
    for t in RELATION_TYPES:
        sub = rel[rel["type"] == t]
        cells = [str(int((sub["confidence"] == c).sum())) for c in levels]
        lines.append(f"| {t} | " + " | ".join(cells) + f" | {len(sub)} |")
    tot = [f"**{int((rel['confidence'] == c).sum())}**" for c in levels]
    lines.append("| **total** | " + " | ".join(tot) + f" | **{len(rel)}** |")
    undated = int((rel["start"] == "").sum())
    lines += [
        "",
        f"Undocumented starts: {_n(undated, 'relation')} "
        f"({100 * undated / max(len(rel), 1):.1f} % of the file; §8 lists them).",
    ]
    return "\n".join(lines)


def events(net) -> str:  # type: ignore[no-untyped-def]
    from militnet._core.dates import PartialDate
    from militnet._core.model import EVENT_KINDS, EVENT_ROLES

    ev, act, rel = net.events, net.event_actors, net.relations
    per_event = act.groupby("event")["group"]
    two_rows = int((per_event.size() >= 2).sum())
    two_groups = int((per_event.nunique() >= 2).sum())
    citing = int((rel["events"] != "").sum())
    prec = [PartialDate.parse(d).precision for d in ev["date"]]
    country = ev["country"][ev["country"] != ""]
    top = country.value_counts()
    named = ", ".join(f"{c} {k}" for c, k in top.head(3).items())
    others = int(top.iloc[3:].sum())
    coords = int(((ev["latitude"] != "") & (ev["longitude"] != "")).sum())
    deaths = int((ev["fatalities"] != "").sum())
    roles = act["role"].value_counts()
    role_text = ", ".join(f"{r} {int(roles.get(r, 0))}" for r in EVENT_ROLES if roles.get(r, 0))
    lines = [
        f"**{len(ev)} events** with **{len(act)} actor rows**; {two_rows} events have two "
        f"or more actor rows ({two_groups} name two or more distinct groups). {citing} of "
        f"{len(rel)} relations cite at least one event in their `events` column; each of "
        'the others says in its notes why no dated event exists ("No evidence event: ...").',
        "",
        "| kind | events |",
        "|---|---|",
    ]
    kinds = ev["kind"].value_counts()
    lines += [f"| {k} | {int(kinds[k])} |" for k in EVENT_KINDS if k in kinds]
    lines += [
        f"| **total** | **{len(ev)}** |",
        "",
        f"Dates: {prec.count('day')} to the day, {prec.count('month')} to the month, "
        f"{prec.count('year')} to the year only (never a day or month the source does not "
        f"give). Places: {len(country)} events have a country ({named}"
        + (f", others {others}" if others else "")
        + f"); {coords} carry coordinates and {deaths} a fatality count. Roles: {role_text}.",
    ]
    return "\n".join(lines)


def undated(net) -> str:  # type: ignore[no-untyped-def]
    rel = net.relations
    ids = sorted(rel.index[rel["start"] == ""])
    return f"{len(ids)} rows, {100 * len(ids) / len(rel):.1f}%: {', '.join(ids)}"


def alternatives(net) -> str:  # type: ignore[no-untyped-def]
    rel = net.relations
    start = int((rel["start_alt"] != "").sum())
    either = int(((rel["start_alt"] != "") | (rel["end_alt"] != "")).sum())
    return f"{start} rows have a `start_alt`, {either} either alternative"


def confidence(net) -> str:  # type: ignore[no-untyped-def]
    from militnet._core.model import CONFIDENCE_LEVELS

    counts = net.relations["confidence"].value_counts()
    parts = ", ".join(f"{int(counts.get(c, 0))} {c}" for c in CONFIDENCE_LEVELS)
    return f"Totals: {parts} ({len(net.relations)} relations; §3)."


def kinds(net) -> str:  # type: ignore[no-untyped-def]
    counts = net.sources["kind"].value_counts()
    parts = ", ".join(f"{k} {int(v)}" for k, v in counts.items())
    return f"Counts ({len(net.sources)} sources, version {net.version}): {parts}."


#: block name -> (file, function of the network)
BLOCKS: dict[str, tuple[Path, Callable[..., str]]] = {
    "size": (DATASHEET, size),
    "contents": (DATASHEET, contents),
    "events": (DATASHEET, events),
    "readme": (README, readme),
    "undated": (DATASHEET, undated),
    "alternatives": (DATASHEET, alternatives),
    "confidence": (DATASHEET, confidence),
    "kinds": (DATASHEET, kinds),
}
#: blocks inside a sentence: their markers stand on the same line as the text
INLINE = {"undated", "alternatives", "confidence", "kinds"}


def blocks(name: str = "afpak") -> dict[str, str]:
    import militnet

    warnings.simplefilter("ignore")
    net = militnet.load_dataset(name)
    return {k: f(net) for k, (_, f) in BLOCKS.items()}


#: blocks that are one line of a table (markers would break it): found by their start
LINES = {"size": "| size |"}


def quoted(path: Path, name: str) -> str | None:
    text = path.read_text(encoding="utf-8")
    if name in LINES:
        hits = [x for x in text.splitlines() if x.startswith(LINES[name])]
        return hits[0] if len(hits) == 1 else None
    a, b = marker(name, "start"), marker(name, "end")
    if a not in text or b not in text:
        return None
    inside = text.split(a, 1)[1].split(b, 1)[0]
    return inside if name in INLINE else inside.strip("\n")


def write(path: Path, name: str, body: str) -> None:
    text = path.read_text(encoding="utf-8")
    if name in LINES:
        old = quoted(path, name)
        assert old is not None
        path.write_text(text.replace(old + "\n", body + "\n", 1), encoding="utf-8")
        return
    a, b = marker(name, "start"), marker(name, "end")
    head, rest = text.split(a, 1)
    _, tail = rest.split(b, 1)
    sep = "" if name in INLINE else "\n"
    path.write_text(f"{head}{a}{sep}{body}{sep}{b}{tail}", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--write", action="store_true", help="refresh the blocks in their files")
    args = ap.parse_args(argv)
    fresh = blocks()
    status = 0
    for name, body in fresh.items():
        path = BLOCKS[name][0]
        if not args.write:
            print(
                body if name in LINES else f"{marker(name, 'start')}\n{body}\n{marker(name, 'end')}"
            )
            print()
        elif quoted(path, name) is None:
            print(f"{path}: markers of block {name!r} not found", file=sys.stderr)
            status = 1
        else:
            write(path, name, body)
    return status


if __name__ == "__main__":
    raise SystemExit(main())
