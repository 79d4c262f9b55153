"""``militnet crosswalk``: the draft crosswalk of one dataset's groups onto another's."""

from __future__ import annotations

import argparse

from militnet.cli._common import load, note, write


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "crosswalk",
        help="draft crosswalk: which group of DATA each group of OTHER is, never guessed",
        description="For every group of OTHER, the group of DATA it matches and how (id, name, "
        "alias, crosswalk), or why not (unknown, ambiguous with the candidates, conflict: "
        "their countries or notes say they differ). Writes a CSV for a reviewer (cells a "
        "spreadsheet would read as formulas get a leading apostrophe); fill or empty the "
        "'group' column and pass the file back with --crosswalk, here or to "
        "'militnet combine'.",
    )
    p.add_argument("data", metavar="DATA", help="the reference dataset (folder or bundled name)")
    p.add_argument("other", metavar="OTHER", help="the dataset whose groups are matched")
    p.add_argument(
        "-o", "--output", metavar="FILE", help="CSV file to write (default: standard output)"
    )
    p.add_argument(
        "--crosswalk",
        metavar="FILE",
        help="reviewed decisions, CSV with columns source,external,group (a reviewed draft works)",
    )
    p.set_defaults(func=run_crosswalk)


def _summary(df: object) -> str:
    import pandas as pd

    assert isinstance(df, pd.DataFrame)
    how = df["how"][df["group"] != ""].value_counts()
    why = df["why_not"][df["why_not"] != ""].value_counts()
    matched = int((df["group"] != "").sum())
    text = f"{len(df)} groups, {matched} matched"
    if len(how):
        text += " (" + ", ".join(f"{n} by {k}" for k, n in how.items()) + ")"
    return text + "".join(f", {n} {k}" for k, n in why.items())


def run_crosswalk(args: argparse.Namespace) -> int:
    from militnet._algorithms.crosswalk import crosswalk
    from militnet.cli._events import review_csv

    # the output was checked against DATA, OTHER and --crosswalk by cli._common.check_output
    df = crosswalk(load(args.data), load(args.other), crosswalk=args.crosswalk)
    text = review_csv(df)
    if args.output:
        from militnet._dataset.outputs import write_atomic

        write_atomic(args.output, text.encode("utf-8"))
        write(f"{_summary(df)}\nwrote {args.output}\n")
    else:
        write(text)
        note(_summary(df))
    return 0
