"""The one guard over every path militnet writes: an output never replaces an input.

Every command and function that writes a file or a folder calls
:func:`check_output` with the paths it read. It refuses an output that

- is an input file or folder, or lies inside an input folder;
- holds an input (a folder output that would replace a folder holding the input);
- is a hard link to an input file (same device and inode), or a symbolic link to
  one (paths are compared after resolving links);
- lies inside a bundled dataset folder or the installed ``militnet`` package,
  or is written ``bundled:NAME`` (bundled data is never written).

:func:`write_atomic` writes a file through a temporary sibling and one rename,
so a reader (or a kill) sees the old file or the new one, never a part.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from militnet._core.errors import ArgumentError

__all__ = [
    "check_output",
    "dataset_lock",
    "input_folder",
    "protected_folders",
    "source_folder",
    "write_atomic",
    "write_output",
]

_PACKAGE = Path(__file__).resolve().parent.parent  # the installed militnet package
BUNDLED_PREFIX = "bundled:"
_MAX_FILES = 20_000  # files of one input folder compared by inode


def _show(p: object) -> str:
    return repr(str(p).encode("utf-8", "backslashreplace").decode("utf-8"))[:300]


def input_folder(arg: str | os.PathLike[str]) -> str | None:
    """The file or folder an input argument names (a path, ``bundled:NAME`` or a
    bundled name), resolved through links; ``None`` if it names nothing."""
    from militnet._dataset.registry import _find_bundled

    text = os.fspath(arg)
    if not text or "\x00" in text:
        return None
    try:
        if os.path.lexists(text):
            return os.path.realpath(text)
        name = text[len(BUNDLED_PREFIX) :] if text.startswith(BUNDLED_PREFIX) else text
        found = _find_bundled(name)
    except (OSError, ValueError):
        return None
    return os.path.realpath(found) if found is not None else None


def protected_folders() -> list[str]:
    """Folders nothing is ever written into: every bundled dataset folder and the
    installed ``militnet`` package."""
    from militnet._dataset.registry import _find_bundled, list_datasets

    out = [str(_PACKAGE)]
    for name in list_datasets():
        found = _find_bundled(name)
        if found is not None:
            out.append(os.path.realpath(found))
    return out


def _inside(path: str, folder: str) -> bool:
    try:
        return path == folder or os.path.commonpath([path, folder]) == folder
    except ValueError:  # different drives (Windows)
        return False


def _ids(path: str, *, deep: bool) -> set[tuple[int, int]]:
    """(device, inode) of a file, or of the files of a folder (one level, or every
    level with ``deep``)."""
    ids: set[tuple[int, int]] = set()
    try:
        st = os.stat(path)
    except OSError:
        return ids
    ids.add((st.st_dev, st.st_ino))
    if os.path.isdir(path):
        with contextlib.suppress(OSError):
            walker = os.walk(path) if deep else [(path, [], os.listdir(path))]
            for root, _dirs, files in walker:
                for f in files:
                    if len(ids) > _MAX_FILES:
                        return ids
                    with contextlib.suppress(OSError):
                        s = os.stat(os.path.join(root, f))
                        ids.add((s.st_dev, s.st_ino))
    return ids


def check_output(
    output: str | os.PathLike[str] | None,
    inputs: Iterable[str | os.PathLike[str] | None] = (),
    *,
    allow_same_folder: bool = False,
    replaces_folder: bool = False,
) -> None:
    """Refuse to write ``output`` when that could destroy one of ``inputs`` or a
    bundled dataset (see the module docstring). ``allow_same_folder``: the output
    may be exactly an input folder (a dataset saved back into the folder it was
    read from, as ``militnet accept`` does). ``replaces_folder``: the output is a
    folder written whole (a dataset save), so it may not hold an input either.

    Raises
    ------
    ArgumentError
        Naming the output and the input it would destroy.
    """
    if output is None:
        return
    try:
        text = os.fspath(output)
    except TypeError:
        text = None  # type: ignore[assignment]
    if not isinstance(text, str):
        raise ArgumentError(f"an output path must be text, got {type(output).__name__}")
    if "\x00" in text:
        raise ArgumentError(f"an output path cannot contain a NUL character: {_show(text)}")
    if not text.strip():
        raise ArgumentError("an output path cannot be empty")
    if text.startswith(BUNDLED_PREFIX):
        # ``bundled:NAME`` names installed data, never a folder to create here
        raise ArgumentError(
            f"refusing to write {_show(text)}: {BUNDLED_PREFIX}NAME names a bundled dataset, "
            "which is never written; give a folder path (write ./"
            f"{_show(text)[1:-1]} for a folder of that name)"
        )
    try:
        out = os.path.realpath(text)
    except (OSError, ValueError) as exc:
        raise ArgumentError(f"cannot use the output path {_show(text)}: {exc}") from None
    for folder in protected_folders():
        if _inside(out, folder):
            what = "a bundled dataset" if folder != str(_PACKAGE) else "the militnet package"
            raise ArgumentError(
                f"refusing to write {_show(text)}: it is inside {what} ({_show(folder)}); "
                "choose an output outside it"
            )
    out_ids = _ids(out, deep=False) if os.path.lexists(out) else set()
    for arg in inputs:
        if arg is None:
            continue
        real = input_folder(arg)
        if real is None:
            continue
        if allow_same_folder and out == real and os.path.isdir(real):
            continue
        if _inside(out, real):
            raise ArgumentError(
                f"refusing to write {_show(text)}: it is "
                + ("the input" if out == real else "inside the input")
                + f" {_show(arg)} ({_show(real)}); choose an output outside it"
            )
        if replaces_folder and _inside(real, out):
            raise ArgumentError(
                f"refusing to write {_show(text)}: it holds the input {_show(arg)} "
                f"({_show(real)}); choose an output outside it"
            )
        if out_ids and out_ids & _ids(real, deep=True):
            raise ArgumentError(
                f"refusing to write {_show(text)}: it is a hard link to (or holds a hard "
                f"link to) the input {_show(arg)} ({_show(real)}); writing it would "
                "change the input"
            )


def source_folder(net: object) -> str | None:
    """The folder a network was loaded from (``None`` if built in memory): what
    its outputs may not overwrite."""
    folder = getattr(net, "_source_folder", None)
    return folder if isinstance(folder, str) else None


def write_atomic(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write ``data`` to ``path`` through a temporary sibling file and one rename:
    the file is the old one or the new one, never a part (a hard link at ``path``
    is replaced, not written through)."""
    out = Path(path)
    parent = out.parent
    fd, tmp = tempfile.mkstemp(prefix=f".{out.name[:100]}.", suffix=".militnet-tmp", dir=parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        with contextlib.suppress(OSError):
            if out.exists():
                os.chmod(tmp, os.stat(out).st_mode & 0o7777)
            else:
                umask = os.umask(0)
                os.umask(umask)
                os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, out)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return out


def write_output(
    path: str | os.PathLike[str], data: bytes, inputs: Iterable[str | None] = ()
) -> Path:
    """:func:`check_output` then :func:`write_atomic`: how every militnet
    function writes a file."""
    check_output(path, inputs)
    return write_atomic(path, data)


@contextlib.contextmanager
def dataset_lock(folder: str | os.PathLike[str]) -> Iterator[Path]:
    """Hold an exclusive lock on a dataset folder for a read-modify-write (as
    ``militnet accept`` does): concurrent holders wait their turn, so each reads
    the dataset the previous one saved. The lock is a file beside the folder
    (``.NAME.militnet-lock``), never inside it, so a save does not carry it
    over as data. Advisory (``fcntl.flock``); on systems without ``fcntl`` it
    does nothing. Yields the lock file's path."""
    target = Path(os.path.realpath(folder))
    lock = target.parent / f".{target.name[:100]}.militnet-lock"
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield lock
        return
    fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o666)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield lock
    finally:
        with contextlib.suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)
