"""Reading and writing dataset folders, byte for byte reproducibly."""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import json
import os
import re
import shutil
import stat
import time
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from militnet._errors import RecordError, SaveError
from militnet._problems import Problem
from militnet._schema import COLUMNS, FIELD_DOCS, FILES, REQUIRED, TABLES

if TYPE_CHECKING:
    import numpy as np

    from militnet._dates import DateColumn

__all__ = ["MAX_CELL", "Table", "metadata_json", "read_folder", "recover_interrupted_save",
           "table_bytes", "table_problems", "write_folder"]

DATAPACKAGE = "datapackage.json"


class Table:
    """One table as read: every cell a string, in file order.

    The cells are held column by column (``cols``: one list per column), which
    is how the checks and the DataFrames use them; ``rows`` gives the same
    cells row by row, built on first use. A table is not changed after it is
    built: the lists are shared, never modified.
    """

    __slots__ = ("_cols", "_derived", "_rows", "columns", "file", "name", "rownums", "writable")

    def __init__(self, name: str, file: str, columns: list[str],
                 rows: list[list[str]] | None = None,
                 rownums: Sequence[int] | None = None, *,
                 cols: list[list[str]] | None = None, writable: bool = False,
                 arrays: dict[str, np.ndarray] | None = None) -> None:
        self.name = name
        #: every cell is known to save and load back exactly (checked as it was read)
        self.writable = writable
        self.file = file
        self.columns = columns
        #: the row number of each row in its file (empty: positions are the numbers)
        self.rownums: Sequence[int] = rownums if rownums is not None else []
        if cols is None:
            rows = rows if rows is not None else []
            cols = ([list(c) for c in zip(*rows, strict=True)] if rows
                    else [[] for _ in columns])
            self._rows: list[list[str]] | None = rows
        else:
            self._rows = None
        self._cols = cols
        # computed from the cells once: dates, codes, arrays
        self._derived: dict[Any, Any] = {("array", k): v for k, v in (arrays or {}).items()}

    @property
    def cols(self) -> list[list[str]]:
        """The cells, column by column (shared lists: do not modify)."""
        return self._cols

    @property
    def rows(self) -> list[list[str]]:
        """The cells, row by row (shared lists: do not modify)."""
        if self._rows is None:
            self._rows = [list(r) for r in zip(*self._cols, strict=True)]
        return self._rows

    def __len__(self) -> int:
        return len(self._cols[0]) if self._cols else len(self._rows or ())

    def column(self, name: str) -> list[str]:
        """The cells of column ``name`` (a shared list: do not modify)."""
        return self._cols[self.columns.index(name)]

    def row(self, i: int) -> list[str]:
        """The cells of the ``i``-th row."""
        return [c[i] for c in self._cols]

    def dates(self, name: str) -> DateColumn:
        """Column ``name`` parsed as partial dates (once; a missing column is empty)."""
        key = ("dates", name)
        if key not in self._derived:
            from militnet._dates import DateColumn

            (codes,), distinct = self.codes(name)
            self._derived[key] = DateColumn.from_codes(codes, distinct)
        return self._derived[key]  # type: ignore[no-any-return]

    def codes(self, *names: str) -> tuple[list[np.ndarray], list[str]]:
        """Integer codes of the cells of the columns ``names``, numbered together
        (a value has the same code in each), one array per column, and the
        values by code, in order of first appearance (computed once)."""
        key = ("codes", names)
        if key not in self._derived:
            import numpy as np
            import pandas as pd

            n = len(self)
            cells = (self.array(names[0]) if len(names) == 1
                     else np.concatenate([self.array(name) for name in names]))
            codes, uniques = pd.factorize(cells, sort=False)
            codes = codes.astype(np.int64)
            self._derived[key] = ([codes[k * n:(k + 1) * n] for k in range(len(names))],
                                  list(uniques))
        return self._derived[key]  # type: ignore[no-any-return]

    def array(self, name: str) -> np.ndarray:
        """Column ``name`` as a numpy array of the same strings (``dtype=object``;
        computed once, or kept from the parser; a missing column is empty)."""
        key = ("array", name)
        if key not in self._derived:
            self._derived[key] = object_array(self.column_or_empty(name))
        return self._derived[key]  # type: ignore[no-any-return]

    def column_or_empty(self, name: str) -> list[str]:
        """The cells of column ``name``, or empty cells if the table has no such column."""
        return self.column(name) if name in self.columns else [""] * len(self)

    def row_number(self, i: int) -> int:
        """The file row of the ``i``-th row (its position for in-memory tables)."""
        return self.rownums[i] if self.rownums else i

    def __repr__(self) -> str:
        return f"Table({self.name!r}, {self.file!r}, {len(self.columns)} columns, {len(self)} rows)"


