"""Fuzz militnet with mutated dataset folders; count exceptions outside MilitnetError.

Each input is a copy of a small valid dataset with a few random mutations
(bytes flipped or inserted, hostile strings spliced into cells, lines
duplicated or dropped, datapackage.json replaced by hostile JSON). Each goes
through load, validate, save, reload, render (HTML), report (Markdown) and
export (CSV, GEXF). Anything raised that is not a ``MilitnetError`` is an escape.

    python benchmarks/stress_fuzz.py --minutes 60      # a maintainer's long run
    python benchmarks/stress_fuzz.py --inputs 10000

Prints one JSON line: inputs, loaded, escapes (and the first escapes' causes).
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import tempfile
import time
import traceback
from pathlib import Path

HOSTILE = [
    "\x00",
    "\r",
    "\n",
    '"',
    ",",
    "\ud800",
    "\ufeff",
    "\u202e",
    "\u200b",
    "\x01",
    "\x0b",
    "\ufffe",
    "<script>alert(1)</script>",
    "`<img src=x onerror=alert(1)>`",
    '=HYPERLINK("http://x")',
    "٢٠١٤",
    "２０１４",
    " 2014",
    "2014-02-30",
    "inf",
    "nan",
    "-1",
    "9" * 400,
    "x" * 140_000,
    "../../etc",
    "Ж",
    "ت",
    "&amp;",
    ";;",
    "",
]
JSON_HOSTILE = [
    '{"name": NaN}',
    '{"a": ' * 5000 + "1" + "}" * 5000,
    '{"n": ' + "9" * 5000 + "}",
    '{"title": "\\ud800"}',
    "[]",
    "nul",
    '{"name": {"x": [1, 2]}}',
    "\xff",
]


def mutate(folder: Path, rng: random.Random) -> None:
    files = sorted(folder.iterdir())
    for _ in range(rng.randint(1, 4)):
        f = rng.choice(files)
        if f.name == "datapackage.json" and rng.random() < 0.5:
            f.write_bytes(rng.choice(JSON_HOSTILE).encode("utf-8", "surrogatepass"))
            continue
        data = bytearray(f.read_bytes())
        op = rng.randrange(4)
        pos = rng.randrange(len(data) + 1)
        if op == 0 and data:
            data[min(pos, len(data) - 1)] = rng.randrange(256)
        elif op == 1:
            data[pos:pos] = rng.choice(HOSTILE).encode("utf-8", "surrogatepass")
        elif op == 2:
            lines = bytes(data).split(b"\n")
            i = rng.randrange(len(lines))
            lines.insert(i, lines[rng.randrange(len(lines))])
            data = bytearray(b"\n".join(lines))
        else:
            lines = bytes(data).split(b"\n")
            if len(lines) > 2:
                del lines[rng.randrange(1, len(lines))]
            data = bytearray(b"\n".join(lines))
        f.write_bytes(bytes(data))


def exercise(folder: Path, out: Path) -> bool:
    """Run everything on one folder; returns whether it loaded."""
    import militnet
    from militnet._readwrite import export as _export

    militnet.validate(folder)
    try:
        net = militnet.load(folder)
    except militnet.MilitnetError:
        return False
    repr(net)
    saved = net.save(out / "saved")
    again = militnet.load(saved)
    assert again.content_hash == net.content_hash, "round trip changed the content"
    lo, _ = net.date_range()
    day = (lo + "-01-01")[:10] if lo else "2010-01-01"
    net.to_html(out / "page.html", seed=0)
    militnet.report(net, at=day)
    _export.to_csv(net, out / "csv", day)
    _export.to_gexf(net, out / "g.gexf")
    return True


def run(base: Path, *, inputs: int | None, minutes: float | None, seed: int) -> dict:
    import militnet

    rng = random.Random(seed)
    stats: dict = {"inputs": 0, "loaded": 0, "escapes": 0, "causes": []}
    deadline = time.monotonic() + 60 * minutes if minutes else None
    with tempfile.TemporaryDirectory() as tmp:
        while (inputs is None or stats["inputs"] < inputs) and (
            deadline is None or time.monotonic() < deadline
        ):
            work = Path(tmp) / "in"
            shutil.rmtree(work, ignore_errors=True)
            shutil.rmtree(Path(tmp) / "out", ignore_errors=True)
            shutil.copytree(base, work)
            mutate(work, rng)
            (Path(tmp) / "out").mkdir()
            stats["inputs"] += 1
            try:
                stats["loaded"] += exercise(work, Path(tmp) / "out")
            except militnet.MilitnetError:
                pass
            except Exception as exc:
                stats["escapes"] += 1
                cause = f"{type(exc).__name__}: {exc}"[:160]
                where = traceback.extract_tb(exc.__traceback__)[-1]
                cause += f" at {Path(where.filename).name}:{where.lineno}"
                if cause not in stats["causes"] and len(stats["causes"]) < 20:
                    stats["causes"].append(cause)
    return stats


def main() -> None:
    import militnet
    from militnet import Group, Relation, Source

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--inputs", type=int, default=None)
    ap.add_argument("--minutes", type=float, default=None)
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args()
    if a.inputs is None and a.minutes is None:
        a.inputs = 1000
    with tempfile.TemporaryDirectory() as tmp:
        base = seed_dataset(militnet, Group, Relation, Source, Path(tmp) / "base")
        t0 = time.perf_counter()
        stats = run(base, inputs=a.inputs, minutes=a.minutes, seed=a.seed)
        stats["seconds"] = round(time.perf_counter() - t0, 1)
    print(json.dumps(stats, ensure_ascii=False))


def seed_dataset(militnet, Group, Relation, Source, folder: Path) -> Path:  # type: ignore[no-untyped-def]
    """A small valid dataset with every column filled."""
    net = militnet.Network(
        groups=[
            Group("a", "Alpha", aliases="A;Al", founded="2001", sources="s1"),
            Group("b", "Beta", founded="2003-05", ended="2015", sources="s1;s2"),
            Group("c", "Gamma", founded="2004-02-29", sources="s2"),
        ],
        relations=[
            Relation(
                "r1",
                "a",
                "b",
                "alliance",
                start="2005",
                end="2010-06",
                confidence="confirmed",
                sources="s1",
                evidence="quote",
            ),
            Relation(
                "r2", "c", "a", "pledge", start="2008-01-01", confidence="reported", sources="s2"
            ),
            Relation("r3", "b", "c", "rivalry", confidence="alleged", sources="s1"),
        ],
        sources=[
            Source("s1", title="One", url="https://example.org/1", date="2012"),
            Source("s2", title="Two", publisher="P"),
        ],
        metadata={"name": "fuzz", "version": "1", "title": "Fuzz seed"},
    )
    return net.save(folder)


if __name__ == "__main__":
    main()
