"""Stable community identities across days (issue 24).

Louvain numbers the communities of each day afresh, so "community 3" of 2016
and "community 3" of 2017 need not be the same coalition. Here a community
keeps one number while it continues: communities of consecutive days are
matched by Jaccard overlap, as :func:`militnet.community_evolution` and
:func:`militnet.community_lifecycle` match them, and each community of the
later day inherits the number of the earlier community it overlaps most
(a merge continues the number of its largest-overlap predecessor, a split
passes it to its largest-overlap successor; the other successors of a split,
and every community born, take new numbers, in the order they appear).

Numbers are traced from the first year of the data (every 1 January from
the year of the data's earliest date up to the days asked for), so a
community has the same number, and so the same colour, in every figure and
on the page, whatever day or window is drawn.
"""

from __future__ import annotations

import datetime as _dt
from typing import TYPE_CHECKING, Any

import numpy as np

from militnet._algorithms.communities import (
    JACCARD_THRESHOLD,
    _check,
    _check_matching,
    _jaccard,
    _method,
    _partitions,
)
from militnet._algorithms.series import series_dates
from militnet._core.policy import TiePolicy, tie_policy
from militnet._engine.snapshot import Snapshot, snapshot

if TYPE_CHECKING:
    import pandas as pd

    from militnet._classes.network import Network

__all__ = ["COMMUNITY_MIN_SIZE", "Tracks", "community_tracks", "trace_communities"]

#: Smallest group of groups that counts as a community for colours and
#: legends: singletons and pairs are not coalitions (drawn grey).
COMMUNITY_MIN_SIZE = 3

TRACK_COLUMNS = ("date", "group", "name", "community", "anchor", "size")


class Tracks:
    """Communities of a chain of days with stable numbers.

    ``days`` (the chain traced, history first), ``parts`` (per day, Louvain
    label -> members), ``ids`` (per day, label -> stable number from 1) and
    ``anchors`` (per day, label -> the member with the most ties that day).
    """

    def __init__(
        self,
        days: list[_dt.date],
        parts: list[dict[int, frozenset[str]]],
        ids: list[dict[int, int]],
        anchors: list[dict[int, str]],
    ) -> None:
        self.days = days
        self.parts = parts
        self.ids = ids
        self.anchors = anchors

    def on(self, day: _dt.date) -> dict[str, int]:
        """Group id -> stable number on ``day`` (a day of the chain)."""
        i = self.days.index(day)
        return {g: self.ids[i][lab] for lab, m in self.parts[i].items() for g in m}

    def anchor_of(self, day: _dt.date) -> dict[int, str]:
        """Stable number -> its best-connected member on ``day``."""
        i = self.days.index(day)
        return {self.ids[i][lab]: a for lab, a in self.anchors[i].items()}


def _anchors(snap: Snapshot, part: dict[int, frozenset[str]]) -> dict[int, str]:
    """Per community, its member with the most ties that day (the first in the
    group table among equals)."""
    t = snap.ties
    deg = np.bincount(np.concatenate([t.src, t.tgt]), minlength=t.n)
    rank = {v: (-int(deg[i]), i) for i, v in enumerate(t.nodes)}
    return {lab: min(m, key=lambda v: rank[v]) for lab, m in part.items()}


def history(net: Network, days: list[_dt.date]) -> list[_dt.date]:
    """The chain a community number is traced along: every 1 January from
    the year of the data's earliest date that comes before ``days[0]``, then
    ``days``."""
    lo, _ = net.date_range()
    if not lo or not days:
        return list(days)
    from militnet._core.dates import PartialDate

    first = PartialDate.parse(lo).first_day()
    years = range(first.year, days[0].year + 1)
    return [d for y in years if (d := _dt.date(y, 1, 1)) < days[0]] + list(days)


def trace_communities(
    net: Network,
    days: list[_dt.date],
    pol: TiePolicy,
    *,
    method: str = "louvain",
    resolution: float = 1.0,
    threshold: float = JACCARD_THRESHOLD,
    min_size: int = COMMUNITY_MIN_SIZE,
    seed: int | None = 0,
) -> Tracks:
    """Stable community numbers along ``days`` (increasing), traced from the
    first year of the data (:func:`history`)."""
    _method(method)
    _check(seed, resolution)
    _check_matching(threshold, min_size)
    chain = history(net, sorted(set(days)))
    snaps = [snapshot(net, d, pol) for d in chain]
    parts = _partitions(snaps, method, seed, resolution, min_size)
    anchors = [_anchors(s, p) for s, p in zip(snaps, parts, strict=True)]
    order = {g: i for i, g in enumerate(net.time_index.group_ids)}
    ids: list[dict[int, int]] = []
    nxt = 1
    prev: dict[int, frozenset[str]] = {}
    prev_ids: dict[int, int] = {}
    for part, anc in zip(parts, anchors, strict=True):
        pairs = [
            (_jaccard(ma, mb), a, b)
            for a, ma in prev.items()
            for b, mb in part.items()
            if _jaccard(ma, mb) >= threshold
        ]
        # best overlap first; then the larger later community, the older number
        pairs.sort(key=lambda p: (-p[0], -len(part[p[2]]), prev_ids[p[1]], order[anc[p[2]]]))
        cur: dict[int, int] = {}
        used: set[int] = set()
        for _, a, b in pairs:
            if b in cur or prev_ids[a] in used:
                continue
            cur[b] = prev_ids[a]
            used.add(prev_ids[a])
        for b in sorted(
            (b for b in part if b not in cur), key=lambda b: (-len(part[b]), order[anc[b]])
        ):
            cur[b] = nxt
            nxt += 1
        ids.append(cur)
        prev, prev_ids = part, cur
    return Tracks(chain, parts, ids, anchors)


