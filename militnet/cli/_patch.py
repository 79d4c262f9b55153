"""Write a reviewed change into a dataset folder as a *patch*: the rows the change
added are appended, the rows it changed are rewritten, and every other line of
every file keeps its bytes (column order, quoting, line endings). A one-row
acceptance is a one-line diff (``militnet accept``).

A table whose columns the change altered (a column added) is written in full,
in the file's own column order with the new columns after it.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

    from militnet._classes.network import Network

__all__ = ["NeedsSave", "patch_dataset", "split_records"]


def split_records(text: str) -> list[str]:
    """The raw records of a CSV text, each with its line ending; a quoted field may
    hold line breaks. Linear: every character is looked at once.

    Examples
    --------
    >>> split_records('id,notes\\r\\nr1,"two\\nlines"\\r\\nr2,x\\n')
    ['id,notes\\r\\n', 'r1,"two\\nlines"\\r\\n', 'r2,x\\n']
    """
    out: list[str] = []
    start = 0
    quoted = False
    for i, ch in enumerate(text):
        if ch == '"':
            quoted = not quoted
        elif ch == "\n" and not quoted:
            out.append(text[start : i + 1])
            start = i + 1
    if start < len(text):
        out.append(text[start:])
    return out


def _fields(record: str) -> list[str]:
    rows = list(csv.reader(io.StringIO(record.rstrip("\r\n"), newline="")))
    return rows[0] if rows else [""]


def _line(fields: list[str], ending: str) -> str:
    from militnet._dataset.write import table_bytes

    body = table_bytes(fields, []).decode("utf-8")  # the one line, quoted as save does
    return body[:-1] + ending


def _table_rows(df: pd.DataFrame, index_name: str | None) -> tuple[list[str], list[list[str]]]:
    import pandas as pd

    frame = df.reset_index() if index_name else df
    cols = [str(c) for c in frame.columns]
    rows = [["" if pd.isna(v) else str(v) for v in r] for r in frame.itertuples(index=False)]
    return cols, rows


class NeedsSave(Exception):
    """The change cannot be written as a patch (a column added, rows reordered, a
    file missing): the caller saves the dataset in full."""


def _patched(path: Path, old: pd.DataFrame, new: pd.DataFrame, key: str | None) -> bytes | None:
    """The new bytes of one table file, or None when nothing changed."""
    o_cols, o_rows = _table_rows(old, key)
    n_cols, n_rows = _table_rows(new, key)
    if o_rows == n_rows and o_cols == n_cols:
        return None
    if not path.is_file():
        raise NeedsSave(f"{path.name} is missing")
    records = split_records(path.read_text(encoding="utf-8"))
    if not records or len(records) - 1 != len(o_rows) or len(n_rows) < len(o_rows):
        raise NeedsSave(f"{path.name} does not hold the rows it was read with")
    ending = "\r\n" if records[0].endswith("\r\n") else "\n"
    cols = _fields(records[0])
    pos = {c: i for i, c in enumerate(n_cols)}
    if any(c not in cols and any(r[pos[c]] for r in n_rows) for c in n_cols):
        raise NeedsSave(f"a column is added to {path.name}")
    if key is not None and [r[0] for r in n_rows[: len(o_rows)]] != [r[0] for r in o_rows]:
        raise NeedsSave(f"the rows of {path.name} are reordered")
    if key is None and n_rows[: len(o_rows)] != o_rows:
        raise NeedsSave(f"rows of {path.name} are changed")

    def values(row: list[str]) -> list[str]:
        return [row[pos[c]] if c in pos else "" for c in cols]

    out = [records[0]]
    for i, rec in enumerate(records[1:]):
        want = values(n_rows[i])
        out.append(rec if _fields(rec) == want else _line(want, ending))
    if not out[-1].endswith("\n"):
        out[-1] += ending
    out.extend(_line(values(r), ending) for r in n_rows[len(o_rows) :])
    return "".join(out).encode("utf-8")


def patch_dataset(folder: str | Path, old: Network, new: Network) -> list[str]:
    """Write what ``new`` changed from ``old`` into the dataset ``folder`` (which
    holds ``old``), table by table as patches; ``datapackage.json`` gets only its
    identity keys updated (``version``, ``derived_from``: the same rule as
    :meth:`Network.save`). Returns the names of the files written. The files
    are replaced together, all or nothing, as ``Network.save`` replaces a
    folder; the caller holds the folder's lock. When the change
    cannot be a patch (:class:`NeedsSave`), the dataset is saved in full."""
    from militnet._dataset.identity import saved_metadata
    from militnet._dataset.write import metadata_json, replace_folder

    folder = Path(folder)
    tables: list[tuple[str, Any, Any, str | None]] = [
        ("groups.csv", old.groups, new.groups, "id"),
        ("relations.csv", old.relations, new.relations, "id"),
        ("sources.csv", old.sources, new.sources, "id"),
    ]
    if new.has_events:
        before_ev = old.events if old.has_events else new.events.iloc[0:0]
        before_ac = old.event_actors if old.has_events else new.event_actors.iloc[0:0]
        tables += [
            ("events.csv", before_ev, new.events, "id"),
            ("event_actors.csv", before_ac, new.event_actors, None),
        ]
    pending: list[tuple[Path, bytes]] = []
    try:
        for name, o, n, key in tables:
            data = _patched(folder / name, o, n, key)
            if data is not None:
                pending.append((folder / name, data))
    except NeedsSave:
        new.save(folder)  # validated in full before anything is written
        return ["(saved in full)"]
    meta_path = folder / "datapackage.json"
    if pending and meta_path.is_file():
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        want = saved_metadata(new.metadata, new.content_hash)
        changed = False
        for k in ("version", "derived_from"):
            if k in want and meta.get(k) != want[k]:
                meta[k] = want[k]
                changed = True
        if changed:
            pending.append((meta_path, (metadata_json(meta) + "\n").encode("utf-8")))
    if pending:
        # all or nothing (issue 27): the changed files are swapped in together by the
        # folder protocol of Network.save, the unchanged ones carried over as they are
        replace_folder(folder, {p.name: d for p, d in pending}, what="dataset")
    return [p.name for p, _ in pending]