def object_array(values: Sequence[str]) -> np.ndarray:
    """A numpy array holding the same string objects (``dtype=object``, not copied)."""
    import numpy as np

    arr = np.empty(len(values), dtype=object)
    arr[:] = values
    return arr


def _err(file: str, msg: str, row: int | None = None, column: str | None = None,
         value: str | None = None, severity: str = "error") -> Problem:
    return Problem(severity, file, row, column, value, msg)  # type: ignore[arg-type]


def parse_csv(text: str, name: str, file: str, problems: list[Problem], *,
              required: tuple[str, ...] | None = None,
              known: tuple[str, ...] | None = None,
              escapechar: str | None = None) -> Table | None:
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
    fast = (_fast_cells(text) if escapechar is None and text.count("\n") >= _FAST_MIN_LINES
            else None)
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
    header = [c.strip() for c in raw_header]
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
    return Table(name, file, columns, rownums=rownums, cols=cols, writable=writable,
                 arrays=kept)


def _read_records(text: str, file: str, problems: list[Problem], escapechar: str | None
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
        hint = (f" (cells are limited to {MAX_CELL:,} characters)"
                if "field limit" in str(exc) else "")
        problems.append(_err(file, f"unreadable CSV: {exc}{hint}", n + 1))
        return None
    if not records:
        return [], [], [], False
    header = [c.strip() for c in records[0][1]]
    ok = True
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
        starts_field = ((opening == 0) | (before == _COMMA) | (before == _CR)
                        | (before == _LF) | (before == _QUOTE))
        after = a[np.minimum(closing + 1, n - 1)]
        ends_field = ((closing == n - 1) | (after == _COMMA) | (after == _CR)
                      | (after == _LF) | (after == _QUOTE))
        if not (starts_field.all() and ends_field.all()):
            return None
        outside = (np.cumsum(is_quote) % 2 == 0) & ~is_quote  # an even number before
        pos, ch = pos[outside], ch[outside]
    lf_of_crlf = (ch == _LF) & (pos > 0) & (a[np.maximum(pos - 1, 0)] == _CR)
    is_end = (ch == _CR) | ((ch == _LF) & ~lf_of_crlf)
    end = pos[is_end]  # where each record ends
    after_end = end + 1 + ((a[end] == _CR) & (a[np.minimum(end + 1, n - 1)] == _LF)
                           & (end + 1 < n))
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
        df = pd.read_csv(io.BytesIO(data), header=None, dtype=object, na_filter=False,
                         skip_blank_lines=False, encoding="utf-8", engine="c")
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
            loaded = _parse_json(text, str(dp), problems)
            if isinstance(loaded, dict):
                meta = loaded
            elif loaded is not _BAD:
                problems.append(_err(str(dp), "expected a JSON object"))
    else:
        problems.append(_err(str(dp), "no datapackage.json: name, version and licence unknown",
                             severity="warning"))
    return tables, meta, problems


_NEEDS_QUOTES = re.compile('[,"\r\n]')


#: Longest cell accepted, in characters (below the csv module's field limit).
MAX_CELL = 100_000
#: Longest column name accepted.
MAX_COLUMN_NAME = 200
_BAD = object()
_UNWRITABLE = re.compile("[\x00\ud800-\udfff]")
_BAD_NAME_CHAR = re.compile("[\x00-\x1f\x7f-\x9f\ufeff\ud800-\udfff]")


def _too_long(value: str) -> str:
    return f"cell too long ({len(value):,} characters; at most {MAX_CELL:,})"


def header_problems(file: str, header: list[str]) -> list[Problem]:
    """Problems with column names: empty, stray spaces, control characters,
    duplicates, too long."""
    out: list[Problem] = []
    seen: set[str] = set()
    for c in header:
        shown = _printable(c)
        if not c.strip():
            out.append(_err(file, "empty column name in header", 1))
        elif c != c.strip():
            out.append(_err(file, "column name has leading or trailing spaces", 1, shown, shown))
        elif _BAD_NAME_CHAR.search(c):
            out.append(_err(file, "column name contains a control character, a byte-order "
                            "mark or a lone surrogate", 1, shown, shown))
        elif len(c) > MAX_COLUMN_NAME:
            out.append(_err(file, f"column name longer than {MAX_COLUMN_NAME} characters", 1,
                            shown[:40] + "...", shown[:40] + "..."))
        elif c in seen:
            out.append(_err(file, "duplicate column name in header", 1, shown, shown))
        seen.add(c)
    return out


def table_problems(tables: dict[str, Table]) -> list[Problem]:
    """Values that could not be saved and loaded back exactly: NUL characters, lone
    surrogates, cells over :data:`MAX_CELL` characters, bad column names.

    Tables read from files were checked as they were read (``Table.writable``);
    otherwise each column is screened at once (its longest cell, and its cells
    joined as one string), and the cells of a column that fails are looked at
    one by one."""
    out: list[Problem] = []
    for t in tables.values():
        out.extend(header_problems(t.file, t.columns))
        found: list[tuple[int, int, Problem]] = []
        for j, (c, col) in enumerate(zip(t.columns, t.cols, strict=True)):
            if col and not t.writable and (max(map(len, col)) > MAX_CELL
                                           or not _writable("".join(col))):
                found.extend((i, j, p) for i, v in enumerate(col)
                             if (p := _cell_problem(t, i, c, v)) is not None)
        out.extend(p for _i, _j, p in sorted(found, key=lambda f: (f[0], f[1])))
    return out


def _writable(text: str) -> bool:
    """No NUL character and no lone surrogate (what :func:`_cell_problem` looks for)."""
    if "\x00" in text:
        return False
    if text.isascii():
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _cell_problem(t: Table, i: int, column: str, value: str) -> Problem | None:
    if len(value) > MAX_CELL:
        return _err(t.file, _too_long(value), t.row_number(i), _printable(column),
                    _printable(value[:40]) + "...")
    if _UNWRITABLE.search(value):
        return _err(t.file, "cell contains a NUL character or a lone surrogate "
                    "(not valid text)", t.row_number(i), _printable(column), _printable(value))
    return None


def _printable(text: str) -> str:
    """Text that can be printed and encoded (lone surrogates and NUL escaped)."""
    if not _UNWRITABLE.search(text):
        return text
    return _UNWRITABLE.sub(lambda m: m.group().encode("utf-8", "backslashreplace")
                           .decode("ascii"), text)


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


def metadata_json(meta: Any) -> str:
    """Metadata as indented JSON text; refuses what would not load back (NaN, infinity,
    lone surrogates, non-JSON values, huge integers, deep nesting).

    Raises
    ------
    RecordError
        Naming the problem.
    """
    try:
        text = json.dumps(meta, indent=2, ensure_ascii=False, allow_nan=False)
        text.encode("utf-8")
        json.loads(text)
    except RecursionError:
        raise RecordError("metadata is nested too deeply to be written as JSON") from None
    except UnicodeEncodeError:
        raise RecordError("metadata contains a lone surrogate (not valid text)") from None
    except (TypeError, ValueError) as exc:
        msg = str(exc).encode("utf-8", "backslashreplace").decode("utf-8")
        raise RecordError(f"metadata cannot be written as JSON: {msg}") from None
    return text


def _csv_field(value: str) -> str:
    # Python's csv writer does not quote a lone CR with lineterminator="\n", and the
    # reader then reads it as a line break: quote every field holding , " CR or LF.
    if _NEEDS_QUOTES.search(value):
        return '"' + value.replace('"', '""') + '"'
    return value


def _csv_line(fields: list[str]) -> str:
    if len(fields) == 1 and fields[0] == "":
        return '""\n'  # a lone empty field would read back as a blank line
    return ",".join(_csv_field(f) for f in fields) + "\n"


def table_bytes(columns: list[str], rows: list[list[str]]) -> bytes:
    """CSV bytes of a table: UTF-8, ``\\n`` line endings, minimal quoting (a field is
    quoted when it holds a comma, a double quote, CR or LF)."""
    return "".join(_csv_line(r) for r in (columns, *rows)).encode("utf-8")


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
    """Write a dataset folder, all or nothing.

    The new dataset is written whole into a hidden sibling folder
    (``.NAME.militnet-STAMP.part``), flushed to disk, renamed ``.new`` (complete) and
    swapped in place of ``path`` with two renames (the old folder goes to
    ``.NAME.militnet-STAMP.old`` and is removed). A kill at any moment leaves either
    the previous or the new folder at ``path``, or, between the two renames, no folder
    and a complete ``.new`` sibling that :func:`recover_interrupted_save` (run by
    ``load``) renames into place. Concurrent saves use unique names; the last swap
    wins, whole. Files in the folder other than the dataset's are carried over.

    Raises
    ------
    SaveError
        If the folder cannot be written (``path`` is a file, a dataset file is a
        symbolic link, no permission, disk full...). The previous folder is intact.
    RecordError
        If the metadata cannot be written as JSON.
    """
    payloads = {FILES[n]: table_bytes(*tables[n]) for n in TABLES}
    dp = datapackage(meta, {n: tables[n][0] for n in TABLES})
    payloads[DATAPACKAGE] = (metadata_json(dp) + "\n").encode("utf-8")
    folder = _target(path)
    parent = folder.parent
    prefix = _sibling_prefix(folder)
    stamp = f"{time.time_ns():016x}-{uuid.uuid4().hex[:12]}"
    part = parent / f"{prefix}{stamp}.part"
    new = parent / f"{prefix}{stamp}.new"
    try:
        parent.mkdir(parents=True, exist_ok=True)
        part.mkdir()
        for fname, data in payloads.items():
            _write_file(part / fname, data)
        if folder.is_dir():
            _carry_over(folder, part)
        _fsync_dir(part)
        os.rename(part, new)
        _swap(new, folder, parent / f"{prefix}{stamp}")
        _fsync_dir(parent)
    except OSError as exc:
        shutil.rmtree(part, ignore_errors=True)
        raise SaveError(f"cannot save dataset to {_show_path(folder)}: "
                        f"{exc.strerror or exc}") from None
    _sweep(folder, prefix)


_SAVE_MARK = ".militnet-"
_STALE_NS = 3600 * 10**9  # leftovers of a killed save older than this are removed


def _show_path(p: Path) -> str:
    return repr(str(p).encode("utf-8", "backslashreplace").decode("utf-8"))


def _target(path: Path) -> Path:
    """The folder a save replaces; refuses files, symlinked dataset files, the root."""
    p = Path(os.path.abspath(path))
    if p.is_symlink() and p.is_dir():
        p = Path(os.path.realpath(p))  # a symlinked folder: save into its target
    if not p.name:
        raise SaveError(f"cannot save a dataset as the filesystem root {_show_path(p)}")
    try:
        mode = os.stat(p).st_mode  # one call: a concurrent save may move the folder
    except OSError:
        mode = None
    if mode is not None and not stat.S_ISDIR(mode):
        raise SaveError(f"cannot save dataset to {_show_path(p)}: it is a file, not a folder")
    for fname in (*FILES.values(), DATAPACKAGE):
        f = p / fname
        if f.is_symlink():
            raise SaveError(f"refusing to replace the symbolic link {_show_path(f)} "
                            f"(-> {os.readlink(f)!r}); save to another folder or remove "
                            f"the link first")
    return p


def _sibling_prefix(folder: Path) -> str:
    name = folder.name
    if len(name.encode("utf-8", "surrogateescape")) > 100:  # keep sibling names < 255 bytes
        name = hashlib.sha256(name.encode("utf-8", "surrogateescape")).hexdigest()[:16]
    return f".{name}{_SAVE_MARK}"


def _write_file(path: Path, data: bytes) -> None:
    with open(path, "xb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:  # Windows cannot open folders; renames there are durable anyway
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _link_or_copy(src: str, dst: str) -> None:
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def _carry_over(old: Path, new: Path) -> None:
    """Hard-link (or copy) what the old folder holds besides the dataset files.

    A concurrent save may move ``old`` aside (or remove a moved-aside copy) while
    this runs: what vanishes meanwhile is not carried (the concurrent save
    carries it into its own folder)."""
    with contextlib.suppress(OSError):
        os.chmod(new, stat.S_IMODE(old.stat().st_mode))
    ours = {*FILES.values(), DATAPACKAGE}
    try:
        entries = list(os.scandir(old))
    except FileNotFoundError:
        return
    for entry in entries:
        if entry.name in ours:
            continue
        dst = new / entry.name
        try:
            if entry.is_symlink():
                os.symlink(os.readlink(entry.path), dst)
            elif entry.is_dir():
                shutil.copytree(entry.path, dst, symlinks=True, copy_function=_link_or_copy)
            else:
                _link_or_copy(entry.path, str(dst))
        except FileNotFoundError:
            continue


def _swap(new: Path, folder: Path, old_base: Path) -> None:
    """Rename ``new`` to ``folder``, moving any folder already there aside first."""
    olds: list[Path] = []
    try:
        for attempt in range(1000):
            try:
                os.rename(new, folder)
                return
            except OSError:
                if not new.exists():
                    return  # a concurrent load recovered our complete folder into place
                if not (folder.exists() or folder.is_symlink()):
                    if attempt < 999:
                        continue  # a concurrent save moved it aside meanwhile: try again
                    raise
            old = old_base.with_name(f"{old_base.name}-{attempt}.old")
            try:
                os.rename(folder, old)
                olds.append(old)
            except FileNotFoundError:
                continue  # another save moved it first
        raise OSError(f"the folder kept being replaced by concurrent saves: {folder}")
    finally:
        for old in olds:
            shutil.rmtree(old, ignore_errors=True)


def _siblings(folder: Path, prefix: str) -> list[Path]:
    try:
        return sorted(p for p in folder.parent.iterdir() if p.name.startswith(prefix))
    except OSError:
        return []


def _sweep(folder: Path, prefix: str) -> None:
    """Remove leftovers of killed saves: ``.old`` folders once ``folder`` exists, and
    ``.part``/``.new`` folders older than an hour (a save in progress is younger)."""
    now = time.time_ns()
    for p in _siblings(folder, prefix):
        try:
            born = int(p.name[len(prefix):].split("-", 1)[0], 16)
        except ValueError:
            continue
        if (p.name.endswith(".old") and folder.is_dir()) or now - born > _STALE_NS:
            shutil.rmtree(p, ignore_errors=True)


def recover_interrupted_save(folder: Path) -> bool:
    """If ``folder`` is missing because a save was killed between its two renames,
    put the newest complete dataset (``.new``, else the previous ``.old``) back in
    place. Returns whether ``folder`` is now a folder."""
    folder = Path(os.path.abspath(folder))
    if folder.is_dir() or not folder.name:
        return folder.is_dir()
    prefix = _sibling_prefix(folder)
    found = _siblings(folder, prefix)
    ranked = ([p for p in reversed(found) if p.name.endswith(".new")]
              + [p for p in reversed(found) if p.name.endswith(".old")])
    for cand in ranked:
        try:
            os.rename(cand, folder)
            return True
        except OSError:
            if folder.is_dir():
                return True
    return folder.is_dir()
