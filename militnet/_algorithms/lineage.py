"""Group-centred views: one group's history, and its family of splits and mergers."""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

    from militnet._classes.network import Network

__all__ = ["Lineage", "families", "history", "lineage"]

LINEAGE_TYPES = ("split", "merger")
_HISTORY_COLUMNS = (
    "relation",
    "start",
    "end",
    "type",
    "role",
    "other",
    "other_name",
    "confidence",
    "evidence",
    "sources",
    "source_titles",
)


def _sort_key(start: str) -> tuple[int, str]:
    return (1, "") if not start.strip() else (0, start)


def history(net: Network, group: str) -> pd.DataFrame:
    """Every relation of one group, in time order.

    Parameters
    ----------
    net : Network
    group : str
        A group id or any of its names (see :meth:`Network.resolve`).

    Returns
    -------
    DataFrame
        One row per relation: ``relation`` (id), ``start``, ``end``, ``type``,
        ``role`` (``"source"``: the group pledges, splits or merges, or is
        listed first in an undirected relation; ``"target"``), ``other`` (the
        other group's id) and ``other_name``, ``confidence``, ``evidence``,
        ``sources`` and ``source_titles``. Sorted by start (undocumented
        starts last), then end and id. ``attrs["group"]`` is the group id.

    Examples
    --------
    >>> import militnet
    >>> from militnet import Group, Relation, Source
    >>> net = militnet.Network(
    ...     groups=[Group("ttp", "Tehrik-i-Taliban Pakistan", aliases="TTP"),
    ...             Group("jua", "Jamaat-ul-Ahrar")],
    ...     relations=[Relation("r2", "jua", "ttp", "merger", start="2020-08",
    ...                         confidence="confirmed", sources="s1"),
    ...                Relation("r1", "jua", "ttp", "split", start="2014-08",
    ...                         confidence="confirmed", sources="s1")],
    ...     sources=[Source("s1", title="A report")])
    >>> history(net, "TTP")[["relation", "start", "type", "role", "other"]]
      relation    start    type    role other
    0       r1  2014-08   split  target   jua
    1       r2  2020-08  merger  target   jua
    """
    import pandas as pd

    gid = net.resolve(group)
    rel = net.relations
    mine = rel[(rel["source"] == gid) | (rel["target"] == gid)]
    names = net.groups["name"]
    titles = net.sources["title"]
    rows = []
    for rid, r in mine.iterrows():
        role = "source" if r["source"] == gid else "target"
        other = r["target"] if role == "source" else r["source"]
        srcs = [s.strip() for s in str(r["sources"]).split(";") if s.strip()]
        rows.append(
            {
                "relation": rid,
                "start": r["start"],
                "end": r["end"],
                "type": r["type"],
                "role": role,
                "other": other,
                "other_name": names.get(other, ""),
                "confidence": r["confidence"],
                "evidence": r["evidence"],
                "sources": r["sources"],
                "source_titles": "; ".join(str(titles.get(s, "")) or s for s in srcs),
            }
        )
    rows.sort(key=lambda d: (*_sort_key(d["start"]), *_sort_key(d["end"]), d["relation"]))
    df = pd.DataFrame(rows, columns=list(_HISTORY_COLUMNS), dtype=object)
    df.attrs["group"] = gid
    return df


@dataclass(frozen=True)
class Lineage:
    """A group's family through split and merger relations.

    Attributes
    ----------
    group : str
        The group asked about.
    groups : tuple of str
        Every group reachable through split and merger relations, in either
        direction (the group itself first, then in the order reached), within
        ``depth`` steps when one was given.
    distance : mapping of str to int
        Per group, the fewest split or merger relations between it and
        ``group`` (0 for the group itself).
    depth : int or None
        The limit asked for (``None``: the whole family).
    relations : DataFrame
        The lineage relations among them (``source, target, type, start,
        end, confidence, sources``), indexed by relation id, in time order.
    """

    group: str
    groups: tuple[str, ...]
    relations: pd.DataFrame
    distance: Mapping[str, int] = field(default_factory=dict)
    depth: int | None = None

    def to_frame(self) -> pd.DataFrame:
        """The lineage relations (a copy)."""
        return self.relations.copy()

    def __str__(self) -> str:
        steps = "step" if self.depth == 1 else "steps"
        within = "" if self.depth is None else f" (within {self.depth} {steps})"
        lines = [
            f"lineage of {self.group}{within}: {len(self.groups)} groups, "
            f"{len(self.relations)} split or merger relations"
        ]
        verb = {"split": "split from", "merger": "merged into"}
        for rid, r in self.relations.iterrows():
            when = r["start"] or "undated"
            lines.append(f"  {when}: {r['source']} {verb[r['type']]} {r['target']} ({rid})")
        return "\n".join(lines)


