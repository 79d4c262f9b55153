"""Centrality of groups in a snapshot: degree, betweenness, eigenvector, PageRank."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import numpy as np

from militnet._core.checks import check_seed
from militnet._core.errors import ArgumentError
from militnet._core.policy import TiePolicy, tie_policy
from militnet._engine import backend as _backend
from militnet._engine.measures import DEFAULT_MEASURES, MEASURES
from militnet._engine.snapshot import snapshot
from militnet._engine.ties import Ties

if TYPE_CHECKING:
    import pandas as pd

    from militnet._classes.network import Network

__all__ = ["DEFAULT_MEASURES", "MEASURES", "centrality"]


def check_measures(measures: Iterable[str] | str | None) -> tuple[str, ...]:
    if measures is None:
        return DEFAULT_MEASURES
    if isinstance(measures, str):
        measures = (measures,)
    out = tuple(dict.fromkeys(measures))
    bad = [m for m in out if m not in MEASURES]
    if bad:
        raise ArgumentError(f"unknown measure {bad[0]!r}; expected one of {', '.join(MEASURES)}")
    if not out:
        raise ArgumentError("no measure selected")
    return out


def check_k(k: Any) -> int | None:
    """Validate the number of betweenness pivots (``None``: exact)."""
    if k is None:
        return None
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 1:
        raise ArgumentError(
            f"k must be a positive integer (the number of sampled pivots) "
            f"or None (exact betweenness), got {k!r}"
        )
    return int(k)


def compute(
    ties: Ties, measures: tuple[str, ...], k: int | None, seed: int | None
) -> dict[str, np.ndarray]:
    """Run the selected measures on one compact snapshot, through the backend."""
    seed = check_seed(seed)  # militnet._core.checks: 0..2**32-1 or None
    out: dict[str, np.ndarray] = {}
    for m in measures:
        if m == "betweenness":
            out[m] = _backend.betweenness(ties, k=k, seed=seed, normalized=True)
        elif m == "community":
            # a membership, not a centrality: seeded Louvain, labels as communities() numbers
            labels, _ = _backend.louvain(ties, seed=0 if seed is None else seed)
            out[m] = labels.astype(np.float64)
        else:
            out[m] = getattr(_backend, m)(ties)
    return out


def betweenness_mode(k: int | None, sizes: Iterable[int]) -> str:
    """How betweenness was computed over snapshots of ``sizes`` groups:
    ``"exact"``, ``"sampled"`` (``k`` pivots), or ``"mixed"`` (exact where a
    snapshot has at most ``k`` groups: ``k >= n`` pivots means every group)."""
    if k is None:
        return "exact"
    exact = [n <= k for n in sizes]
    return "exact" if all(exact) else "sampled" if not any(exact) else "mixed"


def parameters(sel: tuple[str, ...], k: int | None, sizes: Iterable[int]) -> dict[str, Any]:
    """The provenance parameters of a centrality computation."""
    out: dict[str, Any] = {"measures": list(sel), "k": k}
    if "betweenness" in sel:
        out["betweenness"] = betweenness_mode(k, sizes)
    return out


def centrality(
    net: Network,
    at: Any,
    *,
    measures: Iterable[str] | str = DEFAULT_MEASURES,
    policy: TiePolicy | None = None,
    k: int | None = None,
    seed: int | None = 0,
) -> pd.DataFrame:
    """Centrality of every group alive on a day.

    Measures are computed on the collapsed tie graph of the day
    (:meth:`Network.ties`): one undirected tie per pair of groups with at least
    one active relation of the policy's types.

    - ``degree``: number of distinct tie partners (parallel relations count once).
    - ``in_degree`` / ``out_degree``: distinct groups with an active *directed*
      relation of the policy's types to / from the group; with the default
      policy, who pledged to the group and whom it pledged to.
    - ``betweenness``: share of shortest paths (by hops) through the group,
      normalised; exact, or estimated from ``k`` pivots drawn with ``seed``.
    - ``eigenvector``: per connected component (the leading eigenvector of a
      disconnected graph is not unique): each component's Perron vector of the
      weighted adjacency, scaled to norm ``sqrt(n_c / n)``; equals networkx's
      ``eigenvector_centrality`` on a connected graph; isolated groups get 0.
    - ``pagerank``: PageRank (damping 0.85) of the weighted undirected graph.
    - ``community``: not a centrality but a membership: the group's Louvain
      community (seeded with ``seed``, 0 if None), labelled as
      :func:`militnet.communities` labels them (0 = largest). Useful in
      :meth:`Network.series`, where it runs inside the same pass (and process
      pool) as the other measures.

    Weights are the policy's (``weight="count"``: relations behind the tie,
    ``"binary"``: 1); betweenness and degree ignore them.

    Parameters
    ----------
    net : Network
    at : str, datetime.date or pandas.Timestamp
        The day (``"2016-01-01"``).
    measures : str or iterable of str
        Any of ``degree, in_degree, out_degree, betweenness, eigenvector,
        pagerank, community`` (default: degree, betweenness, eigenvector,
        pagerank).
    policy : TiePolicy, optional
        Which relations are ties (default :class:`TiePolicy()`: alliance and
        pledge, all confidence levels, ``earliest`` date policy, undated
        relations included). ``signed`` is ignored here.
    k : int, optional
        Estimate betweenness from ``k`` sampled pivot groups (default None:
        exact). With ``k`` at least the number of groups alive on the day,
        every group is a pivot and betweenness is exact;
        ``attrs["provenance"]["parameters"]["betweenness"]`` says ``"exact"``
        or ``"sampled"``.
    seed : int or None, default 0
        Seed for the sampling of ``k`` pivots and for ``community`` (0, as in
        :meth:`Network.series`, so a sampled value is reproducible; None draws
        from Python's global random stream).

    Returns
    -------
    pandas.DataFrame
        Indexed by group id (``group``), in the order of the group table, one
        float column per measure. ``df.attrs["provenance"]`` records the data,
        day, policy, parameters and library versions.

    Examples
    --------
    >>> import militnet
    >>> from militnet import Group, Network, Relation, Source
    >>> net = Network(
    ...     groups=[Group(g, g.upper(), sources="s") for g in ("a", "b", "c", "d")],
    ...     relations=[Relation("r1", "a", "b", "alliance", start="2010", sources="s"),
    ...                Relation("r2", "b", "c", "alliance", start="2010", sources="s"),
    ...                Relation("r3", "d", "b", "pledge", start="2012-05", sources="s")],
    ...     sources=[Source("s", title="Report")])
    >>> df = militnet.centrality(net, "2013-01-01",
    ...                          measures=["degree", "in_degree", "betweenness"])
    >>> df
           degree  in_degree  betweenness
    group
    a         1.0        0.0          0.0
    b         3.0        1.0          1.0
    c         1.0        0.0          0.0
    d         1.0        0.0          0.0
    >>> df.attrs["provenance"]["dates"]
    ['2013-01-01']
    """
    import pandas as pd

    from militnet._algorithms.provenance import provenance

    pol = tie_policy(policy, {}, call="militnet.centrality")
    sel = check_measures(measures)
    k = check_k(k)
    snap = snapshot(net, at, pol)
    values = compute(snap.ties, sel, k, seed)
    index = pd.Index(list(snap.ties.nodes), name="group", dtype=object)
    df = pd.DataFrame({m: values[m] for m in sel}, index=index)
    df.attrs["provenance"] = provenance(
        net,
        function="militnet.centrality",
        dates=[snap.day],
        policy=pol,
        parameters=parameters(sel, k, [snap.ties.n]),
        seed=seed,
    )
    return df
