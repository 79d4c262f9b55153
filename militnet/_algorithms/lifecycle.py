"""Community lifecycles: :func:`militnet.community_evolution` told in words.

The matching of communities between consecutive snapshots is
:func:`~militnet.community_evolution`'s (Jaccard overlap above a threshold);
this module renames its events in the vocabulary of cdlib's ``LifeCycle``
(birth, death, continue, growth, contraction, merge, split), lists the
members on each side, names every community after its best-connected member
and writes one sentence per event.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from militnet._algorithms.communities import (
    JACCARD_THRESHOLD,
    community_evolution,
)
from militnet._algorithms.series import series_dates
from militnet._algorithms.tracks import trace_communities
from militnet._core.policy import TiePolicy, tie_policy

if TYPE_CHECKING:
    import pandas as pd

    from militnet._classes.network import Network

__all__ = ["LIFECYCLE_EVENTS", "community_lifecycle"]

#: community_evolution's event -> the lifecycle event (cdlib's vocabulary).
LIFECYCLE_EVENTS: dict[str, str] = {
    "appear": "birth",
    "vanish": "death",
    "continue": "continue",
    "grow": "growth",
    "shrink": "contraction",
    "merge": "merge",
    "split": "split",
}

COLUMNS = (
    "date_from",
    "date_to",
    "event",
    "before",
    "after",
    "members_before",
    "members_after",
    "joined",
    "left",
    "relations",
    "summary",
    "numbers_before",
    "numbers_after",
    "explained_by",
)


def community_lifecycle(
    net: Network,
    start: Any = None,
    end: Any = None,
    freq: str = "YS",
    *,
    policy: TiePolicy | None = None,
    method: str = "louvain",
    resolution: float = 1.0,
    threshold: float = JACCARD_THRESHOLD,
    min_size: int = 2,
    seed: int | None = 0,
) -> pd.DataFrame:
    """The lifecycle of the communities from ``start`` to ``end``, one row per
    event, readable without a picture.

    Communities are found every ``freq`` step (as in :meth:`Network.series
    <militnet.Network.series>`: default the first of each year) and matched
    between consecutive days by :func:`community_evolution` (same ``policy``,
    ``method``, ``resolution``, ``threshold``, ``min_size`` and ``seed``).
    Communities smaller than ``min_size`` are not communities: by default a
    group without ties takes part in no event. Its events are renamed in the
    vocabulary of cdlib's ``LifeCycle``:

    - **birth** (``appear``): a community matching none of the earlier day;
    - **death** (``vanish``): one matching none of the later day;
    - **continue**, **growth**, **contraction** (``continue``, ``grow``,
      ``shrink``): one community matching exactly one, by its change in size;
    - **merge**: two or more communities matching one later community;
    - **split**: one community matching two or more later ones.

    Every community is named after its member with the most ties on the day
    (``"taliban (12)"``: the Afghan Taliban's community, 12 members), so the
    same name on both sides of a row usually means the same coalition.

    Returns
    -------
    pandas.DataFrame
        One row per event, in date order: ``date_from``, ``date_to``
        (datetime64), ``event``, ``before``, ``after`` (the communities by name
        and size, ``" + "``-joined), ``members_before``, ``members_after`` (group
        ids, ``;``-joined, communities ``|``-separated), ``joined``, ``left``
        (groups in the after side and not the before side, and the reverse),
        ``relations`` (the split and merger relations that coincide with the
        event, from :func:`community_evolution`), ``summary`` (one
        sentence), ``numbers_before``, ``numbers_after`` (the communities'
        stable numbers, ``;``-joined: those of :func:`militnet.community_tracks` with
        the same ``min_size``, of :func:`militnet.plot.lifecycle` and of the
        community colours) and ``explained_by`` (the split and merger
        relations in words: ``"r026: Islamic State split from al-Qaeda
        (2014-02-03)"``). ``attrs["provenance"]``.

    Examples
    --------
    >>> import militnet
    >>> from militnet import Group, Network, Relation
    >>> pairs = [("a", "b", "2010", ""), ("b", "c", "2010", ""), ("a", "c", "2010", ""),
    ...          ("d", "e", "2012", ""), ("e", "f", "2012", ""), ("d", "f", "2012", "")]
    >>> net = Network([Group(g, g.upper(), founded="2000") for g in "abcdef"],
    ...     [Relation(f"r{i}", u, v, "alliance", start=s, end=e, last_attested="2014")
    ...      for i, (u, v, s, e) in enumerate(pairs)])
    >>> lc = militnet.community_lifecycle(net, "2011-01-01", "2012-01-01")
    >>> lc[["event", "before", "after"]]
          event before  after
    0  continue  a (3)  a (3)
    1     birth         d (3)
    >>> lc["summary"].tolist()
    ['The community around a continued (a, b, c).', 'A community of 3 was born around d: d, e, f.']
    """
    import pandas as pd

    from militnet._algorithms.provenance import provenance

    pol = tie_policy(policy, {}, call="militnet.community_lifecycle")
    days = series_dates(net, start, end, freq)
    ev = community_evolution(
        net,
        days,
        policy=pol,
        method=method,
        resolution=resolution,
        threshold=threshold,
        min_size=min_size,
        seed=seed,
    )
    # the traced chain holds the days' communities (seeded, so the same
    # partitions community_evolution labelled) and their anchors: not computed again
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
    on = [tr.days.index(d) for d in days]
    parts = [tr.parts[i] for i in on]
    anchors = [tr.anchors[i] for i in on]
    number = [tr.ids[i] for i in on]
    rel_table = net.frame("relations")
    names = net.frame("groups")["name"].to_dict()
    at = {d: i for i, d in enumerate(days)}
    order = {g: i for i, g in enumerate(net.time_index.group_ids)}

    def sort(members: set[str] | frozenset[str]) -> list[str]:
        return sorted(members, key=order.__getitem__)

    rows: list[dict[str, Any]] = []
    records = [{str(k): v for k, v in row.items()} for row in ev.to_dict("records")]
    for r in records:
        i0, i1 = at[r["date_from"].date()], at[r["date_to"].date()]
        bl = [int(x) for x in str(r["before"]).split(";") if x != ""]
        al = [int(x) for x in str(r["after"]).split(";") if x != ""]
        relations = str(r["relations"])
        before = [parts[i0][b] for b in bl]
        after = [parts[i1][b] for b in al]
        nb = [f"{anchors[i0][b]} ({len(m)})" for b, m in zip(bl, before, strict=True)]
        na = [f"{anchors[i1][b]} ({len(m)})" for b, m in zip(al, after, strict=True)]
        sb: set[str] = set().union(*before) if before else set()
        sa: set[str] = set().union(*after) if after else set()
        event = LIFECYCLE_EVENTS[str(r["event"])]
        joined, left = sort(sa - sb), sort(sb - sa)
        rows.append(
            {
                "date_from": r["date_from"],
                "date_to": r["date_to"],
                "event": event,
                "before": " + ".join(nb),
                "after": " + ".join(na),
                "members_before": "|".join(";".join(sort(m)) for m in before),
                "members_after": "|".join(";".join(sort(m)) for m in after),
                "joined": ";".join(joined),
                "left": ";".join(left),
                "relations": relations,
                "numbers_before": ";".join(str(number[i0][b]) for b in bl),
                "numbers_after": ";".join(str(number[i1][b]) for b in al),
                "explained_by": _explain(relations, rel_table, names),
                "summary": _sentence(
                    event,
                    [anchors[i0][b] for b in bl],
                    [anchors[i1][b] for b in al],
                    before,
                    after,
                    joined,
                    left,
                    relations,
                    sort,
                ),
            }
        )
    df = pd.DataFrame(rows, columns=list(COLUMNS))
    for c in ("date_from", "date_to"):
        df[c] = pd.to_datetime(df[c]).astype("datetime64[ns]")
    df.attrs["provenance"] = provenance(
        net,
        function="militnet.community_lifecycle",
        dates=days,
        policy=pol,
        parameters={
            "freq": freq,
            "method": method,
            "resolution": resolution,
            "threshold": threshold,
            "min_size": min_size,
        },
        seed=seed,
    )
    return df


def _explain(relations: str, rel: pd.DataFrame, names: dict[Any, Any]) -> str:
    """The split and merger relations behind an event, in words:
    ``"r026: Islamic State split from al-Qaeda (2014-02-03)"``."""
    out = []
    for rid in filter(None, relations.split(";")):
        r = rel.loc[rid]
        src, tgt = str(r["source"]), str(r["target"])
        verb = "split from" if r["type"] == "split" else "merged into"
        out.append(f"{rid}: {names.get(src, src)} {verb} {names.get(tgt, tgt)} ({r['start']})")
    return "; ".join(out)


def _sentence(
    event: str,
    nb: list[str],
    na: list[str],
    before: list[frozenset[str]],
    after: list[frozenset[str]],
    joined: list[str],
    left: list[str],
    relations: str,
    sort: Any,
) -> str:
    def listing(m: frozenset[str]) -> str:
        return ", ".join(sort(m))

    def around(names: list[str], sizes: list[frozenset[str]]) -> str:
        parts = [f"{n} ({len(m)})" for n, m in zip(names, sizes, strict=True)]
        return " and ".join([", ".join(parts[:-1]), parts[-1]] if len(parts) > 2 else parts)

    if event == "birth":
        text = f"A community of {len(after[0])} was born around {na[0]}: {listing(after[0])}."
    elif event == "death":
        text = f"The community around {nb[0]} dissolved ({listing(before[0])})."
    elif event == "continue":
        text = f"The community around {nb[0]} continued ({listing(before[0])})."
    elif event in ("growth", "contraction"):
        verb = "grew" if event == "growth" else "shrank"
        change = "; ".join(
            x
            for x in (
                f"joined: {', '.join(joined)}" if joined else "",
                f"left: {', '.join(left)}" if left else "",
            )
            if x
        )
        around_after = "" if na[0] == nb[0] else f" (now around {na[0]})"
        text = (
            f"The community around {nb[0]} {verb} from {len(before[0])} to "
            f"{len(after[0])}{around_after}; {change}."
        )
    elif event == "split":
        text = f"The community around {around(nb, before)} split into {around(na, after)}."
    else:
        text = f"The communities around {around(nb, before)} merged into {around(na, after)}."
    if relations:
        text += f" Splits and mergers at the time: {relations.replace(';', ', ')}."
    return text
