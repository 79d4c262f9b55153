"""``militnet diff``: what changed between two dates, or between two datasets."""

from __future__ import annotations

import argparse

from militnet.cli._common import add_data, frame_text, load, write


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "diff",
        help="what changed between two dates, or between two datasets",
        description="With --from and --to: groups that appeared or ended, ties that started, "
        "ended or lapsed, and centrality changes between two days of DATA, with the "
        "relations and sources behind each. With a second dataset OTHER: records added, "
        "removed and changed, field by field. When nothing changed, says why.",
    )
    add_data(p)
    p.add_argument(
        "other", metavar="OTHER", nargs="?", help="a second dataset to compare DATA with"
    )
    p.add_argument("--from", dest="start", metavar="DATE", help="first day YYYY-MM-DD")
    p.add_argument("--to", dest="end", metavar="DATE", help="second day YYYY-MM-DD")
    p.add_argument(
        "--measure", default="degree", help="centrality measure compared (default: degree)"
    )
    p.add_argument(
        "--threshold",
        type=float,
        default=0.0,
        help="report centrality changes larger than this (default: 0)",
    )
    p.add_argument(
        "--format",
        choices=("text", "csv", "json", "markdown"),
        default="text",
        help="output format (default: text)",
    )
    p.set_defaults(func=run_diff, _parser=p)


def run_diff(args: argparse.Namespace) -> int:
    from militnet._algorithms.diff import diff

    if args.other is not None:
        if args.start or args.end:
            args._parser.error("give either OTHER or --from/--to, not both")
        result = diff(load(args.data), load(args.other))
    else:
        if not (args.start and args.end):
            args._parser.error("give --from DATE and --to DATE, or a second dataset OTHER")
        result = diff(
            load(args.data), args.start, args.end, measure=args.measure, threshold=args.threshold
        )
    if args.format == "text":
        write(str(result) + "\n")
    else:
        write(frame_text(result.to_frame(), args.format, index=False))
    return 0
