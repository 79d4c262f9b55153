"""Structural balance of the signed tie network ("the enemy of my enemy")."""

from __future__ import annotations

import dataclasses
import itertools
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from militnet._core.policy import SIGNED, TiePolicy, tie_policy

if TYPE_CHECKING:
    import pandas as pd

    from militnet._classes.network import Network

__all__ = ["BalanceResult", "balance"]

#: Triad patterns by their signs, sorted: balanced ones have a positive product.
PATTERNS: tuple[str, ...] = ("+++", "+--", "++-", "---")


@dataclass(frozen=True, eq=False)
class BalanceResult:
    """Structural balance of one snapshot.

    Attributes
    ----------
    date : str
        The day (ISO).
    balanced, unbalanced : int
        Triangles of signed ties whose sign product is positive / negative.
    ambiguous : int
        Triangles with a *mixed* tie (a pair with as many cooperative as rivalry
        relations active, sign 0); counted in neither.
    share : float
        ``balanced / (balanced + unbalanced)``; ``nan`` if there is no signed
        triangle.
    patterns : dict
        Triangle counts by pattern: ``"+++"``, ``"+--"`` (balanced), ``"++-"``,
        ``"---"`` (unbalanced).
    unbalanced_triads : pandas.DataFrame
        One row per unbalanced triangle: the groups ``a < b < c``, the pattern,
        the sign of each side (``sign_ab``, ``sign_bc``, ``sign_ac``) and the
        relation ids behind each side (``relations_ab``... ``;``-joined).
    provenance : dict
        As in ``df.attrs["provenance"]`` of the other results (also set on
        ``unbalanced_triads.attrs``).
    """

    date: str
    balanced: int
    unbalanced: int
    ambiguous: int
    share: float
    patterns: dict[str, int]
    unbalanced_triads: pd.DataFrame = field(repr=False)
    provenance: dict[str, Any] = field(repr=False)

    def to_dict(self) -> dict[str, Any]:
        """The counts as a plain dict (without the triad table)."""
        return {
            "date": self.date,
            "balanced": self.balanced,
            "unbalanced": self.unbalanced,
            "ambiguous": self.ambiguous,
            "share": self.share,
            "patterns": dict(self.patterns),
        }


def balance(net: Network, at: Any, *, policy: TiePolicy | None = SIGNED) -> BalanceResult:
    """Structural balance of the signed tie network on a day.

    Ties are collapsed as in :meth:`Network.ties` with a *signed* policy: the
    policy's cooperative types (default alliance and pledge) are positive,
    rivalries negative; a pair with both kinds active takes the sign of the
    majority, or is *mixed* on a tie. A triangle (three groups, pairwise tied)
    is balanced when the product of its signs is positive (``+++``: friends of
    friends; ``+--``: two allies against a common enemy) and unbalanced
    otherwise (``++-``, ``---``). Triangles with a mixed side are counted as
    ``ambiguous`` and left out of the share.

    Parameters
    ----------
    net : Network
    at : str, datetime.date or pandas.Timestamp
        The day.
    policy : TiePolicy or None
        Default ``TiePolicy.signed_ties()`` (alliance and pledge positive,
        rivalry negative); ``None`` is ``TiePolicy()``, which like any policy
        with ``signed=False`` is used with ``signed=True`` (rivalries are what
        balance is about).

    Returns
    -------
    BalanceResult

    Examples
    --------
    >>> import militnet
    >>> from militnet import Group, Network, Relation, Source
    >>> net = Network(
    ...     groups=[Group(g, g.upper(), sources="s") for g in ("a", "b", "c", "d")],
    ...     relations=[Relation("r1", "a", "b", "alliance", start="2010", sources="s"),
    ...                Relation("r2", "a", "c", "rivalry", start="2010", sources="s"),
    ...                Relation("r3", "b", "c", "rivalry", start="2010", sources="s"),
    ...                Relation("r4", "c", "d", "alliance", start="2010", sources="s"),
    ...                Relation("r5", "b", "d", "alliance", start="2010", sources="s")],
    ...     sources=[Source("s", title="Report")])
    >>> res = militnet.balance(net, "2011-01-01")
    >>> res.balanced, res.unbalanced, res.share
    (1, 1, 0.5)
    >>> res.unbalanced_triads[["a", "b", "c", "pattern", "relations_bc"]]
       a  b  c pattern relations_bc
    0  b  c  d     ++-           r4
    """
    import pandas as pd

    from militnet._algorithms.provenance import provenance

    pol = tie_policy(policy, {}, call="militnet.balance")
    if not pol.signed:
        pol = dataclasses.replace(pol, signed=True)
    g = net.tie_graph(at, pol)
    day = g.graph["date"]
    order = {v: i for i, v in enumerate(g.nodes)}
    counts = dict.fromkeys(PATTERNS, 0)
    ambiguous = 0
    rows: list[dict[str, Any]] = []
    # each triangle once: a < b < c in node order, b and c neighbours of a
    for a in g.nodes:
        higher = sorted((v for v in g[a] if order[v] > order[a]), key=order.__getitem__)
        for b, c in itertools.combinations(higher, 2):
            if not g.has_edge(b, c):
                continue
            sides = (g[a][b], g[b][c], g[a][c])
            signs = [int(s["sign"]) for s in sides]
            if 0 in signs:
                ambiguous += 1
                continue
            pattern = "".join(sorted("+" if s > 0 else "-" for s in signs))
            counts[pattern] += 1
            if signs[0] * signs[1] * signs[2] < 0:
                rows.append(
                    {
                        "a": a,
                        "b": b,
                        "c": c,
                        "pattern": pattern,
                        "sign_ab": signs[0],
                        "sign_bc": signs[1],
                        "sign_ac": signs[2],
                        "relations_ab": ";".join(sides[0]["relations"]),
                        "relations_bc": ";".join(sides[1]["relations"]),
                        "relations_ac": ";".join(sides[2]["relations"]),
                    }
                )
    bal = counts["+++"] + counts["+--"]
    unbal = counts["++-"] + counts["---"]
    cols = [
        "a",
        "b",
        "c",
        "pattern",
        "sign_ab",
        "sign_bc",
        "sign_ac",
        "relations_ab",
        "relations_bc",
        "relations_ac",
    ]
    triads = pd.DataFrame(rows, columns=cols)
    prov = provenance(net, function="militnet.balance", dates=[day], policy=pol)
    triads.attrs["provenance"] = prov
    return BalanceResult(
        date=day,
        balanced=bal,
        unbalanced=unbal,
        ambiguous=ambiguous,
        share=bal / (bal + unbal) if bal + unbal else float("nan"),
        patterns=counts,
        unbalanced_triads=triads,
        provenance=prov,
    )
