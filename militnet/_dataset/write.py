"""Writing dataset folders byte for byte reproducibly, all or nothing (atomic save)."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import stat
import time
import uuid
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from militnet._core.errors import RecordError, SaveError
from militnet._core.schema import ALL_TABLES, DATAPACKAGE, FIELD_DOCS, FILES

if TYPE_CHECKING:
    from militnet._core.table import Table

    pass


_NEEDS_QUOTES = re.compile('[,"\r\n]')


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


def _fk(field: str, resource: str) -> dict[str, Any]:
    return {"fields": field, "reference": {"resource": resource, "fields": "id"}}


#: Keys of the evidence tables (the three core tables keep ``primaryKey: id`` only, so
#: that a dataset without events saves byte for byte as before).
_KEYS: dict[str, dict[str, Any]] = {
    "events": {"primaryKey": "id"},
    "event_actors": {
        "primaryKey": ["event", "group", "role"],
        "foreignKeys": [_fk("event", "events"), _fk("group", "groups")],
    },
}


def datapackage(meta: dict[str, Any], columns: dict[str, list[str]]) -> dict[str, Any]:
    """The metadata with its ``resources`` regenerated from the columns."""
    out = {k: v for k, v in meta.items() if k != "resources"}
    out.setdefault("profile", "tabular-data-package")
    resources = []
    for name in [n for n in ALL_TABLES if n in columns]:
        fields = []
        for c in columns[name]:
            typ, desc = FIELD_DOCS[name].get(c, ("string", "Additional column"))
            fields.append({"name": c, "type": typ, "description": desc})
        resources.append(
            {
                "name": name,
                "path": FILES[name],
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "dialect": {"delimiter": ",", "lineTerminator": "\n", "quoteChar": '"'},
                "schema": {"fields": fields, **_KEYS.get(name, {"primaryKey": "id"})},
            }
        )
    out["resources"] = resources
    return out


def write_folder(
    path: Path, tables: dict[str, tuple[list[str], list[list[str]]]], meta: dict[str, Any]
) -> None:
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
    present = [n for n in ALL_TABLES if n in tables]
    payloads = {FILES[n]: table_bytes(*tables[n]) for n in present}
    dp = datapackage(meta, {n: tables[n][0] for n in present})
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
        raise SaveError(
            f"cannot save dataset to {_show_path(folder)}: {exc.strerror or exc}"
        ) from None
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
            raise SaveError(
                f"refusing to replace the symbolic link {_show_path(f)} "
                f"(-> {os.readlink(f)!r}); save to another folder or remove "
                f"the link first"
            )
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
            born = int(p.name[len(prefix) :].split("-", 1)[0], 16)
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
    ranked = [p for p in reversed(found) if p.name.endswith(".new")] + [
        p for p in reversed(found) if p.name.endswith(".old")
    ]
    for cand in ranked:
        try:
            os.rename(cand, folder)
            return True
        except OSError:
            if folder.is_dir():
                return True
    return folder.is_dir()


def tables_hash(tables: Mapping[str, Table]) -> str:
    """SHA-256 of a dataset's tables as :func:`write_folder` writes them (the
    content hash: metadata excluded)."""
    h = hashlib.sha256()
    for name in [n for n in ALL_TABLES if n in tables]:
        t = tables[name]
        h.update(name.encode() + b"\0")
        h.update(table_bytes(t.columns, t.rows))
    return h.hexdigest()
