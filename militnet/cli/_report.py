"""``militnet report``: a citable report of the network on a day."""

from __future__ import annotations

import argparse
from pathlib import Path

from militnet.cli._common import add_data, load, write


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "report",
        help="citable report: centrality, communities, balance, with sources",
        description="Write a report of the network on a day: top groups by each centrality "
        "measure, communities, structural balance; every number cites the sources of the "
        "relations behind it, and the reference list holds exactly those sources. The header "
        "records the dataset version and content hash, the day(s) and the tie policy.",
    )
    add_data(p)
    p.add_argument("--at", required=True, metavar="DATE", help="the day, YYYY-MM-DD")
    p.add_argument(
        "--start",
        metavar="DATE",
        help="with --end: also tabulate the measures "
        "on 1 January of each year from --start to --end",
    )
    p.add_argument("--end", metavar="DATE")
    p.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="file to write, .md or .html (default: Markdown on stdout)",
    )
    p.add_argument(
        "--format",
        choices=("markdown", "html"),
        default=None,
        help="output format (default: from the extension of -o, else markdown)",
    )
    p.add_argument(
        "--types",
        default="alliance,pledge",
        metavar="TYPES",
        help="comma-separated relation types that make ties (default: alliance,pledge)",
    )
    p.add_argument(
        "--min-confidence",
        default="reported",
        choices=("alleged", "reported", "confirmed"),
        help="weakest confidence included (default: reported, i.e. alleged relations "
        "left out; 'alleged' includes everything)",
    )
    p.add_argument(
        "--date-policy", default="earliest", choices=("earliest", "latest", "strict", "lenient")
    )
    p.add_argument("--undated", default="include", choices=("include", "exclude"))
    p.add_argument(
        "--stale-after",
        default="5y",
        metavar="DURATION",
        help="open-ended ties lapse this long after their last attestation (or "
        "start): 5y, 18m, or 'never' (default: 5y)",
    )
    p.add_argument("--top", type=int, default=5, help="groups per measure (default: 5)")
    p.add_argument("--seed", type=int, default=0, help="seed of community detection")
    p.set_defaults(func=run_report, _parser=p)


def run_report(args: argparse.Namespace) -> int:
    from militnet._core.policy import TiePolicy
    from militnet._views.report import report

    if (args.start is None) != (args.end is None):
        args._parser.error("give both --start and --end, or neither")
    fmt = args.format or (
        "html"
        if args.output and Path(args.output).suffix.lower() in (".html", ".htm")
        else "markdown"
    )
    policy = TiePolicy(
        types=tuple(t.strip() for t in args.types.split(",") if t.strip()),
        min_confidence=args.min_confidence,
        date_policy=args.date_policy,
        undated=args.undated,
        stale_after=args.stale_after,
    )
    text = report(
        load(args.data),
        args.at,
        start=args.start,
        end=args.end,
        policy=policy,
        top=args.top,
        seed=args.seed,
        format=fmt,
    )
    if args.output:
        from militnet._dataset.outputs import write_atomic

        write_atomic(args.output, text.encode("utf-8"))
        write(f"wrote {args.output}\n")
    else:
        write(text)
    return 0
