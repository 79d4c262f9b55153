"""Helpers shared by the subcommands."""

from __future__ import annotations

import argparse
import json
import os
import sys
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


def check_output(output: str | None, data: str | None) -> None:
    """Refuse an output path that is the input dataset folder, one of its files or
    anything inside it (a command must never write over its own input)."""
    if not output or not data:
        return
    if "\x00" in output:
        from militnet._core.errors import ArgumentError

        raise ArgumentError(f"an output path cannot contain a NUL character: {output!r}")
    from militnet._core.errors import ArgumentError, MilitnetError
    from militnet._dataset.registry import resolve_path

    try:
        folder = os.path.realpath(resolve_path(data))
    except MilitnetError:
        return  # no such dataset: loading it reports the problem
    out = os.path.realpath(output)
    if out == folder or os.path.commonpath([out, folder]) == folder:
        raise ArgumentError(
            f"refusing to write {output!r}: it is inside the input dataset "
            f"folder {str(folder)!r}; choose an output outside it"
        )


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
    """A line for the user on stderr (stdout stays the command's output)."""
    sys.stderr.write(f"militnet: {text}\n")


def frame_text(df: pd.DataFrame, fmt: str, *, index: bool = True) -> str:
    """A DataFrame as CSV, JSON (records) or a Markdown table, without extra deps."""
    if fmt == "csv":
        return str(df.to_csv(index=index, lineterminator="\n"))
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
    """A GitHub-flavoured Markdown table (``|`` in cells escaped)."""

    def cell(v: Any) -> str:
        text = f"{v:.6g}" if isinstance(v, float) else "" if v is None else str(v)
        return text.replace("|", "\\|").replace("\n", " ")

    cols = [str(c) for c in df.columns]
    lines = ["| " + " | ".join(cols) + " |", "|" + "|".join(" --- " for _ in cols) + "|"]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in df.itertuples(index=False)]
    return "\n".join(lines)


def write(text: str) -> None:
    sys.stdout.write(text)
