"""``militnet events`` (the events, filtered), ``militnet suggest-ends`` (proposed
ends of open ties) and ``militnet candidates`` (candidate ties from shared
events): the two review files are accepted with ``militnet accept``."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from militnet.cli._common import add_data, load, write

if TYPE_CHECKING:
    import pandas as pd

#: Columns of ``militnet events`` in a terminal table (csv and json have all).
EVENTS_SHOWN = (
    "id",
    "date",
    "end",
    "kind",
    "country",
    "admin1",
    "place",
    "fatalities",
    "actors",
    "summary",
)
#: Columns of the review tables on the terminal (the CSV written with -o has all).
ENDS_SHOWN = (
    "relation",
    "source",
    "target",
    "type",
    "end",
    "reason",
    "event",
    "confidence",
    "evidence",
)
CANDIDATES_SHOWN = (
    "source",
    "target",
    "start",
    "last_attested",
    "confidence",
    "events",
    "evidence",
)


def _names(values: list[str] | None) -> list[str] | None:
    """Repeatable, comma-separated options as one list."""
    if not values:
        return None
    return [v.strip() for arg in values for v in arg.split(",") if v.strip()]


def _cell(v: Any) -> str:
    """A Markdown table cell that renders as the text itself (no markup, no HTML)."""
    from militnet._core.escape import md_escape

    if v is None or (not isinstance(v, str) and _missing(v)):
        return ""
    if isinstance(v, float):
        return f"{v:.6g}"
    return md_escape(str(v))


def _missing(v: Any) -> bool:
    try:
        return bool(v != v) or type(v).__name__ == "NAType"
    except (TypeError, ValueError):
        return type(v).__name__ == "NAType"


def markdown(df: pd.DataFrame) -> str:
    """A GitHub-flavoured Markdown table with every cell escaped (``| * _ [ ] ` # !``
    backslash-escaped, ``& < >`` as entities, line breaks as spaces)."""
    cols = [str(c) for c in df.columns]
    lines = [
        "| " + " | ".join(_cell(c) for c in cols) + " |",
        "|" + "|".join(" --- " for _ in cols) + "|",
    ]
    lines += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in df.itertuples(index=False)]
    return "\n".join(lines) + "\n"


def review_csv(df: pd.DataFrame) -> str:
    """A review table as CSV that a spreadsheet shows as text: a cell beginning
    with ``= + - @``, tab or CR gets a leading apostrophe (``militnet accept``
    reads it back without)."""
    from militnet.cli._common import csv_text

    return csv_text(df, index=False)


def _emit(df: pd.DataFrame, fmt: str, shown: tuple[str, ...], output: str | None, what: str) -> int:
    if output:
        from militnet._dataset.outputs import write_atomic

        write_atomic(output, review_csv(df).encode("utf-8"))
        write(f"wrote {len(df)} {what} to {output}\n")
        return 0
    if fmt == "csv":
        write(review_csv(df))
    elif fmt == "json":
        from militnet.cli._common import frame_text

        write(frame_text(df, "json", index=False))
    else:
        write(markdown(df[[c for c in shown if c in df.columns]]))
    return 0


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    from militnet._core.model import EVENT_KINDS, EVENT_ROLES
    from militnet.cli._analysis import _add_policy

    formats = ("markdown", "md", "csv", "json")
    p = sub.add_parser(
        "events",
        help="list the evidence events, filtered by dates, groups, kinds and roles",
        description="The events of DATA with their actors and roles (who perpetrated, "
        "claimed, was targeted...), sorted by date. --from/--to keep the events whose dates "
        "overlap the window (partial dates count by their whole span).",
    )
    add_data(p)
    p.add_argument("--from", dest="start", metavar="DATE", help="window start, YYYY[-MM[-DD]]")
    p.add_argument("--to", dest="end", metavar="DATE", help="window end, YYYY[-MM[-DD]]")
    p.add_argument(
        "--group",
        action="append",
        metavar="NAME",
        help="events in which this group takes part (id or name; repeatable or comma-separated)",
    )
    p.add_argument(
        "--kind",
        action="append",
        metavar="KIND",
        help=f"event kind(s): {', '.join(EVENT_KINDS)} (repeatable or comma-separated)",
    )
    p.add_argument(
        "--role",
        action="append",
        metavar="ROLE",
        help=f"a group's role: {', '.join(EVENT_ROLES)} (with --group: that group's role)",
    )
    p.add_argument(
        "--format", choices=formats, default="markdown", help="output format (default: markdown)"
    )
    p.add_argument("-o", "--output", metavar="FILE", help="write all columns as CSV to FILE")
    p.set_defaults(func=run_events)

    s = sub.add_parser(
        "suggest-ends",
        help="propose ends of open ties from contrary events, merged or ended partners, lapses",
        description="Propose an end for each open tie of DATA that an event contradicts (a "
        "clash between allies, an attack of one on the other, a denial), whose partner "
        "merged into another group or ended, or whose last evidence is an event old enough "
        "for the tie to lapse. Review the CSV: set status to 'accepted' on the rows to keep, "
        "then run 'militnet accept FILE --into DATA'.",
    )
    add_data(s)
    s.add_argument(
        "--at",
        metavar="DATE",
        help="the day of the proposals, YYYY-MM-DD (default: the last date in the data)",
    )
    s.add_argument("-o", "--output", metavar="FILE", help="write the review CSV to FILE")
    s.add_argument(
        "--format", choices=formats, default="markdown", help="terminal format without -o"
    )
    _add_policy(s, "alliance,pledge")
    s.set_defaults(func=run_suggest_ends)

    c = sub.add_parser(
        "candidates",
        help="propose ties between groups that carried out or claimed the same events",
        description="Propose an alliance for each pair of groups of DATA that perpetrated or "
        "claimed the same event while no alliance or pledge of theirs covered it (competing "
        "claims excepted). Review the CSV: set status to 'accepted' on the rows to keep, then "
        "run 'militnet accept FILE --into DATA'.",
    )
    add_data(c)
    c.add_argument(
        "--min-events",
        type=int,
        default=1,
        metavar="N",
        help="fewest shared events for a pair (default 1)",
    )
    c.add_argument("-o", "--output", metavar="FILE", help="write the review CSV to FILE")
    c.add_argument(
        "--format", choices=formats, default="markdown", help="terminal format without -o"
    )
    c.set_defaults(func=run_candidates)


def _fmt(args: argparse.Namespace) -> str:
    return "markdown" if args.format == "md" else str(args.format)


def run_events(args: argparse.Namespace) -> int:
    from militnet._algorithms.events import events

    net = load(args.data)
    df = events(
        net,
        args.start,
        args.end,
        groups=_names(args.group),
        kinds=_names(args.kind),
        roles=_names(args.role),
    )
    return _emit(df.reset_index(), _fmt(args), EVENTS_SHOWN, args.output, "events")


def run_suggest_ends(args: argparse.Namespace) -> int:
    from militnet._algorithms.ends import suggest_ends
    from militnet.cli._analysis import _policy

    net = load(args.data)
    df = suggest_ends(net, policy=_policy(args), at=args.at)
    return _emit(df, _fmt(args), ENDS_SHOWN, args.output, "proposed ends")


def run_candidates(args: argparse.Namespace) -> int:
    from militnet._algorithms.events import candidates_from_events

    net = load(args.data)
    df = candidates_from_events(net, min_events=args.min_events)
    return _emit(df, _fmt(args), CANDIDATES_SHOWN, args.output, "candidates")
