"""``militnet validate`` and ``militnet info``."""

from __future__ import annotations

import argparse
import json

from militnet.cli._common import add_data, data_folder, load, write


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "validate",
        help="check a dataset and list every problem",
        description="Check a dataset and list every problem (file, row, "
        "column, value). Exit status 1 if there are errors.",
    )
    add_data(p)
    p.add_argument("--format", choices=("text", "csv", "json"), default="text")
    p.add_argument("--errors-only", action="store_true", help="do not list warnings")
    p.set_defaults(func=run_validate)

    p = sub.add_parser(
        "info",
        help="counts, date range and relations by type",
        description="Print what a dataset holds: counts, date range, "
        "relations by type and confidence.",
    )
    add_data(p)
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(func=run_info)


def run_validate(args: argparse.Namespace) -> int:
    from militnet._dataset.validate import validate

    folder, _how = data_folder(args.data)  # refuses a bare name that is also a folder here
    report = validate(folder)
    if args.format == "text":
        write(report.format(errors_only=args.errors_only) + "\n")
    else:
        df = report.to_frame()
        if args.errors_only:
            df = df[df["severity"] == "error"]
        if args.format == "csv":
            from militnet.cli._common import csv_text

            write(csv_text(df, index=False))
        else:
            write(json.dumps(df.to_dict("records"), indent=2, ensure_ascii=False) + "\n")
    return 0 if report.ok else 1


def run_info(args: argparse.Namespace) -> int:
    net = load(args.data)
    s = net.summary()
    if args.format == "json":
        write(json.dumps(s, indent=2, ensure_ascii=False) + "\n")
        return 0
    lines = [
        f"{s['title'] or s['name']}" + (f" (version {s['version']})" if s["version"] else ""),
        f"  groups:     {s['groups']}",
        f"  relations:  {s['relations']}  ({s['undated_relations']} with undocumented start)",
        f"  sources:    {s['sources']}",
        f"  dates:      {s['first_date'] or '-'} to {s['last_date'] or '-'}",
        "  relations by type:",
        *(f"    {t:<10} {n}" for t, n in s["relations_by_type"].items()),
        "  relations by confidence:",
        *(f"    {c:<10} {n}" for c, n in s["relations_by_confidence"].items()),
        f"  content hash: sha256:{s['content_hash']}",
    ]
    if net.validation.warnings:
        lines.append(f"  validation: {net.validation.summary()} (see `militnet validate`)")
    write("\n".join(lines) + "\n")
    return 0
