"""Writing dataset folders byte for byte reproducibly, all or nothing (atomic save)."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import re
import shutil
import stat
import sys
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
    swapped in place of ``path``: in one atomic exchange of the two folders where the
    system has one (Linux ``renameat2(RENAME_EXCHANGE)``), else with two renames (the
    old folder goes to ``.NAME.militnet-STAMP.old`` and is removed). A kill at any
    moment leaves either the previous or the new folder at ``path``, or, between the
    two renames of the fallback, no folder and a complete ``.new`` sibling that
    :func:`recover_interrupted_save` (run by ``load``) renames into place. Concurrent
    saves use unique names; the last swap wins, whole. Files in the folder other
    than the dataset's are carried over.

    Raises
    ------
    SaveError
        If the folder cannot be written (``path`` is a file, a dataset file is a
        symbolic link, the folder holds a mount point or the current working
        directory, no permission, disk full...). The previous folder is intact.
    RecordError
        If the metadata cannot be written as JSON.
    """
    present = [n for n in ALL_TABLES if n in tables]
    payloads = {FILES[n]: table_bytes(*tables[n]) for n in present}
    dp = datapackage(meta, {n: tables[n][0] for n in present})
    payloads[DATAPACKAGE] = (metadata_json(dp) + "\n").encode("utf-8")
    replace_folder(path, payloads, owned={*FILES.values(), DATAPACKAGE}, what="dataset")


def replace_folder(
    path: str | os.PathLike[str],
    payloads: Mapping[str, bytes],
    *,
    owned: set[str] | frozenset[str] = frozenset(),
    what: str = "files",
) -> Path:
    """Write the files ``payloads`` (name -> bytes) into the folder ``path``, all
    or nothing, by the protocol of :func:`write_folder`: a reader or a kill sees
    the old set of files or the new one, never a mix. Files of the old folder not
    in ``payloads`` and not in ``owned`` are carried over. Returns the folder.

    Refuses (:class:`SaveError`) a folder that is or holds the current working
    directory (replacing it would leave the shell in a deleted folder), one that
    holds a mount point (its filesystem would be emptied with the old folder),
    a file, or a folder whose file of that name is a symbolic link."""
    names = {*payloads, *owned}
    folder = _target(Path(path), names, what)
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
            _carry_over(folder, part, names)
        _fsync_dir(part)
        os.rename(part, new)
        _swap(new, folder, parent / f"{prefix}{stamp}")
        _fsync_dir(parent)
    except OSError as exc:
        shutil.rmtree(part, ignore_errors=True)
        raise SaveError(
            f"cannot save {what} to {_show_path(folder)}: {exc.strerror or exc}"
        ) from None
    _sweep(folder, prefix)
    return folder


_SAVE_MARK = ".militnet-"
_STALE_NS = 3600 * 10**9  # leftovers of a killed save older than this are removed


def _show_path(p: Path) -> str:
    return repr(str(p).encode("utf-8", "backslashreplace").decode("utf-8"))


def _target(path: Path, names: set[str], what: str = "dataset") -> Path:
    """The folder a save replaces; refuses files, symlinked dataset files, the root,
    a folder holding the working directory or a mount point."""
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
        raise SaveError(f"cannot save {what} to {_show_path(p)}: it is a file, not a folder")
    if mode is not None:
        _refuse_cwd(p, what)
        _refuse_mounts(p, what)
    for fname in sorted(names):
        f = p / fname
        if f.is_symlink():
            raise SaveError(
                f"refusing to replace the symbolic link {_show_path(f)} "
                f"(-> {os.readlink(f)!r}); save to another folder or remove "
                f"the link first"
            )
    return p


def _refuse_cwd(folder: Path, what: str) -> None:
    """A save replaces the folder (a new inode): refuse when the working directory
    is that folder or inside it, which would be left deleted."""
    try:
        cwd = os.path.realpath(os.getcwd())
    except OSError:
        return
    real = os.path.realpath(folder)
    if cwd == real or cwd.startswith(real.rstrip(os.sep) + os.sep):
        raise SaveError(
            f"refusing to save {what} to {_show_path(folder)}: it is (or holds) the current "
            "working directory, and a save replaces the whole folder, which would leave "
            f"the shell in a deleted folder; change to another directory first (cd ..) "
            f"or save to {_show_path(folder.parent / (folder.name + '-new'))}"
        )


