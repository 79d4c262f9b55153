"""``militnet export``: GEXF for Gephi, GraphML, node-link JSON or CSV."""

from __future__ import annotations

import argparse

from militnet.cli._common import add_data, load, write

EXPORT_FORMATS = ("gexf", "graphml", "json", "csv")


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "export",
        help="write GEXF (Gephi, dynamic), GraphML, node-link JSON or CSV",
        description="Write the network for other tools. GEXF holds the whole history "
        "(groups and relations as dated spells, for Gephi's timeline), or with --at the "
        "snapshot of one day. GraphML, JSON (networkx node-link) and CSV hold the snapshot "
        "on --at. CSV writes nodes.csv and edges.csv into the folder given by -o.",
    )
    add_data(p)
    p.add_argument(
        "--format",
        choices=EXPORT_FORMATS,
        default=None,
        help="output format (default: from the extension of -o; csv for a folder)",
    )
    p.add_argument(
        "-o", "--output", required=True, metavar="FILE", help="file to write (a folder for csv)"
    )
    p.add_argument(
        "--at", metavar="DATE", help="snapshot day YYYY-MM-DD (required except for gexf)"
    )
    p.add_argument(
        "--types", metavar="TYPES", help="comma-separated relation types to include (default: all)"
    )
    p.add_argument(
        "--min-confidence",
        default="reported",
        choices=("alleged", "reported", "confirmed"),
        help="weakest confidence included (default: reported, i.e. alleged relations "
        "left out; 'alleged' includes everything)",
    )
    p.add_argument(
        "--date-policy",
        default="earliest",
        choices=("earliest", "latest", "strict", "lenient"),
        help="how partial dates become days (default: earliest)",
    )
    p.add_argument(
        "--undated",
        default="include",
        choices=("include", "exclude"),
        help="relations with an undocumented start (default: include)",
    )
    p.add_argument(
        "--stale-after",
        default="5y",
        metavar="DURATION",
        help="open-ended ties lapse this long after their last attestation "
        "(or start): years (5) or a duration such as 5y, 18m; 'never' keeps "
        "them (default: 5y)",
    )
    p.add_argument(
        "--raw",
        action="store_true",
        help="CSV only: write cells as they are, without neutralising those "
        "that begin with = + - @ tab or CR (spreadsheet formulas)",
    )
    p.set_defaults(func=run_export, _parser=p)


def _format(args: argparse.Namespace) -> str:
    if args.format:
        return str(args.format)
    ext = args.output.rsplit(".", 1)[-1].lower() if "." in args.output else ""
    return {"gexf": "gexf", "graphml": "graphml", "json": "json", "xml": "graphml"}.get(ext, "csv")


def run_export(args: argparse.Namespace) -> int:
    from militnet._readwrite import export as _export

    fmt = _format(args)
    if fmt != "gexf" and not args.at:
        args._parser.error(f"--at DATE is required for --format {fmt} (a snapshot)")
    from militnet._core.policy import TiePolicy

    net = load(args.data)
    types = [t.strip() for t in args.types.split(",") if t.strip()] if args.types else None
    pol = TiePolicy.all_types(
        min_confidence=args.min_confidence,
        date_policy=args.date_policy,
        undated=args.undated,
        stale_after=args.stale_after,
        **({"types": types} if types else {}),
    )
    if fmt == "gexf":
        out = _export.to_gexf(net, args.output, at=args.at, policy=pol)
        write(f"wrote {out}\n")
    elif fmt == "graphml":
        write(f"wrote {_export.to_graphml(net, args.output, args.at, policy=pol)}\n")
    elif fmt == "json":
        write(f"wrote {_export.to_json(net, args.output, args.at, policy=pol)}\n")
    else:
        nodes, edges = _export.to_csv(net, args.output, args.at, policy=pol, raw=args.raw)
        write(f"wrote {nodes}\nwrote {edges}\n")
    return 0
