"""``militnet sensitivity``: does a ranking survive the uncertain parts of the data?"""

from __future__ import annotations

import argparse

from militnet.cli._analysis import _add_policy, _policy
from militnet.cli._common import add_data, add_format, frame_text, load, write


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "sensitivity",
        help="how a ranking changes without alleged ties, under other date "
        "policies, without undated relations, with alternative dates",
        description="Rerun one centrality measure on a day under variants of the data "
        "and compare each ranking with the baseline (Spearman, Kendall, top-N overlap, "
        "largest rank shift).",
    )
    add_data(p)
    p.add_argument("--at", required=True, metavar="DATE", help="the day (YYYY-MM-DD)")
    p.add_argument(
        "--measure",
        default="betweenness",
        help="degree, in_degree, out_degree, betweenness, eigenvector or pagerank "
        "(default: betweenness)",
    )
    p.add_argument("--top", type=int, default=5, help="size of the compared top list")
    p.add_argument(
        "--values",
        action="store_true",
        help="print the measure per group and variant instead of the summary",
    )
    add_format(p)
    _add_policy(p, "alliance,pledge")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from militnet._algorithms.sensitivity import sensitivity

    net = load(args.data)
    res = sensitivity(net, args.at, measure=args.measure, policy=_policy(args), top=args.top)
    write(frame_text(res.values if args.values else res.summary, args.format))
    return 0
