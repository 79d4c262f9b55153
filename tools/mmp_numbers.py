"""The numbers docs/mmp.md gives for combining the real MMP export with afpak.

MMP's export may not be redistributed, so these numbers cannot be computed in
CI: this script computes them from a local copy and writes them into the
marked blocks of docs/mmp.md (``<!-- numbers:mmp-combine:start -->`` ...);
tests/test_mmp_real.py, which runs when ``MILITNET_MMP_EXPORT`` names the
folder, fails when the docs are stale.

    MILITNET_MMP_EXPORT=/path/to/export python tools/mmp_numbers.py [--write]
"""

from __future__ import annotations

import argparse
import collections
import os
import sys
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "mmp.md"
BLOCKS = ("mmp-groups", "mmp-relations")


def marker(name: str, which: str) -> str:
    return f"<!-- numbers:{name}:{which} -->"


def blocks(folder: str | Path) -> dict[str, str]:
    import militnet

    warnings.simplefilter("ignore")
    folder = Path(folder)
    mmp = militnet.read_mmp(
        folder / "Militant-Group-Relationships-clean.csv", folder / "Militant-Group-Key.csv"
    )
    af = militnet.load_dataset("afpak")
    c = militnet.combine(af, mmp).metadata["combine"]
    how = collections.Counter(m["how"] for m in c["matches"])
    unknown = sum(u["reason"] == "unknown" for u in c["unmatched"])
    kinds = collections.Counter(o["kind"] for o in c["overlaps"])
    dates = sum(o["kind"] == "conflict" and "dates differ" in o["detail"] for o in c["overlaps"])
    return {
        "mmp-groups": (
            f"with the real export and afpak {af.version}, {len(c['matches'])} MMP groups "
            f"match afpak groups ({how['name']} by name, {how['alias']} by alias), and "
            f"{unknown} are unknown to afpak and kept as MMP groups."
        ),
        "mmp-relations": (
            f"with the real export and afpak {af.version}, {kinds['duplicate']} "
            f"duplicate{'' if kinds['duplicate'] == 1 else 's'} and {kinds['conflict']} "
            f"conflicts ({dates} of them other dates)."
        ),
    }


def quoted(name: str, doc: Path = DOC) -> str | None:
    text = doc.read_text(encoding="utf-8")
    a, b = marker(name, "start"), marker(name, "end")
    if a not in text or b not in text:
        return None
    return text.split(a, 1)[1].split(b, 1)[0].strip()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--write", action="store_true", help=f"refresh the blocks in {DOC}")
    args = ap.parse_args(argv)
    folder = os.environ.get("MILITNET_MMP_EXPORT")
    if not folder:
        print("set MILITNET_MMP_EXPORT to the folder of MMP's export", file=sys.stderr)
        return 2
    fresh = blocks(folder)
    text = DOC.read_text(encoding="utf-8")
    for name, body in fresh.items():
        if not args.write:
            print(f"{name}: {body}")
            continue
        a, b = marker(name, "start"), marker(name, "end")
        head, rest = text.split(a, 1)
        _, tail = rest.split(b, 1)
        text = f"{head}{a}{body}{b}{tail}"  # in line: the blocks sit inside list items
    if args.write:
        DOC.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