def lineage(net: Network, group: str, *, depth: int | None = None) -> Lineage:
    """The family of a group: splinters, parents, and mergers, transitively.

    Follows split and merger relations in both directions (a splinter of a
    splinter is family; so is a group that merged into the parent).

    Parameters
    ----------
    net : Network
    group : str
        Group id, name or alias.
    depth : int, optional
        Follow at most this many split or merger relations from ``group``
        (1: its direct parents, splinters and merger partners). Default: the
        whole family. The relations listed are the lineage relations among the
        groups kept.

    Examples
    --------
    >>> import militnet
    >>> from militnet import Group, Relation
    >>> net = militnet.Network(
    ...     groups=[Group("ttp", "TTP"), Group("jua", "Jamaat-ul-Ahrar"),
    ...             Group("hua", "Hizb-ul-Ahrar"), Group("iskp", "IS-K")],
    ...     relations=[Relation("r1", "jua", "ttp", "split", start="2014-08",
    ...                         confidence="confirmed"),
    ...                Relation("r2", "hua", "jua", "split", start="2017-11",
    ...                         confidence="confirmed"),
    ...                Relation("r3", "iskp", "ttp", "rivalry", confidence="confirmed")])
    >>> fam = lineage(net, "TTP")
    >>> fam.groups
    ('ttp', 'jua', 'hua')
    >>> print(fam)
    lineage of ttp: 3 groups, 2 split or merger relations
      2014-08: jua split from ttp (r1)
      2017-11: hua split from jua (r2)
    >>> lineage(net, "TTP", depth=1).groups
    ('ttp', 'jua')
    """
    from militnet._core.errors import ArgumentError

    if depth is not None and (isinstance(depth, bool) or not isinstance(depth, int) or depth < 0):
        raise ArgumentError(f"depth must be a non-negative integer or None, got {depth!r}")
    gid = net.resolve(group)
    rel = net.relations
    rel = rel[rel["type"].isin(LINEAGE_TYPES)]
    neighbours: dict[str, list[str]] = {}
    for s, t in zip(rel["source"], rel["target"], strict=True):
        neighbours.setdefault(s, []).append(t)
        neighbours.setdefault(t, []).append(s)
    seen = {gid: 0}
    queue = deque([gid])
    while queue:
        here = queue.popleft()
        if depth is not None and seen[here] >= depth:
            continue
        for other in neighbours.get(here, []):
            if other not in seen:
                seen[other] = seen[here] + 1
                queue.append(other)
    fam = rel[rel["source"].isin(seen) & rel["target"].isin(seen)]
    fam = fam[["source", "target", "type", "start", "end", "confidence", "sources"]]
    order = sorted(fam.index, key=lambda i: (*_sort_key(str(fam.at[i, "start"])), str(i)))
    return Lineage(gid, tuple(seen), fam.loc[order], dict(seen), depth)


def families(net: Network) -> list[int]:
    """Per group (in the order of ``net.groups``), the number of its family: the
    groups :func:`lineage` reaches from it share one number (0, 1, ... in order
    of first appearance), so a page or a figure can highlight a lineage.

    Examples
    --------
    >>> from militnet import Group, Network, Relation
    >>> net = Network([Group(g, g.upper()) for g in ("ttp", "jua", "hua", "is")],
    ...               [Relation("r1", "jua", "ttp", "split"),
    ...                Relation("r2", "hua", "jua", "split"),
    ...                Relation("r3", "is", "ttp", "rivalry")])
    >>> families(net)
    [0, 0, 0, 1]
    """
    ids = [str(i) for i in net.groups.index]
    parent = {g: g for g in ids}

    def root(g: str) -> str:
        while parent[g] != g:
            parent[g] = parent[parent[g]]
            g = parent[g]
        return g

    rel = net.relations
    rel = rel[rel["type"].isin(LINEAGE_TYPES)]
    for s, t in zip(rel["source"], rel["target"], strict=True):
        a, b = root(str(s)), root(str(t))
        if a != b:
            parent[b] = a
    number: dict[str, int] = {}
    return [number.setdefault(root(g), len(number)) for g in ids]
