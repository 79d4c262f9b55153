"""Reading and writing dataset folders, byte for byte reproducibly."""

from __future__ import annotations

import csv
import io
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from militnet._problems import Problem
from militnet._schema import COLUMNS, FIELD_DOCS, FILES, REQUIRED, TABLES

__all__ = ["Table", "read_folder", "table_bytes", "write_folder"]

DATAPACKAGE = "datapackage.json"


@dataclass
class Table:
    """One table as read: every cell a string, in file order."""

    name: str
    file: str
    columns: list[str]
    rows: list[list[str]]
    rownums: list[int] = field(default_factory=list)

    def column(self, name: str) -> list[str]:
        i = self.columns.index(name)
        return [r[i] for r in self.rows]


def _err(file: str, msg: str, row: int | None = None, column: str | None = None,
         value: str | None = None, severity: str = "error") -> Problem:
    return Problem(severity, file, row, column, value, msg)  # type: ignore[arg-type]


def parse_csv(text: str, name: str, file: str, problems: list[Problem], *,
              required: tuple[str, ...] | None = None,
              known: tuple[str, ...] | None = None,
              escapechar: str | None = None) -> Table | None:
    """Parse CSV text into a :class:`Table`, appending every problem found.

    ``required`` and ``known`` columns default to those of the dataset table
    ``name``; known columns absent from the file are added, empty."""
    required = REQUIRED[name] if required is None else required
    known = COLUMNS[name] if known is None else known
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        problems.append(_err(file, "file contains a NUL byte; is it a CSV text file?", line))
        return None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True, escapechar=escapechar)
    records: list[tuple[int, list[str]]] = []
    n = 0
    try:
        for rec in reader:
            n += 1
            records.append((n, rec))
    except csv.Error as exc:
        problems.append(_err(file, f"unreadable CSV: {exc}", n + 1))
        return None
    if not records or not any(c.strip() for c in records[0][1]):
        problems.append(_err(file, "empty file: expected a header row"))
        return None
    header = [c.strip() for c in records[0][1]]
    ok = True
    seen: set[str] = set()
    for c in header:
        if not c:
            problems.append(_err(file, "empty column name in header", 1))
            ok = False
        elif c in seen:
            problems.append(_err(file, "duplicate column name in header", 1, c, c))
            ok = False
        seen.add(c)
    for c in required:
        if c not in seen:
            problems.append(_err(file, f"missing required column {c!r}", 1, c))
            ok = False
    rows: list[list[str]] = []
    rownums: list[int] = []
    for num, rec in records[1:]:
        if not rec:
            problems.append(_err(file, "blank line skipped", num, severity="warning"))
            continue
        if len(rec) != len(header):
            problems.append(_err(file, f"row has {len(rec)} fields but the header has "
                                 f"{len(header)}", num, value=",".join(rec)))
            ok = False
            continue
        rows.append(rec)
        rownums.append(num)
    if not ok:
        return None
    # Known columns absent from the file are empty; unknown ones are kept.
    columns = header[:]
    for c in known:
        if c not in columns:
            columns.append(c)
            for r in rows:
                r.append("")
    return Table(name, file, columns, rows, rownums)


def read_text(path: Path, label: str, problems: list[Problem]) -> str | None:
    try:
        data = path.read_bytes()
    except OSError as exc:
        problems.append(_err(label, f"cannot read file: {exc.strerror or exc}"))
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        problems.append(_err(label, f"not valid UTF-8 text (byte {exc.start})", line))
        return None


def read_folder(path: Path) -> tuple[dict[str, Table], dict[str, Any], list[Problem]]:
    """Read a dataset folder. Returns the tables that could be read, the
    datapackage metadata and every problem met on the way."""
    problems: list[Problem] = []
    tables: dict[str, Table] = {}
    for name in TABLES:
        f = path / FILES[name]
        label = str(f)
        if not f.is_file():
            problems.append(_err(label, "file not found"))
            continue
        text = read_text(f, label, problems)
        if text is None:
            continue
        t = parse_csv(text, name, label, problems)
        if t is not None:
            tables[name] = t
    meta: dict[str, Any] = {}
    dp = path / DATAPACKAGE
    if dp.is_file():
        text = read_text(dp, str(dp), problems)
        if text is not None:
            try:
                loaded = json.loads(text)
            except json.JSONDecodeError as exc:
                problems.append(_err(str(dp), f"malformed JSON: {exc.msg}", exc.lineno))
            else:
                if isinstance(loaded, dict):
                    meta = loaded
                else:
                    problems.append(_err(str(dp), "expected a JSON object"))
    else:
        problems.append(_err(str(dp), "no datapackage.json: name, version and licence unknown",
                             severity="warning"))
    return tables, meta, problems


def table_bytes(columns: list[str], rows: list[list[str]]) -> bytes:
    """CSV bytes of a table: UTF-8, ``\\n`` line endings, minimal quoting."""
    buf = io.StringIO(newline="")
    w = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    w.writerow(columns)
    w.writerows(rows)
    return buf.getvalue().encode("utf-8")


def datapackage(meta: dict[str, Any], columns: dict[str, list[str]]) -> dict[str, Any]:
    """The metadata with its ``resources`` regenerated from the columns."""
    out = {k: v for k, v in meta.items() if k != "resources"}
    out.setdefault("profile", "tabular-data-package")
    resources = []
    for name in TABLES:
        fields = []
        for c in columns[name]:
            typ, desc = FIELD_DOCS[name].get(c, ("string", "Additional column"))
            fields.append({"name": c, "type": typ, "description": desc})
        resources.append({
            "name": name,
            "path": FILES[name],
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "dialect": {"delimiter": ",", "lineTerminator": "\n", "quoteChar": '"'},
            "schema": {"fields": fields, "primaryKey": "id"},
        })
    out["resources"] = resources
    return out


def write_folder(path: Path, tables: dict[str, tuple[list[str], list[list[str]]]],
                 meta: dict[str, Any]) -> None:
    """Write a dataset folder. Files are written to temporary names first and
    renamed, so an interrupted save leaves no half-written file."""
    path.mkdir(parents=True, exist_ok=True)
    payloads = {FILES[n]: table_bytes(*tables[n]) for n in TABLES}
    dp = datapackage(meta, {n: tables[n][0] for n in TABLES})
    payloads[DATAPACKAGE] = (json.dumps(dp, indent=2, ensure_ascii=False) + "\n").encode()
    for fname, data in payloads.items():
        tmp = path / f".{fname}.tmp"
        tmp.write_bytes(data)
        os.replace(tmp, path / fname)
