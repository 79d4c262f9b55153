"""Helpers shared by the subcommands."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

    from militnet._classes.network import Network

FORMATS = ("csv", "json", "markdown")


def add_data(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "data",
        metavar="DATA",
        help="dataset folder, or the name of a bundled dataset (e.g. afpak; "
        "bundled:afpak if a folder here has the same name)",
    )


def add_format(parser: argparse.ArgumentParser, default: str = "markdown") -> None:
    parser.add_argument(
        "--format", choices=FORMATS, default=default, help=f"output format (default: {default})"
    )


#: Arguments that name what a command reads, and what it writes.
INPUT_ARGS = ("data", "other", "files", "candidates", "crosswalk", "into")
OUTPUT_ARGS = ("output", "provenance", "into")


def _flat(values: Any) -> list[str]:
    if values is None:
        return []
    if isinstance(values, (list, tuple)):
        return [os.fspath(v) for v in values if v is not None]
    return [os.fspath(values)]


def check_output(args: argparse.Namespace | str | None, data: Any = None) -> None:
    """The one output guard of the command line, run before every command: no
    path a command writes (``-o/--output``, ``--provenance``, ``accept --into``)
    may be, hold a hard or symbolic link to, or lie inside any path it reads
    (every DATA, OTHER, FILE, CANDIDATES and ``--crosswalk``, bundled names
    resolved), a bundled dataset or the installed package
    (:func:`militnet._dataset.outputs.check_output`).

    ``check_output(output, data)`` checks one output against the inputs given.
    """
    from militnet._dataset.outputs import check_output as guard
    from militnet._dataset.outputs import input_folder

    if not isinstance(args, argparse.Namespace):
        guard(args, _flat(data))
        return
    inputs = [v for name in INPUT_ARGS for v in _flat(getattr(args, name, None))]
    for name in OUTPUT_ARGS:
        for out in _flat(getattr(args, name, None)):
            if name == "into":  # accept: the dataset read is saved back in place
                others = [i for i in inputs if i != out]
                guard(input_folder(out) or out, others, allow_same_folder=True)
                continue
            guard(out, inputs, replaces_folder=getattr(args, "command", "") == "combine")


BUNDLED_PREFIX = "bundled:"


def data_folder(path: str) -> tuple[str, str]:
    """The folder a dataset argument names, and how it was chosen: ``"bundled"``,
    ``"folder-named-like-bundled"`` or ``"folder"``. Bundled names and folders
    never shadow each other silently.

    ``bundled:NAME`` is always the bundled dataset. A bare ``NAME`` that is
    both a folder here and a bundled dataset is refused (write ``./NAME`` or
    ``bundled:NAME``).
    """
    from pathlib import Path

    from militnet._core.errors import DatasetNotFoundError
    from militnet._dataset.registry import bundled_path, list_datasets

    bundled = list_datasets()
    if path.startswith(BUNDLED_PREFIX):
        return str(bundled_path(path[len(BUNDLED_PREFIX) :])), "bundled"
    p = Path(path)
    bare = "/" not in path and "\\" not in path
    if bare and path in bundled and p.exists():
        raise DatasetNotFoundError(
            f"{path!r} is both a folder here and a bundled dataset: write ./{path} for the "
            f"folder or {BUNDLED_PREFIX}{path} for the bundled dataset"
        )
    if bare and path in bundled:
        return str(bundled_path(path)), "bundled"
    if p.exists() and p.resolve().name in bundled:
        return path, "folder-named-like-bundled"
    return path, "folder"


def whole_number(low: int) -> Callable[[str], int]:
    """An argparse ``type``: a whole number of at least ``low``, or a usage error
    that quotes what was typed."""

    wanted = "a positive integer" if low == 1 else f"a whole number of at least {low}"

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            value = low - 1
        if value < low:
            raise argparse.ArgumentTypeError(f"expected {wanted}, got {text!r}")
        return value

    return parse


def load(path: str) -> Network:
    """A dataset named on the command line (see :func:`data_folder`); whenever a
    bundled name is involved, stderr says which one was loaded."""
    from militnet._classes.network import load as _load
    from militnet._dataset.registry import list_datasets

    folder, how = data_folder(path)
    net = _load(folder)
    if how == "bundled":
        note(f"loaded the bundled dataset {net.name!r} (version {net.version or '-'})")
    elif how == "folder-named-like-bundled" or net.name in list_datasets():
        note(
            f"loaded the folder {path!r} (dataset {net.name!r}, version "
            f"{net.version or '-'}), not a bundled dataset"
        )
    return net


def note(text: str) -> None:
    """A line for the user on stderr (stdout stays the command's output), with no
    raw control characters."""
    from militnet._core.escape import terminal_safe

    sys.stderr.write(terminal_safe(f"militnet: {text}") + "\n")


def csv_text(df: pd.DataFrame, *, index: bool = False) -> str:
    """A table as CSV for people to open: every text cell (and header) that a
    spreadsheet would read as a formula gets a leading apostrophe
    (:func:`militnet._core.escape.neutralise_cell`; ``militnet accept`` and
    ``--crosswalk`` read it back without). Dataset files are never written this
    way: ``Network.save`` writes cells byte for byte."""
    from militnet._core.escape import neutralise_cell

    def safe(v: Any) -> Any:
        return neutralise_cell(v) if isinstance(v, str) else v

    out = df.map(safe)
    out.columns = [neutralise_cell(str(c)) for c in df.columns]
    if index:
        out.index = out.index.map(safe)
        if out.index.name is not None:
            out.index.name = neutralise_cell(str(out.index.name))
    return str(out.to_csv(index=index, lineterminator="\n"))


def frame_text(df: pd.DataFrame, fmt: str, *, index: bool = True) -> str:
    """A DataFrame as CSV, JSON (records) or a Markdown table, without extra deps."""
    if fmt == "csv":
        return csv_text(df, index=index)
    if fmt == "json":
        data = df.reset_index() if index else df
        return (
            json.dumps(
                json.loads(data.to_json(orient="records", date_format="iso", double_precision=15)),
                indent=2,
                ensure_ascii=False,
            )
            + "\n"
        )
    return markdown_table(df.reset_index() if index else df) + "\n"


def markdown_table(df: pd.DataFrame) -> str:
    """A GitHub-flavoured Markdown table, every cell and header escaped for
    Markdown and inline HTML (:func:`militnet._core.escape.md_escape`): no live
    HTML, links, images or emphasis from data."""
    from militnet._core.escape import md_escape

    def cell(v: Any) -> str:
        if isinstance(v, float):
            return f"{v:.6g}"
        if v is None or (not isinstance(v, str) and _missing(v)):
            return ""
        return md_escape(v)

    cols = [cell(str(c)) for c in df.columns]
    lines = ["| " + " | ".join(cols) + " |", "|" + "|".join(" --- " for _ in cols) + "|"]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in df.itertuples(index=False)]
    return "\n".join(lines)


def _missing(v: Any) -> bool:
    try:
        return bool(v != v) or type(v).__name__ == "NAType"
    except (TypeError, ValueError):
        return type(v).__name__ == "NAType"


def write(text: str) -> None:
    """Write the command's output to stdout, every control character from data
    (escape sequences, CR, bell...) but line feed and tab made visible
    (:func:`militnet._core.escape.terminal_safe`)."""
    from militnet._core.escape import terminal_safe

    sys.stdout.write(terminal_safe(text))
