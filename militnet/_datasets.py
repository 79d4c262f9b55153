"""Finding datasets: folders on disk and the datasets bundled with militnet."""

from __future__ import annotations

from pathlib import Path

from militnet._errors import DatasetNotFoundError

__all__ = ["list_datasets", "resolve_path"]

_PACKAGE_DATA = Path(__file__).parent / "_data"  # in an installed wheel
_REPO_DATA = Path(__file__).parent.parent / "data"  # in a source checkout


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


def resolve_path(path: str | Path) -> Path:
    """A dataset folder from a path (folder or its ``datapackage.json``) or the
    name of a bundled dataset. Paths win over bundled names."""
    p = Path(path)
    if p.is_file() and p.name == "datapackage.json":
        return p.parent
    if p.is_dir():
        return p
    if isinstance(path, str) and "/" not in path and "\\" not in path:
        for root in _bundled_roots():
            cand = root / path
            if (cand / "relations.csv").is_file():
                return cand
    bundled = ", ".join(list_datasets()) or "none"
    raise DatasetNotFoundError(
        f"no dataset folder at {str(path)!r} (bundled datasets: {bundled})"
    )
