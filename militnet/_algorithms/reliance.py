"""How much of a ranking rests on alleged ties: each measure with and without them."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import numpy as np

from militnet._algorithms.centrality import check_k, check_measures, compute, parameters
from militnet._core.policy import TiePolicy, confidence_rank, tie_policy
from militnet._engine.measures import DEFAULT_MEASURES
from militnet._engine.snapshot import snapshot

if TYPE_CHECKING:
    import pandas as pd

    from militnet._classes.network import Network
    from militnet._engine.ties import Ties

__all__ = ["alleged_left_out", "alleged_reliance", "without_alleged"]


def without_alleged(policy: TiePolicy) -> TiePolicy:
    """``policy`` with ``alleged`` relations left out (unchanged if it already
    leaves them out)."""
    if confidence_rank(policy.min_confidence) >= confidence_rank("reported"):
        return policy
    return dataclasses.replace(policy, min_confidence="reported")


def alleged_left_out(net: Network, at: Any, policy: TiePolicy) -> int:
    """How many alleged relations active on ``at`` the policy leaves out (0 when
    it counts them).

    Examples
    --------
    >>> import militnet
    >>> net = militnet.load_dataset("afpak")
    >>> alleged_left_out(net, "2021-09-15", militnet.TiePolicy()) > 0
    True
    >>> alleged_left_out(net, "2021-09-15", militnet.TiePolicy(min_confidence="alleged"))
    0
    """
    if confidence_rank(policy.min_confidence) < confidence_rank("reported"):
        return 0
    every = snapshot(net, at, dataclasses.replace(policy, min_confidence="alleged"))
    alleged = np.asarray(net.time_index.conf == confidence_rank("alleged"))
    return int((every.active & alleged).sum())


def _partners(ties: Ties) -> list[set[int]]:
    out: list[set[int]] = [set() for _ in range(ties.n)]
    for s, t in zip(ties.src.tolist(), ties.tgt.tolist(), strict=True):
        out[s].add(t)
        out[t].add(s)
    return out


def alleged_reliance(
    net: Network,
    at: Any,
    *,
    measures: Iterable[str] | str = DEFAULT_MEASURES,
    policy: TiePolicy | None = None,
    k: int | None = None,
    seed: int | None = 0,
) -> pd.DataFrame:
    """How much of each group's score on a day rests on ``alleged`` ties.

    Every measure is computed twice on the day's collapsed tie graph: under
    ``policy``, and under the same policy without ``alleged`` relations
    (``min_confidence="reported"``). A tie is *alleged* when every active
    relation behind it is alleged (a tie also held by a reported or confirmed
    relation stays without them).

    Parameters
    ----------
    net : Network
    at : str, datetime.date or pandas.Timestamp
        The day.
    measures : str or iterable of str
        As for :func:`militnet.centrality` (``community`` is not a score and is
        refused).
    policy : TiePolicy, optional
        The ranking's tie policy (default :class:`TiePolicy()`, which leaves
        alleged relations out: then nothing rests on them and the shares are
        0; pass ``TiePolicy(min_confidence="alleged")`` to count them).
    k, seed
        Betweenness pivots and seed, as for :func:`militnet.centrality`.

    Returns
    -------
    pandas.DataFrame
        Indexed by group id, in the order of the group table, with columns:

        - ``ties``: the group's tie partners under ``policy``;
        - ``alleged_ties``: those held only by alleged relations;
        - per measure *m*: *m* (as :func:`militnet.centrality` gives it),
          ``m_without_alleged`` and ``m_alleged_share``, the share of the score
          that goes when the alleged ties go: ``max(0, (m - m_without) / m)``
          (0 where *m* is 0, or where the score rises without them, as a
          group's betweenness can when a rival route disappears).

        ``attrs["provenance"]`` as for every result, with both policies.

    Examples
    --------
    >>> import militnet
    >>> from militnet import Group, Network, Relation, Source
    >>> net = Network(
    ...     groups=[Group(g, g.upper(), sources="s") for g in ("a", "b", "c", "d")],
    ...     relations=[Relation("r1", "a", "b", "alliance", start="2010", sources="s"),
    ...                Relation("r2", "b", "c", "alliance", start="2010", sources="s"),
    ...                Relation("r3", "c", "d", "alliance", start="2010", sources="s",
    ...                         confidence="alleged")],
    ...     sources=[Source("s", title="Report")])
    >>> everything = militnet.TiePolicy(min_confidence="alleged")
    >>> df = militnet.alleged_reliance(net, "2012-01-01", measures=["degree", "betweenness"],
    ...                                policy=everything)
    >>> df[["ties", "alleged_ties", "betweenness_alleged_share"]]
           ties  alleged_ties  betweenness_alleged_share
    group
    a         1             0                        0.0
    b         2             0                        0.5
    c         2             1                        1.0
    d         1             1                        0.0

    Half of b's betweenness and all of c's rest on the alleged c–d tie.
    """
    import pandas as pd

    from militnet._algorithms.provenance import provenance

    pol = tie_policy(policy, {}, call="militnet.alleged_reliance")
    sel = check_measures(measures)
    if "community" in sel:
        from militnet._core.errors import ArgumentError

        raise ArgumentError("alleged_reliance: 'community' is a membership, not a score")
    k = check_k(k)
    strict = without_alleged(pol)
    full = snapshot(net, at, pol)
    bare = snapshot(net, at, strict) if strict is not pol else full
    with_vals = compute(full.ties, sel, k, seed)
    bare_vals = compute(bare.ties, sel, k, seed) if bare is not full else with_vals
    nodes = list(full.ties.nodes)
    p_full = _partners(full.ties)
    p_bare = _partners(bare.ties)
    cols: dict[str, Any] = {
        "ties": np.array([len(p) for p in p_full], dtype=np.int64),
        "alleged_ties": np.array(
            [len(a - b) for a, b in zip(p_full, p_bare, strict=True)], dtype=np.int64
        ),
    }
    for m in sel:
        v, w = with_vals[m], bare_vals[m]
        with np.errstate(divide="ignore", invalid="ignore"):
            share = np.where(v > 0, np.clip((v - w) / np.where(v > 0, v, 1.0), 0.0, 1.0), 0.0)
        # equal scores computed on two graphs differ in their last bits: not a share
        share = np.where(np.isclose(v, w, rtol=1e-9, atol=1e-12), 0.0, share)
        cols[m] = v
        cols[f"{m}_without_alleged"] = w
        cols[f"{m}_alleged_share"] = share
    index = pd.Index(nodes, name="group", dtype=object)
    df = pd.DataFrame(cols, index=index)
    params = parameters(sel, k, [full.ties.n])
    params["without_alleged_policy"] = strict.to_dict()
    df.attrs["provenance"] = provenance(
        net,
        function="militnet.alleged_reliance",
        dates=[full.day],
        policy=pol,
        parameters=params,
        seed=seed,
    )
    return df
