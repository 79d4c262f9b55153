"""Time-to-interactive of the HTML view of a large synthetic network.

    python benchmarks/html_load.py                 # 1,000 groups, 20,000 relations
    python benchmarks/html_load.py --groups 200 --relations 2000 --repeat 5

Builds the network with ``benchmarks/synth.py`` (seeded, ``clean=True``: data
that validate with no warning), writes the page with
``Network.to_html`` and opens it in headless Chromium (Debian's ``chromium``,
driven by Playwright) with every network request blocked. Prints:

* Python: seconds to lay out and write the file, and its size;
* browser: milliseconds from navigation start to the first drawing of the
  network (``window.militnet.readyAt()``, the page is interactive from then
  on), and the wall-clock time of ``goto`` + waiting for it;
* scrubbing: milliseconds for one slider step (update of the visible groups and
  ties, then two animation frames so the redraw is included), median and max
  over the year steps of the data.

Numbers are for the machine it runs on; see docs/html.md for a recorded run.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import militnet
from benchmarks.synth import make_tables

ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

STEP_JS = """async (d) => {
  const t0 = performance.now();
  window.militnet.setDate(d);
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  return performance.now() - t0;
}"""


def _block(route) -> None:
    if route.request.url.startswith(("file:", "data:", "about:")):
        route.continue_()
    else:  # pragma: no cover - the page makes no such request
        print(f"blocked request: {route.request.url}", file=sys.stderr)
        route.abort()


def run(
    n_groups: int, n_relations: int, seed: int, repeat: int, clean: bool = True
) -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    g, r, s = make_tables(n_groups, n_relations, seed=seed, clean=clean)
    net = militnet.Network(groups=g, relations=r, sources=s)
    out = Path(tempfile.mkdtemp()) / "bench.html"
    t0 = time.perf_counter()
    net.to_html(out, seed=seed)
    render_s = time.perf_counter() - t0

    chromium = shutil.which("chromium")
    if chromium is None:
        raise SystemExit("no chromium on PATH (apt-get install chromium)")
    ready, wall, steps = [], [], []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=ARGS)
        for _ in range(repeat):
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            errors: list[str] = []
            page.on("pageerror", lambda e, errors=errors: errors.append(str(e)))
            page.route("**/*", _block)
            t1 = time.perf_counter()
            page.goto(out.as_uri())
            page.wait_for_selector("html[data-mn-ready]", state="attached", timeout=120_000)
            wall.append((time.perf_counter() - t1) * 1000)
            ready.append(page.evaluate("window.militnet.readyAt()"))
            if errors:
                raise SystemExit(f"page errors: {errors}")
            if not steps:
                for d in page.evaluate("window.militnet.steps()"):
                    steps.append(page.evaluate(STEP_JS, d))
            page.close()
        browser.close()
    return {
        "groups": n_groups,
        "relations": n_relations,
        "render_s": render_s,
        "size_mb": out.stat().st_size / 1e6,
        "ready_ms": statistics.median(ready),
        "ready_ms_max": max(ready),
        "wall_ms": statistics.median(wall),
        "step_ms": statistics.median(steps),
        "step_ms_max": max(steps),
        "n_steps": len(steps),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--groups", type=int, default=1_000)
    ap.add_argument("--relations", type=int, default=20_000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--repeat", type=int, default=3, help="page loads (median reported)")
    ap.add_argument(
        "--messy", action="store_true", help="the generator's default data instead of clean=True"
    )
    a = ap.parse_args(argv)
    res = run(a.groups, a.relations, a.seed, a.repeat, clean=not a.messy)
    print(f"network: {res['groups']:,} groups, {res['relations']:,} relations (seed {a.seed})")
    print(f"python:  layout + write {res['render_s']:.2f} s, file {res['size_mb']:.2f} MB")
    print(
        f"browser: interactive after {res['ready_ms']:.0f} ms from navigation start "
        f"(median of {a.repeat}, max {res['ready_ms_max']:.0f} ms); goto + wait "
        f"{res['wall_ms']:.0f} ms"
    )
    print(
        f"scrub:   one slider step {res['step_ms']:.0f} ms median, "
        f"{res['step_ms_max']:.0f} ms max over {res['n_steps']} year steps"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
