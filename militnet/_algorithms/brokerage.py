"""Gould–Fernandez brokerage roles with respect to a group attribute."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from militnet._core.errors import ArgumentError
from militnet._core.model import split_list
from militnet._core.policy import TiePolicy, tie_policy

if TYPE_CHECKING:
    import pandas as pd

    from militnet._classes.network import Network

__all__ = ["ROLES", "brokerage"]

#: The five Gould–Fernandez roles of the broker ``b`` on a path ``a → b → c``.
ROLES: tuple[str, ...] = ("coordinator", "itinerant", "representative", "gatekeeper", "liaison")


def _role(ca: str, cb: str, cc: str) -> str:
    if ca == cb == cc:
        return "coordinator"
    if ca == cc:
        return "itinerant"
    if ca == cb:
        return "representative"
    if cb == cc:
        return "gatekeeper"
    return "liaison"


def brokerage(
    net: Network,
    at: Any,
    *,
    attribute: str = "country",
    policy: TiePolicy | None = None,
    multi: str = "combined",
) -> pd.DataFrame:
    """Gould–Fernandez brokerage roles of every group alive on a day.

    A group ``b`` brokers on every two-step path ``a → b → c`` of the directed
    tie graph where ``a ≠ c`` and there is no arc ``a → c``. Depending on the
    attribute value (the *category*: country, orientation...) of ``a``, ``b``
    and ``c``, ``b`` is a

    - **coordinator**: all three in the same category;
    - **itinerant** (consultant): ``a`` and ``c`` share a category, ``b`` is an
      outsider;
    - **representative**: ``b`` shares ``a``'s category and passes to another;
    - **gatekeeper**: ``b`` shares ``c``'s category and lets ``a`` in;
    - **liaison**: all three categories differ.

    The directed tie graph holds the active relations of the policy's types
    (rivalries are not brokerage channels and are never included). A
    directed relation (pledge ``a → b``) is one arc; an undirected one
    (alliance) is two arcs, ``a → b`` and ``b → a``, so a path through an
    alliance counts once in each direction: a path ``a – b – c`` makes ``b``
    a representative one way and a gatekeeper the other. Parallel relations
    make one arc.

    Multi-valued attributes (``"Afghanistan;Pakistan"``): with
    ``multi="combined"`` (default) the set of values, sorted and joined, is
    the category, so ``Afghanistan;Pakistan`` differs from ``Pakistan``; with
    ``multi="first"`` the first listed value is the category. Paths through a
    group with an empty attribute are not classified (column ``unclassified``).

    Parameters
    ----------
    net : Network
    at : str, datetime.date or pandas.Timestamp
        The day.
    attribute : str, default "country"
        A column of the group table (``"country"``, ``"orientation"``, or any
        extra column).
    policy : TiePolicy, optional
        Which relations are ties (default alliance and pledge).
    multi : {"combined", "first"}, default "combined"
        How a ``;``-separated attribute becomes one category.

    Returns
    -------
    pandas.DataFrame
        Indexed by group, columns ``category``, the five role counts,
        ``unclassified`` and ``total`` (classified paths). ``attrs["provenance"]``.

    Examples
    --------
    >>> import militnet
    >>> from militnet import Group, Network, Relation, Source
    >>> net = Network(
    ...     groups=[Group("a", "A", country="Pakistan", sources="s"),
    ...             Group("b", "B", country="Pakistan", sources="s"),
    ...             Group("c", "C", country="Afghanistan", sources="s")],
    ...     relations=[Relation("r1", "a", "b", "pledge", start="2010", sources="s"),
    ...                Relation("r2", "b", "c", "pledge", start="2010", sources="s")],
    ...     sources=[Source("s", title="Report")])
    >>> militnet.brokerage(net, "2011-01-01")[["representative", "total"]]
           representative  total
    group
    a                   0      0
    b                   1      1
    c                   0      0
    """
    import networkx as nx
    import pandas as pd

    from militnet._algorithms.provenance import provenance

    pol = tie_policy(policy, {}, call="militnet.brokerage")
    if multi not in ("combined", "first"):
        raise ArgumentError(f"multi must be 'combined' or 'first', got {multi!r}")
    groups = net.frame("groups")
    if attribute not in groups.columns:
        raise ArgumentError(
            f"unknown group attribute {attribute!r}; the group table has "
            f"{', '.join(groups.columns)}"
        )
    m = net.graph_at(at, dataclasses.replace(pol, signed=False), lineage=False)
    d = nx.DiGraph()
    d.add_nodes_from(m.nodes)
    for u, v, data in m.edges(data=True):
        if u == v or data["type"] == "rivalry":  # brokerage is about cooperation
            continue
        d.add_edge(u, v)
        if not data["directional"]:
            d.add_edge(v, u)
    cat: dict[str, str] = {}
    for g in d.nodes:
        vals = split_list(str(groups.at[g, attribute]))
        if not vals:
            cat[g] = ""
        elif multi == "first":
            cat[g] = vals[0]
        else:
            cat[g] = ";".join(sorted(set(vals)))
    cols = [*ROLES, "unclassified"]
    counts = {g: dict.fromkeys(cols, 0) for g in d.nodes}
    for b in d.nodes:
        row = counts[b]
        for a in d.predecessors(b):
            succ_a = d.succ[a]
            for c in d.successors(b):
                if c == a or c in succ_a:
                    continue
                if not (cat[a] and cat[b] and cat[c]):
                    row["unclassified"] += 1
                else:
                    row[_role(cat[a], cat[b], cat[c])] += 1
    index = pd.Index(list(d.nodes), name="group", dtype=object)
    df = pd.DataFrame([counts[g] for g in d.nodes], index=index, columns=cols, dtype="int64")
    df.insert(0, "category", [cat[g] for g in d.nodes])
    df["total"] = df[list(ROLES)].sum(axis=1)
    df.attrs["provenance"] = provenance(
        net,
        function="militnet.brokerage",
        dates=[m.graph["date"]],
        policy=pol,
        parameters={"attribute": attribute, "multi": multi},
    )
    return df
