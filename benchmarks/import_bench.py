"""Benchmark: ``militnet.read_gtd`` on a 200,000-row GTD-layout file, against a
plain ``pandas.read_csv`` of the same file (target: at most 3x).

The file is synthetic (random values in GTD's 135-column layout: no GTD data),
written to a temporary folder. Run::

    python benchmarks/import_bench.py [--rows 200000] [--repeat 3] [--seed 0]
"""

from __future__ import annotations

import argparse
import csv
import tempfile
import time
from pathlib import Path

import numpy as np

HEADER = [
    "eventid",
    "iyear",
    "imonth",
    "iday",
    "approxdate",
    "extended",
    "resolution",
    "country",
    "country_txt",
    "region",
    "region_txt",
    "provstate",
    "city",
    "latitude",
    "longitude",
    "specificity",
    "vicinity",
    "location",
    "summary",
    "crit1",
    "crit2",
    "crit3",
    "doubtterr",
    "alternative",
    "alternative_txt",
    "multiple",
    "success",
    "suicide",
    "attacktype1",
    "attacktype1_txt",
    "attacktype2",
    "attacktype2_txt",
    "attacktype3",
    "attacktype3_txt",
    "targtype1",
    "targtype1_txt",
    "targsubtype1",
    "targsubtype1_txt",
    "corp1",
    "target1",
    "natlty1",
    "natlty1_txt",
    "targtype2",
    "targtype2_txt",
    "targsubtype2",
    "targsubtype2_txt",
    "corp2",
    "target2",
    "natlty2",
    "natlty2_txt",
    "targtype3",
    "targtype3_txt",
    "targsubtype3",
    "targsubtype3_txt",
    "corp3",
    "target3",
    "natlty3",
    "natlty3_txt",
    "gname",
    "gsubname",
    "gname2",
    "gsubname2",
    "gname3",
    "gsubname3",
    "motive",
    "guncertain1",
    "guncertain2",
    "guncertain3",
    "individual",
    "nperps",
    "nperpcap",
    "claimed",
    "claimmode",
    "claimmode_txt",
    "claim2",
    "claimmode2",
    "claimmode2_txt",
    "claim3",
    "claimmode3",
    "claimmode3_txt",
    "compclaim",
    "weaptype1",
    "weaptype1_txt",
    "weapsubtype1",
    "weapsubtype1_txt",
    "weaptype2",
    "weaptype2_txt",
    "weapsubtype2",
    "weapsubtype2_txt",
    "weaptype3",
    "weaptype3_txt",
    "weapsubtype3",
    "weapsubtype3_txt",
    "weaptype4",
    "weaptype4_txt",
    "weapsubtype4",
    "weapsubtype4_txt",
    "weapdetail",
    "nkill",
    "nkillus",
    "nkillter",
    "nwound",
    "nwoundus",
    "nwoundte",
    "property",
    "propextent",
    "propextent_txt",
    "propvalue",
    "propcomment",
    "ishostkid",
    "nhostkid",
    "nhostkidus",
    "nhours",
    "ndays",
    "divert",
    "kidhijcountry",
    "ransom",
    "ransomamt",
    "ransomamtus",
    "ransompaid",
    "ransompaidus",
    "ransomnote",
    "hostkidoutcome",
    "hostkidoutcome_txt",
    "nreleased",
    "addnotes",
    "scite1",
    "scite2",
    "scite3",
    "dbsource",
    "INT_LOG",
    "INT_IDEO",
    "INT_MISC",
    "INT_ANY",
    "related",
]


def write_synthetic(path: Path, rows: int, seed: int = 0) -> None:
    """A GTD-layout CSV of ``rows`` synthetic incidents (no real data)."""
    rng = np.random.default_rng(seed)
    groups = [f"Synthetic Group {i}" for i in range(2000)] + ["Unknown"] * 1500
    year = rng.integers(1970, 2021, rows)
    month = rng.integers(0, 13, rows)
    day = np.where(month == 0, 0, rng.integers(0, 29, rows))
    g1 = rng.integers(0, len(groups), rows)
    has2 = rng.random(rows) < 0.05
    g2 = rng.integers(0, 2000, rows)
    lat = rng.uniform(-60, 70, rows).round(6)
    lon = rng.uniform(-170, 170, rows).round(6)
    spec = rng.integers(1, 6, rows)
    nkill = rng.integers(-1, 30, rows)
    claimed = rng.integers(0, 2, rows)
    countries = ["Atlantis", "Borduria", "Syldavia", "Freedonia", "Ruritania"]
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(HEADER)
        ix = {c: i for i, c in enumerate(HEADER)}
        blank = [""] * len(HEADER)
        for i in range(rows):
            r = list(blank)
            r[ix["eventid"]] = f"{year[i]:04d}{month[i]:02d}{day[i]:02d}{i % 10000:04d}{i // 10000}"
            r[ix["iyear"]], r[ix["imonth"]], r[ix["iday"]] = (
                str(year[i]),
                str(month[i]),
                str(day[i]),
            )
            r[ix["extended"]] = "0"
            r[ix["country_txt"]] = countries[i % 5]
            r[ix["provstate"]] = f"Province {i % 97}"
            r[ix["city"]] = f"City {i % 1013}"
            r[ix["latitude"]], r[ix["longitude"]] = str(lat[i]), str(lon[i])
            r[ix["specificity"]] = str(spec[i])
            r[ix["summary"]] = f"Synthetic incident {i}."
            r[ix["targtype1"]] = str(1 + i % 22)
            r[ix["gname"]] = groups[g1[i]]
            r[ix["guncertain1"]] = "0"
            if has2[i]:
                r[ix["gname2"]] = groups[g2[i]]
                r[ix["guncertain2"]] = "1"
            r[ix["claimed"]] = str(claimed[i])
            r[ix["nkill"]] = str(nkill[i]) if nkill[i] >= 0 else ""
            r[ix["scite1"]] = f"Synthetic citation {i}"
            r[ix["dbsource"]] = "SYNTHETIC"
            w.writerow(r)


def main() -> None:
    import pandas as pd

    import militnet

    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--rows", type=int, default=200_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "gtd_synthetic.csv"
        write_synthetic(path, args.rows, args.seed)
        size = path.stat().st_size / 1e6

        def best(fn: object) -> float:
            times = []
            for _ in range(args.repeat):
                t = time.perf_counter()
                fn()  # type: ignore[operator]
                times.append(time.perf_counter() - t)
            return min(times)

        t_pd = best(lambda: pd.read_csv(path, low_memory=False))
        t_mn = best(lambda: militnet.read_gtd(path))
        net = militnet.read_gtd(path)
        print(f"file: {args.rows} rows x {len(HEADER)} columns, {size:.0f} MB")
        print(f"pandas.read_csv:   {t_pd:.2f} s")
        print(f"militnet.read_gtd: {t_mn:.2f} s ({t_mn / t_pd:.2f}x; target <= 3x)")
        print(
            f"imported {len(net.events)} events, {len(net.event_actors)} actor rows, "
            f"{len(net.groups)} groups; {net.metadata['gtd']['skipped']}"
        )


if __name__ == "__main__":
    main()
