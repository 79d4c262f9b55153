"""The crosswalk at scale (issue 21): 3,000 actor names against 1,000 groups.

    python benchmarks/crosswalk_bench.py                 # target <= 1 s
    python benchmarks/crosswalk_bench.py --repeat 5 --json out.json

The base network is ``benchmarks/synth.py``'s ``make_tables(1000, 2000, seed=0,
clean=True)`` (1,000 groups with names, aliases and countries). The external
network has 3,000 groups as an event dataset's actor list looks: a third spell
a base group another way (case, hyphens, transliteration variants, an alias),
some of those with a country the base group does not have (conflicts), a few
share a name with another actor (duplicates), and the rest are names the base
does not know. Timed: ``militnet.crosswalk(base, external)``, min and median
over ``--repeat`` runs after one untimed call (warm), and one fresh call.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import militnet
from militnet import Group, Network

TARGET_S = 1.0


def _variant(name: str, rng: random.Random) -> str:
    """Another spelling of a name: case, hyphens, vowels."""
    out = name
    for a, b in (("-e-", "-i-"), ("ee", "i"), ("u", "a"), (" ", "-")):
        if rng.random() < 0.4:
            out = out.replace(a, b)
    return out.upper() if rng.random() < 0.2 else out


def networks(n_base: int = 1000, n_ext: int = 3000, seed: int = 0) -> tuple[Network, Network]:
    from synth import make_tables

    groups_df, relations_df, sources_df = make_tables(n_base, 2 * n_base, seed=seed, clean=True)
    base = militnet.Network(groups=groups_df, relations=relations_df, sources=sources_df)
    rng = random.Random(seed)
    g = base.groups
    ids = list(g.index)
    groups = []
    for k in range(n_ext):
        r = rng.random()
        if r < 0.33:
            gid = rng.choice(ids)
            names = [g.loc[gid, "name"], *[a for a in g.loc[gid, "aliases"].split(";") if a]]
            country = g.loc[gid, "country"] if rng.random() < 0.9 else "Mali"
            groups.append(Group(f"x{k}", _variant(rng.choice(names), rng), country=country))
        elif r < 0.36:
            groups.append(Group(f"x{k}", f"Actor {k // 2}"))  # pairs of one name
        else:
            groups.append(Group(f"x{k}", f"Unknown Armed Group {k}", country="Somalia"))
    ext = Network(groups=groups, metadata={"name": "events"})
    return base, ext


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--json", metavar="FILE")
    args = ap.parse_args()
    base, ext = networks()
    t0 = time.perf_counter()
    cw = militnet.crosswalk(base, ext)
    first = time.perf_counter() - t0
    times = []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        militnet.crosswalk(base, ext)
        times.append(time.perf_counter() - t0)
    counts = cw["how"].where(cw["how"] != "", cw["why_not"]).value_counts().to_dict()
    result = {
        "base_groups": len(base.groups),
        "external_groups": len(ext.groups),
        "first_s": round(first, 3),
        "min_s": round(min(times), 3),
        "median_s": round(statistics.median(times), 3),
        "target_s": TARGET_S,
        "rows": counts,
    }
    print(
        f"crosswalk of {len(ext.groups)} names against {len(base.groups)} groups: "
        f"first {first:.3f} s, min {min(times):.3f} s, median {statistics.median(times):.3f} s "
        f"(target <= {TARGET_S:.0f} s); rows: {counts}"
    )
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0 if min(times) <= TARGET_S else 1


if __name__ == "__main__":
    sys.exit(main())
