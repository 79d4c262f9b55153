"""Evidence events at scale (issue 20): load, snapshot, analyses, index.

    python benchmarks/events_bench.py                       # M: 20,000 relations, 200,000 events
    python benchmarks/events_bench.py --repeat 5 --json out.json

The data come from ``benchmarks/synth.py``: ``make_tables(1000, 20000, seed=0,
clean=True)`` and ``make_events(tables, 200000, seed=0)`` (about 400,000 actor
rows; relations cite the events drawn on them), written to a temporary folder.
Measured (wall clock):

a. ``militnet.load`` (read + validate + build) against ``pandas.read_csv`` of
   the same five files (``dtype=str``): target <= 3x;
b. one snapshot ``net.at(day)`` and ``net.ties(day)`` after load: target <= 1 ms;
c. ``militnet.suggest_ends(net)`` and ``militnet.candidates_from_events(net)``:
   target <= 2 s each (skipped, with a message, when not importable);
d. building the ``TimeIndex`` with events and without them.

Each figure is given twice: **fresh**, one new Python process per run (imports
and first-call costs included, as a user's script meets them), min and median
over ``--repeat`` processes; and **warm**, ``--repeat`` runs in this process
after one untimed call (min and median), as ``benchmarks/run.py`` measures.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FILES = ("groups", "relations", "sources", "events", "event_actors")
DAY = "2010-01-01"


def _timed(fn: Callable[[], Any], repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        gc.collect()
        t0 = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
    return out


def _analyses() -> dict[str, Callable[..., Any] | str]:
    import militnet

    found: dict[str, Callable[..., Any] | str] = {}
    for name in ("suggest_ends", "candidates_from_events"):
        try:
            found[name] = getattr(militnet, name)
        except Exception as exc:  # not written yet, or broken: say so
            found[name] = f"not importable ({type(exc).__name__}: {exc})"
    return found


def measure(folder: Path, repeat: int) -> dict[str, Any]:
    """Every figure in this process: the first call (cold) and ``repeat`` warm runs."""
    import pandas as pd

    import militnet
    from militnet._engine.snapshot import TimeIndex

    res: dict[str, Any] = {}

    def read_pandas() -> list[Any]:
        return [pd.read_csv(folder / f"{n}.csv", dtype=str, keep_default_na=False) for n in FILES]

    def load() -> Any:
        return militnet.load(folder)

    for key, fn in (("pandas", read_pandas), ("load", load)):
        t0 = time.perf_counter()
        fn()
        res[f"{key}_first"] = time.perf_counter() - t0
        res[key] = _timed(fn, repeat)
    net = load()
    res["warnings"] = len(net.validation.warnings)
    res["errors"] = len(net.validation.errors)
    res["sizes"] = {
        "relations": len(net.relations),
        "events": len(net.events),
        "event_actors": len(net.event_actors),
        "mb": sum((folder / f"{n}.csv").stat().st_size for n in FILES) / 1e6,
    }
    _ = net.time_index
    for key, fn in (("at", lambda: net.at(DAY)), ("ties", lambda: net.ties(DAY))):
        t0 = time.perf_counter()
        out = fn()
        res[f"{key}_first"] = time.perf_counter() - t0
        res[key] = _timed(fn, max(repeat, 20))
        res[f"{key}_size"] = (
            [out.number_of_nodes(), out.number_of_edges()]
            if hasattr(out, "number_of_nodes")
            else len(out)
        )
    rel_plain = net.relations.drop(columns=["events"])
    res["index_events"] = _timed(lambda: TimeIndex(net.groups, net.relations, net.events), repeat)
    res["index_plain"] = _timed(lambda: TimeIndex(net.groups, rel_plain), repeat)
    res["attested_by_event"] = sum(
        1 for x in TimeIndex(net.groups, net.relations, net.events).a_event if x
    )
    for name, fn in _analyses().items():
        if isinstance(fn, str):
            res[name] = fn
            continue
        try:
            t0 = time.perf_counter()
            out = fn(net)
            res[f"{name}_first"] = time.perf_counter() - t0
            res[name] = _timed(lambda fn=fn: fn(net), repeat)
            res[f"{name}_rows"] = len(out)
        except Exception as exc:
            res[name] = f"failed ({type(exc).__name__}: {exc})"
    return res


def fresh(folder: Path) -> dict[str, Any]:
    """One new process: ``measure(folder, 1)``, its first calls included."""
    code = (
        f"import json, sys; sys.path.insert(0, {str(ROOT)!r}); "
        "from benchmarks.events_bench import measure; from pathlib import Path; "
        f"print(json.dumps(measure(Path({str(folder)!r}), 1)))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def _ms(x: float) -> str:
    return f"{x * 1e3:.2f} ms" if x < 1 else f"{x:.2f} s"


def _mm(xs: list[float]) -> str:
    return f"{_ms(min(xs))} / {_ms(statistics.median(xs))}"


def main(argv: list[str] | None = None) -> int:
    from benchmarks.synth import make_events, make_tables, write_dataset

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--groups", type=int, default=1_000)
    ap.add_argument("--relations", type=int, default=20_000)
    ap.add_argument("--events", type=int, default=200_000)
    ap.add_argument("--repeat", type=int, default=3, help="runs (and fresh processes), >= 3")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--json", type=Path, default=None, help="write the results here")
    a = ap.parse_args(argv)
    repeat = max(a.repeat, 3)

    folder = Path(tempfile.mkdtemp(prefix="militnet-events-"))
    try:
        t0 = time.perf_counter()
        tables = make_tables(a.groups, a.relations, seed=a.seed, clean=True)
        events, actors, relations = make_events(tables, a.events, seed=a.seed)
        write_dataset(folder, tables[0], relations, tables[2], events=events, event_actors=actors)
        t_gen = time.perf_counter() - t0
        runs = [fresh(folder) for _ in range(repeat)]
        warm = measure(folder, repeat)
    finally:
        shutil.rmtree(folder, ignore_errors=True)

    def fresh_of(key: str) -> list[float]:
        return [r[f"{key}_first"] for r in runs if f"{key}_first" in r]

    sz = warm["sizes"]
    print(
        f"evidence events at scale: {a.groups:,} groups / {sz['relations']:,} relations / "
        f"{sz['events']:,} events / {sz['event_actors']:,} actor rows ({sz['mb']:.1f} MB of "
        f"CSV; synth seed {a.seed}, clean; generated in {t_gen:.1f} s); validation "
        f"{warm['errors']} errors, {warm['warnings']:,} warnings; "
        f"{warm['attested_by_event']:,} relations attested later by an event"
    )
    print(f"{repeat} fresh processes and {repeat} warm runs; min / median\n")
    rows = []

    def row(task: str, key: str, target: str, ok: Callable[[float], bool]) -> None:
        f, w = fresh_of(key), warm[key]
        rows.append(
            {
                "task": task,
                "fresh": f,
                "warm": w,
                "target": target,
                "met_warm": ok(min(w)),
                "met_fresh": ok(min(f)) if f else None,
            }
        )

    row("pandas.read_csv, 5 files", "pandas", "", lambda x: True)
    pd_warm, pd_fresh = min(warm["pandas"]), min(fresh_of("pandas"))
    row("militnet.load (read+validate+build)", "load", "<= 3x pandas", lambda x: True)
    rows[-1]["ratio_warm"] = min(warm["load"]) / pd_warm
    rows[-1]["ratio_fresh"] = min(fresh_of("load")) / pd_fresh
    rows[-1]["met_warm"] = rows[-1]["ratio_warm"] <= 3
    rows[-1]["met_fresh"] = rows[-1]["ratio_fresh"] <= 3
    row(f"net.at({DAY}) {warm['at_size']}", "at", "<= 1 ms", lambda x: x <= 1e-3)
    row(f"net.ties({DAY}) ({warm['ties_size']} rows)", "ties", "<= 1 ms", lambda x: x <= 1e-3)
    for name in ("suggest_ends", "candidates_from_events"):
        if isinstance(warm.get(name), str):
            print(f"{name}: skipped, {warm[name]}")
            rows.append({"task": name, "skipped": warm[name]})
        else:
            row(
                f"{name}(net) ({warm[f'{name}_rows']:,} rows)",
                name,
                "<= 2 s",
                lambda x: x <= 2.0,
            )
    rows.append(
        {
            "task": "TimeIndex with events",
            "warm": warm["index_events"],
            "target": "",
        }
    )
    rows.append({"task": "TimeIndex without events", "warm": warm["index_plain"], "target": ""})

    print("| task | fresh (min / median) | warm (min / median) | target | met |")
    print("|---|---|---|---|---|")
    for r in rows:
        if "skipped" in r:
            print(f"| {r['task']} | skipped | skipped | <= 2 s | – |")
            continue
        fr = _mm(r["fresh"]) if r.get("fresh") else "–"
        extra = ""
        if "ratio_warm" in r:
            extra = f" ({r['ratio_fresh']:.1f}× / {r['ratio_warm']:.1f}× pandas)"
        met = "" if not r["target"] else ("yes" if r.get("met_warm") else "no")
        if r["target"] and r.get("met_fresh") is not None and r["met_fresh"] != r["met_warm"]:
            met += f" (fresh: {'yes' if r['met_fresh'] else 'no'})"
        print(f"| {r['task']}{extra} | {fr} | {_mm(r['warm'])} | {r['target']} | {met} |")

    if a.json:
        info = {
            "python": platform.python_version(),
            "machine": platform.machine(),
            "cpus": os.cpu_count(),
            "load_average": os.getloadavg(),
        }
        a.json.write_text(
            json.dumps(
                {
                    "args": vars(a) | {"json": str(a.json)},
                    "info": info,
                    "rows": rows,
                    "fresh_runs": runs,
                    "warm": warm,
                },
                indent=2,
                default=str,
            )
            + "\n",
            encoding="utf-8",
        )
        print(f"\nwrote {a.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
