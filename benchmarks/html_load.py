"""Time-to-interactive of the HTML view of a large synthetic network.

    python benchmarks/html_load.py                 # 1,000 groups, 20,000 relations
    python benchmarks/html_load.py --groups 200 --relations 2000 --repeat 5
    python benchmarks/html_load.py --events 200000   # 20,000 relations, 200,000 events
    python benchmarks/html_load.py --groups 10000 --relations 200000 --repeat 1

Builds the network with ``benchmarks/synth.py`` (seeded, ``clean=True``: data
that validate with no warning; ``--events N`` adds N evidence events from
``synth.make_events``), writes the page with
``Network.to_html`` and opens it in headless Chromium (Debian's ``chromium``,
driven by Playwright) with every network request blocked. Prints:

* Python: seconds to lay out and write the file, and its size;
* browser: milliseconds from navigation start to the first drawing of the
  network (``window.militnet.readyAt()``, the page is interactive from then
  on), and the wall-clock time of ``goto`` + waiting for it;
* scrubbing: milliseconds for one slider step (update of the visible groups and
  ties, then two animation frames so the redraw is included), median and max
  over the year steps of the data, and the same for month steps (every
  ``--month-stride``-th month of the slider, so that a run stays short);
* what the page shows: groups and relations drawn on the median step, and the
  filter the header names when the network is over the page's
  ``max_relations`` (pass ``--max-relations 0`` for the whole network).

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
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import militnet
from benchmarks.synth import make_events, make_tables

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
    n_groups: int,
    n_relations: int,
    seed: int,
    repeat: int,
    clean: bool = True,
    *,
    n_events: int = 0,
    max_relations: int | None = None,
    month_stride: int = 12,
    viewport: tuple[int, int] = (1280, 800),
) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    g, r, s = make_tables(n_groups, n_relations, seed=seed, clean=clean)
    ev = ea = None
    if n_events:
        ev, ea, r = make_events((g, r, s), n_events, seed=seed)
    net = militnet.Network(groups=g, relations=r, sources=s, events=ev, event_actors=ea)
    out = Path(tempfile.mkdtemp()) / "bench.html"
    options: dict[str, Any] = {"seed": seed}
    if max_relations is not None:
        options["max_relations"] = max_relations or None
    t0 = time.perf_counter()
    net.to_html(out, **options)
    render_s = time.perf_counter() - t0

    chromium = shutil.which("chromium")
    if chromium is None:
        raise SystemExit("no chromium on PATH (apt-get install chromium)")
    ready, wall, steps, months = [], [], [], []
    shown: dict[str, Any] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=ARGS)
        for _ in range(repeat):
            page = browser.new_page(viewport={"width": viewport[0], "height": viewport[1]})
            errors: list[str] = []
            page.on("pageerror", lambda e, errors=errors: errors.append(str(e)))
            page.route("**/*", _block)
            t1 = time.perf_counter()
            page.goto(out.as_uri())
            page.wait_for_selector("html[data-mn-ready]", state="attached", timeout=600_000)
            wall.append((time.perf_counter() - t1) * 1000)
            ready.append(page.evaluate("window.militnet.readyAt()"))
            if errors:
                raise SystemExit(f"page errors: {errors}")
            if not steps:
                years = page.evaluate("window.militnet.steps()")
                for d in years:
                    steps.append(page.evaluate(STEP_JS, d))
                mid = years[len(years) // 2]
                page.evaluate(STEP_JS, mid)
                shown = page.evaluate("window.militnet.counts()")
                shown["date"] = mid
                shown["filter"] = page.evaluate("window.militnet.filtered()")
                page.select_option("#mn-step", "month")
                for d in page.evaluate("window.militnet.steps()")[::month_stride]:
                    months.append(page.evaluate(STEP_JS, d))
            page.close()
        browser.close()
    return {
        "groups": n_groups,
        "relations": n_relations,
        "events": len(ev) if ev is not None else 0,
        "render_s": render_s,
        "size_mb": out.stat().st_size / 1e6,
        "ready_ms": statistics.median(ready),
        "ready_ms_max": max(ready),
        "wall_ms": statistics.median(wall),
        "step_ms": statistics.median(steps),
        "step_ms_max": max(steps),
        "n_steps": len(steps),
        "month_ms": statistics.median(months) if months else float("nan"),
        "month_ms_max": max(months) if months else float("nan"),
        "n_months": len(months),
        "shown": shown,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--groups", type=int, default=1_000)
    ap.add_argument("--relations", type=int, default=20_000)
    ap.add_argument("--events", type=int, default=0, help="evidence events (synth.make_events)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--repeat", type=int, default=3, help="page loads (median reported)")
    ap.add_argument(
        "--max-relations",
        type=int,
        default=None,
        help="the page's max_relations (default: the page's default; 0: no filter)",
    )
    ap.add_argument("--month-stride", type=int, default=12, help="time every k-th month step")
    ap.add_argument("--viewport", default="1280x800", help="WIDTHxHEIGHT")
    ap.add_argument(
        "--messy", action="store_true", help="the generator's default data instead of clean=True"
    )
    a = ap.parse_args(argv)
    w, _, h = a.viewport.partition("x")
    res = run(
        a.groups,
        a.relations,
        a.seed,
        a.repeat,
        clean=not a.messy,
        n_events=a.events,
        max_relations=a.max_relations,
        month_stride=a.month_stride,
        viewport=(int(w), int(h)),
    )
    print(
        f"network: {res['groups']:,} groups, {res['relations']:,} relations, "
        f"{res['events']:,} events (seed {a.seed})"
    )
    print(f"python:  layout + write {res['render_s']:.2f} s, file {res['size_mb']:.2f} MB")
    print(
        f"browser: interactive after {res['ready_ms']:.0f} ms from navigation start "
        f"(median of {a.repeat}, max {res['ready_ms_max']:.0f} ms); goto + wait "
        f"{res['wall_ms']:.0f} ms"
    )
    print(
        f"scrub:   one slider step {res['step_ms']:.0f} ms median, "
        f"{res['step_ms_max']:.0f} ms max over {res['n_steps']} year steps; "
        f"{res['month_ms']:.0f} ms median, {res['month_ms_max']:.0f} ms max over "
        f"{res['n_months']} month steps"
    )
    sh = res["shown"]
    print(
        f"shown:   {sh.get('groups', 0):,} groups, {sh.get('relations', 0):,} relations "
        f"on {sh.get('date')}; filter: {sh.get('filter') or 'none (the whole network)'}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
