"""Explain a number: the ties, and the sources behind them, around one group."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from militnet._core.citation import order_sources
from militnet._core.model import split_list
from militnet._core.policy import TiePolicy, tie_policy
from militnet._engine.attestation import lapse_dates

if TYPE_CHECKING:
    import pandas as pd

    from militnet._classes.network import Network

__all__ = ["explain"]

COLUMNS = (
    "other",
    "other_name",
    "type",
    "direction",
    "sign",
    "confidence",
    "start",
    "end",
    "last_attested",
    "lapses",
    "evidence",
    "events",
    "sources",
    "source_titles",
)

#: Columns of ``explain(...).attrs["events"]``: the events behind the ties.
EVENT_COLUMNS = ("relation", "event", "date", "kind", "place", "actors", "summary", "sources")


def explain(net: Network, group: str, at: Any, *, policy: TiePolicy | None = None) -> pd.DataFrame:
    """The relations that make up a group's neighbourhood on a day, with their sources.

    Every relation that counts as a tie under ``policy`` (the same selection as
    :func:`militnet.centrality`; with a signed policy, rivalries too) and is
    active on the day between ``group`` and another group alive on it: what a
    reviewer needs to check a cited number. Parallel relations are listed one
    by one (they make one tie of weight 2 in the metrics).

    Parameters
    ----------
    net : Network
    group : str
        Any name :meth:`Network.resolve` accepts (id, name, alias, variant).
    at : str, datetime.date or pandas.Timestamp
        The day.
    policy : TiePolicy, optional
        Default :class:`TiePolicy()` (alliance and pledge).

    Returns
    -------
    pandas.DataFrame
        Indexed by relation id (``relation``), sorted by the other group's id
        then relation id; columns ``other`` (id), ``other_name``, ``type``,
        ``direction`` (``"out"``: the group is the source of a directed
        relation, ``"in"``: the target, ``"both"``: undirected), ``sign``,
        ``confidence``, ``start``, ``end``, ``last_attested`` (as recorded),
        ``lapses`` (the first day the tie counts as lapsed under the policy's
        ``stale_after``, ``""`` if never), ``evidence``, ``events`` (the ids
        of the events the relation cites, ``;``-joined in date order),
        ``sources`` (ids,
        strongest first: by source ``kind``, then most recent) and
        ``source_titles`` (``;``-joined, same order). Empty if the
        group is not alive on the day (``attrs["alive"]`` says which).
        ``attrs["provenance"]`` records the group, day and policy.
        ``attrs["events"]`` lists the events behind the ties, one row per
        relation and event, in the table's order then by date: ``relation``,
        ``event``, ``date`` (``date to end`` for a multi-day event), ``kind``,
        ``place`` (place, district, province, country), ``actors`` (who took
        part in which role: ``"LeJ-A (perpetrator); IS-K (claimant)"``),
        ``summary`` and ``sources`` (the event's own source ids).

    Examples
    --------
    >>> import militnet
    >>> from militnet import Group, Network, Relation, Source
    >>> net = Network(
    ...     groups=[Group("ttp", "Tehrik-i-Taliban Pakistan", aliases="TTP", sources="s1"),
    ...             Group("taliban", "Afghan Taliban", sources="s1")],
    ...     relations=[Relation("r1", "ttp", "taliban", "pledge", start="2008",
    ...                         last_attested="2014-05", confidence="reported",
    ...                         evidence="TTP pledged allegiance", sources="s1;s2")],
    ...     sources=[Source("s1", title="Report one", kind="newspaper"),
    ...              Source("s2", title="Report two", kind="research")])
    >>> militnet.explain(net, "Tehreek-e-Taliban Pakistan", at="2016-01-01")[
    ...     ["other", "type", "direction", "lapses", "sources", "source_titles"]]
                other    type direction      lapses sources            source_titles
    relation
    r1        taliban  pledge       out  2019-05-01   s2;s1  Report two;Report one
    """
    import pandas as pd

    from militnet._algorithms.event_details import describe, event_infos, relation_events
    from militnet._algorithms.provenance import provenance

    pol = tie_policy(policy, {}, call="militnet.explain")
    gid = net.resolve(group)
    m = net.graph_at(at, pol, lineage=False)
    lapses = lapse_dates(net, pol)
    source_table = net.frame("sources")
    titles = source_table["title"].to_dict()
    names = net.frame("groups")["name"].to_dict()
    rows: list[dict[str, Any]] = []
    ids: list[str] = []
    alive = gid in m
    infos = event_infos(net)
    cited = relation_events(net, infos)
    if alive:
        edges = [(u, v, k, d) for u, v, k, d in m.out_edges(gid, keys=True, data=True)]
        edges += [(u, v, k, d) for u, v, k, d in m.in_edges(gid, keys=True, data=True) if u != gid]
        for u, v, k, d in edges:
            other = v if u == gid else u
            srcs = order_sources(
                d["sources"] if not isinstance(d["sources"], str) else split_list(d["sources"]),
                source_table,
            )
            ids.append(k)
            rows.append(
                {
                    "other": other,
                    "other_name": names.get(other, ""),
                    "type": d["type"],
                    "direction": "both" if not d["directional"] else "out" if u == gid else "in",
                    "sign": int(d["sign"]),
                    "confidence": d["confidence"],
                    "start": d["start"],
                    "end": d["end"],
                    "last_attested": d.get("last_attested", ""),
                    "lapses": lapses.get(k, ""),
                    "evidence": d["evidence"],
                    "events": ";".join(cited.get(k, ())),
                    "sources": ";".join(srcs),
                    "source_titles": ";".join(titles.get(s, "") for s in srcs),
                }
            )
    order = sorted(range(len(ids)), key=lambda i: (rows[i]["other"], ids[i]))
    df = pd.DataFrame(
        [rows[i] for i in order],
        columns=list(COLUMNS),
        index=pd.Index([ids[i] for i in order], name="relation", dtype=object),
    )
    df.attrs["alive"] = alive
    df.attrs["events"] = pd.DataFrame(
        [
            {"relation": rid, **describe(infos[e], {str(g): str(n) for g, n in names.items()})}
            for rid in df.index
            for e in cited.get(str(rid), ())
        ],
        columns=list(EVENT_COLUMNS),
    )
    df.attrs["provenance"] = provenance(
        net,
        function="militnet.explain",
        dates=[m.graph["date"]],
        policy=pol,
        parameters={"group": gid},
    )
    return df
