"""Networks for the tests: the tiny hand-made one, small ones built from tuples,
and the synthetic one of the benchmarks. Import them from here (``from networks
import make_net``); the fixtures in conftest.py wrap them."""

from __future__ import annotations

from typing import Any

import militnet
from benchmarks.synth import make_tables
from militnet import Group, Relation, Source


def make_net(
    relations: list[tuple[Any, ...]], groups: dict[str, dict[str, str]] | None = None, **meta: str
) -> militnet.Network:
    """``relations``: (id, source, target, type[, start[, end[, confidence]]]) tuples.

    Groups are the ones named in ``groups`` (with their fields) plus every group a
    relation mentions; defaults: founded 2000, never ended.
    """
    groups = dict(groups or {})
    for r in relations:
        for g in r[1:3]:
            groups.setdefault(g, {})
    grecs = [
        Group(g, f"Group {g.upper()}", **{"founded": "2000", **fields}, sources="s1")
        for g, fields in groups.items()
    ]
    rrecs = []
    for r in relations:
        rid, src, tgt, typ, *rest = r
        start = rest[0] if len(rest) > 0 else "2010"
        end = rest[1] if len(rest) > 1 else ""
        conf = rest[2] if len(rest) > 2 else "confirmed"
        rrecs.append(
            Relation(
                rid,
                src,
                tgt,
                typ,
                start=start,
                end=end,
                confidence=conf,
                evidence=f"evidence {rid}",
                sources="s1",
            )
        )
    return militnet.Network(
        groups=grecs,
        relations=rrecs,
        sources=[Source("s1", title="Source one")],
        metadata={"name": "t", "version": "0", **meta},
    )


def tiny_network() -> militnet.Network:
    """Five groups, seven relations: enough for every rule, small enough to check by hand."""
    groups = [
        Group(
            "ttp",
            "Tehrik-i-Taliban Pakistan",
            aliases="TTP;Pakistani Taliban",
            founded="2007-12",
            orientation="deobandi",
            country="Pakistan",
            sources="s1",
        ),
        Group(
            "jua",
            "Jamaat-ul-Ahrar",
            aliases="JuA",
            founded="2014-08",
            ended="2020-08",
            country="Pakistan;Afghanistan",
            sources="s1",
        ),
        Group(
            "iskp",
            "Islamic State Khorasan Province",
            aliases="IS-K;ISKP;ISIS-K",
            founded="2015-01-26",
            country="Afghanistan",
            sources="s1;s2",
        ),
        Group(
            "jundallah-pk",
            "Jundallah (Pakistan)",
            aliases="Jundallah;Jundullah",
            founded="2004",
            sources="s2",
        ),
        Group(
            "jundallah-ir",
            "Jundallah (Iran)",
            aliases="Jundallah;Jundullah",
            founded="2003",
            ended="2012",
            sources="s2",
        ),
    ]
    relations = [
        Relation(
            "r1",
            "jua",
            "ttp",
            "split",
            start="2014-08",
            confidence="confirmed",
            evidence="JuA broke away",
            sources="s1",
        ),
        Relation(
            "r2",
            "jua",
            "ttp",
            "merger",
            start="2020-08",
            confidence="confirmed",
            evidence="JuA rejoined",
            sources="s1",
        ),
        Relation(
            "r3",
            "jundallah-pk",
            "ttp",
            "alliance",
            start="2010",
            end="2015-03-01",
            confidence="reported",
            evidence="joint attacks",
            sources="s2",
        ),
        Relation(
            "r4",
            "jundallah-pk",
            "iskp",
            "pledge",
            start="2015-02",
            confidence="alleged",
            evidence="a police claim",
            sources="s2",
        ),
        Relation(
            "r5",
            "iskp",
            "ttp",
            "rivalry",
            start="2016",
            confidence="reported",
            evidence="clashes",
            sources="s1",
        ),
        Relation(
            "r6",
            "jua",
            "iskp",
            "alliance",
            start="",
            confidence="reported",
            evidence="undated cooperation",
            sources="s1",
        ),
        Relation(
            "r7",
            "jundallah-pk",
            "ttp",
            "alliance",
            start="2016-06-15",
            confidence="confirmed",
            evidence="renewed",
            sources="s1;s2",
        ),
    ]
    sources = [
        Source(
            "s1",
            title="A report",
            publisher="A publisher",
            date="2017-03",
            url="https://example.org/a",
        ),
        Source("s2", title="Another report", document="report.pdf"),
    ]
    return militnet.Network(
        groups, relations, sources, metadata={"name": "tiny", "version": "1.0", "title": "Tiny"}
    )


def synthetic_network(
    n_groups: int = 80, n_relations: int = 600, seed: int = 1, undated: float = 0.15
) -> militnet.Network:
    """A synthetic network from the benchmark generator (``benchmarks/synth.py``)."""
    g, r, s = make_tables(n_groups, n_relations, seed=seed, undated=undated)
    return militnet.Network(groups=g, relations=r, sources=s)
