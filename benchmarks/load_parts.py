"""Where ``militnet.load`` spends its time, part by part, on a synthetic dataset.

    python benchmarks/load_parts.py --scale M          # clean data (0 warnings)
    python benchmarks/load_parts.py --scale M --messy  # the generator's default data

Prints, best of ``--repeat`` rounds (the minimum wall-clock time, as
``benchmarks/run.py`` measures, so other work on the machine counts less):
pandas' plain read of the three files (the benchmark's reference), militnet's
read (parse and proof of well-formedness), the checks, building the
DataFrames, and the whole ``militnet.load``; then, for relations.csv alone,
``csv_shape`` and pandas' C parser as ``parse_csv`` calls it. The figures in
``benchmarks/BACKEND.md`` ("Load + validate") come from it.
"""

from __future__ import annotations

import argparse
import io
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import militnet
from benchmarks.synth import SCALES, make_tables, write_dataset
from militnet._classes.network import Network
from militnet._core.problems import ValidationReport
from militnet._core.schema import FILES
from militnet._dataset.read import csv_shape, read_folder
from militnet._dataset.validate import check_tables


def best(fn: Callable[[], Any], repeat: int) -> float:
    out = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        out = min(out, time.perf_counter() - t)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", default="M", choices=sorted(SCALES))
    ap.add_argument("--repeat", type=int, default=15)
    ap.add_argument("--messy", action="store_true", help="data that draw many warnings")
    a = ap.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="militnet-load-"))
    try:
        write_dataset(folder, *make_tables(*SCALES[a.scale], seed=0, clean=not a.messy))
        files = [folder / FILES[n] for n in ("groups", "relations", "sources")]
        tables, meta, problems = read_folder(folder)
        problems = problems + check_tables(tables)
        rel = (folder / FILES["relations"]).read_bytes()
        rows = [
            (
                "pandas.read_csv of the three files (reference)",
                best(
                    lambda: [pd.read_csv(f, dtype=str, keep_default_na=False) for f in files],
                    a.repeat,
                ),
            ),
            (
                "militnet: read (parse, prove well formed)",
                best(lambda: read_folder(folder), a.repeat),
            ),
            (
                "militnet: checks (every rule, problems worded)",
                best(lambda: check_tables(read_folder(folder)[0]), a.repeat)
                - best(lambda: read_folder(folder), a.repeat),
            ),
            (
                "militnet: the network's DataFrames",
                best(
                    lambda: Network._from_tables(tables, meta, ValidationReport(problems)), a.repeat
                ),
            ),
            ("militnet.load, the whole", best(lambda: militnet.load(folder), a.repeat)),
            ("relations.csv: csv_shape", best(lambda: csv_shape(rel), a.repeat)),
            (
                "relations.csv: pandas' C parser as parse_csv calls it",
                best(
                    lambda: pd.read_csv(
                        io.BytesIO(rel),
                        header=None,
                        dtype=object,
                        na_filter=False,
                        skip_blank_lines=False,
                    ),
                    a.repeat,
                ),
            ),
        ]
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    warnings = sum(p.severity == "warning" for p in problems)
    print(
        f"scale {a.scale}, {'messy' if a.messy else 'clean'} data ({warnings:,} warnings); "
        f"best of {a.repeat}, wall clock"
    )
    for label, sec in rows:
        print(f"  {label:55s} {sec * 1e3:8.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
