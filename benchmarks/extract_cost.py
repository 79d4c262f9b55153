"""Cost of ``militnet.extract`` on hostile text: long runs of repeated words, one
very long sentence, a paragraph over spaCy's 1,000,000-character limit.

    python benchmarks/extract_cost.py            # every case, seconds each
    python benchmarks/extract_cost.py --timeout 120 --cases words_the

Each case runs in its own process with a timeout, so a quadratic path shows as
a timeout rather than a hang. ``cpu`` is the process's own CPU time (on a
shared machine the wall-clock ``seconds`` include waiting for a core). The
numbers are in docs/robustness.md and docs/extract.md.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CASES = {
    # 400 kB of repeated words
    "words_the": ("The ", 400_000),
    "words_group": ("Taliban. ", 400_000),
    "words_name": ("Taliban ", 400_000),
    # one 320 kB sentence with mentions and cues throughout
    "sentence_320k": ("Haqqani Network fought IS-K and ", 320_000),
    "sentence_list_320k": ("the Taliban, al-Qaeda and Lashkar-e-Taiba allied with ", 320_000),
    # one paragraph over spaCy's limit (1,000,000 characters)
    "paragraph_1m": ("Jamaat-ul-Ahrar split from the Pakistani Taliban in 2014. ", 1_100_000),
    # a 400 kB article: the hand-coded news excerpts of tests/data/extract, repeated
    "news_400k": ("@news", 400_000),
}

_CHILD = """
import json, sys, time
import militnet
unit, size = sys.argv[1], int(sys.argv[2])
if unit == "@news":  # real news prose: the gold-set excerpts, headers dropped
    import pathlib
    root = pathlib.Path(sys.argv[3]) / "tests" / "data" / "extract"
    parts = []
    for p in sorted(root.rglob("*.txt")):
        lines = p.read_text(encoding="utf-8").splitlines()
        parts.append("\\n".join(x for x in lines if not x.startswith("#")).strip())
    unit = "\\n\\n".join(parts) + "\\n\\n"
text = (unit * (size // len(unit) + 1))[:size]
net = militnet.load_dataset("afpak")
t, cpu = time.perf_counter(), time.process_time()
try:
    df = militnet.extract(net, text)
    out = {"seconds": round(time.perf_counter() - t, 2),
           "cpu": round(time.process_time() - cpu, 2),
           "candidates": len(df), "chars": len(text)}
except Exception as exc:  # report, do not hide, what the old code raised
    err = type(exc).__name__ + ": " + str(exc)[:120]
    out = {"seconds": round(time.perf_counter() - t, 2), "error": err}
print(json.dumps(out))
"""


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--timeout", type=float, default=300.0, help="seconds per case")
    ap.add_argument("--cases", nargs="*", default=list(CASES), choices=list(CASES))
    args = ap.parse_args(argv)
    for name in args.cases:
        unit, size = CASES[name]
        t = time.perf_counter()
        try:
            proc = subprocess.run(
                [sys.executable, "-c", _CHILD, unit, str(size), str(ROOT)],
                capture_output=True,
                text=True,
                timeout=args.timeout,
            )
            lines = proc.stdout.strip().splitlines()
            result = json.loads(lines[-1]) if lines else {"error": proc.stderr.strip()[-200:]}
        except subprocess.TimeoutExpired:
            result = {"seconds": f"> {args.timeout:g} (timeout)"}
        result["wall"] = round(time.perf_counter() - t, 1)
        print(f"{name:20} {json.dumps(result)}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
