"""Reading dataset folders: CSV parsing (the csv module, or pandas once the bytes are
proved well formed) and ``datapackage.json``, every problem collected."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from militnet._core.errors import RecordError
from militnet._core.problems import Problem
from militnet._core.schema import ALL_TABLES, COLUMNS, DATAPACKAGE, FILES, REQUIRED, TABLES
from militnet._core.table import Table
from militnet._dataset.cells import _BAD, MAX_CELL, _err, _too_long, _writable, header_problems
from militnet._dataset.write import metadata_json

if TYPE_CHECKING:
    import numpy as np


def parse_csv(
    text: str,
    name: str,
    file: str,
    problems: list[Problem],
    *,
    required: tuple[str, ...] | None = None,
    known: tuple[str, ...] | None = None,
    escapechar: str | None = None,
) -> Table | None:
    """Parse CSV text into a :class:`Table`, appending every problem found.

    ``required`` and ``known`` columns default to those of the dataset table
    ``name``; known columns absent from the file are added, empty.

    A well-formed file of a thousand lines or more (the same number of fields
    on every row, no blank line, quotes only around whole fields, cells within
    :data:`MAX_CELL`) is read by pandas' C parser, after :func:`csv_shape` has
    proved it well formed; any other file is read record by record with the
    :mod:`csv` module, which finds and words each problem. Both give the same
    cells (tested).
    """
    required = REQUIRED[name] if required is None else required
    known = COLUMNS[name] if known is None else known
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        problems.append(_err(file, "file contains a NUL byte; is it a CSV text file?", line))
        return None
    fast = _fast_cells(text) if escapechar is None and text.count("\n") >= _FAST_MIN_LINES else None
    arrays: list[np.ndarray] | None = None
    if fast is not None:
        raw_header, cols, arrays = fast
        rows = None
        rownums: Sequence[int] = range(2, len(cols[0]) + 2)
        ok = True
    else:
        read = _read_records(text, file, problems, escapechar)
        if read is None:
            return None
        raw_header, rows, rownums, ok = read
    if not any(c.strip() for c in raw_header):
        problems.append(_err(file, "empty file: expected a header row"))
        return None
    # column names are taken exactly as written: a name with stray spaces is an
    # error (header_problems), never silently renamed
    header = list(raw_header)
    header_errors = header_problems(file, header)
    problems.extend(header_errors)
    ok = ok and not header_errors
    seen = set(header)
    for c in required:
        if c not in seen:
            problems.append(_err(file, f"missing required column {c!r}", 1, c))
            ok = False
    if not ok:
        return None
    if rows is not None:
        cols = [list(c) for c in zip(*rows, strict=True)] if rows else [[] for _ in header]
    # Known columns absent from the file are empty; unknown ones are kept.
    columns = header[:]
    for c in known:
        if c not in columns:
            columns.append(c)
            cols.append([""] * len(rownums))
    # the text was decoded and checked for NUL; cells longer than MAX_CELL were
    # refused above: what table_problems looks for cannot be there
    writable = fast is not None or _writable(text)
    kept = dict(zip(header, arrays, strict=True)) if arrays is not None else None
    return Table(name, file, columns, rownums=rownums, cols=cols, writable=writable, arrays=kept)


def _read_records(
    text: str, file: str, problems: list[Problem], escapechar: str | None
) -> tuple[list[str], list[list[str]], list[int], bool] | None:
    """The header and the rows of a CSV text, read with the csv module, with a
    problem for each blank line, row of the wrong width and overlong cell."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True, escapechar=escapechar)
    records: list[tuple[int, list[str]]] = []
    n = 0
    try:
        for rec in reader:
            n += 1
            records.append((n, rec))
    except csv.Error as exc:
        hint = (
            f" (cells are limited to {MAX_CELL:,} characters)" if "field limit" in str(exc) else ""
        )
        problems.append(_err(file, f"unreadable CSV: {exc}{hint}", n + 1))
        return None
    if not records:
        return [], [], [], False
    header = records[0][1]
    ok = True
    rows: list[list[str]] = []
    rownums: list[int] = []
    for num, rec in records[1:]:
        if not rec:
            problems.append(_err(file, "blank line skipped", num, severity="warning"))
            continue
        if len(rec) != len(header):
            problems.append(
                _err(
                    file,
                    f"row has {len(rec)} fields but the header has {len(header)}",
                    num,
                    value=",".join(rec),
                )
            )
            ok = False
            continue
        for c, v in zip(header, rec, strict=True):
            if len(v) > MAX_CELL:
                problems.append(_err(file, _too_long(v), num, c, v[:40] + "..."))
                ok = False
        rows.append(rec)
        rownums.append(num)
    return records[0][1], rows, rownums, ok


_COMMA, _CR, _LF, _QUOTE = 44, 13, 10, 34
#: Files with fewer lines are read by the csv module: below about a thousand
#: rows pandas' fixed cost per call outweighs its faster parse (measured with
#: the bundled dataset and slices of the M benchmark data).
_FAST_MIN_LINES = 1000


