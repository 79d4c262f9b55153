"""The tie graph the measures run on: :class:`Ties`, the collapsed, undirected
snapshot of one day.

- ``nodes``: group ids, in the order of the network's group table (every group
  alive on the day, tied or not);
- ``src``, ``tgt``: int64 positions in ``nodes``, one entry per tie, ``src < tgt``,
  pairs unique, sorted by ``(src, tgt)``;
- ``weight``: float64, the tie weight under the policy;
- ``arc_src``, ``arc_tgt``: the distinct directed arcs among the policy's directed
  relations, for in- and out-degree.

The measures on it live in :mod:`militnet._engine.backend`. :func:`collapse` is
the one place where active relations become ties: the compact :class:`Ties` of
the measures and the :class:`networkx.Graph` of :meth:`Network.ties
<militnet.Network.ties>` both come from it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from militnet._core.model import RELATION_TYPES

if TYPE_CHECKING:
    import networkx as nx

    from militnet._core.policy import TiePolicy

__all__ = ["Collapsed", "Ties", "collapse", "to_networkx"]

_EMPTY = np.zeros(0, dtype=np.int64)


@dataclass(frozen=True, eq=False)
class Ties:
    """A compact, collapsed, undirected tie graph (see the module docstring)."""

    nodes: tuple[str, ...]
    src: np.ndarray
    tgt: np.ndarray
    weight: np.ndarray
    arc_src: np.ndarray = field(default_factory=lambda: _EMPTY)
    arc_tgt: np.ndarray = field(default_factory=lambda: _EMPTY)

    @property
    def n(self) -> int:
        """Number of nodes."""
        return len(self.nodes)

    @property
    def m(self) -> int:
        """Number of ties."""
        return len(self.src)


_DIRECTED = np.array([RELATION_TYPES[t].directed for t in RELATION_TYPES], dtype=bool)
_SIGN = np.array([RELATION_TYPES[t].sign for t in RELATION_TYPES], dtype=np.int64)


@dataclass(frozen=True, eq=False)
class Collapsed:
    """Active relations collapsed into ties: the :class:`Ties`, and per tie its
    sign and the relations behind it.

    - ``sign``: int64 per tie, +1 when more of its relations are cooperative (or
      lineage) than rivalries, -1 when fewer, 0 (mixed) when as many;
    - ``count``: int64 per tie, the relations behind it;
    - ``relations``: positions in the relation table of the relations behind the
      ties, grouped by tie (those of tie ``i`` are
      ``relations[offsets[i]:offsets[i + 1]]``, in table order).
    """

    ties: Ties
    sign: np.ndarray
    count: np.ndarray
    relations: np.ndarray
    offsets: np.ndarray


def collapse(idx: Any, alive: np.ndarray, active: np.ndarray, policy: TiePolicy) -> Collapsed:
    """Collapse the active relations into unique undirected ties (and directed arcs).

    ``idx`` is the network's :class:`~militnet._engine.snapshot.TimeIndex`
    (``src``, ``tgt``, ``type`` codes in :data:`RELATION_TYPES` order,
    ``group_ids``); ``alive`` and ``active`` are a snapshot's masks. A tie's
    weight is the number of relations behind it (``weight="count"``) or 1;
    arcs are the distinct directed relations among the policy's types.
    """
    node_pos = np.flatnonzero(alive)
    n = len(node_pos)
    width = max(n, 1)
    remap = np.full(len(alive), -1, dtype=np.int64)
    remap[node_pos] = np.arange(n, dtype=np.int64)
    j = np.flatnonzero(active)
    s = remap[idx.src[j]]
    t = remap[idx.tgt[j]]
    keep = s != t  # a relation of a group with itself is no tie
    j, s, t = j[keep], s[keep], t[keep]
    types = idx.type[j].astype(np.int64)
    lo, hi = np.minimum(s, t), np.maximum(s, t)
    keys, inverse, counts = np.unique(lo * width + hi, return_inverse=True, return_counts=True)
    weight = counts.astype(np.float64) if policy.weight == "count" else np.ones(len(keys))
    coded = {i for i, x in enumerate(RELATION_TYPES) if x in policy.types}
    directed = _DIRECTED[types] & np.isin(types, sorted(coded))
    arcs = np.unique(s[directed] * width + t[directed])
    negative = np.bincount(inverse, weights=(_SIGN[types] < 0), minlength=len(keys))
    positive = counts - negative
    sign = np.sign(positive - negative).astype(np.int64)
    order = np.argsort(inverse, kind="stable")
    offsets = np.concatenate(([0], np.cumsum(counts))).astype(np.int64)
    ids = idx.group_ids
    ties = Ties(
        nodes=tuple(ids[i] for i in node_pos),
        src=keys // width,
        tgt=keys % width,
        weight=weight,
        arc_src=arcs // width,
        arc_tgt=arcs % width,
    )
    return Collapsed(ties, sign, counts.astype(np.int64), j[order], offsets)


def to_networkx(t: Ties, *, weighted: bool = True) -> nx.Graph:
    """The snapshot as an undirected :class:`networkx.Graph` (``weight`` on edges)."""
    import networkx as nx

    g = nx.Graph()
    g.add_nodes_from(t.nodes)
    nodes = t.nodes
    if weighted:
        g.add_weighted_edges_from(
            (nodes[a], nodes[b], float(w))
            for a, b, w in zip(t.src.tolist(), t.tgt.tolist(), t.weight.tolist(), strict=True)
        )
    else:
        g.add_edges_from(
            (nodes[a], nodes[b]) for a, b in zip(t.src.tolist(), t.tgt.tolist(), strict=True)
        )
    return g
