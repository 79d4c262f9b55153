"""Kill every CLI writer with SIGKILL at random moments; count outputs lost or mixed.

Each writer runs first without being killed, twice over the same output (an *old*
output from other arguments, then the *new* one), which gives the bytes of both.
Then, for each run, the old output is put back, a forked process runs the writer
over it and is SIGKILLed after a random delay: a fraction of the writer's
measured run time, adapted run by run to home in on the moment the output
changes (later after an old result, earlier after a new one). The output must
then be the old one or the new one, byte for byte (folders: every file). Leftover hidden temporary
files beside the output are counted, never failures.

Writers: ``render``, ``export`` (gexf, graphml, json, csv nodes/edges pair),
``report`` (markdown, html), ``extract -o``, ``metrics --provenance``,
``series --provenance``, ``combine -o``, ``accept --into``, ``crosswalk -o``,
``events -o``, ``suggest-ends -o``, ``candidates -o``, ``lifecycle --figure``.

    python benchmarks/stress_kill.py --kills 520        # the full run
    python benchmarks/stress_kill.py --kills 40 --writers render,export-csv

Prints one JSON line: kills, per-writer counts (old, new, other) and the cases
that were neither old nor new.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import random
import shutil
import signal
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ARTICLE_OLD = "Jamaat-ul-Ahrar split from the Pakistani Taliban in August 2014.\n"
ARTICLE_NEW = (
    "Jamaat-ul-Ahrar split from the Pakistani Taliban in August 2014. "
    "Lashkar-e-Jhangvi allied with the Pakistani Taliban in 2009.\n"
)


@dataclass
class Writer:
    """One CLI writer: ``old``/``new`` argv (``{root}`` and ``{out}`` filled in),
    the output path relative to the work folder, and how to reset it."""

    name: str
    old: list[str]
    new: list[str]
    out: str
    folder: bool = False
    timed: bool = False  # JSON holding run times: compared without them (see _untimed)


def writers() -> list[Writer]:
    day_old, day_new = "2010-01-01", "2016-01-01"
    return [
        Writer(
            "render",
            ["render", "afpak", "-o", "{out}", "--at", day_old],
            ["render", "afpak", "-o", "{out}", "--at", day_new],
            "page.html",
        ),
        Writer(
            "export-gexf",
            ["export", "afpak", "-o", "{out}", "--min-confidence", "confirmed"],
            ["export", "afpak", "-o", "{out}"],
            "g.gexf",
        ),
        Writer(
            "export-graphml",
            ["export", "afpak", "-o", "{out}", "--at", day_old],
            ["export", "afpak", "-o", "{out}", "--at", day_new],
            "s.graphml",
        ),
        Writer(
            "export-json",
            ["export", "afpak", "-o", "{out}", "--at", day_old],
            ["export", "afpak", "-o", "{out}", "--at", day_new],
            "s.json",
        ),
        Writer(
            "export-csv",
            ["export", "afpak", "--format", "csv", "-o", "{out}", "--at", day_old],
            ["export", "afpak", "--format", "csv", "-o", "{out}", "--at", day_new],
            "csv",
            folder=True,
        ),
        Writer(
            "report-md",
            ["report", "afpak", "--at", day_old, "-o", "{out}"],
            ["report", "afpak", "--at", day_new, "-o", "{out}"],
            "r.md",
        ),
        Writer(
            "report-html",
            ["report", "afpak", "--at", day_old, "--format", "html", "-o", "{out}"],
            ["report", "afpak", "--at", day_new, "--format", "html", "-o", "{out}"],
            "r.html",
        ),
        Writer(
            "extract",
            ["extract", "--data", "afpak", "{root}/old.txt", "-o", "{out}"],
            ["extract", "--data", "afpak", "{root}/new.txt", "-o", "{out}"],
            "cands.csv",
        ),
        Writer(
            "metrics-provenance",
            ["metrics", "afpak", "--at", day_old, "--provenance", "{out}"],
            ["metrics", "afpak", "--at", day_new, "--provenance", "{out}"],
            "p.json",
            timed=True,
        ),
        Writer(
            "series-provenance",
            [
                "series",
                "afpak",
                "--start",
                "2008-01-01",
                "--end",
                "2010-01-01",
                "--freq",
                "YS",
                "--provenance",
                "{out}",
            ],
            [
                "series",
                "afpak",
                "--start",
                "2010-01-01",
                "--end",
                "2014-01-01",
                "--freq",
                "YS",
                "--provenance",
                "{out}",
            ],
            "s.json",
            timed=True,
        ),
        Writer(
            "combine",
            ["combine", "{root}/small", "afpak", "-o", "{out}"],
            ["combine", "afpak", "{root}/small", "-o", "{out}"],
            "comb",
            folder=True,
        ),
        Writer(
            "accept",
            [],  # the old output is the folder as copied
            ["accept", "{root}/accepted.csv", "--into", "{out}", "--source-id", "new"],
            "into",
            folder=True,
        ),
        Writer(
            "crosswalk",
            ["crosswalk", "afpak", "{root}/small", "-o", "{out}"],
            ["crosswalk", "{root}/small", "afpak", "-o", "{out}"],
            "cw.csv",
        ),
        Writer(
            "events",
            ["events", "afpak", "--to", "2010", "-o", "{out}"],
            ["events", "afpak", "-o", "{out}"],
            "ev.csv",
        ),
        Writer(
            "suggest-ends",
            ["suggest-ends", "afpak", "--at", "2012-01-01", "-o", "{out}"],
            ["suggest-ends", "afpak", "-o", "{out}"],
            "ends.csv",
        ),
        Writer(
            "candidates",
            ["candidates", "afpak", "--min-events", "3", "-o", "{out}"],
            ["candidates", "afpak", "-o", "{out}"],
            "cand.csv",
        ),
        Writer(
            "lifecycle-figure",
            [
                "lifecycle",
                "afpak",
                "--start",
                "2005-01-01",
                "--end",
                "2012-01-01",
                "--figure",
                "{out}",
            ],
            [
                "lifecycle",
                "afpak",
                "--start",
                "2008-01-01",
                "--end",
                "2016-01-01",
                "--figure",
                "{out}",
            ],
            "lc.png",
        ),
    ]


def _fill(argv: list[str], root: Path, out: Path) -> list[str]:
    return [a.replace("{root}", str(root)).replace("{out}", str(out)) for a in argv]


#: Provenance keys that depend on the machine's load, not on the data: run times
#: and the parallel plan chosen from them.
_MACHINE_KEYS = {"parallel", "processes", "threads"}


def _untimed(data: bytes) -> bytes:
    """JSON without what differs from run to run (``*_seconds``, the parallel plan);
    bytes that are not JSON (a torn file) stay as they are."""

    def strip(v: object) -> object:
        if isinstance(v, dict):
            return {
                k: strip(x)
                for k, x in v.items()
                if not str(k).endswith("_seconds") and k not in _MACHINE_KEYS
            }
        if isinstance(v, list):
            return [strip(x) for x in v]
        return v

    try:
        return json.dumps(strip(json.loads(data)), sort_keys=True).encode()
    except ValueError:
        return data


def state(path: Path, timed: bool = False) -> dict[str, bytes] | None:
    """The bytes of a file, or of every file of a folder (``None`` if missing)."""
    if timed and path.is_file():
        return {"": _untimed(path.read_bytes())}
    if path.is_dir():
        return {
            str(f.relative_to(path)): f.read_bytes() for f in sorted(path.rglob("*")) if f.is_file()
        }
    if path.is_file():
        return {"": path.read_bytes()}
    return None


def _run_cli(argv: list[str]) -> None:
    from militnet.cli import main

    with (
        contextlib.redirect_stdout(io.StringIO()),
        contextlib.redirect_stderr(io.StringIO()),
    ):
        rc = main(argv)
    if rc:
        raise RuntimeError(f"militnet {' '.join(argv)} exited {rc}")


def _child(argv: list[str]) -> int:
    """Fork a process running the command; returns its pid."""
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, 1)
            os.dup2(devnull, 2)
            _run_cli(argv)
            code = 0
        except BaseException:
            code = 1
        os._exit(code)
    return pid


def _timed(argv: list[str]) -> float:
    t0 = time.perf_counter()
    pid = _child(argv)
    _, status = os.waitpid(pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"militnet {' '.join(argv)} failed")
    return time.perf_counter() - t0


def setup(root: Path) -> None:
    """Inputs the writers read: two articles, a small dataset, an accepted-candidates file."""
    import militnet
    from militnet import Group, Relation, Source

    (root / "old.txt").write_text(ARTICLE_OLD, encoding="utf-8")
    (root / "new.txt").write_text(ARTICLE_NEW, encoding="utf-8")
    militnet.Network(
        groups=[
            Group("ttp", "Tehrik-i-Taliban Pakistan", sources="s"),
            Group("x", "Ex", sources="s"),
        ],
        relations=[Relation("r1", "x", "ttp", "alliance", start="2011", sources="s", evidence="e")],
        sources=[Source("s", title="S")],
        metadata={"name": "small", "version": "1"},
    ).save(root / "small")
    # two reviewed candidates that repeat no relation of afpak, citing a new source
    (root / "accepted.csv").write_text(
        "source,target,type,start,end,confidence,evidence,sources,notes,status\n"
        "ttp,haqqani,rivalry,2023-05,,alleged,They clashed in May 2023.,new,,accepted\n"
        "jua,lej,alliance,2015-02,2016-01,reported,They allied in 2015.,new,,accepted\n",
        encoding="utf-8",
    )


def _reset(w: Writer, root: Path, out: Path, old: dict[str, bytes] | None) -> None:
    if out.is_dir():
        shutil.rmtree(out)
    elif out.exists():
        out.unlink()
    for p in out.parent.glob(f".{out.name}*"):  # leftovers of the previous kill
        if p.name.endswith("-lock"):
            continue
        if p.is_dir():
            shutil.rmtree(p)
        else:
            p.unlink()
    if old is None:
        return
    if w.folder:
        out.mkdir()
        for name, data in old.items():
            (out / name).parent.mkdir(parents=True, exist_ok=True)
            (out / name).write_bytes(data)
    else:
        out.write_bytes(old[""])


def prepare(w: Writer, root: Path) -> tuple[dict[str, bytes], dict[str, bytes], float]:
    """The old and new outputs of a writer and its run time (unkilled)."""
    out = root / "out" / w.out
    out.parent.mkdir(exist_ok=True)
    if w.name == "accept":
        from militnet._dataset.registry import bundled_path

        shutil.copytree(bundled_path("afpak"), out)
    else:
        _run_cli(_fill(w.old, root, out))
    old = state(out, w.timed)
    assert old is not None
    seconds = _timed(_fill(w.new, root, out))
    new = state(out, w.timed)
    assert new is not None and new != old, f"{w.name}: old and new outputs are the same"
    return old, new, seconds


def run(
    kills: int, seed: int = 0, names: list[str] | None = None, *, log: Callable[[str], None] = print
) -> dict:
    from militnet._dataset.write import recover_interrupted_save

    rng = random.Random(seed)
    chosen = [w for w in writers() if names is None or w.name in names]
    stats: dict = {"kills": 0, "lost": 0, "writers": {}, "bad": []}
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        setup(root)
        prepared = {}
        for w in chosen:
            prepared[w.name] = prepare(w, root)
            stats["writers"][w.name] = {
                "kills": 0,
                "old": 0,
                "new": 0,
                "recovered": 0,
                "leftovers": 0,
                "seconds": round(prepared[w.name][2], 2),
            }
        factor = {w.name: 0.8 for w in chosen}
        for i in range(kills):
            w = chosen[i % len(chosen)]
            old, new, seconds = prepared[w.name]
            out = root / "out" / w.out
            _reset(w, root, out, old)
            pid = _child(_fill(w.new, root, out))
            # the delay homes in on the moment the output changes (old before it,
            # new after): each old result moves it later, each new one earlier
            time.sleep(seconds * factor[w.name] * rng.uniform(0.9, 1.1))
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            s = stats["writers"][w.name]
            s["kills"] += 1
            stats["kills"] += 1
            got = state(out, w.timed)
            if got is None and w.folder and recover_interrupted_save(out):
                s["recovered"] += 1
                got = state(out, w.timed)
            if got not in (old, new) and got is not None:
                # the code under test may have changed meanwhile (a shared checkout):
                # compare with a fresh unkilled run before calling it lost
                _reset(w, root, out, old)
                _timed(_fill(w.new, root, out))
                fresh = state(out, w.timed)
                if fresh is not None and fresh != new:
                    prepared[w.name] = (old, fresh, seconds)
                    new = fresh
            if got == old:
                s["old"] += 1
                factor[w.name] = min(2.0, factor[w.name] * 1.15)
            elif got == new:
                s["new"] += 1
                factor[w.name] = max(0.05, factor[w.name] / 1.15)
            else:
                stats["lost"] += 1
                detail = "missing" if got is None else f"{len(got)} file(s), neither old nor new"
                stats["bad"].append(f"{w.name}: {detail}")
                log(f"LOST {w.name}: {detail}")
            s["leftovers"] += sum(
                1 for p in out.parent.glob(f".{out.name}*") if not p.name.endswith("-lock")
            )
    return stats


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--kills", type=int, default=520)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--writers", default=None, help="comma-separated writer names")
    a = ap.parse_args()
    import militnet.cli  # noqa: F401  (loaded once, before forking)

    t0 = time.perf_counter()
    names = a.writers.split(",") if a.writers else None
    stats = run(a.kills, a.seed, names, log=lambda m: print(m, file=sys.stderr))
    stats["seconds"] = round(time.perf_counter() - t0, 1)
    print(json.dumps(stats))


if __name__ == "__main__":
    main()