def csv_shape(data: bytes) -> tuple[int, int] | None:
    """The number of records and of fields per record of UTF-8 CSV ``data``,
    when it is well formed in the strictest sense; else ``None``.

    Well formed: every record has the same number of fields, no record is
    empty (a blank line), a quote opens a field or doubles a quote inside a
    quoted field, a closing quote ends its field, no quoted field runs to the
    end of the file, and no record is longer than :data:`MAX_CELL` bytes.
    Records end at ``\\r\\n``, ``\\r`` or ``\\n`` outside quotes, as for
    the csv module. Every byte is looked at once, in numpy: a file that
    passes reads the same with pandas' C parser as with the csv module.
    """
    import numpy as np

    a = np.frombuffer(data, dtype=np.uint8)
    n = len(a)
    if not n:
        return None
    pos = np.flatnonzero((a == _COMMA) | (a == _CR) | (a == _LF) | (a == _QUOTE))
    ch = a[pos]
    is_quote = ch == _QUOTE
    q = pos[is_quote]
    if len(q) % 2:
        return None  # a quoted field runs to the end, or a stray quote
    if len(q):
        # quotes alternate opening and closing; a closing quote followed by a
        # quote is the first half of a doubled quote, and that quote reopens
        opening, closing = q[0::2], q[1::2]
        before = a[np.maximum(opening - 1, 0)]
        starts_field = (
            (opening == 0)
            | (before == _COMMA)
            | (before == _CR)
            | (before == _LF)
            | (before == _QUOTE)
        )
        after = a[np.minimum(closing + 1, n - 1)]
        ends_field = (
            (closing == n - 1)
            | (after == _COMMA)
            | (after == _CR)
            | (after == _LF)
            | (after == _QUOTE)
        )
        if not (starts_field.all() and ends_field.all()):
            return None
        outside = (np.cumsum(is_quote) % 2 == 0) & ~is_quote  # an even number before
        pos, ch = pos[outside], ch[outside]
    lf_of_crlf = (ch == _LF) & (pos > 0) & (a[np.maximum(pos - 1, 0)] == _CR)
    is_end = (ch == _CR) | ((ch == _LF) & ~lf_of_crlf)
    end = pos[is_end]  # where each record ends
    after_end = end + 1 + ((a[end] == _CR) & (a[np.minimum(end + 1, n - 1)] == _LF) & (end + 1 < n))
    begin = np.concatenate([[0], after_end[:-1]])
    if len(end) and (end == begin).any():
        return None  # a blank line
    commas = np.cumsum(ch == _COMMA)
    per_record = np.diff(commas[is_end], prepend=0)
    if not len(end) or after_end[-1] < n:  # the last record has no line end
        begin = np.concatenate([begin, after_end[-1:]])
        end = np.concatenate([end, [n]])
        last = int(commas[-1]) if len(commas) else 0
        per_record = np.append(per_record, last - int(per_record.sum()))
    if int((end - begin).max()) > MAX_CELL:
        return None  # the csv module words overlong cells
    if (per_record != per_record[0]).any():
        return None
    return len(end), int(per_record[0]) + 1


def _fast_cells(text: str) -> tuple[list[str], list[list[str]], list[np.ndarray]] | None:
    """The header and the columns of a well-formed CSV text (:func:`csv_shape`),
    read by pandas' C parser (as lists and as the parser's arrays); ``None``
    for anything else."""
    if text.startswith("\ufeff"):
        return None  # pandas would drop a second byte-order mark
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates
        return None
    shape = csv_shape(data)
    if shape is None:
        return None
    import pandas as pd

    try:
        df = pd.read_csv(
            io.BytesIO(data),
            header=None,
            dtype=object,
            na_filter=False,
            skip_blank_lines=False,
            encoding="utf-8",
            engine="c",
        )
    except Exception:
        return None
    if df.shape != shape:
        return None
    arrays = [df[j].to_numpy(dtype=object, copy=False) for j in df.columns]
    cols = [a.tolist() for a in arrays]
    return [c[0] for c in cols], [c[1:] for c in cols], [a[1:] for a in arrays]


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
    for name in ALL_TABLES:
        f = path / FILES[name]
        label = str(f)
        if not f.is_file():
            if name in TABLES:
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
            loaded = _parse_json(text, str(dp), problems)
            if isinstance(loaded, dict):
                meta = loaded
            elif loaded is not _BAD:
                problems.append(_err(str(dp), "expected a JSON object"))
    else:
        problems.append(
            _err(
                str(dp),
                "no datapackage.json: name, version and licence unknown",
                severity="warning",
            )
        )
    return tables, meta, problems


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def _parse_json(text: str, label: str, problems: list[Problem]) -> Any:
    try:
        loaded = json.loads(text, parse_constant=_refuse_constant)
    except json.JSONDecodeError as exc:
        problems.append(_err(label, f"malformed JSON: {exc.msg}", exc.lineno))
        return _BAD
    except RecursionError:
        problems.append(_err(label, "malformed JSON: nested too deeply"))
        return _BAD
    except ValueError as exc:  # NaN/Infinity, or an integer with thousands of digits
        problems.append(_err(label, f"malformed JSON: {exc}"))
        return _BAD
    try:
        metadata_json(loaded)
    except RecordError as exc:
        problems.append(_err(label, str(exc)))
        return _BAD
    return loaded