def community_tracks(
    net: Network,
    start: Any = None,
    end: Any = None,
    freq: str = "YS",
    *,
    dates: Any = None,
    policy: TiePolicy | None = None,
    method: str = "louvain",
    resolution: float = 1.0,
    threshold: float = JACCARD_THRESHOLD,
    min_size: int = COMMUNITY_MIN_SIZE,
    seed: int | None = 0,
) -> pd.DataFrame:
    """Communities on a series of days, with numbers that stay with a
    community while it continues.

    Communities are found on each day as in :func:`militnet.communities` and
    matched between consecutive days by Jaccard overlap (at least
    ``threshold``), as in :func:`militnet.community_lifecycle`. A community
    keeps its number while it continues (continue, growth, contraction); a
    merge keeps the number of the predecessor it overlaps most, a split
    passes it to the successor that overlaps most; communities born (and the
    other parts of a split) take the next free number. Numbers are traced from
    the first year of the data (every 1 January before the first day asked
    for), so the same community has the same number whatever window is asked
    for, and figures and the page colour it the same.

    Groups in communities smaller than ``min_size`` (default 3: singletons
    and pairs) have no number and no row.

    Parameters
    ----------
    net : Network
    start, end, freq, dates
        The days, as in :meth:`Network.series <militnet.Network.series>`
        (default: every 1 January of the data's date range).
    policy, method, resolution, seed
        As in :func:`militnet.communities` (default alliance and pledge ties).
    threshold : float, default 0.3
        Minimum Jaccard overlap for a community to continue.
    min_size : int, default 3
        Smallest community numbered.

    Returns
    -------
    pandas.DataFrame
        One row per day and group in a community: ``date`` (datetime64),
        ``group``, ``name``, ``community`` (the stable number, from 1),
        ``anchor`` (the community's member with the most ties that day) and
        ``size``. ``attrs["provenance"]``.

    Examples
    --------
    >>> import militnet
    >>> from militnet import Group, Network, Relation
    >>> tri = lambda a, b, c, s, e: [(a, b, s, e), (b, c, s, e), (a, c, s, e)]
    >>> pairs = tri("a", "b", "c", "2010", "") + tri("d", "e", "f", "2012", "")
    >>> net = Network([Group(g, g.upper(), founded="2000") for g in "abcdef"],
    ...     [Relation(f"r{i}", u, v, "alliance", start=s, end=e, last_attested="2014")
    ...      for i, (u, v, s, e) in enumerate(pairs)])
    >>> t = militnet.community_tracks(net, "2011-01-01", "2013-01-01")
    >>> t[["date", "group", "community", "anchor", "size"]].head(4)
            date group  community anchor  size
    0 2011-01-01     a          1      a     3
    1 2011-01-01     b          1      a     3
    2 2011-01-01     c          1      a     3
    3 2012-01-01     a          1      a     3
    >>> t.groupby("date")["community"].nunique().tolist()  # d's community is born in 2012
    [1, 2, 2]
    """
    import pandas as pd

    from militnet._algorithms.provenance import provenance

    pol = tie_policy(policy, {}, call="militnet.community_tracks")
    days = series_dates(net, start, end, freq, dates)
    tr = trace_communities(
        net,
        days,
        pol,
        method=method,
        resolution=resolution,
        threshold=threshold,
        min_size=min_size,
        seed=seed,
    )
    names = net.frame("groups")["name"].to_dict()
    order = {g: i for i, g in enumerate(net.time_index.group_ids)}
    rows = []
    for d in days:
        i = tr.days.index(d)
        for lab, members in tr.parts[i].items():
            for g in members:
                rows.append(
                    (d, g, names.get(g, ""), tr.ids[i][lab], tr.anchors[i][lab], len(members))
                )
    rows.sort(key=lambda r: (r[0], r[3], order[r[1]]))
    df = pd.DataFrame(rows, columns=list(TRACK_COLUMNS))
    df["date"] = pd.to_datetime(df["date"]).astype("datetime64[ns]")
    for c in ("community", "size"):
        df[c] = df[c].astype("int64")
    df.attrs["provenance"] = provenance(
        net,
        function="militnet.community_tracks",
        dates=days,
        policy=pol,
        parameters={
            "freq": freq,
            "method": method,
            "resolution": resolution,
            "threshold": threshold,
            "min_size": min_size,
            "traced_from": tr.days[0].isoformat() if tr.days else None,
        },
        seed=seed,
    )
    return df
