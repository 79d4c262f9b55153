"""``militnet extract`` (candidate relations from news text) and ``militnet accept``
(add the reviewed candidates to a dataset folder)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from militnet.cli._common import data_folder, frame_text, load, write

#: Columns shown on the terminal (the CSV written with -o has them all).
SHOWN = (
    "source",
    "target",
    "type",
    "start",
    "confidence",
    "cue",
    "hedged",
    "negated",
    "ambiguous",
    "out_of_scope",
    "evidence",
)


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "extract",
        help="propose candidate relations from news articles (needs militnet[text])",
        description="Read plain-text articles and propose candidate relations between the "
        "groups of DATA, each with its sentence, date, cue and flags (hedged, negated, "
        "ambiguous, out of scope). Review the CSV: set status to 'accepted' on the rows to "
        "keep (and replace an ambiguous 'a|b' by one id), then run 'militnet accept'.",
    )
    p.add_argument("files", nargs="+", metavar="FILE", help="plain-text article(s)")
    p.add_argument(
        "--data",
        required=True,
        metavar="DATA",
        help="dataset folder, or the name of a bundled dataset (e.g. afpak)",
    )
    p.add_argument(
        "--published",
        metavar="DATE",
        help="publication date of the article(s), YYYY[-MM[-DD]]: relative "
        "dates ('last year', 'on Thursday') are resolved against it",
    )
    p.add_argument(
        "--source",
        metavar="ID",
        help="source id for the sources column (default: the file name stem)",
    )
    p.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="write all columns as CSV (default: a table on the terminal)",
    )
    p.add_argument(
        "--format",
        choices=("markdown", "csv"),
        default="markdown",
        help="terminal format without -o (default: markdown)",
    )
    p.add_argument(
        "--events-output",
        metavar="FILE",
        help="also write the candidate events (claims, joint claims, clashes, pledges, "
        "denials, with actors and roles) as CSV, for 'militnet accept --events'",
    )
    p.set_defaults(func=run_extract)

    a = sub.add_parser(
        "accept",
        help="add the reviewed candidates (status 'accepted') to a dataset folder",
        description="Add the rows of a candidates CSV whose status is 'accepted' to the "
        "dataset in DIR as new relations (new ids), with the article added to sources.csv, "
        "after validating the whole result; nothing is written if anything is invalid. "
        "Takes the CSVs of 'militnet extract', 'militnet candidates' (the new relations "
        "cite their events) and 'militnet suggest-ends' (an accepted row sets the end of "
        "its relation).",
    )
    a.add_argument("candidates", metavar="CANDIDATES", help="candidates CSV (from extract -o)")
    a.add_argument("--into", required=True, metavar="DIR", help="dataset folder to update")
    a.add_argument(
        "--source-id",
        metavar="ID",
        help="id of the article in sources.csv (default: the candidates' sources)",
    )
    a.add_argument("--title", default="", help="title of the article (for sources.csv)")
    a.add_argument("--publisher", default="", help="publisher of the article")
    a.add_argument("--date", default="", help="date of the article, YYYY[-MM[-DD]]")
    a.add_argument("--url", default="", help="address of the article")
    a.add_argument(
        "--events",
        metavar="FILE",
        help="the reviewed candidate events CSV (extract --events-output): its accepted "
        "rows are added to events.csv and event_actors.csv first, and the accepted "
        "relations that cite a candidate event (a joint claim's tie) cite its new id",
    )
    a.add_argument(
        "--allow-duplicates",
        action="store_true",
        help="add an accepted row that repeats an existing relation (same pair, type and "
        "overlapping dates), with 'possible duplicate of rNNN' in its notes; by default "
        "such rows are refused and nothing is written",
    )
    a.add_argument(
        "--add-aliases",
        action="store_true",
        help="record the names as written of the accepted rows that the dataset did not "
        "resolve to the id you settled on (an ambiguous or unknown name) as aliases of "
        "that group in groups.csv; each recorded alias is printed",
    )
    a.set_defaults(func=run_accept)


def run_extract(args: argparse.Namespace) -> int:
    import pandas as pd

    from militnet._core.errors import ArgumentError
    from militnet._text.extract import extract

    net = load(args.data)
    frames: list[pd.DataFrame] = []
    event_frames: list[pd.DataFrame] = []
    for f in args.files:
        path = Path(f)
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise ArgumentError(f"{f}: not UTF-8 text ({exc.reason})") from None
        one = extract(net, text, published=args.published, source=args.source or path.stem)
        ev = one.attrs["events"].copy()
        # candidate event ids numbered across the files (x001, x002 ...)
        start = sum(len(e) for e in event_frames)
        renum = {old: f"x{start + k + 1:03d}" for k, old in enumerate(ev["event"])}
        ev["event"] = ev["event"].map(renum)
        one["events"] = one["events"].map(
            lambda cell, m=renum: ";".join(m.get(e, e) for e in str(cell).split(";") if e)
        )
        frames.append(one)
        event_frames.append(ev)
    df = pd.concat(frames, ignore_index=True)
    events = pd.concat(event_frames, ignore_index=True)
    if args.events_output:
        from militnet._dataset.outputs import write_atomic
        from militnet.cli._events import review_csv

        write_atomic(args.events_output, review_csv(events).encode("utf-8"))
        write(f"wrote {len(events)} candidate events to {args.events_output}\n")
    if args.output:
        from militnet._dataset.outputs import write_atomic
        from militnet.cli._events import review_csv

        write_atomic(args.output, review_csv(df).encode("utf-8"))  # formulas neutralised
        write(f"wrote {len(df)} candidates to {args.output}\n")
        return 0
    write(frame_text(df[list(SHOWN)], args.format, index=False))
    return 0


def run_accept(args: argparse.Namespace) -> int:
    import pandas as pd

    from militnet._core.errors import ArgumentError
    from militnet._dataset.outputs import dataset_lock

    def read(path: str, what: str) -> Any:
        try:
            return pd.read_csv(path, dtype=str, keep_default_na=False)
        except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
            raise ArgumentError(f"{path}: not a {what} CSV ({exc})") from None
        except UnicodeDecodeError as exc:
            raise ArgumentError(f"{path}: not UTF-8 text ({exc.reason})") from None
        except OSError as exc:
            raise ArgumentError(f"{path}: cannot be read ({exc.strerror})") from None

    cands = read(args.candidates, "candidates")
    args.events_table = read(args.events, "candidate events") if args.events else None

    # read-modify-write under the folder's lock: a concurrent accept into the same
    # folder waits, then reads what this one saved (nothing accepted is lost)
    with dataset_lock(data_folder(args.into)[0]):
        return _accept(args, cands)


def _accept(args: argparse.Namespace, cands: Any) -> int:
    from militnet._text.extract import accept_candidates

    net = load(args.into)
    sid = args.source_id
    if sid is None and "sources" in cands:
        from militnet._core.model import split_list

        known = set(net.sources.index)
        cells = [
            cell
            for table in (cands, args.events_table)
            if table is not None and "sources" in table and "status" in table
            for cell in table.loc[table["status"].str.strip().str.lower() == "accepted", "sources"]
        ]
        ids = sorted({s for cell in cells for s in split_list(cell) if s not in known})
        sid = ids[0] if len(ids) == 1 else None
    source = (
        {
            "id": sid,
            "title": args.title,
            "publisher": args.publisher,
            "date": args.date,
            "url": args.url,
        }
        if sid
        else None
    )
    from militnet._dataset.validate import validate
    from militnet._text.extract import learned_aliases
    from militnet.cli._patch import patch_dataset

    new = accept_candidates(
        net,
        cands,
        source=source,
        duplicates="flag" if args.allow_duplicates else "refuse",
        add_aliases=args.add_aliases,
        events=args.events_table,
    )
    added = len(new.relations) - len(net.relations)
    n_events = len(new.events) - len(net.events) if new.has_events else 0
    old_end = net.relations["end"]
    ended = int((new.relations["end"].reindex(old_end.index) != old_end).sum())
    folder = data_folder(args.into)[0]
    written: list[str] = []
    if new is not net:
        # validated in full (accept_candidates); written as a patch: the added rows
        # appended, every other line of every file byte for byte as it was
        written = patch_dataset(folder, net, new)
    more = f"; ended {ended} relation(s) (suggest-ends)" if ended else ""
    if n_events:
        more += f"; added {n_events} event(s)"
    write(f"added {added} relation(s) to {args.into}{more}\n")
    flagged = new.relations.iloc[len(net.relations) :]
    for rid, row in flagged[
        flagged["notes"].str.contains("possible duplicate of", na=False)
    ].iterrows():
        why = row["notes"].split("; ")[-1]
        write(f"  {rid}: {row['source']} {row['type']} {row['target']}: {why}\n")
    if args.add_aliases:
        for gid, name in learned_aliases(net, cands):
            write(f"  alias {name!r} recorded for {gid}\n")
    if written:
        write(f"wrote {', '.join(written)}\n")
        report = validate(folder)
        write(f"validation of {args.into}: {report.format()}\n")
    return 0
