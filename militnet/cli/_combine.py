"""``militnet combine``: one dataset from several, with a report of what matched."""

from __future__ import annotations

import argparse

from militnet.cli._common import load, write


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "combine",
        help="one dataset from several, every record keeping its origin",
        description="Combine datasets into one dataset folder. Groups of later datasets are "
        "matched to the first dataset's groups by the crosswalk (CSV: dataset,id,group) or "
        "by name; ambiguous and unknown names are listed, never guessed. Prints the report "
        "of matches, unmatched groups, duplicates and conflicts.",
    )
    p.add_argument(
        "data",
        metavar="DATA",
        nargs="+",
        help="two or more dataset folders or bundled dataset names",
    )
    p.add_argument("-o", "--output", required=True, metavar="DIR", help="dataset folder to write")
    p.add_argument("--crosswalk", metavar="FILE", help="CSV with columns dataset,id,group")
    p.set_defaults(func=run_combine, _parser=p)


def run_combine(args: argparse.Namespace) -> int:
    from militnet._algorithms.combine import CombineReport, combine

    if len(args.data) < 2:
        args._parser.error("give two or more datasets to combine")
    net = combine(*(load(d) for d in args.data), crosswalk=args.crosswalk)
    out = net.save(args.output)
    write(f"{CombineReport.of(net)}\nwrote {out}\n")
    return 0
