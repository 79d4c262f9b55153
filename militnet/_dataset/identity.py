"""Dataset identity: a changed copy of a bundled dataset never passes as the original.

A network whose metadata names a bundled dataset and its version, but whose
content differs from that dataset, is *derived*: :meth:`Network.save` writes
it with the version ``<version>+derived`` and a ``derived_from`` record (the
parent's name, version and content hash), so the saved folder says what it
is. Networks with other names are saved as they are.
"""

from __future__ import annotations

from typing import Any

from militnet._dataset.read import read_folder
from militnet._dataset.registry import bundled_path, list_datasets
from militnet._dataset.write import tables_hash

__all__ = ["bundled_parent", "saved_metadata"]


def bundled_parent(name: str, version: str, content_hash: str) -> dict[str, str] | None:
    """The bundled dataset a network named ``name`` at ``version`` claims to be but is
    not (other content): its name, version and content hash; ``None`` otherwise."""
    if not name or name not in list_datasets():
        return None
    tables, meta, _ = read_folder(bundled_path(name))
    parent_hash = tables_hash(tables)
    parent_version = str(meta.get("version", ""))
    if version != parent_version or content_hash == parent_hash:
        return None
    return {"name": name, "version": parent_version, "content_hash": f"sha256:{parent_hash}"}


def saved_metadata(meta: dict[str, Any], content_hash: str) -> dict[str, Any]:
    """The metadata :meth:`Network.save` writes for a network with this metadata and
    content hash.

    Examples
    --------
    >>> import militnet
    >>> net = militnet.load_dataset("afpak")
    >>> saved_metadata(net.metadata, net.content_hash)["version"] == net.version
    True
    >>> changed = militnet.Network(net.groups, net.relations.iloc[1:], net.sources,
    ...                            events=net.events, event_actors=net.event_actors,
    ...                            metadata=net.metadata)
    >>> meta = saved_metadata(changed.metadata, changed.content_hash)
    >>> meta["version"] == net.version + "+derived"
    True
    >>> meta["derived_from"]["content_hash"] == "sha256:" + net.content_hash
    True
    """
    meta = dict(meta)
    parent = bundled_parent(str(meta.get("name", "")), str(meta.get("version", "")), content_hash)
    if parent is None:
        return meta
    meta["version"] = f"{parent['version']}+derived"
    meta["derived_from"] = parent
    return meta
