"""``militnet render``: the network as one offline, interactive HTML file."""

from __future__ import annotations

import argparse
import sys

from militnet._core.dates import DATE_POLICIES
from militnet._views.html import SIZE_MEASURES, STEPS
from militnet.cli._common import add_data, load, whole_number


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "render",
        help="write an interactive, offline HTML file with a time control",
        description="Write the network as ONE self-contained HTML file (no internet needed): "
        "a time slider, a legend, details and sources of every group and tie, a search box. "
        "What it shows on a date is exactly what `Network.at(date)` returns with the same "
        "options.",
    )
    add_data(p)
    p.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="FILE.html",
        help="file to write (only this file is written)",
    )
    p.add_argument(
        "--at", metavar="DATE", help="date the page opens at (YYYY-MM-DD; default: the last step)"
    )
    p.add_argument("--step", choices=STEPS, default="year", help="slider step (default: year)")
    p.add_argument(
        "--color-by",
        default="orientation",
        metavar="ATTR|community",
        help="group column that colours the nodes (orientation, country...), "
        "'community', or 'none' (default: orientation)",
    )
    p.add_argument(
        "--size-by",
        choices=SIZE_MEASURES,
        default="degree",
        help="node size: ties on the date shown (degree), relations over the whole "
        "dataset (total_degree), a centrality on the opening date, or fixed "
        "(default: degree)",
    )
    p.add_argument(
        "--types", nargs="+", metavar="TYPE", help="relation types shown at first (default: all)"
    )
    p.add_argument(
        "--min-confidence",
        choices=("alleged", "reported", "confirmed"),
        default="reported",
        help="weakest confidence the page opens with (changeable in the page; "
        "default: reported, i.e. alleged ties hidden at first; 'alleged' shows them)",
    )
    p.add_argument(
        "--hide-alleged",
        action="store_true",
        help=argparse.SUPPRESS,  # 0.1's flag: now the default (--min-confidence reported)
    )
    p.add_argument(
        "--date-policy",
        choices=tuple(DATE_POLICIES),
        default="earliest",
        help="how partial dates compare with the date shown (default: earliest)",
    )
    p.add_argument(
        "--exclude-undated",
        action="store_true",
        help="hide relations with an undocumented start at first",
    )
    p.add_argument(
        "--stale-after",
        default="5y",
        metavar="DURATION",
        help="lapse threshold the page opens with: open-ended ties lapse this long "
        "after their last attestation (or start); 5y, 18m, or 'never' "
        "(changeable in the page; default: 5y)",
    )
    p.add_argument(
        "--max-relations",
        type=whole_number(0),
        default=20_000,
        metavar="N",
        help="above N relations the page shows the top groups by the size measure and "
        "says so in its header (default: 20000; 0 draws everything)",
    )
    p.add_argument("--seed", type=int, default=0, help="layout seed (default: 0)")
    p.add_argument("--title", help="page title (default: the dataset's title)")
    p.set_defaults(func=run_render)


def run_render(args: argparse.Namespace) -> int:
    from militnet._core.policy import TiePolicy
    from militnet._views.html import write_html

    net = load(args.data)
    policy = TiePolicy.all_types(
        min_confidence="reported" if args.hide_alleged else args.min_confidence,
        date_policy=args.date_policy,
        undated="exclude" if args.exclude_undated else "include",
        stale_after=args.stale_after,
        **({"types": tuple(args.types)} if args.types else {}),
    )
    color_by = None if args.color_by == "none" else args.color_by
    path = write_html(
        net,
        args.output,
        at=args.at,
        step=args.step,
        color_by=color_by,
        size_by=args.size_by,
        policy=policy,
        seed=args.seed,
        title=args.title,
        max_relations=args.max_relations or None,
    )
    print(f"wrote {path} ({path.stat().st_size:,} bytes)", file=sys.stderr)
    return 0
