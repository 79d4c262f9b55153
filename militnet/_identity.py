"""Dataset identity: a changed copy of a bundled dataset never passes as the original.

A network whose metadata names a bundled dataset and its version, but whose
content differs from that dataset, is *derived*: :meth:`Network.save` writes
it with the version ``<version>+derived`` and a ``derived_from`` record (the
parent's name, version and content hash), so the saved folder says what it
is. Networks with other names are saved as they are.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from militnet._network import Network

__all__ = ["bundled_parent", "saved_metadata"]


def bundled_parent(net: Network) -> Network | None:
    """The bundled dataset ``net`` claims to be (same name and version) but is
    not (other content); ``None`` otherwise."""
    from militnet._datasets import list_datasets
    from militnet._network import load_dataset

    if not net.name or net.name not in list_datasets():
        return None
    parent = load_dataset(net.name)
    if net.version != parent.version or net.content_hash == parent.content_hash:
        return None
    return parent


def saved_metadata(net: Network) -> dict[str, Any]:
    """The metadata :meth:`Network.save` writes for ``net``.

    Examples
    --------
    >>> import militnet
    >>> net = militnet.load_dataset("afpak")
    >>> saved_metadata(net)["version"] == net.version
    True
    >>> changed = militnet.Network(net.groups, net.relations.iloc[1:], net.sources,
    ...                            metadata=net.metadata)
    >>> meta = saved_metadata(changed)
    >>> meta["version"] == net.version + "+derived"
    True
    >>> meta["derived_from"]["content_hash"] == "sha256:" + net.content_hash
    True
    """
    meta = net.metadata
    parent = bundled_parent(net)
    if parent is None:
        return meta
    meta["version"] = f"{parent.version}+derived"
    meta["derived_from"] = {"name": parent.name, "version": parent.version,
                            "content_hash": f"sha256:{parent.content_hash}"}
    return meta
