"""Finding datasets: folders on disk and the datasets bundled with militnet."""

from __future__ import annotations

import re
from pathlib import Path

from militnet._core.errors import DatasetNotFoundError

__all__ = ["bundled_path", "list_datasets", "resolve_path"]

_PACKAGE_DATA = Path(__file__).parent.parent / "_data"  # in an installed wheel
_REPO_DATA = Path(__file__).parent.parent.parent / "data"  # in a source checkout
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")


def _bundled_roots() -> list[Path]:
    return [p for p in (_PACKAGE_DATA, _REPO_DATA) if p.is_dir()]


def list_datasets() -> list[str]:
    """Names of the datasets bundled with militnet.

    Examples
    --------
    >>> import militnet
    >>> "afpak" in militnet.list_datasets()
    True
    """
    names: set[str] = set()
    for root in _bundled_roots():
        names.update(p.name for p in root.iterdir() if (p / "relations.csv").is_file())
    return sorted(names)


def _find_bundled(name: object) -> Path | None:
    if isinstance(name, str) and _NAME.fullmatch(name):
        for root in _bundled_roots():
            cand = root / name
            if (cand / "relations.csv").is_file():
                return cand
    return None


def bundled_path(name: object) -> Path:
    """The folder of a bundled dataset, by name only (a path is refused: use ``load``).

    Examples
    --------
    >>> bundled_path("../../etc")
    Traceback (most recent call last):
    ...
    militnet.DatasetNotFoundError: no bundled dataset '../../etc'; bundled: ...load(path))
    """
    found = _find_bundled(name)
    if found is not None:
        return found
    shown = repr(name) if isinstance(name, str) else f"{type(name).__name__} {name!r}"
    shown = shown.encode("utf-8", "backslashreplace").decode("utf-8")[:200]
    raise DatasetNotFoundError(
        f"no bundled dataset {shown}; bundled: {', '.join(list_datasets()) or 'none'} "
        f"(to load a folder, use militnet.load(path))"
    )


def resolve_path(path: str | Path) -> Path:
    """A dataset folder from a path (folder or its ``datapackage.json``) or the
    name of a bundled dataset. Paths win over bundled names. A folder missing
    because a save was killed half-way is recovered first."""
    from militnet._dataset.write import recover_interrupted_save

    if not isinstance(path, (str, Path)) or (isinstance(path, str) and not path.strip()):
        raise DatasetNotFoundError(
            f"expected a dataset folder or a bundled dataset name, got {path!r}"[:300]
        )
    if "\x00" in str(path):
        raise DatasetNotFoundError(f"a path cannot contain a NUL character: {str(path)!r}")
    p = Path(path)
    text = str(path)
    bare = "/" not in text and "\\" not in text and text not in (".", "..")
    try:
        if p.is_file() and p.name == "datapackage.json":
            return p.parent
        if p.is_dir():
            return p
        # a bare bundled name with no folder of that name here is the bundled
        # dataset: hidden ``.NAME.militnet-*`` folders here are never adopted for it
        found = _find_bundled(text) if bare else None
        if found is not None:
            return found
        if recover_interrupted_save(p):
            return p
    except (OSError, ValueError) as exc:  # too long a name, a lone surrogate...
        raise DatasetNotFoundError(f"cannot open {str(path)!r}: {exc}"[:300]) from None
    found = _find_bundled(path)
    if found is not None:
        return found
    bundled = ", ".join(list_datasets()) or "none"
    shown = str(path).encode("utf-8", "backslashreplace").decode("utf-8")
    raise DatasetNotFoundError(f"no dataset folder at {shown!r} (bundled datasets: {bundled})")
