"""``militnet reach``, ``militnet path`` and ``militnet lifecycle``: order in time."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from militnet.cli._analysis import _add_policy, _add_provenance, _emit, _policy
from militnet.cli._common import add_data, add_format, check_output, load, note, whole_number


def _add_window(p: argparse.ArgumentParser, what: str) -> None:
    p.add_argument(
        "--start",
        metavar="DATE",
        default=None,
        help=f"first day of the window, YYYY-MM-DD: {what} (default: unbounded)",
    )
    p.add_argument(
        "--end",
        metavar="DATE",
        default=None,
        help="first day after the window (exclusive), YYYY-MM-DD (default: unbounded)",
    )


def _add_directed(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--directed",
        action="store_true",
        help="a pledge carries influence only from the pledging group to the one it pledges "
        "to (default: every tie both ways)",
    )


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "reach",
        help="every group a group could reach through ties in time order",
        description="Every group SOURCE could reach through a chain of ties, each "
        "active when the previous one was reached (a time-respecting path): the "
        "earliest arrival, the hops, the path and the relations behind each hop. "
        "With --summary, how many groups each group reaches and is reached by.",
    )
    add_data(p)
    p.add_argument(
        "source",
        metavar="SOURCE",
        nargs="?",
        default=None,
        help="group id or name (e.g. IS); required unless --summary",
    )
    _add_window(p, "the source sets off then")
    _add_directed(p)
    p.add_argument(
        "--summary",
        action="store_true",
        help="per group: how many it reaches and is reached by (every group, or SOURCE)",
    )
    _add_policy(p, "alliance,pledge")
    add_format(p)
    _add_provenance(p)
    p.set_defaults(func=run_reach)

    p = sub.add_parser(
        "path",
        help="one time-respecting path between two groups, with its sources",
        description="The earliest-arrival time-respecting path from SOURCE to TARGET, "
        "one row per hop with the relation behind it, its dates, evidence and "
        "sources, so it can be cited; or why there is none (exit status 1).",
    )
    add_data(p)
    p.add_argument("source", metavar="SOURCE", help="group id or name (e.g. IS)")
    p.add_argument("target", metavar="TARGET", help="group id or name (e.g. IMU)")
    _add_window(p, "the source sets off then")
    _add_directed(p)
    p.add_argument(
        "--max-wait",
        type=whole_number(0),
        default=None,
        metavar="DAYS",
        help="a group passes influence on at most DAYS days after it was reached "
        "(default: any time)",
    )
    _add_policy(p, "alliance,pledge")
    add_format(p)
    _add_provenance(p)
    p.set_defaults(func=run_path)

    p = sub.add_parser(
        "lifecycle",
        help="how communities are born, grow, merge, split and die",
        description="The lifecycle of the communities (Louvain on the ties of "
        "each day of a series, matched between consecutive days by Jaccard "
        "overlap): birth, death, continue, growth, contraction, merge and split, "
        "one row per event, with the communities' stable numbers, the split and "
        "merger relations behind the event, and a sentence. --figure draws the "
        "alluvial figure.",
    )
    add_data(p)
    p.add_argument("--start", metavar="DATE", default=None, help="first day (default: the data's)")
    p.add_argument("--end", metavar="DATE", default=None, help="last day (default: the data's)")
    p.add_argument(
        "--freq", default="YS", help="pandas frequency of the days (default YS: every 1 January)"
    )
    p.add_argument(
        "--threshold",
        type=float,
        default=0.3,
        help="Jaccard overlap for two communities to match (default 0.3)",
    )
    p.add_argument(
        "--min-size",
        type=int,
        default=3,
        metavar="N",
        help="smallest community (default 3: singletons and pairs are not communities)",
    )
    p.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    p.add_argument(
        "--figure",
        metavar="FILE",
        type=Path,
        default=None,
        help="also draw the alluvial figure to FILE (.png, .svg or .pdf)",
    )
    _add_policy(p, "alliance,pledge")
    add_format(p)
    _add_provenance(p)
    p.set_defaults(func=run_lifecycle)


def run_reach(args: argparse.Namespace) -> int:
    from militnet._algorithms.temporal import reachability, temporal_paths
    from militnet._core.errors import ArgumentError

    net = load(args.data)
    pol = _policy(args)
    if args.summary:
        r = reachability(
            net,
            args.start,
            args.end,
            sources=args.source,
            policy=pol,
            directed=args.directed,
        )
        summary = r.attrs["summary"]
        if args.source is not None:
            summary = summary[summary["reaches"] > 0]
        summary.attrs["provenance"] = r.attrs["provenance"]
        return _emit(summary, args)
    if args.source is None:
        raise ArgumentError("militnet reach needs a SOURCE group (or --summary)")
    df = temporal_paths(
        net, args.source, start=args.start, end=args.end, policy=pol, directed=args.directed
    )
    df["arrival"] = df["arrival"].dt.strftime("%Y-%m-%d").fillna("")
    note(f"{args.source} reaches {len(df)} groups")
    return _emit(df, args, index=False)


def run_path(args: argparse.Namespace) -> int:
    from militnet._algorithms.temporal import journey

    net = load(args.data)
    j = journey(
        net,
        args.source,
        args.target,
        args.start,
        args.end,
        policy=_policy(args),
        directed=args.directed,
        max_wait=args.max_wait,
    )
    j["day"] = j["day"].dt.strftime("%Y-%m-%d").fillna("")
    _emit(j, args, index=False)
    if j.empty:
        note(j.attrs.get("reason", "no time-respecting path"))
        return 1
    note(f"arrival {j.attrs['arrival'] or '(since always)'} after {len(j)} hop(s)")
    return 0


def run_lifecycle(args: argparse.Namespace) -> int:
    from militnet._algorithms.lifecycle import community_lifecycle

    if args.figure is not None:
        check_output(args.figure, [args.data])
    net = load(args.data)
    pol = _policy(args)
    kw: dict[str, Any] = {
        "policy": pol,
        "threshold": args.threshold,
        "min_size": args.min_size,
        "seed": args.seed,
    }
    lc = community_lifecycle(net, args.start, args.end, args.freq, **kw)
    for c in ("date_from", "date_to"):
        lc[c] = lc[c].dt.strftime("%Y-%m-%d")
    cols = [
        "date_from",
        "date_to",
        "event",
        "numbers_before",
        "numbers_after",
        "before",
        "after",
        "joined",
        "left",
        "relations",
        "explained_by",
        "summary",
    ]
    out = lc[cols]
    out.attrs["provenance"] = lc.attrs["provenance"]
    if args.figure is not None:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        from militnet.plot import lifecycle, save

        ax = lifecycle(net, args.start, args.end, args.freq, **kw)
        save(ax, args.figure)
        plt.close(ax.get_figure(root=True))
        note(f"wrote {args.figure}")
    return _emit(out, args, index=False)