def mount_points() -> list[str]:
    """Mount points of the system (``/proc/self/mountinfo``; empty elsewhere)."""
    try:
        with open("/proc/self/mountinfo", encoding="utf-8", errors="surrogateescape") as fh:
            lines = fh.read().splitlines()
    except OSError:
        return []
    out = []
    for line in lines:
        parts = line.split(" ")
        if len(parts) > 4:  # field 5 is the mount point, octal-escaped
            out.append(re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), parts[4]))
    return out


_MAX_WALK = 100_000  # folders walked looking for mount points


def _refuse_mounts(folder: Path, what: str) -> None:
    """Refuse a folder that is or holds a mount point (another device below it, or
    a mount listed by the system, bind mounts included): the old folder is removed
    after a save, and with it everything on the mounted filesystem."""
    real = os.path.realpath(folder)
    found: str | None = None
    prefix = real.rstrip(os.sep) + os.sep
    for m in mount_points():
        if m == real or m.startswith(prefix):
            found = m
            break
    if found is None:
        try:
            dev = os.lstat(real).st_dev
        except OSError:
            return
        seen = 0
        for root, dirs, _files in os.walk(real):
            for d in dirs:
                seen += 1
                sub = os.path.join(root, d)
                try:
                    st = os.lstat(sub)
                except OSError:
                    continue
                if stat.S_ISDIR(st.st_mode) and st.st_dev != dev:
                    found = sub
                    break
            if found is not None or seen > _MAX_WALK:
                break
    if found is not None:
        raise SaveError(
            f"refusing to save {what} to {_show_path(folder)}: it holds the mount point "
            f"{_show_path(Path(found))}, whose filesystem would be emptied with the old "
            "folder; unmount it or save to another folder"
        )


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


def _carry_over(old: Path, new: Path, ours: set[str]) -> None:
    """Hard-link (or copy) what the old folder holds besides the dataset files.

    A concurrent save may move ``old`` aside (or remove a moved-aside copy) while
    this runs: what vanishes meanwhile is not carried (the concurrent save
    carries it into its own folder)."""
    with contextlib.suppress(OSError):
        os.chmod(new, stat.S_IMODE(old.stat().st_mode))
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


def _exchange(a: Path, b: Path) -> bool:
    """Swap two existing paths atomically (Linux ``renameat2(RENAME_EXCHANGE)``);
    ``False`` where the system or the filesystem cannot."""
    fn = _renameat2()
    if fn is None:
        return False
    import ctypes

    at_fdcwd, rename_exchange = -100, 2
    res = fn(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    if res == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.ENOENT, errno.EXDEV, errno.ENOTSUP):
        return False
    raise OSError(err, os.strerror(err), str(b))


_RENAMEAT2: list[Any] = []


def _renameat2() -> Any:
    if not _RENAMEAT2:
        fn = None
        if sys.platform.startswith("linux"):
            try:
                import ctypes

                libc = ctypes.CDLL(None, use_errno=True)
                fn = libc.renameat2
                fn.argtypes = [
                    ctypes.c_int,
                    ctypes.c_char_p,
                    ctypes.c_int,
                    ctypes.c_char_p,
                    ctypes.c_uint,
                ]
                fn.restype = ctypes.c_int
            except (OSError, AttributeError):
                fn = None
        _RENAMEAT2.append(fn)
    return _RENAMEAT2[0]


def _swap(new: Path, folder: Path, old_base: Path) -> None:
    """Put ``new`` at ``folder``: one atomic exchange where possible (the old
    folder, now at ``new``'s name, is renamed ``.old`` and removed), else rename,
    moving any folder already there aside first."""
    olds: list[Path] = []
    try:
        if folder.is_dir() and not folder.is_symlink() and _exchange(new, folder):
            old = old_base.with_name(f"{old_base.name}-x.old")
            try:
                os.rename(new, old)
                olds.append(old)
            except OSError:
                olds.append(new)
            return
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
