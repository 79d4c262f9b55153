"""``militnet history`` and ``militnet lineage``: views centred on one group."""

from __future__ import annotations

import argparse

from militnet.cli._common import add_data, add_format, frame_text, load, write


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "history",
        help="every relation of one group, in time order",
        description="Every relation of one group in time order, with its "
        "dates, confidence and sources.",
    )
    add_data(p)
    p.add_argument("group", metavar="GROUP", help="group id or name (e.g. IS-K)")
    add_format(p)
    p.set_defaults(func=run_history)

    p = sub.add_parser(
        "lineage",
        help="a group's family through splits and mergers",
        description="The family of one group through split and merger "
        "relations, in both directions.",
    )
    add_data(p)
    p.add_argument("group", metavar="GROUP", help="group id or name (e.g. TTP)")
    p.add_argument(
        "--depth",
        type=int,
        default=None,
        metavar="N",
        help="follow at most N split or merger relations (default: the whole family)",
    )
    p.add_argument(
        "--format",
        choices=("text", "csv", "json", "markdown"),
        default="text",
        help="output format (default: text)",
    )
    p.set_defaults(func=run_lineage)


def run_history(args: argparse.Namespace) -> int:
    from militnet._algorithms.lineage import history

    write(frame_text(history(load(args.data), args.group), args.format, index=False))
    return 0


def run_lineage(args: argparse.Namespace) -> int:
    from militnet._algorithms.lineage import lineage

    fam = lineage(load(args.data), args.group, depth=args.depth)
    if args.format == "text":
        write(str(fam) + "\n")
    else:
        write(frame_text(fam.to_frame(), args.format))
    return 0
