"""Kill -9 a process saving a dataset at random moments; count unloadable folders.

Each run: a folder holds dataset A; a forked child process saves B and A over it
in turn and is killed with SIGKILL after a random delay.
The folder must then load, and hold exactly A or B (never a mix), and no
leftover may break a later save and load.

    python benchmarks/stress_save.py --runs 500

Prints one JSON line: runs, unloadable, mixed, loaded_a, loaded_b, seconds.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import tempfile
import time
from pathlib import Path


def kill_during_save(target: Path, nets: tuple[object, object], delay: float) -> None:
    """Fork a child that saves the two networks over ``target`` in turn, forever,
    and SIGKILL it after ``delay`` seconds (a fork: no import time to wait for)."""
    pid = os.fork()
    if pid == 0:  # the child: save until killed
        try:
            i = 0
            while True:
                nets[i % 2].save(target)  # type: ignore[attr-defined]
                i += 1
        finally:
            os._exit(1)
    time.sleep(delay)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)


def make_pair(root: Path) -> tuple[Path, Path]:
    """Two different valid datasets, the second several times larger."""
    import militnet
    from militnet import Group, Relation, Source

    def net(n: int, tag: str) -> militnet.Network:
        groups = [Group(f"g{i}", f"{tag} group {i}", founded="2000", sources="s") for i in range(n)]
        rels = [
            Relation(
                f"r{i}",
                f"g{i}",
                f"g{(i + 1) % n}",
                "alliance",
                start="2001",
                sources="s",
                notes=tag * 50,
            )
            for i in range(n)
        ]
        return militnet.Network(
            groups, rels, [Source("s", title=tag)], metadata={"name": tag, "version": tag}
        )

    return net(20, "A").save(root / "A"), net(400, "B").save(root / "B")


def run(runs: int, max_delay: float, seed: int) -> dict[str, float]:
    import militnet

    rng = random.Random(seed)
    stats = {"runs": runs, "unloadable": 0, "mixed": 0, "loaded_a": 0, "loaded_b": 0}
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        a_dir, b_dir = make_pair(root)
        a, b = militnet.load(a_dir), militnet.load(b_dir)
        for i in range(runs):
            target = root / f"t{i}"
            a.save(target)
            kill_during_save(target, (b, a), rng.uniform(0, max_delay))
            try:
                got = militnet.load(target)
            except militnet.MilitnetError:
                stats["unloadable"] += 1
                continue
            if got == a:
                stats["loaded_a"] += 1
            elif got == b:
                stats["loaded_b"] += 1
            else:
                stats["mixed"] += 1
            b.save(target)  # leftovers must not break a later save and load
            if militnet.load(target) != b:
                stats["unloadable"] += 1
    stats["seconds"] = round(time.perf_counter() - t0, 1)
    return stats


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=500)
    ap.add_argument(
        "--max-delay",
        type=float,
        default=0.15,
        help="kill within this many seconds of the first save starting",
    )
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args()
    print(json.dumps(run(a.runs, a.max_delay, a.seed)))


if __name__ == "__main__":
    main()
