"""The tie graph the measures run on: :class:`Ties`, the collapsed, undirected
snapshot of one day.

- ``nodes``: group ids, in the order of the network's group table (every group
  alive on the day, tied or not);
- ``src``, ``tgt``: int64 positions in ``nodes``, one entry per tie, ``src < tgt``,
  pairs unique, sorted by ``(src, tgt)``;
- ``weight``: float64, the tie weight under the policy;
- ``arc_src``, ``arc_tgt``: the distinct directed arcs among the policy's directed
  relations, for in- and out-degree.

The measures on it live in :mod:`militnet._engine.backend`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["Ties", "to_networkx"]

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
