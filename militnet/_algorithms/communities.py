"""Communities of a snapshot, and how they evolve between snapshots."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Iterable, Iterator
from itertools import pairwise
from typing import TYPE_CHECKING, Any

import numpy as np

from militnet._core.errors import ArgumentError
from militnet._core.model import RELATION_TYPES
from militnet._core.policy import TiePolicy, tie_policy
from militnet._engine import backend as _backend
from militnet._engine.snapshot import Snapshot, snapshot

if TYPE_CHECKING:
    import pandas as pd

    from militnet._classes.network import Network

__all__ = ["METHODS", "communities", "community_evolution"]

#: Community detection methods: name → function of :mod:`militnet._engine.backend`.
METHODS: dict[str, str] = {
    "louvain": "louvain",
    "greedy_modularity": "greedy_modularity",
    "label_propagation": "label_propagation",
}

#: Default Jaccard overlap for two communities of consecutive snapshots to match.
JACCARD_THRESHOLD = 0.3


def _method(method: str) -> Callable[..., tuple[np.ndarray, float]]:
    if method not in METHODS:
        raise ArgumentError(
            f"unknown community method {method!r}; expected one of {', '.join(METHODS)}"
        )
    return getattr(_backend, METHODS[method])  # type: ignore[no-any-return]


def _check(seed: Any, resolution: Any) -> None:
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, (int, np.integer))):
        raise ArgumentError(f"seed must be an integer or None, got {seed!r}")
    if (
        isinstance(resolution, bool)
        or not isinstance(resolution, (int, float, np.number))
        or not resolution > 0
        or not np.isfinite(resolution)
    ):
        raise ArgumentError(f"resolution must be a positive number, got {resolution!r}")


def _detect(
    snap: Snapshot, method: str, seed: int | None, resolution: float
) -> tuple[np.ndarray, float]:
    return _method(method)(snap.ties, seed=seed, resolution=resolution)


def communities(
    net: Network,
    at: Any,
    *,
    policy: TiePolicy | None = None,
    method: str = "louvain",
    resolution: float = 1.0,
    seed: int | None = 0,
) -> pd.DataFrame:
    """Communities of the tie graph on a day, and their modularity.

    Parameters
    ----------
    net : Network
    at : str, datetime.date or pandas.Timestamp
        The day.
    policy : TiePolicy, optional
        Which relations are ties and how they are weighted (default alliance
        and pledge, weight = number of relations).
    method : {"louvain", "greedy_modularity", "label_propagation"}
        Louvain (networkx, seeded; default), Clauset–Newman–Moore greedy
        modularity (deterministic) or asynchronous label propagation (seeded).
    resolution : float, default 1.0
        Modularity resolution (> 1 favours smaller communities).
    seed : int or None, default 0
        Random seed; the same seed gives the same communities (None: Python's
        global random stream).

    Returns
    -------
    pandas.DataFrame
        Indexed by group (every group alive on the day), columns ``community``
        (int label) and ``size``. Labels are stable: 0 is the largest
        community, ties between equal sizes broken by the first member in the
        group table. A group without ties is a community of its own.
        ``attrs["modularity"]`` (``nan`` if there are no ties) and
        ``attrs["provenance"]``.

    Examples
    --------
    >>> import militnet
    >>> from militnet import Group, Network, Relation, Source
    >>> pairs = [("a", "b"), ("b", "c"), ("a", "c"), ("d", "e"), ("e", "f"), ("d", "f"),
    ...          ("c", "d")]
    >>> net = Network(
    ...     groups=[Group(g, g.upper(), sources="s") for g in "abcdefg"],
    ...     relations=[Relation(f"r{i}", u, v, "alliance", start="2010", sources="s")
    ...                for i, (u, v) in enumerate(pairs)],
    ...     sources=[Source("s", title="Report")])
    >>> cm = militnet.communities(net, "2011-01-01", seed=1)
    >>> cm["community"].to_dict()
    {'a': 0, 'b': 0, 'c': 0, 'd': 1, 'e': 1, 'f': 1, 'g': 2}
    >>> round(cm.attrs["modularity"], 4)
    0.3571
    """
    import pandas as pd

    from militnet._algorithms.provenance import provenance

    pol = tie_policy(policy, {}, call="militnet.communities")
    _method(method)
    _check(seed, resolution)
    snap = snapshot(net, at, pol)
    labels, q = _detect(snap, method, seed, resolution)
    sizes = np.bincount(labels)[labels] if len(labels) else np.zeros(0, dtype=np.int64)
    index = pd.Index(list(snap.ties.nodes), name="group", dtype=object)
    df = pd.DataFrame(
        {"community": labels.astype("int64"), "size": sizes.astype("int64")}, index=index
    )
    df.attrs["modularity"] = q
    df.attrs["provenance"] = provenance(
        net,
        function="militnet.communities",
        dates=[snap.day],
        policy=pol,
        parameters={"method": method, "resolution": resolution},
        seed=seed,
    )
    return df


def _groups_of(snap: Snapshot, labels: np.ndarray, min_size: int) -> dict[int, frozenset[str]]:
    nodes = snap.ties.nodes
    out: dict[int, list[str]] = {}
    for v, lab in zip(nodes, labels.tolist(), strict=True):
        out.setdefault(lab, []).append(v)
    return {lab: frozenset(m) for lab, m in sorted(out.items()) if len(m) >= min_size}


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b)


def community_evolution(
    net: Network,
    dates: Iterable[Any],
    *,
    policy: TiePolicy | None = None,
    method: str = "louvain",
    resolution: float = 1.0,
    threshold: float = JACCARD_THRESHOLD,
    min_size: int = 2,
    seed: int | None = 0,
) -> pd.DataFrame:
    """How communities change between consecutive snapshots.

    Communities are found on each day as in :func:`communities` (same method,
    seed and resolution). Communities smaller than ``min_size`` (by default
    the groups without ties) are ignored. A community of the earlier day and
    one of the later day *match* when the Jaccard overlap of their members,
    ``|A ∩ B| / |A ∪ B|``, is at least ``threshold`` (default 0.3). Then, for
    each pair of consecutive days:

    - **continue** / **grow** / **shrink**: one community matches exactly one,
      and that one matches only it; labelled by the change in size;
    - **split**: an earlier community matches two or more later ones;
    - **merge**: a later community matches two or more earlier ones;
    - **vanish**: an earlier community matches none;
    - **appear**: a later community matches none.

    Each event lists the split and merger relations that coincide with it:
    those whose start falls after the earlier day and on or before the later
    one (under the policy's date policy and minimum confidence; undated ones
    never do) and with at least one of their two groups among the members of
    the communities involved.

    Parameters
    ----------
    net : Network
    dates : iterable of dates
        At least two days, in increasing order.
    policy, method, resolution
        As in :func:`communities`.
    threshold : float, default 0.3
        Minimum Jaccard overlap for a match, in ``(0, 1]``.
    min_size : int, default 2
        Smallest community that takes part.
    seed : int or None, default 0
        As in :func:`communities`.

    Returns
    -------
    pandas.DataFrame
        One row per event: ``date_from``, ``date_to`` (datetime64), ``event``,
        ``before`` and ``after`` (community labels on each day, ``;``-joined,
        as in :func:`communities`), ``size_before``, ``size_after`` (members
        in all), ``jaccard`` (largest overlap among the matches, ``nan`` for
        appear / vanish), ``groups`` (members involved, ``;``-joined) and
        ``relations`` (coinciding split and merger ids). ``attrs["provenance"]``.

    Examples
    --------
    >>> import militnet
    >>> from militnet import Group, Network, Relation, Source
    >>> clique = [("a", "b"), ("c", "d"), ("a", "c"), ("a", "d"), ("b", "c"), ("b", "d")]
    >>> net = Network(
    ...     groups=[Group(g, g.upper(), sources="s") for g in "abcd"],
    ...     relations=[Relation(f"r{i}", u, v, "alliance", start="2010",
    ...                         end="" if i < 2 else "2015",
    ...                         last_attested="2015" if i < 2 else "", sources="s")
    ...                for i, (u, v) in enumerate(clique)]
    ...               + [Relation("x1", "c", "a", "split", start="2015", sources="s")],
    ...     sources=[Source("s", title="Report")])
    >>> ev = militnet.community_evolution(net, ["2012-01-01", "2016-01-01"])
    >>> ev[["event", "before", "after", "groups", "relations"]]
       event before after   groups relations
    0  split      0   0;1  a;b;c;d        x1
    """
    import pandas as pd

    from militnet._algorithms.provenance import provenance

    pol = tie_policy(policy, {}, call="militnet.community_evolution")
    _method(method)
    _check(seed, resolution)
    _check_matching(threshold, min_size)
    snaps = [snapshot(net, d, pol) for d in dates]
    if len(snaps) < 2:
        raise ArgumentError("community_evolution needs at least two dates")
    days = [s.day for s in snaps]
    if any(b <= a for a, b in pairwise(days)):
        raise ArgumentError("dates must be strictly increasing")
    parts = _partitions(snaps, method, seed, resolution, min_size)
    lineage = _Lineage(net, pol)
    rows: list[dict[str, Any]] = []
    for (d0, before), (d1, after) in pairwise(zip(days, parts, strict=True)):
        rel = lineage.between(d0, d1)
        for kind, bl, al, jac in _events(before, after, threshold):
            members = set().union(*(before[a] for a in bl), *(after[b] for b in al))
            rows.append(
                {
                    "date_from": d0,
                    "date_to": d1,
                    "event": kind,
                    "before": ";".join(map(str, bl)),
                    "after": ";".join(map(str, al)),
                    "size_before": sum(len(before[a]) for a in bl),
                    "size_after": sum(len(after[b]) for b in al),
                    "jaccard": max(jac) if jac else float("nan"),
                    "groups": ";".join(v for v in lineage.group_ids if v in members),
                    "relations": ";".join(r for r, s, t in rel if s in members or t in members),
                }
            )
    df = pd.DataFrame(rows, columns=list(EVENT_COLUMNS))
    for c in ("date_from", "date_to"):
        df[c] = pd.to_datetime(df[c]).astype("datetime64[ns]")
    df.attrs["provenance"] = provenance(
        net,
        function="militnet.community_evolution",
        dates=days,
        policy=pol,
        parameters={
            "method": method,
            "resolution": resolution,
            "threshold": threshold,
            "min_size": min_size,
        },
        seed=seed,
    )
    return df


#: Columns of :func:`community_evolution`'s table.
EVENT_COLUMNS = (
    "date_from",
    "date_to",
    "event",
    "before",
    "after",
    "size_before",
    "size_after",
    "jaccard",
    "groups",
    "relations",
)


def _check_matching(threshold: Any, min_size: Any) -> None:
    if (
        isinstance(threshold, bool)
        or not isinstance(threshold, (int, float, np.number))
        or not 0 < threshold <= 1
    ):
        raise ArgumentError(f"threshold must be in (0, 1], got {threshold!r}")
    if isinstance(min_size, bool) or not isinstance(min_size, (int, np.integer)) or min_size < 1:
        raise ArgumentError(f"min_size must be a positive integer, got {min_size!r}")


def _partitions(
    snaps: list[Snapshot], method: str, seed: int | None, resolution: float, min_size: int
) -> list[dict[int, frozenset[str]]]:
    """The communities of each snapshot (label -> members, at least ``min_size``);
    a snapshot equal to the previous one reuses its communities."""
    parts: list[dict[int, frozenset[str]]] = []
    prev: tuple[tuple[bytes, bytes], dict[int, frozenset[str]]] | None = None
    for s in snaps:
        if prev is not None and prev[0] == s.key():
            parts.append(prev[1])
            continue
        labels, _ = _detect(s, method, seed, resolution)
        part = _groups_of(s, labels, min_size)
        parts.append(part)
        prev = (s.key(), part)
    return parts


class _Lineage:
    """The split and merger relations that count under a policy, by the day they start."""

    def __init__(self, net: Network, pol: TiePolicy) -> None:
        from militnet._core.dates import DATE_POLICIES
        from militnet._core.policy import confidence_rank

        idx = net.time_index
        self._idx = idx
        self.group_ids: list[str] = list(idx.group_ids)
        side = DATE_POLICIES[pol.date_policy][0]
        self._start = idx.s_first if side == "first" else idx.s_last
        codes = [i for i, t in enumerate(RELATION_TYPES) if t in ("split", "merger")]
        self._mask = (
            np.isin(idx.type, codes)
            & idx.s_known
            & (idx.conf >= confidence_rank(pol.min_confidence))
        )

    def between(self, d0: _dt.date, d1: _dt.date) -> list[tuple[str, str, str]]:
        """(relation id, source group, target group) of those starting in ``(d0, d1]``."""
        idx = self._idx
        sel = np.flatnonzero(
            self._mask & (self._start > d0.toordinal()) & (self._start <= d1.toordinal())
        )
        return [(idx.rel_ids[j], idx.group_ids[idx.src[j]], idx.group_ids[idx.tgt[j]]) for j in sel]


def _events(
    before: dict[int, frozenset[str]], after: dict[int, frozenset[str]], threshold: float
) -> Iterator[tuple[str, list[int], list[int], list[float]]]:
    """The events between two partitions: (kind, earlier labels, later labels, overlaps)."""
    succ: dict[int, list[tuple[int, float]]] = {a: [] for a in before}
    pred: dict[int, list[tuple[int, float]]] = {b: [] for b in after}
    for a, ma in before.items():
        for b, mb in after.items():
            jac = _jaccard(ma, mb)
            if jac >= threshold:
                succ[a].append((b, jac))
                pred[b].append((a, jac))
    for a in sorted(before):
        nxt = succ[a]
        if not nxt:
            yield "vanish", [a], [], []
        elif len(nxt) >= 2:
            yield "split", [a], [b for b, _ in nxt], [j for _, j in nxt]
        elif len(pred[nxt[0][0]]) == 1:
            b, jac = nxt[0]
            grow = len(after[b]) - len(before[a])
            yield "grow" if grow > 0 else "shrink" if grow < 0 else "continue", [a], [b], [jac]
    for b in sorted(after):
        prv = pred[b]
        if not prv:
            yield "appear", [], [b], []
        elif len(prv) >= 2:
            yield "merge", [a for a, _ in prv], [b], [j for _, j in prv]
