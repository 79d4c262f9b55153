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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from militnet._errors import RecordError, SaveError
from militnet._problems import Problem
from militnet._schema import COLUMNS, FIELD_DOCS, FILES, REQUIRED, TABLES

__all__ = ["MAX_CELL", "Table", "metadata_json", "read_folder", "recover_interrupted_save",
           "table_bytes", "table_problems", "write_folder"]

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
        hint = (f" (cells are limited to {MAX_CELL:,} characters)"
                if "field limit" in str(exc) else "")
        problems.append(_err(file, f"unreadable CSV: {exc}{hint}", n + 1))
        return None
    if not records or not any(c.strip() for c in records[0][1]):
        problems.append(_err(file, "empty file: expected a header row"))
        return None
    header = [c.strip() for c in records[0][1]]
    header_errors = header_problems(file, header)
    problems.extend(header_errors)
    ok = not header_errors
    seen = set(header)
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
        for c, v in zip(header, rec, strict=True):
            if len(v) > MAX_CELL:
                problems.append(_err(file, _too_long(v), num, c, v[:40] + "..."))
                ok = False
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
    surrogates, cells over :data:`MAX_CELL` characters, bad column names."""
    out: list[Problem] = []
    for t in tables.values():
        out.extend(header_problems(t.file, t.columns))
        for i, r in enumerate(t.rows):
            for c, v in zip(t.columns, r, strict=False):
                if len(v) > MAX_CELL:
                    out.append(_err(t.file, _too_long(v), t.rownums[i] if t.rownums else i,
                                    _printable(c), _printable(v[:40]) + "..."))
                elif _UNWRITABLE.search(v):
                    out.append(_err(t.file, "cell contains a NUL character or a lone surrogate "
                                    "(not valid text)", t.rownums[i] if t.rownums else i,
                                    _printable(c), _printable(v)))
    return out


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
