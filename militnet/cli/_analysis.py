"""``militnet snapshot``, ``militnet metrics`` and ``militnet series``."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from militnet.cli._common import add_data, add_format, frame_text, load, whole_number, write

if TYPE_CHECKING:
    import pandas as pd

    from militnet._core.policy import TiePolicy

_MEASURE_HELP = (
    "degree, in_degree, out_degree, betweenness, eigenvector, pagerank, community (Louvain label)"
)


def _add_policy(p: argparse.ArgumentParser, types_default: str) -> None:
    from militnet._core.dates import DATE_POLICIES
    from militnet._core.model import CONFIDENCE_LEVELS

    g = p.add_argument_group("which relations count")
    g.add_argument(
        "--types",
        metavar="T1,T2",
        default=None,
        help=f"comma-separated relation types (default: {types_default})",
    )
    g.add_argument(
        "--min-confidence",
        choices=CONFIDENCE_LEVELS,
        default="reported",
        help="weakest confidence included (default: reported, i.e. alleged relations "
        "left out; 'alleged' includes everything)",
    )
    g.add_argument(
        "--date-policy",
        choices=tuple(DATE_POLICIES),
        default="earliest",
        help="how partial dates compare with a day (default: earliest)",
    )
    g.add_argument(
        "--undated",
        choices=("include", "exclude"),
        default="include",
        help="relations with an undocumented start (default: include)",
    )
    g.add_argument(
        "--stale-after",
        default="5y",
        metavar="DURATION",
        help="open-ended ties lapse this long after their last attestation "
        "(or start): years (5) or a duration such as 5y, 18m; 'never' keeps "
        "them (default: 5y)",
    )


def _add_measure_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--measure",
        action="append",
        metavar="M",
        help=f"measure(s), repeatable or comma-separated: {_MEASURE_HELP} "
        "(default: degree, betweenness, eigenvector, pagerank)",
    )
    p.add_argument("--k", type=int, default=None, help="estimate betweenness from K sampled pivots")
    p.add_argument("--seed", type=int, default=0, help="random seed (default 0)")


def _add_provenance(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--provenance",
        metavar="FILE",
        type=Path,
        default=None,
        help="also write the result's provenance (data hash, dates, policy, "
        "parameters, library versions) as JSON to FILE",
    )


def _types(args: argparse.Namespace) -> tuple[str, ...] | None:
    if args.types is None:
        return None
    return tuple(t.strip() for t in args.types.split(",") if t.strip())


def _policy(args: argparse.Namespace, base: TiePolicy | None = None) -> TiePolicy:
    """The tie policy of the command's options, on top of ``base`` (default
    ``TiePolicy()``; ``--types`` replaces its types)."""
    import dataclasses

    from militnet._core.policy import DEFAULT_TIE_POLICY

    kw: dict[str, Any] = {
        "min_confidence": args.min_confidence,
        "date_policy": args.date_policy,
        "undated": args.undated,
        "stale_after": args.stale_after,
    }
    types = _types(args)
    if types is not None:
        kw["types"] = types
    return dataclasses.replace(base or DEFAULT_TIE_POLICY, **kw)


def _measures(args: argparse.Namespace) -> tuple[str, ...]:
    from militnet._engine.measures import DEFAULT_MEASURES

    if not args.measure:
        return DEFAULT_MEASURES
    return tuple(m.strip() for arg in args.measure for m in arg.split(",") if m.strip())


def _emit(df: pd.DataFrame, args: argparse.Namespace, *, index: bool = True) -> int:
    if getattr(args, "provenance", None) is not None:
        from militnet._algorithms.provenance import provenance_json
        from militnet._dataset.outputs import write_atomic

        write_atomic(args.provenance, provenance_json(df.attrs["provenance"]).encode("utf-8"))
    if args.format == "json":
        write(_json_records(df.reset_index() if index else df))
    else:
        write(frame_text(df, args.format, index=index))
    return 0


def _json_records(df: pd.DataFrame) -> str:
    """JSON records with floats at full precision (repr round-trips; NaN → null)."""
    import json
    import math

    def plain(v: Any) -> Any:
        if hasattr(v, "item"):
            v = v.item()
        if isinstance(v, float) and not math.isfinite(v):
            return None
        return v

    rows = [{str(k): plain(v) for k, v in rec.items()} for rec in df.to_dict("records")]
    return json.dumps(rows, indent=2, ensure_ascii=False) + "\n"


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "snapshot",
        help="the relations (or groups) of one day",
        description="List the relations active on a day between groups alive on it "
        "(half-open intervals: a relation ending on the day is not active), or with "
        "--groups the groups alive on it.",
    )
    add_data(p)
    p.add_argument("--at", required=True, metavar="DATE", help="the day, YYYY-MM-DD")
    p.add_argument("--groups", action="store_true", help="list the alive groups instead")
    _add_policy(p, "all types")
    add_format(p)
    p.set_defaults(func=run_snapshot)

    p = sub.add_parser(
        "metrics",
        help="centrality of every group on one day",
        description="Centrality of every group alive on a day, on the collapsed tie "
        "graph (by default alliance and pledge relations).",
    )
    add_data(p)
    p.add_argument("--at", required=True, metavar="DATE", help="the day, YYYY-MM-DD")
    _add_measure_options(p)
    p.add_argument(
        "--communities", action="store_true", help="add a Louvain community column (seeded)"
    )
    p.add_argument(
        "--sort",
        metavar="M",
        default=None,
        help="sort by this measure, highest first (default: data order)",
    )
    p.add_argument(
        "--top",
        type=whole_number(1),
        default=None,
        metavar="N",
        help="only the first N rows (after sorting)",
    )
    p.add_argument(
        "--names", action="store_true", help="add a column with each group's canonical name"
    )
    p.add_argument(
        "--no-alleged-share",
        dest="alleged_share",
        action="store_false",
        help="leave out the columns that say how much of each score rests on alleged "
        "ties (alleged_ties, <measure>_alleged_share: the share of the score lost "
        "without them)",
    )
    _add_policy(p, "alliance,pledge")
    _add_provenance(p)
    add_format(p)
    p.set_defaults(func=run_metrics)

    p = sub.add_parser(
        "series",
        help="measures over a series of days, as a tidy table",
        description="Centrality of every group over a series of days: one row per day, "
        "group and measure (columns date, group, measure, value).",
    )
    add_data(p)
    p.add_argument(
        "--start", metavar="DATE", default=None, help="first day (default: the data's first date)"
    )
    p.add_argument(
        "--end", metavar="DATE", default=None, help="last day (default: the data's last date)"
    )
    p.add_argument(
        "--freq", default="YS", help="pandas frequency: YS (yearly, default), QS, MS (monthly)..."
    )
    _add_measure_options(p)
    p.add_argument("--progress", action="store_true", help="show a progress bar on stderr")
    _add_policy(p, "alliance,pledge")
    _add_provenance(p)
    add_format(p, default="csv")
    p.set_defaults(func=run_series)


def run_snapshot(args: argparse.Namespace) -> int:
    import pandas as pd

    net = load(args.data)
    from militnet._core.policy import ALL_TYPES

    g = net.at(args.at, policy=_policy(args, ALL_TYPES))
    if args.groups:
        cols = ["name", "founded", "ended", "orientation", "country", "alive"]
        rows = [
            {"group": v, **{c: _text(d.get(c, "")) for c in cols}} for v, d in g.nodes(data=True)
        ]
        df = pd.DataFrame(rows, columns=["group", *cols]).set_index("group")
    else:
        cols = [
            "source",
            "target",
            "type",
            "confidence",
            "start",
            "end",
            "last_attested",
            "sources",
        ]
        rows = [
            {"relation": k, "source": u, "target": v, **{c: _text(d.get(c, "")) for c in cols[2:]}}
            for u, v, k, d in g.edges(keys=True, data=True)
        ]
        df = pd.DataFrame(rows, columns=["relation", *cols]).set_index("relation")
        df = df.sort_index(kind="stable")
    return _emit(df, args)


def _text(v: Any) -> str:
    return ";".join(v) if isinstance(v, list) else str(v)


def run_metrics(args: argparse.Namespace) -> int:
    from militnet._algorithms.centrality import centrality
    from militnet._algorithms.communities import communities

    net = load(args.data)
    pol = _policy(args)
    df = centrality(net, at=args.at, measures=_measures(args), policy=pol, k=args.k, seed=args.seed)
    if args.communities:
        cm = communities(net, at=args.at, seed=args.seed, policy=pol)
        df["community"] = cm["community"]
        df.attrs["provenance"]["parameters"]["communities"] = {
            "method": "louvain",
            "seed": args.seed,
            "modularity": cm.attrs["modularity"],
        }
    left_out = _add_reliance(df, net, args, pol)
    if args.names:
        df.insert(0, "name", net.groups["name"].reindex(df.index))
    if args.sort is not None:
        if args.sort not in df.columns:
            from militnet._core.errors import MilitnetError

            raise MilitnetError(
                f"cannot sort by {args.sort!r}: not a computed column "
                f"({', '.join(map(str, df.columns))})"
            )
        df = df.sort_values(args.sort, ascending=False, kind="stable")
    if args.top is not None:
        df = df.head(args.top)
    code = _emit(df, args)
    if left_out:  # after the output: an error writing it is the first line on stderr
        from militnet.cli._common import note

        note(left_out)
    return code


def _add_reliance(
    df: pd.DataFrame, net: Any, args: argparse.Namespace, pol: TiePolicy
) -> str | None:
    """Say how much of each score rests on alleged ties: ``alleged_ties`` and
    ``<measure>_alleged_share`` for the sort measure (every measure without
    ``--sort``); see :func:`militnet.alleged_reliance`."""
    from militnet._algorithms.reliance import alleged_reliance, without_alleged

    if without_alleged(pol) is pol:
        return _alleged_left_out(net, args.at, pol)
    if not args.alleged_share:
        return None
    scores = [m for m in _measures(args) if m != "community"]
    shown = [args.sort] if args.sort in scores else scores
    if not shown:
        return None
    rel = alleged_reliance(net, args.at, measures=shown, policy=pol, k=args.k, seed=args.seed)
    df["alleged_ties"] = rel["alleged_ties"]
    for m in shown:
        df[f"{m}_alleged_share"] = rel[f"{m}_alleged_share"]
    df.attrs["provenance"]["parameters"]["alleged_share"] = {
        "measures": shown,
        "without_alleged_policy": rel.attrs["provenance"]["parameters"]["without_alleged_policy"],
    }
    return None


def _alleged_left_out(net: Any, at: str, pol: TiePolicy) -> str | None:
    """The note saying how many alleged relations of the day the ranking leaves out."""
    from militnet._algorithms.reliance import alleged_left_out

    n = alleged_left_out(net, at, pol) if pol.min_confidence == "reported" else 0
    if not n:
        return None
    return (
        f"{n} alleged relation{'s' if n != 1 else ''} active on {at} left out "
        "(the default); --min-confidence alleged counts them and adds columns "
        "saying how much of each score rests on them"
    )


def run_series(args: argparse.Namespace) -> int:
    net = load(args.data)
    df = net.series(
        args.start,
        args.end,
        args.freq,
        measures=_measures(args),
        policy=_policy(args),
        seed=args.seed,
        k=args.k,
        progress=args.progress,
    )
    df["date"] = df["date"].dt.strftime("%Y-%m-%d")
    return _emit(df, args, index=False)
