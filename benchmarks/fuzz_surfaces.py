"""Fuzz every surface: mutated datasets through load, every CLI command and every
output format; count raw exceptions, live scripts, outbound requests, live formulas.

Each input is a copy of a small valid dataset, mutated either in its cells
(hostile strings spliced in through the csv module, so the file stays well
formed and most inputs load: HTML and script payloads, spreadsheet formulas,
Markdown links and images, terminal escapes, matplotlib ``$...$``, bidi and
zero-width characters, NUL, lone surrogates, overlong cells) or in its bytes
(flipped, inserted, lines duplicated or dropped, as benchmarks/stress_fuzz.py).

Every input goes through ``validate`` and ``load``; a loaded one through save
and reload (exact round trip), and through a rotating share of the surfaces:
every CLI command (each output option and format) and every Python writer
(HTML page, report in Markdown and HTML, CSV, GEXF, GraphML, JSON, figures).
So every command and format sees hostile data from thousands of inputs.

Counted:

- **raw exceptions**: anything but ``MilitnetError`` from a Python call, or a
  traceback out of ``militnet.cli.main`` (argparse's exit is not one);
- **terminal**: a raw control character (ESC, CR, BEL...) on the CLI's stdout or stderr;
- **live formulas**: a CSV cell written for people (exports, review files, CSV
  on stdout) that begins with ``= + - @``, tab or CR and is not a number;
- **executions** and **outbound requests**: a sample of the HTML outputs (the
  page, the HTML report, every Markdown output rendered by a CommonMark
  renderer) opened in headless Chromium, with every non-local request blocked
  and counted, dialogs counted, and a marker the payloads would set checked.

    python benchmarks/fuzz_surfaces.py --inputs 10000 --browser-every 25   # the full run
    python benchmarks/fuzz_surfaces.py --inputs 200 --browser-every 20

Prints one JSON line of counts.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import io
import json
import os
import random
import re
import shutil
import sys
import tempfile
import time
import traceback
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from stress_fuzz import HOSTILE, mutate, seed_dataset

MARK = "window.__militnet_pwned"
OUT_URL = "http://127.0.0.1:9/leak"
PAYLOADS = [
    f"<script>{MARK}=1</script>",
    f'<img src="{OUT_URL}" onerror="{MARK}=1">',
    f"<svg onload={MARK}=1>",
    f'"><iframe src="javascript:{MARK}=1">',
    f"[click](javascript:{MARK}=1)",
    f"![x]({OUT_URL}.png)",
    f"<{OUT_URL}>",
    f'<a href="{OUT_URL}">x</a>',
    "`code` **bold** _em_ | pipe | <b>b</b>",
    '=HYPERLINK("http://127.0.0.1:9/f","x")',
    "+1+2",
    "-2+3",
    "@SUM(A1)",
    "\t=1",
    "\r=1",
    "\x1b[31mred\x1b[0m\x1b]0;title\x07",
    "\x1b[2J\x9b1m",
    "$x^$",
    r"$\frac{$",
    "a$b$c",
    "\u202eevil\u202c",
    "\u200bzero",
    "{{constructor}}",
    "__proto__",
    "%E0%A4%A",
    "</textarea></style></title><!--",
    "&lt;script&gt;",
    "javascript:alert(1)",
]
CELL_STRINGS = PAYLOADS + [h for h in HOSTILE if len(h) < 1000]
TEXT_COLUMNS = {
    "name",
    "aliases",
    "notes",
    "evidence",
    "orientation",
    "country",
    "title",
    "publisher",
    "description",
    "location",
}
FORMULA = re.compile(r"^[=+\-@\t\r]")
NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def mutate_cells(folder: Path, rng: random.Random) -> None:
    """Splice hostile strings into cells (and sometimes a column name), keeping the
    CSV well formed."""
    files = sorted(f for f in folder.iterdir() if f.suffix == ".csv")
    for _ in range(rng.randint(1, 5)):
        f = rng.choice(files)
        text = f.read_bytes().decode("utf-8", "surrogatepass")
        rows = list(csv.reader(io.StringIO(text, newline="")))
        if len(rows) < 2:
            continue
        r = rng.randrange(1, len(rows)) if rng.random() < 0.97 else 0
        if not rows[r]:
            continue
        text_cols = [j for j, h in enumerate(rows[0]) if h in TEXT_COLUMNS and j < len(rows[r])]
        if r and text_cols and rng.random() < 0.85:  # mostly text cells: most inputs load
            c = rng.choice(text_cols)
        else:
            c = rng.randrange(len(rows[r]))
        s = rng.choice(CELL_STRINGS)
        old = rows[r][c]
        rows[r][c] = rng.choice([s, old + " " + s, s + old, old + s])
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n").writerows(rows)
        f.write_bytes(buf.getvalue().encode("utf-8", "surrogatepass"))


def commands(d: Path, base: Path, out: Path, day: str) -> list[list[str]]:
    """Every CLI command with its output options and formats, over dataset ``d``."""
    D, B, o = str(d), str(base), str(out)
    art = str(out / "art.txt")
    cmds = [
        ["validate", D],
        ["info", D],
        ["info", D, "--format", "json"],
        ["export", D, "-o", f"{o}/g.gexf"],
        ["export", D, "--at", day, "-o", f"{o}/g.graphml"],
        ["export", D, "--at", day, "-o", f"{o}/g.json"],
        ["export", D, "--format", "csv", "--at", day, "-o", f"{o}/csv"],
        ["snapshot", D, "--at", day],
        ["snapshot", D, "--at", day, "--groups", "--format", "csv"],
        ["snapshot", D, "--at", day, "--format", "json"],
        ["metrics", D, "--at", day, "--names", "--communities", "--provenance", f"{o}/p.json"],
        ["metrics", D, "--at", day, "--format", "csv"],
        ["series", D, "--start", "2005-01-01", "--end", "2015-01-01", "--freq", "YS"],
        ["sensitivity", D, "--at", day],
        ["reach", D],
        ["path", D, "a", "b"],
        ["lifecycle", D, "--freq", "YS"],
        ["render", D, "-o", f"{o}/page.html"],
        ["report", D, "--at", day],
        ["report", D, "--at", day, "--format", "html", "-o", f"{o}/report.html"],
        ["extract", "--data", D, art],
        ["extract", "--data", D, art, "-o", f"{o}/cands.csv"],
        ["events", D],
        ["events", D, "--format", "csv"],
        ["suggest-ends", D],
        ["suggest-ends", D, "-o", f"{o}/ends.csv"],
        ["candidates", D],
        ["history", D, "a"],
        ["history", D, "b", "--format", "csv"],
        ["lineage", D, "a"],
        ["diff", D, "--from", "2005-01-01", "--to", "2012-01-01"],
        ["diff", D, B, "--format", "markdown"],
        ["combine", B, D, "-o", f"{o}/comb"],
        ["crosswalk", B, D],
        ["crosswalk", B, D, "-o", f"{o}/cw.csv"],
        ["accept", f"{o}/accepted.csv", "--into", f"{o}/into"],
    ]
    return cmds


def run_cli(argv: list[str]) -> tuple[str | None, str, str]:
    """(raw exception or None, stdout, stderr) of one command, in process."""
    from militnet.cli import main

    out, err = io.StringIO(), io.StringIO()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            main(argv)
    except SystemExit:
        pass
    except Exception as exc:
        where = traceback.extract_tb(exc.__traceback__)[-1]
        cause = f"{argv[0]}: {type(exc).__name__}: {str(exc)[:120]}"
        return cause + f" at {Path(where.filename).name}:{where.lineno}", "", ""
    return None, out.getvalue(), err.getvalue()


def live_formulas(text: str) -> list[str]:
    """Cells of a CSV text a spreadsheet would evaluate."""
    bad = []
    with contextlib.suppress(csv.Error):
        for row in csv.reader(io.StringIO(text, newline="")):
            bad += [c for c in row if FORMULA.match(c) and not NUMBER.match(c.strip())]
    return bad


def python_outputs(net: Any, out: Path, day: str, k: int) -> list[Path]:
    """The ``k``-th share of the Python writers; returns HTML files to open."""
    import militnet
    from militnet._readwrite import export as _export

    html: list[Path] = []
    which = k % 6
    if which == 0:
        html.append(militnet.Network.to_html(net, out / "py-page.html", seed=0))
    elif which == 1:
        (out / "py-report.md").write_text(militnet.report(net, at=day), encoding="utf-8")
    elif which == 2:
        text = militnet.report(net, at=day, format="html")
        (out / "py-report.html").write_text(text, encoding="utf-8")
        html.append(out / "py-report.html")
    elif which == 3:
        _export.to_csv(net, out / "py-csv", day)
        _export.to_gexf(net, out / "py.gexf")
    elif which == 4:
        _export.to_graphml(net, out / "py.graphml", day)
        _export.to_json(net, out / "py.json", day)
    else:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        import militnet.plot

        ax = militnet.plot.network(net, day)
        ax.figure.canvas.draw()
        ids = list(net.groups.index[:4])
        if ids:
            ax2 = militnet.plot.timeline(net, ids)
            ax2.figure.canvas.draw()
        plt.close("all")
    return html


def markdown_html(md: str) -> str:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": True, "linkify": False}).render(md)


class Browser:
    """Headless Chromium that opens HTML files offline and counts what runs."""

    def __init__(self) -> None:
        from playwright.sync_api import sync_playwright

        self._pw = sync_playwright().start()
        self._browser = self._pw.chromium.launch(executable_path=shutil.which("chromium"))
        self.outbound = 0
        self.executions = 0
        self.pages = 0

    def open(self, path: Path) -> None:
        page = self._browser.new_page()

        def route(r: Any) -> None:
            url = r.request.url
            if url.startswith(("file:", "data:", "blob:", "about:")):
                r.continue_()
            else:
                self.outbound += 1
                r.abort()

        def dialog(d: Any) -> None:
            self.executions += 1
            d.dismiss()

        page.route("**/*", route)
        page.on("dialog", dialog)
        try:
            page.goto(path.resolve().as_uri(), wait_until="load", timeout=30_000)
            page.wait_for_timeout(150)
            if page.evaluate(f"typeof {MARK} !== 'undefined'"):
                self.executions += 1
            for frame in page.frames[1:]:
                with contextlib.suppress(Exception):
                    if frame.evaluate(f"typeof {MARK} !== 'undefined'"):
                        self.executions += 1
        finally:
            page.close()
        self.pages += 1

    def close(self) -> None:
        self._browser.close()
        self._pw.stop()


def run(
    base: Path,
    *,
    inputs: int,
    seed: int = 0,
    per_input: int = 4,
    browser_every: int = 0,
    minutes: float | None = None,
    python_every: int = 1,
) -> dict[str, Any]:
    import militnet

    rng = random.Random(seed)
    stats: dict[str, Any] = {
        "inputs": 0,
        "loaded": 0,
        "round_trip_diffs": 0,
        "raw_exceptions": 0,
        "cli_runs": 0,
        "python_outputs": 0,
        "terminal": 0,
        "live_formulas": 0,
        "pages_opened": 0,
        "executions": 0,
        "outbound_requests": 0,
        "causes": [],
    }
    browser = Browser() if browser_every else None
    deadline = time.monotonic() + 60 * minutes if minutes else None

    def escape(cause: str) -> None:
        stats["raw_exceptions"] += 1
        if cause not in stats["causes"] and len(stats["causes"]) < 30:
            stats["causes"].append(cause)

    n_cmd = 0
    try:
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp)
            for i in range(inputs):
                if deadline is not None and time.monotonic() > deadline:
                    break
                work, out = root / "in", root / "out"
                for p in (work, out):
                    shutil.rmtree(p, ignore_errors=True)
                shutil.copytree(base, work)
                if rng.random() < 0.7:
                    mutate_cells(work, rng)
                else:
                    mutate(work, rng)
                out.mkdir()
                stats["inputs"] += 1
                if i and i % 500 == 0:
                    print(f"{i} inputs, {stats['raw_exceptions']} raw", file=sys.stderr, flush=True)
                try:
                    if i % 4 == 0:  # load validates too; validate's own report now and then
                        militnet.validate(work)
                    net = militnet.load(work)
                except militnet.MilitnetError:
                    net = None
                except Exception as exc:
                    escape(f"load: {type(exc).__name__}: {str(exc)[:120]}")
                    net = None
                day = "2009-01-01"
                html: list[Path] = []
                md: list[str] = []
                if net is not None:
                    stats["loaded"] += 1
                    try:
                        again = militnet.load(net.save(out / "saved"))
                        if again.content_hash != net.content_hash:
                            stats["round_trip_diffs"] += 1
                        if stats["loaded"] % python_every == 0:
                            html += python_outputs(net, out, day, stats["loaded"] // python_every)
                            stats["python_outputs"] += 1
                        if (out / "py-report.md").exists():
                            md.append((out / "py-report.md").read_text(encoding="utf-8"))
                    except militnet.MilitnetError:
                        pass
                    except Exception as exc:
                        where = traceback.extract_tb(exc.__traceback__)[-1]
                        escape(
                            f"python: {type(exc).__name__}: {str(exc)[:120]} at "
                            f"{Path(where.filename).name}:{where.lineno}"
                        )
                # CLI inputs: an article naming the groups, a candidates file, a folder
                names = list(net.groups["name"]) if net is not None else ["Alpha", "Beta"]
                art = f"{names[0]} allied with {names[-1]} in 2009. {rng.choice(PAYLOADS)}\n"
                (out / "art.txt").write_text(art, encoding="utf-8", errors="surrogatepass")
                shutil.copytree(work, out / "into")
                cand = rng.choice(PAYLOADS)
                (out / "accepted.csv").write_text(
                    "source,target,type,start,end,confidence,evidence,sources,notes,status\n"
                    f'a,b,alliance,2009,,reported,"{cand.replace(chr(34), "")}",s1,,accepted\n',
                    encoding="utf-8",
                )
                cmds = commands(work, base, out, day)
                for _ in range(per_input):
                    argv = cmds[n_cmd % len(cmds)]
                    n_cmd += 1
                    stats["cli_runs"] += 1
                    cause, so, se = run_cli(argv)
                    if cause:
                        escape(cause)
                        continue
                    if CONTROL.search(so) or CONTROL.search(se):
                        stats["terminal"] += 1
                        if len(stats["causes"]) < 30:
                            stats["causes"].append(f"terminal: {argv[0]}")
                    if "--format" in argv and argv[argv.index("--format") + 1] == "csv":
                        stats["live_formulas"] += len(live_formulas(so))
                    elif argv[0] in (
                        "snapshot",
                        "metrics",
                        "report",
                        "events",
                        "history",
                        "suggest-ends",
                        "candidates",
                        "diff",
                        "extract",
                        "crosswalk",
                        "lineage",
                        "sensitivity",
                    ):
                        md.append(so)
                # every CSV written for people
                for f in out.rglob("*.csv"):
                    if "saved" in f.parts or "into" in f.parts or "comb" in f.parts:
                        continue  # dataset folders: cells byte for byte, by design
                    if f.name in ("accepted.csv",):
                        continue
                    bad = live_formulas(f.read_text(encoding="utf-8", errors="replace"))
                    if bad:
                        stats["live_formulas"] += len(bad)
                        if len(stats["causes"]) < 30:
                            stats["causes"].append(f"formula in {f.name}: {bad[0][:40]!r}")
                for name in ("page.html", "report.html"):
                    if (out / name).exists():
                        html.append(out / name)
                if browser is not None and i % browser_every == 0 and (html or md):
                    doc = out / "markdown.html"
                    doc.write_text(
                        "<!doctype html><meta charset=utf-8><body>"
                        + "".join(markdown_html(m) for m in md)
                        + "</body>",
                        encoding="utf-8",
                    )
                    for page in [*html, doc]:
                        try:
                            browser.open(page)
                        except Exception as exc:  # a page that does not load is counted
                            escape(f"browser: {type(exc).__name__}: {str(exc)[:100]}")
    finally:
        if browser is not None:
            stats["pages_opened"] = browser.pages
            stats["executions"] = browser.executions
            stats["outbound_requests"] = browser.outbound
            browser.close()
    return stats


def main() -> None:
    import militnet
    from militnet import Group, Relation, Source

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--inputs", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--per-input", type=int, default=4, help="CLI commands per input")
    ap.add_argument("--browser-every", type=int, default=25, help="0: no browser")
    ap.add_argument("--minutes", type=float, default=None)
    ap.add_argument("--jobs", type=int, default=1, help="processes (inputs split, seeds differ)")
    ap.add_argument(
        "--python-every", type=int, default=1, help="Python writers on every Nth loaded input"
    )
    a = ap.parse_args()
    if a.jobs > 1:
        _parallel(a)
        return
    with tempfile.TemporaryDirectory() as tmp:
        base = seed_dataset(militnet, Group, Relation, Source, Path(tmp) / "base")
        t0 = time.perf_counter()
        stats = run(
            base,
            inputs=a.inputs,
            seed=a.seed,
            per_input=a.per_input,
            browser_every=a.browser_every,
            minutes=a.minutes,
            python_every=a.python_every,
        )
        stats["seconds"] = round(time.perf_counter() - t0, 1)
    print(json.dumps(stats, ensure_ascii=False))


def _parallel(a: argparse.Namespace) -> None:
    """Run ``a.jobs`` processes on shares of the inputs and add their counts."""
    import subprocess

    share = [a.inputs // a.jobs + (j < a.inputs % a.jobs) for j in range(a.jobs)]
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                __file__,
                "--inputs",
                str(n),
                "--seed",
                str(a.seed * 1000 + j),
                "--per-input",
                str(a.per_input),
                "--browser-every",
                str(a.browser_every),
                "--python-every",
                str(a.python_every),
                *(["--minutes", str(a.minutes)] if a.minutes else []),
            ],
            stdout=subprocess.PIPE,
            text=True,
        )
        for j, n in enumerate(share)
    ]
    total: dict[str, Any] = {}
    for p in procs:
        out, _ = p.communicate()
        part = json.loads(out.strip().splitlines()[-1])
        for k, v in part.items():
            if isinstance(v, list):
                total.setdefault(k, []).extend(v)
            elif isinstance(v, (int, float)):
                total[k] = max(total.get(k, 0), v) if k == "seconds" else total.get(k, 0) + v
    total["jobs"] = a.jobs
    print(json.dumps(total, ensure_ascii=False))


if __name__ == "__main__":
    os.environ.setdefault("MPLBACKEND", "Agg")
    main()
